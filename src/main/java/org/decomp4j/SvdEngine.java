package org.decomp4j;

import org.decomp4j.dispatch.Plan;
import org.decomp4j.dispatch.SvdRequest;
import org.decomp4j.lapack.Blas;
import org.decomp4j.lapack.Block;
import org.decomp4j.lapack.Geqrf;
import org.decomp4j.lapack.Gesdd;
import org.decomp4j.lapack.Gesvd;
import org.decomp4j.lapack.Gesvj;
import org.decomp4j.lapack.NativeBuffer;
import org.decomp4j.lapack.Workspace;

/**
 * Carries out an SVD {@link Plan} on blocks: the only code that turns plans into LAPACK calls.
 * Used by {@link Svd} (fresh buffers per call) and {@link SvdWorkspace} (buffers reused).
 */
final class SvdEngine {
    /** Test hook: may throw before a routine runs, to exercise the fallback path. */
    interface Injector {
        void beforeRun(Plan plan);
    }

    static volatile Injector injector = p -> { };

    private SvdEngine() {
    }

    /**
     * Runs {@code p} on {@code a}, which is destroyed (or, with JOBZ=O and for Jacobi, becomes a
     * factor when the caller passes it as {@code u} or {@code vt}).
     *
     * @param a     m×n working copy
     * @param s     receives k singular values (dtype of a)
     * @param u     delivered U (m×m for ALL, m×k for THIN) or null for NONE; may be {@code a} itself
     *              for gesdd JOBZ=O with m ≥ n and for Jacobi with m ≥ n and THIN
     * @param vt    delivered Vᵀ (n×n or k×n) or null; may be {@code a} for gesdd JOBZ=O with m &lt; n
     * @param ws    workspace provider
     * @param lwork workspace length for gesdd/gesvd, at least the plan's minimum
     */
    static void run(Plan p, Block a, NativeBuffer s, Block u, Block vt, Workspace ws, long lwork) {
        injector.beforeRun(p);
        int m = a.rows();
        int n = a.cols();
        switch (p.routine()) {
            case GESDD -> {
                char jobz = p.jobu();
                NativeBuffer work = ws.floats(a.dtype(), lwork);
                NativeBuffer iwork = ws.ints(Gesdd.iworkLength(m, n));
                if (jobz == 'O') {
                    Gesdd.compute('O', a, s, m >= n ? null : u, m >= n ? vt : null, work, lwork, iwork);
                    Block inA = m >= n ? u : vt; // the factor LAPACK wrote over a
                    if (!sameBlock(inA, a)) {
                        Blas.copy(a, inA);
                    }
                } else {
                    Gesdd.compute(jobz, a, s, u, vt, work, lwork, iwork);
                }
            }
            case GESVD -> Gesvd.compute(p.jobu(), p.jobv(), a, s, u, vt, ws.floats(a.dtype(), lwork), lwork);
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
                Gesvj.Stats st = Gesvj.compute(vectors ? 'U' : 'N', vectors ? 'V' : 'N', a, s, v,
                        ws.floats(a.dtype(), Gesvj.workLength(m, n)));
                rescale(s, n, st.scale());
                if (!vectors) {
                    return;
                }
                completeColumns(a, Math.min(st.rank(), n));
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
            Gesvj.Stats st = Gesvj.compute(vectors ? 'U' : 'N', vectors ? 'V' : 'N', at, s, vectors ? u : null,
                    ws.floats(a.dtype(), Gesvj.workLength(n, m)));
            rescale(s, m, st.scale());
            if (!vectors) {
                return;
            }
            completeColumns(at, Math.min(st.rank(), m));
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
    static void completeColumns(Block q, int valid) {
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

    /**
     * scikit-learn's {@code svd_flip} with {@code u_based_decision=False}: for each of the first k
     * pairs, if the largest-magnitude entry of row i of Vᵀ is negative, negate that row and
     * column i of U. The product U·Σ·Vᵀ is unchanged.
     *
     * @param scratch for small factors, a Java array of at least {@link #flipScratchLength}
     *                elements to work in (the caller's, so that a reused workspace allocates
     *                nothing), or null to allocate one
     */
    static void flipSigns(Block u, Block vt, int k, double[] scratch) {
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
    static long flipScratchLength(Block u, Block vt) {
        return vt.size() + (u == null ? 0 : u.size());
    }

    /**
     * Up to this many elements of Vᵀ and U the flip runs in Java on bulk copies: per-row BLAS
     * calls through JNI cost more than the arithmetic on small factors.
     */
    static final long SMALL_FLIP = 8192;

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
    static boolean flipSigns(double[] vt, int vtOff, int vtRows, int n, double[] u, int uOff, int m, int k) {
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
