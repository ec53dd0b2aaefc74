package org.decomp4j.apps;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.decomp4j.Matrix;
import org.decomp4j.ProgressListener;
import org.decomp4j.Svd;

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
    /** Power steps on the first filled matrix before iterating (a cold start has no subspace yet). */
    static final int START_STEPS = 4;

    private MatrixCompletion() {
    }

    /** Soft-impute (nuclear-norm shrinkage) or hard-impute (fixed rank). */
    public enum Method {
        SOFT_IMPUTE, HARD_IMPUTE
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
        /** Validates the options. */
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

        /** Soft-impute with shrinkage {@code lambda}, rank at most {@code rank}. */
        public static Options softImpute(int rank, double lambda) {
            return new Options(Method.SOFT_IMPUTE, rank, lambda, 1e-5, 200, 5, 0);
        }

        /** Hard-impute at rank {@code rank}. */
        public static Options hardImpute(int rank) {
            return new Options(Method.HARD_IMPUTE, rank, 0, 1e-5, 200, 5, 0);
        }

        /** These options with another tolerance. */
        public Options tolerance(double t) {
            return new Options(method, rank, lambda, t, maxIterations, biasDamping, seed);
        }

        /** These options with another iteration limit. */
        public Options maxIterations(int n) {
            return new Options(method, rank, lambda, tolerance, n, biasDamping, seed);
        }

        /** These options with another seed. */
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
        Model model = new Model(train, options);
        model.iterate(progress == null ? ProgressListener.NONE : progress);
        return model;
    }

    /** A fitted model: biases plus a rank-k residual {@code U·diag(d)·Vᵀ}. */
    public static final class Model {
        private final Options options;
        private final int m;
        private final int n;
        private final int k;
        private final int b;
        private final double mu;
        private final double[] bu;
        private final double[] bi;
        private final double min;
        private final double max;
        private final int[] eu;
        private final int[] ei;
        private final double[] z;
        private double[] u;     // m×b row-major
        private double[] d;     // b values, zero beyond the kept rank
        private double[] v;     // n×b row-major
        private double[] sigma; // singular values of the last filled matrix
        private int iterations;
        private boolean converged;
        private double lastChange = Double.NaN;

        private Model(Ratings train, Options options) {
            this.options = options;
            this.m = train.users();
            this.n = train.items();
            this.k = options.rank();
            this.b = Math.min(k + OVERSAMPLE, Math.min(m, n));
            int size = train.size();
            this.eu = new int[size];
            this.ei = new int[size];
            this.z = new double[size];
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
            this.u = new double[m * b];
            this.v = new double[n * b];
            this.d = new double[b];
            this.sigma = new double[0];
        }

        private void iterate(ProgressListener progress) {
            Random rnd = new Random(options.seed());
            double[] basis = new double[n * b];
            for (int i = 0; i < basis.length; i++) {
                basis[i] = rnd.nextGaussian();
            }
            double[] resid = new double[z.length];
            // cold start: Z = 0, so the filled matrix is P_Ω(z); a few power steps find its subspace
            residuals(resid);
            for (int s = 0; s < START_STEPS; s++) {
                double[] q = orthonormalize(times(basis, resid), m, rnd);
                basis = orthonormalize(timesTranspose(q, resid), n, rnd);
            }
            while (iterations < options.maxIterations()) {
                iterations++;
                residuals(resid);
                double[] oldU = u;
                double[] oldV = v;
                double[] oldD = d;
                basis = powerStep(basis, resid, rnd);
                lastChange = relativeChange(oldU, oldD, oldV);
                progress.progress(iterations, options.maxIterations(),
                        String.format(Locale.ROOT, "change %.2e", lastChange));
                if (lastChange < options.tolerance()) {
                    converged = true;
                    break;
                }
            }
        }

        /** {@code resid[e] = z[e] − Z[e]}: the sparse part of the filled matrix. */
        private void residuals(double[] resid) {
            for (int e = 0; e < z.length; e++) {
                int a = eu[e] * b;
                int c = ei[e] * b;
                double s = 0;
                for (int j = 0; j < k; j++) {
                    s += u[a + j] * d[j] * v[c + j];
                }
                resid[e] = z[e] - s;
            }
        }

        /**
         * The one place that picks the SVD method: one warm-started block power step on the
         * sparse-plus-low-rank filled matrix X, then the core's SVD of the small n×b matrix
         * {@code Xᵀ·Q}; sets U, d, V and returns the new right basis.
         */
        private double[] powerStep(double[] basis, double[] resid, Random rnd) {
            double[] q = orthonormalize(times(basis, resid), m, rnd);     // m×b
            double[] bt = timesTranspose(q, resid);                          // n×b = Xᵀ·Q
            double[] p;
            double[] w;
            double[] s;
            try (Matrix bm = Matrix.fromRowMajor(n, b, bt); Svd svd = Svd.of(bm)) {
                s = svd.singularValues();
                p = svd.u().toRowMajorArray();                              // n×b
                w = svd.vt().toRowMajorArray();                             // b×b, Xᵀ·Q = P·Σ·Wᵀ
            }
            // X ≈ Q·(Xᵀ·Q)ᵀ = Q·W·Σ·Pᵀ: U = Q·W, V = P
            double[] nu = new double[m * b];
            for (int a = 0; a < m; a++) {
                for (int j = 0; j < b; j++) {
                    double t = 0;
                    for (int l = 0; l < b; l++) {
                        t += q[a * b + l] * w[j * b + l];
                    }
                    nu[a * b + j] = t;
                }
            }
            double[] nd = new double[b];
            for (int j = 0; j < Math.min(k, s.length); j++) {
                nd[j] = options.method() == Method.SOFT_IMPUTE ? Math.max(0, s[j] - options.lambda()) : s[j];
            }
            u = nu;
            v = p;
            d = nd;
            sigma = s;
            return p;
        }

        /** {@code X·W} for W n×b row-major: {@code U·diag(d)·(Vᵀ·W) + S·W}. */
        private double[] times(double[] wb, double[] resid) {
            double[] t = smallProduct(v, wb, n);
            double[] y = new double[m * b];
            lowRankTimes(u, t, y, m);
            for (int e = 0; e < resid.length; e++) {
                double r = resid[e];
                int a = eu[e] * b;
                int c = ei[e] * b;
                for (int j = 0; j < b; j++) {
                    y[a + j] += r * wb[c + j];
                }
            }
            return y;
        }

        /** {@code Xᵀ·Q} for Q m×b row-major: {@code V·diag(d)·(Uᵀ·Q) + Sᵀ·Q}. */
        private double[] timesTranspose(double[] qb, double[] resid) {
            double[] t = smallProduct(u, qb, m);
            double[] y = new double[n * b];
            lowRankTimes(v, t, y, n);
            for (int e = 0; e < resid.length; e++) {
                double r = resid[e];
                int a = eu[e] * b;
                int c = ei[e] * b;
                for (int j = 0; j < b; j++) {
                    y[c + j] += r * qb[a + j];
                }
            }
            return y;
        }

        /** {@code diag(d)·(Aᵀ·B)} for A, B rows×b row-major: b×b row-major. */
        private double[] smallProduct(double[] a, double[] bm, int rows) {
            double[] t = new double[b * b];
            for (int r = 0; r < rows; r++) {
                int o = r * b;
                for (int i = 0; i < k; i++) {
                    double x = a[o + i];
                    if (x == 0) {
                        continue;
                    }
                    for (int j = 0; j < b; j++) {
                        t[i * b + j] += x * bm[o + j];
                    }
                }
            }
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < b; j++) {
                    t[i * b + j] *= d[i];
                }
            }
            return t;
        }

        /** {@code y += A·T} for A rows×b row-major (first k columns used) and T b×b. */
        private void lowRankTimes(double[] a, double[] t, double[] y, int rows) {
            for (int r = 0; r < rows; r++) {
                int o = r * b;
                for (int i = 0; i < k; i++) {
                    double x = a[o + i];
                    if (x == 0 || d[i] == 0) {
                        continue;
                    }
                    for (int j = 0; j < b; j++) {
                        y[o + j] += x * t[i * b + j];
                    }
                }
            }
        }

        /**
         * Orthonormal columns spanning those of the rows×b row-major {@code y}: modified Gram–Schmidt
         * applied twice ("twice is enough", Giraud et al. 2005); a column that vanishes is replaced
         * by a random one.
         */
        private double[] orthonormalize(double[] y, int rows, Random rnd) {
            for (int j = 0; j < b; j++) {
                double before = columnNorm(y, rows, j);
                for (int pass = 0; pass < 2; pass++) {
                    for (int l = 0; l < j; l++) {
                        double dot = 0;
                        for (int r = 0; r < rows; r++) {
                            dot += y[r * b + l] * y[r * b + j];
                        }
                        for (int r = 0; r < rows; r++) {
                            y[r * b + j] -= dot * y[r * b + l];
                        }
                    }
                }
                double norm = columnNorm(y, rows, j);
                if (!(norm > 1e-12 * Math.max(before, Double.MIN_NORMAL))) {
                    for (int r = 0; r < rows; r++) {
                        y[r * b + j] = rnd.nextGaussian();
                    }
                    j--; // orthogonalise the replacement
                    continue;
                }
                for (int r = 0; r < rows; r++) {
                    y[r * b + j] /= norm;
                }
            }
            return y;
        }

        private double columnNorm(double[] y, int rows, int j) {
            double s = 0;
            for (int r = 0; r < rows; r++) {
                s += y[r * b + j] * y[r * b + j];
            }
            return Math.sqrt(s);
        }

        /** {@code ‖Z_new − Z_old‖²_F / ‖Z_old‖²_F} from the factors (U, V orthonormal). */
        private double relativeChange(double[] oldU, double[] oldD, double[] oldV) {
            double oldSq = 0;
            double newSq = 0;
            for (int j = 0; j < b; j++) {
                oldSq += oldD[j] * oldD[j];
                newSq += d[j] * d[j];
            }
            if (oldSq == 0) {
                return newSq == 0 ? 0 : Double.POSITIVE_INFINITY;
            }
            double cross = 0;
            for (int a = 0; a < k; a++) {
                if (oldD[a] == 0) {
                    continue;
                }
                for (int c = 0; c < k; c++) {
                    if (d[c] == 0) {
                        continue;
                    }
                    double uu = 0;
                    for (int r = 0; r < m; r++) {
                        uu += oldU[r * b + a] * u[r * b + c];
                    }
                    double vv = 0;
                    for (int r = 0; r < n; r++) {
                        vv += oldV[r * b + a] * v[r * b + c];
                    }
                    cross += oldD[a] * d[c] * uu * vv;
                }
            }
            return Math.max(0, oldSq + newSq - 2 * cross) / oldSq;
        }

        /** Predicted rating of user {@code a} for item {@code i}, clipped to the training range. */
        public double predict(int a, int i) {
            return clip(mu + bu[a] + bi[i] + lowRank(a, i));
        }

        /** The bias baseline {@code μ + bᵤ + bᵢ}, clipped to the training range. */
        public double baseline(int a, int i) {
            return clip(mu + bu[a] + bi[i]);
        }

        private double lowRank(int a, int i) {
            double s = 0;
            for (int j = 0; j < k; j++) {
                s += u[a * b + j] * d[j] * v[i * b + j];
            }
            return s;
        }

        private double clip(double x) {
            return Math.max(min, Math.min(max, x));
        }

        /**
         * RMSE and MAE of the model and of the baseline on {@code test} (same ids as the training
         * set). {@code coldStart} counts test ratings whose user or item had no training rating: both
         * predict them from the biases alone.
         *
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

        /** The {@code count} items with the highest damped mean rating {@code μ + bᵢ}: for a new user. */
        public List<Scored> popular(int count) {
            List<Scored> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                all.add(new Scored(i, mu + bi[i]));
            }
            all.sort((x, y) -> Double.compare(y.score(), x.score()));
            return List.copyOf(all.subList(0, Math.min(count, all.size())));
        }

        /** Iterations run. */
        public int iterations() {
            return iterations;
        }

        /** Whether the relative change fell below the tolerance. */
        public boolean converged() {
            return converged;
        }

        /** The last relative change. */
        public double lastChange() {
            return lastChange;
        }

        /** The rank of the completed residual (singular values kept above zero). */
        public int rank() {
            int r = 0;
            for (double x : d) {
                if (x > 0) {
                    r++;
                }
            }
            return r;
        }

        /** The kept singular values {@code d} of the residual model (k values, zeros after the rank). */
        public double[] singularValues() {
            return Arrays.copyOf(d, k);
        }

        /** Singular values of the last filled residual matrix (before shrinkage), b of them. */
        public double[] filledSingularValues() {
            return sigma.clone();
        }

        /** The global mean μ. */
        public double globalMean() {
            return mu;
        }

        /** The options fitted with. */
        public Options options() {
            return options;
        }
    }
}
