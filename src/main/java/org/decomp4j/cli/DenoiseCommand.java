package org.decomp4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import org.decomp4j.Matrix;
import org.decomp4j.apps.Denoise;
import org.decomp4j.apps.RankRule;
import org.decomp4j.io.MatrixFiles;
import org.decomp4j.io.Npy;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code decomp4j denoise}: low-rank denoising by SVD truncation.
 *
 * <p>JSON adds {@code rank}, {@code rule} ({@code gavish-donoho}, {@code rank} or {@code energy}),
 * {@code threshold} (the Gavish–Donoho cut-off, else NaN), {@code singular_values} (the first
 * {@value #JSON_VALUES}) and, with a reference, {@code snr_before} and {@code snr_after} in dB.
 */
@Command(name = "denoise", sortOptions = false,
        description = {"Denoise a matrix (rows = sensors or samples) by keeping its leading singular values: the"
                + " Gavish-Donoho optimal hard threshold for noise of unknown level by default, or --rank K, or"
                + " --energy F.",
            "Without --in, a built-in example is used: 100 sensors × 400 samples of 3 planted waveforms plus white"
                    + " noise, with its clean reference."})
public final class DenoiseCommand extends BaseCommand {
    static final int JSON_VALUES = 20;

    @Option(names = "--in", order = 1, paramLabel = "X", description = "Noisy matrix: .npy, .mtx, .csv, .tsv or"
            + " .txt, or '-' for standard input, its format read from its first bytes (default: the built-in example).")
    Path in;

    /** Reads --in and --reference with the core CLI's checks (finite entries, named place). */
    private final InputOptions reader = new InputOptions();

    @Option(names = "--reference", order = 2, paramLabel = "CLEAN.npy", description = "The clean matrix, to report"
            + " the signal-to-noise ratio before and after.")
    Path reference;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Choice choice;

    /** --rank or --energy. */
    static final class Choice {
        @Option(names = "--rank", order = 3, paramLabel = "K", description = "Keep K singular values.")
        Integer rank;

        @Option(names = "--energy", order = 4, paramLabel = "F", description = "Keep the smallest rank holding"
                + " fraction F of the squared Frobenius norm.")
        Double energy;
    }

    @Option(names = "--out", order = 5, paramLabel = "Y.npy", description = "Write the denoised matrix, in the format its"
            + " extension names: .npy, .mtx, .csv, .tsv or .txt; '-' writes .npy to standard output (the summary"
            + " then goes to standard error).")
    Path out;

    /** Picocli creates commands through their no-argument constructor. */
    public DenoiseCommand() {
    }

    /** The file name's extension, lower case with its dot, or "" if it has none. */
    static String extensionOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? "" : name.substring(dot);
    }

    @Override
    void run(Report report) throws Exception {
        if (out != null && Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + ": is a directory; give a file name such as y.npy");
        }
        if (out != null && !Outputs.isStdout(out)) {
            // the format follows the name asked for, checked before any work (not .npy bytes under a .csv name)
            String ext = extensionOf(out);
            if (!MatrixFiles.extensions().contains(ext)) {
                throw new IllegalArgumentException("--out " + out + ": cannot write "
                        + (ext.isEmpty() ? "a file without extension" : "'" + ext + "' files") + "; use one of "
                        + String.join(" ", MatrixFiles.extensions()));
            }
        }
        RankRule rule = choice == null ? RankRule.optimalHardThreshold()
                : choice.rank != null ? RankRule.fixed(choice.rank) : RankRule.energy(choice.energy);
        String ruleName = rule instanceof RankRule.OptimalHardThreshold ? "gavish-donoho"
                : rule instanceof RankRule.Fixed ? "rank" : "energy";
        Matrix y = null;
        Matrix ref = null;
        try {
            String source;
            if (in == null) {
                if (reference != null) {
                    throw new IllegalArgumentException("--reference needs --in: the built-in example has its own");
                }
                Matrix[] example = Denoise.example(100, 400, 3, 0.5, 7);
                y = example[0];
                ref = example[1];
                source = "built-in example";
            } else {
                y = reader.read(in);
                ref = reference == null ? null : reader.read(reference);
                source = in.toString(); // '-' as given: standard input
            }
            Matrix noisy = y;
            try (Denoise.Result r = report.time(() -> Denoise.of(noisy, rule))) {
                double[] s = r.singularValues();
                report.matrix(source, y.rows(), y.cols(), y.dtype())
                        .driver(r.routine(), r.reason())
                        .put("rank", r.rank())
                        .put("rule", ruleName)
                        .put("threshold", r.threshold())
                        .put("singular_values", Arrays.copyOf(s, Math.min(s.length, JSON_VALUES)));
                report.line("rank kept: %d of %d (%s%s)", r.rank(), s.length, ruleName,
                        Double.isNaN(r.threshold()) ? "" : String.format(Locale.ROOT, ", threshold %.6g", r.threshold()))
                        .line("singular values: %s", Report.list(s, 10));
                if (ref != null) {
                    double before = Denoise.snrDb(ref, y);
                    double after = Denoise.snrDb(ref, r.denoised());
                    report.put("snr_before", before).put("snr_after", after)
                            .line("SNR: %.2f dB before, %.2f dB after (%+.2f dB)", before, after, after - before);
                }
                Outputs files;
                if (Outputs.isStdout(out)) {
                    files = Outputs.stdout().npy("denoised.npy", o -> Npy.write(o, r.denoised()));
                } else {
                    files = Outputs.beside(out == null ? null : out.toAbsolutePath().getParent());
                    if (out != null) {
                        files.add(out.getFileName().toString(), f -> MatrixFiles.write(f, r.denoised()));
                    }
                }
                report.outputs(files, files.commit());
            }
        } finally {
            if (y != null) {
                y.close();
            }
            if (ref != null) {
                ref.close();
            }
        }
    }
}
