package org.decomp4j.engine;

import org.decomp4j.Matrix;
import org.decomp4j.lapack.Blas;
import org.decomp4j.lapack.Block;
import org.decomp4j.lapack.NativeBuffer;

/**
 * The SVD's sign convention, written once for every path that produces singular vectors
 * (native factors, the small Java drivers' heap arrays, low-rank results): scikit-learn's
 * {@code svd_flip} with {@code u_based_decision=False}, so that a given matrix gets the same
 * signs whichever driver ran.
 */
public final class SignConvention {
    private SignConvention() {
    }

    /**
     * The convention on matrices (the first {@code k} pairs): where the largest-magnitude entry of
     * row i of {@code vt} is negative, negate that row and column i of {@code u}. U·Σ·Vᵀ is unchanged.
     *
     * @param u  m×k' (k' ≥ k) writable matrix, or null
     * @param vt k''×n (k'' ≥ k) writable matrix
     */
    public static void flipSigns(Matrix u, Matrix vt, int k) {
        Block vb = Storage.writable(vt);
        Block ub = u == null ? null : Storage.writable(u);
        if (k < 0 || k > vb.rows() || (ub != null && k > ub.cols())) {
            throw new IllegalArgumentException("flipSigns: k = " + k + " exceeds the factors");
        }
        flipSigns(ub, vb, k, null);
    }

    /**
     * scikit-learn's {@code svd_flip} with {@code u_based_decision=False}: for each of the first k
     * pairs, if the largest-magnitude entry of row i of Vᵀ is negative, negate that row and
     * column i of U. The product U·Σ·Vᵀ is unchanged.
     *
     * @param scratch for small factors, a Java array of at least {@link #flipScratchLength}
     *                elements to work in (the caller's, so that a reused workspace allocates
     *                nothing), or null to allocate one
     */
    public static void flipSigns(Block u, Block vt, int k, double[] scratch) {
        long need = flipScratchLength(u, vt);
        if (need <= SMALL_FLIP && vt.contiguous() && (u == null || u.contiguous())) {
            flipSignsSmall(u, vt, k, scratch == null || scratch.length < need ? new double[(int) need] : scratch);
            return;
        }
        flipSignsLarge(u, vt, k);
    }

    /**
     * The same rule for large factors, in column order: a row of Vᵀ is strided in memory, and
     * scanning rows one by one (idamax with stride ld) touches a new page per element. Two passes
     * over the columns of Vᵀ (find the largest entry of every row, then negate the chosen rows)
     * read it contiguously; U's columns are negated with {@code ?scal}.
     */
    private static void flipSignsLarge(Block u, Block vt, int k) {
        int n = vt.cols();
        NativeBuffer vb = vt.buffer();
        double[] col = new double[k];
        double[] max = new double[k];
        double[] min = new double[k];
        // The largest magnitude of a row is its max or minus its min; tracking both is branch-free
        // (an argmax on |x| mispredicts half its branches on random data).
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        for (int j = 0; j < n; j++) {
            vb.read(vt.index(0, j), col, 0, k);
            for (int i = 0; i < k; i++) {
                max[i] = Math.max(max[i], col[i]);
                min[i] = Math.min(min[i], col[i]);
            }
        }
        boolean[] negate = new boolean[k];
        boolean any = false;
        for (int i = 0; i < k; i++) {
            negate[i] = -min[i] > max[i] || -min[i] == max[i] && max[i] > 0 && firstLargestIsNegative(vt, i);
            if (negate[i]) {
                any = true;
                if (u != null) {
                    Blas.scaleColumn(u, i, -1.0);
                }
            }
        }
        if (!any) {
            return;
        }
        for (int j = 0; j < n; j++) {
            vb.read(vt.index(0, j), col, 0, k);
            for (int i = 0; i < k; i++) {
                if (negate[i]) {
                    col[i] = -col[i];
                }
            }
            vb.write(vt.index(0, j), col, 0, k);
        }
    }

    /** A tie between +a and −a: numpy.argmax takes the first, so look for it (rare). */
    private static boolean firstLargestIsNegative(Block vt, int i) {
        double best = -1;
        double sign = 1;
        for (int j = 0; j < vt.cols(); j++) {
            double x = vt.get(i, j);
            if (Math.abs(x) > best) {
                best = Math.abs(x);
                sign = x;
            }
        }
        return sign < 0;
    }

    /** Java elements {@link #flipSigns} works in for these factors. */
    public static long flipScratchLength(Block u, Block vt) {
        return vt.size() + (u == null ? 0 : u.size());
    }

    /**
     * Up to this many elements of Vᵀ and U the flip runs in Java on bulk copies: per-row BLAS
     * calls through JNI cost more than the arithmetic on small factors.
     */
    public static final long SMALL_FLIP = 8192;

    private static void flipSignsSmall(Block u, Block vt, int k, double[] w) {
        int rows = vt.rows();
        int n = vt.cols();
        int vs = (int) vt.size();
        int m = u == null ? 0 : u.rows();
        vt.buffer().read(vt.offset(), w, 0, vs); // contiguous: one bulk copy each way
        if (u != null) {
            u.buffer().read(u.offset(), w, vs, (int) u.size());
        }
        boolean any = flipSigns(w, 0, rows, n, u == null ? null : w, vs, m, k);
        if (any) {
            vt.buffer().write(vt.offset(), w, 0, vs);
            if (u != null) {
                u.buffer().write(u.offset(), w, vs, (int) u.size());
            }
        }
    }

    /**
     * svd_flip on heap factors: row i of Vᵀ (vtRows×n at {@code vt[vtOff..]}, column-major) is
     * negated when its largest-magnitude entry (the first of equal magnitudes, as numpy.argmax) is
     * negative, together with column i of U (m rows at {@code u[uOff..]}; null for none), for
     * i &lt; k. Returns whether anything was negated.
     */
    public static boolean flipSigns(double[] vt, int vtOff, int vtRows, int n, double[] u, int uOff, int m, int k) {
        boolean any = false;
        for (int i = 0; i < k; i++) {
            double best = -1;
            double sign = 1;
            for (int j = 0; j < n; j++) {
                double x = vt[vtOff + j * vtRows + i];
                double ax = Math.abs(x);
                if (ax > best) { // strict: the first of equal magnitudes wins, as numpy.argmax
                    best = ax;
                    sign = x;
                }
            }
            if (sign < 0) {
                any = true;
                for (int j = 0; j < n; j++) {
                    vt[vtOff + j * vtRows + i] = -vt[vtOff + j * vtRows + i];
                }
                if (u != null) {
                    for (int r = 0; r < m; r++) {
                        u[uOff + i * m + r] = -u[uOff + i * m + r];
                    }
                }
            }
        }
        return any;
    }
}
