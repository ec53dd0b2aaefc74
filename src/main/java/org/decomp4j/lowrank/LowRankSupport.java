package org.decomp4j.lowrank;

import org.decomp4j.DType;
import org.decomp4j.LinearOperator;
import org.decomp4j.Matrix;

/** Small pieces the low-rank methods of this package share. */
final class LowRankSupport {
    private LowRankSupport() {
    }

    /** {@code Aᵀ} as an operator: the two products swapped. */
    static LinearOperator transposed(LinearOperator a) {
        return new LinearOperator() {
            @Override
            public int rows() {
                return a.cols();
            }

            @Override
            public int cols() {
                return a.rows();
            }

            @Override
            public DType dtype() {
                return a.dtype();
            }

            @Override
            public void multiply(Matrix x, Matrix out) {
                a.multiplyTranspose(x, out);
            }

            @Override
            public void multiplyTranspose(Matrix x, Matrix out) {
                a.multiply(x, out);
            }

            @Override
            public String toString() {
                return "transpose of " + a;
            }
        };
    }

    /**
     * The full SVD's sign convention (scikit-learn's {@code svd_flip} on Vᵀ): for each i the first
     * largest-magnitude entry of column i of {@code v} (row i of Vᵀ) is made positive, negating
     * column i of {@code u} with it. {@code u} may be null.
     */
    static void flipSigns(Matrix u, Matrix v) {
        int n = v.rows();
        int m = u == null ? 0 : u.rows();
        double[] col = new double[Math.max(n, m)];
        for (int i = 0; i < v.cols(); i++) {
            v.getColumn(i, 0, col, 0, n);
            double best = -1;
            double sign = 1;
            for (int j = 0; j < n; j++) {
                double ax = Math.abs(col[j]);
                if (ax > best) {
                    best = ax;
                    sign = col[j];
                }
            }
            if (sign < 0) {
                negate(v, i, col, n);
                if (u != null) {
                    u.getColumn(i, 0, col, 0, m);
                    negate(u, i, col, m);
                }
            }
        }
    }

    private static void negate(Matrix a, int j, double[] col, int len) {
        for (int r = 0; r < len; r++) {
            col[r] = -col[r];
        }
        a.setColumn(j, 0, col, 0, len);
    }

    /** Copies column j of {@code src} into column j of {@code dst} (same rows), via {@code buf}. */
    static void copyColumn(Matrix src, int js, Matrix dst, int jd, double[] buf) {
        int m = src.rows();
        src.getColumn(js, 0, buf, 0, m);
        dst.setColumn(jd, 0, buf, 0, m);
    }

    /** Wraps factors into a result; {@code v} is n×k and is closed after Vᵀ is copied from it. */
    static LowRankSvd result(Matrix u, double[] s, Matrix v, String method, String reason, double errorEstimate,
                             int iterations, boolean converged) {
        Matrix vt;
        try {
            vt = v.transpose().copy();
        } finally {
            v.close();
        }
        return new LowRankSvd(u, s, vt, method, reason, errorEstimate, iterations, converged);
    }
}
