package org.decomp4j;

import java.util.Objects;

import org.decomp4j.lapack.Block;

/**
 * The bridge from {@link Matrix} to the {@code org.decomp4j.lapack} wrappers for decomp4j's own
 * layers above the core ({@code lowrank}, {@code sparse}, {@code batch}), which call LAPACK on
 * matrices they own but live in other packages than {@code Matrix}. Not a user API: it hands out
 * raw storage, and a wrong size passed on to a wrapper is caught there, not here.
 */
public final class MatrixBlocks {
    private MatrixBlocks() {
    }

    /**
     * The storage of {@code m} as a block (shares it; no copy).
     *
     * @throws IllegalArgumentException if {@code m} is a transposed or read-only view (LAPACK would
     *     read it the wrong way round, or write into a factor)
     * @throws IllegalStateException if {@code m} is closed
     */
    public static Block writable(Matrix m) {
        Objects.requireNonNull(m, "m");
        if (m.isTransposed() || m.isReadOnly()) {
            throw new IllegalArgumentException("needs a writable, untransposed matrix, got a "
                    + (m.isTransposed() ? "transposed" : "read-only") + " view " + m.rows() + "×" + m.cols());
        }
        return m.stored();
    }

    /** A new {@code rows × cols} matrix with undefined contents, for a routine to fill. */
    public static Matrix uninitialized(int rows, int cols, DType dtype) {
        return Matrix.uninitialized(rows, cols, dtype);
    }

    /**
     * The full SVD's sign convention (scikit-learn's {@code svd_flip} on Vᵀ, as {@link Svd} applies
     * it) on the first {@code k} pairs: where the largest-magnitude entry of row i of {@code vt} is
     * negative, negate that row and column i of {@code u}. {@code U·Σ·Vᵀ} is unchanged.
     *
     * @param u  m×k' (k' ≥ k) writable matrix, or null
     * @param vt k''×n (k'' ≥ k) writable matrix
     */
    public static void flipSigns(Matrix u, Matrix vt, int k) {
        Block vb = writable(vt);
        Block ub = u == null ? null : writable(u);
        if (k < 0 || k > vb.rows() || (ub != null && k > ub.cols())) {
            throw new IllegalArgumentException("flipSigns: k = " + k + " exceeds the factors");
        }
        org.decomp4j.engine.SignConvention.flipSigns(ub, vb, k, null);
    }
}
