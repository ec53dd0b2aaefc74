package org.decomp4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.decomp4j.Matrix;
import org.decomp4j.NativeConfig;
import org.decomp4j.apps.OutOfCorePca;
import org.decomp4j.apps.Pca;
import org.decomp4j.apps.PcaOptions;
import org.decomp4j.dispatch.OutOfCorePlanner.Method;
import org.decomp4j.dispatch.OutOfCorePlanner.OutOfCorePlan;
import org.decomp4j.io.DiskMatrix;
import org.decomp4j.io.Npy;
import org.decomp4j.io.OutputSet;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code decomp4j pca}: principal component analysis by SVD of the centred data, scikit-learn's
 * outputs.
 *
 * <p>JSON adds {@code n_components}, {@code solver}, {@code method}, {@code reason}, {@code whiten},
 * {@code explained_variance}, {@code explained_variance_ratio}, {@code singular_values} (each the
 * first {@value #JSON_VALUES}), {@code noise_variance}. A {@code .npy} file or a directory of
 * {@code .npy} row blocks whose PCA does not fit {@code --budget} stays on disk
 * ({@link OutOfCorePca}): JSON then adds {@code out_of_core}, {@code block_rows}, {@code fit_passes},
 * {@code passes}, {@code bytes_read}, {@code peak_native_bytes}, {@code read_gb_per_s} and
 * {@code error_estimate}; {@code transformed.npy} is written block by block (one more pass).
 */
@Command(name = "pca", sortOptions = false,
        description = {"Principal component analysis of a samples×features matrix by SVD of the centred data.",
            "Writes components.npy (k×features), transformed.npy (samples×k), explained_variance.npy,"
                    + " explained_variance_ratio.npy, singular_values.npy and mean.npy, and prints a scree table.",
            "Without --in, a built-in data set is used: 300 samples of 8 measurements driven by 2 hidden factors"
                    + " plus noise."})
public final class PcaCommand extends BaseCommand {
    static final int JSON_VALUES = 100;

    @Option(names = "--in", order = 1, paramLabel = "X", description = "Samples × features: .npy, .csv, .tsv, .txt"
            + " or .mtx, or '-' for standard input, its format read from its first bytes (default: the built-in"
            + " data set).")
    Path in;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Count count;

    /** --components or --variance. */
    static final class Count {
        @Option(names = "--components", order = 2, paramLabel = "K", description = "Number of components"
                + " (default: all, min(samples, features)).")
        Integer components;

        @Option(names = "--variance", order = 3, paramLabel = "F", description = "Keep the fewest components whose"
                + " explained-variance ratios sum above F, 0 < F < 1 (e.g. 0.95).")
        Double variance;
    }

    @Option(names = "--whiten", order = 4, description = "Scale the transformed coordinates to unit variance.")
    boolean whiten;

    @Option(names = "--solver", order = 5, paramLabel = "NAME", defaultValue = "auto", description = "auto, full,"
            + " randomized or covariance_eigh (default: ${DEFAULT-VALUE}, chosen by shape and k as scikit-learn 1.5"
            + " does: covariance_eigh for n_samples ≥ 10·n_features, n_features ≤ 1000).")
    String solver;

    @Option(names = "--seed", order = 6, paramLabel = "S", defaultValue = "0", description = "Seed of the randomized"
            + " solver (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--budget", order = 7, paramLabel = "BYTES", converter = SvdCommand.BytesConverter.class,
            description = "Peak native memory, e.g. 512M, 4G (default: the decomp4j.memoryBudget setting). A .npy file"
                    + " (or a directory of .npy row blocks) whose PCA does not fit stays on disk: exact in one pass"
                    + " (tall data, full/covariance_eigh) or randomized in 2q + 2 passes, the centred matrix never"
                    + " formed; transformed.npy written block by block in one more pass.")
    Long budget;

    @Mixin
    OutputOptions output;

    private final InputOptions reader = new InputOptions();

    /** Picocli creates commands through their no-argument constructor. */
    public PcaCommand() {
    }

    @Override
    void run(Report report) throws Exception {
        Outputs files = output.files();
        PcaOptions options = count == null ? PcaOptions.all()
                : count.variance != null ? PcaOptions.variance(count.variance)
                : PcaOptions.components(count.components);
        options = options.whiten(whiten).solver(Pca.Solver.parse(solver)).seed(seed);
        PcaOptions chosen = options;
        if (in != null && OutOfCoreInput.applies(in) && outOfCore(report, files, chosen)) {
            return;
        }
        try (Matrix x = in == null ? example(300, 8, 11) : reader.read(in);
             ProgressBars bar = common.progress("pca");
             Pca pca = report.time(() -> Pca.fit(x, chosen, bar));
             Matrix t = report.time(() -> pca.transform(x))) {
            double[] ev = pca.explainedVariance();
            double[] ratio = pca.explainedVarianceRatio();
            double[] s = pca.singularValues();
            report.matrix(in == null ? "built-in data set" : in.toString(), x.rows(), x.cols(), x.dtype())
                    .driver(pca.routine(), pca.reason())
                    .put("n_components", pca.componentCount())
                    .put("solver", pca.solver().name().toLowerCase(java.util.Locale.ROOT))
                    .put("method", pca.method())
                    .put("reason", pca.reason())
                    .put("whiten", whiten)
                    .put("explained_variance", Arrays.copyOf(ev, Math.min(ev.length, JSON_VALUES)))
                    .put("explained_variance_ratio", Arrays.copyOf(ratio, Math.min(ratio.length, JSON_VALUES)))
                    .put("singular_values", Arrays.copyOf(s, Math.min(s.length, JSON_VALUES)))
                    .put("noise_variance", pca.noiseVariance());
            report.line("%d components; solver %s (%s): %s", pca.componentCount(),
                    pca.solver().name().toLowerCase(java.util.Locale.ROOT), pca.method(), pca.reason())
                    .line("noise variance: %s", Report.num(pca.noiseVariance()))
                    .line("%4s %14s %14s %8s %11s  %s", "PC", "singular value", "variance", "ratio", "cumulative", "");
            double cum = 0;
            for (int i = 0; i < Math.min(ev.length, 30); i++) {
                cum += ratio[i];
                report.line("%4d %14.6g %14.6g %8.4f %11.4f  %s", i + 1, s[i], ev[i], ratio[i], cum,
                        "#".repeat((int) Math.round(40 * ratio[i])));
            }
            if (ev.length > 30) {
                report.line("  … %d more in explained_variance.npy", ev.length - 30);
            }
            files.add("components.npy", f -> Npy.write(f, pca.components()))
                    .add("transformed.npy", f -> Npy.write(f, t))
                    .add("explained_variance.npy", f -> Npy.writeVector(f, ev, x.dtype()))
                    .add("explained_variance_ratio.npy", f -> Npy.writeVector(f, ratio, x.dtype()))
                    .add("singular_values.npy", f -> Npy.writeVector(f, s, x.dtype()))
                    .add("mean.npy", f -> Npy.writeVector(f, pca.mean(), x.dtype()));
            report.outputs(files, files.commit());
        }
    }

    /**
     * The PCA of {@code --in} out of core when the planner says so (or it is a shard directory);
     * false, having read nothing but headers, when the usual in-memory path should run.
     */
    private boolean outOfCore(Report report, Outputs files, PcaOptions options) throws Exception {
        long limit = OutOfCoreInput.budget(budget);
        try (DiskMatrix a = DiskMatrix.open(in)) {
            OutOfCorePlan plan = OutOfCorePca.plan(a, options, limit);
            if (plan.method() == Method.IN_MEMORY && !Files.isDirectory(in)) {
                return false;
            }
            OutOfCoreInput.checkDtype(a, false);
            long t0 = System.nanoTime();
            long read0 = a.bytesRead();
            long passes0 = a.passes();
            Path work = files.dir() == null ? null : OutOfCoreInput.workDirectory(files.dir());
            try (ProgressBars bar = common.progress("pca");
                 OutOfCorePca pca = report.time(() -> OutOfCorePca.fit(a, options, limit, bar))) {
                Path scores = work == null ? null : work.resolve("transformed.npy");
                if (scores != null) {
                    report.time(() -> {
                        pca.transform(a, scores, bar);
                        return null;
                    });
                }
                long wall = System.nanoTime() - t0;
                long read = a.bytesRead() - read0;
                double[] ev = pca.explainedVariance();
                double[] ratio = pca.explainedVarianceRatio();
                double[] s = pca.singularValues();
                String solverName = pca.solver().name().toLowerCase(java.util.Locale.ROOT);
                report.matrix(in.toString(), a.rows(), a.cols(), pca.dtype())
                        .driver(pca.method(), pca.reason())
                        .put("n_components", pca.componentCount())
                        .put("solver", solverName)
                        .put("method", pca.method())
                        .put("reason", pca.reason())
                        .put("whiten", whiten)
                        .put("explained_variance", Arrays.copyOf(ev, Math.min(ev.length, JSON_VALUES)))
                        .put("explained_variance_ratio", Arrays.copyOf(ratio, Math.min(ratio.length, JSON_VALUES)))
                        .put("singular_values", Arrays.copyOf(s, Math.min(s.length, JSON_VALUES)))
                        .put("noise_variance", pca.noiseVariance())
                        .put("out_of_core", pca.plan().method() != Method.IN_MEMORY)
                        .put("block_rows", pca.plan().blockRows())
                        .put("fit_passes", pca.passes())
                        .put("passes", a.passes() - passes0)
                        .put("bytes_read", read)
                        .put("peak_native_bytes", pca.peakNativeBytes())
                        .put("read_gb_per_s", read / (double) Math.max(1, wall))
                        .put("error_estimate", pca.errorEstimate());
                report.line("%d components; solver %s (%s)", pca.componentCount(), solverName, pca.method())
                        .line("plan: %s", pca.plan().reason())
                        .line("%d passes (%d to fit%s), %s read at %.2f GB/s, native peak of the fit %s",
                                a.passes() - passes0, pca.passes(), scores == null ? "; no --out, no transform"
                                        : ", 1 to write transformed.npy", NativeConfig.formatBytes(read),
                                read / (double) Math.max(1, wall), NativeConfig.formatBytes(pca.peakNativeBytes()))
                        .line("noise variance: %s", Report.num(pca.noiseVariance()))
                        .line("%4s %14s %14s %8s %11s", "PC", "singular value", "variance", "ratio", "cumulative");
                double cum = 0;
                for (int i = 0; i < Math.min(ev.length, 30); i++) {
                    cum += ratio[i];
                    report.line("%4d %14.6g %14.6g %8.4f %11.4f", i + 1, s[i], ev[i], ratio[i], cum);
                }
                files.add("components.npy", f -> Npy.write(f, pca.components()));
                if (scores != null) {
                    files.add("transformed.npy", f -> Files.move(scores, f));
                }
                files.add("explained_variance.npy", f -> Npy.writeVector(f, ev, pca.dtype()))
                        .add("explained_variance_ratio.npy", f -> Npy.writeVector(f, ratio, pca.dtype()))
                        .add("singular_values.npy", f -> Npy.writeVector(f, s, pca.dtype()))
                        .add("mean.npy", f -> Npy.writeVector(f, pca.mean(), pca.dtype()));
                report.outputs(files, files.commit());
            } finally {
                if (work != null) {
                    OutputSet.deleteTree(work);
                }
            }
            return true;
        }
    }

    /**
     * The built-in data: {@code samples} rows of {@code features} measurements, each a seeded random
     * mix of two hidden factors (standard deviations 3 and 1.5) plus noise of 0.3, around means 10·j.
     */
    static Matrix example(int samples, int features, long seed) {
        Random rnd = new Random(seed);
        double[][] load = new double[2][features];
        for (double[] l : load) {
            for (int j = 0; j < features; j++) {
                l[j] = rnd.nextGaussian() / Math.sqrt(features);
            }
        }
        double[][] x = new double[samples][features];
        for (int i = 0; i < samples; i++) {
            double f1 = 3 * rnd.nextGaussian();
            double f2 = 1.5 * rnd.nextGaussian();
            for (int j = 0; j < features; j++) {
                x[i][j] = 10 * j + f1 * load[0][j] * 3 + f2 * load[1][j] * 3 + 0.3 * rnd.nextGaussian();
            }
        }
        return Matrix.of(x);
    }
}
