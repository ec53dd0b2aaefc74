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
     *
     * <p><b>Full-rank fast path</b> (real A, m ≥ n ≥ 1): decomp4j first factors {@code A = Q·R}
     * without pivoting ({@code ?geqrf}, blocked BLAS-3, cheaper than gelsy's pivoted
     * {@code ?geqp3}) and estimates ρ ≤ 1/κ₂(A) from R's {@code ?trcon} estimates
     * ({@link Lstsq#rcondEstimate()}, O(n²)). When {@code ρ ≥ 100·max(rcond, max(m,n)·ε)}, A is
     * so far inside full rank that gelsy's own rank test would give n (its estimates of R's
     * condition never exceed κ₂(A); the factor 100 covers the estimator and rounding), and
     * {@code X = R⁻¹·(Qᵀ·B)} ({@code ?ormqr} + {@code ?trtrs}) is the unique least-squares
     * solution gelsy would return, to rounding. Otherwise gelsy runs as it would have, after the
     * QR and estimate it did not use (about a third of gelsy's cost). {@link Lstsq#routine()} and
     * {@link Lstsq#fastPath()} say which ran; {@link LstsqOptions#fastPath(boolean) fastPath(false)}
     * always runs the pivoted routine. Cost of the fast path: {@code 2mn² − 2n³/3} flops
     * for the QR, {@code 4mn·nrhs − 2n²·nrhs} for applying Qᵀ, {@code n²·nrhs} for the solve and
     * O(n²) for the estimate.
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
