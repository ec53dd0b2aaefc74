package org.decomp4j;

/**
 * An iterative LAPACK routine stopped before converging: {@code info > 0} from {@code gesdd}
 * ({@code bdsdc} failed), {@code gesvd} (superdiagonals of the bidiagonal form left), {@code gesvj}
 * (sweep limit reached) or {@code gelsd}. The SVD dispatcher retries a non-converged
 * {@code gesdd} with {@code gesvd} before this reaches the caller.
 */
public class NotConvergedException extends DecompositionException {
    private static final long serialVersionUID = 1L;
    /** LAPACK's positive {@code info}: how many quantities did not converge. */
    private final int unconverged;

    /**
     * @param routine     routine that did not converge
     * @param unconverged LAPACK's {@code info}: how many quantities did not converge
     * @param message     full message
     */
    public NotConvergedException(String routine, int unconverged, String message) {
        super(routine, message);
        this.unconverged = unconverged;
    }

    /**
     * LAPACK's positive {@code info}: the count of quantities (e.g. superdiagonals) left unconverged.
     *
     * @return LAPACK's {@code info}, &gt; 0
     */
    public int unconverged() {
        return unconverged;
    }
}
