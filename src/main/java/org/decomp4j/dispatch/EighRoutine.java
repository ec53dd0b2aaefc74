package org.decomp4j.dispatch;

import java.util.Locale;

import org.decomp4j.DType;

/** The LAPACK routine family an {@link EighPlan} runs. */
public enum EighRoutine {
    /** Divide and conquer, all eigenpairs ({@code dsyevd}/{@code ssyevd}; {@code zheevd}/{@code cheevd}). */
    SYEVD,
    /** MRRR, all or a subset by index or value ({@code dsyevr}/{@code ssyevr}; {@code zheevr}/{@code cheevr}). */
    SYEVR,
    /** Generalized symmetric-definite {@code A·x = λ·B·x} by divide and conquer ({@code dsygvd}/{@code ssygvd};
     * {@code zhegvd}/{@code chegvd}). */
    SYGVD,
    /**
     * All pairs in three stages decomp4j runs itself: tridiagonal reduction ({@code dsytrd}/{@code ssytrd}),
     * divide and conquer on the tridiagonal ({@code dstedc}/{@code sstedc}, COMPZ=I), and the
     * back-transformation in wide panels at GEMM speed ({@code lapack.Tridiagonal}); real dtypes.
     */
    STEDC,
    /** Nothing to run: the matrix is empty. */
    NONE;

    /**
     * Lower-case family name, e.g. {@code "syevd"}; {@code "sytrd+stedc"} for {@link #STEDC}.
     *
     * @return the family name
     */
    public String family() {
        return this == STEDC ? "sytrd+stedc" : name().toLowerCase(Locale.ROOT);
    }

    /**
     * The family name for a dtype: {@code "syevd"} for a real one, its Hermitian twin
     * {@code "heevd"} for a complex one.
     *
     * @param t the dtype
     * @return the family name
     */
    public String family(DType t) {
        return t.isComplex() && this != NONE ? "he" + family().substring(2) : family();
    }
}
