package org.decomp4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.decomp4j.DType;
import org.decomp4j.apps.ImageCompression;
import org.decomp4j.apps.RankRule;
import org.decomp4j.io.Images;
import org.decomp4j.io.RasterImage;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code decomp4j compress}: rank-k SVD compression of a picture, each channel on its own.
 *
 * <p>JSON adds {@code width}, {@code height}, {@code channels}, {@code rank}, {@code psnr} (dB),
 * {@code relative_error}, {@code storage_ratio}, {@code energy_kept}, {@code singular_values}
 * (the first {@value #JSON_VALUES} of the first channel) and, with {@code --sweep}, {@code sweep}:
 * a list of {@code {rank, psnr, relative_error, storage_ratio}}.
 */
@Command(name = "compress", sortOptions = false,
        description = {"Compress a picture by truncated SVD: each channel (grey, or R, G and B) is replaced by its"
                + " best rank-k approximation, which stores k(m+n+1) numbers instead of m·n.",
            "Without --in, a picture the program draws itself (256×192 RGB) is used."})
public final class CompressCommand extends BaseCommand {
    static final int JSON_VALUES = 20;
    static final int DEFAULT_WIDTH = 256;
    static final int DEFAULT_HEIGHT = 192;
    static final double DEFAULT_ENERGY = 0.99;

    @Option(names = "--in", order = 1, paramLabel = "IMG", description = "Picture to compress: PNG, JPEG or BMP"
            + " (default: a built-in drawing).")
    Path in;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Choice choice;

    /** --rank or --energy. */
    static final class Choice {
        @Option(names = "--rank", order = 2, paramLabel = "K", description = "Keep K singular values per channel.")
        Integer rank;

        @Option(names = "--energy", order = 3, paramLabel = "F", description = "Keep the smallest rank whose"
                + " singular values hold fraction F of the squared Frobenius norm in every channel (default "
                + DEFAULT_ENERGY + ").")
        Double energy;
    }

    @Option(names = "--out", order = 4, paramLabel = "OUT.png", description = "Write the compressed picture as PNG.")
    Path out;

    @Option(names = "--sweep", order = 5, description = "Also write OUT_sweep.png (the original beside ranks 1, 2, 5,"
            + " 10, 20, 50, … with storage and PSNR) and OUT_spectrum.png (singular values, log scale) next to"
            + " --out.")
    boolean sweep;

    @Option(names = "--sweep-ranks", order = 6, paramLabel = "K,K,…", split = ",", description = "The ranks of"
            + " --sweep (default: 1, 2, 5, 10, 20, 50, 100 below min(m, n)).")
    int[] sweepRanks;

    /** Picocli creates commands through their no-argument constructor. */
    public CompressCommand() {
    }

    @Override
    void run(Report report) throws Exception {
        if (sweep && out == null) {
            throw new IllegalArgumentException("--sweep needs --out OUT.png: the sheet and the spectrum are written"
                    + " beside it");
        }
        if (sweepRanks != null && !sweep) {
            throw new IllegalArgumentException("--sweep-ranks needs --sweep");
        }
        if (out != null && Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + ": is a directory; give a file name such as out.png");
        }
        if (out != null && !DenoiseCommand.extensionOf(out).equals(".png")) {
            // only PNG is written: refuse another extension before any work, not PNG bytes under a .jpg name
            String ext = DenoiseCommand.extensionOf(out);
            throw new IllegalArgumentException("--out " + out + ": cannot write "
                    + (ext.isEmpty() ? "a file without extension" : "'" + ext + "' images") + "; compress writes .png");
        }
        RankRule rule = choice == null || choice.energy != null
                ? RankRule.energy(choice == null ? DEFAULT_ENERGY : choice.energy) : RankRule.fixed(choice.rank);
        RasterImage image = in == null ? ImageCompression.defaultImage(DEFAULT_WIDTH, DEFAULT_HEIGHT) : Images.read(in);
        String source = in == null ? "built-in picture" : in.toString();
        try (ImageCompression c = report.time(() -> ImageCompression.of(image))) {
            ImageCompression.Result r = report.time(() -> c.compress(rule));
            report.matrix(source, image.height(), image.width(), DType.F64)
                    .driver(c.routine(), c.reason())
                    .put("width", image.width()).put("height", image.height())
                    .put("channels", image.channels().length)
                    .put("rank", r.rank())
                    .put("psnr", r.psnr())
                    .put("relative_error", r.relativeError())
                    .put("storage_ratio", r.storageRatio())
                    .put("energy_kept", r.energyKept());
            double[] s = c.singularValues(0);
            report.put("singular_values", java.util.Arrays.copyOf(s, Math.min(s.length, JSON_VALUES)));
            // height×width, as the header's matrix shape (rows×columns): one order everywhere
            report.line("%s image, %d×%d pixels (height×width), rank %d of %d%s", image.isGrey() ? "grey" : "RGB",
                            image.height(), image.width(),
                            r.rank(), c.maxRank(), rule instanceof RankRule.Energy e
                                    ? String.format(java.util.Locale.ROOT, " (smallest keeping %.4g of the energy)",
                                            e.fraction()) : "")
                    .line("storage ratio k(m+n+1)/(mn): %.4f", r.storageRatio())
                    .line("relative Frobenius error:    %.4g", r.relativeError())
                    .line("PSNR:                        %.2f dB", r.psnr());
            Outputs files = Outputs.beside(out == null ? null : out.toAbsolutePath().getParent());
            if (out != null) {
                String name = out.getFileName().toString();
                files.add(name, f -> Images.writePng(f, r.image()));
                if (sweep) {
                    int[] ranks = sweepRanks != null ? sweepRanks : ImageCompression.sweepRanks(c.maxRank(), 7);
                    List<Map<String, Object>> rows = new ArrayList<>();
                    report.line("sweep:").line("  %6s %10s %12s %10s", "rank", "storage", "rel. error", "PSNR dB");
                    for (int k : ranks) {
                        ImageCompression.Result rk = c.compress(k);
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("rank", k);
                        m.put("psnr", rk.psnr());
                        m.put("relative_error", rk.relativeError());
                        m.put("storage_ratio", rk.storageRatio());
                        rows.add(m);
                        report.line("  %6d %10.4f %12.4g %10.2f", k, rk.storageRatio(), rk.relativeError(), rk.psnr());
                    }
                    report.put("sweep", rows);
                    String stem = name.toLowerCase(java.util.Locale.ROOT).endsWith(".png")
                            ? name.substring(0, name.length() - 4) : name;
                    files.add(stem + "_sweep.png", f -> Images.writePng(f, c.contactSheet(ranks, 128)));
                    files.add(stem + "_spectrum.png", f -> Images.writePng(f, c.spectrumPlot(480, 300)));
                }
            }
            report.outputs(files, files.commit());
        }
    }
}
