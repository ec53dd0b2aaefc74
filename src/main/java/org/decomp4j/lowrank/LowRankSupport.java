package org.decomp4j.lowrank;

import org.decomp4j.DType;
import org.decomp4j.LinearOperator;
import org.decomp4j.Matrix;
import org.decomp4j.engine.SignConvention;

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
     * Vᵀ as a new matrix (the dtype of {@code v}) with the full SVD's signs: the core's
     * {@code svd_flip} ({@link SignConvention#flipSigns(Matrix, Matrix, int)}) on Vᵀ, negating the matching columns of
     * {@code u} (null allowed) in place. {@code v} (n×k) is left as it was.
     */
    static Matrix flippedVt(Matrix u, Matrix v) {
        Matrix vt = v.transpose().copy();
        try {
            SignConvention.flipSigns(u, vt, vt.rows());
            return vt;
        } catch (RuntimeException | Error e) {
            vt.close();
            throw e;
        }
    }

    /** Copies column j of {@code src} into column j of {@code dst} (same rows), via {@code buf}. */
    static void copyColumn(Matrix src, int js, Matrix dst, int jd, double[] buf) {
        int m = src.rows();
        src.getColumn(js, 0, buf, 0, m);
        dst.setColumn(jd, 0, buf, 0, m);
    }

    /**
     * Wraps factors into a result with the full SVD's signs ({@link #flippedVt}); {@code u} (m×k)
     * becomes the result's, {@code v} (n×k) is closed.
     */
    static LowRankSvd result(Matrix u, double[] s, Matrix v, String method, String reason, double errorEstimate,
                             int iterations, boolean converged) {
        Matrix vt;
        try {
            vt = flippedVt(u, v);
        } finally {
            v.close();
        }
        return new LowRankSvd(u, s, vt, method, reason, errorEstimate, iterations, converged);
    }

    /** Closes each matrix that is not null: the cleanup of a half-built result on failure. */
    static void closeEach(Matrix... matrices) {
        for (Matrix x : matrices) {
            if (x != null) {
                x.close();
            }
        }
    }
}
