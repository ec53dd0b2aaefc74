package org.decomp4j.apps;

import java.util.Locale;
import java.util.Random;

import org.decomp4j.Matrix;
import org.decomp4j.ProgressListener;
import org.decomp4j.Svd;
import org.decomp4j.engine.Orthonormal;

/**
 * The solver behind {@link MatrixCompletion#fit}: iterative SVD imputation
 * {@code Z ← S(P_Ω(z) + P_Ω⊥(Z))} (Mazumder, Hastie &amp; Tibshirani, JMLR 11, 2010), S keeping at most
 * k singular values, shrunk by λ (soft-impute) or not (hard-impute). Each iteration is one
 * warm-started block power step on the {@link SparsePlusLowRank} filled matrix and the core's SVD of
 * a small n×b matrix; it stops when {@link LowRankFactors#relativeChange} falls below the tolerance.
 */
final class SoftImpute {
    /** Power steps on the first filled matrix before iterating (a cold start has no subspace yet). */
    static final int START_STEPS = 4;

    /**
     * The solver's answer: the completed residual matrix, the singular values of the last filled
     * matrix (before shrinkage, b of them), and how the iteration ended.
     */
    record Fit(LowRankFactors z, double[] sigma, int iterations, boolean converged, double lastChange) {
    }

    private final MatrixCompletion.Options options;
    private final int[] rowOf;
    private final int[] colOf;
    private final double[] observed;

    private SoftImpute(MatrixCompletion.Options options, int[] rowOf, int[] colOf, double[] observed) {
        this.options = options;
        this.rowOf = rowOf;
        this.colOf = colOf;
        this.observed = observed;
    }

    /**
     * Completes the m×n matrix known at cells {@code (rowOf[e], colOf[e])} as {@code observed[e]},
     * carrying {@code b = min(k + MatrixCompletion.OVERSAMPLE, min(m, n))} vectors; reports each
     * iteration to {@code progress}. The arrays are read, not written.
     */
    static Fit solve(int m, int n, int[] rowOf, int[] colOf, double[] observed, MatrixCompletion.Options options,
                     ProgressListener progress) {
        int k = options.rank();
        int b = Math.min(k + MatrixCompletion.OVERSAMPLE, Math.min(m, n));
        return new SoftImpute(options, rowOf, colOf, observed).iterate(LowRankFactors.zeros(m, n, k, b), progress);
    }

    private Fit iterate(LowRankFactors z, ProgressListener progress) {
        int m = z.rows();
        int n = z.cols();
        int b = z.b();
        Random rnd = new Random(options.seed());
        double[] basis = new double[n * b];
        for (int i = 0; i < basis.length; i++) {
            basis[i] = rnd.nextGaussian();
        }
        double[] resid = new double[observed.length];
        // cold start: Z = 0, so the filled matrix is P_Ω(z); a few power steps find its subspace
        SparsePlusLowRank filled = new SparsePlusLowRank(rowOf, colOf, observed, z, resid);
        for (int s = 0; s < START_STEPS; s++) {
            double[] q = Orthonormal.modifiedGramSchmidtTwice(filled.times(basis), m, b, rnd);
            basis = Orthonormal.modifiedGramSchmidtTwice(filled.timesTranspose(q), n, b, rnd);
        }
        double[] sigma = new double[0];
        int iterations = 0;
        boolean converged = false;
        double lastChange = Double.NaN;
        while (iterations < options.maxIterations()) {
            iterations++;
            filled = new SparsePlusLowRank(rowOf, colOf, observed, z, resid);
            double[] q = Orthonormal.modifiedGramSchmidtTwice(filled.times(basis), m, b, rnd);   // m×b
            double[] bt = filled.timesTranspose(q);                                              // n×b = Xᵀ·Q
            double[] p;
            double[] wt;
            try (Matrix bm = Matrix.fromRowMajor(n, b, bt); Svd svd = Svd.of(bm)) {
                sigma = svd.singularValues();
                p = svd.u().toRowMajorArray();                              // n×b
                wt = svd.vt().toRowMajorArray();                            // b×b, Xᵀ·Q = P·Σ·Wᵀ
            }
            LowRankFactors next = new LowRankFactors(m, n, z.k(), b, leftFactor(q, wt, m, b), shrink(sigma, b), p);
            lastChange = LowRankFactors.relativeChange(z, next);
            z = next;
            basis = p;                                                      // warm start: the new V
            progress.progress(iterations, options.maxIterations(),
                    String.format(Locale.ROOT, "change %.2e", lastChange));
            if (lastChange < options.tolerance()) {
                converged = true;
                break;
            }
        }
        return new Fit(z, sigma, iterations, converged, lastChange);
    }

    /** U = Q·W from Q (rows×b) and Wᵀ (b×b), row-major: X ≈ Q·(Xᵀ·Q)ᵀ = Q·W·Σ·Pᵀ. */
    private static double[] leftFactor(double[] q, double[] wt, int rows, int b) {
        double[] nu = new double[rows * b];
        for (int a = 0; a < rows; a++) {
            for (int j = 0; j < b; j++) {
                double t = 0;
                for (int l = 0; l < b; l++) {
                    t += q[a * b + l] * wt[j * b + l];
                }
                nu[a * b + j] = t;
            }
        }
        return nu;
    }

    /** The kept values: the first k of {@code s}, shrunk by λ for soft-impute; zeros after. */
    private double[] shrink(double[] s, int b) {
        double[] nd = new double[b];
        for (int j = 0; j < Math.min(options.rank(), s.length); j++) {
            nd[j] = options.method() == MatrixCompletion.Method.SOFT_IMPUTE ? Math.max(0, s[j] - options.lambda())
                    : s[j];
        }
        return nd;
    }
}
