package org.decomp4j;

/**
 * Cholesky factorization failed: the leading principal minor of order {@link #order()} (1-based,
 * as LAPACK's {@code potrf} reports it) is not positive, so the matrix is not positive definite.
 */
public class NotPositiveDefiniteException extends DecompositionException {
    private static final long serialVersionUID = 1L;
    /** Order of the failing leading minor, 1-based. */
    private final int order;

    /**
     * @param routine routine that failed ({@code dpotrf} or {@code spotrf})
     * @param order   order of the failing leading minor, 1-based
     * @param message full message
     */
    public NotPositiveDefiniteException(String routine, int order, String message) {
        super(routine, message);
        this.order = order;
    }

    /**
     * Order (1-based) of the first leading principal minor that is not positive definite.
     *
     * @return the order, 1-based, in {@code [1, n]}
     */
    public int order() {
        return order;
    }
}
