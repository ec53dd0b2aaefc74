package org.decomp4j;

/**
 * Result of {@link LinAlg#lstsq}: the minimum-norm least-squares solution of {@code A·X ≈ B} and
 * the diagnostics NumPy's {@code numpy.linalg.lstsq} returns.
 */
public final class Lstsq implements AutoCloseable {
    private final Matrix x;
    private final double[] residuals;
    private final int rank;
    private final double[] singularValues;

    Lstsq(Matrix x, double[] residuals, int rank, double[] singularValues) {
        this.x = x;
        this.residuals = residuals;
        this.rank = rank;
        this.singularValues = singularValues;
    }

    /** The solution X (n×nrhs), read-only; valid until {@link #close()}. */
    public Matrix x() {
        if (x.isClosed()) {
            throw new IllegalStateException("this lstsq result is closed");
        }
        return x.readOnly();
    }

    /**
     * Sums of squared residuals {@code ‖b_j − A·x_j‖²}, one per column of B, when A has full column
     * rank and {@code m > n}; otherwise empty, as NumPy. A copy.
     */
    public double[] residuals() {
        return residuals.clone();
    }

    /** Effective rank of A: singular values above {@code rcond·σ₁}. */
    public int rank() {
        return rank;
    }

    /** Singular values of A, non-increasing (a copy). */
    public double[] singularValues() {
        return singularValues.clone();
    }

    /** Frees X. */
    @Override
    public void close() {
        x.close();
    }
}
