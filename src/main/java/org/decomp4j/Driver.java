package org.decomp4j;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The LAPACK SVD driver to run, or {@link #AUTO} to let the dispatcher choose from the shape,
 * the job, the dtype and the memory budget (see {@code org.decomp4j.dispatch.SvdPlanner}).
 */
public enum Driver {
    /**
     * Dispatcher's choice: the pure-Java QR SVD ({@link #JAVA_QR}) for small matrices, else gesdd
     * when it fits, then gesdd in overwrite mode, then gesvd.
     */
    AUTO,
    /** {@code ?gesdd}: divide and conquer. Fastest with vectors; workspace about 4·min(m,n)² elements. */
    GESDD,
    /** {@code ?gesvd}: QR iteration. Small workspace; with vectors up to ~30× slower than gesdd on square matrices. */
    GESVD,
    /** {@code ?gesvj}: one-sided Jacobi. High relative accuracy for small singular values; slowest. */
    JACOBI,
    /**
     * Pure-Java one-sided Jacobi (no LAPACK call), QR-preconditioned; cost
     * {@code O(sweeps·m·n²)} with 5–7 sweeps, so slow for large matrices. Same accuracy contract
     * as the LAPACK drivers.
     */
    JAVA,
    /**
     * Pure-Java Golub–Kahan–Reinsch SVD (no LAPACK call): Householder bidiagonalisation and
     * implicit-shift QR, the algorithm of gesvd, on the heap. AUTO picks it up to
     * {@code SvdPlanner.SMALL_CROSSOVER}, where LAPACK's set-up costs more than the arithmetic;
     * about 3× fewer flops than {@link #JAVA}. Same accuracy contract as the LAPACK drivers.
     */
    JAVA_QR;

    /**
     * Parses a driver name, case-insensitively ({@code auto}, {@code gesdd}, {@code gesvd},
     * {@code jacobi}, {@code java}, {@code java_qr}; {@code gesvj} is accepted for JACOBI).
     *
     * @throws IllegalArgumentException listing the choices
     */
    public static Driver parse(String name) {
        String n = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
        if (n.equals("GESVJ")) {
            return JACOBI;
        }
        for (Driver d : values()) {
            if (d.name().equals(n)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown SVD driver '" + name + "'; choose one of "
                + Arrays.stream(values()).map(d -> d.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }
}
