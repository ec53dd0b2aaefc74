package org.decomp4j;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The LAPACK SVD driver to run, or {@link #AUTO} to let the dispatcher choose from the shape,
 * the job, the dtype and the memory budget (see {@code org.decomp4j.dispatch.SvdPlanner}).
 */
public enum Driver {
    /** Dispatcher's choice: gesdd when it fits, then gesdd in overwrite mode, then gesvd. */
    AUTO,
    /** {@code ?gesdd}: divide and conquer. Fastest with vectors; workspace about 4·min(m,n)² elements. */
    GESDD,
    /** {@code ?gesvd}: QR iteration. Small workspace; with vectors up to ~30× slower than gesdd on square matrices. */
    GESVD,
    /** {@code ?gesvj}: one-sided Jacobi. High relative accuracy for small singular values; slowest. */
    JACOBI,
    /**
     * Pure-Java one-sided Jacobi (no LAPACK call): the fastest choice for tiny matrices, which
     * AUTO picks below {@code SvdPlanner.SMALL_CROSSOVER}; cost {@code O(sweeps·m·n²)}, so slow
     * for large ones. Same accuracy contract as the LAPACK drivers.
     */
    JAVA;

    /**
     * Parses a driver name, case-insensitively ({@code auto}, {@code gesdd}, {@code gesvd},
     * {@code jacobi}, {@code java}; {@code gesvj} is accepted for JACOBI).
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
