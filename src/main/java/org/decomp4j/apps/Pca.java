package org.decomp4j.apps;

import java.util.Locale;

import org.decomp4j.DType;
import org.decomp4j.Eigh;
import org.decomp4j.EighOptions;
import org.decomp4j.Matrix;
import org.decomp4j.ProgressListener;
import org.decomp4j.Svd;
import org.decomp4j.lowrank.LowRankSvd;
import org.decomp4j.lowrank.RandomizedSvd;
import org.decomp4j.lowrank.RandomizedSvdOptions;

/**
 * Principal component analysis of a samples×features matrix X (n×p) by the SVD of the centred
 * data {@code X − mean = U·Σ·Vᵀ} (no precision is lost to squaring), or, for tall data, by the
 * eigendecomposition of its Gram matrix ({@link Solver#COVARIANCE_EIGH}), with scikit-learn's
 * outputs and conventions:
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
 * <p>For data much taller than wide (scikit-learn 1.5's rule: {@code p ≤ 1000} and
 * {@code n ≥ 10·p}) AUTO picks {@link Solver#COVARIANCE_EIGH}: the p×p Gram matrix
 * {@code Xcᵀ·Xc} ({@code n·p²} flops, one BLAS {@code gemm}), then {@link Eigh} of it
 * ({@code O(p³)}), instead of the SVD of the n×p data ({@code O(n·p²)} with a larger constant and
 * an n×p workspace). Squaring costs precision: components whose variance is below about
 * {@code ε·σ₁²} are not resolved (the SVD solvers resolve them down to {@code ε·σ₁}).
 *
 * <p>Cost: one centred copy of X (n·p elements) and a thin SVD, {@code O(n·p·min(n,p))} flops
 * (COVARIANCE_EIGH: {@code 2n·p²} for the Gram matrix, {@code O(p³)} for its eigh).
 * The result keeps X's dtype and owns its components until {@link #close()}.
 */
public final class Pca implements AutoCloseable {
    /**
     * How the principal axes are computed. AUTO follows scikit-learn 1.5: COVARIANCE_EIGH when
     * {@code p ≤ }{@value #COVARIANCE_MAX_FEATURES} and {@code n ≥ }{@value #COVARIANCE_MIN_RATIO}
     * {@code ·p}; else FULL when {@code max(n, p) ≤ 500} or k is a variance fraction, RANDOMIZED
     * when {@code 1 ≤ k < 0.8·min(n, p)}, FULL otherwise.
     */
    public enum Solver {
        /** scikit-learn 1.5's rule, resolved per fit ({@link Pca#resolve}). */
        AUTO,
        /** Thin SVD of the centred data (LAPACK gesdd). */
        FULL,
        /** Randomized SVD (Halko–Martinsson–Tropp), for few components of a large matrix. */
        RANDOMIZED,
        /** Eigendecomposition of the p×p Gram matrix of the centred data (scikit-learn's {@code covariance_eigh}). */
        COVARIANCE_EIGH;

        /**
         * Parses a name, any case.
         *
         * @param name {@code auto}, {@code full}, {@code randomized} or {@code covariance_eigh}, any case
         * @return the solver of that name
         */
        public static Solver parse(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown PCA solver '" + name
                        + "': use auto, full, randomized or covariance_eigh");
            }
        }
    }

    /** scikit-learn 1.5's AUTO rule: the covariance solver only up to this many features. */
    public static final int COVARIANCE_MAX_FEATURES = 1000;
    /** scikit-learn 1.5's AUTO rule: the covariance solver from this many samples per feature. */
    public static final int COVARIANCE_MIN_RATIO = 10;
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
    private final String routine;
    private final String reason;
    private final int samples;

    private Pca(Matrix components, double[] explainedVariance, double[] ratio, double[] singularValues, double[] mean,
                double noiseVariance, boolean whiten, Solver solver, Factors f, String choiceReason, int samples) {
        this.components = components;
        this.explainedVariance = explainedVariance;
        this.ratio = ratio;
        this.singularValues = singularValues;
        this.mean = mean;
        this.noiseVariance = noiseVariance;
        this.whiten = whiten;
        this.solver = solver;
        this.method = f.method;
        this.routine = f.routine;
        this.reason = choiceReason + "; " + f.reason;
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
     * @return FULL, RANDOMIZED or COVARIANCE_EIGH, or {@code requested} when not AUTO
     */
    public static Solver resolve(Solver requested, int n, int p, int k, boolean byVariance) {
        return resolveWithReason(requested, n, p, k, byVariance).solver();
    }

    /**
     * A solver and why it was chosen.
     *
     * @param solver the solver AUTO resolved to (or the one requested)
     * @param reason one line saying why
     */
    public record Choice(Solver solver, String reason) {
    }

    /**
     * As {@link #resolve}, with the reason, as every plan in decomp4j gives one.
     *
     * @param requested the solver asked for; anything but AUTO is returned as is
     * @param n samples
     * @param p features
     * @param k the requested count, or -1 for all/variance fraction
     * @param byVariance whether k is a variance fraction
     * @return the solver and why
     */
    public static Choice resolveWithReason(Solver requested, int n, int p, int k, boolean byVariance) {
        Solver s = resolveRule(requested, n, p, k, byVariance);
        String why;
        if (requested != Solver.AUTO) {
            why = "requested";
        } else if (s == Solver.COVARIANCE_EIGH) {
            why = String.format("%d samples ≥ %d × %d features (≤ %d): the %d×%d Gram matrix and its eigh are"
                    + " cheaper than the SVD of the data (scikit-learn 1.5's rule)", n, COVARIANCE_MIN_RATIO, p,
                    COVARIANCE_MAX_FEATURES, p, p);
        } else if (s == Solver.RANDOMIZED) {
            why = String.format("%d of min(%d, %d) components, below %.1f of them, of a matrix larger than %d:"
                    + " randomized SVD", k, n, p, RANDOMIZED_MAX_FRACTION, SMALL_SHAPE);
        } else {
            why = byVariance ? "a variance fraction needs the whole spectrum: thin SVD"
                    : Math.max(n, p) <= SMALL_SHAPE ? "small matrix (max(n, p) ≤ " + SMALL_SHAPE + "): thin SVD"
                    : "many components: thin SVD";
        }
        return new Choice(s, why);
    }

    private static Solver resolveRule(Solver requested, int n, int p, int k, boolean byVariance) {
        if (requested != Solver.AUTO) {
            return requested;
        }
        if (p <= COVARIANCE_MAX_FEATURES && (long) n >= (long) COVARIANCE_MIN_RATIO * p) {
            return Solver.COVARIANCE_EIGH;
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
        org.decomp4j.engine.RealOnly.check("Pca.fit", x, "PCA is defined here for real data");
        java.util.Objects.requireNonNull(progress, "progress");
        int n = x.rows();
        int p = x.cols();
        checkShape(n, p);
        x.requireFinite("PCA input");
        int min = Math.min(n, p);
        Choice choice = choose(n, p, options);
        Solver solver = choice.solver();
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
                Spectrum sp = spectrum(f.singularValues, solver != Solver.RANDOMIZED, totalSquares, n, min, options,
                        want);
                Matrix comp = firstRows(f.vt, sp.s().length, x.dtype());
                return new Pca(comp, sp.ev(), sp.ratio(), sp.s(), mean, sp.noise(), options.whiten(), solver, f,
                        choice.reason(), n);
            }
        }
    }

    /** Refuses data with fewer than 2 samples or no feature. */
    static void checkShape(long n, long p) {
        if (n < 2 || p < 1) {
            throw new IllegalArgumentException(String.format(
                    "PCA needs at least 2 samples (rows) and 1 feature (column), got %d×%d", n, p));
        }
    }

    /** The solver for n×p data (AUTO resolved), after checking the component count against it. */
    static Choice choose(int n, int p, PcaOptions options) {
        int min = Math.min(n, p);
        if (options.components() > min) {
            throw new IllegalArgumentException(String.format(
                    "n_components=%d exceeds min(n_samples, n_features) = %d of the %d×%d data",
                    options.components(), min, n, p));
        }
        Choice choice = resolveWithReason(options.solver(), n, p, options.components(), options.byVariance());
        if (choice.solver() == Solver.RANDOMIZED && (options.byVariance() || options.components() < 1)) {
            throw new IllegalArgumentException("the randomized solver needs a component count 1 ≤ k ≤ " + min
                    + "; a variance fraction or 'all' needs the full solver");
        }
        return choice;
    }

    /**
     * What PCA reports of the centred data's singular values: the first k (k as asked, or the
     * fewest whose ratios pass the variance fraction), their explained variances {@code σᵢ²/(n−1)}
     * and ratios, and the noise variance.
     *
     * @param ev explained variance per kept component
     * @param ratio fraction of the total variance per kept component
     * @param s the kept singular values
     * @param noise mean of the discarded covariance eigenvalues (0 if none)
     */
    record Spectrum(double[] ev, double[] ratio, double[] s, double noise) {
    }

    /**
     * The one place that turns singular values into PCA's outputs (in memory and out of core).
     *
     * @param s the centred data's singular values, non-increasing
     * @param exact whether {@code s} holds every value (the total variance is then their sum);
     *     else the total is {@code totalSquares/(n−1)}
     * @param totalSquares ‖X − 1μᵀ‖_F², used when not exact
     * @param want components wanted, or -1 for a variance fraction
     */
    static Spectrum spectrum(double[] s, boolean exact, double totalSquares, int n, int min, PcaOptions options,
                             int want) {
        double[] ev = new double[s.length];
        double totalVar = exact ? 0 : totalSquares / (n - 1);
        for (int i = 0; i < s.length; i++) {
            ev[i] = s[i] * s[i] / (n - 1);
            if (exact) {
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
        return new Spectrum(evK, ratioK, sK, noise);
    }

    /** The first k rows of {@code vt} (k′×p, k′ ≥ k) as a new k×p matrix of {@code dtype}. */
    static Matrix firstRows(Matrix vt, int k, DType dtype) {
        int p = vt.cols();
        Matrix comp = Matrix.zeros(k, p, dtype);
        try {
            double[] col = new double[vt.rows()];
            for (int j = 0; j < p; j++) {
                vt.getColumn(j, 0, col, 0, col.length);
                comp.setColumn(j, 0, col, 0, k);
            }
            return comp;
        } catch (RuntimeException e) {
            comp.close();
            throw e;
        }
    }

    /** The singular values (non-increasing) and Vᵀ of the centred data, and what computed them. */
    private record Factors(double[] singularValues, Matrix vt, String method, String routine, String reason,
                           AutoCloseable owner)
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
            return new Factors(r.singularValues(), r.vt(), "randomized SVD: " + r.method(), r.method(),
                    "solver randomized: " + r.reason(), r);
        }
        if (solver == Solver.COVARIANCE_EIGH) {
            return covarianceEigh(xc);
        }
        Svd svd = Svd.of(xc);
        return new Factors(svd.singularValues(), svd.vt(), "thin SVD (" + svd.routine() + ")", svd.routine(),
                "solver full: " + svd.plan().reason(), svd);
    }

    /**
     * scikit-learn's {@code covariance_eigh}: {@code C = Xcᵀ·Xc} (p×p), all its eigenpairs
     * (ascending), turned into what the SVD would give: {@code σᵢ = √max(λᵢ, 0)} non-increasing and
     * the matching eigenvectors as the rows of Vᵀ, signs as {@code svd_flip} (largest-magnitude
     * entry of each row positive). Rounding can make the smallest λ slightly negative; they are 0.
     */
    private static Factors covarianceEigh(Matrix xc) {
        int p = xc.cols();
        int r = Math.min(xc.rows(), p); // the SVD's k: the Gram matrix's other eigenvalues are zero
        try (Matrix gram = xc.transpose().multiply(xc);
             Eigh e = Eigh.of(gram, EighOptions.all().lower())) { // gemm's result is symmetric up to rounding
            double[] w = e.values();
            double[] s = new double[r];
            Matrix vt = Matrix.zeros(r, p, xc.dtype());
            try {
                Matrix v = e.vectors();
                double[] col = new double[p];
                for (int i = 0; i < r; i++) {
                    int src = p - 1 - i; // descending
                    s[i] = Math.sqrt(Math.max(w[src], 0));
                    v.getColumn(src, 0, col, 0, p);
                    int big = 0;
                    for (int j = 1; j < p; j++) {
                        if (Math.abs(col[j]) > Math.abs(col[big])) {
                            big = j;
                        }
                    }
                    double sign = col[big] < 0 ? -1 : 1;
                    for (int j = 0; j < p; j++) {
                        vt.set(i, j, sign * col[j]);
                    }
                }
            } catch (RuntimeException | Error x) {
                vt.close();
                throw x;
            }
            return new Factors(s, vt, "covariance eigh (gram matrix Xcᵀ·Xc, then " + e.routine() + ")", e.routine(),
                    "solver covariance_eigh: " + e.plan().reason(), vt);
        }
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
     * Why the solver was chosen and why its routine ran.
     *
     * @return AUTO's rule as it applied (or "requested"), then the routine's planner reason
     */
    public String reason() {
        return reason;
    }

    /**
     * The solver that ran (AUTO resolved).
     *
     * @return FULL, RANDOMIZED or COVARIANCE_EIGH
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
     * What computed the SVD: a routine name as {@link Svd#routine()} ({@code "dgesdd"},
     * {@code "java_qr"}, …) for the full solver, the randomized method for the randomized one.
     *
     * @return the routine or method name
     */
    public String routine() {
        return routine;
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
