package org.decomp4j.engine;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.dispatch.QrBlocking;
import org.decomp4j.lapack.Blas;
import org.decomp4j.lapack.Block;
import org.decomp4j.lapack.Geqrf;
import org.decomp4j.lapack.Geqrt;
import org.decomp4j.lapack.NativeBuffer;
import org.decomp4j.lapack.Trtrs;

/**
 * The one QR executor: the compact factors (R and Householder vectors) and τ of one shape,
 * allocated once with LAPACK's workspace, filled by {@link #run} once ({@code Qr.of},
 * {@code Qr.pivoted}) or many times ({@code QrWorkspace}, the batch); it forms Q, unpacks R and
 * solves least squares from them. One thread at a time; not a user API.
 *
 * <p>An unpivoted real QR from {@link QrBlocking#MIN_K} on runs {@code geqrt} in the blocks
 * {@link QrBlocking#blockSize} gives and keeps their factors T, from which Q is formed by block
 * reflectors ({@link Geqrt#formQ}) instead of {@code orgqr}; τ is copied out of T's diagonal, so
 * everything else ({@code ormqr}, the complete Q) reads the factors as {@code geqrf} leaves them.
 */
public final class QrWork implements AutoCloseable {
    private final int rows;
    private final int cols;
    private final int k;
    private final DType dtype;
    private final boolean pivoted;
    private final Block f;
    private final NativeBuffer tau;
    private final NativeBuffer jpvt;
    private final NativeBuffer work;
    private final long lwork;
    private final int nb;        // geqrt's block size, 0 for geqrf
    private final Block blockT;  // geqrt's factors T (nb × k), null for geqrf
    private int[] perm;

    /**
     * Allocates for {@code rows × cols} matrices of {@code dtype}, column-pivoted ({@code geqp3})
     * or not ({@code geqrf}), with workspace for the factorization and for an economy Q.
     */
    public QrWork(int rows, int cols, DType dtype, boolean pivoted) {
        this.rows = rows;
        this.cols = cols;
        this.k = Math.min(rows, cols);
        this.dtype = dtype;
        this.pivoted = pivoted;
        this.nb = pivoted ? 0 : QrBlocking.blockSize(dtype, rows, cols);
        long lw = 1;
        if (nb > 0) {
            lw = Math.max(Geqrt.geqrtWork(cols, nb), Geqrt.formQWork(k, nb));
        } else if (k > 0) {
            lw = Math.max(pivoted ? Geqrf.geqp3Query(dtype, rows, cols) : Geqrf.geqrfQuery(dtype, rows, cols),
                    Geqrf.orgqrQuery(dtype, rows, k, k));
        }
        this.lwork = lw;
        Block fb = null;
        NativeBuffer t = null;
        NativeBuffer jp = null;
        Block bt = null;
        try {
            fb = Block.allocate(dtype, rows, cols);
            t = NativeBuffer.allocate(dtype, Math.max(1, k));
            jp = pivoted ? NativeBuffer.ints(Math.max(1, cols)) : null;
            bt = nb > 0 ? Block.allocate(dtype, nb, k) : null;
            this.work = NativeBuffer.allocate(dtype, Math.max(1, lw));
        } catch (RuntimeException | Error e) {
            for (AutoCloseable c : new AutoCloseable[] {fb == null ? null : fb.buffer(), t, jp,
                bt == null ? null : bt.buffer()}) {
                if (c instanceof NativeBuffer b) {
                    b.close();
                }
            }
            throw e;
        }
        this.f = fb;
        this.tau = t;
        this.jpvt = jp;
        this.blockT = bt;
    }

    /** Factors {@code a} (untouched, converted to this dtype). */
    public void run(Matrix a) {
        Storage.copyInto(a, f);
        if (k == 0) {
            perm = pivoted ? identity(cols) : null;
            return;
        }
        if (pivoted) {
            for (int j = 0; j < cols; j++) {
                jpvt.setInt(j, 0); // every column free
            }
            Geqrf.geqp3(f, jpvt, tau, work, lwork);
            int[] p = new int[cols];
            jpvt.read(0, p, 0, cols);
            for (int j = 0; j < cols; j++) {
                p[j] -= 1;
            }
            perm = p;
        } else if (nb > 0) {
            Geqrt.geqrt(f, nb, blockT, work);
            for (int i = 0; i < k; i++) {
                tau.set(i, blockT.get(i % nb, i)); // each block's T has its reflectors' τ on the diagonal
            }
        } else {
            Geqrf.geqrf(f, tau, work, lwork);
        }
    }

    private static int[] identity(int n) {
        int[] id = new int[n];
        for (int j = 0; j < n; j++) {
            id[j] = j;
        }
        return id;
    }

    /** The routine that factors: {@code geqp3}, {@code geqrt} (blocked, {@link QrBlocking}) or {@code geqrf}, with its dtype prefix. */
    public String routine() {
        return dtype.prefix() + (pivoted ? "geqp3" : nb > 0 ? "geqrt" : "geqrf");
    }

    /** The routine that forms Q: {@code larfb} after {@code geqrt}, else {@code orgqr} ({@code ungqr} complex), prefixed. */
    public String qRoutine() {
        return dtype.prefix() + (nb > 0 ? "larfb" : dtype.isComplex() ? "ungqr" : "orgqr");
    }

    /** The compact factors as LAPACK leaves them (owned by this work). */
    public Block packed() {
        return f;
    }

    /** Column order of the last pivoted run, 0-based ({@code A[:, perm] = Q·R}); null unpivoted. */
    public int[] permutation() {
        return perm == null ? null : perm.clone();
    }

    /**
     * Forms Q into {@code q} (rows × qc, qc = k for economy or rows for complete; {@code orgqr},
     * or the block reflectors of a {@code geqrt} run, either of which sets the columns past the
     * reflectors itself), overwriting it.
     */
    public void q(Block q) {
        int qc = q.cols();
        if (nb > 0) {
            if (qc == k) {
                Geqrt.formQ(f, k, nb, blockT, q, work);
                return;
            }
            try (NativeBuffer w = NativeBuffer.allocate(dtype, Geqrt.formQWork(qc, nb))) {
                Geqrt.formQ(f, k, nb, blockT, q, w);
            }
            return;
        }
        int copyCols = Math.min(cols, qc);
        Blas.copy(f.sub(0, 0, rows, copyCols), q.sub(0, 0, rows, copyCols));
        if (qc == k) {
            Geqrf.orgqr(q, k, tau, work, lwork);
            return;
        }
        long lw = Geqrf.orgqrQuery(dtype, rows, qc, k);
        try (NativeBuffer w = NativeBuffer.allocate(dtype, lw)) {
            Geqrf.orgqr(q, k, tau, w, lw);
        }
    }

    /** Writes R's first k rows (upper triangular, k×n) into the zero-filled block {@code dst} of this dtype. */
    public void r(Block dst) {
        for (int j = 0; j < cols && k > 0; j++) {
            NativeBuffer.copy(f.buffer(), f.index(0, j), dst.buffer(), dst.index(0, j), Math.min(j + 1, k));
        }
    }

    /** Writes R's first k rows (upper triangular, k×n) into a zero-filled target, in column pieces. */
    public void r(LuWork.Columns out) {
        double[] col = new double[Math.max(1, k)];
        for (int j = 0; j < cols && k > 0; j++) {
            int len = Math.min(j + 1, k);
            f.buffer().read(f.index(0, j), col, 0, len);
            out.set(j, 0, col, len);
        }
    }

    /** Numerical rank from |R[i][i]| against |R[0][0]|·max(m, n)·eps (pivoted runs reveal it). */
    public int rank() {
        if (k == 0) {
            return 0;
        }
        double tol = Math.hypot(f.re(0, 0), f.im(0, 0)) * Math.max(rows, cols) * dtype.eps();
        int r = 0;
        while (r < k && Math.hypot(f.re(r, r), f.im(r, r)) > tol) {
            r++;
        }
        return r;
    }

    /**
     * Least squares for {@code m ≥ n}: {@code X = R⁻¹·(Qᴴ·B)[0:n]} ({@code ormqr}/{@code unmqr} + {@code trtrs}),
     * un-permuted for a pivoted run. {@code c} (m × nrhs, this dtype) is overwritten; the solution
     * goes to the new matrix returned (n × nrhs).
     */
    public Matrix solve(Matrix c) {
        int nrhs = c.cols();
        char qh = dtype.isComplex() ? 'C' : 'T';
        long lw = Geqrf.ormqrQuery(dtype, qh, rows, nrhs, cols);
        try (NativeBuffer w = NativeBuffer.allocate(dtype, lw)) {
            Geqrf.ormqr(qh, f, cols, tau, Storage.writable(c), w, lw);
        }
        Matrix y = c.view(0, 0, cols, nrhs).copy();
        try {
            Trtrs.solve('U', 'N', f.sub(0, 0, cols, cols), Storage.writable(y));
            if (perm == null) {
                return y;
            }
            Matrix x = Matrix.zeros(cols, nrhs, dtype);
            for (int i = 0; i < cols; i++) {
                for (int j = 0; j < nrhs; j++) {
                    x.setComplex(perm[i], j, y.getRe(i, j), y.getIm(i, j));
                }
            }
            y.close();
            return x;
        } catch (RuntimeException | Error e) {
            y.close();
            throw e;
        }
    }

    /** True once closed. */
    public boolean isClosed() {
        return f.buffer().isClosed();
    }

    /** Frees everything. Idempotent. */
    @Override
    public void close() {
        f.buffer().close();
        tau.close();
        work.close();
        if (jpvt != null) {
            jpvt.close();
        }
        if (blockT != null) {
            blockT.buffer().close();
        }
    }
}
