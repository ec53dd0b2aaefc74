package org.decomp4j.lowrank;

import java.util.Locale;

import org.decomp4j.DType;
import org.decomp4j.LinearOperator;
import org.decomp4j.Matrix;
import org.decomp4j.io.RowBlockSource;

/**
 * The column-centred matrix {@code A − 1·μᵀ} of a row-block source as a {@link LinearOperator},
 * never formed: {@code (A − 1μᵀ)·X = A·X − 1·(μᵀX)} and {@code (A − 1μᵀ)ᵀ·Y = Aᵀ·Y − μ·(1ᵀY)}. The
 * column means μ are not known in advance: the first pass, whichever product it serves, also
 * accumulates them (and the centred sums of squares, merged block by block as Chan, Golub &amp;
 * LeVeque 1979 merge variances), and its product is corrected once it ends, so centring costs no
 * pass of its own.
 *
 * <p>Rounding: the correction subtracts {@code 1·(μᵀX)} from {@code A·X}, so a product's error is
 * relative to the uncentred ‖A‖, not to ‖A − 1μᵀ‖; with means far larger than the spread the small
 * components lose accordingly (the exact out-of-core PCA centres each block explicitly instead).
 */
final class CentredRows implements LinearOperator {
    private final RowBlockSource a;
    private ColumnMoments moments;
    private double[] mean;

    CentredRows(RowBlockSource a) {
        this.a = a;
    }

    @Override
    public int rows() {
        return a.rows();
    }

    @Override
    public int cols() {
        return a.cols();
    }

    @Override
    public DType dtype() {
        return a.dtype();
    }

    /** The column means, or null before the first pass. */
    double[] mean() {
        return mean == null ? null : mean.clone();
    }

    /** Σ over columns of Σᵢ (a_ij − μ_j)²: the total sum of squares of the centred data; NaN before the first pass. */
    double centredSumOfSquares() {
        return moments == null ? Double.NaN : moments.centredSumOfSquares();
    }

    @Override
    public void multiply(Matrix x, Matrix out) {
        check(x, out, cols(), rows(), "(A − 1μᵀ)·X");
        ColumnMoments first = firstPass();
        a.forEachBlock((row, block) -> {
            if (first != null) {
                first.add(block);
            }
            try (Matrix o = out.view(row, 0, block.rows(), out.cols())) {
                block.multiplyInto(x, o, 1.0, 0.0);
            }
        });
        endPass(first);
        subtractOnesTimes(out, meanTimes(x));
    }

    @Override
    public void multiplyTranspose(Matrix y, Matrix out) {
        check(y, out, rows(), cols(), "(A − 1μᵀ)ᵀ·Y");
        ColumnMoments first = firstPass();
        zero(out);
        a.forEachBlock((row, block) -> {
            if (first != null) {
                first.add(block);
            }
            try (Matrix yi = y.view(row, 0, block.rows(), y.cols()); Matrix bt = block.transpose()) {
                bt.multiplyInto(yi, out, 1.0, 1.0);
            }
        });
        endPass(first);
        subtractMeanTimes(out, columnSums(y));
    }

    @Override
    public void multiplyTransposeAndMultiply(Matrix y, Matrix outT, Matrix w, Matrix outW) {
        check(y, outT, rows(), cols(), "(A − 1μᵀ)ᵀ·Y");
        check(w, outW, cols(), rows(), "(A − 1μᵀ)·W");
        ColumnMoments first = firstPass();
        zero(outT);
        a.forEachBlock((row, block) -> {
            if (first != null) {
                first.add(block);
            }
            try (Matrix yi = y.view(row, 0, block.rows(), y.cols()); Matrix bt = block.transpose();
                 Matrix o = outW.view(row, 0, block.rows(), outW.cols())) {
                bt.multiplyInto(yi, outT, 1.0, 1.0);
                block.multiplyInto(w, o, 1.0, 0.0);
            }
        });
        endPass(first);
        subtractMeanTimes(outT, columnSums(y));
        subtractOnesTimes(outW, meanTimes(w));
    }

    /** The accumulator when this pass is the first (the means are still unknown), else null. */
    private ColumnMoments firstPass() {
        if (mean != null) {
            return null;
        }
        moments = new ColumnMoments(cols());
        return moments;
    }

    private void endPass(ColumnMoments first) {
        if (first != null) {
            mean = first.mean();
        }
    }

    /** {@code μᵀ·X}: one value per column of the n×l X. */
    private double[] meanTimes(Matrix x) {
        double[] c = new double[x.cols()];
        double[] col = new double[x.rows()];
        for (int j = 0; j < x.cols(); j++) {
            x.getColumn(j, 0, col, 0, col.length);
            double s = 0;
            for (int i = 0; i < col.length; i++) {
                s += mean[i] * col[i];
            }
            c[j] = s;
        }
        return c;
    }

    /** {@code 1ᵀ·Y}: the column sums of the m×l Y. */
    private static double[] columnSums(Matrix y) {
        double[] c = new double[y.cols()];
        double[] col = new double[y.rows()];
        for (int j = 0; j < y.cols(); j++) {
            y.getColumn(j, 0, col, 0, col.length);
            double s = 0;
            for (double v : col) {
                s += v;
            }
            c[j] = s;
        }
        return c;
    }

    /** {@code out ← out − 1·cᵀ}. */
    private static void subtractOnesTimes(Matrix out, double[] c) {
        double[] col = new double[out.rows()];
        for (int j = 0; j < out.cols(); j++) {
            out.getColumn(j, 0, col, 0, col.length);
            for (int i = 0; i < col.length; i++) {
                col[i] -= c[j];
            }
            out.setColumn(j, 0, col, 0, col.length);
        }
    }

    /** {@code out ← out − μ·sᵀ}. */
    private void subtractMeanTimes(Matrix out, double[] s) {
        double[] col = new double[out.rows()];
        for (int j = 0; j < out.cols(); j++) {
            out.getColumn(j, 0, col, 0, col.length);
            for (int i = 0; i < col.length; i++) {
                col[i] -= mean[i] * s[j];
            }
            out.setColumn(j, 0, col, 0, col.length);
        }
    }

    private static void zero(Matrix out) {
        double[] z = new double[out.rows()];
        for (int j = 0; j < out.cols(); j++) {
            out.setColumn(j, 0, z, 0, z.length);
        }
    }

    private void check(Matrix x, Matrix out, int xRows, int outRows, String what) {
        if (x.rows() != xRows || out.rows() != outRows || x.cols() != out.cols()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s of the %d×%d centred matrix: X is %d×%d"
                    + " and the output %d×%d; need %d×k and %d×k", what, rows(), cols(), x.rows(), x.cols(),
                    out.rows(), out.cols(), xRows, outRows));
        }
        if (x.dtype() != dtype() || out.dtype() != dtype()) {
            throw new IllegalArgumentException(what + " of a " + dtype() + " matrix needs " + dtype()
                    + " operands, got " + x.dtype() + " and " + out.dtype());
        }
    }

    @Override
    public String toString() {
        return "column-centred " + a;
    }
}
