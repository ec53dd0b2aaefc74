package org.decomp4j.lowrank;

import org.decomp4j.Matrix;

/**
 * Per-column means and centred sums of squares of rows that arrive in blocks. Each block's own
 * mean and centred sum are computed from the block, then merged with the running ones by the
 * pairwise update of Chan, Golub &amp; LeVeque (1979): {@code M2 = M2_a + M2_b + δ²·n_a·n_b/(n_a + n_b)}
 * with δ the difference of the means. Nothing is squared before it is centred, so data whose means
 * dwarf their spread keep their precision. Sums in double whatever the blocks' dtype.
 */
final class ColumnMoments {
    private final double[] mean;
    private final double[] m2;
    private long count;
    private double[] col = new double[0];

    ColumnMoments(int cols) {
        this.mean = new double[cols];
        this.m2 = new double[cols];
    }

    /** Merges the b×n {@code block} in. */
    void add(Matrix block) {
        int b = block.rows();
        if (b == 0) {
            return;
        }
        if (col.length < b) {
            col = new double[b];
        }
        long na = count;
        long nt = na + b;
        for (int j = 0; j < mean.length; j++) {
            double mb = blockMean(block, j, col);
            double q = 0;
            for (int i = 0; i < b; i++) {
                double d = col[i] - mb;
                q += d * d;
            }
            double delta = mb - mean[j];
            mean[j] += delta * b / nt;
            m2[j] += q + delta * delta * ((double) na * b / nt);
        }
        count = nt;
    }

    /** The mean of column {@code j} of {@code block}, its values left in {@code col}. */
    static double blockMean(Matrix block, int j, double[] col) {
        int b = block.rows();
        block.getColumn(j, 0, col, 0, b);
        double s = 0;
        for (int i = 0; i < b; i++) {
            s += col[i];
        }
        return s / b;
    }

    /** The column means (a copy). */
    double[] mean() {
        return mean.clone();
    }

    /** Rows merged so far. */
    long count() {
        return count;
    }

    /** The sum over columns of the centred sums of squares: {@code ‖A − 1μᵀ‖_F²}. */
    double centredSumOfSquares() {
        double s = 0;
        for (double v : m2) {
            s += v;
        }
        return s;
    }
}
