package org.decomp4j.lowrank;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.Qr;
import org.decomp4j.Svd;

/**
 * A rank-{@code k} SVD of a matrix whose rows arrive in blocks: feed each r×n block to
 * {@link #update}, ask for the current factorisation at any time.
 *
 * <p><b>Method.</b> The block form of Brand's incremental SVD (M. Brand, "Incremental singular
 * value decomposition of uncertain data with missing values", ECCV 2002) for appended rows: with
 * the rows seen so far approximated by {@code U·Σ·Vᵀ} and a new block C,
 * <pre>
 *   [U·Σ·Vᵀ]   [U 0]   [Σ·Vᵀ]
 *   [  C   ] = [0 I] · [  C  ]
 * </pre>
 * so the new Σ and V are those of the small {@code (k+r)×n} matrix {@code S = [Σ·Vᵀ; C]} (the SVD
 * of its n×n R factor when {@code k+r > n}), truncated to k. The old rows of U are multiplied
 * by a k×k matrix G and the block's rows of U are new; rather than touching all old rows at every
 * update, the G's are kept and applied once when U is asked for ({@link #snapshot()}), so an
 * update costs {@code O((k+r)·n·min(k+r, n))}, independent of the rows already seen.
 *
 * <p><b>Accuracy.</b> Each update discards the singular values of S beyond the k-th; the spectral
 * norm of what was dropped, summed over updates, bounds {@code ‖A − U·Σ·Vᵀ‖₂} for the rows seen
 * ({@link #errorBound()}), hence (Weyl) the error of every singular value. On data of rank ≤ k
 * nothing but rounding is dropped and the values agree with the batch SVD to rounding.
 *
 * <p><b>Memory.</b> {@code O(n·k)} for Σ and V; with {@link Keep#U_AND_V} also {@code m·k}
 * doubles for U (Java heap, held as the blocks' rows plus the pending k×k transforms), and
 * transiently {@code (k+r)·n} for one update.
 *
 * <p>Computes in F64 whatever the blocks' dtype; results come in the dtype given at creation. Not
 * thread-safe: feed it from one thread.
 */
public final class StreamingSvd {

    /** Which factors to keep. */
    public enum Keep {
        /** U, Σ and V: {@link #snapshot()} available; memory {@code O((m+n)·k)}. */
        U_AND_V,
        /** Σ and V only ({@link #singularValues()}, {@link #vt()}): memory {@code O(n·k)}. */
        V_ONLY
    }

    private final int cols;
    private final int k;
    private final DType dtype;
    private final Keep keep;
    /** Current rank kt ≤ k, values (kt) and Vᵀ (kt×n, column-major). */
    private int rank;
    private double[] s = new double[0];
    private double[] vt = new double[0];
    private long rowsSeen;
    private int updates;
    private double errorBound;
    /** U in factored form: row block b is blocks[b]·G[bornAt[b]]·…·G[last] (Keep.U_AND_V). */
    private final List<double[]> blocks = new ArrayList<>();
    private final List<int[]> blockShape = new ArrayList<>(); // {rows, cols, bornAt}
    private final List<double[]> transforms = new ArrayList<>();
    private final List<int[]> transformShape = new ArrayList<>(); // {rows, cols}
    private long pendingTransformElements;

    private StreamingSvd(int cols, int k, DType dtype, Keep keep) {
        this.cols = cols;
        this.k = k;
        this.dtype = dtype;
        this.keep = keep;
    }

    /**
     * Rank-{@code k} stream of rows with {@code cols} columns, F64, keeping U.
     *
     * @param cols n, ≥ 1
     * @param k the rank kept, in {@code [1, cols]}
     * @return a new empty stream
     */
    public static StreamingSvd of(int cols, int k) {
        return of(cols, k, DType.F64, Keep.U_AND_V);
    }

    /**
     * Rank-{@code k} stream of rows with {@code cols} columns whose blocks and results are of
     * {@code dtype}, keeping the factors {@code keep} names.
     *
     * @param cols n, ≥ 1
     * @param k the rank kept, in {@code [1, cols]}
     * @param dtype the dtype of the blocks and results
     * @param keep U_AND_V or V_ONLY
     * @return a new empty stream
     * @throws IllegalArgumentException if {@code cols < 1} or {@code k} is not in {@code [1, cols]}
     */
    public static StreamingSvd of(int cols, int k, DType dtype, Keep keep) {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(keep, "keep");
        if (cols < 1) {
            throw new IllegalArgumentException("cols must be ≥ 1, got " + cols);
        }
        if (k < 1 || k > cols) {
            throw new IllegalArgumentException(String.format(
                    "k = %d must be in [1, %d]: rows of %d columns have at most %d singular values", k, cols, cols,
                    cols));
        }
        return new StreamingSvd(cols, k, dtype, keep);
    }

    /**
     * Appends the rows of {@code block} (r×n, this stream's dtype; r may be 0) and updates the
     * rank-k factorisation. Cost {@code O((k+r)·n·min(k+r, n))} flops; the block is not kept.
     *
     * @param block r×n rows of this stream's dtype; not modified, not kept
     * @throws IllegalArgumentException on a column count or dtype mismatch
     * @throws org.decomp4j.NonFiniteInputException if the block holds NaN or infinity (its row and
     *     column within the block); the state is unchanged
     */
    public void update(Matrix block) {
        Objects.requireNonNull(block, "block");
        if (block.cols() != cols) {
            throw new IllegalArgumentException(String.format(
                    "row block %d is %d×%d; this stream has %d columns", updates, block.rows(), block.cols(), cols));
        }
        if (block.dtype() != dtype) {
            throw new IllegalArgumentException("row block " + updates + " is " + block.dtype() + "; this stream is "
                    + dtype + " (convert with Matrix.copy(DType))");
        }
        int r = block.rows();
        if (r == 0) {
            return;
        }
        block.requireFinite("row block " + updates);
        int kt = rank;
        int sr = kt + r;
        double[] col = new double[sr];
        try (Matrix st = Matrix.zeros(sr, cols, DType.F64)) {
            for (int j = 0; j < cols; j++) {
                for (int i = 0; i < kt; i++) {
                    col[i] = s[i] * vt[j * kt + i];
                }
                block.getColumn(j, 0, col, kt, r);
                st.setColumn(j, 0, col, 0, sr);
            }
            int newRank = Math.min(k, Math.min(sr, cols));
            if (sr <= cols) {
                try (Svd svd = Svd.of(st)) {
                    absorb(svd, keep == Keep.U_AND_V ? svd.u() : null, newRank, kt, r);
                }
            } else {
                // S = Q·R: Σ and V are those of R (n×n instead of (k+r)×n); U_S = Q·U_R, of which only
                // the first newRank columns are formed
                try (Qr qr = Qr.of(st); Svd svd = Svd.of(qr.r())) {
                    if (keep == Keep.U_AND_V) {
                        try (Matrix z = qr.q().multiply(svd.u().view(0, 0, cols, newRank))) {
                            absorb(svd, z, newRank, kt, r);
                        }
                    } else {
                        absorb(svd, null, newRank, kt, r);
                    }
                }
            }
        }
        rowsSeen += r;
        updates++;
    }

    /** Takes the truncated SVD of S as the new state; {@code us} holds S's left vectors (or null). */
    private void absorb(Svd svd, Matrix us, int newRank, int kt, int r) {
        double[] all = svd.singularValues();
        double dropped = newRank < all.length ? all[newRank] : 0.0;
        double[] ns = java.util.Arrays.copyOf(all, newRank);
        double[] nvt = new double[newRank * cols];
        Matrix svt = svd.vt();
        double[] row = new double[cols];
        for (int i = 0; i < newRank; i++) {
            svt.transpose().getColumn(i, 0, row, 0, cols);
            for (int j = 0; j < cols; j++) {
                nvt[j * newRank + i] = row[j];
            }
        }
        if (us != null) {
            // Z = first newRank columns of U_S: its top kt rows transform the old U, the rest are
            // the new block's rows
            double[] g = new double[kt * newRank];
            double[] nb = new double[r * newRank];
            double[] ucol = new double[kt + r];
            for (int c = 0; c < newRank; c++) {
                us.getColumn(c, 0, ucol, 0, kt + r);
                System.arraycopy(ucol, 0, g, c * kt, kt);
                System.arraycopy(ucol, kt, nb, c * r, r);
            }
            if (kt > 0) {
                transforms.add(g);
                transformShape.add(new int[] {kt, newRank});
                pendingTransformElements += g.length;
            }
            blocks.add(nb);
            blockShape.add(new int[] {r, newRank, transforms.size()});
            if (pendingTransformElements > Math.max(1L << 16, rowsSeen * (long) k)) {
                materialize(); // many tiny blocks: keep the transforms within the size of U
            }
        }
        s = ns;
        vt = nvt;
        rank = newRank;
        errorBound += dropped;
    }

    /** Applies the pending transforms to every block of U, leaving none pending. */
    private void materialize() {
        if (transforms.isEmpty()) {
            return;
        }
        int t = transforms.size();
        double[] suffix = null; // G[i]·…·G[t−1], column-major
        int sufCols = 0;
        int next = t; // suffix currently covers transforms[next..t)
        for (int b = blocks.size() - 1; b >= 0; b--) {
            int[] sh = blockShape.get(b);
            int born = sh[2];
            while (next > born) {
                next--;
                int[] gs = transformShape.get(next);
                double[] gm = transforms.get(next);
                if (suffix == null) {
                    suffix = gm.clone();
                    sufCols = gs[1];
                } else {
                    suffix = multiply(gm, gs[0], gs[1], suffix, sufCols);
                }
            }
            if (born < t) {
                blocks.set(b, multiply(blocks.get(b), sh[0], sh[1], suffix, sufCols));
                blockShape.set(b, new int[] {sh[0], sufCols, t});
            }
        }
        transforms.clear();
        transformShape.clear();
        pendingTransformElements = 0;
        for (int b = 0; b < blocks.size(); b++) {
            blockShape.get(b)[2] = 0;
        }
    }

    /** (a: ar×ac) · (b: ac×bc), column-major. */
    private static double[] multiply(double[] a, int ar, int ac, double[] b, int bc) {
        double[] c = new double[ar * bc];
        for (int j = 0; j < bc; j++) {
            for (int p = 0; p < ac; p++) {
                double x = b[j * ac + p];
                if (x == 0) {
                    continue;
                }
                int ao = p * ar;
                int co = j * ar;
                for (int i = 0; i < ar; i++) {
                    c[co + i] += a[ao + i] * x;
                }
            }
        }
        return c;
    }

    /**
     * Rows fed so far (m).
     *
     * @return m, ≥ 0
     */
    public long rowsSeen() {
        return rowsSeen;
    }

    /**
     * Columns of every row (n).
     *
     * @return n, ≥ 1
     */
    public int cols() {
        return cols;
    }

    /**
     * Current rank: {@code min(k, rows seen)}.
     *
     * @return the rank, in {@code [0, k]}
     */
    public int rank() {
        return rank;
    }

    /**
     * Blocks absorbed (empty ones not counted).
     *
     * @return the count, ≥ 0
     */
    public int updates() {
        return updates;
    }

    /**
     * Which factors are kept.
     *
     * @return U_AND_V or V_ONLY
     */
    public Keep keep() {
        return keep;
    }

    /**
     * An upper bound on {@code ‖A − U·Σ·Vᵀ‖₂} over the rows seen: the sum over updates of the
     * largest singular value each truncation dropped. By Weyl's inequality every value returned is
     * also within this of the batch SVD's.
     *
     * @return the bound, ≥ 0
     */
    public double errorBound() {
        return errorBound;
    }

    /**
     * The current singular values, non-increasing (a copy).
     *
     * @return a new array of {@link #rank()} values
     */
    public double[] singularValues() {
        return s.clone();
    }

    /**
     * The current Vᵀ (rank×n) as a new matrix of the stream's dtype, signs as {@link #snapshot()}.
     *
     * @return a new owning rank×n matrix: close it
     */
    public Matrix vt() {
        try (Matrix v = rightVectors()) {
            Matrix vt = LowRankSupport.flippedVt(null, v);
            if (dtype == DType.F64) {
                return vt;
            }
            try (vt) {
                return vt.copy(dtype);
            }
        }
    }

    private Matrix rightVectors() {
        Matrix v = Matrix.zeros(cols, rank, DType.F64);
        double[] col = new double[cols];
        for (int i = 0; i < rank; i++) {
            for (int j = 0; j < cols; j++) {
                col[j] = vt[j * rank + i];
            }
            v.setColumn(i, 0, col, 0, cols);
        }
        return v;
    }

    /**
     * The current rank-k factorisation of the rows seen as a new result (U m×k, values, Vᵀ k×n,
     * in the stream's dtype, signs as the full SVD). Applies the pending transforms to U first
     * ({@code O(m·k²)}); the stream carries on afterwards.
     *
     * @return a new result owning native memory: close it
     * @throws IllegalStateException if U is not kept ({@link Keep#V_ONLY}: use
     *     {@link #singularValues()} and {@link #vt()}), if no rows were fed, or if U (m×k) exceeds
     *     a matrix dimension
     */
    public LowRankSvd snapshot() {
        if (keep != Keep.U_AND_V) {
            throw new IllegalStateException("this stream keeps only Σ and V (Keep.V_ONLY); use singularValues() and vt(),"
                    + " or create it with Keep.U_AND_V");
        }
        if (rowsSeen == 0) {
            throw new IllegalStateException("no rows fed yet: call update(block) first");
        }
        if (rowsSeen > Integer.MAX_VALUE) {
            throw new IllegalStateException(rowsSeen + " rows: U would exceed a matrix dimension (2³¹−1)");
        }
        materialize();
        int m = (int) rowsSeen;
        Matrix u = Matrix.zeros(m, rank, DType.F64);
        Matrix v = null;
        Matrix vt = null;
        try {
            int row0 = 0;
            for (int b = 0; b < blocks.size(); b++) {
                int[] sh = blockShape.get(b);
                int r = sh[0];
                for (int c = 0; c < rank; c++) { // after materialize() every block has rank columns
                    u.setColumn(c, row0, blocks.get(b), c * r, r);
                }
                row0 += r;
            }
            v = rightVectors();
            vt = LowRankSupport.flippedVt(u, v); // signs decided in float64, before any rounding
            String reason = String.format(Locale.ROOT,
                    "incremental (Brand 2002 block update): %d rows in %d blocks, rank %d, ‖A−UΣVᵀ‖₂ ≤ %.3e",
                    rowsSeen, updates, rank, errorBound);
            if (dtype == DType.F64) {
                Matrix uu = u;
                u = null;
                Matrix vvt = vt;
                vt = null;
                return new LowRankSvd(uu, s.clone(), vvt, "streaming", reason, errorBound, updates, true);
            }
            Matrix u32 = u.copy(dtype);
            Matrix vt32;
            try {
                vt32 = vt.copy(dtype);
            } catch (RuntimeException | Error e) {
                u32.close();
                throw e;
            }
            return new LowRankSvd(u32, s.clone(), vt32, "streaming", reason, errorBound, updates, true);
        } finally {
            if (u != null) {
                u.close();
            }
            if (v != null) {
                v.close();
            }
            if (vt != null) {
                vt.close();
            }
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "StreamingSvd[%d rows × %d, rank %d of %d, %s, %s]", rowsSeen, cols, rank, k,
                dtype, keep);
    }
}
