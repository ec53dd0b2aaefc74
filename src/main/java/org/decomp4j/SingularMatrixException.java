package org.decomp4j;

/**
 * The matrix is exactly singular to working precision where an operation needs it invertible:
 * LU's {@code solve}, {@code inverse}, or a triangular solve with a zero diagonal.
 *
 * <p>{@link #pivot()} is the 0-based index {@code i} with {@code U[i][i] == 0} (LAPACK's
 * {@code info - 1}).
 */
public class SingularMatrixException extends DecompositionException {
    private static final long serialVersionUID = 1L;
    /** 0-based index of the first zero diagonal entry of U. */
    private final int pivot;

    /**
     * @param routine routine that found the zero pivot
     * @param pivot   0-based index of the first zero diagonal entry
     * @param message full message
     */
    public SingularMatrixException(String routine, int pivot, String message) {
        super(routine, message);
        this.pivot = pivot;
    }

    /**
     * 0-based index {@code i} of the first zero diagonal entry {@code U[i][i]}.
     *
     * @return the pivot index, 0-based
     */
    public int pivot() {
        return pivot;
    }
}
