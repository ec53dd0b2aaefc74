package org.decomp4j.lowrank;

import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

import org.decomp4j.DType;
import org.decomp4j.LinearOperator;
import org.decomp4j.Matrix;
import org.decomp4j.NonFiniteInputException;
import org.decomp4j.NotConvergedException;
import org.decomp4j.Svd;
import org.decomp4j.engine.Orthonormal;

/**
 * The {@code k} largest singular triplets of a matrix known only through its products (a
 * {@link org.decomp4j.sparse.CsrMatrix}, a dense {@link LinearOperator#of(Matrix)}, or any
 * operator), never forming it densely.
 *
 * <p><b>Method.</b> Golub–Kahan–Lanczos bidiagonalisation with full reorthogonalisation (classical
 * Gram–Schmidt applied twice, through BLAS) and thick restarts with Ritz vectors, after Baglama &amp;
 * Reichel, "Augmented implicitly restarted Lanczos bidiagonalization methods", SIAM J. Sci.
 * Comput. 27(1), 2005 (the IRLBA scheme; restarted with Ritz rather than harmonic Ritz vectors).
 * One pass builds orthonormal bases {@code P} (n×d) and {@code Q} (m×d) with {@code A·P = Q·B},
 * {@code Aᵀ·Q = P·Bᵀ + r·e_dᵀ}, B d×d upper triangular (bidiagonal apart from the restart
 * column). The SVD of B (core {@link Svd}, d×d) gives Ritz triplets whose residuals are exactly
 * {@code ‖Aᵀu_i − σ_i·v_i‖ = ‖r‖·|e_dᵀ·y_i|}; the pass ends when the k largest are below
 * {@code tolerance·σ₁}, else the bases restart from the best {@code k + (d−k)/2} Ritz vectors and
 * {@code r}. An exhausted Krylov space (exact low rank, repeated values) continues with a random
 * direction orthogonal to the basis. The method works on the orientation whose short side holds
 * P, so wide and tall matrices cost the same.
 *
 * <p><b>Limits.</b> A single-vector Krylov method sees one copy of a singular value per
 * direction of its start vector: a value repeated exactly among many distinct ones may be found
 * fewer times than it occurs (as with ARPACK/{@code scipy.sparse.linalg.svds}); the random
 * restart on an exhausted space catches it when the space runs dry.
 *
 * <p><b>Cost.</b> Memory {@code (m+n)·(d + k + d/2)} elements in the operator's dtype plus the
 * operator itself; work per restart {@code (d−k')} products with A and with Aᵀ plus
 * {@code O((m+n)·d²)} for the reorthogonalisation and {@code O(d³)} for the small SVD.
 *
 * <p>Results keep the operator's dtype: bases and products in F32 for an F32 operator (the small
 * problem is always solved in F64).
 */
public final class SparseSvd {
    private SparseSvd() {
    }

    /**
     * Top-{@code k} triplets with the default options ({@link SparseSvdOptions#of(int)}).
     *
     * @param a the m×n operator; used through its products
     * @param k triplets wanted, in {@code [1, min(m, n)]}
     * @return U m×k, k values non-increasing, Vᵀ k×n, owning native memory: close it
     */
    public static LowRankSvd of(LinearOperator a, int k) {
        return of(a, SparseSvdOptions.of(k));
    }

    /**
     * The {@code opts.k()} largest singular triplets of {@code a}: U m×k, s (non-increasing), Vᵀ
     * k×n, with the full SVD's sign convention (largest-magnitude entry of each row of Vᵀ
     * positive). {@link LowRankSvd#method()} is {@code "lanczos"}, {@link LowRankSvd#iterations()}
     * the restarts used, {@link LowRankSvd#errorEstimate()} the Ritz estimate of
     * {@code σ_{k+1}} (the (k+1)-th value of the last projected problem; 0 when k = min(m, n)): the
     * error {@code ‖A − U·Σ·Vᵀ‖₂} of a converged answer, from below. {@link LowRankSvd#reason()}
     * states the largest residual reached.
     *
     * @param a the m×n operator; used through its products
     * @param opts k, Krylov dimension, tolerance, restarts, seed, listener
     * @return U m×k, k values non-increasing, Vᵀ k×n, owning native memory: close it
     * @throws IllegalArgumentException if {@code k > min(m, n)}
     * @throws NotConvergedException    if the k triplets have not converged after
     *     {@code maxRestarts} restarts (the message gives how many did, the residual, and the fix)
     * @throws NonFiniteInputException  if the operator returns NaN or infinity
     */
    public static LowRankSvd of(LinearOperator a, SparseSvdOptions opts) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(opts, "opts");
        int m = a.rows();
        int n = a.cols();
        int k = opts.k();
        if (k > Math.min(m, n)) {
            throw new IllegalArgumentException(String.format(
                    "k = %d exceeds min(m, n) = %d for a %d×%d matrix; a matrix has at most min(m, n) singular"
                            + " values (use Svd for all of them)", k, Math.min(m, n), m, n));
        }
        boolean flip = m < n;
        LinearOperator op = flip ? LowRankSupport.transposed(a) : a;
        Run run = new Run(op, opts);
        try {
            run.solve();
            Matrix left = run.ritz(run.q, true);
            Matrix right;
            try {
                right = run.ritz(run.p, false);
            } catch (RuntimeException | Error e) {
                left.close();
                throw e;
            }
            // in the flipped orientation the left vectors of Aᵀ are the right ones of A
            Matrix u = flip ? right : left;
            Matrix v = flip ? left : right;
            String reason = String.format(Locale.ROOT,
                    "Golub–Kahan–Lanczos, Krylov dimension %d, %d restart(s), %d products; residual %.2e·σ₁ ≤ %.1e",
                    run.d, run.restarts, run.products, run.maxResidual / Math.max(run.sigma1, Double.MIN_NORMAL),
                    run.tol);
            double nextValue = run.d > k ? run.sB[k] : 0.0;
            return LowRankSupport.result(u, java.util.Arrays.copyOf(run.sB, k), v, "lanczos", reason,
                    nextValue, run.restarts, true);
        } finally {
            run.close();
        }
    }

    /** State of one solve on an operator with rows ≥ cols. */
    private static final class Run implements AutoCloseable {
        private final LinearOperator op;
        private final SparseSvdOptions opts;
        private final DType dtype;
        private final int m;
        private final int n;
        private final int k;
        private final int d;
        private final int keep;
        private final double tol;
        private final SplittableRandom rng;
        /** Right basis n×d, left basis m×d, Gram–Schmidt coefficients d×1, residual n×1. */
        private final Matrix p;
        private final Matrix q;
        private final Matrix h;
        private final Matrix r;
        private final double[] bufM;
        private final double[] bufN;
        private final double[][] b;
        private double beta;
        private double anorm;
        private double sigma1;
        private double maxResidual;
        private int restarts;
        private long products;
        /** SVD of B from the last pass: values, and its factors (column-major, d×d). */
        private double[] sB;
        private double[][] uB;
        private double[][] vB;

        Run(LinearOperator op, SparseSvdOptions opts) {
            this.op = op;
            this.opts = opts;
            this.dtype = op.dtype();
            this.m = op.rows();
            this.n = op.cols();
            this.k = opts.k();
            this.d = opts.effectiveKrylovDim(m, n);
            this.keep = d > k ? Math.min(d - 1, k + (d - k) / 2) : d - 1;
            this.tol = opts.effectiveTolerance(dtype);
            this.rng = new SplittableRandom(opts.seed());
            this.b = new double[d][d];
            this.bufM = new double[m];
            this.bufN = new double[n];
            Matrix pp = null;
            Matrix qq = null;
            Matrix hh = null;
            Matrix rr = null;
            try {
                pp = Matrix.zeros(n, d, dtype);
                qq = Matrix.zeros(m, d, dtype);
                hh = Matrix.zeros(d, 1, dtype);
                rr = Matrix.zeros(n, 1, dtype);
            } catch (RuntimeException | Error e) {
                LowRankSupport.closeEach(pp, qq, hh, rr);
                throw e;
            }
            this.p = pp;
            this.q = qq;
            this.h = hh;
            this.r = rr;
        }

        /** Below this a new direction's norm means the Krylov space is exhausted. */
        private double breakdown() {
            return 32 * dtype.eps() * anorm;
        }

        void solve() {
            randomUnit(p, 0, n, bufN);
            int start = 0;
            while (true) {
                extend(start);
                smallSvd();
                int converged = 0;
                double worst = 0;
                double worstUnconverged = 0;
                for (int i = 0; i < k; i++) {
                    double res = beta * Math.abs(uB[d - 1][i]);
                    worst = Math.max(worst, res);
                    if (res <= tol * sigma1) {
                        converged++;
                    } else {
                        worstUnconverged = Math.max(worstUnconverged, res);
                    }
                }
                maxResidual = worst;
                opts.listener().progress(restarts, opts.maxRestarts(), String.format(Locale.ROOT,
                        "%d/%d converged, residual %.1e", converged, k, worst / Math.max(sigma1, Double.MIN_NORMAL)));
                if (converged == k) {
                    return;
                }
                if (restarts >= opts.maxRestarts()) {
                    throw new NotConvergedException("lanczos", k - converged, String.format(Locale.ROOT,
                            "sparse SVD (Lanczos bidiagonalisation) of a %d×%d %s operator: %d of %d singular"
                                    + " triplets converged after %d restart(s) (%d products); largest residual"
                                    + " ‖Aᵀu−σv‖/σ₁ = %.2e > tolerance %.1e. Raise maxRestarts or krylovDim (now %d),"
                                    + " or loosen the tolerance",
                            m, n, dtype, converged, k, restarts, products,
                            worstUnconverged / Math.max(sigma1, Double.MIN_NORMAL), tol, d));
                }
                restart();
                restarts++;
                start = keep;
            }
        }

        /** Lanczos steps for columns {@code start..d-1}; {@code p} column {@code start} is set. */
        private void extend(int start) {
            for (int j = start; j < d; j++) {
                Matrix pj = p.view(0, j, n, 1);
                Matrix qj = q.view(0, j, m, 1);
                op.multiply(pj, qj);
                products++;
                // the known couplings: β_{j−1}·q_{j−1}, or the Ritz couplings ρ_i after a restart
                int lo = j == start && start > 0 ? 0 : Math.max(0, j - 1);
                if (j > lo) {
                    double[] coef = new double[j - lo];
                    for (int i = lo; i < j; i++) {
                        coef[i - lo] = b[i][j];
                    }
                    Matrix hv = h.view(0, 0, j - lo, 1);
                    hv.setColumn(0, 0, coef, 0, j - lo);
                    q.view(0, lo, m, j - lo).multiplyInto(hv, qj, -1.0, 1.0);
                }
                orthogonalize(q, j, qj);
                double alpha = qj.normFrobenius();
                if (!Double.isFinite(alpha)) {
                    throw new NonFiniteInputException("lanczos", String.format(
                            "the operator's product A·p (step %d) holds NaN or infinity; check the matrix entries", j));
                }
                anorm = Math.max(anorm, alpha);
                if (alpha <= breakdown()) {
                    // A·p_j lies in span(Q): B gets a zero pivot and Q a fresh direction
                    alpha = 0;
                    randomOrthogonal(q, j, m, bufM);
                } else {
                    scale(qj, 1 / alpha, bufM);
                }
                b[j][j] = alpha;

                op.multiplyTranspose(qj, r);
                products++;
                r.getColumn(0, 0, bufN, 0, n);
                double[] pcol = new double[n];
                pj.getColumn(0, 0, pcol, 0, n);
                for (int i = 0; i < n; i++) {
                    bufN[i] -= alpha * pcol[i];
                }
                r.setColumn(0, 0, bufN, 0, n);
                orthogonalize(p, j + 1, r);
                double bt = r.normFrobenius();
                if (!Double.isFinite(bt)) {
                    throw new NonFiniteInputException("lanczos", String.format(
                            "the operator's product Aᵀ·q (step %d) holds NaN or infinity; check the matrix entries", j));
                }
                anorm = Math.max(anorm, bt);
                boolean exhausted = bt <= breakdown();
                if (j + 1 < d) {
                    if (exhausted) {
                        bt = 0;
                        randomOrthogonal(p, j + 1, n, bufN);
                    } else {
                        scaleInto(r, 1 / bt, p, j + 1, bufN);
                    }
                    b[j][j + 1] = bt;
                } else {
                    beta = exhausted ? 0 : bt;
                }
            }
        }

        /** {@code v ← (I − B·Bᵀ)² v} for the first {@code cols} columns B of {@code basis}. */
        private void orthogonalize(Matrix basis, int cols, Matrix v) {
            Orthonormal.projectOutTwice(basis, cols, v, h);
        }

        /** Column j of {@code basis}: a random unit vector orthogonal to columns 0..j−1. */
        private void randomOrthogonal(Matrix basis, int j, int len, double[] buf) {
            Matrix col = basis.view(0, j, len, 1);
            for (int attempt = 0; attempt < 5; attempt++) {
                for (int i = 0; i < len; i++) {
                    buf[i] = rng.nextGaussian();
                }
                col.setColumn(0, 0, buf, 0, len);
                double before = col.normFrobenius();
                orthogonalize(basis, j, col);
                double after = col.normFrobenius();
                if (after > 1e-3 * before) {
                    scale(col, 1 / after, buf);
                    return;
                }
            }
            throw new IllegalStateException("lanczos: no direction orthogonal to a basis of " + j + " vectors in "
                    + "dimension " + len + " (basis not orthonormal)");
        }

        private void randomUnit(Matrix basis, int j, int len, double[] buf) {
            randomOrthogonal(basis, j, len, buf);
        }

        private static void scale(Matrix v, double f, double[] buf) {
            scaleInto(v, f, v, 0, buf);
        }

        private static void scaleInto(Matrix src, double f, Matrix dst, int j, double[] buf) {
            int len = src.rows();
            src.getColumn(0, 0, buf, 0, len);
            for (int i = 0; i < len; i++) {
                buf[i] *= f;
            }
            dst.setColumn(j, 0, buf, 0, len);
        }

        /** SVD of the d×d projected matrix B, in F64 through the core. */
        private void smallSvd() {
            try (Matrix bm = Matrix.of(b); Svd svd = Svd.of(bm)) {
                sB = svd.singularValues();
                uB = svd.u().toArray();
                vB = svd.vt().transpose().copy().toArray();
            }
            sigma1 = sB[0];
            anorm = Math.max(anorm, sigma1);
        }

        /** Thick restart: keep the best {@code keep} Ritz vectors and continue from r. */
        private void restart() {
            replaceLeading(p, vB, keep);
            replaceLeading(q, uB, keep);
            double[][] nb = new double[d][d];
            for (int i = 0; i < keep; i++) {
                nb[i][i] = sB[i];
                nb[i][keep] = beta * uB[d - 1][i];
            }
            for (int i = 0; i < d; i++) {
                System.arraycopy(nb[i], 0, b[i], 0, d);
            }
            if (beta == 0) {
                // exhausted space: the couplings vanish; carry on from a fresh direction
                randomOrthogonal(p, keep, n, bufN);
            } else {
                scaleInto(r, 1 / beta, p, keep, bufN);
            }
        }

        /** Columns 0..cols−1 of {@code basis} ← basis·Y[:, 0..cols) (one gemm). */
        private void replaceLeading(Matrix basis, double[][] y, int cols) {
            if (cols == 0) {
                return;
            }
            int rows = basis.rows();
            double[][] yk = new double[d][cols];
            for (int i = 0; i < d; i++) {
                System.arraycopy(y[i], 0, yk[i], 0, cols);
            }
            try (Matrix ym = Matrix.of(yk, dtype); Matrix tmp = basis.multiply(ym)) {
                double[] buf = rows == m ? bufM : bufN;
                for (int j = 0; j < cols; j++) {
                    LowRankSupport.copyColumn(tmp, j, basis, j, buf);
                }
            }
        }

        /** The first k Ritz vectors {@code basis·Y[:, 0..k)} as a new matrix. */
        Matrix ritz(Matrix basis, boolean left) {
            double[][] y = left ? uB : vB;
            double[][] yk = new double[d][k];
            for (int i = 0; i < d; i++) {
                System.arraycopy(y[i], 0, yk[i], 0, k);
            }
            try (Matrix ym = Matrix.of(yk, dtype)) {
                return basis.multiply(ym);
            }
        }

        @Override
        public void close() {
            p.close();
            q.close();
            h.close();
            r.close();
        }
    }
}
