package org.decomp4j.apps;

/**
 * What {@link Pca#fit} computes, in scikit-learn's terms.
 *
 * @param components     number of components k, or -1 for "all" ({@code min(samples, features)}) or
 *                       when {@code varianceFraction} is given
 * @param varianceFraction keep the smallest k whose explained-variance ratios sum above this
 *                       fraction, in (0, 1); NaN when a count is given
 * @param whiten         scale the transformed coordinates to unit variance
 * @param solver         AUTO, FULL or RANDOMIZED (see {@link Pca.Solver})
 * @param seed           seed of the randomized solver's test matrix
 */
public record PcaOptions(int components, double varianceFraction, boolean whiten, Pca.Solver solver, long seed) {
    /**
     * Validates the options.
     *
     * @param components k, ≥ 0, or -1
     * @param varianceFraction in (0, 1), or NaN
     * @param whiten whether to whiten
     * @param solver AUTO, FULL or RANDOMIZED, not {@code null}
     * @param seed seed of the randomized solver
     */
    public PcaOptions {
        if (solver == null) {
            throw new IllegalArgumentException("solver must not be null (auto, full or randomized)");
        }
        if (components < -1) {
            throw new IllegalArgumentException("n_components must be at least 0, got " + components);
        }
        if (!Double.isNaN(varianceFraction)) {
            if (components != -1) {
                throw new IllegalArgumentException("give the components as a count or a variance fraction, not both");
            }
            if (!(varianceFraction > 0 && varianceFraction < 1)) {
                throw new IllegalArgumentException("the variance fraction must be in (0, 1), got " + varianceFraction);
            }
        }
    }

    /**
     * All {@code min(samples, features)} components, AUTO solver.
     *
     * @return options for every component
     */
    public static PcaOptions all() {
        return new PcaOptions(-1, Double.NaN, false, Pca.Solver.AUTO, 0);
    }

    /**
     * {@code k} components, AUTO solver.
     *
     * @param k the component count, ≥ 0
     * @return new options
     */
    public static PcaOptions components(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("n_components must be at least 0, got " + k);
        }
        return new PcaOptions(k, Double.NaN, false, Pca.Solver.AUTO, 0);
    }

    /**
     * As many components as explain more than {@code fraction} of the variance, FULL solver.
     *
     * @param fraction the variance fraction, in (0, 1)
     * @return new options
     */
    public static PcaOptions variance(double fraction) {
        return new PcaOptions(-1, fraction, false, Pca.Solver.AUTO, 0);
    }

    /**
     * These options with whitening on or off.
     *
     * @param on whether {@link Pca#transform} whitens
     * @return new options; these are unchanged
     */
    public PcaOptions whiten(boolean on) {
        return new PcaOptions(components, varianceFraction, on, solver, seed);
    }

    /**
     * These options with another solver.
     *
     * @param s AUTO, FULL or RANDOMIZED, not {@code null}
     * @return new options; these are unchanged
     */
    public PcaOptions solver(Pca.Solver s) {
        return new PcaOptions(components, varianceFraction, whiten, s, seed);
    }

    /**
     * These options with another seed.
     *
     * @param s seed of the randomized solver
     * @return new options; these are unchanged
     */
    public PcaOptions seed(long s) {
        return new PcaOptions(components, varianceFraction, whiten, solver, s);
    }

    /**
     * True when the count is a variance fraction.
     *
     * @return whether {@code varianceFraction} is set
     */
    public boolean byVariance() {
        return !Double.isNaN(varianceFraction);
    }
}
