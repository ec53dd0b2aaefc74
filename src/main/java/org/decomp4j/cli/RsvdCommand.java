package org.decomp4j.cli;

import org.decomp4j.dispatch.TopKMethod;
import org.decomp4j.lowrank.LowRank;
import org.decomp4j.lowrank.LowRankSvd;
import org.decomp4j.lowrank.RandomizedSvdOptions;
import org.decomp4j.lowrank.TopKOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code decomp4j rsvd}: randomized SVD (Halko, Martinsson &amp; Tropp 2011), the approximate top-k
 * triplets written as {@code U.npy}, {@code S.npy}, {@code Vt.npy}.
 *
 * <p>JSON adds {@code rank}, {@code method}, {@code singular_values},
 * {@code singular_values_truncated}, {@code error_estimate} (a bound on ‖A − U·S·Vt‖₂ holding with
 * probability ≥ 1 − 10⁻¹⁰), {@code oversample}, {@code power_iters}, {@code normalizer} and
 * {@code seed}. A {@code .npy} file or a directory of {@code .npy} row blocks larger than
 * {@code --budget} is decomposed out of core ({@link OutOfCoreInput}); JSON then adds
 * {@code out_of_core}, {@code block_rows}, {@code passes}, {@code bytes_read},
 * {@code peak_native_bytes} and {@code read_gb_per_s}. {@code --single-pass} reads the file once
 * (streaming SVD): {@code method} is {@code streaming}, {@code passes} 1, and the randomized
 * method's keys ({@code oversample}, {@code power_iters}, {@code normalizer}, {@code seed}) are absent.
 */
@Command(name = "rsvd", sortOptions = false,
        description = {"Randomized SVD: approximate top-k singular triplets from products with A.",
            "Writes U.npy (m×k), S.npy (k values) and Vt.npy (k×n). Reproducible for a given --seed."})
public final class RsvdCommand extends BaseCommand {
    @Mixin
    InputOptions input;

    @Mixin
    OutputOptions output;

    @Option(names = {"-k", "--rank"}, order = 10, required = true, paramLabel = "K",
            description = "Number of singular triplets, 1 ≤ K ≤ min(m, n).")
    int rank;

    @Option(names = "--oversample", order = 11, paramLabel = "P", defaultValue = "10",
            description = "Extra columns of the random block, 0 to 10000 (default: ${DEFAULT-VALUE}).")
    int oversample;

    @Option(names = "--power-iters", order = 12, paramLabel = "Q",
            description = "Power iterations, 0 to 100 (default: 7 when K < min(m, n)/10, else 4, as"
                    + " scikit-learn).")
    Integer powerIters;

    @Option(names = "--seed", order = 13, paramLabel = "N", defaultValue = "0",
            description = "Seed of the random test matrices (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--normalizer", order = 14, paramLabel = "NAME", defaultValue = "qr",
            converter = NormalizerConverter.class,
            description = "Re-normalisation between power steps: qr (default), lu or none.")
    RandomizedSvdOptions.Normalizer normalizer;

    @Option(names = "--budget", order = 15, paramLabel = "BYTES", converter = SvdCommand.BytesConverter.class,
            description = "Peak native memory, e.g. 512M, 4G (default: the decomp4j.memoryBudget setting). A .npy"
                    + " file (or a directory of .npy row blocks) that does not fit stays on disk: read by row blocks"
                    + " in 2q + 2 passes.")
    Long budget;

    @Option(names = "--single-pass", order = 16, description = "Read a .npy file (or a directory of .npy row blocks)"
            + " once only: streaming SVD (Brand 2002) instead of the randomized method's 2q + 2 passes. Approximate:"
            + " the error estimate is the sum of what each block's update dropped, looser than 2q + 2 passes when"
            + " the spectrum has no gap after the k-th value. No power iterations, oversampling or seed.")
    boolean singlePass;

    /** Picocli creates commands through their no-argument constructor. */
    public RsvdCommand() {
    }

    @Override
    void run(Report report) throws Exception {
        // the options' own limits, named as the command line spells them
        if (oversample < 0 || oversample > RandomizedSvdOptions.MAX_OVERSAMPLING) {
            throw new IllegalArgumentException("--oversample must be between 0 and "
                    + RandomizedSvdOptions.MAX_OVERSAMPLING + ", got " + oversample);
        }
        if (powerIters != null && (powerIters < 0 || powerIters > RandomizedSvdOptions.MAX_POWER_ITERS)) {
            throw new IllegalArgumentException("--power-iters must be between 0 and "
                    + RandomizedSvdOptions.MAX_POWER_ITERS + ", got " + powerIters);
        }
        if (rank < 1) {
            throw new IllegalArgumentException("--rank must be ≥ 1, got " + rank);
        }
        Outputs files = output.files();
        if (singlePass) {
            if (powerIters != null) {
                throw new IllegalArgumentException("--single-pass reads A once: it has no power iterations; drop"
                        + " --power-iters or --single-pass");
            }
            try (ProgressBars bar = common.progress("rsvd")) {
                OutOfCoreInput.singlePass(report, input, files, rank, budget, bar);
            }
            return;
        }
        try (ProgressBars bar = common.progress("rsvd")) {
            RandomizedSvdOptions ro = RandomizedSvdOptions.rank(rank).oversampling(oversample)
                    .powerIters(powerIters == null ? RandomizedSvdOptions.AUTO_POWER_ITERS : powerIters)
                    .normalizer(normalizer).seed(seed);
            if (OutOfCoreInput.randomized(report, input, files, ro, budget, bar)) {
                return;
            }
        }
        try (TopKInput in = TopKInput.load(input); ProgressBars bar = common.progress("rsvd")) {
            RandomizedSvdOptions ro = RandomizedSvdOptions.rank(rank).oversampling(oversample)
                    .powerIters(powerIters == null ? RandomizedSvdOptions.AUTO_POWER_ITERS : powerIters)
                    .normalizer(normalizer).seed(seed).progress(bar);
            TopKOptions opts = TopKOptions.approximate().method(TopKMethod.RANDOMIZED).randomized(ro);
            try (LowRankSvd r = report.time(() -> in.dense() != null
                    ? LowRank.svd(in.dense(), rank, opts)
                    : LowRank.svd(in.operator(), rank, opts))) {
                in.report(report, input.in.toString(), r, files);
                report.put("error_estimate", r.errorEstimate())
                        .put("oversample", oversample)
                        .put("power_iters", r.iterations())
                        .put("normalizer", normalizer.name().toLowerCase(java.util.Locale.ROOT))
                        .put("seed", seed);
                report.line("error estimate: ‖A − U·S·Vt‖₂ ≤ %s (probability ≥ 1 − 1e-10)",
                        Report.num(r.errorEstimate()));
                report.outputs(files, files.commit());
            }
        }
    }

    /** Parses {@code --normalizer}, any case. */
    static final class NormalizerConverter implements ITypeConverter<RandomizedSvdOptions.Normalizer> {
        @Override
        public RandomizedSvdOptions.Normalizer convert(String value) {
            try {
                return RandomizedSvdOptions.Normalizer.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
