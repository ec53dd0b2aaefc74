package org.decomp4j.apps;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.decomp4j.ProgressListener;

/**
 * Recommendations by matrix completion: a users × items matrix known only on the observed
 * ratings Ω is completed by a low-rank model fitted to Ω alone (unknown cells are not zeros).
 *
 * <ol>
 *   <li>Biases: a global mean μ, item biases {@code bᵢ = Σ(r − μ)/(nᵢ + β)} and user biases
 *       {@code bᵤ = Σ(r − μ − bᵢ)/(nᵤ + β)}, damped by β ratings (Koren, "Factorization meets the
 *       neighborhood", KDD 2008, §2.1). {@code μ + bᵤ + bᵢ} is also the baseline the completion is
 *       measured against.</li>
 *   <li>The residuals {@code z = r − μ − bᵤ − bᵢ} on Ω are completed by iterative SVD imputation
 *       (Mazumder, Hastie &amp; Tibshirani, "Spectral regularization algorithms for learning large
 *       incomplete matrices", JMLR 11, 2010): {@code Z ← S(P_Ω(z) + P_Ω⊥(Z))}, where S keeps at most
 *       k singular values and either shrinks them by λ (soft-impute) or keeps them as they are
 *       (hard-impute at rank k). It stops when {@code ‖Z_new − Z_old‖²_F / ‖Z_old‖²_F} falls below
 *       the tolerance.</li>
 * </ol>
 *
 * <p>The filled matrix is never formed: {@code P_Ω(z) + P_Ω⊥(Z) = Z + P_Ω(z − Z)} is "sparse plus
 * low rank" (the paper's §5), so a product with it costs {@code O(|Ω|·b + (m+n)·b²)} for a block of
 * b vectors. Each iteration takes one block power (subspace) step on that operator, warm-started
 * from the previous right singular vectors, and a small SVD; at the fixed point the subspace is
 * invariant, so the SVD is exact. Cost per iteration about {@code 4|Ω|b + 6(m+n)b²} flops with
 * {@code b = k + }{@value #OVERSAMPLE}.
 *
 * <pre>{@code
 * Ratings.Split split = ratings.split(0.2, Ratings.SplitMode.RANDOM, 42);
 * MatrixCompletion.Model model = MatrixCompletion.fit(split.train(),
 *         MatrixCompletion.Options.softImpute(10, 5.0), ProgressListener.NONE);
 * MatrixCompletion.Evaluation e = model.evaluate(split.test());   // rmse, mae, baseline
 * }</pre>
 */
public final class MatrixCompletion {
    /** Extra vectors carried by the subspace iteration beyond the rank, for accuracy near the cut. */
    static final int OVERSAMPLE = 5;

    private MatrixCompletion() {
    }

    /** Soft-impute (nuclear-norm shrinkage) or hard-impute (fixed rank). */
    public enum Method {
        /** Soft-impute: shrinks the singular values by λ (nuclear-norm regularisation). */
        SOFT_IMPUTE,
        /** Hard-impute: keeps the k largest singular values, unshrunk. */
        HARD_IMPUTE
    }

    /**
     * Options of {@link #fit}.
     *
     * @param method        soft- or hard-impute
     * @param rank          the largest rank k of the completed residual matrix, ≥ 1
     * @param lambda        soft-impute's shrinkage λ ≥ 0 (ignored by hard-impute)
     * @param tolerance     stop when the relative change falls below it (default 1e-5)
     * @param maxIterations at most this many iterations (default 200)
     * @param biasDamping   β of the biases, ≥ 0 (default 5 ratings)
     * @param seed          seed of the starting subspace
     */
    public record Options(Method method, int rank, double lambda, double tolerance, int maxIterations,
                          double biasDamping, long seed) {
        /**
         * Validates the options.
         *
         * @param method soft- or hard-impute, not {@code null}
         * @param rank k, ≥ 1
         * @param lambda shrinkage, finite and ≥ 0
         * @param tolerance the stopping threshold, &gt; 0
         * @param maxIterations the iteration limit, ≥ 1
         * @param biasDamping β of the biases, ≥ 0
         * @param seed seed of the starting subspace
         */
        public Options {
            if (method == null) {
                throw new IllegalArgumentException("method must not be null");
            }
            if (rank < 1) {
                throw new IllegalArgumentException("the rank must be at least 1, got " + rank);
            }
            if (!(lambda >= 0) || Double.isInfinite(lambda)) {
                throw new IllegalArgumentException("lambda must be finite and ≥ 0, got " + lambda);
            }
            if (!(tolerance > 0)) {
                throw new IllegalArgumentException("the tolerance must be > 0, got " + tolerance);
            }
            if (maxIterations < 1) {
                throw new IllegalArgumentException("maxIterations must be at least 1, got " + maxIterations);
            }
            if (!(biasDamping >= 0)) {
                throw new IllegalArgumentException("the bias damping must be ≥ 0, got " + biasDamping);
            }
        }

        /**
         * Soft-impute with shrinkage {@code lambda}, rank at most {@code rank}.
         *
         * @param rank the largest rank k, ≥ 1
         * @param lambda shrinkage λ, finite and ≥ 0
         * @return options with tolerance 1e-5, 200 iterations, bias damping 5, seed 0
         */
        public static Options softImpute(int rank, double lambda) {
            return new Options(Method.SOFT_IMPUTE, rank, lambda, 1e-5, 200, 5, 0);
        }

        /**
         * Hard-impute at rank {@code rank}.
         *
         * @param rank the rank k, ≥ 1
         * @return options with tolerance 1e-5, 200 iterations, bias damping 5, seed 0
         */
        public static Options hardImpute(int rank) {
            return new Options(Method.HARD_IMPUTE, rank, 0, 1e-5, 200, 5, 0);
        }

        /**
         * These options with another tolerance.
         *
         * @param t the tolerance, &gt; 0
         * @return new options; these are unchanged
         */
        public Options tolerance(double t) {
            return new Options(method, rank, lambda, t, maxIterations, biasDamping, seed);
        }

        /**
         * These options with another iteration limit.
         *
         * @param n the iteration limit, ≥ 1
         * @return new options; these are unchanged
         */
        public Options maxIterations(int n) {
            return new Options(method, rank, lambda, tolerance, n, biasDamping, seed);
        }

        /**
         * These options with another seed.
         *
         * @param s the seed of the starting subspace
         * @return new options; these are unchanged
         */
        public Options seed(long s) {
            return new Options(method, rank, lambda, tolerance, maxIterations, biasDamping, s);
        }
    }

    /** Held-out accuracy of the model and of the bias baseline on the same ratings. */
    public record Evaluation(int count, double rmse, double mae, double baselineRmse, double baselineMae,
                             int coldStart) {
    }

    /** An item and its predicted rating. */
    public record Scored(int item, double score) {
    }

    /**
     * Fits the model to {@code train}. Reports each iteration to {@code progress}
     * ({@code done} = iteration, {@code total} = the iteration limit, message = the relative change).
     *
     * @param train the observed ratings, at least one
     * @param options method, rank, shrinkage and stopping rule
     * @param progress the listener, not {@code null}
     * @return the fitted model, on the heap
     * @throws IllegalArgumentException if the rank exceeds {@code min(users, items)}
     */
    public static Model fit(Ratings train, Options options, ProgressListener progress) {
        int m = train.users();
        int n = train.items();
        if (train.size() == 0) {
            throw new IllegalArgumentException("no training ratings: matrix completion needs observed ratings");
        }
        if (options.rank() > Math.min(m, n)) {
            throw new IllegalArgumentException(String.format(
                    "rank %d exceeds min(users, items) = %d of the %d×%d ratings matrix", options.rank(),
                    Math.min(m, n), m, n));
        }
        return new Model(train, options, progress == null ? ProgressListener.NONE : progress);
    }

    /** A fitted model: biases plus a rank-k residual {@code U·diag(d)·Vᵀ}. Immutable. */
    public static final class Model {
        private final Options options;
        private final int m;
        private final int n;
        private final int k;
        private final double mu;
        private final double[] bu;
        private final double[] bi;
        private final double min;
        private final double max;
        private final int[] eu;
        private final int[] ei;
        private final LowRankFactors residual;
        private final double[] sigma; // singular values of the last filled matrix
        private final int iterations;
        private final boolean converged;
        private final double lastChange;

        /** Fits the biases, then completes the residuals with {@link SoftImpute}. */
        private Model(Ratings train, Options options, ProgressListener progress) {
            this.options = options;
            this.m = train.users();
            this.n = train.items();
            this.k = options.rank();
            int size = train.size();
            this.eu = new int[size];
            this.ei = new int[size];
            double[] z = new double[size];
            double sum = 0;
            for (int e = 0; e < size; e++) {
                eu[e] = train.user(e);
                ei[e] = train.item(e);
                sum += train.value(e);
            }
            this.mu = sum / size;
            this.min = train.min();
            this.max = train.max();
            double beta = options.biasDamping();
            double[] s = new double[n];
            int[] c = new int[n];
            for (int e = 0; e < size; e++) {
                s[ei[e]] += train.value(e) - mu;
                c[ei[e]]++;
            }
            this.bi = new double[n];
            for (int i = 0; i < n; i++) {
                bi[i] = c[i] + beta == 0 ? 0 : s[i] / (c[i] + beta);
            }
            double[] su = new double[m];
            int[] cu = new int[m];
            for (int e = 0; e < size; e++) {
                su[eu[e]] += train.value(e) - mu - bi[ei[e]];
                cu[eu[e]]++;
            }
            this.bu = new double[m];
            for (int a = 0; a < m; a++) {
                bu[a] = cu[a] + beta == 0 ? 0 : su[a] / (cu[a] + beta);
            }
            for (int e = 0; e < size; e++) {
                z[e] = train.value(e) - mu - bu[eu[e]] - bi[ei[e]];
            }
            SoftImpute.Fit fit = SoftImpute.solve(m, n, eu, ei, z, options, progress);
            this.residual = fit.z();
            this.sigma = fit.sigma();
            this.iterations = fit.iterations();
            this.converged = fit.converged();
            this.lastChange = fit.lastChange();
        }

        /**
         * Predicted rating of user {@code a} for item {@code i}, clipped to the training range.
         *
         * @param a the user index, in {@code [0, users)}
         * @param i the item index, in {@code [0, items)}
         * @return the prediction, within the training ratings' range
         */
        public double predict(int a, int i) {
            return clip(mu + bu[a] + bi[i] + lowRank(a, i));
        }

        /**
         * The bias baseline {@code μ + bᵤ + bᵢ}, clipped to the training range.
         *
         * @param a the user index, in {@code [0, users)}
         * @param i the item index, in {@code [0, items)}
         * @return the baseline, within the training ratings' range
         */
        public double baseline(int a, int i) {
            return clip(mu + bu[a] + bi[i]);
        }

        private double lowRank(int a, int i) {
            return residual.entry(a, i);
        }

        private double clip(double x) {
            return Math.max(min, Math.min(max, x));
        }

        /**
         * RMSE and MAE of the model and of the baseline on {@code test} (same ids as the training
         * set). {@code coldStart} counts test ratings whose user or item had no training rating: both
         * predict them from the biases alone.
         *
         * @param test held-out ratings of the same split
         * @return the model's and the baseline's RMSE and MAE
         * @throws IllegalArgumentException if {@code test} is empty or has other dimensions
         */
        public Evaluation evaluate(Ratings test) {
            if (test.users() != m || test.items() != n) {
                throw new IllegalArgumentException("the test set must come from the same split as the training set");
            }
            if (test.size() == 0) {
                throw new IllegalArgumentException("no test ratings to evaluate on");
            }
            boolean[] seenU = new boolean[m];
            boolean[] seenI = new boolean[n];
            for (int e = 0; e < eu.length; e++) {
                seenU[eu[e]] = true;
                seenI[ei[e]] = true;
            }
            double se = 0;
            double ae = 0;
            double bse = 0;
            double bae = 0;
            int cold = 0;
            for (int e = 0; e < test.size(); e++) {
                int a = test.user(e);
                int i = test.item(e);
                if (!seenU[a] || !seenI[i]) {
                    cold++;
                }
                double r = test.value(e);
                double p = predict(a, i) - r;
                double q = baseline(a, i) - r;
                se += p * p;
                ae += Math.abs(p);
                bse += q * q;
                bae += Math.abs(q);
            }
            int t = test.size();
            return new Evaluation(t, Math.sqrt(se / t), ae / t, Math.sqrt(bse / t), bae / t, cold);
        }

        /**
         * The {@code count} items with the highest predicted rating for user {@code a}, best first,
         * leaving out {@code exclude} (the items the user rated).
         *
         * @param a the user index, in {@code [0, users)}
         * @param count the most items returned
         * @param exclude item indices to leave out
         * @return at most {@code count} items, best first
         */
        public List<Scored> recommend(int a, int count, int[] exclude) {
            boolean[] skip = new boolean[n];
            for (int i : exclude) {
                skip[i] = true;
            }
            List<Scored> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (!skip[i]) {
                    // unclipped, so that items above the top of the scale still rank among themselves
                    all.add(new Scored(i, mu + bu[a] + bi[i] + lowRank(a, i)));
                }
            }
            all.sort((x, y) -> Double.compare(y.score(), x.score()));
            return List.copyOf(all.subList(0, Math.min(count, all.size())));
        }

        /**
         * The {@code count} items with the highest damped mean rating {@code μ + bᵢ}: for a new user.
         *
         * @param count the most items returned
         * @return at most {@code count} items, best first
         */
        public List<Scored> popular(int count) {
            List<Scored> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                all.add(new Scored(i, mu + bi[i]));
            }
            all.sort((x, y) -> Double.compare(y.score(), x.score()));
            return List.copyOf(all.subList(0, Math.min(count, all.size())));
        }

        /**
         * Iterations run.
         *
         * @return the count, ≥ 0
         */
        public int iterations() {
            return iterations;
        }

        /**
         * Whether the relative change fell below the tolerance.
         *
         * @return whether the model converged
         */
        public boolean converged() {
            return converged;
        }

        /**
         * The last relative change.
         *
         * @return the relative change of the last iteration
         */
        public double lastChange() {
            return lastChange;
        }

        /**
         * The rank of the completed residual (singular values kept above zero).
         *
         * @return the rank, in {@code [0, k]}
         */
        public int rank() {
            int r = 0;
            for (double x : residual.d()) {
                if (x > 0) {
                    r++;
                }
            }
            return r;
        }

        /**
         * The kept singular values {@code d} of the residual model (k values, zeros after the rank).
         *
         * @return a new array of k values
         */
        public double[] singularValues() {
            return Arrays.copyOf(residual.d(), k);
        }

        /**
         * Singular values of the last filled residual matrix (before shrinkage), b of them.
         *
         * @return a new array of the values
         */
        public double[] filledSingularValues() {
            return sigma.clone();
        }

        /**
         * The global mean μ.
         *
         * @return μ, the mean training rating
         */
        public double globalMean() {
            return mu;
        }

        /**
         * The options fitted with.
         *
         * @return the options given to {@link MatrixCompletion#fit}
         */
        public Options options() {
            return options;
        }
    }
}
