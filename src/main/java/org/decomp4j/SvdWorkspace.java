package org.decomp4j;

import java.util.Objects;

import org.decomp4j.dispatch.Plan;
import org.decomp4j.dispatch.SvdPlanner;
import org.decomp4j.dispatch.SvdRequest;
import org.decomp4j.engine.Storage;
import org.decomp4j.engine.SvdWork;
import org.decomp4j.engine.WorkspaceGuard;

/**
 * SVD of many matrices of one shape with every buffer allocated once: the plan, the working copy,
 * the factors and LAPACK's workspace are made in the constructor and reused by each
 * {@link #compute(Matrix)}, which allocates nothing native. This is the path for batch jobs and
 * small matrices, where per-call allocation would cost more than the decomposition.
 *
 * <pre>{@code
 * try (SvdWorkspace ws = new SvdWorkspace(16, 16, DType.F64, SvdOptions.thin())) {
 *     for (Matrix a : matrices) {
 *         ws.compute(a);
 *         ws.singularValues(s);          // into a caller-owned array
 *         use(ws.u(), ws.vt());           // views, overwritten by the next compute
 *     }
 * }
 * }</pre>
 *
 * <p>Results are overwritten by the next {@code compute}; copy what must outlive it. One thread at a
 * time: a {@code compute} while another thread is in one fails with {@link IllegalStateException}
 * naming that thread (give each thread its own workspace), and a {@code close()} from another
 * thread takes effect when the running {@code compute} returns.
 */
public final class SvdWorkspace implements AutoCloseable {
    private final int rows;
    private final int cols;
    private final DType dtype;
    private final SvdOptions options;
    private final SvdWork work;
    private final Matrix uView;
    private final Matrix vtView;
    private final WorkspaceGuard guard;

    /**
     * Plans and allocates for {@code rows × cols} matrices of {@code dtype}.
     *
     * @param rows m, ≥ 0
     * @param cols n, ≥ 0
     * @param dtype the precision of the factors; inputs of another dtype are converted
     * @param options job, driver, budget and finite check; not {@code null}
     * @throws MemoryBudgetException if the plan does not fit the options' memory budget
     */
    public SvdWorkspace(int rows, int cols, DType dtype, SvdOptions options) {
        Objects.requireNonNull(dtype, "dtype");
        this.options = Objects.requireNonNull(options, "options");
        long budget = options.memoryBudget() > 0 ? options.memoryBudget() : NativeConfig.memoryBudget();
        SvdRequest request = new SvdRequest(rows, cols, options.job(), dtype, options.driver(), budget, false);
        this.rows = rows;
        this.cols = cols;
        this.dtype = dtype;
        this.work = new SvdWork(SvdPlanner.plan(request), request, options.signFlip());
        // read-only views that do not own: the work frees the factors
        this.uView = work.u() == null ? null : Storage.own(work.u()).readOnly();
        this.vtView = work.vt() == null ? null : Storage.own(work.vt()).readOnly();
        this.guard = new WorkspaceGuard(String.format("SvdWorkspace %d×%d %s", rows, cols, dtype), work::close);
    }

    /**
     * The plan every {@link #compute} follows.
     *
     * @return the plan made at construction
     */
    public Plan plan() {
        return work.plan();
    }

    /**
     * The plan the last {@link #compute} actually ran (differs after a gesdd→gesvd fallback).
     *
     * @return the plan of the last run; {@link #plan()} before any
     */
    public Plan lastPlan() {
        return work.lastPlan();
    }

    /**
     * The routines the last {@link #compute} ran, as {@link Svd#routine()} names them (e.g.
     * {@code "dgesdd"}, or {@code "dgeqrt+dgesdd+dlarfb"} for a tall matrix taken QR first).
     *
     * @return the routine names; the plan's routine before any run
     */
    public String routine() {
        return work.routine();
    }

    /**
     * Decomposes {@code a} into this workspace's buffers, overwriting the previous result.
     * {@code a} is converted to the workspace dtype if needed and left untouched.
     *
     * @param a the {@code rows × cols} matrix; not modified
     * @throws IllegalArgumentException if {@code a} is not {@code rows × cols}
     * @throws IllegalStateException    if another thread is computing with this workspace, or it is closed
     * @throws NonFiniteInputException  if {@code a} holds NaN or infinity (unless the check is off)
     * @throws NotConvergedException    if the driver (and the gesvd retry after gesdd) failed
     */
    public void compute(Matrix a) {
        guard.enter();
        try {
            checkInput(a);
            work.run(a);
        } finally {
            guard.exit();
        }
    }

    private void checkInput(Matrix a) {
        WorkspaceGuard.checkShape(a, rows, cols);
        if (options.finiteCheck() == FiniteCheck.ON) {
            a.requireFinite("A");
        }
    }

    /**
     * Decomposes {@code a} as {@link #compute(Matrix)} does and delivers the factors to caller-owned
     * heap arrays, column-major: {@code s} (at least k = min(rows, cols) slots), {@code u}
     * (rows × k, or rows × rows for {@link Job#ALL}) and {@code vt} (k × cols, or cols × cols). Pass
     * null for both {@code u} and {@code vt} to get the values alone. F32 results are float values
     * widened. Matrices on a pure-Java path ({@link org.decomp4j.dispatch.Routine#isJava()})
     * go straight to the arrays without a round trip through native memory, which at 4×4 costs
     * as much as the decomposition; afterwards {@link #u()}, {@link #vt()} and
     * {@link #singularValues()} are undefined until the next {@link #compute(Matrix)}.
     *
     * @param a the {@code rows × cols} matrix; not modified
     * @param s receives the k singular values, non-increasing
     * @param u receives U column-major, or null for values alone
     * @param vt receives Vᵀ column-major, or null for values alone
     * @throws IllegalArgumentException if a shape or an array length is wrong, or only one of u, vt is given
     * @throws IllegalStateException    if factors are asked of a values-only ({@link Job#NONE}) workspace,
     *     another thread is computing with it, or it is closed
     * @throws NonFiniteInputException  if {@code a} holds NaN or infinity (unless the check is off)
     * @throws NotConvergedException    if the driver (and the gesvd retry after gesdd) failed
     */
    public void compute(Matrix a, double[] s, double[] u, double[] vt) {
        guard.enter();
        try {
            Objects.requireNonNull(s, "s");
            int k = Math.min(rows, cols);
            boolean vectors = u != null || vt != null;
            if (vectors && (u == null || vt == null)) {
                throw new IllegalArgumentException("give both u and vt, or neither (values only)");
            }
            if (vectors && uView == null) {
                throw new IllegalStateException("this workspace computes singular values only (Job.NONE)");
            }
            if (vectors && dtype.isComplex()) {
                throw new IllegalArgumentException("SvdWorkspace.compute into arrays: " + dtype.numpyName()
                        + " factors do not fit real arrays; use compute(Matrix) with u() and vt()");
            }
            int uc = uView == null ? 0 : uView.cols();
            int vr = vtView == null ? 0 : vtView.rows();
            if (s.length < k || vectors && ((long) u.length < (long) rows * uc || (long) vt.length < (long) vr * cols)) {
                throw new IllegalArgumentException(String.format("arrays too short: s %d (needs %d)%s", s.length, k,
                        vectors ? String.format(", u %d (needs %d), vt %d (needs %d)", u.length, (long) rows * uc,
                                vt.length, (long) vr * cols) : ""));
            }
            checkInput(a);
            if (work.runInto(a, s, vectors ? u : null, vectors ? vt : null)) {
                return;
            }
            work.run(a);
            work.values(s);
            if (vectors) {
                work.factors(u, vt);
            }
        } finally {
            guard.exit();
        }
    }

    /**
     * Copies the {@code min(rows, cols)} singular values of the last result into {@code dst}.
     *
     * @param dst receives the values, non-increasing; length at least {@code min(rows, cols)}
     */
    public void singularValues(double[] dst) {
        checkOpen();
        work.values(dst);
    }

    /**
     * The singular values of the last result as a new array.
     *
     * @return a new array of {@code min(rows, cols)} values, non-increasing
     */
    public double[] singularValues() {
        double[] out = new double[Math.min(rows, cols)];
        singularValues(out);
        return out;
    }

    /**
     * U of the last result: a read-only view overwritten by the next {@link #compute}.
     *
     * @return a read-only m×k view (m×m for {@link Job#ALL})
     */
    public Matrix u() {
        checkOpen();
        if (uView == null) {
            throw new IllegalStateException("this workspace computes singular values only (Job.NONE)");
        }
        return uView;
    }

    /**
     * Vᵀ of the last result: a read-only view overwritten by the next {@link #compute}.
     *
     * @return a read-only k×n view (n×n for {@link Job#ALL})
     */
    public Matrix vt() {
        checkOpen();
        if (vtView == null) {
            throw new IllegalStateException("this workspace computes singular values only (Job.NONE)");
        }
        return vtView;
    }

    /**
     * Native bytes this workspace holds.
     *
     * @return bytes, ≥ 0
     */
    public long bytes() {
        return work.bytes();
    }

    private void checkOpen() {
        guard.checkOpen();
    }

    /** Frees every buffer (after the running {@code compute}, if another thread is in one). Idempotent. */
    @Override
    public void close() {
        guard.close();
    }
}
