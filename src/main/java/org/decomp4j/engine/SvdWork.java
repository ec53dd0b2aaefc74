package org.decomp4j.engine;

import java.util.Optional;

import org.decomp4j.DType;
import org.decomp4j.Job;
import org.decomp4j.Matrix;
import org.decomp4j.NotConvergedException;
import org.decomp4j.dispatch.Plan;
import org.decomp4j.dispatch.Routine;
import org.decomp4j.dispatch.SvdPlanner;
import org.decomp4j.dispatch.SvdRequest;
import org.decomp4j.dispatch.TallSvd;
import org.decomp4j.dispatch.TwoStageSvd;
import org.decomp4j.lapack.Blas;
import org.decomp4j.lapack.Block;
import org.decomp4j.lapack.Geqrf;
import org.decomp4j.lapack.Geqrt;
import org.decomp4j.lapack.Gesdd;
import org.decomp4j.lapack.Gesvd;
import org.decomp4j.lapack.Gesvj;
import org.decomp4j.lapack.NativeBuffer;
import org.decomp4j.lapack.TwoStageValues;
import org.decomp4j.lapack.Workspace;

/**
 * The one SVD executor: built from a {@link Plan} once, run once ({@code Svd.of}) or many times
 * ({@code SvdWorkspace}, and through it the batch kernel), in the manner of ndarray-linalg's
 * {@code SvdDcWork}. The constructor allocates everything the plan prices: the working copy of
 * A, the singular values, U and Vᵀ laid out by the plan's aliasing rules (gesdd JOBZ=O and thin
 * Jacobi leave one factor in the working copy), and LAPACK's workspace. {@link #run} copies an
 * input in, carries the plan out, retries with gesvd when gesdd does not converge, and applies
 * the sign convention. Those rules are written here and nowhere else.
 *
 * <p>One thread at a time (its owner guards it); not a user API.
 */
public final class SvdWork implements AutoCloseable {
    /** Test hook: may throw before a routine runs, to exercise the fallback path. */
    public interface Injector {
        /** Called before each routine of a plan runs. */
        void beforeRun(Plan plan);
    }

    private static volatile Injector injector = p -> { };

    private final Plan plan;
    private final SvdRequest request;
    private final int rows;
    private final int cols;
    private final DType dtype;
    private final boolean signFlip;
    private final Block work;      // the working copy; null when the caller lends its own storage
    private final NativeBuffer s;
    private final Block u;         // may be work itself (JOBZ=O with m ≥ n, thin Jacobi with m ≥ n)
    private final Block vt;        // may be work itself (JOBZ=O with m < n)
    private final Workspace lapack = new Workspace();
    private final long lwork;
    private final int tallNb;          // QR first (dispatch.TallSvd): geqrt's block size, else 0
    private final Block tallR;         // its R (n×n) and block factors T (nb×n); null unless QR first
    private final Block tallT;
    private final NativeBuffer tallWork;
    private final long tallLwork;      // gesdd's workspace for R
    private final boolean wide;        // QR first of Aᵀ (a wide A, n ≥ 2m), in the working copy's buffer as n×m
    private final Block wideU;         // the wide path's U_R and V_Rᵀ (m×m each, thin only), transposed into place
    private final Block wideVt;
    private final int band;            // values by two stages (dispatch.TwoStageSvd), of A or of R: band width, else 0
    private final NativeBuffer bandScratch;
    private final double[] flipScratch;
    private boolean uTaken;
    private boolean vtTaken;
    private boolean closed;
    private Plan lastPlan;
    private String fallback;

    /** Replaces the test hook ({@code null} restores the no-op); tests only. */
    public static void injectForTests(Injector i) {
        injector = i == null ? p -> { } : i;
    }

    /**
     * Allocates for {@code plan} (with its working copy of A).
     *
     * @param plan     what to run, from {@link SvdPlanner}
     * @param request  the request the plan answers (its budget sizes LAPACK's workspace)
     * @param signFlip apply the sign convention to the vectors
     */
    public SvdWork(Plan plan, SvdRequest request, boolean signFlip) {
        this(plan, request, signFlip, false);
    }

    /**
     * Allocates for one run on storage the caller lends ({@link #run(Matrix)} then works in the
     * input's own storage): no working copy is made when the plan allows it.
     *
     * @param overwrite the caller allows the input to be destroyed ({@code overwriteInput})
     */
    public static SvdWork forOneRun(Plan plan, SvdRequest request, boolean signFlip, Matrix a, boolean overwrite) {
        // JOBZ=O and Jacobi turn the working copy into a factor, so they never work in place; the
        // Java drivers read A and never write it
        boolean lend = !Storage.isTransposed(a) && (plan.routine().isJava()
                || overwrite && plan.routine() != Routine.GESVJ && plan.jobu() != 'O');
        return new SvdWork(plan, request, signFlip, lend);
    }

    private SvdWork(Plan plan, SvdRequest request, boolean signFlip, boolean lend) {
        this.plan = plan;
        this.request = request;
        this.lastPlan = plan;
        this.rows = (int) request.rows();
        this.cols = (int) request.cols();
        this.dtype = request.dtype();
        this.signFlip = signFlip;
        int m = rows;
        int n = cols;
        int k = Math.min(m, n);
        Job job = plan.job();
        Block w = null;
        NativeBuffer sv = null;
        Block ub = null;
        Block vb = null;
        Block tr = null;
        Block tt = null;
        NativeBuffer tw = null;
        NativeBuffer bs = null;
        Block wu = null;
        Block wv = null;
        try {
            w = lend || plan.routine() == Routine.NONE ? null : Block.allocate(dtype, m, n);
            sv = NativeBuffer.allocate(dtype.real(), Math.max(1, k)); // singular values are real
            boolean thinJacobi = plan.routine() == Routine.GESVJ && job == Job.THIN;
            boolean oInWork = plan.routine() == Routine.GESDD && plan.jobz() == 'O' || thinJacobi && m >= n;
            if (job != Job.NONE && plan.routine() == Routine.NONE) { // empty: NumPy's shapes, identities for ALL
                ub = Block.zeros(dtype, m, job == Job.ALL ? m : 0);
                vb = Block.zeros(dtype, job == Job.ALL ? n : 0, n);
                fillIdentity(ub);
                fillIdentity(vb);
            } else if (job != Job.NONE) {
                ub = oInWork && m >= n ? w : Block.allocate(dtype, m, job == Job.ALL ? m : k);
                vb = oInWork && m < n && !thinJacobi ? w : Block.allocate(dtype, job == Job.ALL ? n : k, n);
            }
            this.work = w;
            this.s = sv;
            this.u = ub;
            this.vt = vb;
            long flipNeed = vb == null ? 0 : SignConvention.flipScratchLength(ub, vb);
            this.flipScratch = vb != null && flipNeed <= SignConvention.SMALL_FLIP ? new double[(int) flipNeed] : null;
            this.lwork = lwork(plan, request);
            int nb = plan.routine() == Routine.GESDD ? TallSvd.blockSize(dtype, m, n, plan.jobz()) : 0;
            boolean wd = false;
            if (nb == 0 && plan.routine() == Routine.GESDD && w != null) {
                nb = TallSvd.blockSize(dtype, n, m, plan.jobz()); // a wide A: the same path on Aᵀ
                wd = nb > 0;
            }
            long lwR = nb > 0 ? Gesdd.query(dtype, plan.jobz(), k, k) : 0;
            long extra = TallSvd.extraElements(k, nb, lwR) + (wd && plan.jobz() == 'S' ? 2L * k * k : 0);
            if (nb > 0 && extra * dtype.bytes() > spareBytes(plan, request, lwork)) {
                nb = 0; // the budget priced one gesdd: keep to it
                wd = false;
            }
            this.tallNb = nb;
            this.tallLwork = lwR;
            this.wide = wd;
            if (nb > 0) {
                tr = Block.allocate(dtype, k, k);
                tt = Block.allocate(dtype, nb, k);
                tw = NativeBuffer.allocate(dtype, Math.max(Geqrt.geqrtWork(k, nb), Geqrt.formQWork(k, nb)));
                if (wd && plan.jobz() == 'S') {
                    wu = Block.allocate(dtype, k, k);
                    wv = Block.allocate(dtype, k, k);
                }
            }
            this.tallR = tr;
            this.tallT = tt;
            this.tallWork = tw;
            this.wideU = wu;
            this.wideVt = wv;
            // values only: two stages on A, or on R after the QR above
            int bw = 0;
            if (plan.routine() == Routine.GESDD && plan.jobz() == 'N') {
                long bm = nb > 0 ? k : m; // two stages on R (k×k) after the QR, else on A itself
                long bn = nb > 0 ? k : n;
                bw = TwoStageSvd.band(dtype, bm, bn);
                long need = bw == 0 ? 0 : TwoStageValues.scratchElements(bm, bn, bw);
                long taken = nb > 0 ? extra * dtype.bytes() : 0;
                if (bw > 0 && need * dtype.bytes() > spareBytes(plan, request, lwork) - taken) {
                    bw = 0;
                }
                bs = bw > 0 ? NativeBuffer.allocate(dtype, need) : null;
            }
            this.band = bw;
            this.bandScratch = bs;
            if (plan.routine() == Routine.GESDD) { // allocate now so that run() does not
                // the QR-first path needs gesdd's workspace for R only, two stages on A none (a gesvd retry grows it)
                lapack.floats(dtype, nb > 0 ? lwR : bw > 0 ? 1 : lwork);
                lapack.ints(Gesdd.iworkLength(m, n));
                if (dtype.isComplex()) {
                    lapack.floats(dtype.real(), Gesdd.rworkLength(plan.jobz(), m, n));
                }
            } else if (plan.routine() == Routine.GESVD) {
                lapack.floats(dtype, lwork);
                if (dtype.isComplex()) {
                    lapack.floats(dtype.real(), Gesvd.rworkLength(m, n));
                }
            }
        } catch (RuntimeException | Error e) {
            for (Block b : new Block[] {w, ub, vb, tr, tt, wu, wv}) {
                if (b != null) {
                    b.buffer().close();
                }
            }
            if (sv != null) {
                sv.close();
            }
            if (tw != null) {
                tw.close();
            }
            if (bs != null) {
                bs.close();
            }
            lapack.close();
            throw e;
        }
    }

    /** Bytes the budget leaves after the plan and the workspace {@link #lwork} took. */
    private static long spareBytes(Plan p, SvdRequest r, long lwork) {
        return r.budgetBytes() - p.totalBytes() - Math.max(0, lwork - p.lworkMin()) * r.dtype().bytes();
    }

    /** True when this work runs {@code gesdd} QR first ({@link TallSvd}), of A or of a wide A's transpose: for tests and reports. */
    public boolean qrFirst() {
        return tallNb > 0;
    }

    /** True when the QR-first path runs on a wide A's transpose: for tests and reports. */
    public boolean wide() {
        return wide;
    }

    /**
     * The routines the last run ran, joined by {@code +} when more than one: the plan's
     * ({@code dgesdd}, …), gesvd's after a fallback, or the QR-first and two-stage paths'
     * ({@code dgeqrt+dgesdd+dlarfb}; {@code dgeqrt+dgelq2+dlarft+dlarfb+dgbbrd+dbdsqr}).
     */
    public String routine() {
        if (lastPlan != plan || tallNb == 0 && band == 0) {
            return lastPlan.routineName();
        }
        String p = String.valueOf(dtype.prefix());
        String twoStage = p + "geqrt+" + p + "gelq2+" + p + "larft+" + p + "larfb+" + p + "gbbrd+" + p + "bdsqr";
        if (tallNb == 0) {
            return twoStage;
        }
        if (plan.jobz() == 'N') {
            return p + "geqrt+" + (band > 0 ? twoStage : p + "gesdd");
        }
        return p + "geqrt+" + p + "gesdd+" + p + "larfb";
    }

    /** True when this work takes singular values by two stages ({@link TwoStageSvd}): for tests and reports. */
    public boolean twoStage() {
        return band > 0;
    }

    /**
     * The QR-first path on the working copy {@code a} (m×n, m ≥ 2n): {@code geqrt}, then
     * {@code gesdd} of R into Vᵀ and U's first n rows, then {@code U ← Q·[U_R; 0]}.
     */
    private void runQrFirst(Block a) {
        injector.beforeRun(plan);
        int n = a.cols(); // A's n, or for a wide A the m of Aᵀ's QR: the order of R either way
        Geqrt.geqrt(a, tallNb, tallT, tallWork);
        Blas.copy(a.sub(0, 0, n, n), tallR);
        Blas.zeroStrictTriangle('L', tallR);
        NativeBuffer w = lapack.floats(dtype, tallLwork);
        NativeBuffer iwork = lapack.ints(Gesdd.iworkLength(n, n));
        if (plan.jobz() == 'N') {
            if (band > 0) {
                TwoStageValues.values(tallR, band, s, bandScratch);
            } else {
                Gesdd.compute('N', tallR, s, null, null, w, tallLwork, iwork);
            }
            return;
        }
        if (!wide) {
            Gesdd.compute('S', tallR, s, u.sub(0, 0, n, n), vt, w, tallLwork, iwork);
            Geqrt.zero(u.sub(n, 0, rows - n, n));
            Geqrt.applyQ(a, n, tallNb, tallT, u, tallWork);
            return;
        }
        // Aᵀ = Q·[U_R; 0]·Σ·V_Rᵀ, so A = V_R·Σ·([U_Rᵀ 0]·Qᵀ): U = V_R, Vᵀ = [U_Rᵀ 0]·Qᵀ
        Gesdd.compute('S', tallR, s, wideU, wideVt, w, tallLwork, iwork);
        Blas.transpose(wideVt, u);
        Blas.transpose(wideU, vt.sub(0, 0, n, n));
        Geqrt.zero(vt.sub(0, n, n, cols - n));
        Geqrt.applyQTransposedFromRight(a, n, tallNb, tallT, vt, tallWork);
    }

    /** The working copy holding {@code a}, or for the wide path {@code aᵀ} (n×m in the same buffer). */
    private Block sourceFor(Matrix a) {
        if (!wide) {
            return source(a);
        }
        Block at = Block.of(work.buffer(), cols, rows);
        Storage.copyInto(a.transpose(), at);
        return at;
    }

    private static void fillIdentity(Block b) {
        for (int i = 0; i < Math.min(b.rows(), b.cols()); i++) {
            b.set(i, i, 1.0, 0.0);
        }
    }

    /**
     * Decomposes {@code a} (rows × cols, converted to the plan's dtype) into this work's buffers,
     * overwriting the previous result. {@code a} is untouched unless this work was made
     * {@link #forOneRun} with {@code overwrite}.
     *
     * @throws NotConvergedException if the driver (and the gesvd retry after gesdd) did not converge
     */
    public void run(Matrix a) {
        int k = Math.min(rows, cols);
        if (plan.routine() == Routine.NONE) {
            lastPlan = plan;
            return;
        }
        if (plan.routine().isJava()) {
            // reads A where it lies (or a transposition undone into the working copy) and flips
            // signs on the heap before the factors are written
            SmallSvd.run(plan, source(a), s, u, vt, signFlip);
            lastPlan = plan;
            return;
        }
        Block w = sourceFor(a);
        try {
            if (tallNb > 0) {
                runQrFirst(w);
            } else if (band > 0) {
                injector.beforeRun(plan);
                TwoStageValues.values(w, band, s, bandScratch);
            } else {
                runPlan(plan, w, s, u, vt, lapack, lwork);
            }
            lastPlan = plan;
        } catch (NotConvergedException e) {
            Optional<Plan> retry = SvdPlanner.fallback(request, plan, e.unconverged());
            if (retry.isEmpty()) {
                throw e;
            }
            if (work == null || w.buffer() != work.buffer()) {
                throw new NotConvergedException(e.routine(), e.unconverged(), e.getMessage()
                        + "; not retried with gesvd because the input was overwritten (SvdOptions.overwriteInput)");
            }
            retryWithGesvd(a, retry.get());
        }
        if (signFlip && u != null && !dtype.isComplex()) {
            // complex vectors keep LAPACK's phases: a unit-modulus factor per pair, not a sign
            SignConvention.flipSigns(u, vt, k, flipScratch);
        }
    }

    /**
     * For a plan on a pure-Java driver and an untransposed input: decomposes straight into heap
     * arrays ({@code s} k values; {@code u} rows × uCols and {@code vt} vtRows × cols, column-major;
     * null for values only), with the sign convention, without touching native memory, which at
     * 4×4 costs as much as the decomposition. The work's own buffers are left undefined.
     *
     * @return false (nothing done) when the plan or the input does not allow it
     */
    public boolean runInto(Matrix a, double[] s, double[] u, double[] vt) {
        if (!plan.routine().isJava() || Storage.isTransposed(a)) {
            return false;
        }
        int uc = this.u == null ? 0 : this.u.cols();
        int vr = this.vt == null ? 0 : this.vt.rows();
        SmallSvd.run(plan, Storage.block(a), s, u, uc, vt, vr);
        lastPlan = plan;
        if (signFlip && u != null) {
            SignConvention.flipSigns(vt, 0, vr, cols, u, 0, rows, Math.min(rows, cols));
        }
        return true;
    }

    /** The block the plan runs on: the lent storage itself, or {@code a} copied into the working copy. */
    private Block source(Matrix a) {
        if (work == null || plan.routine().isJava() && !Storage.isTransposed(a)) {
            return Storage.block(a);
        }
        Storage.copyInto(a, work);
        return work;
    }

    /** gesvd into temporaries (its factors never alias the working copy), then into place. */
    private void retryWithGesvd(Matrix a, Plan retry) {
        Block tu = null;
        Block tvt = null;
        Block tw = Storage.denseCopy(a, dtype);
        try {
            if (u != null) {
                tu = Block.allocate(dtype, u.rows(), u.cols());
                tvt = Block.allocate(dtype, vt.rows(), vt.cols());
            }
            long lw = Gesvd.query(dtype, retry.jobu(), retry.jobv(), rows, cols);
            runPlan(retry, tw, s, tu, tvt, lapack, lw);
            if (u != null) {
                Blas.copy(tu, u);
                Blas.copy(tvt, vt);
            }
            lastPlan = retry;
            fallback = retry.reason();
        } finally {
            tw.buffer().close();
            if (tu != null) {
                tu.buffer().close();
                tvt.buffer().close();
            }
        }
    }

    /** The plan every run follows. */
    public Plan plan() {
        return plan;
    }

    /** The plan the last run carried out (the gesvd plan after a fallback). */
    public Plan lastPlan() {
        return lastPlan;
    }

    /** Why the last run fell back from gesdd to gesvd, or null. */
    public String fallback() {
        return fallback;
    }

    /** Copies the k singular values of the last run into {@code dst[0..k)}. */
    public void values(double[] dst) {
        int k = Math.min(rows, cols);
        if (dst.length < k) {
            throw new IllegalArgumentException("destination has " + dst.length + " slots, needs " + k);
        }
        if (k > 0) {
            s.read(0, dst, 0, k);
        }
    }

    /**
     * Copies U and Vᵀ of the last run into column-major heap arrays (rows × U's columns and Vᵀ's
     * rows × cols), one bulk read each when the factor is stored densely: each read pins the
     * storage, so per-column reads would cost a pin per column at small sizes.
     */
    public void factors(double[] uDst, double[] vtDst) {
        copyOut(u, uDst);
        copyOut(vt, vtDst);
    }

    private static void copyOut(Block b, double[] dst) {
        if (b.size() == 0) {
            return;
        }
        if (b.contiguous()) {
            b.buffer().read(b.offset(), dst, 0, (int) b.size());
            return;
        }
        for (int j = 0; j < b.cols(); j++) {
            b.buffer().read(b.index(0, j), dst, j * b.rows(), b.rows());
        }
    }

    /** U of the last run, or null without vectors (owned by this work unless taken). */
    public Block u() {
        return u;
    }

    /** Vᵀ of the last run, or null without vectors. */
    public Block vt() {
        return vt;
    }

    /** Hands U to the caller as a matrix it owns; this work no longer frees it. */
    public Matrix takeU() {
        uTaken = true;
        return u == null ? null : Storage.own(u);
    }

    /** Hands Vᵀ to the caller as a matrix it owns. */
    public Matrix takeVt() {
        vtTaken = true;
        return vt == null ? null : Storage.own(vt);
    }

    /** LAPACK workspace bytes held. */
    public long lapackBytes() {
        return lapack.bytes();
    }

    /** Native bytes held: working copy, values, factors, LAPACK workspace and the QR-first path's R, T and block workspace. */
    public long bytes() {
        long es = dtype.bytes();
        long b = s.length() * dtype.real().bytes() + lapack.bytes() + (work == null ? 0 : work.size() * es);
        if (u != null && u != work) {
            b += u.size() * es;
        }
        if (vt != null && vt != work) {
            b += vt.size() * es;
        }
        if (tallNb > 0) {
            b += (tallR.size() + tallT.size() + tallWork.length()) * es;
        }
        if (wideU != null) {
            b += (wideU.size() + wideVt.size()) * es;
        }
        if (bandScratch != null) {
            b += bandScratch.length() * es;
        }
        return b;
    }

    /** Frees what was not taken. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean workTaken = uTaken && u == work || vtTaken && vt == work;
        if (work != null && !workTaken) {
            work.buffer().close();
        }
        if (u != null && !uTaken && u != work) {
            u.buffer().close();
        }
        if (vt != null && !vtTaken && vt != work) {
            vt.buffer().close();
        }
        s.close();
        lapack.close();
        if (tallNb > 0) {
            tallR.buffer().close();
            tallT.buffer().close();
            tallWork.close();
        }
        if (wideU != null) {
            wideU.buffer().close();
            wideVt.buffer().close();
        }
        if (bandScratch != null) {
            bandScratch.close();
        }
    }

    /**
     * {@code x ← V·Σ⁺·Uᴴ} (n×m, zero-filled on entry; {@code Uᵀ} for real factors): the
     * pseudo-inverse from thin or full factors, values {@code ≤ cutoff} counting as zero. Cost
     * {@code 2·m·n·k} flops.
     */
    public static void pinv(Matrix u, double[] s, Matrix vt, double cutoff, Matrix x) {
        int k = s.length;
        int rows = u.rows();
        int cols = vt.cols();
        if (k == 0) {
            return;
        }
        DType t = x.dtype();
        Block vs = Block.allocate(t, k, cols);
        try {
            Blas.copy(Storage.block(vt).sub(0, 0, k, cols), vs);
            for (int i = 0; i < k; i++) {
                Blas.scaleRow(vs, i, s[i] > cutoff ? 1.0 / s[i] : 0.0);
            }
            // (Σ⁺Vᴴ)ᴴ·Uᴴ; for real factors 'C' is the plain transpose
            Blas.gemm('C', 'C', 1.0, vs, Storage.block(u).sub(0, 0, rows, k), 0.0, Storage.block(x));
        } finally {
            vs.buffer().close();
        }
    }

    /** {@code x ← U_r·Σ_r·V_rᵀ} (m×n): the best rank-r approximation (Eckart–Young); r ≥ 1. */
    public static void reconstruct(Matrix u, double[] s, Matrix vt, int r, Matrix x) {
        int rows = u.rows();
        int cols = vt.cols();
        DType t = x.dtype();
        Block us = Block.allocate(t, rows, r);
        try {
            Blas.copy(Storage.block(u).sub(0, 0, rows, r), us);
            for (int i = 0; i < r; i++) {
                Blas.scaleColumn(us, i, s[i]);
            }
            Blas.gemm(false, false, 1.0, us, Storage.block(vt).sub(0, 0, r, cols), 0.0, Storage.block(x));
        } finally {
            us.buffer().close();
        }
    }

    /**
     * Runs {@code p} on {@code a}, which is destroyed (or, with JOBZ=O and for Jacobi, becomes a
     * factor when passed as {@code u} or {@code vt}).
     */
    private static void runPlan(Plan p, Block a, NativeBuffer s, Block u, Block vt, Workspace ws, long lwork) {
        injector.beforeRun(p);
        int m = a.rows();
        int n = a.cols();
        switch (p.routine()) {
            case GESDD -> {
                char jobz = p.jobz();
                NativeBuffer work = ws.floats(a.dtype(), lwork);
                NativeBuffer iwork = ws.ints(Gesdd.iworkLength(m, n));
                NativeBuffer rwork = a.dtype().isComplex()
                        ? ws.floats(a.dtype().real(), Gesdd.rworkLength(jobz, m, n)) : null;
                if (jobz == 'O') {
                    Gesdd.compute('O', a, s, m >= n ? null : u, m >= n ? vt : null, work, lwork, rwork, iwork);
                    Block inA = m >= n ? u : vt; // the factor LAPACK wrote over a
                    if (!sameBlock(inA, a)) {
                        Blas.copy(a, inA);
                    }
                } else {
                    Gesdd.compute(jobz, a, s, u, vt, work, lwork, rwork, iwork);
                }
            }
            case GESVD -> Gesvd.compute(p.jobu(), p.jobv(), a, s, u, vt, ws.floats(a.dtype(), lwork), lwork,
                    a.dtype().isComplex() ? ws.floats(a.dtype().real(), Gesvd.rworkLength(m, n)) : null);
            case GESVJ -> jacobi(p, a, s, u, vt, ws);
            case JAVA_JACOBI, JAVA_QR -> SmallSvd.run(p, a, s, u, vt, false);
            case NONE -> { }
        }
    }

    /**
     * Workspace length for gesdd/gesvd plans (0 for the others): LAPACK's preferred size when the
     * budget leaves room for it, else as much as the budget allows above the minimum the plan was
     * priced with. The query answer is cached per shape, so this costs no native call when warm.
     */
    static long lwork(Plan p, SvdRequest r) {
        int m = (int) r.rows();
        int n = (int) r.cols();
        long preferred = switch (p.routine()) {
            case GESDD -> Gesdd.query(p.dtype(), p.jobu(), m, n);
            case GESVD -> Gesvd.query(p.dtype(), p.jobu(), p.jobv(), m, n);
            default -> 0;
        };
        if (preferred == 0) {
            return 0;
        }
        long spare = Math.max(0, r.budgetBytes() - p.totalBytes()) / r.dtype().bytes();
        return Math.max(p.lworkMin(), Math.min(preferred, p.lworkMin() + spare));
    }

    private static boolean sameBlock(Block x, Block y) {
        return x.buffer() == y.buffer() && x.offset() == y.offset() && x.rows() == y.rows() && x.cols() == y.cols();
    }

    /** One-sided Jacobi, on A (m ≥ n) or on Aᵀ (m &lt; n), then completion of rank-deficient factors. */
    private static void jacobi(Plan p, Block a, NativeBuffer s, Block u, Block vt, Workspace ws) {
        boolean vectors = p.job().wantsVectors();
        boolean full = p.job() == Job.ALL;
        if (!p.transposed()) {
            int m = a.rows();
            int n = a.cols();
            Block v = vectors ? Block.allocate(a.dtype(), n, n) : null;
            try {
                int valid = jacobiSweeps(a, s, v, ws);
                if (!vectors) {
                    return;
                }
                completeColumns(a, valid);
                if (full) {
                    Blas.copy(a, u.sub(0, 0, m, n));
                    completeColumns(u, n);
                } else if (!sameBlock(u, a)) {
                    Blas.copy(a, u);
                }
                Blas.transpose(v, vt);
            } finally {
                if (v != null) {
                    v.buffer().close();
                }
            }
            return;
        }
        // m < n: At = U'·Σ·V'ᵀ gives A = V'·Σ·U'ᵀ, so U = V' and Vᵀ = U'ᵀ
        int m = a.rows();
        int n = a.cols();
        Block at = Block.allocate(a.dtype(), n, m);
        try {
            Blas.transpose(a, at);
            int valid = jacobiSweeps(at, s, vectors ? u : null, ws);
            if (!vectors) {
                return;
            }
            completeColumns(at, valid);
            if (full) {
                Block ufull = Block.allocate(a.dtype(), n, n);
                try {
                    Blas.copy(at, ufull.sub(0, 0, n, m));
                    completeColumns(ufull, m);
                    Blas.transpose(ufull, vt);
                } finally {
                    ufull.buffer().close();
                }
            } else {
                Blas.transpose(at, vt);
            }
        } finally {
            at.buffer().close();
        }
    }

    /** Runs of {@code gesvj} after the first that continue from the previous one's output (30 sweeps each). */
    static final int JACOBI_CONTINUATIONS = 3;

    /** The c of the acceptance bound {@code c·max(m,n)·ε} on a non-converged Jacobi run's factors. */
    static final double JACOBI_ACCEPT_C = 10;

    /**
     * {@code gesvj} on g (m ≥ n): singular values into {@code s} (scaled back), U over g and V
     * into {@code v} when {@code v} is not null. Returns how many leading columns of g are valid
     * left vectors (the nonzero singular values).
     *
     * <p>LAPACK stops after 30 sweeps with {@code info > 0} and says the output "may still be
     * useful"; it happens on matrices with repeated or zero singular values (all ones from about
     * 17 columns, Q·diag(5,5,5,1,1,0)·Qᵀ), where the rotations between columns of negligible norm
     * never meet gesvj's relative stopping test. Then the returned factors are checked: the
     * valid columns of g, normalised, and the columns of V must be orthonormal to
     * {@code c·max(m,n)·ε} ({@link #JACOBI_ACCEPT_C}); A·V = G holds throughout the sweeps (each
     * rotation is applied to both), so orthonormal factors reconstruct A to the same order. If the
     * check fails, gesvj runs again from the returned state — G rebuilt with column norms equal to
     * the singular values, the rotations accumulated onto the V it has ({@code JOBV = 'A'}) — up
     * to {@link #JACOBI_CONTINUATIONS} times; only then is {@link NotConvergedException} thrown.
     */
    private static int jacobiSweeps(Block g, NativeBuffer s, Block v, Workspace ws) {
        DType t = g.dtype();
        int m = g.rows();
        int n = g.cols();
        boolean vectors = v != null;
        char jobu = vectors ? 'U' : 'N';
        NativeBuffer work = ws.floats(t, Gesvj.workLength(m, n));
        Gesvj.Stats st = Gesvj.run(jobu, vectors ? 'V' : 'N', g, s, v, work);
        double carried = 1.0; // scale factors of the runs before the last
        for (int round = 0; !st.converged(); round++) {
            int valid = leadingNonzero(s, n);
            if (orthonormalColumns(g, valid, true) && (!vectors || orthonormalColumns(v, n, false))) {
                break; // LAPACK's "may still be useful": it is, to the contract's accuracy
            }
            if (round == JACOBI_CONTINUATIONS) {
                throw Gesvj.notConverged(t, m, n, st.unconverged());
            }
            // G := columns scaled to norms sva[i] (exact zeros past the valid ones); A·V = G·(scale) still
            for (int i = 0; i < n; i++) {
                double norm = i < valid ? columnNorm(g, i) : 0;
                Blas.scaleColumn(g, i, norm > 0 ? s.get(i) / norm : 0.0);
            }
            carried *= st.scale();
            st = Gesvj.run(jobu, vectors ? 'A' : 'N', g, s, v, work);
        }
        rescale(s, n, carried * st.scale());
        return leadingNonzero(s, Math.min(st.rank(), n));
    }

    /** The number of leading entries of the non-increasing {@code s} that are positive. */
    private static int leadingNonzero(NativeBuffer s, int k) {
        int r = 0;
        while (r < k && s.get(r) > 0) {
            r++;
        }
        return r;
    }

    /** Euclidean norm of column j, without overflow or underflow (gesvj's scaled columns can be near 1e154). */
    private static double columnNorm(Block b, int j) {
        double max = 0;
        for (int i = 0; i < b.rows(); i++) {
            max = Math.max(max, Math.abs(b.buffer().get(b.index(i, j))));
        }
        if (max == 0 || !Double.isFinite(max)) {
            return max;
        }
        double sum = 0;
        for (int i = 0; i < b.rows(); i++) {
            double x = b.buffer().get(b.index(i, j)) / max;
            sum += x * x;
        }
        return max * Math.sqrt(sum);
    }

    /**
     * Whether the first {@code c} columns of {@code b} (each normalised first when
     * {@code normalise}) are orthonormal: {@code max |QᵀQ − I| ≤ c·max(m,n)·ε}.
     */
    private static boolean orthonormalColumns(Block b, int c, boolean normalise) {
        if (c == 0) {
            return true;
        }
        int p = b.rows();
        DType t = b.dtype();
        double tol = JACOBI_ACCEPT_C * Math.max(p, b.cols()) * t.real().eps();
        Block q = Block.allocate(t, p, c);
        Block gram = Block.allocate(t, c, c);
        try {
            Blas.copy(b.sub(0, 0, p, c), q);
            if (normalise) {
                for (int j = 0; j < c; j++) {
                    double norm = columnNorm(q, j);
                    if (!(norm > 0) || !Double.isFinite(norm)) {
                        return false;
                    }
                    Blas.scaleColumn(q, j, 1.0 / norm);
                }
            }
            Blas.gemm(true, false, 1.0, q, q, 0.0, gram);
            for (int j = 0; j < c; j++) {
                for (int i = 0; i < c; i++) {
                    double e = gram.buffer().get(gram.index(i, j)) - (i == j ? 1 : 0);
                    if (!(Math.abs(e) <= tol)) {
                        return false;
                    }
                }
            }
            return true;
        } finally {
            q.buffer().close();
            gram.buffer().close();
        }
    }

    private static void rescale(NativeBuffer s, int k, double scale) {
        if (scale != 1.0) {
            for (int i = 0; i < k; i++) {
                s.set(i, s.get(i) * scale);
            }
        }
    }

    /**
     * Replaces columns {@code valid..c-1} of the p×c block {@code q}, whose first {@code valid}
     * columns are orthonormal, by an orthonormal basis of their complement: QR of the valid
     * columns, then the next columns of the explicit Q ({@code geqrf} + {@code orgqr}).
     */
    public static void completeColumns(Block q, int valid) {
        int p = q.rows();
        int c = q.cols();
        if (valid >= c) {
            return;
        }
        Block b = Block.zeros(q.dtype(), p, c);
        NativeBuffer tau = NativeBuffer.allocate(q.dtype(), Math.max(1, valid));
        try {
            if (valid > 0) {
                Blas.copy(q.sub(0, 0, p, valid), b.sub(0, 0, p, valid));
                long lw = Geqrf.geqrfQuery(q.dtype(), p, valid);
                try (NativeBuffer w = NativeBuffer.allocate(q.dtype(), lw)) {
                    Geqrf.geqrf(b.sub(0, 0, p, valid), tau, w, lw);
                }
            }
            long lw = Geqrf.orgqrQuery(q.dtype(), p, c, valid);
            try (NativeBuffer w = NativeBuffer.allocate(q.dtype(), lw)) {
                Geqrf.orgqr(b, valid, tau, w, lw);
            }
            Blas.copy(b.sub(0, valid, p, c - valid), q.sub(0, valid, p, c - valid));
        } finally {
            b.buffer().close();
            tau.close();
        }
    }
}
