package org.decomp4j.engine;

import java.util.Arrays;

import org.decomp4j.NotConvergedException;
import org.decomp4j.dispatch.Plan;

/**
 * The arithmetic of {@link org.decomp4j.dispatch.Routine#JAVA_JACOBI}: a QR-preconditioned
 * one-sided (Hestenes) Jacobi SVD on heap arrays, for the small matrices where LAPACK's set-up
 * costs more than the arithmetic. {@link SmallSvd} loads, scales and delivers; this class computes
 * {@code W = U·diag(d)·Vᵀ} for a p×q column-major W with p ≥ q.
 *
 * <p>W is first reduced by Householder QR with column pivoting, W·P = Q·R
 * ({@link Householder#qrcp}), and Hestenes' one-sided Jacobi then runs, cyclic by rows, on
 * X = Rᵀ (q×q): the preconditioning of Drmač and Veselić, "New fast and accurate Jacobi SVD
 * algorithm I", SIAM J. Matrix Anal. Appl. 29(4), 2008, which cut the sweeps at 16×16 from 7 to
 * 5.6 on Gaussian matrices here. X·Vx = Ux·Σ gives W = (Q·Vx)·Σ·(P·Ux)ᵀ. A pair of columns is
 * rotated to orthogonality unless {@code |wᵢ·wⱼ| ≤ p·ε·‖wᵢ‖·‖wⱼ‖}, the stopping test of Demmel and
 * Veselić, "Jacobi's method is more accurate than QR", SIAM J. Matrix Anal. Appl. 13(4), 1992, §4;
 * the rotation angle is the smaller root of {@code t² + 2ζt − 1 = 0},
 * {@code ζ = (‖wⱼ‖² − ‖wᵢ‖²)/(2 wᵢ·wⱼ)} (Rutishauser's formulas, as in Golub and Van Loan, §8.6.3).
 * Squared column norms are computed exactly at the start of each sweep and updated per rotation
 * (recomputed when the update cancels); the inner product of a pair is always computed afresh.
 * The caller scales W by a power of two so that its largest entry is about 1, which keeps squares
 * away from overflow and underflow. When no pair rotates, σᵢ = ‖xᵢ‖. Columns of Ux with σ = 0
 * (rank deficiency) are completed to an orthonormal basis by Householder QR of the valid ones
 * ({@link Householder#complete}); the extra columns of a full left factor are Q's own.
 */
final class SmallJacobiSvd {
    /** Sweeps before giving up; quadratic convergence needs 5–10 for the sizes this path serves. */
    static final int MAX_SWEEPS = 60;
    private static final double EPS = Math.ulp(1.0) / 2;
    /** Below this (after scaling to max |a| ≈ 1) a column counts as zero and is completed. */
    private static final double TINY = Double.MIN_NORMAL / EPS;

    private SmallJacobiSvd() {
    }

    /** Length of the {@code out} array of {@link #svd}: U (p×pc), then Ux and V (q×q each). */
    static long outLength(int p, int pc, int q) {
        return (long) p * pc + 2L * q * q;
    }

    /** Where V (q×q, column-major) starts in the {@code out} array of {@link #svd}. */
    static int rightOffset(int p, int pc, int q) {
        return p * pc + q * q;
    }

    /**
     * The SVD of W, p×q column-major with p ≥ q (overwritten by its QR factorisation). On return
     * {@code d} holds the q singular values, non-negative and non-increasing; with vectors
     * ({@code vx} not null) {@code out} holds U (p×pc, pc = q or p) at {@code out[0..)} and V
     * (q×q) at {@code out[rightOffset(p, pc, q)..)}, both column-major. Scratch: {@code x}
     * (q×q), {@code vx} (q×q, or null for values only), {@code wc} (q arrays of length q, 2q with
     * vectors), {@code beta}, {@code nrm}, {@code sv}, {@code perm}, {@code order} (q each),
     * {@code out} ({@link #outLength}, unused for values only).
     *
     * @throws NotConvergedException naming the plan's routine if the sweeps do not converge
     */
    static void svd(double[] w, int p, int q, double[] d, double[] x, double[] vx, double[][] wc, double[] beta,
                    double[] nrm, double[] sv, int[] perm, int[] order, double[] out, int pc, Plan plan) {
        boolean vectors = vx != null;
        // W·P = Q·R, then Jacobi on X = Rᵀ: X·Vx = Ux·Σ gives W = (Q·Vx)·Σ·(P·Ux)ᵀ
        Householder.qrcp(w, p, q, beta, perm);
        // Rows of R below p·ε·|r₀₀| are rounding noise of a rank-deficient W (pivoting makes |r_jj|
        // the largest column norm of what is left, so dropping them moves W by at most
        // √q·p·ε·‖W‖, inside the SVD's backward error). Kept, they never converge: each rotation of
        // two noise columns makes new noise, and an all-ones 17×17 ran out of sweeps.
        int kept = q;
        double noise = p * EPS * Math.abs(w[0]);
        for (int j = 1; j < q; j++) {
            if (Math.abs(w[j * p + j]) <= noise) {
                kept = j;
                break;
            }
        }
        Arrays.fill(x, 0, q * q, 0.0);
        for (int j = 0; j < kept; j++) {
            for (int i = j; i < q; i++) {
                x[j * q + i] = w[i * p + j];
            }
        }
        if (vectors) {
            Arrays.fill(vx, 0, q * q, 0.0);
            for (int i = 0; i < q; i++) {
                vx[i * q + i] = 1.0;
            }
        }
        sweep(plan, x, q, q, vx, nrm, wc);
        for (int i = 0; i < q; i++) {
            sv[i] = Math.sqrt(Householder.dot(x, i * q, i * q, q));
            order[i] = i;
        }
        sortDescending(sv, order, q);
        for (int i = 0; i < q; i++) {
            d[i] = sv[order[i]];
        }
        if (!vectors) {
            return;
        }
        // left = Q·[Vx; 0] (p × pc) at out[0..), Ux at out[ux..), right = P·Ux at out[rt..)
        int ux = p * pc;
        int rt = rightOffset(p, pc, q);
        Arrays.fill(out, 0, ux, 0.0);
        int valid = 0;
        for (int i = 0; i < q; i++) {
            int src = order[i];
            System.arraycopy(vx, src * q, out, i * p, q);
            double sigma = sv[src];
            if (sigma > TINY) {
                valid = i + 1;
                double inv = 1.0 / sigma;
                for (int r = 0; r < q; r++) {
                    out[ux + i * q + r] = x[src * q + r] * inv;
                }
            }
        }
        for (int j = q; j < pc; j++) {
            out[j * p + j] = 1.0;
        }
        for (int j = 0; j < pc; j++) {
            Householder.applyQ(w, p, q, beta, out, j * p);
        }
        if (valid < q) {
            Householder.complete(out, ux, q, q, valid);
        }
        for (int i = 0; i < q; i++) {          // row perm[r] of P·Ux is row r of Ux
            for (int r = 0; r < q; r++) {
                out[rt + i * q + perm[r]] = out[ux + i * q + r];
            }
        }
    }

    /**
     * Cyclic one-sided Jacobi on the p×q matrix w (and, unless null, the q×q matrix v, rotated
     * alike) until no pair rotates; {@code wc} is q arrays of length p (p + q with v) and
     * {@code nrm} q doubles of scratch.
     */
    private static void sweep(Plan plan, double[] w, int p, int q, double[] v, double[] nrm, double[][] wc) {
        // Column k of W and column k of V share one array [wₖ; vₖ] (length p + q): a rotation
        // then updates two distinct arrays in one loop, which the JIT vectorizes (on one array
        // with runtime offsets it cannot rule out overlap). Inner products use the first p entries.
        int len = v == null ? p : p + q;
        for (int j = 0; j < q; j++) {
            System.arraycopy(w, j * p, wc[j], 0, p);
            if (v != null) {
                System.arraycopy(v, j * q, wc[j], p, q);
            }
        }
        double tol = p * EPS;
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            // Squared norms exact at the start of each sweep, then updated per rotation; the sweep
            // that ends the loop rotates nothing, so its test ran on exact norms.
            for (int i = 0; i < q; i++) {
                nrm[i] = dot(wc[i], wc[i], p);
            }
            boolean rotated = false;
            for (int i = 0; i < q - 1; i++) {   // cyclic by rows
                double[] xi = wc[i];
                for (int j = i + 1; j < q; j++) {
                    rotated |= rotatePair(xi, wc[j], p, len, nrm, i, j, tol);
                }
            }
            if (!rotated) {
                for (int k = 0; k < q; k++) {
                    System.arraycopy(wc[k], 0, w, k * p, p);
                    if (v != null) {
                        System.arraycopy(wc[k], p, v, k * q, q);
                    }
                }
                return;
            }
        }
        throw new NotConvergedException(plan.routineName(), q, String.format(
                "%s: one-sided Jacobi did not converge in %d sweeps on a %d×%d matrix; use Driver.GESDD or GESVD",
                plan.routineName(), MAX_SWEEPS, p, q));
    }

    /**
     * Rotates columns i &lt; j (arrays xi, xj: p entries of W, then V's) to orthogonality unless
     * they already are to {@code tol}; keeps the squared norms {@code nrm} current. Returns
     * whether it rotated.
     */
    private static boolean rotatePair(double[] xi, double[] xj, int p, int len, double[] nrm, int i, int j, double tol) {
        double alpha = nrm[i];
        double beta = nrm[j];
        double gamma = dot(xi, xj, p);
        double ab = alpha * beta;
        // one square root when α·β is normal; two (no underflow) for tiny columns
        double limit = ab >= Double.MIN_NORMAL ? tol * Math.sqrt(ab) : tol * Math.sqrt(alpha) * Math.sqrt(beta);
        if (Math.abs(gamma) <= limit) {
            return false;
        }
        double zeta = (beta - alpha) / (2 * gamma);
        double t;
        if (Math.abs(zeta) > 1e150) {
            t = 0.5 / zeta; // 1/(|ζ| + sqrt(1 + ζ²)) without overflowing ζ²
        } else {
            t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        }
        double c = 1 / Math.sqrt(1 + t * t);
        double s = c * t;
        rotate(xi, xj, len, c, s);
        // ‖wᵢ'‖² = α − tγ and ‖wⱼ'‖² = β + tγ; when α − tγ cancels (nearly parallel
        // columns) its relative error grows, so recompute it exactly
        double na = alpha - t * gamma;
        nrm[i] = na < 0.25 * alpha ? dot(xi, xi, p) : na;
        double nb = beta + t * gamma;
        nrm[j] = nb < 0.25 * beta ? dot(xj, xj, p) : nb;
        return true;
    }

    /** x·y over len elements with four partial sums (fixed order, so deterministic). */
    private static double dot(double[] x, double[] y, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int r = 0;
        for (; r + 3 < len; r += 4) {
            s0 += x[r] * y[r];
            s1 += x[r + 1] * y[r + 1];
            s2 += x[r + 2] * y[r + 2];
            s3 += x[r + 3] * y[r + 3];
        }
        for (; r < len; r++) {
            s0 += x[r] * y[r];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static void rotate(double[] x, double[] y, int len, double c, double s) {
        for (int r = 0; r < len; r++) {
            double a = x[r];
            double b = y[r];
            x[r] = c * a - s * b;
            y[r] = s * a + c * b;
        }
    }

    /** Insertion sort of indices by value, descending; stable, so equal values keep column order. */
    private static void sortDescending(double[] sv, int[] order, int q) {
        for (int i = 1; i < q; i++) {
            int o = order[i];
            double key = sv[o];
            int j = i - 1;
            while (j >= 0 && sv[order[j]] < key) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = o;
        }
    }
}
