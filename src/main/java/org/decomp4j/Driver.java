package org.decomp4j;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The SVD algorithm to run: one of LAPACK's drivers ({@link #GESDD}, {@link #GESVD},
 * {@link #GESVJ}), one of decomp4j's pure-Java ones ({@link #JAVA_QR}, {@link #JAVA_JACOBI}), or
 * {@link #AUTO} to let the dispatcher choose from the shape, the job, the dtype and the memory
 * budget (see {@code org.decomp4j.dispatch.SvdPlanner}). A result names what ran by its routine:
 * {@code dgesdd}, {@code sgesvj}, … for LAPACK (with the dtype's prefix), {@code java_qr} or
 * {@code java_jacobi} for the Java drivers.
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
    GESVJ,
    /**
     * Pure-Java one-sided Jacobi (no LAPACK call), QR-preconditioned; cost
     * {@code O(sweeps·m·n²)} with 5–7 sweeps, so slow for large matrices. Same accuracy contract
     * as the LAPACK drivers.
     */
    JAVA_JACOBI,
    /**
     * Pure-Java Golub–Kahan–Reinsch SVD (no LAPACK call): Householder bidiagonalisation and
     * implicit-shift QR, the algorithm of gesvd, on the heap. AUTO picks it up to
     * {@code SvdPlanner.SMALL_CROSSOVER}, where LAPACK's set-up costs more than the arithmetic;
     * about 3× fewer flops than {@link #JAVA_JACOBI}. Same accuracy contract as the LAPACK drivers.
     */
    JAVA_QR,
    /** The former name of {@link #GESVJ}. */
    @Deprecated
    JACOBI,
    /** The former name of {@link #JAVA_JACOBI}. */
    @Deprecated
    JAVA;

    /**
     * This driver under its current name ({@link #JACOBI} is {@link #GESVJ}, {@link #JAVA} is {@link #JAVA_JACOBI}).
     *
     * @return GESVJ for JACOBI, JAVA_JACOBI for JAVA, otherwise this driver
     */
    @SuppressWarnings("deprecation")
    public Driver canonical() {
        return this == JACOBI ? GESVJ : this == JAVA ? JAVA_JACOBI : this;
    }

    /**
     * Parses a driver name, case-insensitively: {@code auto}, {@code gesdd}, {@code gesvd},
     * {@code gesvj}, {@code java_jacobi}, {@code java_qr} (and the former names {@code jacobi} and
     * {@code java}).
     *
     * @param name a driver name in any case, surrounding blanks ignored; {@code null} is rejected
     *             as unknown
     * @return the canonical driver of that name (a former name maps to its current one)
     * @throws IllegalArgumentException listing the choices
     */
    public static Driver parse(String name) {
        String n = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
        for (Driver d : values()) {
            if (d.name().equals(n)) {
                return d.canonical();
            }
        }
        throw new IllegalArgumentException("unknown SVD driver '" + name + "'; choose one of "
                + Arrays.stream(values()).filter(d -> d.canonical() == d)
                        .map(d -> d.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }
}
