package org.decomp4j.lowrank;

import java.util.Locale;
import java.util.Objects;

import org.decomp4j.ProgressListener;

/**
 * Settings of {@link RandomizedSvd}. Immutable; each {@code with} method returns a copy.
 *
 * <pre>{@code
 * RandomizedSvdOptions o = RandomizedSvdOptions.rank(50).oversampling(20).seed(42);
 * }</pre>
 *
 * @param rank          k, the triplets returned (≥ 1)
 * @param oversampling  p, extra columns of the range block (default 10, at most
 *                      {@value #MAX_OVERSAMPLING}); the block has
 *                      {@code min(k + p, min(m, n))} columns
 * @param powerIters    q, power iterations (at most {@value #MAX_POWER_ITERS}); {@link #AUTO_POWER_ITERS} chooses as scikit-learn's
 *                      {@code randomized_svd}: 7 when {@code k < 0.1·min(m, n)}, else 4
 * @param normalizer    how the block is re-normalised between power steps (default QR)
 * @param seed          seed of the Gaussian test matrices: the same seed, input and thread count
 *                      give the same bits
 * @param flipSigns     the full SVD's sign convention (largest-|entry| of each row of Vᵀ positive;
 *                      default on)
 * @param probes        r, Gaussian probes of the a-posteriori error estimate (default 10: the
 *                      bound holds with probability ≥ 1 − 10^−r; at most {@value #MAX_PROBES}); 0 skips
 *                      the estimate (NaN)
 * @param progress      called after each power step
 */
public record RandomizedSvdOptions(int rank, int oversampling, int powerIters, Normalizer normalizer, long seed,
                                   boolean flipSigns, int probes, ProgressListener progress) {

    /** {@link #powerIters} value that chooses q as scikit-learn does. */
    public static final int AUTO_POWER_ITERS = -1;
    /** Default oversampling p (Halko et al. §4.2 recommend 5 to 10; scikit-learn uses 10). */
    public static final int DEFAULT_OVERSAMPLING = 10;
    /** Default number of probes r of the error estimate. */
    public static final int DEFAULT_PROBES = 10;
    /**
     * Most probes r: the bound already holds with probability ≥ 1 − 10<sup>−100</sup> at 100, so
     * more only costs an n×r and an m×r block each.
     */
    public static final int MAX_PROBES = 100;
    /**
     * Most oversampling p: Halko et al. find 5–10 enough; past 10,000 columns the block is no
     * longer a sketch (and {@code k + p} nears the integer limit for no gain).
     */
    public static final int MAX_OVERSAMPLING = 10_000;
    /**
     * Most power iterations q: each costs two products with the whole input, and the accuracy gain
     * {@code (σ_{l+1}/σ_j)^{2q+1}} has reached rounding long before 100.
     */
    public static final int MAX_POWER_ITERS = 100;

    /** Re-normalisation of the range block between power steps (scikit-learn's {@code power_iteration_normalizer}). */
    public enum Normalizer {
        /** Orthonormal basis by Householder QR ({@code geqrf} + {@code orgqr}): the stable default. */
        QR,
        /** The permuted unit-lower factor {@code P·L} of an LU ({@code getrf}): cheaper, less stable. */
        LU,
        /** No normalisation between steps: fastest; loses the small directions to rounding when q is large. */
        NONE;

        /**
         * Parses a name, any case.
         *
         * @param s a normaliser name in any case ({@code qr}, {@code lu}, {@code none}),
         *          surrounding blanks ignored
         * @return the normaliser of that name
         * @throws IllegalArgumentException listing the choices
         */
        public static Normalizer parse(String s) {
            for (Normalizer n : values()) {
                if (n.name().equalsIgnoreCase(s == null ? "" : s.trim())) {
                    return n;
                }
            }
            throw new IllegalArgumentException("unknown normalizer '" + s + "'; choose one of qr, lu, none");
        }
    }

    /**
     * Validates the values.
     *
     * @param rank k, ≥ 1
     * @param oversampling p, in {@code [0, MAX_OVERSAMPLING]}
     * @param powerIters q, in {@code [0, MAX_POWER_ITERS]}, or {@link #AUTO_POWER_ITERS}
     * @param normalizer between power steps, not {@code null}
     * @param seed seed of the Gaussian test matrices
     * @param flipSigns whether to apply the full SVD's sign convention
     * @param probes r, in {@code [0, MAX_PROBES]}
     * @param progress the listener, not {@code null}
     * @throws IllegalArgumentException if a value is outside its range
     */
    public RandomizedSvdOptions {
        Objects.requireNonNull(normalizer, "normalizer");
        Objects.requireNonNull(progress, "progress");
        if (rank < 1) {
            throw new IllegalArgumentException("randomized SVD: rank k must be ≥ 1, got " + rank);
        }
        if (oversampling < 0 || oversampling > MAX_OVERSAMPLING) {
            throw new IllegalArgumentException("randomized SVD: oversampling p must be between 0 and "
                    + MAX_OVERSAMPLING + ", got " + oversampling);
        }
        if (powerIters < AUTO_POWER_ITERS || powerIters > MAX_POWER_ITERS) {
            throw new IllegalArgumentException("randomized SVD: power iterations q must be between 0 and "
                    + MAX_POWER_ITERS + " (or AUTO), got " + powerIters);
        }
        if (probes < 0 || probes > MAX_PROBES) {
            throw new IllegalArgumentException("randomized SVD: probes r must be between 0 and " + MAX_PROBES
                    + " (the estimate holds with probability ≥ 1 − 10^−r), got " + probes);
        }
    }

    /**
     * Rank k with every default: p = 10, q automatic, QR, seed 0, signs flipped, 10 probes.
     *
     * @param k the rank, ≥ 1
     * @return new options
     */
    public static RandomizedSvdOptions rank(int k) {
        return new RandomizedSvdOptions(k, DEFAULT_OVERSAMPLING, AUTO_POWER_ITERS, Normalizer.QR, 0L, true,
                DEFAULT_PROBES, ProgressListener.NONE);
    }

    /**
     * With another rank k.
     *
     * @param k the rank, ≥ 1
     * @return new options; this one is unchanged
     */
    public RandomizedSvdOptions withRank(int k) {
        return new RandomizedSvdOptions(k, oversampling, powerIters, normalizer, seed, flipSigns, probes, progress);
    }

    /**
     * With oversampling p.
     *
     * @param p the oversampling, in {@code [0, MAX_OVERSAMPLING]}
     * @return new options; this one is unchanged
     */
    public RandomizedSvdOptions oversampling(int p) {
        return new RandomizedSvdOptions(rank, p, powerIters, normalizer, seed, flipSigns, probes, progress);
    }

    /**
     * With q power iterations ({@link #AUTO_POWER_ITERS} for scikit-learn's choice).
     *
     * @param q the power iterations, in {@code [0, MAX_POWER_ITERS]}, or {@link #AUTO_POWER_ITERS}
     * @return new options; this one is unchanged
     */
    public RandomizedSvdOptions powerIters(int q) {
        return new RandomizedSvdOptions(rank, oversampling, q, normalizer, seed, flipSigns, probes, progress);
    }

    /**
     * With this normaliser between power steps.
     *
     * @param n QR, LU or NONE, not {@code null}
     * @return new options; this one is unchanged
     */
    public RandomizedSvdOptions normalizer(Normalizer n) {
        return new RandomizedSvdOptions(rank, oversampling, powerIters, n, seed, flipSigns, probes, progress);
    }

    /**
     * With this seed.
     *
     * @param s the seed of the Gaussian test matrices
     * @return new options; this one is unchanged
     */
    public RandomizedSvdOptions seed(long s) {
        return new RandomizedSvdOptions(rank, oversampling, powerIters, normalizer, s, flipSigns, probes, progress);
    }

    /**
     * With the sign convention on or off.
     *
     * @param on true for the full SVD's sign convention
     * @return new options; this one is unchanged
     */
    public RandomizedSvdOptions flipSigns(boolean on) {
        return new RandomizedSvdOptions(rank, oversampling, powerIters, normalizer, seed, on, probes, progress);
    }

    /**
     * With r probes for the error estimate (0: no estimate).
     *
     * @param r the probes, in {@code [0, MAX_PROBES]}
     * @return new options; this one is unchanged
     */
    public RandomizedSvdOptions probes(int r) {
        return new RandomizedSvdOptions(rank, oversampling, powerIters, normalizer, seed, flipSigns, r, progress);
    }

    /**
     * With a listener called after each power step.
     *
     * @param p the listener, not {@code null}
     * @return new options; this one is unchanged
     */
    public RandomizedSvdOptions progress(ProgressListener p) {
        return new RandomizedSvdOptions(rank, oversampling, powerIters, normalizer, seed, flipSigns, probes, p);
    }

    /**
     * The power iterations used for an m×n input: {@link #powerIters} if set, else scikit-learn's
     * rule (7 when {@code k < 0.1·min(m, n)}, else 4).
     *
     * @param m rows of the input
     * @param n columns of the input
     * @return q, ≥ 0
     */
    public int powerItersFor(long m, long n) {
        if (powerIters != AUTO_POWER_ITERS) {
            return powerIters;
        }
        return rank < 0.1 * Math.min(m, n) ? 7 : 4;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "randomized(k=%d, p=%d, q=%s, %s, seed=%d)", rank, oversampling,
                powerIters == AUTO_POWER_ITERS ? "auto" : String.valueOf(powerIters), normalizer, seed);
    }
}
