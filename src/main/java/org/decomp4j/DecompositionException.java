package org.decomp4j;

/**
 * A numerical outcome that prevents a decomposition or a solve from giving an answer: the
 * routine did not converge, the matrix is singular or not positive definite, the input holds
 * NaN or infinity, or no driver fits the memory budget.
 *
 * <p>Shape and option mistakes are {@link IllegalArgumentException}s instead. Every message names
 * the LAPACK routine (or the check) involved, the shape, the index concerned and the fix when
 * there is one.
 */
public class DecompositionException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The LAPACK routine or check that raised this. */
    private final String routine;

    /**
     * @param routine LAPACK routine (e.g. {@code "dgesdd"}) or check that raised it
     * @param message full message, routine included
     */
    public DecompositionException(String routine, String message) {
        super(message);
        this.routine = routine;
    }

    /**
     * The LAPACK routine or check that raised this, e.g. {@code "dpotrf"}.
     *
     * @return the routine name as given to the constructor
     */
    public String routine() {
        return routine;
    }
}
