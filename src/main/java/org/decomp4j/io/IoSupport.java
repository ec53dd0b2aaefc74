package org.decomp4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.NativeConfig;

/** Helpers shared by the readers and writers of this package. */
final class IoSupport {
    /**
     * Elements moved per bulk copy between a file and a matrix: 1 MiB of doubles. Large enough to
     * amortise the per-call cost, small enough that no reader holds a big Java array.
     */
    static final int CHUNK_ELEMENTS = 1 << 17;

    private IoSupport() {
    }

    /**
     * Refuses, before anything is allocated, a matrix larger than the memory budget. The budget
     * is meant for a whole decomposition, so a matrix that alone exceeds it could not be used.
     */
    static void checkBudget(Path file, long rows, long cols, DType dtype) throws MatrixFormatException {
        long budget = NativeConfig.memoryBudget();
        long bytes = denseBytes(rows, cols, dtype.bytes());
        if (bytes > budget) {
            throw new MatrixFormatException(file, String.format(Locale.ROOT,
                    "a %d×%d %s matrix needs %s, more than the memory budget of %s;"
                            + " raise it with -Ddecomp4j.memoryBudget=<bytes> or NativeConfig.setMemoryBudget",
                    rows, cols, dtype.numpyName(), formatBytes(bytes), formatBytes(budget)));
        }
    }

    /** {@code rows·cols·itemSize} in bytes, or {@link Long#MAX_VALUE} if that overflows a long. */
    static long denseBytes(long rows, long cols, int itemSize) {
        try {
            return Math.multiplyExact(Math.multiplyExact(rows, cols), (long) itemSize);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Human byte count with a binary unit, e.g. {@code 1.5 GiB}: the project's one format. */
    static String formatBytes(long bytes) {
        return NativeConfig.formatBytes(bytes);
    }

    /** {@code text} in single quotes for a message, shortened if long (a whole bad line may be huge). */
    static String quote(String text) {
        int max = 40;
        String t = text.length() > max ? text.substring(0, max) + "…" : text;
        return "'" + t + "'";
    }

    /** How messages name a stream read without a caller-given name. */
    static final String STREAM = "<stream>";

    /**
     * The name a stream's messages start with, as a path (the readers' messages all name one).
     * A name that is no valid path on this platform (Windows refuses {@code <} and {@code >}) is
     * kept with those characters replaced.
     */
    static Path streamName(String name) {
        String n = name == null || name.isBlank() ? STREAM : name;
        try {
            return Path.of(n);
        } catch (java.nio.file.InvalidPathException e) {
            return Path.of(n.replaceAll("[<>:\"|?*\\x00-\\x1f]", "_"));
        }
    }

    /** {@code in} behind a wrapper whose {@code close()} does nothing: the caller's stream stays open. */
    static InputStream unclosed(InputStream in) {
        java.util.Objects.requireNonNull(in, "in");
        return new java.io.FilterInputStream(in) {
            @Override
            public void close() {
                // the caller opened it and closes it
            }
        };
    }

    /**
     * Opens {@code file} for reading, once: the readers of this package read their input as one
     * stream, so a FIFO, {@code /dev/stdin} or process substitution works (a second open would
     * wait for a writer that is gone). A directory is refused with a message naming it, not the
     * operating system's bare "Is a directory".
     *
     * @throws java.nio.file.NoSuchFileException if {@code file} does not exist
     * @throws MatrixFormatException if {@code file} is a directory
     */
    static InputStream open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new MatrixFormatException(file, "is a directory, not a file");
        }
        try {
            return Files.newInputStream(file);
        } catch (FileSystemException e) {
            throw e; // names the file already (NoSuchFile, AccessDenied, ...)
        } catch (IOException e) {
            throw named(file, e);
        }
    }

    /**
     * {@code in.read(b, off, len)}, with an operating-system failure reported with the file's
     * name: "x.npy: Illegal seek" alone would not say which input failed.
     */
    static int read(Path file, InputStream in, byte[] b, int off, int len) throws IOException {
        try {
            return in.read(b, off, len);
        } catch (MatrixFormatException | FileSystemException e) {
            throw e;
        } catch (IOException e) {
            throw named(file, e);
        }
    }

    /** An I/O failure whose message starts with the file, as every message of this package does. */
    static IOException named(Path file, IOException e) {
        String m = e.getMessage();
        return new IOException(file + ": cannot read: " + (m == null ? e.getClass().getSimpleName() : m), e);
    }

    /**
     * The most bytes a reader may hold in Java arrays (on the heap) for what a header claims:
     * the memory budget, or the heap's maximum if that is smaller, since a claim beyond it would
     * end in an {@link OutOfMemoryError} rather than a message.
     */
    static long heapLimit() {
        return Math.min(NativeConfig.memoryBudget(), Runtime.getRuntime().maxMemory());
    }

    /** Closes {@code m} after a failed read, keeping the original failure as the one thrown. */
    static void closeAfterFailure(Matrix m, Throwable failure) {
        try {
            m.close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Writes the matrix's entries as text, one matrix row or one column per line as the caller
     * chooses, through {@link Numbers#format}. Used by the CSV and Matrix Market writers.
     *
     * @param rowPerLine  true: row {@code i} on line {@code i}, fields separated by {@code sep};
     *                    false: one entry per line in column-major order ({@code sep} unused)
     */
    static void writeText(Writer w, Matrix m, boolean rowPerLine, char sep) throws IOException {
        int rows = m.rows();
        int cols = m.cols();
        if (rows == 0 || cols == 0) {
            return;
        }
        if (!rowPerLine) {
            double[] buf = new double[Math.min(rows, CHUNK_ELEMENTS)];
            for (int j = 0; j < cols; j++) {
                for (int from = 0; from < rows; from += buf.length) {
                    int n = Math.min(buf.length, rows - from);
                    m.getColumn(j, from, buf, 0, n);
                    for (int k = 0; k < n; k++) {
                        w.write(Numbers.format(buf[k]));
                        w.write('\n');
                    }
                }
            }
            return;
        }
        // Row per line from column-major storage: gather a block of rows column by column, then
        // emit it row by row. One row wider than a chunk is read element by element instead.
        if (cols > CHUNK_ELEMENTS) {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    if (j > 0) {
                        w.write(sep);
                    }
                    w.write(Numbers.format(m.get(i, j)));
                }
                w.write('\n');
            }
            return;
        }
        int blockRows = Math.max(1, Math.min(rows, CHUNK_ELEMENTS / cols));
        double[] block = new double[blockRows * cols]; // column-major block: (r, j) at r + j·blockRows
        for (int r0 = 0; r0 < rows; r0 += blockRows) {
            int nr = Math.min(blockRows, rows - r0);
            for (int j = 0; j < cols; j++) {
                m.getColumn(j, r0, block, j * blockRows, nr);
            }
            for (int r = 0; r < nr; r++) {
                for (int j = 0; j < cols; j++) {
                    if (j > 0) {
                        w.write(sep);
                    }
                    w.write(Numbers.format(block[r + j * blockRows]));
                }
                w.write('\n');
            }
        }
    }
}
