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
 * {@link org.decomp4j.dispatch.SvdPlanner#SMALL_CROSSOVER}. This class is the driver: it loads
 * W = A (m ≥ n) or Aᵀ (m &lt; n), p×q with p ≥ q, scales it by a power of two (exact) so that its
 * largest entry is about 1, runs {@link org.decomp4j.dispatch.Routine#JAVA_QR} (the
 * Golub–Kahan–Reinsch SVD of {@link SmallQrSvd}, AUTO's choice) or
 * {@link org.decomp4j.dispatch.Routine#JAVA_JACOBI} (the one-sided Jacobi SVD of
 * {@link SmallJacobiSvd}), and delivers the factors of A to native blocks or heap arrays.
 *
 * <p>F32 input is computed in double and rounded once on output. Heap scratch is kept per thread
 * ({@link SmallScratch}, up to {@link SmallScratch#CACHED_ELEMENTS} elements per array), so
 * repeated calls on one thread allocate nothing.
 */
final class SmallSvd {
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
        SmallScratch sc = SmallScratch.get();
        int q = Math.min(a.rows(), a.cols());
        double[] hs = sc.d(SmallScratch.OUT_S, q);
        double[] hu = u == null ? null : sc.d(SmallScratch.OUT_U, u.size());
        double[] hvt = u == null ? null : sc.d(SmallScratch.OUT_VT, vt.size());
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
     * As {@link #run(Plan, Block, NativeBuffer, Block, Block, boolean)}, into heap arrays: {@code s}
     * (k values), {@code u} (m×uCols, column-major, uCols = k or m) and {@code vt} (vtRows×n,
     * vtRows = k or n); {@code u} and {@code vt} null for values only. F32 plans round every
     * output to float, as writing to an F32 buffer would.
     */
    static void run(Plan plan, Block a, double[] s, double[] u, int uCols, double[] vt, int vtRows) {
        run(plan, a, s, u, uCols, vt, vtRows, SmallScratch.get());
    }

    private static void run(Plan plan, Block a, double[] s, double[] u, int uCols, double[] vt, int vtRows,
                            SmallScratch sc) {
        int m = a.rows();
        int n = a.cols();
        boolean transposed = m < n;
        int p = Math.max(m, n);
        int q = Math.min(m, n);
        boolean vectors = u != null;
        boolean full = vectors && (uCols > q || vtRows > q);
        int pc = full ? p : q;
        double[] w = sc.d(SmallScratch.W, (long) p * q);
        load(a, w, transposed, sc);
        int exp = scale(w, p * q);
        if (plan.routine() == Routine.JAVA_QR) {
            qr(plan, w, p, q, pc, exp, s, u, uCols, vt, vtRows, n, transposed, sc);
            return;
        }
        jacobi(plan, w, p, q, pc, exp, s, u, uCols, vt, vtRows, n, transposed, sc);
    }

    /** The {@link Routine#JAVA_JACOBI} path on the loaded, scaled W (p×q): see {@link SmallJacobiSvd}. */
    private static void jacobi(Plan plan, double[] w, int p, int q, int pc, int exp, double[] s, double[] u,
                               int uCols, double[] vt, int vtRows, int n, boolean transposed, SmallScratch sc) {
        boolean vectors = u != null;
        double[] x = sc.d(SmallScratch.J_X, (long) q * q);
        double[] vx = vectors ? sc.d(SmallScratch.J_VX, (long) q * q) : null;
        double[][] wc = sc.cols(SmallScratch.J_COLUMNS, q, vectors ? 2 * q : q);
        double[] beta = sc.d(SmallScratch.J_BETA, q);
        double[] nrm = sc.d(SmallScratch.J_NRM, q);
        double[] sv = sc.d(SmallScratch.J_SV, q);
        int[] perm = sc.i(SmallScratch.J_PERM, q);
        int[] order = sc.i(SmallScratch.J_ORDER, q);
        double[] out = vectors ? sc.d(SmallScratch.J_OUT, SmallJacobiSvd.outLength(p, pc, q)) : null;
        SmallJacobiSvd.svd(w, p, q, s, x, vx, wc, beta, nrm, sv, perm, order, out, pc, plan);
        boolean f32 = plan.dtype() == DType.F32;
        for (int i = 0; i < q; i++) {
            double v = Math.scalb(s[i], exp);
            s[i] = f32 ? (float) v : v;
        }
        if (!vectors) {
            return;
        }
        int rt = SmallJacobiSvd.rightOffset(p, pc, q);
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
                           double[] vt, int vtRows, int n, boolean transposed, SmallScratch sc) {
        boolean vectors = u != null;
        double[][] wc = sc.cols(SmallScratch.Q_W, q, p);
        for (int j = 0; j < q; j++) {
            System.arraycopy(w, j * p, wc[j], 0, p);
        }
        double[] d = sc.d(SmallScratch.Q_D, q);
        double[] e = sc.d(SmallScratch.Q_E, q);
        double[] tauL = sc.d(SmallScratch.Q_TAU_L, q);
        double[] tauR = sc.d(SmallScratch.Q_TAU_R, q);
        double[] tmp = sc.d(SmallScratch.Q_TMP, p);
        double[][] left = vectors ? sc.cols(SmallScratch.Q_LEFT, pc, p) : null;
        double[][] right = vectors ? sc.cols(SmallScratch.Q_RIGHT, q, q) : null;
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

    /** W = A (column-major p×q) or Aᵀ. */
    private static void load(Block a, double[] w, boolean transposed, SmallScratch sc) {
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
        double[] t = sc.d(SmallScratch.LOAD_T, (long) m * n);
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
