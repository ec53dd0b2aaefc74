package org.decomp4j.engine;

import org.decomp4j.DType;
import org.decomp4j.LstsqDriver;
import org.decomp4j.Matrix;
import org.decomp4j.lapack.Blas;
import org.decomp4j.lapack.Block;
import org.decomp4j.lapack.Gelsd;
import org.decomp4j.lapack.Gelss;
import org.decomp4j.lapack.Gelsy;
import org.decomp4j.lapack.Geqrf;
import org.decomp4j.lapack.NativeBuffer;
import org.decomp4j.lapack.Trtrs;

/**
 * The least-squares executor: one of {@code gelsd} (minimum norm by divide-and-conquer SVD),
 * {@code gelsy} (complete orthogonal factorisation, with its full-rank fast path) or {@code gelss}
 * (SVD by QR iteration); not a user API.
 *
 * <p>gelsy's fast path (real, m ≥ n ≥ 1): {@code A = Q·R} by the unpivoted, blocked {@code geqrf};
 * R's reciprocal condition estimated by {@code trcon}; when that shows A well inside full rank
 * ({@link #fastPathBound}), {@code X = R⁻¹·(Qᵀ·B)[0:n]} ({@code ormqr} + {@code trtrs}), the unique
 * least-squares solution, which is gelsy's answer for a full-rank A. Otherwise the copy of A is
 * refreshed and {@code gelsy} runs as without the fast path: the QR and the estimate are the cost
 * of trying (about a third of gelsy's flops).
 */
public final class LstsqWork {
    /**
     * The fast path's safety factor against the condition estimator. Why it suffices: xGELSY
     * keeps rank n when, for every leading k×k block R₁₁ of its pivoted R, its incremental
     * estimates satisfy {@code σmax_est·rcond ≤ σmin_est}. Those estimates are norms of R₁₁ᵀ
     * times unit vectors, so {@code σmax_est/σmin_est ≤ κ₂(R₁₁) ≤ κ₂(R) = κ₂(A)} (a leading
     * block's columns are a subset of R's: interlacing). And {@code κ₂ ≤ n·κ₁} and
     * {@code κ₂ ≤ √(κ₁·κ∞)} (‖X‖₂ ≤ √n‖X‖₁ and ‖X‖₂² ≤ ‖X‖₁‖X‖∞). So a lower estimate ρ of
     * 1/κ₂(A) from those bounds with {@code ρ ≥ rcond} already implies gelsy's rank n; the factor
     * 100 covers {@code trcon} underestimating ‖R⁻¹‖ (its estimate is rarely off by more than a
     * factor 3–10: Higham, Accuracy and Stability of Numerical Algorithms, §15.3) and the
     * difference between the two computed R factors, each exact for A plus a backward error of
     * O(max(m,n)·ε·‖A‖): at {@code κ₂ ≤ 1/(100·max(m,n)·ε)} that moves σ_min by about 1%.
     */
    static final double MARGIN = 100;

    /**
     * Up to this many right-hand sides the fast path applies Qᵀ reflector by reflector (LWORK =
     * nrhs makes {@code ormqr} take its unblocked path): forming the blocked path's triangular
     * factors costs about m·n·nb flops whatever nrhs is. Measured with one OpenBLAS thread, blocked
     * against unblocked: 256², nrhs 1: 268 against 41 µs, nrhs 16: 319 against 169 µs, nrhs 64: 687
     * against 683 µs; 3000×1500, nrhs 1: 13.9 against 2.7 ms, nrhs 16: 18.0 against 14.9 ms, nrhs 64:
     * 32 against 59 ms.
     */
    static final int UNBLOCKED_QT_MAX_RHS = 16;

    private LstsqWork() {
    }

    /**
     * X (n×nrhs, owned by the caller), squared residual norms per column (full rank, m &gt; n
     * only), rank, σ (empty for gelsy), the routines that ran ({@code dgelsd}, {@code dgelsy},
     * {@code dgeqrf+dtrcon+dormqr+dtrtrs}, {@code dgeqrf+dtrcon+dgelsy}), and for gelsy's fast
     * path its estimate ρ of 1/κ₂(A) and the bound it had to reach (both NaN when not tried).
     */
    public record Result(Matrix x, double[] residuals, int rank, double[] singularValues, String routine,
                         double rcondEstimate, double fastPathBound) {
        /** True when gelsy's fast path produced X. */
        public boolean fastPath() {
            return rcondEstimate >= fastPathBound;
        }
    }

    /**
     * The bound gelsy's fast path needs its estimate ρ of 1/κ₂(A) to reach:
     * {@code MARGIN·max(rcond, max(m,n)·ε)} (the floor keeps a nearly singular R off the fast
     * path when the caller passes rcond 0).
     */
    public static double fastPathBound(double rcond, int m, int n, DType t) {
        return MARGIN * Math.max(rcond, Math.max(m, n) * t.eps());
    }

    /** Whether gelsy tries its fast path on an m×n problem of dtype t. */
    static boolean tryFastPath(LstsqDriver driver, DType t, int m, int n) {
        return driver == LstsqDriver.GELSY && !t.isComplex() && m >= n && n >= 1;
    }

    /**
     * Solves {@code min ‖A·X − B‖₂} in dtype {@code t}; {@code a} and {@code b} are untouched. A
     * complex {@code t} runs {@code zgelsd}/{@code cgelsd} only: gelsy and gelss refuse it.
     *
     * @param rcond    the rank threshold of {@code driver} (already resolved: not negative for gelsy)
     * @param fastPath whether gelsy may try its full-rank fast path
     */
    public static Result solve(Matrix a, Matrix b, DType t, double rcond, LstsqDriver driver, boolean fastPath) {
        if (driver != LstsqDriver.GELSD) { // zgelsy/zgelss are not bound: refuse before any allocation
            RealOnly.check("LinAlg.lstsq " + driver, t, "complex least squares runs LstsqDriver.GELSD (zgelsd) only");
        }
        int m = a.rows();
        int n = a.cols();
        int nrhs = b.cols();
        int k = Math.min(m, n);
        int ldRows = Math.max(m, n); // the drivers return X (n rows) in B's place, so B has max(m, n) rows
        Block ac = Storage.denseCopy(a, t);
        Block bb = null;
        NativeBuffer s = null;
        try {
            bb = Block.zeros(t, ldRows, nrhs);
            Storage.copyInto(b, bb.sub(0, 0, m, nrhs));
            double[] sv = new double[0];
            int rank = 0;
            String routine = t.prefix() + driver.routine();
            double estimate = Double.NaN;
            double bound = Double.NaN;
            boolean fast = false;
            if (fastPath && tryFastPath(driver, t, m, n)) {
                bound = fastPathBound(rcond, m, n, t);
                estimate = factorAndEstimate(ac, bb, t, nrhs, bound);
                fast = estimate >= bound;
                String tried = t.prefix() + "geqrf+" + t.prefix() + "trcon+";
                if (fast) {
                    rank = n;
                    routine = tried + t.prefix() + "ormqr+" + t.prefix() + "trtrs";
                } else {
                    routine = tried + routine;
                    Storage.copyInto(a, ac); // geqrf overwrote the copy; bb still holds B
                }
            }
            if (!fast) {
                switch (driver) {
                    case GELSD -> {
                        s = NativeBuffer.allocate(t.real(), Math.max(1, k));
                        Gelsd.Work w = Gelsd.query(t, m, n, nrhs);
                        try (NativeBuffer work = NativeBuffer.allocate(t, w.lwork());
                             NativeBuffer iwork = NativeBuffer.ints(w.liwork());
                             NativeBuffer rwork = t.isComplex() ? NativeBuffer.allocate(t.real(), w.lrwork()) : null) {
                            rank = Gelsd.compute(ac, bb, s, rcond, work, w.lwork(), rwork, w.lrwork(), iwork, w.liwork());
                        }
                        sv = new double[k];
                        s.read(0, sv, 0, k);
                    }
                    case GELSS -> {
                        s = NativeBuffer.allocate(t, Math.max(1, k));
                        long lwork = Gelss.query(t, m, n, nrhs);
                        try (NativeBuffer work = NativeBuffer.allocate(t, lwork)) {
                            rank = Gelss.compute(ac, bb, s, rcond, work, lwork);
                        }
                        sv = new double[k];
                        s.read(0, sv, 0, k);
                    }
                    case GELSY -> {
                        long lwork = Gelsy.query(t, m, n, nrhs);
                        try (NativeBuffer work = NativeBuffer.allocate(t, lwork);
                             NativeBuffer jpvt = NativeBuffer.ints(Math.max(1, n))) {
                            rank = Gelsy.compute(ac, bb, jpvt, rcond, work, lwork);
                        }
                    }
                    default -> throw new IllegalArgumentException("lstsq: unknown driver " + driver);
                }
            }
            double[] res = new double[0];
            if (rank == n && m > n) {
                // all three drivers leave the part of Qᵀ·B (or Uᵀ·B) orthogonal to range(A) in rows n..m-1
                res = new double[nrhs];
                int w = t.components(); // |z|² = re² + im²: sum the squares of every scalar
                double[] tail = new double[(m - n) * w];
                for (int j = 0; j < nrhs; j++) {
                    bb.buffer().read(bb.index(n, j) * w, tail, 0, tail.length);
                    double sum = 0;
                    for (double v : tail) {
                        sum += v * v;
                    }
                    res[j] = sum;
                }
            }
            Matrix x = Matrix.zeros(n, nrhs, t);
            Blas.copy(bb.sub(0, 0, n, nrhs), Storage.block(x));
            return new Result(x, res, rank, sv, routine, estimate, bound);
        } finally {
            ac.buffer().close();
            if (bb != null) {
                bb.buffer().close();
            }
            if (s != null) {
                s.close();
            }
        }
    }

    /**
     * The fast path on the copy {@code ac} (m×n, m ≥ n) and {@code bb} (B in its first m rows):
     * factors A = Q·R, estimates ρ ≤ 1/κ₂(A) from R and, when {@code ρ ≥ bound}, overwrites the first n
     * rows of {@code bb} with X and the rest with the residual part of Qᵀ·B. Otherwise {@code bb}
     * is untouched and {@code ac} holds the QR factors.
     *
     * @return ρ: {@code max(rc₁/n, √(rc₁·rc∞))} with rc the trcon estimates of R; the ∞-norm one
     *         is computed only when the 1-norm one alone does not reach {@code bound}
     */
    private static double factorAndEstimate(Block ac, Block bb, DType t, int nrhs, double bound) {
        int m = ac.rows();
        int n = ac.cols();
        long lwq = nrhs <= UNBLOCKED_QT_MAX_RHS ? Math.max(1, nrhs) : Geqrf.ormqrQuery(t, 'T', m, nrhs, n);
        long lw = Math.max(Geqrf.geqrfQuery(t, m, n), lwq);
        try (NativeBuffer tau = NativeBuffer.allocate(t, n); NativeBuffer work = NativeBuffer.allocate(t, lw)) {
            Geqrf.geqrf(ac, tau, work, lw);
            Block r = ac.sub(0, 0, n, n);
            double one = Trtrs.trcon('1', 'U', r);
            double rho = one / n;
            if (rho < bound && one >= bound) { // √(rc₁·rc∞) ≥ bound needs rc₁ ≥ bound, as rc∞ ≤ 1
                rho = Math.max(rho, Math.sqrt(one * Trtrs.trcon('I', 'U', r)));
            }
            if (rho >= bound) {
                Geqrf.ormqr('T', ac, n, tau, bb.sub(0, 0, m, nrhs), work, lwq);
                Trtrs.solve('U', 'N', r, bb.sub(0, 0, n, nrhs));
            }
            return rho;
        }
    }
}
