package org.decomp4j.io;

import org.decomp4j.Matrix;

/**
 * Fills a column-major matrix from values arriving in row-major order (a C-order .npy, CSV
 * rows). Values are gathered in a block of whole rows and copied in column by column, so each
 * copy is one bulk segment; a row longer than the chunk is written element by element instead,
 * so that the block never grows with the matrix.
 *
 * <p>A complex matrix takes interleaved {@code re, im} scalars, two per element (a C-order
 * complex .npy); a row is then {@code 2·cols} scalars.
 */
final class RowMajorFiller {
    private final Matrix m;
    private final int width;        // scalars per element
    private final int rows;
    private final int cols;         // scalars per row
    private final long total;
    private final int blockRows;
    private final double[] block;   // row-major: (r, j) at r·cols + j
    private final double[] column;  // one column of the block
    private int blockStart;         // matrix row of block row 0
    private int filled;             // values in the block
    private long count;
    private double pendingRe;       // the real part waiting for its imaginary part (direct complex)

    /** @param chunk most values held at once; tests pass small values to exercise the blocking */
    RowMajorFiller(Matrix m, int chunk) {
        this.m = m;
        this.width = m.dtype().components();
        this.rows = m.rows();
        this.cols = m.cols() * width;
        this.total = m.size() * width;
        boolean direct = cols == 0 || cols > chunk;
        this.blockRows = direct ? 0 : Math.max(1, Math.min(rows, chunk / cols));
        this.block = direct ? null : new double[blockRows * cols];
        this.column = direct ? null : new double[blockRows * width];
    }

    RowMajorFiller(Matrix m) {
        this(m, IoSupport.CHUNK_ELEMENTS);
    }

    /** Adds one value at the next position in row-major order. */
    void add(double v) {
        if (count == total) {
            throw new IllegalStateException("more values than the " + total + " a " + rows + "×" + cols
                    + " matrix holds");
        }
        if (block == null) {
            if (width == 1) {
                m.set((int) (count / cols), (int) (count % cols), v);
            } else if (count % 2 == 0) {
                pendingRe = v;
            } else {
                long e = count / 2;
                m.setComplex((int) (e / m.cols()), (int) (e % m.cols()), pendingRe, v);
            }
            count++;
            return;
        }
        block[filled++] = v;
        count++;
        if (filled == Math.min(blockRows, rows - blockStart) * cols) {
            flush();
        }
    }

    /** Adds {@code v[off..off+len)} at the next positions in row-major order. */
    void add(double[] v, int off, int len) {
        for (int k = 0; k < len; k++) {
            add(v[off + k]);
        }
    }

    /** Values added so far. */
    long count() {
        return count;
    }

    private void flush() {
        int nr = filled / cols;
        if (width == 1) {
            for (int j = 0; j < cols; j++) {
                for (int r = 0; r < nr; r++) {
                    column[r] = block[r * cols + j];
                }
                m.setColumn(j, blockStart, column, 0, nr);
            }
        } else {
            for (int j = 0; j < m.cols(); j++) {
                for (int r = 0; r < nr; r++) {
                    column[2 * r] = block[r * cols + 2 * j];
                    column[2 * r + 1] = block[r * cols + 2 * j + 1];
                }
                m.setColumnComplex(j, blockStart, column, 0, nr);
            }
        }
        blockStart += nr;
        filled = 0;
    }
}
