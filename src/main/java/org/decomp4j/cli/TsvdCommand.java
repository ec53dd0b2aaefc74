package org.decomp4j.cli;

import org.decomp4j.dispatch.TopKMethod;
import org.decomp4j.lowrank.LowRank;
import org.decomp4j.lowrank.LowRankSvd;
import org.decomp4j.lowrank.TopKOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code decomp4j tsvd}: the exact top-k singular triplets, written as {@code U.npy} (m×k),
 * {@code S.npy} (k values) and {@code Vt.npy} (k×n). The dispatcher picks {@code gesvdx} or the
 * full {@code gesdd} SVD by k.
 *
 * <p>JSON adds {@code rank} (k), {@code method}, {@code singular_values} (up to
 * {@value SvdCommand#JSON_VALUES}) and {@code singular_values_truncated}. A tall {@code .npy} file
 * or shard directory larger than {@code --budget} runs out of core ({@link OutOfCoreInput}).
 */
@Command(name = "tsvd", sortOptions = false,
        description = {"Exact truncated SVD: the k largest singular values and their vectors.",
            "Writes U.npy (m×k), S.npy (k values, non-increasing) and Vt.npy (k×n). gesvdx for small k, the"
                    + " full gesdd SVD truncated when k is close to min(m, n); sparse .mtx coordinate input stays"
                    + " sparse (Lanczos bidiagonalisation)."})
public final class TsvdCommand extends BaseCommand {
    @Mixin
    InputOptions input;

    @Mixin
    OutputOptions output;

    @Option(names = {"-k", "--rank"}, order = 10, required = true, paramLabel = "K",
            description = "Number of singular triplets, 1 ≤ K ≤ min(m, n).")
    int rank;

    @Option(names = "--method", order = 11, paramLabel = "NAME", defaultValue = "auto", converter = MethodConverter.class,
            description = "auto (default: by k and input), gesvdx, gesdd or krylov (Lanczos).")
    TopKMethod method;

    @Option(names = "--densify", order = 12, description = "Allow a sparse (Matrix Market coordinate) input to be"
            + " densified for gesvdx/gesdd; without it sparse input runs the Lanczos method on its products.")
    boolean densify;

    @Option(names = "--budget", order = 13, paramLabel = "BYTES", converter = SvdCommand.BytesConverter.class,
            description = "Peak native memory, e.g. 512M, 4G (default: the decomp4j.memoryBudget setting). A tall"
                    + " .npy file (or a directory of .npy row blocks) that does not fit stays on disk: exact SVD by"
                    + " blocked TSQR, one pass over the file, U written block by block (needs --out).")
    Long budget;

    /** Picocli creates commands through their no-argument constructor. */
    public TsvdCommand() {
    }

    @Override
    void run(Report report) throws Exception {
        Outputs files = output.files();
        if (rank < 1) {
            throw new IllegalArgumentException("--rank must be ≥ 1, got " + rank);
        }
        try (ProgressBars bar = common.progress("tsvd")) {
            if (OutOfCoreInput.exact(report, input, files, rank, true, budget, bar)) {
                return;
            }
        }
        try (TopKInput in = TopKInput.load(input); ProgressBars bar = common.progress("tsvd");
             LowRankSvd r = report.time(() -> {
                 TopKOptions opts = TopKOptions.exact().method(method).densify(densify).progress(bar);
                 return in.dense() != null ? LowRank.svd(in.dense(), rank, opts) : LowRank.svd(in.operator(), rank, opts);
             })) {
            in.report(report, input.in.toString(), r, files);
            report.outputs(files, files.commit());
        }
    }

    /** Parses {@code --method} for tsvd: the exact methods only. */
    static final class MethodConverter implements ITypeConverter<TopKMethod> {
        @Override
        public TopKMethod convert(String value) {
            TopKMethod m;
            try {
                m = TopKMethod.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "': choose auto, gesvdx, gesdd or krylov");
            }
            if (m == TopKMethod.RANDOMIZED) {
                throw new TypeConversionException("'" + value + "' is approximate: use the rsvd command");
            }
            return m;
        }
    }
}
