package org.decomp4j.engine;

import java.util.Random;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.dispatch.LuPlanner;
import org.decomp4j.dispatch.TallQr;
import org.decomp4j.lapack.Blas;
import org.decomp4j.lapack.Block;
import org.decomp4j.lapack.Geqrf;
import org.decomp4j.lapack.Getrf;
import org.decomp4j.lapack.NativeBuffer;

/**
 * The orthonormalisers of the low-rank methods, one per algorithm; every method of
 * {@code org.decomp4j.lowrank} and {@code org.decomp4j.apps} that needs orthonormal columns (or
 * randomized SVD's LU normalisation, {@link PermutedLower}) uses one of these. Not a user API.
 *
 * <ul>
 * <li>{@link Householder}: a whole block in place by Householder QR ({@code geqrf} + {@code orgqr}),
 *     the workspace sized once for every block it will see (randomized SVD's range finder);</li>
 * <li>{@link #projectOutTwice}: one vector made orthogonal to the columns of a native basis by
 *     classical Gram–Schmidt applied twice, through BLAS (Lanczos reorthogonalisation);</li>
 * <li>{@link #modifiedGramSchmidtTwice}: a small row-major Java block by modified Gram–Schmidt
 *     applied twice, vanishing columns replaced at random (matrix completion's subspace step).</li>
 * </ul>
 *
 * <p>They stay three because they are three algorithms on three storages, and each caller's
 * results depend on its rounding: merging them would change those results' bits.
 */
public final class Orthonormal {
    /** The tall path's threads: daemons, parked between calls, gone after 30 s idle. */
    private static final WorkerThreads TSQR_THREADS = new WorkerThreads("decomp4j-tsqr", 0, 30);

    private Orthonormal() {
    }

    /**
     * {@code v ← (I − B·Bᵀ)² v}, B the first {@code cols} columns of {@code basis} (assumed
     * orthonormal): classical Gram–Schmidt twice ("twice is enough", Giraud et al. 2005), each pass
     * one {@code gemv}-shaped product {@code h = Bᵀ·v} and one update {@code v −= B·h}.
     *
     * @param basis rows×c, c ≥ cols, same dtype as {@code v}
     * @param v     rows×1, overwritten
     * @param h     scratch with at least {@code cols} rows and one column, overwritten
     */
    public static void projectOutTwice(Matrix basis, int cols, Matrix v, Matrix h) {
        if (cols == 0) {
            return;
        }
        Matrix bv = basis.view(0, 0, basis.rows(), cols);
        Matrix hv = h.view(0, 0, cols, 1);
        for (int pass = 0; pass < 2; pass++) {
            bv.transpose().multiplyInto(v, hv, 1.0, 0.0);
            bv.multiplyInto(hv, v, -1.0, 1.0);
        }
    }

    /**
     * Replaces the columns of the row-major {@code rows×cols} block {@code y} by orthonormal ones
     * spanning the same space: modified Gram–Schmidt applied twice per column. A column whose norm
     * falls below {@code 1e-12} of its norm before (it lay in the span of the previous ones) is
     * replaced by Gaussian entries from {@code rnd} and orthogonalised again, so the result always
     * has {@code cols} orthonormal columns. Cost {@code 4·rows·cols²} flops; pure Java.
     *
     * @return {@code y}, overwritten
     */
    public static double[] modifiedGramSchmidtTwice(double[] y, int rows, int cols, Random rnd) {
        for (int j = 0; j < cols; j++) {
            double before = columnNorm(y, rows, cols, j);
            for (int pass = 0; pass < 2; pass++) {
                for (int l = 0; l < j; l++) {
                    double dot = 0;
                    for (int r = 0; r < rows; r++) {
                        dot += y[r * cols + l] * y[r * cols + j];
                    }
                    for (int r = 0; r < rows; r++) {
                        y[r * cols + j] -= dot * y[r * cols + l];
                    }
                }
            }
            double norm = columnNorm(y, rows, cols, j);
            if (!(norm > 1e-12 * Math.max(before, Double.MIN_NORMAL))) {
                for (int r = 0; r < rows; r++) {
                    y[r * cols + j] = rnd.nextGaussian();
                }
                j--; // orthogonalise the replacement
                continue;
            }
            for (int r = 0; r < rows; r++) {
                y[r * cols + j] /= norm;
            }
        }
        return y;
    }

    private static double columnNorm(double[] y, int rows, int cols, int j) {
        double s = 0;
        for (int r = 0; r < rows; r++) {
            s += y[r * cols + j] * y[r * cols + j];
        }
        return Math.sqrt(s);
    }

    /**
     * Householder QR orthonormalisation of native blocks, in place: {@code geqrf} then
     * {@code orgqr}, with {@code tau} and the LAPACK workspace allocated once (the larger query of
     * every shape given) so that no call allocates, but for the tall path's stacked R factors and
     * per-thread scratch ({@link TallQr#extraElements}). Not thread-safe; close it when done.
     */
    public static final class Householder implements AutoCloseable {
        private final DType dtype;
        private final NativeBuffer tau;
        private final NativeBuffer work;
        private final long lwork;

        /** Sized for blocks of {@code cols} columns and any of {@code rowCounts} rows. */
        public Householder(DType t, int cols, int... rowCounts) {
            // the randomized and out-of-core methods it serves are real (their products use Aᵀ, not Aᴴ)
            RealOnly.check("Orthonormal.Householder", t, "the randomized methods are real; use Svd.of");
            this.dtype = t;
            long lw = 1;
            for (int rows : rowCounts) {
                int rb = TallQr.blockRows(rows, cols);
                if (rb > 0) {
                    // the tall path: row blocks of rb..2rb−1 rows, then the stacked R factors
                    int stacked = (rows / rb) * cols;
                    lw = Math.max(lw, Geqrf.geqrfQuery(t, 2 * rb - 1, cols));
                    lw = Math.max(lw, Geqrf.orgqrQuery(t, 2 * rb - 1, cols, cols));
                    lw = Math.max(lw, Geqrf.geqrfQuery(t, stacked, cols));
                    lw = Math.max(lw, Geqrf.orgqrQuery(t, stacked, cols, cols));
                } else {
                    lw = Math.max(lw, Geqrf.geqrfQuery(t, rows, cols));
                    lw = Math.max(lw, Geqrf.orgqrQuery(t, rows, cols, cols));
                }
            }
            this.lwork = lw;
            this.tau = NativeBuffer.allocate(t, Math.max(1, cols));
            try {
                this.work = NativeBuffer.allocate(t, lw);
            } catch (RuntimeException | Error e) {
                tau.close();
                throw e;
            }
        }

        /**
         * Replaces the columns of {@code x} (rows ≥ cols) by an orthonormal basis of their span.
         * A tall, narrow block ({@link TallQr#blockRows}) goes by TSQR (Demmel, Grigori, Hoemmen &
         * Langou 2012, one level): a Householder QR of each row block of 1–2 MiB, which stays
         * in cache, then of the stacked R factors, and each block's Q times its part of the
         * stacked Q; the blocks spread over the threads OpenBLAS had, each calling a one-thread
         * OpenBLAS. It allocates {@link TallQr#extraElements} elements for the call. The same flops as
         * one {@code geqrf} + {@code orgqr} over the whole block, which streams every column of a
         * tall panel through memory once per reflector and so runs memory-bound; as stable
         * (orthogonal transformations throughout), with another orthonormal basis of the same span.
         */
        public void orthonormalize(Matrix x) {
            Block b = Storage.writable(x);
            if (b.dtype() != dtype) {
                throw new IllegalArgumentException("Orthonormal.Householder: sized for " + dtype + ", got " + b.dtype());
            }
            int rb = TallQr.blockRows(b.rows(), b.cols());
            if (rb > 0) {
                tall(b, rb);
                return;
            }
            Geqrf.geqrf(b, tau, work, lwork);
            Geqrf.orgqr(b, b.cols(), tau, work, lwork);
        }

        private void tall(Block x, int rb) {
            int m = x.rows();
            int l = x.cols();
            int blocks = m / rb;                       // the last block takes the remainder: rb..2rb−1 rows
            // The blocks are independent and small: split them between as many Java threads as
            // OpenBLAS had, each calling a one-thread OpenBLAS (two OpenBLAS threads on a 1 MiB
            // block mostly wait for each other). A running batch's lease already means one part.
            int parts = Math.min(Math.min(blocks, TallQr.MAX_PARTS), org.decomp4j.NativeConfig.threads());
            double[] taus = new double[blocks * l];
            Block stacked = Block.zeros(dtype, blocks * l, l);
            Block[] tmp = new Block[parts];
            NativeBuffer[] partTau = new NativeBuffer[parts];
            NativeBuffer[] partWork = new NativeBuffer[parts];
            try (BlasThreadLease one = BlasThreadLease.acquire()) {
                for (int p = 0; p < parts; p++) {
                    tmp[p] = Block.allocate(dtype, TallQr.CHUNK_ROWS, l);
                    partTau[p] = p == 0 ? tau : NativeBuffer.allocate(dtype, l);
                    partWork[p] = p == 0 ? work : NativeBuffer.allocate(dtype, lwork);
                }
                TSQR_THREADS.runParts(parts, p -> {
                    for (int i = p; i < blocks; i += parts) {
                        Block xi = rowBlock(x, i, rb, blocks);
                        Geqrf.geqrf(xi, partTau[p], partWork[p], lwork);
                        for (int j = 0; j < l; j++) {
                            taus[i * l + j] = partTau[p].get(j);
                        }
                        Block ri = stacked.sub(i * l, 0, l, l);
                        Blas.copy(xi.sub(0, 0, l, l), ri);
                        Blas.zeroStrictTriangle('L', ri);
                    }
                });
                Geqrf.geqrf(stacked, tau, work, lwork);
                Geqrf.orgqr(stacked, l, tau, work, lwork);
                TSQR_THREADS.runParts(parts, p -> {
                    for (int i = p; i < blocks; i += parts) {
                        Block xi = rowBlock(x, i, rb, blocks);
                        for (int j = 0; j < l; j++) {
                            partTau[p].set(j, taus[i * l + j]);
                        }
                        Geqrf.orgqr(xi, l, partTau[p], partWork[p], lwork);
                        Block si = stacked.sub(i * l, 0, l, l);
                        for (int r = 0; r < xi.rows(); r += TallQr.CHUNK_ROWS) {   // X_i ← X_i·S_i, by cached chunks
                            int c = Math.min(TallQr.CHUNK_ROWS, xi.rows() - r);
                            Block xc = xi.sub(r, 0, c, l);
                            Block tc = tmp[p].sub(0, 0, c, l);
                            Blas.gemm(false, false, 1.0, xc, si, 0.0, tc);
                            Blas.copy(tc, xc);
                        }
                    }
                });
            } finally {
                stacked.buffer().close();
                for (int p = 0; p < parts; p++) {
                    if (tmp[p] != null) {
                        tmp[p].buffer().close();
                    }
                    if (p > 0 && partTau[p] != null) {
                        partTau[p].close();
                    }
                    if (p > 0 && partWork[p] != null) {
                        partWork[p].close();
                    }
                }
            }
        }

        private static Block rowBlock(Block x, int i, int rb, int blocks) {
            int first = i * rb;
            int rows = i == blocks - 1 ? x.rows() - first : rb;
            return x.sub(first, 0, rows, x.cols());
        }

        @Override
        public void close() {
            tau.close();
            work.close();
        }
    }

    /**
     * Replaces a p×l block (p ≥ l) by {@code P·L} of its LU factorisation {@code x = P·L·U}, as
     * {@code scipy.linalg.lu(x, permute_l=True)}: the same span as x when it has full rank, with
     * entries bounded by 1 instead of orthonormal columns (randomized SVD's cheaper normaliser
     * between power steps). Owns its pivots, sized once.
     */
    public static final class PermutedLower implements AutoCloseable {
        private final NativeBuffer ipiv;
        private final int[] pivots;

        /** For blocks of {@code l} columns. */
        public PermutedLower(int l) {
            this.ipiv = NativeBuffer.ints(Math.max(1, l));
            this.pivots = new int[l];
        }

        /** Normalises {@code x} in place (writable, untransposed, l columns). */
        public void apply(Matrix x) {
            RealOnly.check("Orthonormal.PermutedLower", x, "the randomized methods are real; use Svd.of");
            Block b = Storage.writable(x);
            int l = b.cols();
            Getrf.getrf(b, ipiv, LuWork.binding(LuPlanner.plan(b.dtype(), b.rows(), l)));
            Block top = b.sub(0, 0, l, l);
            Blas.zeroStrictTriangle('U', top);
            for (int i = 0; i < l; i++) {
                top.set(i, i, 1.0);
            }
            ipiv.read(0, pivots, 0, l);
            // undo the interchanges in reverse order: row i of L·… came from row ipiv[i] − 1
            for (int i = l - 1; i >= 0; i--) {
                int r = pivots[i] - 1;
                if (r != i) {
                    for (int j = 0; j < l; j++) {
                        double v = b.get(i, j);
                        b.set(i, j, b.get(r, j));
                        b.set(r, j, v);
                    }
                }
            }
        }

        @Override
        public void close() {
            ipiv.close();
        }
    }
}
