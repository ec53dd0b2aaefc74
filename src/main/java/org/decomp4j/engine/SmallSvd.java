package org.decomp4j.engine;

import org.decomp4j.DType;
import org.decomp4j.NotConvergedException;
import org.decomp4j.dispatch.Plan;
import org.decomp4j.dispatch.Routine;
import org.decomp4j.lapack.Block;
import org.decomp4j.lapack.NativeBuffer;

/**
 * The pure-Java SVDs for small matrices, in double precision on heap arrays. At 4×4 and 16×16
 * LAPACK's own set-up (workspace queries, divide-and-conquer bookkeeping) costs more than the
 * arithmetic, which is why the dispatcher picks a Java path up to
 * {@link org.decomp4j.dispatch.SvdPlanner#SMALL_CROSSOVER}. This class loads and scales the
 * input, runs {@link org.decomp4j.dispatch.Routine#JAVA_QR} (the Golub–Kahan–Reinsch SVD of
 * {@link SmallQrSvd}, AUTO's choice) or {@link org.decomp4j.dispatch.Routine#JAVA_JACOBI}
 * (one-sided Jacobi, below), and delivers the factors.
 *
 * <p>The Jacobi path ({@link Driver#JAVA_JACOBI}):
 * W = A (m ≥ n) or Aᵀ (m &lt; n), p×q with p ≥ q, is first reduced by Householder
 * QR with column pivoting, W·P = Q·R, and Hestenes' one-sided Jacobi then runs, cyclic by rows,
 * on X = Rᵀ (q×q): the preconditioning of Drmač and Veselić, "New fast and accurate Jacobi SVD
 * algorithm I", SIAM J. Matrix Anal. Appl. 29(4), 2008, which cut the sweeps at 16×16 from 7 to
 * 5.6 on Gaussian matrices here. X·Vx = Ux·Σ gives W = (Q·Vx)·Σ·(P·Ux)ᵀ. A pair of columns is rotated to orthogonality unless
 * {@code |wᵢ·wⱼ| ≤ p·ε·‖wᵢ‖·‖wⱼ‖}, the stopping test of Demmel and Veselić, "Jacobi's method is
 * more accurate than QR", SIAM J. Matrix Anal. Appl. 13(4), 1992, §4; the rotation angle is the
 * smaller root of {@code t² + 2ζt − 1 = 0}, {@code ζ = (‖wⱼ‖² − ‖wᵢ‖²)/(2 wᵢ·wⱼ)} (Rutishauser's
 * formulas, as in Golub and Van Loan, §8.6.3). Squared column norms are computed
 * exactly at the start of each sweep and updated per rotation (recomputed when the update
 * cancels); the inner product of a pair is always computed afresh. The input is scaled by a power of two
 * (exact) so that its largest entry is about 1, which keeps squares away from overflow and
 * underflow. When no pair rotates, σᵢ = ‖xᵢ‖. Columns of Ux with σ = 0 (rank deficiency) are
 * completed to an orthonormal basis by Householder QR of the valid ones; the extra columns of a
 * full left factor are Q's own.
 *
 * <p>F32 input is computed in double and rounded once on output. Heap scratch is kept per thread
 * (up to {@link #CACHED_ELEMENTS} elements), so repeated calls on one thread allocate nothing.
 */
final class SmallSvd {
    /** Sweeps before giving up; quadratic convergence needs 5–10 for the sizes this path serves. */
    static final int MAX_SWEEPS = 60;
    /** Scratch up to this many doubles is kept per thread between calls. */
    static final int CACHED_ELEMENTS = 1 << 16;
    private static final double EPS = Math.ulp(1.0) / 2;
    /** Below this (after scaling to max |a| ≈ 1) a column counts as zero and is completed. */
    private static final double TINY = Double.MIN_NORMAL / EPS;

    /**
     * Per-thread heap arrays, grown on demand; arrays above {@link #CACHED_ELEMENTS} are not kept.
     * One named slot per use, so that no slot means two things on two paths.
     */
    private static final class Scratch {
        // both paths: the loaded input, its transposition, the heap outputs
        static final int W = 0;
        static final int LOAD_T = 1;
        static final int OUT_S = 2;
        static final int OUT_U = 3;
        static final int OUT_VT = 4;
        // the Jacobi path
        static final int J_X = 5;
        static final int J_VX = 6;
        static final int J_BETA = 7;
        static final int J_NRM = 8;
        static final int J_SV = 9;
        static final int J_OUT = 10;
        static final int J_PERM = 0; // int slots
        static final int J_ORDER = 1;
        static final int J_COLUMNS = 0; // column-array slots
        // the QR path
        static final int Q_D = 11;
        static final int Q_E = 12;
        static final int Q_TAU_L = 13;
        static final int Q_TAU_R = 14;
        static final int Q_TMP = 15;
        static final int Q_W = 1; // column-array slots
        static final int Q_LEFT = 2;
        static final int Q_RIGHT = 3;

        private final double[][] d = new double[16][0];
        private final int[][] ints = new int[2][0];

        double[] d(int slot, long need) {
            if (need > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("the Java Jacobi SVD holds at most 2^31 elements per array, needs "
                        + need + "; use Driver.AUTO");
            }
            if (d[slot].length >= need) {
                return d[slot];
            }
            double[] fresh = new double[(int) need];
            if (need <= CACHED_ELEMENTS) {
                d[slot] = fresh;
            }
            return fresh;
        }

        private final double[][][] cols = new double[4][][];

        /** count arrays of len doubles, kept when small. */
        double[][] cols(int slot, int count, int len) {
            double[][] c = cols[slot];
            if (c != null && c.length == count && (count == 0 || c[0].length == len)) {
                return c;
            }
            c = new double[count][len];
            if ((long) count * len <= CACHED_ELEMENTS) {
                cols[slot] = c;
            }
            return c;
        }

        int[] i(int slot, int need) {
            if (ints[slot].length >= need) {
                return ints[slot];
            }
            int[] fresh = new int[need];
            if (need <= CACHED_ELEMENTS) {
                ints[slot] = fresh;
            }
            return fresh;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private SmallSvd() {
    }

    /**
     * Runs the plan's Java SVD of {@code a} (read, not modified) into {@code s}, {@code u} and
     * {@code vt} (null for values only). {@code u} is m×k or m×m, {@code vt} k×n or n×n. With
     * {@code flip}, svd_flip's signs are applied on the heap before the factors are written, which
     * saves the native round trip of {@link SignConvention#flipSigns(Block, Block, int, double[])}.
     *
     * @throws NotConvergedException if the Jacobi sweeps or the QR steps did not converge
     */
    static void run(Plan plan, Block a, NativeBuffer s, Block u, Block vt, boolean flip) {
        Scratch sc = scratch();
        int q = Math.min(a.rows(), a.cols());
        double[] hs = sc.d(Scratch.OUT_S, q);
        double[] hu = u == null ? null : sc.d(Scratch.OUT_U, u.size());
        double[] hvt = u == null ? null : sc.d(Scratch.OUT_VT, vt.size());
        run(plan, a, hs, hu, u == null ? 0 : u.cols(), hvt, u == null ? 0 : vt.rows(), sc);
        if (flip && u != null) {
            SignConvention.flipSigns(hvt, 0, vt.rows(), vt.cols(), hu, 0, u.rows(), q);
        }
        s.write(0, hs, 0, q);
        if (u != null) {
            writeColumns(hu, 0, u.rows(), u);
            writeColumns(hvt, 0, vt.rows(), vt);
        }
    }

    /**
     * As {@link #run(Plan, Block, NativeBuffer, Block, Block)}, into heap arrays: {@code s}
     * (k values), {@code u} (m×uCols, column-major, uCols = k or m) and {@code vt} (vtRows×n,
     * vtRows = k or n); {@code u} and {@code vt} null for values only. F32 plans round every
     * output to float, as writing to an F32 buffer would.
     */
    static void run(Plan plan, Block a, double[] s, double[] u, int uCols, double[] vt, int vtRows) {
        run(plan, a, s, u, uCols, vt, vtRows, scratch());
    }

    private static void run(Plan plan, Block a, double[] s, double[] u, int uCols, double[] vt, int vtRows,
                            Scratch sc) {
        int m = a.rows();
        int n = a.cols();
        boolean transposed = m < n;
        int p = Math.max(m, n);
        int q = Math.min(m, n);
        boolean vectors = u != null;
        boolean full = vectors && (uCols > q || vtRows > q);
        int pc = full ? p : q;
        double[] w = sc.d(Scratch.W, (long) p * q);
        load(a, w, transposed, sc);
        int exp = scale(w, p * q);
        if (plan.routine() == Routine.JAVA_QR) {
            qr(plan, w, p, q, pc, exp, s, u, uCols, vt, vtRows, n, transposed, sc);
            return;
        }
        double[] x = sc.d(Scratch.J_X, (long) q * q);
        double[] vx = vectors ? sc.d(Scratch.J_VX, (long) q * q) : null;
        double[] beta = sc.d(Scratch.J_BETA, q);
        double[] nrm = sc.d(Scratch.J_NRM, q);
        double[] sv = sc.d(Scratch.J_SV, q);
        int[] perm = sc.i(Scratch.J_PERM, q);
        int[] order = sc.i(Scratch.J_ORDER, q);
        // W·P = Q·R, then Jacobi on X = Rᵀ: X·Vx = Ux·Σ gives W = (Q·Vx)·Σ·(P·Ux)ᵀ
        qrcp(w, p, q, beta, perm);
        java.util.Arrays.fill(x, 0, q * q, 0.0);
        for (int j = 0; j < q; j++) {
            for (int i = j; i < q; i++) {
                x[j * q + i] = w[i * p + j];
            }
        }
        if (vectors) {
            java.util.Arrays.fill(vx, 0, q * q, 0.0);
            for (int i = 0; i < q; i++) {
                vx[i * q + i] = 1.0;
            }
        }
        sweep(plan, x, q, q, vx, nrm, sc);
        for (int i = 0; i < q; i++) {
            sv[i] = Math.sqrt(dot(x, i * q, i * q, q));
            order[i] = i;
        }
        sortDescending(sv, order, q);
        double[] out = sc.d(Scratch.J_OUT, Math.max(q, (long) p * pc + 2L * q * q));
        boolean f32 = plan.dtype() == DType.F32;
        for (int i = 0; i < q; i++) {
            double v = Math.scalb(sv[order[i]], exp);
            s[i] = f32 ? (float) v : v;
        }
        if (!vectors) {
            return;
        }
        // left = Q·[Vx; 0] (p × pc) at out[0..), Ux at out[ux..), right = P·Ux at out[rt..)
        int ux = p * pc;
        int rt = ux + q * q;
        java.util.Arrays.fill(out, 0, ux, 0.0);
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
            applyQ(w, p, q, beta, out, j * p);
        }
        if (valid < q) {
            complete(out, ux, q, q, valid);
        }
        for (int i = 0; i < q; i++) {          // row perm[r] of P·Ux is row r of Ux
            for (int r = 0; r < q; r++) {
                out[rt + i * q + perm[r]] = out[ux + i * q + r];
            }
        }
        if (!transposed) {
            copyColumns(out, 0, p, u, uCols, f32);           // U = Q·Vx
            copyTransposed(out, rt, q, vt, vtRows, n, f32);  // Vᵀ = (P·Ux)ᵀ
        } else {
            copyColumns(out, rt, q, u, uCols, f32);          // A = Wᵀ: U = P·Ux
            copyTransposed(out, 0, p, vt, vtRows, n, f32);   // Vᵀ = (Q·Vx)ᵀ
        }
    }

    /** The {@link Routine#JAVA_QR} path on the loaded, scaled W (p×q): see {@link SmallQrSvd}. */
    private static void qr(Plan plan, double[] w, int p, int q, int pc, int exp, double[] s, double[] u, int uCols,
                           double[] vt, int vtRows, int n, boolean transposed, Scratch sc) {
        boolean vectors = u != null;
        double[][] wc = sc.cols(Scratch.Q_W, q, p);
        for (int j = 0; j < q; j++) {
            System.arraycopy(w, j * p, wc[j], 0, p);
        }
        double[] d = sc.d(Scratch.Q_D, q);
        double[] e = sc.d(Scratch.Q_E, q);
        double[] tauL = sc.d(Scratch.Q_TAU_L, q);
        double[] tauR = sc.d(Scratch.Q_TAU_R, q);
        double[] tmp = sc.d(Scratch.Q_TMP, p);
        double[][] left = vectors ? sc.cols(Scratch.Q_LEFT, pc, p) : null;
        double[][] right = vectors ? sc.cols(Scratch.Q_RIGHT, q, q) : null;
        SmallQrSvd.svd(wc, p, q, d, e, tauL, tauR, tmp, left, pc, right, plan);
        boolean f32 = plan.dtype() == DType.F32;
        for (int i = 0; i < q; i++) {
            double v = Math.scalb(d[i], exp);
            s[i] = f32 ? (float) v : v;
        }
        if (!vectors) {
            return;
        }
        if (!transposed) {
            columns(left, p, u, uCols, f32);        // W = A: U = Ub
            transposed(right, vt, vtRows, n, f32);  // Vᵀ = Vbᵀ
        } else {
            columns(right, q, u, uCols, f32);       // A = Wᵀ: U = Vb
            transposed(left, vt, vtRows, n, f32);   // Vᵀ = Ubᵀ
        }
    }

    /** The first {@code cols} column arrays (of length rows) into column-major dst, rounded to float if asked. */
    private static void columns(double[][] src, int rows, double[] dst, int cols, boolean f32) {
        for (int j = 0; j < cols; j++) {
            double[] c = src[j];
            if (!f32) {
                System.arraycopy(c, 0, dst, j * rows, rows);
                continue;
            }
            for (int i = 0; i < rows; i++) {
                dst[j * rows + i] = (float) c[i];
            }
        }
    }

    /** dst (dr×dc, column-major) = the transpose of the dc×dr matrix whose columns are src[0..dr). */
    private static void transposed(double[][] src, double[] dst, int dr, int dc, boolean f32) {
        for (int i = 0; i < dr; i++) {      // row i of dst = column i of src
            double[] c = src[i];
            for (int j = 0; j < dc; j++) {
                double v = c[j];
                dst[j * dr + i] = f32 ? (float) v : v;
            }
        }
    }

    /** The first {@code cols} columns (of {@code rows}) at src[off..] into dst, rounded to float if asked. */
    private static void copyColumns(double[] src, int off, int rows, double[] dst, int cols, boolean f32) {
        int len = rows * cols;
        if (!f32) {
            System.arraycopy(src, off, dst, 0, len);
            return;
        }
        for (int i = 0; i < len; i++) {
            dst[i] = (float) src[off + i];
        }
    }

    /** dst (dr×dc) = the transpose of the matrix with {@code rows} = dc rows at src[off..]. */
    private static void copyTransposed(double[] src, int off, int rows, double[] dst, int dr, int dc, boolean f32) {
        for (int j = 0; j < dc; j++) {       // column j of dst = row j of src
            for (int i = 0; i < dr; i++) {
                double v = src[off + i * rows + j];
                dst[j * dr + i] = f32 ? (float) v : v;
            }
        }
    }

    /**
     * Householder QR with column pivoting of the p×q matrix w, in place (LAPACK's geqp3 layout:
     * R on and above the diagonal, reflector vectors with an implicit leading 1 below it,
     * {@code H = I − β·v·vᵀ}). The pivot is the remaining column of largest norm, computed afresh
     * at each step (cheap at these sizes, and no downdating error).
     */
    private static void qrcp(double[] w, int p, int q, double[] beta, int[] perm) {
        for (int j = 0; j < q; j++) {
            perm[j] = j;
        }
        for (int c = 0; c < q; c++) {
            int best = c;
            double bn = -1;
            for (int j = c; j < q; j++) {
                double d = dot(w, j * p + c, j * p + c, p - c);
                if (d > bn) {
                    bn = d;
                    best = j;
                }
            }
            if (best != c) {
                for (int r = 0; r < p; r++) {
                    double t = w[c * p + r];
                    w[c * p + r] = w[best * p + r];
                    w[best * p + r] = t;
                }
                int t = perm[c];
                perm[c] = perm[best];
                perm[best] = t;
            }
            int oc = c * p;
            double norm = Math.sqrt(bn);
            double x0 = w[oc + c];
            if (norm == 0 || c == p - 1 && x0 >= 0) {
                beta[c] = 0;
                continue;
            }
            double alpha = x0 >= 0 ? -norm : norm;
            double v0 = x0 - alpha;
            double inv = 1.0 / v0;
            for (int i = c + 1; i < p; i++) {
                w[oc + i] *= inv;
            }
            beta[c] = -v0 / alpha;
            w[oc + c] = alpha;
            for (int j = c + 1; j < q; j++) {
                reflect(w, oc, c, p, beta[c], w, j * p);
            }
        }
    }

    /** y[oy..oy+p) ← H·y for the reflector stored in column c of r (at rc), v₀ = 1. */
    private static void reflect(double[] r, int rc, int c, int p, double b, double[] y, int oy) {
        if (b == 0) {
            return;
        }
        double d = y[oy + c];
        for (int i = c + 1; i < p; i++) {
            d += r[rc + i] * y[oy + i];
        }
        d *= b;
        y[oy + c] -= d;
        for (int i = c + 1; i < p; i++) {
            y[oy + i] -= d * r[rc + i];
        }
    }

    /** y ← Q·y = H₀(H₁(⋯H_{q−1}·y)) for the column of length p at y[oy..]. */
    private static void applyQ(double[] w, int p, int q, double[] beta, double[] y, int oy) {
        for (int c = q - 1; c >= 0; c--) {
            reflect(w, c * p, c, p, beta[c], y, oy);
        }
    }

    private static Scratch scratch() {
        return SCRATCH.get();
    }

    /** W = A (column-major p×q) or Aᵀ. */
    private static void load(Block a, double[] w, boolean transposed, Scratch sc) {
        int m = a.rows();
        int n = a.cols();
        NativeBuffer b = a.buffer();
        if (!transposed) {
            if (a.ld() == m) {
                b.read(a.offset(), w, 0, m * n);
            } else {
                for (int j = 0; j < n; j++) {
                    b.read(a.index(0, j), w, j * m, m);
                }
            }
            return;
        }
        double[] t = sc.d(Scratch.LOAD_T, (long) m * n);
        for (int j = 0; j < n; j++) {
            b.read(a.index(0, j), t, j * m, m);
        }
        for (int j = 0; j < n; j++) {        // W(j, i) = A(i, j); W is n×m
            for (int i = 0; i < m; i++) {
                w[i * n + j] = t[j * m + i];
            }
        }
    }

    /** Scales by 2^-e so that the largest |entry| is in [0.5, 1); returns e (0 for a zero matrix). */
    private static int scale(double[] w, int len) {
        double max = 0;
        for (int i = 0; i < len; i++) {
            max = Math.max(max, Math.abs(w[i]));
        }
        if (max == 0) {
            return 0;
        }
        int e = Math.getExponent(max) + 1;
        if (e == 0) {
            return 0;
        }
        double f = Math.scalb(1.0, -e);
        if (f != 0 && Double.isFinite(f) && e > Double.MIN_EXPONENT && e < Double.MAX_EXPONENT) {
            for (int i = 0; i < len; i++) {
                w[i] *= f;
            }
            return e;
        }
        for (int i = 0; i < len; i++) { // subnormal maximum: scale in two exact steps
            w[i] = Math.scalb(w[i], -e);
        }
        return e;
    }

    private static void sweep(Plan plan, double[] w, int p, int q, double[] v, double[] nrm, Scratch sc) {
        // Column k of W and column k of V share one array [wₖ; vₖ] (length p + q): a rotation
        // then updates two distinct arrays in one loop, which the JIT vectorizes (on one array
        // with runtime offsets it cannot rule out overlap). Inner products use the first p entries.
        int len = v == null ? p : p + q;
        double[][] wc = sc.cols(Scratch.J_COLUMNS, q, len);
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

    /** x[oi..oi+len)·x[oj..oj+len) with four partial sums (fixed order, so deterministic). */
    private static double dot(double[] x, int oi, int oj, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int r = 0;
        for (; r + 3 < len; r += 4) {
            s0 += x[oi + r] * x[oj + r];
            s1 += x[oi + r + 1] * x[oj + r + 1];
            s2 += x[oi + r + 2] * x[oj + r + 2];
            s3 += x[oi + r + 3] * x[oj + r + 3];
        }
        for (; r < len; r++) {
            s0 += x[oi + r] * x[oj + r];
        }
        return (s0 + s1) + (s2 + s3);
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

    /**
     * Replaces columns {@code valid..cols-1} of the rows×cols column-major matrix at
     * {@code x[off..]}, whose first {@code valid} columns are orthonormal, by an orthonormal basis
     * of their complement: Householder QR of the valid columns, then columns valid.. of
     * Q = H₀⋯H_{valid−1}. Runs only for rank-deficient input.
     */
    static void complete(double[] x, int off, int rows, int cols, int valid) {
        double[] r = new double[rows * Math.max(valid, 1)];
        System.arraycopy(x, off, r, 0, rows * valid);
        double[] beta = new double[Math.max(valid, 1)];
        for (int c = 0; c < valid; c++) {
            int oc = c * rows;
            double norm = Math.sqrt(dot(r, oc + c, oc + c, rows - c));
            double x0 = r[oc + c];
            if (norm == 0) {
                continue;
            }
            double alpha = x0 >= 0 ? -norm : norm;
            double v0 = x0 - alpha;
            for (int i = c + 1; i < rows; i++) {
                r[oc + i] /= v0;
            }
            beta[c] = -v0 / alpha;
            r[oc + c] = alpha;
            for (int j = c + 1; j < valid; j++) {
                reflect(r, oc, c, rows, beta[c], r, j * rows);
            }
        }
        for (int j = valid; j < cols; j++) {
            int oj = off + j * rows;
            java.util.Arrays.fill(x, oj, oj + rows, 0.0);
            x[oj + j] = 1.0;
            for (int c = valid - 1; c >= 0; c--) {
                reflect(r, c * rows, c, rows, beta[c], x, oj);
            }
        }
    }

    private static void writeColumns(double[] src, int off, int rows, Block dst) {
        int cols = dst.cols();
        if (dst.ld() == rows) {
            dst.buffer().write(dst.offset(), src, off, rows * cols);
            return;
        }
        for (int j = 0; j < cols; j++) {
            dst.buffer().write(dst.index(0, j), src, off + j * rows, rows);
        }
    }
}
