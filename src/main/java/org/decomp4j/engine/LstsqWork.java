package org.decomp4j.engine;

import org.decomp4j.DType;
import org.decomp4j.LstsqDriver;
import org.decomp4j.Matrix;
import org.decomp4j.lapack.Blas;
import org.decomp4j.lapack.Block;
import org.decomp4j.lapack.Gelsd;
import org.decomp4j.lapack.Gelss;
import org.decomp4j.lapack.Gelsy;
import org.decomp4j.lapack.NativeBuffer;

/**
 * The least-squares executor: one of {@code gelsd} (minimum norm by divide-and-conquer SVD),
 * {@code gelsy} (complete orthogonal factorisation) or {@code gelss} (SVD by QR iteration); not a
 * user API.
 */
public final class LstsqWork {
    private LstsqWork() {
    }

    /**
     * X (n×nrhs, owned by the caller), squared residual norms per column (full rank, m &gt; n
     * only), rank, σ (empty for gelsy) and the routine that ran ({@code dgelsy}, …).
     */
    public record Result(Matrix x, double[] residuals, int rank, double[] singularValues, String routine) {
    }

    /**
     * Solves {@code min ‖A·X − B‖₂} in dtype {@code t}; {@code a} and {@code b} are untouched. A
     * complex {@code t} runs {@code zgelsd}/{@code cgelsd} only: gelsy and gelss refuse it.
     *
     * @param rcond the rank threshold of {@code driver} (already resolved: not negative for gelsy)
     */
    public static Result solve(Matrix a, Matrix b, DType t, double rcond, LstsqDriver driver) {
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
            double[] sv;
            int rank;
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
                    sv = new double[0];
                }
                default -> throw new IllegalArgumentException("lstsq: unknown driver " + driver);
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
            return new Result(x, res, rank, sv, t.prefix() + driver.routine());
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
}
