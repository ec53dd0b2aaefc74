package org.decomp4j.apps;

import org.decomp4j.Matrix;
import org.decomp4j.Svd;

/**
 * Low-rank denoising: a matrix {@code Y = X + noise} (rows = sensors or samples) is replaced by its
 * truncation to the rank a {@link RankRule} picks — an explicit k, an energy fraction, or the
 * Gavish–Donoho optimal hard threshold for noise of unknown level (the default).
 *
 * <pre>{@code
 * try (Denoise.Result r = Denoise.of(noisy, RankRule.optimalHardThreshold())) {
 *     Matrix clean = r.denoised();
 *     double gain = Denoise.snrDb(reference, clean) - Denoise.snrDb(reference, noisy);
 * }
 * }</pre>
 *
 * <p>Cost: one thin SVD ({@code O(mn·min(m,n))} flops) and one rank-k product ({@code 2mnk}).
 */
public final class Denoise {
    private Denoise() {
    }

    /** The denoised matrix (owned: close it), the rank kept, the threshold used and the spectrum. */
    public record Result(Matrix denoised, int rank, double threshold, double[] singularValues)
            implements AutoCloseable {
        @Override
        public void close() {
            denoised.close();
        }
    }

    /**
     * Denoises {@code y} with the rank {@code rule} picks. The result has {@code y}'s shape and dtype.
     * {@link Result#threshold()} is the cut-off singular value for the Gavish–Donoho rule and NaN
     * for the others.
     *
     * @param y the noisy m×n matrix, finite; not modified
     * @param rule fixed rank, energy fraction or the optimal hard threshold
     * @return the denoised matrix (owned: close the result's matrix), the rank, threshold and
     *         spectrum
     * @throws IllegalArgumentException if {@code y} is empty or not finite, or a fixed rank exceeds
     *     {@code min(m, n)}
     */
    public static Result of(Matrix y, RankRule rule) {
        if (y.rows() == 0 || y.cols() == 0) {
            throw new IllegalArgumentException("cannot denoise an empty " + y.rows() + "×" + y.cols() + " matrix");
        }
        try (Svd svd = decompose(y)) {
            double[] s = svd.singularValues();
            int k = rule.choose(s, y.rows(), y.cols());
            double tau = rule instanceof RankRule.OptimalHardThreshold
                    ? RankRule.OptimalHardThreshold.threshold(s, y.rows(), y.cols()) : Double.NaN;
            return new Result(svd.reconstruct(k), k, tau, s);
        }
    }

    /**
     * The one place that picks the SVD method: the Gavish–Donoho rule needs the median of all the
     * singular values, so the core's thin SVD serves.
     */
    private static Svd decompose(Matrix y) {
        return Svd.of(y);
    }

    /**
     * Signal-to-noise ratio of {@code estimate} against {@code reference} in dB:
     * {@code 10·log10(‖reference‖²_F / ‖estimate − reference‖²_F)} ({@code Infinity} if equal).
     *
     * @param reference the clean m×n matrix; not modified
     * @param estimate the m×n estimate; not modified
     * @return the ratio in decibels; {@code Infinity} if the matrices are equal
     * @throws IllegalArgumentException if the shapes differ
     */
    public static double snrDb(Matrix reference, Matrix estimate) {
        if (reference.rows() != estimate.rows() || reference.cols() != estimate.cols()) {
            throw new IllegalArgumentException(String.format("the reference is %d×%d but the matrix is %d×%d",
                    reference.rows(), reference.cols(), estimate.rows(), estimate.cols()));
        }
        double signal = 0;
        double err = 0;
        for (int j = 0; j < reference.cols(); j++) {
            double[] r = reference.column(j);
            double[] e = estimate.column(j);
            for (int i = 0; i < r.length; i++) {
                signal += r[i] * r[i];
                double d = e[i] - r[i];
                err += d * d;
            }
        }
        return err == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(signal / err);
    }

    /**
     * A planted example: {@code sensors×samples} readings of {@code sources} waveforms (a sine, a
     * square wave, a sawtooth, then sines of rising frequency) mixed by seeded random gains, plus
     * white Gaussian noise of standard deviation {@code noise}. Returns {noisy, clean}; close both.
     *
     * @param sensors rows m
     * @param samples columns n
     * @param sources waveforms mixed, the rank of the clean matrix
     * @param noise the noise's standard deviation, ≥ 0
     * @param seed seed of the gains and the noise
     * @return two new owning {@code sensors×samples} F64 matrices, {noisy, clean}
     */
    public static Matrix[] example(int sensors, int samples, int sources, double noise, long seed) {
        java.util.Random rnd = new java.util.Random(seed);
        double[][] gains = new double[sensors][sources];
        for (double[] g : gains) {
            for (int s = 0; s < sources; s++) {
                g[s] = rnd.nextGaussian();
            }
        }
        double[][] waves = new double[sources][samples];
        for (int s = 0; s < sources; s++) {
            for (int t = 0; t < samples; t++) {
                double phase = (double) t / samples;
                waves[s][t] = switch (s) {
                    case 0 -> Math.sin(2 * Math.PI * 3 * phase);
                    case 1 -> Math.signum(Math.sin(2 * Math.PI * 5 * phase));
                    case 2 -> 2 * ((7 * phase) % 1.0) - 1;
                    default -> Math.sin(2 * Math.PI * (s + 8) * phase + s);
                };
            }
        }
        double[] clean = new double[sensors * samples];
        double[] noisy = new double[sensors * samples];
        for (int t = 0; t < samples; t++) {
            for (int i = 0; i < sensors; i++) {
                double v = 0;
                for (int s = 0; s < sources; s++) {
                    v += gains[i][s] * waves[s][t];
                }
                clean[t * sensors + i] = v;
                noisy[t * sensors + i] = v + noise * rnd.nextGaussian();
            }
        }
        return new Matrix[] {Matrix.fromColumnMajor(sensors, samples, noisy),
            Matrix.fromColumnMajor(sensors, samples, clean)};
    }
}
