package org.decomp4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.decomp4j.Matrix;

/**
 * A temporary file of matrices written once and read back (in any order) by an out-of-core method:
 * intermediate factors too large to keep in memory. Raw column-major values in native byte order,
 * no header; deleted by {@link #close()}. Put it where the caller's outputs go, never in a
 * directory the caller did not name.
 */
public final class ScratchFile implements AutoCloseable {
    private final Path file;
    private final FileChannel ch;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(DiskMatrix.READ_BYTES).order(ByteOrder.nativeOrder());
    private long end;
    private long bytesWritten;
    private long bytesRead;

    private ScratchFile(Path file, FileChannel ch) {
        this.file = file;
        this.ch = ch;
    }

    /**
     * Creates a new scratch file in {@code dir} (hidden name {@code .decomp4j-scratch-*}).
     * @param dir the directory to create it in
     * @return the scratch file, open (and kept) until {@link #close()}
     * @throws IOException if a file cannot be read or written
     */
    public static ScratchFile create(Path dir) throws IOException {
        Path f = Files.createTempFile(dir, OutputSet.RESERVED_PREFIX + "-scratch-", ".bin");
        return new ScratchFile(f, FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE));
    }

    /**
     * Appends {@code m}'s entries; returns where they start, for {@link #read}.
     * @param m rows m
     * @return where the entries start, for {@link #read}
     * @throws IOException if a file cannot be read or written
     */
    public long append(Matrix m) throws IOException {
        long at = end;
        int size = m.dtype().bytes();
        int per = buf.capacity() / size;
        double[] d = new double[Math.min(per, Math.max(1, m.rows()))];
        long pos = at;
        for (int j = 0; j < m.cols(); j++) {
            for (int i = 0; i < m.rows(); i += d.length) {
                int len = Math.min(d.length, m.rows() - i);
                m.getColumn(j, i, d, 0, len);
                buf.clear();
                if (size == 8) {
                    buf.asDoubleBuffer().put(d, 0, len);
                } else {
                    for (int k = 0; k < len; k++) {
                        buf.putFloat(4 * k, (float) d[k]);
                    }
                }
                buf.limit(len * size);
                while (buf.hasRemaining()) {
                    pos += ch.write(buf, pos);
                }
            }
        }
        end = pos;
        bytesWritten += pos - at;
        return at;
    }

    /**
     * Reads back into {@code out} the matrix of its shape and dtype appended at {@code offset}.
     * @param offset where the matrix starts, as append returned it
     * @param out receives the matrix; its shape and dtype say what is read
     * @throws IOException if a file cannot be read or written
     */
    public void read(long offset, Matrix out) throws IOException {
        int size = out.dtype().bytes();
        int per = buf.capacity() / size;
        double[] d = new double[Math.min(per, Math.max(1, out.rows()))];
        long pos = offset;
        for (int j = 0; j < out.cols(); j++) {
            for (int i = 0; i < out.rows(); i += d.length) {
                int len = Math.min(d.length, out.rows() - i);
                buf.clear().limit(len * size);
                while (buf.hasRemaining()) {
                    int got = ch.read(buf, pos + buf.position());
                    if (got < 0) {
                        throw new IOException(file + ": scratch file ends early (changed by another process?)");
                    }
                }
                buf.flip();
                if (size == 8) {
                    buf.asDoubleBuffer().get(d, 0, len);
                } else {
                    for (int k = 0; k < len; k++) {
                        d[k] = buf.getFloat(4 * k);
                    }
                }
                out.setColumn(j, i, d, 0, len);
                pos += (long) len * size;
            }
        }
        bytesRead += pos - offset;
    }

    /**
     * Bytes appended so far.
     * @return bytes appended so far
     */
    public long bytesWritten() {
        return bytesWritten;
    }

    /**
     * Bytes read back so far.
     * @return bytes read back so far
     */
    public long bytesRead() {
        return bytesRead;
    }

    /** Closes and deletes the file. */
    @Override
    public void close() throws IOException {
        try {
            ch.close();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * The file's path.
     * @return the file's path
     */
    public Path file() {
        return file;
    }

}
