package org.decomp4j.lowrank;

import java.util.Locale;
import java.util.Objects;

import org.decomp4j.DType;
import org.decomp4j.LinearOperator;
import org.decomp4j.Matrix;
import org.decomp4j.MemoryBudgetException;
import org.decomp4j.NativeConfig;
import org.decomp4j.NonFiniteInputException;
import org.decomp4j.Svd;
import org.decomp4j.dispatch.OutOfCorePlanner;
import org.decomp4j.dispatch.TallQr;
import org.decomp4j.engine.Orthonormal;
import org.decomp4j.engine.SignConvention;
import org.decomp4j.engine.Storage;

/**
 * Randomized SVD (Halko, Martinsson &amp; Tropp, "Finding structure with randomness", SIAM Review
 * 53(2), 2011; Algorithms 4.4 and 5.1): an approximate rank-k factorisation from the products
 * {@code A·X} and {@code Aᵀ·X} alone, so one code path serves dense matrices
 * ({@link LinearOperator#of(Matrix)}, BLAS-3 {@code gemm}) and sparse ones.
 *
 * <ol>
 * <li>{@code Y = A·Ω} with Ω an n×l Gaussian block, {@code l = min(k + p, min(m, n))};</li>
 * <li>q power steps {@code Y ← A·(Aᵀ·Y)}, the block re-normalised (QR, or LU, or not at all) after
 *     each product, so that the small singular directions are not lost to rounding;</li>
 * <li>{@code Q = qr(Y)}, {@code B = Qᵀ·A} (formed as {@code Aᵀ·Q}), the small SVD
 *     {@code B = Û·Σ·Vᵀ}, and {@code U = Q·Û}; the first k triplets are returned.</li>
 * </ol>
 *
 * <p>Accuracy: the error {@code ‖A − U·Σ·Vᵀ‖₂} is near {@code σ_{k+1}} when the spectrum decays;
 * power steps sharpen it (the relevant ratio becomes {@code (σ_{l+1}/σ_j)^{2q+1}}).
 * {@link LowRankSvd#errorEstimate()} is an a-posteriori bound: with r Gaussian probes
 * {@code ω_i}, {@code ‖(I − QQᵀ)A‖₂ ≤ 10·√(2/π)·max_i ‖(I − QQᵀ)A·ω_i‖} with probability at
 * least {@code 1 − 10^−r} (Halko et al. §4.3, eq. 4.3); to it is added {@code σ_{k+1}(B)}, the
 * part truncation to k drops, so the estimate bounds the returned factorisation's own error.
 *
 * <p>Cost: {@code 2q + 2} products with an n×l or m×l block (plus one with r probe columns), QR of
 * m×l and n×l blocks per step, and an n×l SVD: about {@code (2q + 3)·2mnl} flops for a dense
 * matrix. Memory: two blocks, m×l and n×l, reused by every step, plus the factors, the small
 * SVD and the probes; all of it is priced against {@link NativeConfig#memoryBudget()} before
 * anything is allocated ({@link MemoryBudgetException} with what is needed).
 */
public final class RandomizedSvd {
    /** Halko et al. eq. (4.3): the constant {@code 10·√(2/π)} of the probabilistic bound. */
    static final double PROBE_FACTOR = 10 * Math.sqrt(2 / Math.PI);

    private RandomizedSvd() {
    }

    /**
     * Randomized SVD of a dense matrix (finiteness checked first; {@code a} is untouched).
     *
     * @param a the m×n matrix; not modified
     * @param options rank k, oversampling, power iterations, seed and probes
     * @return U m×k, k values non-increasing, Vᵀ k×n, owning native memory: close it
     * @throws IllegalArgumentException unless {@code 1 ≤ k ≤ min(m, n)}
     * @throws NonFiniteInputException if {@code a} holds NaN or infinity
     * @throws MemoryBudgetException if its buffers do not fit {@link NativeConfig#memoryBudget()} (before allocating)
     */
    public static LowRankSvd of(Matrix a, RandomizedSvdOptions options) {
        Objects.requireNonNull(a, "a");
        LowRank.checkRank(a.rows(), a.cols(), options.rank());
        a.requireFinite("A");
        return of(LinearOperator.of(a), options);
    }

    /**
     * Randomized SVD of an operator known by its products.
     *
     * @param op the m×n operator; used through its products
     * @param options rank k, oversampling, power iterations, seed and probes
     * @return U m×k, k values non-increasing, Vᵀ k×n; {@link LowRankSvd#iterations()} is q and
     *     {@link LowRankSvd#errorEstimate()} the bound above (NaN with 0 probes)
     * @throws IllegalArgumentException unless {@code 1 ≤ k ≤ min(m, n)}
     * @throws NonFiniteInputException if the products produced NaN or infinity
     * @throws MemoryBudgetException if its buffers do not fit {@link NativeConfig#memoryBudget()} (before allocating)
     */
    public static LowRankSvd of(LinearOperator op, RandomizedSvdOptions options) {
        return compute(op, options, null);
    }

    static LowRankSvd compute(LinearOperator op, RandomizedSvdOptions o, String reason) {
        return compute(op, o, reason, NativeConfig.memoryBudget());
    }

    /** As {@link #compute(LinearOperator, RandomizedSvdOptions, String)}, its buffers priced against {@code budget}. */
    static LowRankSvd compute(LinearOperator op, RandomizedSvdOptions o, String reason, long budget) {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(o, "options");
        int m = op.rows();
        int n = op.cols();
        int k = o.rank();
        LowRank.checkRank(m, n, k);
        DType t = op.dtype();
        // the range finder multiplies by Aᵀ (not Aᴴ): real only, refused before any allocation
        org.decomp4j.engine.RealOnly.check("RandomizedSvd.of", t, "the randomized SVD is real; use Svd.of");
        int l = (int) Math.min((long) k + o.oversampling(), Math.min(m, n));
        int q = o.powerItersFor(m, n);
        String method = String.format(Locale.ROOT, "randomized (q=%d, p=%d, %s)", q, l - k,
                o.normalizer().name().toLowerCase(Locale.ROOT));
        String why = reason != null ? reason : String.format(Locale.ROOT,
                "randomized range finder (Halko, Martinsson & Tropp 2011): block of l = %d columns, q = %d power"
                        + " iterations, %s normalisation, seed %d", l, q, o.normalizer(), o.seed());
        checkBudget(m, n, k, l, o.probes(), t, budget);
        Matrix u = null;
        Matrix vt = null;
        Matrix probeW = null;
        Matrix probeP = null;
        try (Matrix y = Storage.uninitialized(m, l, t);
             Matrix z = Matrix.randomNormal(n, l, o.seed(), t);
             Normalizer norm = new Normalizer(o.normalizer(), t, m, n, l)) {
            op.multiply(z, y);                                   // Y = A·Ω
            for (int i = 1; i <= q; i++) {
                norm.apply(y);
                op.multiplyTranspose(y, z);                      // Z = Aᵀ·Y
                norm.apply(z);
                op.multiply(z, y);                               // Y = A·Z
                o.progress().progress(i, q, "power iteration " + i + " of " + q);
            }
            norm.orthonormalize(y);                              // Q
            if (o.probes() > 0) {
                // the probes' A·W shares the last pass with Aᵀ·Q (one pass for an operator on disk)
                probeW = Matrix.randomNormal(n, o.probes(), probeSeed(o.seed()), t);
                probeP = Storage.uninitialized(m, o.probes(), t);
                op.multiplyTransposeAndMultiply(y, z, probeW, probeP);   // Z = Aᵀ·Q = Bᵀ (n×l), P = A·W
            } else {
                op.multiplyTranspose(y, z);                      // Z = Aᵀ·Q = Bᵀ (n×l)
            }
            try (Svd small = Svd.of(z)) {                        // Bᵀ = Ũ·Σ·Ṽᵀ, so B = Ṽ·Σ·Ũᵀ
                double[] sAll = small.singularValues();
                for (double v : sAll) {
                    if (!Double.isFinite(v)) {
                        throw new NonFiniteInputException("randomized", "randomized SVD: the products A·X of the "
                                + m + "×" + n + " operator produced NaN or infinity; check the operator's entries");
                    }
                }
                u = Storage.uninitialized(m, k, t);
                y.multiplyInto(small.vt().transpose().view(0, 0, l, k), u, 1.0, 0.0);   // U = Q·Ṽ[:, :k]
                try (Matrix ut = small.u().view(0, 0, n, k).transpose()) {
                    vt = ut.copy();                              // Vᵀ = Ũ[:, :k]ᵀ
                }
                if (o.flipSigns()) {
                    SignConvention.flipSigns(u, vt, k);
                }
                double tail = l > k ? sAll[k] : 0.0;
                double estimate = o.probes() == 0 ? Double.NaN : rangeErrorBound(y, probeP) + tail;
                double[] s = java.util.Arrays.copyOf(sAll, k);
                return new LowRankSvd(u, s, vt, method, why, estimate, q, true);
            }
        } catch (RuntimeException | Error e) {
            LowRankSupport.closeEach(u, vt);
            throw e;
        } finally {
            LowRankSupport.closeEach(probeW, probeP);
        }
    }

    /**
     * Refuses, before anything is allocated, a request whose buffers do not fit the memory budget.
     * The parts held at once: the blocks Y (m×l) and Z (n×l); the normaliser's {@code tau} and
     * workspace (geqrf/orgqr's optimal lwork is l·nb, nb ≤ 64 in OpenBLAS's LAPACK, so l·65 is
     * priced) and the LU pivots; the small SVD of the n×l block (a copy, its n×l U, l×l Vᵀ, and
     * gesdd's workspace of at most about 4l² + 8l elements); the factors U (m×k) and Vᵀ (k×n); and
     * the probes (n×r, m×r, l×r). Sums are in {@code long}, exact or saturated, never wrapped.
     *
     * @throws MemoryBudgetException with what is needed and the budget
     */
    static void checkBudget(long m, long n, long k, long l, long r, DType t, long budget) {
        long blocks = add(mul(m, l), mul(n, l));
        long normaliser = add(add(mul(l, 65), l), Math.max(TallQr.extraElements(m, l), TallQr.extraElements(n, l)));
        long smallSvd = add(add(mul(2, mul(n, l)), mul(4, mul(l, l))), mul(9, l));
        long factors = add(mul(m, k), mul(k, n));
        long probes = mul(r, add(add(m, n), l));
        long elements = OutOfCorePlanner.randomizedElements(m, n, k, l, r);
        long needed = mul(elements, t.bytes());
        if (needed > budget) {
            throw new MemoryBudgetException(needed, budget, String.format(Locale.ROOT,
                    "randomized SVD of a %d×%d %s operator (k = %d, l = %d, %d probes) needs %s: range blocks %s,"
                            + " small SVD %s, factors %s, probes %s, normaliser %s; the budget is %s. Lower the rank,"
                            + " the oversampling or the probes, or raise the budget (NativeConfig.setMemoryBudget,"
                            + " -Ddecomp4j.memoryBudget)", m, n, t.numpyName(), k, l, r, NativeConfig.formatBytes(needed),
                    bytes(blocks, t), bytes(smallSvd, t), bytes(factors, t), bytes(probes, t), bytes(normaliser, t),
                    NativeConfig.formatBytes(budget)));
        }
    }

    private static String bytes(long elements, DType t) {
        return NativeConfig.formatBytes(mul(elements, t.bytes()));
    }

    /** {@code a·b} for non-negative sizes, saturating at {@code Long.MAX_VALUE} (a refusal, never a wrap). */
    private static long mul(long a, long b) {
        return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    /** {@code a + b} for non-negative sizes, saturating at {@code Long.MAX_VALUE}. */
    private static long add(long a, long b) {
        return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
    }

    /**
     * {@code 10·√(2/π)·max_i ‖(I − QQᵀ)·A·ω_i‖} over {@code r} Gaussian probes: bounds
     * {@code ‖(I − QQᵀ)A‖₂} with probability ≥ {@code 1 − 10^−r} (Halko et al. §4.3).
     */
    static double rangeErrorBound(LinearOperator op, Matrix q, int r, long seed) {
        try (Matrix w = Matrix.randomNormal(op.cols(), r, probeSeed(seed), q.dtype());
             Matrix p = Storage.uninitialized(op.rows(), r, q.dtype())) {
            op.multiply(w, p);                                   // P = A·W
            return rangeErrorBound(q, p);
        }
    }

    /** A seed of the probes' own, so that they are independent of Ω (which the bound assumes). */
    static long probeSeed(long seed) {
        return new java.util.SplittableRandom(seed).split().nextLong();
    }

    /** The bound from {@code p = A·W} (m×r), overwritten by {@code (I − QQᵀ)·A·W}. */
    static double rangeErrorBound(Matrix q, Matrix p) {
        int m = p.rows();
        int r = p.cols();
        int l = q.cols();
        try (Matrix c = Storage.uninitialized(l, r, q.dtype())) {
            q.transpose().multiplyInto(p, c, 1.0, 0.0);          // C = Qᵀ·P
            q.multiplyInto(c, p, -1.0, 1.0);                     // P = (I − QQᵀ)·A·W
            double worst = 0;
            for (int j = 0; j < r; j++) {
                try (Matrix col = p.view(0, j, m, 1)) {
                    worst = Math.max(worst, col.normFrobenius());
                }
            }
            return PROBE_FACTOR * worst;
        }
    }

    /**
     * Re-normalises a block in place between power steps; owns the workspace, sized once for the
     * m×l and n×l blocks so that no step allocates.
     */
    private static final class Normalizer implements AutoCloseable {
        private final RandomizedSvdOptions.Normalizer kind;
        private final Orthonormal.Householder qr;
        private final Orthonormal.PermutedLower lu;

        Normalizer(RandomizedSvdOptions.Normalizer kind, DType t, int m, int n, int l) {
            this.kind = kind;
            this.qr = new Orthonormal.Householder(t, l, m, n);
            try {
                this.lu = new Orthonormal.PermutedLower(l);
            } catch (RuntimeException | Error e) {
                qr.close();
                throw e;
            }
        }

        /** The step's normalisation. */
        void apply(Matrix x) {
            switch (kind) {
                case QR -> orthonormalize(x);
                case LU -> lu.apply(x);
                case NONE -> { }
            }
        }

        /** Replaces the columns of {@code x} by an orthonormal basis of their span (geqrf + orgqr). */
        void orthonormalize(Matrix x) {
            qr.orthonormalize(x);
        }

        @Override
        public void close() {
            qr.close();
            lu.close();
        }
    }
}
