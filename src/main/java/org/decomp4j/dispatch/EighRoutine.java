package org.decomp4j.dispatch;

import java.util.Locale;

/** The LAPACK routine family an {@link EighPlan} runs. */
public enum EighRoutine {
    /** Divide and conquer, all eigenpairs ({@code dsyevd}/{@code ssyevd}). */
    SYEVD,
    /** MRRR, all or a subset by index or value ({@code dsyevr}/{@code ssyevr}). */
    SYEVR,
    /** Generalized symmetric-definite {@code A·x = λ·B·x} by divide and conquer ({@code dsygvd}/{@code ssygvd}). */
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
}
