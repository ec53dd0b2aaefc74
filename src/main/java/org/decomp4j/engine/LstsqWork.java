package org.decomp4j.engine;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.lapack.Blas;
import org.decomp4j.lapack.Block;
import org.decomp4j.lapack.Gelsd;
import org.decomp4j.lapack.NativeBuffer;

/** The least-squares executor ({@code gelsd}, minimum norm by SVD); not a user API. */
public final class LstsqWork {
    private LstsqWork() {
    }

    /** X (n×nrhs, owned by the caller), squared residual norms per column (full rank, m &gt; n only), rank, σ. */
    public record Result(Matrix x, double[] residuals, int rank, double[] singularValues) {
    }

    /**
     * Solves {@code min ‖A·X − B‖₂} in dtype {@code t}; {@code a} and {@code b} are untouched.
     *
     * @param rcond singular values {@code ≤ rcond·σ₁} count as zero
     */
    public static Result solve(Matrix a, Matrix b, DType t, double rcond) {
        int m = a.rows();
        int n = a.cols();
        int nrhs = b.cols();
        int k = Math.min(m, n);
        int ldRows = Math.max(m, n); // gelsd returns X (n rows) in B's place, so B has max(m, n) rows
        Block ac = Storage.denseCopy(a, t);
        Block bb = null;
        NativeBuffer s = null;
        try {
            bb = Block.zeros(t, ldRows, nrhs);
            Storage.copyInto(b, bb.sub(0, 0, m, nrhs));
            s = NativeBuffer.allocate(t, Math.max(1, k));
            Gelsd.Work w = Gelsd.query(t, m, n, nrhs);
            int rank;
            try (NativeBuffer work = NativeBuffer.allocate(t, w.lwork()); NativeBuffer iwork = NativeBuffer.ints(w.liwork())) {
                rank = Gelsd.compute(ac, bb, s, rcond, work, w.lwork(), iwork, w.liwork());
            }
            double[] sv = new double[k];
            s.read(0, sv, 0, k);
            double[] res = new double[0];
            if (rank == n && m > n) {
                res = new double[nrhs];
                double[] tail = new double[m - n];
                for (int j = 0; j < nrhs; j++) {
                    bb.buffer().read(bb.index(n, j), tail, 0, m - n);
                    double sum = 0;
                    for (double v : tail) {
                        sum += v * v;
                    }
                    res[j] = sum;
                }
            }
            Matrix x = Matrix.zeros(n, nrhs, t);
            Blas.copy(bb.sub(0, 0, n, nrhs), Storage.block(x));
            return new Result(x, res, rank, sv);
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
