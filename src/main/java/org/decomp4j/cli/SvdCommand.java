package org.decomp4j.cli;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import org.decomp4j.Driver;
import org.decomp4j.Job;
import org.decomp4j.Matrix;
import org.decomp4j.NativeConfig;
import org.decomp4j.Svd;
import org.decomp4j.SvdOptions;
import org.decomp4j.io.Npy;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code decomp4j svd}: singular value decomposition {@code A = U·diag(S)·Vᵀ}, written as
 * {@code U.npy}, {@code S.npy}, {@code Vt.npy} (only {@code S.npy} with {@code --values-only}).
 *
 * <p>JSON adds {@code job}, {@code flags}, {@code workspace_bytes}, {@code fallback},
 * {@code rank}, {@code singular_values} (the first {@value #JSON_VALUES}) and
 * {@code singular_values_truncated}.
 */
@Command(name = "svd", sortOptions = false,
        description = {"Singular value decomposition A = U·diag(S)·Vt (k = min(m, n)).",
            "Writes U.npy (m×k; m×m with --full), S.npy (k values, non-increasing) and Vt.npy (k×n; n×n with"
                    + " --full); only S.npy with --values-only."})
public final class SvdCommand extends BaseCommand {
    /** Singular values listed in the JSON line; the rest are in S.npy. */
    static final int JSON_VALUES = 100;

    @Mixin
    InputOptions input;

    @Mixin
    OutputOptions output;

    @Option(names = "--driver", order = 10, paramLabel = "NAME", defaultValue = "auto", converter = DriverConverter.class,
            completionCandidates = DriverNames.class, description = "SVD driver: ${COMPLETION-CANDIDATES}"
            + " (default: ${DEFAULT-VALUE}, the planner's choice by shape, job and memory budget).")
    Driver driver;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Vectors vectors;

    @Option(names = "--budget", order = 13, paramLabel = "BYTES", converter = BytesConverter.class,
            description = "Memory the SVD may allocate, e.g. 1073741824, 512M, 4G (default: the"
                    + " decomp4j.memoryBudget setting). The planner picks a driver that fits; a tall .npy file (or a"
                    + " directory of .npy row blocks) that does not fit stays on disk: blocked TSQR, one pass over the"
                    + " file, U written block by block (needs --out).")
    Long budget;

    /** Which vectors: thin by default. */
    static final class Vectors {
        @Option(names = "--full", order = 11, description = "Complete U (m×m) and Vt (n×n) instead of the thin factors.")
        boolean full;

        @Option(names = "--values-only", order = 12, description = "Singular values only (fastest; writes S.npy alone).")
        boolean valuesOnly;
    }

    /** Picocli creates commands through their no-argument constructor. */
    public SvdCommand() {
    }

    @Override
    void run(Report report) throws Exception {
        Outputs files = output.files();
        Job job = vectors == null ? Job.THIN : vectors.full ? Job.ALL : vectors.valuesOnly ? Job.NONE : Job.THIN;
        SvdOptions options = SvdOptions.thin().job(job).driver(driver);
        if (budget != null) {
            options = options.memoryBudget(budget);
        }
        SvdOptions chosen = options;
        if (job != Job.ALL) {
            try (ProgressBars bar = common.progress("svd")) {
                if (OutOfCoreInput.exact(report, input, files, 0, job.wantsVectors(), budget, bar)) {
                    report.put("job", job.name().toLowerCase(java.util.Locale.ROOT));
                    return;
                }
            }
        } else if (OutOfCoreInput.applies(input.in) && java.nio.file.Files.isDirectory(input.in)) {
            throw new IllegalArgumentException("--full is not available for a shard directory: the complete U (m×m)"
                    + " of data on disk is not offered; use the thin SVD");
        }
        try (Matrix a = input.read(); Svd svd = report.time(() -> Svd.of(a, chosen))) {
            double[] s = svd.singularValues();
            report.matrix(input.in.toString(), a.rows(), a.cols(), svd.dtype())
                    .driver(svd.routine(), svd.plan().reason())
                    .put("job", job.name().toLowerCase(java.util.Locale.ROOT))
                    .put("flags", svd.plan().flags())
                    .put("workspace_bytes", svd.workspaceBytes())
                    .put("fallback", svd.fallback().isPresent())
                    .put("rank", svd.rank())
                    .put("singular_values", Arrays.copyOf(s, Math.min(s.length, JSON_VALUES)))
                    .put("singular_values_truncated", s.length > JSON_VALUES);
            report.line("plan: %s %s, workspace %d bytes", svd.routine(), svd.plan().flags(), svd.workspaceBytes())
                    .line("singular values: %s", s.length == 0 ? "none (empty matrix)" : Report.list(s, 10))
                    .line("numerical rank: %d", svd.rank());
            if (job.wantsVectors()) {
                files.add("U.npy", f -> Npy.write(f, svd.u()));
            }
            files.npy("S.npy", o -> Npy.writeVector(o, s, svd.dtype()));
            if (job.wantsVectors()) {
                files.add("Vt.npy", f -> Npy.write(f, svd.vt()));
            }
            report.outputs(files, files.commit());
        }
    }

    /** Parses {@code --driver}, any case, accepting the former names {@code jacobi} and {@code java}. */
    static final class DriverConverter implements ITypeConverter<Driver> {
        @Override
        public Driver convert(String value) {
            try {
                return Driver.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** The {@code --driver} names offered by help and shell completion. */
    static final class DriverNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("auto", "gesdd", "gesvd", "gesvj", "java_jacobi", "java_qr").iterator();
        }
    }

    /** Parses {@code --budget}: a positive byte count with an optional K/M/G/T suffix (powers of 1024). */
    static final class BytesConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            long b;
            try {
                b = NativeConfig.parseBytes("--budget", value);
            } catch (IllegalArgumentException e) {
                // picocli names the option already; parseBytes's message would repeat it
                throw new TypeConversionException("'" + value + "' is not a byte count (use e.g. 1073741824,"
                        + " 512M, 4G)");
            }
            if (b <= 0) {
                throw new TypeConversionException("the budget must be positive, got '" + value + "'");
            }
            return b;
        }
    }
}
