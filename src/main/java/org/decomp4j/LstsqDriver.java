package org.decomp4j;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The LAPACK least-squares driver {@link LinAlg#lstsq} runs, as SciPy's
 * {@code scipy.linalg.lstsq(..., lapack_driver=...)}. All three return the minimum-norm solution
 * of {@code min ‖A·X − B‖₂} for over-determined, under-determined and rank-deficient A; they
 * differ in cost, in how the rank is decided and in what else they report.
 */
public enum LstsqDriver {
    /**
     * {@code ?gelsd} (default, as NumPy): SVD by divide and conquer. Rank: singular values
     * {@code > rcond·σ₁}. Reports the singular values.
     */
    GELSD("gelsd"),
    /**
     * {@code ?gelsy}: complete orthogonal factorisation (QR with column pivoting, then an RZ
     * step). Several times faster on full-rank problems. Rank: the order of the largest leading
     * triangle of the pivoted R whose estimated condition number is {@code < 1/rcond} — a condition
     * estimate, not a singular-value cutoff, so on a nearly rank-deficient A it may differ from
     * gelsd's by one. Computes no singular values ({@link Lstsq#singularValues()} is empty; SciPy
     * returns {@code None}).
     */
    GELSY("gelsy"),
    /**
     * {@code ?gelss}: SVD by QR iteration (gesvd's algorithm). Same rank rule and outputs as
     * {@link #GELSD}; usually slower on large matrices, smaller workspace.
     */
    GELSS("gelss");

    private final String routine;

    LstsqDriver(String routine) {
        this.routine = routine;
    }

    /**
     * The routine name without its precision prefix: {@code gelsd}, {@code gelsy}, {@code gelss}.
     *
     * @return {@code "gelsd"}, {@code "gelsy"} or {@code "gelss"}
     */
    public String routine() {
        return routine;
    }

    /**
     * Whether this driver computes the singular values of A (gelsd and gelss; not gelsy).
     *
     * @return true for GELSD and GELSS, false for GELSY
     */
    public boolean reportsSingularValues() {
        return this != GELSY;
    }

    /**
     * Parses a driver name case-insensitively: {@code gelsd}, {@code gelsy} or {@code gelss}.
     *
     * @param name a driver name in any case, surrounding blanks ignored; {@code null} is rejected
     *             as unknown
     * @return the driver of that name
     * @throws IllegalArgumentException listing the choices
     */
    public static LstsqDriver parse(String name) {
        String n = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
        for (LstsqDriver d : values()) {
            if (d.name().equals(n)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown lstsq driver '" + name + "'; choose one of "
                + Arrays.stream(values()).map(LstsqDriver::routine).collect(Collectors.joining(", ")));
    }
}
