package org.decomp4j;

/** Which LAPACK routine solves a standard symmetric eigenproblem ({@link EighOptions#driver}). */
public enum EighDriver {
    /**
     * The planner's choice ({@code dispatch.EighPlanner}): syevd for all pairs ({@link #STEDC} for a
     * real matrix from n = 384), syevr for a subset.
     */
    AUTO,
    /** Divide and conquer ({@code ?syevd}): all pairs, fastest with vectors, {@code 2n²} workspace. */
    SYEVD,
    /** MRRR ({@code ?syevr}): all pairs or a subset, {@code 26n} workspace. */
    SYEVR,
    /**
     * Divide and conquer in three stages ({@code ?sytrd}, {@code ?stedc}, then the eigenvectors
     * back-transformed in wide panels at GEMM speed): all pairs with vectors of a real matrix, the
     * planner's choice for n ≥ 384; memory as {@code SYEVD}'s.
     */
    STEDC
}
