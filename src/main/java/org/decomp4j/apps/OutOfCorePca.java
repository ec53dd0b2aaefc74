package org.decomp4j.apps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Objects;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.MemoryBudgetException;
import org.decomp4j.NativeConfig;
import org.decomp4j.ProgressListener;
import org.decomp4j.dispatch.OutOfCorePlanner;
import org.decomp4j.dispatch.OutOfCorePlanner.Method;
import org.decomp4j.dispatch.OutOfCorePlanner.OutOfCorePlan;
import org.decomp4j.io.DiskMatrix;
import org.decomp4j.io.NpyRowWriter;
import org.decomp4j.lowrank.OutOfCoreSvd;
import org.decomp4j.lowrank.RandomizedSvdOptions;

/**
 * {@link Pca} of a samples×features matrix that stays on disk ({@link DiskMatrix}: a {@code .npy}
 * file or a directory of row-block shards), in bounded memory, with {@link Pca}'s outputs and
 * conventions. The centred matrix is never formed. {@link OutOfCorePlanner#planPca} decides: data
 * that fit the budget together with their centred copy are read whole and fitted by {@link Pca};
 * otherwise, by the solver {@link Pca#resolve} picks for the shape (scikit-learn's rule):
 *
 * <ul>
 * <li>FULL or COVARIANCE_EIGH (exact): {@link OutOfCoreSvd#exactCentred}, one pass, every singular
 *     value of the centred data; needs m ≥ n.</li>
 * <li>RANDOMIZED: {@link OutOfCoreSvd#randomizedCentred}, {@code 2q + 2} passes (scikit-learn's q:
 *     7 when {@code k < 0.1·min(m, n)}, else 4; oversampling 10), the means taken in the first;
 *     the total variance for the ratios from the centred sum of squares of that same pass.</li>
 * </ul>
 *
 * <p>{@link #transform(DiskMatrix, Path, ProgressListener)} writes the scores of a file to a file,
 * one more pass, block by block. Counters as {@link OutOfCoreSvd}'s: passes and bytes of the fit,
 * its wall time and native peak.
 */
public final class OutOfCorePca implements AutoCloseable {
    private final Matrix components;
    private final Pca.Spectrum spectrum;
    private final double[] mean;
    private final boolean whiten;
    private final Pca.Solver solver;
    private final String method;
    private final String reason;
    private final OutOfCorePlan plan;
    private final int samples;
    private final double errorEstimate;
    private final long passes;
    private final long bytesRead;
    private final long wallNanos;
    private final long peakNativeBytes;

    private OutOfCorePca(Matrix components, Pca.Spectrum spectrum, double[] mean, boolean whiten, Pca.Solver solver,
                         String method, String reason, OutOfCorePlan plan, int samples, double errorEstimate,
                         long passes, long bytesRead, long wallNanos, long peakNativeBytes) {
        this.components = components;
        this.spectrum = spectrum;
        this.mean = mean;
        this.whiten = whiten;
        this.solver = solver;
        this.method = method;
        this.reason = reason;
        this.plan = plan;
        this.samples = samples;
        this.errorEstimate = errorEstimate;
        this.passes = passes;
        this.bytesRead = bytesRead;
        this.wallNanos = wallNanos;
        this.peakNativeBytes = peakNativeBytes;
    }

    /**
     * The plan of a PCA of {@code x} under {@code budget}: in memory, or the out-of-core method of
     * the solver {@link Pca#resolve} picks, its block rows and passes (the fit's; a transform adds one).
     *
     * @throws IllegalArgumentException for fewer than 2 samples, k out of range, complex data, or
     *     an exact solver on data wider than tall that do not fit
     * @throws MemoryBudgetException if even the out-of-core method does not fit (nothing is read)
     * @param x the data on disk, samples in rows
     * @param options components, whitening, solver and seed
     * @param budget native memory budget, bytes
     * @return the plan
     */
    public static OutOfCorePlan plan(DiskMatrix x, PcaOptions options, long budget) {
        return OutOfCoreSvd.planCentred(x, randomizedOptions(x, options), budget);
    }

    /** The randomized solver's options as {@link Pca} sets them, or null for an exact solver. */
    private static RandomizedSvdOptions randomizedOptions(DiskMatrix x, PcaOptions options) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(options, "options");
        if (x.dtype().isComplex()) {
            throw new IllegalArgumentException("PCA of " + x + ": PCA is defined here for real data, got "
                    + x.dtype().numpyName());
        }
        Pca.checkShape(x.rows(), x.cols());
        Pca.Choice choice = Pca.choose(x.rows(), x.cols(), options);
        return choice.solver() == Pca.Solver.RANDOMIZED
                ? RandomizedSvdOptions.rank(options.components()).seed(options.seed()) : null;
    }

    /**
     * Fits PCA to the data on disk within {@code budget} native bytes.
     *
     * @param x the n×p data on disk, samples in rows
     * @param options components, whitening, solver and seed (as {@link Pca#fit})
     * @param budget native memory budget, bytes
     * @param progress hears each block: "pass i of p", bytes and throughput
     * @return the model, owning native memory: close it
     * @throws IllegalArgumentException as {@link #plan}
     * @throws MemoryBudgetException before any read if the method does not fit
     * @throws org.decomp4j.NonFiniteInputException if the data hold NaN or infinity
     * @throws org.decomp4j.io.DiskMatrixException if a file changes or cannot be read during a pass
     */
    public static OutOfCorePca fit(DiskMatrix x, PcaOptions options, long budget, ProgressListener progress) {
        RandomizedSvdOptions ro = randomizedOptions(x, options);
        Pca.Choice choice = Pca.choose(x.rows(), x.cols(), options);
        OutOfCorePlan plan = OutOfCoreSvd.planCentred(x, ro, budget);
        int n = x.rows();
        int p = x.cols();
        int min = Math.min(n, p);
        if (plan.method() == Method.IN_MEMORY) {
            long t0 = System.nanoTime();
            NativeConfig.resetPeakNativeBytes();
            long read0 = x.bytesRead();
            try (Matrix whole = x.readAll(); Pca pca = Pca.fit(whole, options)) {
                Pca.Spectrum sp = new Pca.Spectrum(pca.explainedVariance(), pca.explainedVarianceRatio(),
                        pca.singularValues(), pca.noiseVariance());
                return new OutOfCorePca(pca.components().copy(), sp, pca.mean(), options.whiten(), pca.solver(),
                        pca.method(), plan.reason() + "; " + pca.reason(), plan, n, Double.NaN, 1,
                        x.bytesRead() - read0, System.nanoTime() - t0, OutOfCoreSvd.peakNativeBytes(x));
            }
        }
        int want = options.byVariance() ? -1 : options.components() < 0 ? min : options.components();
        try (OutOfCoreSvd r = ro != null ? OutOfCoreSvd.randomizedCentred(x, ro, plan, budget, progress)
                : OutOfCoreSvd.exactCentred(x, plan, progress)) {
            Pca.Spectrum sp = Pca.spectrum(r.singularValues(), ro == null, r.centredSumOfSquares(), n, min, options,
                    want);
            Matrix comp = Pca.firstRows(r.vt(), sp.s().length, x.dtype());
            String how = ro != null ? "out-of-core randomized SVD of the centred data: " + r.method()
                    : "out-of-core centred TSQR, then the SVD of R (" + r.method() + ")";
            return new OutOfCorePca(comp, sp, r.mean(), options.whiten(), choice.solver(), how,
                    choice.reason() + "; " + plan.reason(), plan, n, r.errorEstimate(), r.passes(), r.bytesRead(),
                    r.wallNanos(), r.peakNativeBytes());
        }
    }

    /**
     * Writes the scores {@code (x − mean)·componentsᵀ} of the data on disk (divided by
     * {@code √explainedVariance} when whitening) to {@code out}, an m×k C-order {@code .npy}: one
     * pass over {@code x} in its row blocks, each block's scores written as it is read, into a
     * hidden temporary file beside {@code out} that is renamed onto it only when complete (a failed
     * or killed run leaves {@code out} as it was). Memory: the block, its b×k scores and their copy.
     *
     * @param x the m×p data on disk (the data fitted, or new samples)
     * @param out the scores file (.npy, m×k, the model's dtype)
     * @param progress hears each block: "pass 1 of 1"
     * @throws IllegalArgumentException if x does not have p columns
     * @throws org.decomp4j.NonFiniteInputException if x holds NaN or infinity (its rows named)
     * @throws IOException if the scores cannot be written
     */
    public void transform(DiskMatrix x, Path out, ProgressListener progress) throws IOException {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(out, "out");
        int p = mean.length;
        int k = components.rows();
        if (x.cols() != p) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the model has %d features but %s has %d",
                    p, x, x.cols()));
        }
        DType t = components.dtype();
        double[] ev = spectrum.ev();
        double[] shift = new double[k];                  // μᵀ·Vkᵀ: the centring applied to the scores
        double[] scale = new double[k];
        double[] row = new double[p];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < p; j++) {
                row[j] = components.get(c, j);
                shift[c] += mean[j] * row[j];
            }
            double sd = Math.sqrt(ev[c]);
            scale[c] = !whiten ? 1 : sd == 0 ? 0 : 1 / sd;
        }
        Path abs = out.toAbsolutePath();
        Path temp = abs.resolveSibling("." + abs.getFileName() + ".partial-" + ProcessHandle.current().pid());
        x.progress(progress, 1);
        try {
            try (NpyRowWriter w = NpyRowWriter.create(temp, x.rows(), k, t); Matrix ct = components.transpose()) {
                x.forEachBlock((first, blk) -> {
                    blk.requireFinite(String.format(Locale.ROOT, "rows %d…%d of %s", first, first + blk.rows() - 1, x));
                    try (Matrix in = blk.dtype() == t ? null : blk.copy(t);
                         Matrix scores = Matrix.zeros(blk.rows(), k, t)) {
                        (in == null ? blk : in).multiplyInto(ct, scores, 1.0, 0.0);
                        double[] col = new double[blk.rows()];
                        for (int c = 0; c < k; c++) {
                            scores.getColumn(c, 0, col, 0, col.length);
                            for (int i = 0; i < col.length; i++) {
                                col[i] = (col[i] - shift[c]) * scale[c];
                            }
                            scores.setColumn(c, 0, col, 0, col.length);
                        }
                        w.writeRows(first, scores);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                w.finish();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            Files.move(temp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * The principal axes, k×p (read-only view).
     * @return a read-only k×p view, valid until {@link #close()}
     */
    public Matrix components() {
        return components.readOnly();
    }

    /**
     * Number of components k.
     * @return k
     */
    public int componentCount() {
        return spectrum.s().length;
    }

    /**
     * Variance explained by each component, {@code σᵢ²/(n−1)}.
     * @return a new array of k values
     */
    public double[] explainedVariance() {
        return spectrum.ev().clone();
    }

    /**
     * Fraction of the total variance explained by each component; the total is the sum of every
     * eigenvalue (exact) or the centred sum of squares over {@code n − 1} (randomized), as {@link Pca}.
     * @return a new array of k values in [0, 1]
     */
    public double[] explainedVarianceRatio() {
        return spectrum.ratio().clone();
    }

    /**
     * Singular values of the centred data for the k components.
     * @return a new array of k values, non-increasing
     */
    public double[] singularValues() {
        return spectrum.s().clone();
    }

    /**
     * Per-feature mean (p values).
     * @return a new array of p values
     */
    public double[] mean() {
        return mean.clone();
    }

    /**
     * Probabilistic-PCA noise variance: the mean of the discarded covariance eigenvalues (0 if none).
     * @return the variance, ≥ 0
     */
    public double noiseVariance() {
        return spectrum.noise();
    }

    /**
     * The solver that ran (AUTO resolved).
     * @return FULL, RANDOMIZED or COVARIANCE_EIGH (in memory), FULL/COVARIANCE_EIGH or RANDOMIZED out of core
     */
    public Pca.Solver solver() {
        return solver;
    }

    /**
     * How the SVD was computed, in words.
     * @return the method in words
     */
    public String method() {
        return method;
    }

    /**
     * Why: the solver rule as it applied, then the plan's reason.
     * @return the reason
     */
    public String reason() {
        return reason;
    }

    /**
     * The plan: in memory or out of core, block rows, passes of the fit, reason.
     * @return the plan
     */
    public OutOfCorePlan plan() {
        return plan;
    }

    /**
     * Samples fitted (n).
     * @return n
     */
    public int samples() {
        return samples;
    }

    /**
     * The randomized solver's bound on {@code ‖Xc − U·Σ·Vᵀ‖₂} (hence, by Weyl, on each singular
     * value's error); NaN for the exact solver and in memory.
     * @return the bound, or NaN
     */
    public double errorEstimate() {
        return errorEstimate;
    }

    /**
     * Passes of the fit over the input (1 when it was read whole).
     * @return passes of the fit
     */
    public long passes() {
        return passes;
    }

    /**
     * Bytes the fit read from the input.
     * @return bytes read
     */
    public long bytesRead() {
        return bytesRead;
    }

    /**
     * Wall time of the fit, nanoseconds.
     * @return wall time, ns
     */
    public long wallNanos() {
        return wallNanos;
    }

    /**
     * The process's native peak during the fit ({@link NativeConfig#peakNativeBytes()}).
     * @return bytes
     */
    public long peakNativeBytes() {
        return peakNativeBytes;
    }

    /**
     * The precision of the components.
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
