package org.decomp4j.bench.compare;

/** The operations the library comparison measures, and the shapes each one is measured on. */
public enum Op {
    /** Thin SVD: σ, U (m×k), Vᵀ (k×n), k = min(m, n). */
    SVD_THIN("thin SVD"),
    /** Singular values only. */
    SVD_VALUES("singular values"),
    /** Full SVD: U m×m, Vᵀ n×n (square shapes only: a full U of 20000×200 would be 3.2 GB). */
    SVD_FULL("full SVD"),
    /** LU with partial pivoting (square). */
    LU("LU"),
    /** Householder QR (square and tall): the factorization alone. */
    QR("QR"),
    /**
     * Householder QR with the economy Q formed (m×k, {@code orgqr}) and R: what most callers use.
     * Measured against the native JVM peers ({@link NativePeers}), not in {@link Compare}'s profiles.
     */
    QR_Q("QR, Q formed"),
    /** Cholesky of a symmetric positive definite matrix (square). */
    CHOLESKY("Cholesky"),
    /** Solve A·x = b for one right-hand side, LU inside (square). */
    SOLVE("solve"),
    /** Least squares min ‖A·x − b‖ for one right-hand side (square and tall). */
    LSTSQ("least squares"),
    /** Symmetric eigendecomposition, all pairs: eigenvalues ascending and orthonormal eigenvectors (square). */
    EIGH("symmetric eigen"),
    /** General eigendecomposition: complex eigenvalues and right eigenvectors (square). */
    EIG("general eigen");

    private final String label;

    Op(String label) {
        this.label = label;
    }

    /** Human name used in the report. */
    public String label() {
        return label;
    }

    /**
     * Whether this operation is measured in float32 too: the eigen operations are float64 only
     * (the targets are float64, and half the peers have no float32 eigensolver).
     */
    public boolean float32() {
        return this != EIGH && this != EIG;
    }

    /** Whether this operation is measured on an m×n input. */
    public boolean accepts(int m, int n) {
        return switch (this) {
            case SVD_THIN, SVD_VALUES -> true;
            case QR, QR_Q, LSTSQ -> m >= n;
            default -> m == n;
        };
    }
}
