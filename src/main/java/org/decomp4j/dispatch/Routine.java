package org.decomp4j.dispatch;

/** The LAPACK routine family a {@link Plan} runs. */
public enum Routine {
    /** Divide and conquer ({@code dgesdd}/{@code sgesdd}). */
    GESDD,
    /** QR iteration ({@code dgesvd}/{@code sgesvd}). */
    GESVD,
    /** One-sided Jacobi ({@code dgesvj}/{@code sgesvj}). */
    GESVJ,
    /**
     * Pure-Java one-sided Jacobi on the heap ({@code Driver.JAVA_JACOBI}; no LAPACK call, so its
     * name has no dtype prefix). AUTO prefers {@link #JAVA_QR} for small matrices.
     */
    JAVA_JACOBI,
    /**
     * Pure-Java Golub–Kahan–Reinsch SVD on the heap (Householder bidiagonalisation, then
     * implicit-shift QR: the algorithm of gesvd), AUTO's choice for small matrices.
     */
    JAVA_QR,
    /** Nothing to run: the matrix is empty and the answer is built in Java. */
    NONE;

    /**
     * True for the routines computed in Java on the heap ({@link #JAVA_JACOBI}, {@link #JAVA_QR}).
     *
     * @return true for JAVA_JACOBI and JAVA_QR
     */
    public boolean isJava() {
        return this == JAVA_JACOBI || this == JAVA_QR;
    }

    private final String family = name().toLowerCase(java.util.Locale.ROOT);

    /**
     * Lower-case family name, e.g. {@code "gesdd"}.
     *
     * @return the constant's name in lower case
     */
    public String family() {
        return family;
    }
}
