package org.decomp4j.io;

import org.decomp4j.Matrix;

/**
 * Fills a matrix from values arriving in column-major order (a Fortran-order .npy, a Matrix
 * Market array), in bulk column segments. The position is kept as (row, column) ints and the
 * count as a long, so a matrix of more than 2<sup>31</sup> elements fills without overflow.
 *
 * <p>A complex matrix takes its values as interleaved {@code re, im} scalars, two per element
 * (both .npy's and Matrix Market's order), so every count here is in scalars.
 */
final class ColumnMajorFiller {
    private final Matrix m;
    private final int width; // scalars per element
    private final int rows;  // scalars per column
    private final long total;
    private final double[] pending;
    private int pendingCount;
    private int row;
    private int col;
    private long count;

    /** @param chunk values buffered by {@link #add(double)} before they are copied in */
    ColumnMajorFiller(Matrix m, int chunk) {
        this.m = m;
        this.width = m.dtype().components();
        this.rows = m.rows() * width;
        this.total = m.size() * width;
        // an even buffer for complex input: a flush never splits an element's two scalars
        this.pending = new double[(int) Math.max(width, Math.min(chunk, total) / width * width)];
    }

    ColumnMajorFiller(Matrix m) {
        this(m, IoSupport.CHUNK_ELEMENTS);
    }

    /** Adds one value; it lands at the next position in column-major order. */
    void add(double v) {
        if (pendingCount == pending.length) {
            flush();
        }
        pending[pendingCount++] = v;
    }

    /** Adds {@code v[off..off+len)} at the next positions in column-major order. */
    void add(double[] v, int off, int len) {
        flush();
        copyIn(v, off, len);
    }

    /** Copies buffered values in; call once after the last {@link #add}. */
    void finish() {
        flush();
    }

    /** Values added so far (buffered ones included). */
    long count() {
        return count + pendingCount;
    }

    private void flush() {
        if (pendingCount > 0) {
            int n = pendingCount;
            pendingCount = 0;
            copyIn(pending, 0, n);
        }
    }

    private void copyIn(double[] v, int off, int len) {
        if (len > total - count) {
            throw new IllegalStateException(len + " more values than the " + total + " a "
                    + m.rows() + "×" + m.cols() + " matrix holds (" + count + " already)");
        }
        while (len > 0) {
            int n = Math.min(len, rows - row);
            if (width == 1) {
                m.setColumn(col, row, v, off, n);
            } else {
                m.setColumnComplex(col, row / 2, v, off, n / 2); // row and n are even: whole elements
            }
            off += n;
            len -= n;
            row += n;
            count += n;
            if (row == rows) {
                row = 0;
                col++;
            }
        }
    }
}
