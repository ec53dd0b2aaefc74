package org.decomp4j.io;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Lines of a text file with their 1-based numbers (a {@code long}: a file over 2 GiB may have
 * more than 2<sup>31</sup> lines). A UTF-8 byte-order mark, as spreadsheet programs write, is
 * dropped from the first line.
 */
final class TextLines implements Closeable {
    private final BufferedReader reader;
    private long number;

    TextLines(Path file) throws IOException {
        this.reader = IoSupport.openText(file);
    }

    /** The next line without its terminator, or {@code null} at the end of the file. */
    String next() throws IOException {
        String line = reader.readLine();
        if (line == null) {
            return null;
        }
        number++;
        if (number == 1 && line.startsWith("\uFEFF")) {
            line = line.substring(1);
        }
        return line;
    }

    /** Number of the line last returned by {@link #next()} (0 before the first). */
    long number() {
        return number;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
