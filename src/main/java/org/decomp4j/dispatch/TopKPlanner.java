package org.decomp4j.dispatch;

import java.util.Locale;

/**
 * The top-k SVD dispatcher: a pure function from a {@link TopKRequest} to a {@link TopKPlan}. No
 * native call, no allocation, so it is unit-tested on its own.
 *
 * <p>Rules for {@link TopKMethod#AUTO}, with {@code r = min(m, n)}:
 * <ol>
 * <li>Dense, exact values required: {@code gesvdx} while {@code k ≤ }{@link #GESVDX_MAX_FRACTION}{@code ·r},
 *     else the full {@code gesdd} SVD truncated to k.</li>
 * <li>Dense, approximation allowed: randomized while {@code k ≤ }{@link #RANDOMIZED_MAX_FRACTION}{@code ·r}
 *     and the range block {@code k + p} is smaller than r; else the exact rule above (the exact
 *     methods are then about as cheap).</li>
 * <li>Operator (sparse) input never densifies unless the request allows it: approximation
 *     allowed → randomized; exact → Krylov. With densify allowed, exact requests are densified
 *     and follow rule 1 (randomized needs no densification, so approximate ones stay on the
 *     operator while rule 2 picks randomized).</li>
 * </ol>
 * A method named by the caller is honoured when it can run: {@code gesvdx} and {@code gesdd}
 * need a dense matrix (an operator only with densify allowed), and randomized contradicts a
 * request for exact values.
 */
public final class TopKPlanner {
    /**
     * Largest {@code k / min(m, n)} for which {@code gesvdx} is chosen over the full {@code gesdd}
     * SVD. Both bidiagonalise A (the same {@code 4mn² − 4n³/3} flops); gesdd then transforms all
     * {@code min(m,n)} vectors back, gesvdx only k, but its bisection and inverse iteration with
     * reorthogonalisation grow as {@code O(n·k²)}. Measured here (OpenBLAS 0.3.31, F64, best of 2,
     * on the shared 2-core machine under load average ≈ 10, so ±50%): on 1000×1000 gesvdx took
     * 0.42–0.61 of gesdd's time for k ≤ 0.2·n and 1.09–1.18 at k = 0.3·n and 0.5·n; on 2000×500,
     * 500×2000 and 1200×800 the ratios for k ≤ 0.2·min(m,n) scattered between 0.16 and 1.3. To be
     * re-measured on a quiet machine.
     */
    public static final double GESVDX_MAX_FRACTION = 0.2;

    /**
     * Largest {@code k / min(m, n)} for which the randomized method is chosen when approximation
     * is allowed. It costs about {@code (2q + 3)·2mn(k + p)} flops, all in {@code gemm}; the full
     * SVD about {@code 4mn² + 8n³} (m ≥ n). With scikit-learn's q = 4 for k ≥ r/10 the flop counts
     * meet near {@code k + p ≈ r/5}; gemm runs faster than the bidiagonalisation, which moves the
     * crossover up, to about a quarter by this estimate (not measured; the measured point is far
     * below it: randomized top-50 of 20000×2000 took 1/6.4 of gesdd's time at q = 7, 1/12.3 at
     * q = 3, see benchmarks/results/randomized-svd.md).
     */
    public static final double RANDOMIZED_MAX_FRACTION = 0.25;

    private TopKPlanner() {
    }

    /**
     * Checks {@code 1 ≤ k ≤ min(m, n)}.
     *
     * @param m rows, ≥ 0
     * @param n columns, ≥ 0
     * @param k triplets asked for
     * @throws IllegalArgumentException with the shape and the allowed range
     */
    public static void checkK(long m, long n, int k) {
        long r = Math.min(m, n);
        if (k < 1 || k > r) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "top-k SVD of a %d×%d matrix needs 1 ≤ k ≤ min(m, n) = %d, got k = %d%s", m, n, r, k,
                    k > r ? "; ask for at most " + r + " triplets (the full SVD)" : ""));
        }
    }

    /**
     * The plan for {@code req}.
     *
     * @param req the request, sizes and flags
     * @return the method, whether to densify, and the reason
     * @throws IllegalArgumentException if k is out of range, or the named method cannot serve the
     *     request (the message says why and what to change)
     */
    public static TopKPlan plan(TopKRequest req) {
        checkK(req.rows(), req.cols(), req.k());
        if (req.method() != TopKMethod.AUTO) {
            return named(req);
        }
        long r = req.minDim();
        double frac = (double) req.k() / r;
        boolean randomizedFits = frac <= RANDOMIZED_MAX_FRACTION && (long) req.k() + req.oversampling() < r;
        if (!req.dense()) {
            if (!req.exact() && (randomizedFits || !req.densify())) {
                return new TopKPlan(TopKMethod.RANDOMIZED, false, String.format(Locale.ROOT,
                        "approximation allowed on an operator input: randomized range finder on its products,"
                                + " no densification (k = %d of min(m, n) = %d)", req.k(), r));
            }
            if (!req.densify()) {
                return new TopKPlan(TopKMethod.KRYLOV, false, String.format(Locale.ROOT,
                        "exact values on an operator input: Krylov (Lanczos) on its products, never densified"
                                + " (k = %d of min(m, n) = %d)", req.k(), r));
            }
            TopKPlan d = exactDense(req, frac);
            return new TopKPlan(d.method(), true, "operator densified as allowed (" + req.rows() + "×" + req.cols()
                    + " elements); " + d.reason());
        }
        if (!req.exact()) {
            if (randomizedFits) {
                return new TopKPlan(TopKMethod.RANDOMIZED, false, String.format(Locale.ROOT,
                        "approximation allowed and k = %d is %.3g of min(m, n) = %d (≤ %.2f): randomized, all gemm",
                        req.k(), frac, r, RANDOMIZED_MAX_FRACTION));
            }
            TopKPlan e = exactDense(req, frac);
            return new TopKPlan(e.method(), false, "approximation allowed but the randomized block k + p = "
                    + ((long) req.k() + req.oversampling()) + " is too large for min(m, n) = " + r
                    + ", so exact costs about as much; " + e.reason());
        }
        return exactDense(req, frac);
    }

    private static TopKPlan exactDense(TopKRequest req, double frac) {
        long r = req.minDim();
        if (frac <= GESVDX_MAX_FRACTION) {
            return new TopKPlan(TopKMethod.GESVDX, false, String.format(Locale.ROOT,
                    "exact values, k = %d is %.3g of min(m, n) = %d (≤ %.2f): gesvdx transforms back only k vectors",
                    req.k(), frac, r, GESVDX_MAX_FRACTION));
        }
        return new TopKPlan(TopKMethod.GESDD, false, String.format(Locale.ROOT,
                "exact values, k = %d is %.3g of min(m, n) = %d (> %.2f): the full gesdd SVD is faster, then"
                        + " truncated", req.k(), frac, r, GESVDX_MAX_FRACTION));
    }

    private static TopKPlan named(TopKRequest req) {
        TopKMethod m = req.method();
        String name = m.label();
        if (m == TopKMethod.RANDOMIZED && req.exact()) {
            throw new IllegalArgumentException("the randomized method gives approximate values, but exact values"
                    + " were required; allow approximation or choose gesvdx, gesdd or krylov");
        }
        boolean densify = false;
        if ((m == TopKMethod.GESVDX || m == TopKMethod.GESDD) && !req.dense()) {
            if (!req.densify()) {
                throw new IllegalArgumentException(name + " needs a dense matrix, but the input is an operator"
                        + " (sparse) of " + req.rows() + "×" + req.cols() + "; allow densification, or use krylov"
                        + " (exact) or randomized (approximate)");
            }
            densify = true;
        }
        return new TopKPlan(m, densify, name + " requested by the caller" + (densify ? " (operator densified)" : ""));
    }
}
