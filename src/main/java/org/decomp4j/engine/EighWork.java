package org.decomp4j.engine;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.dispatch.EighPlan;
import org.decomp4j.dispatch.EighRequest;
import org.decomp4j.dispatch.EighRoutine;
import org.decomp4j.lapack.Blas;
import org.decomp4j.lapack.Block;
import org.decomp4j.lapack.NativeBuffer;
import org.decomp4j.lapack.Syev;
import org.decomp4j.lapack.Tridiagonal;

/**
 * The one symmetric eigen executor: built once from an {@link EighPlan} (allocating the input
 * copies, eigenvalues, eigenvectors and the LAPACK workspace), then {@link #run} once
 * ({@code Eigh.of}) or many times. One thread at a time; not a user API.
 *
 * <p>A complex (Hermitian) plan runs the z/c twins (heevd, heevr, hegvd) with their real
 * workspace RWORK; eigenvalues are real (A's real dtype), eigenvectors complex.
 *
 * <p>Subsets: syevr computes them itself; for the generalized problem (sygvd computes every
 * pair) the same subset is cut afterwards: indices {@code lo..hi} (0-based, inclusive) of the
 * ascending eigenvalues, or the values in {@code (vl, vu]} (syevr's half-open interval).
 *
 * <p>{@link EighRoutine#STEDC} runs syevd's three stages one by one ({@link Tridiagonal}): the
 * reflectors stay in the copy of A, the tridiagonal's eigenvectors go to Z and are turned into
 * A's there; one workspace serves the three stages in turn.
 */
public final class EighWork implements AutoCloseable {
    /** A subset: which of the ascending eigenpairs are wanted. */
    public record Subset(EighRequest.Subset kind, int lo, int hi, double vl, double vu) {
        /** All pairs. */
        public static final Subset ALL = new Subset(EighRequest.Subset.ALL, 0, -1, 0, 0);
    }

    private final EighPlan plan;
    private final int n;
    private final DType dtype;
    private final char uplo;
    private final Subset subset;
    private final Block a;
    private final Block b;
    private final Block z;
    private final NativeBuffer w;
    private final NativeBuffer isuppz;
    private final NativeBuffer e; // STEDC: the tridiagonal's off-diagonal; null otherwise
    private final NativeBuffer tau; // STEDC: the reflectors' scalars; null otherwise
    private final NativeBuffer work;
    private final NativeBuffer rwork; // the Hermitian routines' real workspace; null for a real dtype
    private final NativeBuffer iwork;
    private final long lwork;
    private final long lrwork;
    private final long liwork;
    private int first; // index of the first wanted pair among those computed, last run
    private int found; // wanted pairs of the last run

    /**
     * Allocates for the plan: LAPACK's preferred workspace when it fits the plan's budget, else
     * the minimum the plan was sized with.
     *
     * @param uplo the triangle LAPACK reads, 'L' or 'U'
     */
    public EighWork(EighPlan plan, char uplo, Subset subset) {
        this.plan = plan;
        this.n = plan.n();
        this.dtype = plan.dtype();
        this.uplo = uplo;
        this.subset = subset;
        Syev.Sizes size = switch (plan.routine()) {
            case SYEVR -> Syev.syevrMinimal(dtype, n);
            case STEDC -> new Syev.Sizes(plan.lworkMin(), plan.liworkMin());
            case SYEVD, SYGVD, NONE -> Syev.syevdMinimal(dtype, plan.jobz(), n);
        };
        if (n > 0) {
            Syev.Sizes preferred = switch (plan.routine()) {
                case SYEVD -> Syev.syevdQuery(dtype, plan.jobz(), n);
                case SYEVR -> Syev.syevrQuery(dtype, plan.jobz(), plan.range(), n);
                case SYGVD -> Syev.sygvdQuery(dtype, plan.jobz(), n);
                case STEDC -> {
                    Syev.Sizes dc = Tridiagonal.stedcQuery(dtype, n);
                    yield new Syev.Sizes(Math.max(Math.max(dc.lwork(), size.lwork()), Tridiagonal.sytrdQuery(dtype, n)),
                            Math.max(dc.liwork(), size.liwork()));
                }
                case NONE -> size;
            };
            long extra = preferred.bytes(dtype) - size.bytes(dtype);
            if (plan.totalBytes() + extra <= plan.budgetBytes()) {
                size = preferred;
            }
        }
        this.lwork = size.lwork();
        this.lrwork = size.lrwork();
        this.liwork = size.liwork();
        boolean stedc = plan.routine() == EighRoutine.STEDC;
        boolean wantZ = stedc || plan.routine() == EighRoutine.SYEVR && plan.jobz() == 'V';
        Block ab = null;
        Block bb = null;
        Block zb = null;
        NativeBuffer wb = null;
        NativeBuffer sb = null;
        NativeBuffer eb = null;
        NativeBuffer tb = null;
        NativeBuffer kb = null;
        NativeBuffer rb = null;
        NativeBuffer ib = null;
        try {
            ab = Block.allocate(dtype, n, n);
            bb = plan.routine() == EighRoutine.SYGVD ? Block.allocate(dtype, n, n) : null;
            zb = wantZ ? Block.allocate(dtype, n, plan.columns()) : null;
            wb = NativeBuffer.allocate(dtype.real(), Math.max(1, n)); // eigenvalues are real for complex A too
            sb = NativeBuffer.ints(2L * Math.max(1, plan.columns()));
            eb = stedc ? NativeBuffer.allocate(dtype, Math.max(1, n)) : null;
            tb = stedc ? NativeBuffer.allocate(dtype, Math.max(1, n)) : null;
            kb = NativeBuffer.allocate(dtype, lwork);
            rb = dtype.isComplex() ? NativeBuffer.allocate(dtype.real(), Math.max(1, lrwork)) : null;
            ib = NativeBuffer.ints(liwork);
        } catch (RuntimeException | Error e) {
            for (AutoCloseable c : new AutoCloseable[] {ab == null ? null : ab.buffer(), bb == null ? null : bb.buffer(),
                zb == null ? null : zb.buffer(), wb, sb, eb, tb, kb, rb, ib}) {
                closeQuietly(c);
            }
            throw e;
        }
        this.a = ab;
        this.b = bb;
        this.z = zb;
        this.w = wb;
        this.isuppz = sb;
        this.e = eb;
        this.tau = tb;
        this.work = kb;
        this.rwork = rb;
        this.iwork = ib;
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // freeing after a failed allocation: the allocation's error is the one to report
            }
        }
    }

    /** The plan this work carries out. */
    public EighPlan plan() {
        return plan;
    }

    /**
     * Solves for {@code am} (and {@code bm} for the generalized problem), both untouched and
     * converted to this dtype; only the {@code uplo} triangles are read.
     */
    public void run(Matrix am, Matrix bm) {
        first = 0;
        found = 0;
        if (n == 0) {
            return;
        }
        Storage.copyInto(am, a);
        boolean complex = dtype.isComplex();
        switch (plan.routine()) {
            case SYEVD -> {
                if (complex) {
                    Syev.heevd(plan.jobz(), uplo, a, w, work, lwork, rwork, lrwork, iwork, liwork);
                } else {
                    Syev.syevd(plan.jobz(), uplo, a, w, work, lwork, iwork, liwork);
                }
                found = n;
            }
            case SYEVR -> {
                EighRequest.Subset k = subset.kind();
                int il = k == EighRequest.Subset.INDEX ? subset.lo() + 1 : 1;
                int iu = k == EighRequest.Subset.INDEX ? subset.hi() + 1 : n;
                found = complex
                        ? Syev.heevr(plan.jobz(), plan.range(), uplo, a, subset.vl(), subset.vu(), il, iu, w, z, isuppz,
                                work, lwork, rwork, lrwork, iwork, liwork)
                        : Syev.syevr(plan.jobz(), plan.range(), uplo, a, subset.vl(), subset.vu(), il, iu, w, z, isuppz,
                                work, lwork, iwork, liwork);
            }
            case STEDC -> {
                Tridiagonal.sytrd(uplo, a, w, e, tau, work, lwork);
                Tridiagonal.stedc(w, e, z, work, lwork, iwork, liwork);
                Tridiagonal.backTransform(uplo, a, tau, z, Tridiagonal.PANEL, work, lwork);
                found = n;
            }
            case SYGVD -> {
                Storage.copyInto(bm, b);
                if (complex) {
                    Syev.hegvd(plan.jobz(), uplo, a, b, w, work, lwork, rwork, lrwork, iwork, liwork);
                } else {
                    Syev.sygvd(plan.jobz(), uplo, a, b, w, work, lwork, iwork, liwork);
                }
                cut();
            }
            case NONE -> { }
        }
    }

    /** Picks the wanted pairs out of all n computed (generalized problem). */
    private void cut() {
        switch (subset.kind()) {
            case ALL -> found = n;
            case INDEX -> {
                first = subset.lo();
                found = subset.hi() - subset.lo() + 1;
            }
            case VALUE -> {
                int i = 0;
                while (i < n && !(w.get(i) > subset.vl())) {
                    i++;
                }
                int j = i;
                while (j < n && w.get(j) <= subset.vu()) {
                    j++;
                }
                first = i;
                found = j - i;
            }
        }
    }

    /** Number of eigenpairs the last run delivered. */
    public int count() {
        return found;
    }

    /** The delivered eigenvalues of the last run, ascending. */
    public double[] values() {
        double[] out = new double[found];
        if (found > 0) {
            w.read(first, out, 0, found);
        }
        return out;
    }

    /**
     * The delivered eigenvectors of the last run as a new n×count matrix owned by the caller (a
     * copy: this work stays reusable).
     *
     * @throws IllegalStateException if the plan computed no vectors
     */
    public Matrix vectors() {
        if (plan.jobz() != 'V' && n > 0) {
            throw new IllegalStateException("these eigenpairs were computed without vectors");
        }
        Block out = Block.allocate(dtype, n, found);
        try {
            if (found > 0) {
                Block from = z != null ? z : a;
                Blas.copy(from.sub(0, first, n, found), out);
            }
            return Storage.own(out);
        } catch (RuntimeException | Error e) {
            out.buffer().close();
            throw e;
        }
    }

    /** Bytes of LAPACK workspace allocated (floating, real RWORK for complex, and integer). */
    public long workspaceBytes() {
        return new Syev.Sizes(lwork, lrwork, liwork).bytes(dtype);
    }

    /**
     * Fails unless the square {@code m} is symmetric to within {@code tol = 10·n·ε·‖A‖_F}
     * (ε of its dtype): enough for a matrix built in floating point as symmetric ({@code XᵀX},
     * {@code Q·D·Qᵀ}), far below a genuinely asymmetric one.
     *
     * @throws IllegalArgumentException naming the worst pair {@code (i, j)}, its asymmetry and the tolerance
     */
    public static void requireSymmetric(Matrix m, String what) {
        int n = m.rows();
        if (n < 2) {
            return;
        }
        Block s = Storage.block(m); // a transposed view is symmetric exactly when its storage is
        final int tile = 64;
        double[] x = new double[tile * tile];
        double[] y = new double[tile * tile];
        double worst = 0;
        int wi = 0;
        int wj = 0;
        for (int j0 = 0; j0 < n; j0 += tile) {
            int cj = Math.min(tile, n - j0);
            for (int i0 = j0; i0 < n; i0 += tile) {
                int ci = Math.min(tile, n - i0);
                for (int j = 0; j < cj; j++) { // x: rows i0.., columns j0..; y: rows j0.., columns i0..
                    s.buffer().read(s.index(i0, j0 + j), x, j * tile, ci);
                }
                for (int i = 0; i < ci; i++) {
                    s.buffer().read(s.index(j0, i0 + i), y, i * tile, cj);
                }
                for (int j = 0; j < cj; j++) {
                    for (int i = 0; i < ci; i++) {
                        double d = Math.abs(x[j * tile + i] - y[i * tile + j]);
                        if (d > worst || Double.isNaN(d)) {
                            worst = d;
                            wi = i0 + i;
                            wj = j0 + j;
                            if (Double.isNaN(d)) {
                                break;
                            }
                        }
                    }
                }
            }
        }
        if (worst == 0) {
            return; // exactly symmetric: within any tolerance, so the norm need not be computed
        }
        double tol = 10.0 * n * m.dtype().eps() * Blas.lange('F', s);
        if (worst > tol || Double.isNaN(worst)) {
            throw new IllegalArgumentException(String.format(
                    "eigh: %s is not symmetric: |a[%d][%d] − a[%d][%d]| = %.3g exceeds the tolerance %.3g"
                            + " (10·n·ε·‖%s‖_F); pass a triangle (EighOptions.lower() or upper(), SciPy's lower=) to use"
                            + " one triangle as it is, or use Eig for a general matrix",
                    what, wi, wj, wj, wi, worst, tol, what));
        }
    }

    /** True once closed. */
    public boolean isClosed() {
        return w.isClosed();
    }

    /** Frees everything. Idempotent. */
    @Override
    public void close() {
        a.buffer().close();
        if (b != null) {
            b.buffer().close();
        }
        if (z != null) {
            z.buffer().close();
        }
        w.close();
        isuppz.close();
        if (e != null) {
            e.close();
            tau.close();
        }
        work.close();
        if (rwork != null) {
            rwork.close();
        }
        iwork.close();
    }
}
