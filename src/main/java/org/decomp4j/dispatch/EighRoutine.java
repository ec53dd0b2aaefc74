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
    /** Nothing to run: the matrix is empty. */
    NONE;

    /**
     * Lower-case family name, e.g. {@code "syevd"}.
     *
     * @return the family name
     */
    public String family() {
        return name().toLowerCase(Locale.ROOT);
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
