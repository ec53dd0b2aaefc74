package org.decomp4j.engine;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.dispatch.LuPlanner;
import org.decomp4j.lapack.Blas;
import org.decomp4j.lapack.Block;
import org.decomp4j.lapack.Getrf;
import org.decomp4j.lapack.NativeBuffer;

/**
 * The one LU executor: the packed factors and pivots of one shape, allocated once, filled by
 * {@link #run} once ({@code Lu.of}) or many times ({@code LuWorkspace}, the batch), with the
 * routine {@link LuPlanner} chose. It also owns what is done with the factors (solve, inverse,
 * condition estimate) and the one unpacking of P, L and U. One thread at a time; not a user API.
 */
public final class LuWork implements AutoCloseable {
    private static final double[] ONE = {1.0};

    private final int rows;
    private final int cols;
    private final DType dtype;
    private final LuPlanner.LuPlan plan;
    private final Block f;
    private final NativeBuffer ipiv;
    private final boolean borrowed; // f is a caller's matrix (inPlace): close() leaves it
    private volatile boolean closed;
    private int zeroPivot = -1;
    private volatile double anorm = -1; // ‖A‖₁, rebuilt from the factors on the first rcond()

    /** Allocates for {@code rows × cols} matrices of {@code dtype}. */
    public LuWork(int rows, int cols, DType dtype) {
        this(Block.allocate(dtype, rows, cols), dtype, false);
    }

    private LuWork(Block f, DType dtype, boolean borrowed) {
        this.rows = f.rows();
        this.cols = f.cols();
        this.dtype = dtype;
        this.plan = LuPlanner.plan(dtype, rows, cols);
        this.f = f;
        this.borrowed = borrowed;
        NativeBuffer p = null;
        try {
            p = NativeBuffer.ints(Math.max(1, Math.min(rows, cols)));
        } catch (RuntimeException | Error e) {
            if (!borrowed) {
                f.buffer().close();
            }
            throw e;
        }
        this.ipiv = p;
    }

    /**
     * A work that factors {@code a} in its own storage: no m×n copy and no m×n allocation (SciPy's
     * {@code overwrite_a}); {@code a}'s elements become the packed factors. Its buffer stays the
     * caller's: {@link #close()} leaves it, and closing {@code a} first makes this work report
     * itself closed rather than read freed memory (every access pins the buffer).
     *
     * @throws IllegalArgumentException if {@code a} is a transposed or read-only view
     */
    public static LuWork inPlace(Matrix a) {
        return new LuWork(Storage.writable(a), a.dtype(), true);
    }

    /** Factors the borrowed matrix where it lies ({@link #inPlace}); a singular matrix is a result. */
    public void runInPlace() {
        if (!borrowed) {
            throw new IllegalStateException("not an in-place LU work");
        }
        factor();
    }

    /** Factors {@code a} (untouched, converted to this dtype); a singular matrix is a result. */
    public void run(Matrix a) {
        if (borrowed) {
            throw new IllegalStateException("an in-place LU work factors its own matrix: runInPlace()");
        }
        Storage.copyInto(a, f);
        factor();
    }

    private void factor() {
        // the real path rebuilds ‖A‖₁ from the factors on demand (trmm); complex trmm is not bound,
        // so a complex run takes the norm now, O(m·n) beside the O(m·n²) factorization
        anorm = dtype.isComplex() && rows == cols ? Blas.lange('1', f) : -1;
        zeroPivot = Getrf.getrf(f, ipiv, binding(plan));
    }

    /** The LAPACK routine that factors, e.g. {@code dgetrf2}. */
    public String routine() {
        return plan.routine();
    }

    /** L and U packed as LAPACK leaves them (owned by this work, or the caller's matrix when in place). */
    public Block packed() {
        return f;
    }

    /** 0-based index of the first exactly-zero pivot of the last run, or -1. */
    public int zeroPivot() {
        return zeroPivot;
    }

    /** The k = min(rows, cols) row interchanges of the last run, 0-based, into {@code dst}. */
    public void pivots(int[] dst) {
        int k = Math.min(rows, cols);
        if (dst.length < k) {
            throw new IllegalArgumentException("destination has " + dst.length + " slots, needs " + k);
        }
        if (k > 0) {
            ipiv.read(0, dst, 0, k);
        }
        for (int i = 0; i < k; i++) {
            dst[i] -= 1;
        }
    }

    /** The row order {@code perm} (length m) with {@code (L·U)[i][:] = A[perm[i]][:]}, i.e. {@code P[perm[i]][i] = 1}. */
    public int[] permutation() {
        int[] piv = new int[Math.min(rows, cols)];
        pivots(piv);
        int[] perm = new int[rows];
        for (int i = 0; i < rows; i++) {
            perm[i] = i;
        }
        for (int i = 0; i < piv.length; i++) {
            int t = perm[i];
            perm[i] = perm[piv[i]];
            perm[piv[i]] = t;
        }
        return perm;
    }

    /** Receives column pieces of a factor: column {@code j}, rows {@code from..from+len}, from {@code src[0..len)}. */
    @FunctionalInterface
    public interface Columns {
        /** Writes one column piece. */
        void set(int j, int from, double[] src, int len);
    }

    /** Writes P (m×m) into a zero-filled target: one 1 per column. */
    public void p(Columns out) {
        int[] perm = permutation();
        for (int i = 0; i < rows; i++) {
            out.set(i, perm[i], ONE, 1);
        }
    }

    /** Writes L (m×k, unit lower triangular) into a zero-filled target, in column pieces. */
    public void l(Columns out) {
        int k = Math.min(rows, cols);
        double[] col = new double[Math.max(1, rows)];
        for (int j = 0; j < k; j++) {
            out.set(j, j, ONE, 1);
            int len = rows - j - 1;
            f.buffer().read(f.index(Math.min(j + 1, rows - 1), j), col, 0, len);
            out.set(j, j + 1, col, len);
        }
    }

    /** Writes U (k×n, upper triangular) into a zero-filled target, in column pieces. */
    public void u(Columns out) {
        int k = Math.min(rows, cols);
        double[] col = new double[Math.max(1, k)];
        for (int j = 0; j < cols && k > 0; j++) {
            int len = Math.min(j, k - 1) + 1;
            f.buffer().read(f.index(0, j), col, 0, len);
            out.set(j, 0, col, len);
        }
    }

    /** Writes P (m×m) into the zero-filled block {@code dst} of any dtype. */
    public void p(Block dst) {
        int[] perm = permutation();
        for (int i = 0; i < rows; i++) {
            dst.set(perm[i], i, 1, 0);
        }
    }

    /** Writes L (m×k, unit lower triangular) into the zero-filled block {@code dst} of this dtype. */
    public void l(Block dst) {
        int k = Math.min(rows, cols);
        for (int j = 0; j < k; j++) {
            dst.set(j, j, 1, 0);
            int len = rows - j - 1;
            if (len > 0) {
                NativeBuffer.copy(f.buffer(), f.index(j + 1, j), dst.buffer(), dst.index(j + 1, j), len);
            }
        }
    }

    /** Writes U (k×n, upper triangular) into the zero-filled block {@code dst} of this dtype. */
    public void u(Block dst) {
        int k = Math.min(rows, cols);
        for (int j = 0; j < cols && k > 0; j++) {
            NativeBuffer.copy(f.buffer(), f.index(0, j), dst.buffer(), dst.index(0, j), Math.min(j, k - 1) + 1);
        }
    }

    /** A column sink over a column-major heap array with {@code rows} rows. */
    public static Columns into(double[] dst, int rows) {
        return (j, from, src, len) -> System.arraycopy(src, 0, dst, j * rows + from, len);
    }

    /** Solves {@code A·X = B} in place in the square system's {@code x} (n × nrhs, this dtype). */
    public void solve(Block x) {
        requireNonsingular();
        Getrf.getrs('N', f, ipiv, x);
    }

    /** Writes {@code A⁻¹} into {@code dst} (n×n, this dtype). */
    public void inverse(Block dst) {
        requireNonsingular();
        Blas.copy(f, dst);
        long lwork = Getrf.getriQuery(dtype, rows);
        try (NativeBuffer work = NativeBuffer.allocate(dtype, lwork)) {
            Getrf.getri(dst, ipiv, work, lwork);
        }
    }

    /**
     * Reciprocal condition estimate {@code 1/(‖A‖₁·‖A⁻¹‖₁)} ({@code gecon}); 0 when singular. The
     * first call rebuilds {@code L·U} for ‖A‖₁ ({@code trmm}, {@code 2n³/3} flops; row swaps do not
     * change column sums) and keeps it.
     */
    public double rcond() {
        if (zeroPivot >= 0) {
            return 0.0;
        }
        double norm = anorm;
        if (norm < 0) {
            int n = rows;
            Block prod = Block.zeros(dtype, n, n);
            try {
                for (int j = 0; j < n; j++) { // U, the upper triangle of the packed factors
                    NativeBuffer.copy(f.buffer(), f.index(0, j), prod.buffer(), prod.index(0, j), j + 1);
                }
                Blas.trmmLeft('L', true, f, prod); // L·U = Pᵀ·A
                norm = Blas.lange('1', prod);
            } finally {
                prod.buffer().close();
            }
            anorm = norm;
        }
        if (norm == Double.POSITIVE_INFINITY) {
            return 0.0; // an overflowing norm: as ill-conditioned as it gets in this precision
        }
        if (Double.isNaN(norm)) {
            return Double.NaN; // non-finite input let through with FiniteCheck.OFF
        }
        return Getrf.gecon(f, norm);
    }

    private void requireNonsingular() {
        if (zeroPivot >= 0) {
            throw Getrf.singular(plan.routine(), zeroPivot, rows);
        }
    }

    /** True once closed. */
    public boolean isClosed() {
        return closed || f.buffer().isClosed();
    }

    /** Frees the factors. Idempotent. */
    @Override
    public void close() {
        closed = true;
        if (!borrowed) {
            f.buffer().close();
        }
        ipiv.close();
    }

    /** The binding's variant for a plan (the planner's enum keeps {@code dispatch}'s API free of binding types). */
    static Getrf.Variant binding(LuPlanner.LuPlan plan) {
        return plan.variant() == LuPlanner.Variant.GETRF2 ? Getrf.Variant.GETRF2 : Getrf.Variant.GETRF;
    }
}
