package org.decomp4j.dispatch;

import org.decomp4j.DType;

/**
 * What a symmetric eigenproblem asks for, as {@link EighPlanner} sees it.
 *
 * @param dtype       precision
 * @param n           order of A
 * @param vectors     eigenvectors wanted, not only eigenvalues
 * @param subset      which eigenvalues
 * @param count       for {@link Subset#INDEX}: how many (hi − lo + 1); ignored otherwise
 * @param generalized {@code A·x = λ·B·x} with a positive definite B
 * @param routine     the routine the caller insists on, or null for the planner's choice
 * @param budgetBytes native memory the call may allocate
 */
public record EighRequest(DType dtype, int n, boolean vectors, Subset subset, int count, boolean generalized,
                          EighRoutine routine, long budgetBytes) {
    /** Which eigenvalues are wanted. */
    public enum Subset {
        /** All n. */
        ALL,
        /** A range of indices in ascending order. */
        INDEX,
        /** Those in a half-open value interval {@code (lo, hi]}. */
        VALUE
    }

    /**
     * Validates the request.
     *
     * @param dtype precision, not {@code null}
     * @param n order of A, ≥ 0
     * @param vectors whether eigenvectors are wanted
     * @param subset which eigenvalues, not {@code null}
     * @param count for INDEX: how many, 0..n
     * @param generalized whether B is given
     * @param routine the routine insisted on, or {@code null}
     * @param budgetBytes native bytes the call may allocate
     */
    public EighRequest {
        if (n < 0) {
            throw new IllegalArgumentException("eigh: negative order " + n);
        }
        if (subset == null || dtype == null) {
            throw new IllegalArgumentException("eigh: dtype and subset are required");
        }
        if (subset == Subset.INDEX && (count < 0 || count > n)) {
            throw new IllegalArgumentException("eigh: " + count + " eigenvalues asked of a " + n + "×" + n + " matrix");
        }
        if (routine != null) {
            boolean fits = generalized ? routine == EighRoutine.SYGVD
                    : routine == EighRoutine.SYEVR || (routine == EighRoutine.SYEVD && subset == Subset.ALL)
                    || (routine == EighRoutine.STEDC && subset == Subset.ALL && vectors && !dtype.isComplex());
            if (routine == EighRoutine.STEDC && fits != (subset == Subset.ALL && !generalized)) {
                throw new IllegalArgumentException("eigh: sytrd+stedc computes all pairs with vectors of a real matrix;"
                        + (dtype.isComplex() ? " " + dtype + " input" : " eigenvalues only") + " takes syevd; leave the"
                        + " routine to the planner");
            }
            if (!fits) {
                throw new IllegalArgumentException("eigh: " + routine.family() + " cannot solve "
                        + (generalized ? "the generalized problem A·x = λ·B·x (sygvd does)"
                        : subset != Subset.ALL ? "for a subset (syevr does)" : "the standard problem A·x = λ·x")
                        + "; leave the routine to the planner");
            }
        }
    }
}
