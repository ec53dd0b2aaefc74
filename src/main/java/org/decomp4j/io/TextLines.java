package org.decomp4j.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Lines of a UTF-8 text file with their 1-based numbers (a {@code long}: a file over 2 GiB may
 * have more than 2<sup>31</sup> lines). A UTF-8 byte-order mark, as spreadsheet programs write, is
 * dropped from the first line. Lines end at {@code \n}, {@code \r\n} or a lone {@code \r}.
 *
 * <p>The file is opened once and read as a stream, so a FIFO or {@code /dev/stdin} works. Lines
 * are split on bytes and each is decoded on its own, strictly, so that a binary file fails as
 * "not UTF-8 text" naming its exact line, and no line longer than {@link #MAX_LINE_BYTES} is
 * ever held: {@code /dev/zero} or a file without line breaks fails at that bound instead of
 * exhausting the heap.
 */
final class TextLines implements Closeable {
    /**
     * The longest line read, in bytes: 64 MiB, far beyond any real matrix row (a million
     * numbers of 60 characters) yet small enough that the line buffer never threatens the heap.
     */
    static final int MAX_LINE_BYTES = 64 << 20;

    private final Path file;
    private final InputStream in;
    private final int maxLine;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private byte[] line = new byte[256];
    private long number;

    TextLines(Path file) throws IOException {
        this(file, MAX_LINE_BYTES);
    }

    /** @param maxLine longest line in bytes; tests pass small values */
    TextLines(Path file, int maxLine) throws IOException {
        this.file = file;
        this.in = IoSupport.open(file);
        this.maxLine = maxLine;
    }

    /**
     * Lines of a stream already open, named {@code name} in messages; {@link #close()} closes
     * {@code in} (pass {@link IoSupport#unclosed} to keep a caller's stream open).
     */
    TextLines(Path name, InputStream in) {
        this.file = name;
        this.in = in;
        this.maxLine = MAX_LINE_BYTES;
    }

    /**
     * The next line without its terminator, or {@code null} at the end of the file.
     *
     * @throws MatrixFormatException naming the line if it is longer than the limit or not UTF-8
     */
    String next() throws IOException {
        int len = 0;
        boolean any = false;
        while (true) {
            if (pos == limit && !fill()) {
                if (!any) {
                    return null;
                }
                break;
            }
            any = true;
            byte b = buf[pos++];
            if (b == '\n') {
                break;
            }
            if (b == '\r') {
                if (pos < limit || fill()) {
                    if (buf[pos] == '\n') {
                        pos++;
                    }
                }
                break;
            }
            if (len == maxLine) {
                throw new MatrixFormatException(file, number + 1, -1, "line longer than "
                        + IoSupport.formatBytes(maxLine) + ", the longest line read; is this a text file?");
            }
            if (len == line.length) {
                line = Arrays.copyOf(line, (int) Math.min(maxLine, 2L * len));
            }
            line[len++] = b;
        }
        number++;
        String s;
        try {
            s = decoder.reset().decode(ByteBuffer.wrap(line, 0, len)).toString();
        } catch (CharacterCodingException e) {
            throw new MatrixFormatException(file, number, -1, "not UTF-8 text (is it a binary file?)");
        }
        if (number == 1 && s.startsWith("\uFEFF")) {
            s = s.substring(1);
        }
        return s;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int r = IoSupport.read(file, in, buf, 0, buf.length);
        if (r <= 0) {
            eof = true;
            return false;
        }
        pos = 0;
        limit = r;
        return true;
    }

    /** Number of the line last returned by {@link #next()} (0 before the first). */
    long number() {
        return number;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
