package org.decomp4j.apps;

import java.util.Locale;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.ProgressListener;
import org.decomp4j.Svd;
import org.decomp4j.lowrank.LowRankSvd;
import org.decomp4j.lowrank.RandomizedSvd;
import org.decomp4j.lowrank.RandomizedSvdOptions;

/**
 * Principal component analysis of a samples×features matrix X (n×p) by the SVD of the centred
 * data {@code X − mean = U·Σ·Vᵀ} (the covariance matrix is never formed, so no precision is lost
 * to squaring), with scikit-learn's outputs and conventions:
 *
 * <ul>
 *   <li>{@link #components()}: k×p, the first k rows of Vᵀ, signs as {@code svd_flip} (largest
 *       entry of each row positive);</li>
 *   <li>{@link #explainedVariance()} {@code σᵢ²/(n−1)}, {@link #explainedVarianceRatio()} over the
 *       total variance, {@link #singularValues()}, {@link #mean()}, {@link #noiseVariance()} (mean
 *       of the discarded eigenvalues of the covariance);</li>
 *   <li>{@link #transform} {@code (X − mean)·componentsᵀ}, divided by {@code √explainedVariance}
 *       when whitening; {@link #inverseTransform} undoes it.</li>
 * </ul>
 *
 * <pre>{@code
 * try (Pca pca = Pca.fit(x, PcaOptions.variance(0.95).whiten(true));
 *      Matrix scores = pca.transform(x)) {
 *     double[] ratio = pca.explainedVarianceRatio();
 * }
 * }</pre>
 *
 * <p>Cost: one centred copy of X (n·p elements) and a thin SVD, {@code O(n·p·min(n,p))} flops.
 * The result keeps X's dtype and owns its components until {@link #close()}.
 */
public final class Pca implements AutoCloseable {
    /**
     * How the SVD is computed. AUTO follows scikit-learn (before 1.5, which added a covariance
     * eigensolver this class leaves out on purpose): FULL when {@code max(n, p) ≤ 500} or k is a
     * variance fraction, RANDOMIZED when {@code 1 ≤ k < 0.8·min(n, p)}, FULL otherwise.
     */
    public enum Solver {
        /** scikit-learn's rule, resolved per fit ({@link Pca#resolve}). */
        AUTO,
        /** The thin SVD of the centred data: every component, exact. */
        FULL,
        /** The randomized SVD of the centred data: the first k components, approximate. */
        RANDOMIZED;

        /**
         * Parses a name, any case.
         *
         * @param name {@code auto}, {@code full} or {@code randomized}, any case
         * @return the solver of that name
         */
        public static Solver parse(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown PCA solver '" + name + "': use auto, full or randomized");
            }
        }
    }

    /** Threshold of scikit-learn's AUTO rule: larger shapes may use the randomized solver. */
    static final int SMALL_SHAPE = 500;
    /** scikit-learn's AUTO rule uses RANDOMIZED only for k below this fraction of min(n, p). */
    static final double RANDOMIZED_MAX_FRACTION = 0.8;

    private final Matrix components;
    private final double[] explainedVariance;
    private final double[] ratio;
    private final double[] singularValues;
    private final double[] mean;
    private final double noiseVariance;
    private final boolean whiten;
    private final Solver solver;
    private final String method;
    private final int samples;

    private Pca(Matrix components, double[] explainedVariance, double[] ratio, double[] singularValues, double[] mean,
                double noiseVariance, boolean whiten, Solver solver, String method, int samples) {
        this.components = components;
        this.explainedVariance = explainedVariance;
        this.ratio = ratio;
        this.singularValues = singularValues;
        this.mean = mean;
        this.noiseVariance = noiseVariance;
        this.whiten = whiten;
        this.solver = solver;
        this.method = method;
        this.samples = samples;
    }

    /**
     * The solver AUTO resolves to for an n×p matrix and {@code options} (scikit-learn's rule).
     *
     * @param requested the solver asked for; anything but AUTO is returned as is
     * @param n samples
     * @param p features
     * @param k the requested count, or -1 for all/variance fraction
     * @param byVariance whether k is a variance fraction
     * @return FULL or RANDOMIZED, or {@code requested} when not AUTO
     */
    public static Solver resolve(Solver requested, int n, int p, int k, boolean byVariance) {
        if (requested != Solver.AUTO) {
            return requested;
        }
        if (Math.max(n, p) <= SMALL_SHAPE || byVariance) {
            return Solver.FULL;
        }
        if (k >= 1 && k < RANDOMIZED_MAX_FRACTION * Math.min(n, p)) {
            return Solver.RANDOMIZED;
        }
        return Solver.FULL;
    }

    /**
     * Fits PCA to {@code x} (samples × features).
     *
     * @param x the n×p data, samples in rows; not modified
     * @param options components, whitening, solver and seed
     * @return the model, owning native memory: close it
     * @throws IllegalArgumentException if x has fewer than 2 samples or no feature, is not finite,
     *     k exceeds {@code min(n, p)}, or RANDOMIZED is asked for a variance fraction (it needs the
     *     whole spectrum)
     */
    public static Pca fit(Matrix x, PcaOptions options) {
        return fit(x, options, ProgressListener.NONE);
    }

    /**
     * As {@link #fit(Matrix, PcaOptions)}, reporting each power iteration of the randomized solver
     * to {@code progress} (the full SVD reports nothing: it is one LAPACK call).
     *
     * @param x the n×p data, samples in rows; not modified
     * @param options components, whitening, solver and seed
     * @param progress the listener, not {@code null}
     * @return the model, owning native memory: close it
     */
    public static Pca fit(Matrix x, PcaOptions options, ProgressListener progress) {
        java.util.Objects.requireNonNull(progress, "progress");
        int n = x.rows();
        int p = x.cols();
        if (n < 2 || p < 1) {
            throw new IllegalArgumentException(String.format(
                    "PCA needs at least 2 samples (rows) and 1 feature (column), got %d×%d", n, p));
        }
        x.requireFinite("PCA input");
        int min = Math.min(n, p);
        if (options.components() > min) {
            throw new IllegalArgumentException(String.format(
                    "n_components=%d exceeds min(n_samples, n_features) = %d of the %d×%d data",
                    options.components(), min, n, p));
        }
        Solver solver = resolve(options.solver(), n, p, options.components(), options.byVariance());
        if (solver == Solver.RANDOMIZED && (options.byVariance() || options.components() < 1)) {
            throw new IllegalArgumentException("the randomized solver needs a component count 1 ≤ k ≤ " + min
                    + "; a variance fraction or 'all' needs the full solver");
        }
        double[] mean = new double[p];
        try (Matrix xc = x.copy()) {
            double totalSquares = 0;
            for (int j = 0; j < p; j++) {
                double[] col = x.column(j);
                double s = 0;
                for (double v : col) {
                    s += v;
                }
                double mu = s / n;
                mean[j] = mu;
                for (int i = 0; i < n; i++) {
                    col[i] -= mu;
                    totalSquares += col[i] * col[i];
                }
                xc.setColumn(j, 0, col, 0, n);
            }
            int want = options.byVariance() ? -1 : options.components() < 0 ? min : options.components();
            try (Factors f = decompose(xc, solver, want, options.seed(), progress)) {
                double[] s = f.singularValues;
                double[] ev = new double[s.length];
                double totalVar = solver == Solver.FULL ? 0 : totalSquares / (n - 1);
                for (int i = 0; i < s.length; i++) {
                    ev[i] = s[i] * s[i] / (n - 1);
                    if (solver == Solver.FULL) {
                        totalVar += ev[i];
                    }
                }
                int k = want;
                if (options.byVariance()) {
                    // scikit-learn: searchsorted(cumsum(ratio), fraction, side="right") + 1
                    double cum = 0;
                    k = 0;
                    while (k < ev.length && cum + ev[k] / totalVar <= options.varianceFraction()) {
                        cum += ev[k] / totalVar;
                        k++;
                    }
                    k = Math.min(k + 1, ev.length);
                }
                double kept = 0;
                double[] evK = new double[k];
                double[] ratioK = new double[k];
                double[] sK = new double[k];
                for (int i = 0; i < k; i++) {
                    evK[i] = ev[i];
                    ratioK[i] = totalVar == 0 ? 0 : ev[i] / totalVar;
                    sK[i] = s[i];
                    kept += ev[i];
                }
                double noise = k < min ? Math.max(0, totalVar - kept) / (min - k) : 0;
                Matrix comp = Matrix.zeros(k, p, x.dtype());
                try {
                    for (int j = 0; j < p; j++) {
                        double[] col = new double[f.vt.rows()];
                        f.vt.getColumn(j, 0, col, 0, col.length);
                        comp.setColumn(j, 0, col, 0, k);
                    }
                } catch (RuntimeException e) {
                    comp.close();
                    throw e;
                }
                return new Pca(comp, evK, ratioK, sK, mean, noise, options.whiten(), solver, f.method, n);
            }
        }
    }

    /** The singular values (non-increasing) and Vᵀ of the centred data, and what computed them. */
    private record Factors(double[] singularValues, Matrix vt, String method, AutoCloseable owner)
            implements AutoCloseable {
        @Override
        public void close() {
            try {
                owner.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * The one place that picks the SVD method. FULL: the core's thin SVD. RANDOMIZED:
     * {@link RandomizedSvd} (Halko–Martinsson–Tropp) with scikit-learn's defaults, 10 oversamples
     * and 7 power iterations when {@code k < 0.1·min(n, p)}, else 4, seeded.
     *
     * @param k components wanted, or -1 for all
     */
    private static Factors decompose(Matrix xc, Solver solver, int k, long seed, ProgressListener progress) {
        if (solver == Solver.RANDOMIZED) {
            LowRankSvd r = RandomizedSvd.of(xc, RandomizedSvdOptions.rank(k).seed(seed).progress(progress));
            return new Factors(r.singularValues(), r.vt(), "randomized SVD: " + r.method(), r);
        }
        Svd svd = Svd.of(xc);
        return new Factors(svd.singularValues(), svd.vt(), "thin SVD (" + svd.routine() + ")", svd);
    }

    /**
     * The principal axes, k×p (read-only view).
     *
     * @return a read-only k×p view, valid until {@link #close()}
     */
    public Matrix components() {
        return components.readOnly();
    }

    /**
     * Number of components k.
     *
     * @return k, ≥ 0
     */
    public int componentCount() {
        return singularValues.length;
    }

    /**
     * Variance explained by each component, {@code σᵢ²/(n−1)}.
     *
     * @return a new array of k values
     */
    public double[] explainedVariance() {
        return explainedVariance.clone();
    }

    /**
     * Fraction of the total variance explained by each component.
     *
     * @return a new array of k values, each in {@code [0, 1]}
     */
    public double[] explainedVarianceRatio() {
        return ratio.clone();
    }

    /**
     * Singular values of the centred data for the k components.
     *
     * @return a new array of k values, non-increasing
     */
    public double[] singularValues() {
        return singularValues.clone();
    }

    /**
     * Per-feature mean subtracted before the SVD (p values).
     *
     * @return a new array of p values
     */
    public double[] mean() {
        return mean.clone();
    }

    /**
     * Probabilistic-PCA noise variance: the mean of the discarded covariance eigenvalues (0 if none).
     *
     * @return the variance, ≥ 0
     */
    public double noiseVariance() {
        return noiseVariance;
    }

    /**
     * Whether {@link #transform} whitens.
     *
     * @return whether the transform whitens
     */
    public boolean whiten() {
        return whiten;
    }

    /**
     * The solver that ran (AUTO resolved).
     *
     * @return FULL or RANDOMIZED
     */
    public Solver solver() {
        return solver;
    }

    /**
     * How the SVD was computed, in words.
     *
     * @return the method in words
     */
    public String method() {
        return method;
    }

    /**
     * Samples the model was fitted on.
     *
     * @return n, ≥ 2
     */
    public int samples() {
        return samples;
    }

    /**
     * {@code (x − mean)·componentsᵀ}, divided column-wise by {@code √explainedVariance} when whitening
     * (a zero variance gives 0). Shape: x is m×p, the result m×k, x's dtype.
     *
     * @param x the m×p data, of the model's dtype; not modified
     * @return a new owning m×k matrix: close it
     * @throws IllegalArgumentException if x does not have p columns or its dtype differs
     */
    public Matrix transform(Matrix x) {
        int p = mean.length;
        if (x.cols() != p) {
            throw new IllegalArgumentException(String.format("the model has %d features but the data is %d×%d",
                    p, x.rows(), x.cols()));
        }
        try (Matrix xc = x.copy(components.dtype())) {
            for (int j = 0; j < p; j++) {
                double[] col = xc.column(j);
                for (int i = 0; i < col.length; i++) {
                    col[i] -= mean[j];
                }
                xc.setColumn(j, 0, col, 0, col.length);
            }
            Matrix t = xc.multiply(components.transpose());
            if (whiten) {
                for (int c = 0; c < t.cols(); c++) {
                    double sd = Math.sqrt(explainedVariance[c]);
                    double[] col = t.column(c);
                    for (int i = 0; i < col.length; i++) {
                        col[i] = sd == 0 ? 0 : col[i] / sd;
                    }
                    t.setColumn(c, 0, col, 0, col.length);
                }
            }
            return t;
        }
    }

    /**
     * Back to feature space: {@code t·componentsᵀᵀ + mean} (t multiplied by {@code √explainedVariance}
     * first when whitening). Shape: t is m×k, the result m×p.
     *
     * @param t the m×k scores; not modified
     * @return a new owning m×p matrix: close it
     * @throws IllegalArgumentException if t does not have k columns
     */
    public Matrix inverseTransform(Matrix t) {
        int k = singularValues.length;
        if (t.cols() != k) {
            throw new IllegalArgumentException(String.format("the model has %d components but the scores are %d×%d",
                    k, t.rows(), t.cols()));
        }
        try (Matrix ts = t.copy(components.dtype())) {
            if (whiten) {
                for (int c = 0; c < k; c++) {
                    double sd = Math.sqrt(explainedVariance[c]);
                    double[] col = ts.column(c);
                    for (int i = 0; i < col.length; i++) {
                        col[i] *= sd;
                    }
                    ts.setColumn(c, 0, col, 0, col.length);
                }
            }
            Matrix x = ts.multiply(components);
            for (int j = 0; j < x.cols(); j++) {
                double[] col = x.column(j);
                for (int i = 0; i < col.length; i++) {
                    col[i] += mean[j];
                }
                x.setColumn(j, 0, col, 0, col.length);
            }
            return x;
        }
    }

    /**
     * The precision of the components.
     *
     * @return F64 or F32
     */
    public DType dtype() {
        return components.dtype();
    }

    @Override
    public void close() {
        components.close();
    }
}
