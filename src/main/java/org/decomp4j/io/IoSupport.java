package org.decomp4j.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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

    /**
     * A reader of a text file as UTF-8. Undecodable bytes become U+FFFD rather than an
     * exception, so that a binary file handed to a text reader fails as a format error naming
     * the line, not as a charset error.
     */
    static BufferedReader openText(Path file) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        return new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder), 1 << 16);
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
