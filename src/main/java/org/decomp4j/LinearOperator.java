package org.decomp4j;

/**
 * A matrix known only through its products: {@code A·X} and {@code Aᵀ·X} for a block of vectors
 * {@code X}. Low-rank methods (randomized SVD, Krylov solvers, streaming updates) need nothing
 * more, so one implementation serves dense matrices ({@link #of(Matrix)}), sparse matrices
 * ({@code org.decomp4j.sparse}) and anything a caller can multiply without storing.
 *
 * <p>Implementations must be safe to call from one thread at a time per output; they may use
 * several threads inside one call.
 */
public interface LinearOperator {

    /**
     * Rows of {@code A} (m).
     *
     * @return m, ≥ 0
     */
    int rows();

    /**
     * Columns of {@code A} (n).
     *
     * @return n, ≥ 0
     */
    int cols();

    /**
     * The precision of the products; {@code x} and {@code out} must have it.
     *
     * @return F64 or F32
     */
    DType dtype();

    /**
     * {@code out ← A·x}. Shapes: {@code x} is n×k, {@code out} is m×k, and {@code out} does not
     * share storage with {@code x}.
     *
     * @param x the n×k input; not modified
     * @param out the m×k result, overwritten; must not share storage with {@code x}
     * @throws IllegalArgumentException on a shape or dtype mismatch
     */
    void multiply(Matrix x, Matrix out);

    /**
     * {@code out ← Aᵀ·x}. Shapes: {@code x} is m×k, {@code out} is n×k.
     *
     * @param x the m×k input; not modified
     * @param out the n×k result, overwritten
     * @throws IllegalArgumentException on a shape or dtype mismatch
     */
    void multiplyTranspose(Matrix x, Matrix out);

    /**
     * {@code outT ← Aᵀ·y} and {@code outW ← A·w} together. Shapes: {@code y} m×k, {@code outT} n×k,
     * {@code w} n×r, {@code outW} m×r. The default makes the two calls; an operator that reads its
     * entries from disk ({@code org.decomp4j.io.DiskMatrix}) does both in one pass over the data,
     * which saves the randomized SVD a pass when it also estimates its error.
     *
     * @throws IllegalArgumentException on a shape or dtype mismatch
     * @param outT receives Aᵀ·y, n×k
     * @param outW receives A·w, m×r
     * @param w the n×r block W
     * @param y the m×k block Y
     */
    default void multiplyTransposeAndMultiply(Matrix y, Matrix outT, Matrix w, Matrix outW) {
        multiplyTranspose(y, outT);
        multiply(w, outW);
    }

    /**
     * The dense matrix {@code a} as an operator (BLAS-3 {@code gemm}, {@code 2·m·n·k} flops per
     * product). Shares {@code a}'s storage: {@code a} must stay open while the operator is used.
     *
     * @param a the m×n matrix; shared, not copied, and not closed by the operator
     * @return an m×n operator of {@code a}'s dtype, a view of {@code a}
     */
    static LinearOperator of(Matrix a) {
        return new LinearOperator() {
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

            @Override
            public void multiply(Matrix x, Matrix out) {
                a.multiplyInto(x, out, 1.0, 0.0);
            }

            @Override
            public void multiplyTranspose(Matrix x, Matrix out) {
                a.transpose().multiplyInto(x, out, 1.0, 0.0);
            }

            @Override
            public String toString() {
                return "dense " + a.rows() + "×" + a.cols() + " " + a.dtype();
            }
        };
    }
}
