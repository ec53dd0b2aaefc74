package org.decomp4j;

import java.util.Objects;
import java.util.Optional;

import org.decomp4j.dispatch.Plan;
import org.decomp4j.dispatch.Routine;
import org.decomp4j.dispatch.SvdPlanner;
import org.decomp4j.dispatch.SvdRequest;
import org.decomp4j.lapack.Blas;
import org.decomp4j.lapack.Block;
import org.decomp4j.lapack.Gesdd;
import org.decomp4j.lapack.Gesvd;
import org.decomp4j.lapack.NativeBuffer;
import org.decomp4j.lapack.Workspace;

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
    private final SvdRequest request;
    private final Plan plan;
    private final Block work;
    private final NativeBuffer s;
    private final Block u;
    private final Block vt;
    private final Matrix uView;
    private final Matrix vtView;
    private final Workspace lapackWork = new Workspace();
    private final long lwork;
    private final double[] flipScratch;
    private final Workspaces.Guard guard;
    private Plan lastPlan;

    /**
     * Plans and allocates for {@code rows × cols} matrices of {@code dtype}.
     *
     * @throws MemoryBudgetException if the plan does not fit the options' memory budget
     */
    public SvdWorkspace(int rows, int cols, DType dtype, SvdOptions options) {
        Objects.requireNonNull(dtype, "dtype");
        this.options = Objects.requireNonNull(options, "options");
        long budget = options.memoryBudget() > 0 ? options.memoryBudget() : NativeConfig.memoryBudget();
        this.request = new SvdRequest(rows, cols, options.job(), dtype, options.driver(), budget, false);
        this.plan = SvdPlanner.plan(request);
        this.lastPlan = plan;
        this.rows = rows;
        this.cols = cols;
        this.dtype = dtype;
        int k = Math.min(rows, cols);
        Job job = options.job();
        Block w = null;
        NativeBuffer sv = null;
        Block ub = null;
        Block vb = null;
        try {
            w = Block.allocate(dtype, rows, cols);
            sv = NativeBuffer.allocate(dtype, Math.max(1, k));
            if (job != Job.NONE) {
                boolean oInA = plan.routine() == Routine.GESDD && plan.jobu() == 'O'
                        || plan.routine() == Routine.GESVJ && job == Job.THIN && rows >= cols;
                boolean uInA = oInA && rows >= cols;
                boolean vtInA = oInA && rows < cols && plan.routine() == Routine.GESDD;
                int uc = job == Job.ALL ? rows : k;
                int vr = job == Job.ALL ? cols : k;
                ub = uInA ? w : Block.allocate(dtype, rows, uc);
                vb = vtInA ? w : Block.allocate(dtype, vr, cols);
                if (plan.routine() == Routine.NONE && job == Job.ALL) {
                    fillIdentity(ub);
                    fillIdentity(vb);
                }
            }
            this.work = w;
            this.s = sv;
            this.u = ub;
            this.vt = vb;
            long flipNeed = vb == null ? 0 : SvdEngine.flipScratchLength(ub, vb);
            this.flipScratch = vb != null && flipNeed <= SvdEngine.SMALL_FLIP ? new double[(int) flipNeed] : null;
            this.uView = ub == null ? null : Matrix.own(ub).readOnly();
            this.vtView = vb == null ? null : Matrix.own(vb).readOnly();
            this.lwork = SvdEngine.lwork(plan, request);
            if (plan.routine() == Routine.GESDD) { // allocate now so compute() does not
                lapackWork.floats(dtype, lwork);
                lapackWork.ints(Gesdd.iworkLength(rows, cols));
            } else if (plan.routine() == Routine.GESVD) {
                lapackWork.floats(dtype, lwork);
            }
            this.guard = new Workspaces.Guard(String.format("SvdWorkspace %d×%d %s", rows, cols, dtype),
                    this::release);
        } catch (RuntimeException | Error e) {
            for (Object o : new Object[] {w, ub, vb}) {
                if (o instanceof Block b) {
                    b.buffer().close();
                }
            }
            if (sv != null) {
                sv.close();
            }
            lapackWork.close();
            throw e;
        }
    }

    private static void fillIdentity(Block b) {
        for (int i = 0; i < Math.min(b.rows(), b.cols()); i++) {
            b.set(i, i, 1.0);
        }
    }

    /** The plan every {@link #compute} follows. */
    public Plan plan() {
        return plan;
    }

    /** The plan the last {@link #compute} actually ran (differs after a gesdd→gesvd fallback). */
    public Plan lastPlan() {
        return lastPlan;
    }

    /**
     * Decomposes {@code a} into this workspace's buffers, overwriting the previous result.
     * {@code a} is converted to the workspace dtype if needed and left untouched.
     *
     * @throws IllegalArgumentException if {@code a} is not {@code rows × cols}
     * @throws NonFiniteInputException  if {@code a} holds NaN or infinity (unless the check is off)
     * @throws NotConvergedException    if the driver (and the gesvd retry after gesdd) failed
     */
    public void compute(Matrix a) {
        guard.enter();
        try {
            computeEntered(a);
        } finally {
            guard.exit();
        }
    }

    private void computeEntered(Matrix a) {
        checkShape(a);
        if (options.finiteCheck() == FiniteCheck.ON) {
            a.requireFinite("A");
        }
        if (plan.routine() == Routine.NONE) {
            return;
        }
        if (plan.routine().isJava() && !a.isTransposed()) {
            // reads A directly (no working copy) and flips signs before writing the factors
            SmallSvd.run(plan, a.stored(), s, u, vt, options.signFlip());
            lastPlan = plan;
            return;
        }
        a.copyInto(work);
        try {
            SvdEngine.run(plan, work, s, u, vt, lapackWork, lwork);
            lastPlan = plan;
        } catch (NotConvergedException e) {
            Optional<Plan> retry = SvdPlanner.fallback(request, plan, e.unconverged());
            if (retry.isEmpty()) {
                throw e;
            }
            retryWithGesvd(a, retry.get());
        }
        if (options.signFlip() && u != null) {
            SvdEngine.flipSigns(u, vt, Math.min(rows, cols), flipScratch);
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
     * @throws IllegalArgumentException if a shape or an array length is wrong, or only one of u, vt is given
     * @throws IllegalStateException    if factors are asked of a values-only ({@link Job#NONE}) workspace
     * @throws NonFiniteInputException  if {@code a} holds NaN or infinity (unless the check is off)
     * @throws NotConvergedException    if the driver (and the gesvd retry after gesdd) failed
     */
    public void compute(Matrix a, double[] s, double[] u, double[] vt) {
        guard.enter();
        try {
            computeEntered(a, s, u, vt);
        } finally {
            guard.exit();
        }
    }

    private void computeEntered(Matrix a, double[] s, double[] u, double[] vt) {
        Objects.requireNonNull(s, "s");
        int k = Math.min(rows, cols);
        boolean vectors = u != null || vt != null;
        if (vectors && (u == null || vt == null)) {
            throw new IllegalArgumentException("give both u and vt, or neither (values only)");
        }
        if (vectors && this.u == null) {
            throw new IllegalStateException("this workspace computes singular values only (Job.NONE)");
        }
        int uc = this.u == null ? 0 : this.u.cols();
        int vr = this.vt == null ? 0 : this.vt.rows();
        if (s.length < k || vectors && ((long) u.length < (long) rows * uc || (long) vt.length < (long) vr * cols)) {
            throw new IllegalArgumentException(String.format("arrays too short: s %d (needs %d)%s", s.length, k,
                    vectors ? String.format(", u %d (needs %d), vt %d (needs %d)", u.length, (long) rows * uc,
                            vt.length, (long) vr * cols) : ""));
        }
        if (plan.routine().isJava() && !a.isTransposed()) {
            checkShape(a);
            if (options.finiteCheck() == FiniteCheck.ON) {
                a.requireFinite("A");
            }
            SmallSvd.run(plan, a.stored(), s, u, uc, vt, vr);
            lastPlan = plan;
            if (options.signFlip() && vectors) {
                SvdEngine.flipSigns(vt, 0, vr, cols, u, 0, rows, k);
            }
            return;
        }
        computeEntered(a);
        singularValues(s);
        if (vectors) {
            for (int j = 0; j < uc; j++) {
                uView.getColumn(j, 0, u, j * rows, rows);
            }
            for (int j = 0; j < cols; j++) {
                vtView.getColumn(j, 0, vt, j * vr, vr);
            }
        }
    }

    private void checkShape(Matrix a) {
        if (a.rows() != rows || a.cols() != cols) {
            throw new IllegalArgumentException(String.format(
                    "this workspace is for %d×%d matrices, got %d×%d", rows, cols, a.rows(), a.cols()));
        }
    }

    /** gesvd into temporaries (its factors never alias the working copy), then into place. */
    private void retryWithGesvd(Matrix a, Plan retry) {
        Block tu = null;
        Block tvt = null;
        Block tw = a.denseCopy(dtype);
        try {
            if (u != null) {
                tu = Block.allocate(dtype, u.rows(), u.cols());
                tvt = Block.allocate(dtype, vt.rows(), vt.cols());
            }
            long lw = Gesvd.query(dtype, retry.jobu(), retry.jobv(), rows, cols);
            SvdEngine.run(retry, tw, s, tu, tvt, lapackWork, lw);
            if (u != null) {
                Blas.copy(tu, u);
                Blas.copy(tvt, vt);
            }
            lastPlan = retry;
        } finally {
            tw.buffer().close();
            if (tu != null) {
                tu.buffer().close();
                tvt.buffer().close();
            }
        }
    }

    /** Copies the {@code min(rows, cols)} singular values of the last result into {@code dst}. */
    public void singularValues(double[] dst) {
        checkOpen();
        int k = Math.min(rows, cols);
        if (dst.length < k) {
            throw new IllegalArgumentException("destination has " + dst.length + " slots, needs " + k);
        }
        if (k > 0) {
            s.read(0, dst, 0, k);
        }
    }

    /** The singular values of the last result as a new array. */
    public double[] singularValues() {
        double[] out = new double[Math.min(rows, cols)];
        singularValues(out);
        return out;
    }

    /** U of the last result: a read-only view overwritten by the next {@link #compute}. */
    public Matrix u() {
        checkOpen();
        if (uView == null) {
            throw new IllegalStateException("this workspace computes singular values only (Job.NONE)");
        }
        return uView;
    }

    /** Vᵀ of the last result: a read-only view overwritten by the next {@link #compute}. */
    public Matrix vt() {
        checkOpen();
        if (vtView == null) {
            throw new IllegalStateException("this workspace computes singular values only (Job.NONE)");
        }
        return vtView;
    }

    /** Native bytes this workspace holds. */
    public long bytes() {
        long es = dtype.bytes();
        long b = work.size() * es + s.length() * es + lapackWork.bytes();
        if (u != null && u != work) {
            b += u.size() * es;
        }
        if (vt != null && vt != work) {
            b += vt.size() * es;
        }
        return b;
    }

    private void checkOpen() {
        guard.checkOpen();
    }

    /** Frees every buffer (after the running {@code compute}, if another thread is in one). Idempotent. */
    @Override
    public void close() {
        guard.close();
    }

    private void release() {
        work.buffer().close();
        s.close();
        if (u != null) {
            u.buffer().close();
        }
        if (vt != null) {
            vt.buffer().close();
        }
        lapackWork.close();
    }
}
