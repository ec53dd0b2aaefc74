package org.decomp4j.dispatch;

import java.util.Locale;

/** How a top-k SVD request is computed; chosen by {@link TopKPlanner} or named by the caller. */
public enum TopKMethod {
    /** Let {@link TopKPlanner} choose. */
    AUTO,
    /** Exact top-k of a dense matrix: LAPACK {@code gesvdx} by index range. */
    GESVDX,
    /** Full thin SVD ({@code gesdd} through the core's {@code Svd}), then the first k triplets kept. */
    GESDD,
    /** Randomized range finder with power iterations (Halko, Martinsson &amp; Tropp 2011): approximate. */
    RANDOMIZED,
    /** Krylov (Lanczos bidiagonalisation) on the operator's products: the sparse method, never densifies. */
    KRYLOV;

    /**
     * Lower-case name, e.g. {@code "gesvdx"}.
     *
     * @return the constant's name in lower case
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a method name, any case.
     *
     * @param s a method name in any case, surrounding blanks ignored; {@code null} is rejected as
     *          unknown
     * @return the method of that name
     * @throws IllegalArgumentException listing the choices
     */
    public static TopKMethod parse(String s) {
        for (TopKMethod m : values()) {
            if (m.name().equalsIgnoreCase(s == null ? "" : s.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown top-k method '" + s + "'; choose one of auto, gesvdx, gesdd,"
                + " randomized, krylov");
    }
}
