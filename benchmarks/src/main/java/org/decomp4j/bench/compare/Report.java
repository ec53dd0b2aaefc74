package org.decomp4j.bench.compare;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import javax.imageio.ImageIO;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The benchmarks' one report generator. It reads two kinds of results, told apart by the file:
 *
 * <ul>
 * <li>The raw results of a library comparison ({@link Compare}: an object with the profile, the
 *     machine and every point): writes {@code RESULTS.md} (median times, interquartile ranges,
 *     ratios to decomp4j and to raw LAPACKE, the targets, the reference figures, what was
 *     not measured and why) and the PNG chart beside it, and refreshes the README's benchmark
 *     table between the markers {@code <!-- bench:begin -->} and {@code <!-- bench:end -->} when
 *     they are present. {@code Compare} calls {@link #write} at the end of a run.</li>
 * <li>JMH JSON result files ({@code -rf json}: an array of benchmark results, e.g. those of
 *     {@code run-overhead.sh}): prints markdown tables to standard output, one per benchmark
 *     class; per parameter set, each variant's median over every measured iteration of every
 *     fork, its interquartile range, and its ratio to the baselines {@code lapacke} and
 *     {@code lapackeWork} measured in the same run.</li>
 * </ul>
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.decomp4j.bench.compare.Report benchmarks/results/raw/compare-quick.json
 * java -cp benchmarks/target/benchmarks.jar org.decomp4j.bench.compare.Report benchmarks/results/raw/small-*.json
 * </pre>
 */
public final class Report {
    /** File name of the chart, beside RESULTS.md. */
    public static final String CHART = "compare.png";
    static final String BEGIN = "<!-- bench:begin -->";
    static final String END = "<!-- bench:end -->";
    static final Set<String> PURE_JAVA = Set.of("ojAlgo", "EJML", "Hipparchus", "Commons Math", "Jama");
    static final Color[] COLORS = {new Color(0xd62728), new Color(0x555555), new Color(0x9467bd), new Color(0x1f77b4),
        new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2)};

    /** Reference figures of issue 5 (median ms, thin SVD F64, 2 threads, measured before any code existed). */
    static final Object[][] REFERENCE = {
        {"1024", "lapacke", 344.0}, {"1024", "NumPy", 566.0}, {"1024", "ojAlgo", 1825.0}, {"1024", "EJML", 4344.0},
        {"1024", "Commons Math", 17135.0}, {"2048", "lapacke", 2722.0}, {"2048", "ojAlgo", 25623.0},
        {"2048", "EJML", 36777.0}};

    private Report() {
    }

    public static void main(String[] args) throws IOException {
        Locale.setDefault(Locale.ROOT);
        if (args.length > 0 && isJmhResult(Path.of(args[0]))) {
            jmhTables(args);
            return;
        }
        Path json = Path.of(args.length > 0 ? args[0] : "benchmarks/results/raw/compare-quick.json");
        if (isPeers(json)) {
            NativePeers.Raw peers = NativePeers.load(json);
            PeersReport.write(json.toAbsolutePath().getParent().getParent(), peers);
            return;
        }
        Compare.Raw raw = Compare.load(json);
        write(json.toAbsolutePath().getParent().getParent(), raw.profile(), raw.machine(), raw.points());
    }

    static String label(String lib) {
        return lib.equals("lapacke") ? "LAPACKE" : lib;
    }

    static void write(Path dir, String profile, Machine m, List<Point> points) throws IOException {
        Files.createDirectories(dir);
        StringBuilder md = new StringBuilder();
        String machineLine = machineLine(m);
        md.append("# decomp4j against JVM linear algebra libraries\n\n");
        md.append("Profile `").append(profile).append("`, measured ").append(m.started).append(" to ")
                .append(m.finished).append(" with `benchmarks/run.sh ").append(profile).append("`.\n\n");
        md.append("**Machine:** ").append(machineLine).append("\n\n");
        if (m.note != null && !m.note.isBlank()) {
            md.append("**Note:** ").append(m.note).append("\n\n");
        }
        if (m.busy()) {
            md.append(String.format("> **Measured on a busy machine:** the 1-minute load average was %.2f before "
                    + "the first run (%.2f at the end) on %d processors, so other work competed for the CPUs "
                    + "and the figures are noisier and slower than on an idle machine.%n%n", m.loadStart, m.loadEnd,
                    m.processors));
        } else {
            md.append(String.format("Load average before the first run: %.2f (%.2f at the end).%n%n", m.loadStart,
                    m.loadEnd));
        }
        md.append("Times are medians over all measured iterations of all forks, in milliseconds per call, with the "
                + "interquartile range (IQR) as error bar; `÷ decomp4j` and `÷ LAPACKE` are ratios of medians "
                + "(above 1 = slower). Each benchmark checked its own answer before timing (`Check`: SVD "
                + "reconstruction and orthogonality probes, Σσ² = ‖A‖²_F, σ₁ by power iteration, ‖R·x‖ = ‖A·x‖, "
                + "‖Lᵀx‖² = xᵀAx, P·A = L·U probes, solve and normal-equation residuals; eigen: ‖A·V − V·Λ‖_F, ‖VᵀV − I‖_F, "
                + "Σλ = trace, eigenvalues against decomp4j's, complex ones as a multiset). Inputs: seeded uniform "
                + "[0, 1) matrices (Cholesky: (R + Rᵀ)/2 + n·I; symmetric eigen: (R + Rᵀ)/2), one right-hand side.\n\n");
        md.append("![time per call against n, log-log](").append(CHART).append(")\n\n");

        md.append("## Libraries\n\n| library | version | how it is called; threads |\n|---|---|---|\n");
        for (Library l : Library.all()) {
            md.append("| ").append(label(l.name())).append(" | ").append(l.version()).append(" | ")
                    .append(l.howCalled()).append(" |\n");
        }
        md.append("\n");

        targets(md, points);
        reference(md, points);

        // result tables per (op, dtype)
        Map<String, List<Point>> groups = new LinkedHashMap<>();
        for (Op op : Op.values()) {
            for (String t : List.of("F64", "F32")) {
                for (Point p : points) {
                    if (p.opValue() == op && p.dtype.equals(t)) {
                        groups.computeIfAbsent(op.label() + ", " + (t.equals("F64") ? "float64" : "float32"),
                                k -> new ArrayList<>()).add(p);
                    }
                }
            }
        }
        for (Map.Entry<String, List<Point>> g : groups.entrySet()) {
            md.append("## ").append(g.getKey()).append("\n\n");
            md.append("| shape | library | median ms | IQR ms | ÷ decomp4j | ÷ LAPACKE | samples |\n");
            md.append("|---|---|---:|---|---:|---:|---:|\n");
            for (Point p : g.getValue()) {
                if (!p.measured()) {
                    continue;
                }
                Point d = find(points, "decomp4j", p);
                Point l = find(points, "lapacke", p);
                md.append(String.format("| %s | %s | %s | %s–%s | %s | %s | %d %s |%n", p.shape, label(p.lib),
                        fmt(p.median()), fmt(p.q1()), fmt(p.q3()), ratio(p, d), ratio(p, l), p.samples.size(),
                        p.mode.equals("ss") ? "calls" : "iterations"));
            }
            md.append("\n");
        }
        notMeasured(md, points);
        Path out = dir.resolve("RESULTS.md");
        writeAtomically(out, md.toString());
        chart(dir.resolve(CHART), points);
        Path readme = dir.toAbsolutePath().getParent().getParent().resolve("README.md");
        if (Files.exists(readme)) {
            String r = Files.readString(readme);
            int b = r.indexOf(BEGIN);
            int e = r.indexOf(END);
            if (b >= 0 && e > b) {
                String updated = r.substring(0, b + BEGIN.length()) + "\n" + readmeTable(profile, m, points)
                        + r.substring(e);
                writeAtomically(readme, updated);
            }
        }
    }

    static void writeAtomically(Path out, String text) throws IOException {
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String machineLine(Machine m) {
        return String.format("%s, %d processors, %s memory; %s; %s; %s; OpenBLAS core %s, %d OpenBLAS threads "
                + "(decomp4j, LAPACKE, Smile); pure-Java peers as noted below", m.cpu, m.processors, m.memory, m.os,
                m.jvm, m.openblas, m.openblasCore, m.openblasThreads);
    }

    static Point find(List<Point> points, String lib, Point like) {
        for (Point p : points) {
            if (p.lib.equals(lib) && p.op.equals(like.op) && p.shape.equals(like.shape) && p.dtype.equals(like.dtype)
                    && p.measured()) {
                return p;
            }
        }
        return null;
    }

    static String fmt(double ms) {
        if (ms >= 100) {
            return String.format("%.0f", ms);
        }
        if (ms >= 1) {
            return String.format("%.3g", ms);
        }
        return String.format("%.3g", ms);
    }

    static String ratio(Point p, Point base) {
        return base == null ? "" : String.format("%.2f", p.median() / base.median());
    }

    /** The targets, each with its verdict from this run. */
    private static void targets(StringBuilder md, List<Point> points) {
        md.append("## Targets (issues 5 and 16)\n\n");
        md.append("| target | shape | measured | verdict |\n|---|---|---|---|\n");
        for (Point d : points) {
            if (!d.lib.equals("decomp4j") || !d.measured() || !d.dtype.equals("F64") || !d.shapeValue().square()) {
                continue;
            }
            int n = d.shapeValue().rows();
            if (d.op.equals("SVD_THIN") && n >= 256) {
                peerTarget(md, points, d, n >= 1024 ? 10 : 5, "thin SVD");
            } else if (d.op.equals("EIGH") && n == 1024) {
                peerTarget(md, points, d, 5, "symmetric eigen (all pairs)");
            }
        }
        for (Point d : points) {
            if (!d.lib.equals("decomp4j") || !d.measured() || d.shapeValue().size() < 256) {
                continue;
            }
            Point l = find(points, "lapacke", d);
            if (l == null) {
                continue;
            }
            double r = d.median() / l.median();
            md.append(String.format("| within 1.03× of raw LAPACKE: %s %s | %s | %.3f | %s |%n", d.opValue().label(),
                    d.dtype, d.shape, r, r <= 1.03 ? "met" : "missed by " + String.format("%.1f%%", (r / 1.03 - 1) * 100)));
        }
        md.append("\nThe 1.03× comparisons here are JMH runs one after the other; on a shared machine whose speed "
                + "drifts they carry that drift. `Paired` (`java -Xss16m -cp benchmarks/target/benchmarks.jar "
                + "org.decomp4j.bench.overhead.Paired OP SHAPE DTYPE [pairs] [threads]`) times decomp4j and raw "
                + "LAPACKE in interleaved pairs on the same tasks, which cancels it; `Paired [pairs]` "
                + "(`results/core-overhead.md`) does the same for the core overhead benchmarks.\n\n");
    }

    /** One row: decomp4j's point {@code d} against the fastest pure-Java peer measured on the same case. */
    private static void peerTarget(StringBuilder md, List<Point> points, Point d, double need, String what) {
        int n = d.shapeValue().rows();
        double worst = Double.POSITIVE_INFINITY;
        String who = "";
        List<String> missing = new ArrayList<>();
        for (String lib : PURE_JAVA) {
            Point q = find(points, lib, d);
            if (q == null) {
                missing.add(lib);
                continue;
            }
            double r = q.median() / d.median();
            if (r < worst) {
                worst = r;
                who = lib;
            }
        }
        if (who.isEmpty()) {
            return;
        }
        md.append(String.format("| %s ≥ %.0f× faster than every pure-Java peer | %d | smallest speed-up %.1f× "
                + "(%s)%s | %s |%n", what, need, n, worst, who,
                missing.isEmpty() ? "" : "; not measured: " + String.join(", ", new TreeSet<>(missing)),
                worst >= need ? "met" : "missed by " + String.format("%.2f×", need / worst)));
    }

    private static void reference(StringBuilder md, List<Point> points) {
        StringBuilder rows = new StringBuilder();
        for (Object[] ref : REFERENCE) {
            String shape = (String) ref[0];
            String lib = (String) ref[1];
            double refMs = (Double) ref[2];
            Point q = null;
            for (Point p : points) {
                if (p.lib.equals(lib) && p.op.equals("SVD_THIN") && p.dtype.equals("F64") && p.shape.equals(shape)
                        && p.measured()) {
                    q = p;
                }
            }
            rows.append(String.format("| %s | %s | %.0f | %s | %s |%n", shape, label(lib), refMs,
                    q == null ? "not measured" : fmt(q.median()),
                    q == null ? "" : String.format("%.2f", q.median() / refMs)));
        }
        md.append("## Against the issue's reference figures\n\n");
        md.append("Thin SVD, float64, median ms measured on this project's machine before any code existed (2 threads). "
                + "NumPy is not part of this Java run.\n\n");
        md.append("| n | library | reference ms | this run ms | this run ÷ reference |\n|---|---|---:|---:|---:|\n");
        md.append(rows).append("\n");
    }

    private static void notMeasured(StringBuilder md, List<Point> points) {
        md.append("## Not measured\n\n");
        StringBuilder rows = new StringBuilder();
        for (Point p : points) {
            if (!p.measured()) {
                rows.append(String.format("| %s | %s | %s | %s | %s |%n", label(p.lib), p.opValue().label(), p.shape,
                        p.dtype, p.skipped));
            }
        }
        if (rows.length() > 0) {
            md.append("| library | operation | shape | dtype | why |\n|---|---|---|---|---|\n").append(rows).append("\n");
        }
        md.append("By design: Commons Math, Hipparchus, Jama and Smile have no full SVD; EJML's general eigen gives no "
                + "eigenvectors for complex eigenvalues, so it is not in the general eigen comparison; the eigen "
                + "operations are float64 only; Commons Math, Hipparchus, "
                + "Jama and ojAlgo have no float32 decompositions, and Smile's float32 API is not measured; "
                + "the full SVD is measured on square shapes only (the full U of 20000×200 is 3.2 GB); "
                + "LU, Cholesky and solve are square, QR and least squares square or tall. "
                + "Smile is 3.1.1, its newest release that runs on Java 17 (its 4.0.0 classes are Java 21, "
                + "6.3.0's Java 25), run on decomp4j's OpenBLAS with its own bytedeco "
                + "artifacts excluded. Capped points would take longer than the profile's limit per call, "
                + "extrapolated by m·n·min(m, n) from the library's largest measured size.\n");
    }

    /** The compact thin-SVD table the README shows. */
    static String readmeTable(String profile, Machine m, List<Point> points) {
        List<String> libs = new ArrayList<>();
        for (Library l : Library.all()) {
            libs.add(l.name());
        }
        Set<String> shapes = new LinkedHashSet<>();
        for (Point p : points) {
            if (p.op.equals("SVD_THIN") && p.dtype.equals("F64") && p.measured()) {
                shapes.add(p.shape);
            }
        }
        StringBuilder t = new StringBuilder();
        t.append("Thin SVD, float64, median ms per call (× = time ÷ decomp4j's), profile `").append(profile)
                .append("`, measured ").append(m.started, 0, 10).append(" on ")
                .append(machineLine(m).replace("; pure-Java peers as noted below", "")).append(".");
        if (m.busy()) {
            t.append(String.format(" **Busy machine** (load average %.1f on %d processors): noisy figures.",
                    m.loadStart, m.processors));
        }
        t.append(" All operations, IQRs and ratios to LAPACKE: [benchmarks/results/RESULTS.md]"
                + "(benchmarks/results/RESULTS.md).\n\n");
        t.append("| n |");
        for (String l : libs) {
            t.append(' ').append(label(l)).append(" |");
        }
        t.append("\n|---|");
        t.append("---:|".repeat(libs.size()));
        t.append('\n');
        for (String s : shapes) {
            t.append("| ").append(s).append(" |");
            Point d = null;
            for (Point p : points) {
                if (p.lib.equals("decomp4j") && p.op.equals("SVD_THIN") && p.dtype.equals("F64") && p.shape.equals(s)
                        && p.measured()) {
                    d = p;
                }
            }
            for (String l : libs) {
                Point q = null;
                for (Point p : points) {
                    if (p.lib.equals(l) && p.op.equals("SVD_THIN") && p.dtype.equals("F64") && p.shape.equals(s)) {
                        q = p;
                    }
                }
                if (q == null || !q.measured()) {
                    t.append(q == null ? " |" : " capped |");
                } else if (d == null || l.equals("decomp4j")) {
                    t.append(' ').append(fmt(q.median())).append(" |");
                } else {
                    t.append(' ').append(fmt(q.median())).append(String.format(" (%.1f×)", q.median() / d.median()))
                            .append(" |");
                }
            }
            t.append('\n');
        }
        t.append("\n![decomp4j against JVM libraries: time per call against n, log-log](benchmarks/results/")
                .append(CHART).append(")\n");
        return t.toString();
    }

    /** One panel per (operation, dtype) with at least two square sizes, in a grid, one line per library. */
    static void chart(Path out, List<Point> points) throws IOException {
        List<BufferedImage> panels = new ArrayList<>();
        List<String> libs = new ArrayList<>();
        for (Library l : Library.all()) {
            libs.add(l.name());
        }
        for (Op op : Op.values()) {
            for (String t : List.of("F64", "F32")) {
                Set<Integer> sizes = new TreeSet<>();
                for (Point p : points) {
                    if (p.opValue() == op && p.dtype.equals(t) && p.measured() && p.shapeValue().square()) {
                        sizes.add(p.shapeValue().rows());
                    }
                }
                if (sizes.size() < 2) {
                    continue;
                }
                XYChart c = new XYChartBuilder().width(620).height(420)
                        .title(op.label() + ", " + (t.equals("F64") ? "float64" : "float32"))
                        .xAxisTitle("n (n×n input)").yAxisTitle("median ms per call").build();
                c.getStyler().setXAxisLogarithmic(true);
                c.getStyler().setYAxisLogarithmic(true);
                c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
                c.getStyler().setChartBackgroundColor(Color.WHITE);
                c.getStyler().setMarkerSize(7);
                for (int i = 0; i < libs.size(); i++) {
                    List<Double> xs = new ArrayList<>();
                    List<Double> ys = new ArrayList<>();
                    for (Point p : points) {
                        if (p.lib.equals(libs.get(i)) && p.opValue() == op && p.dtype.equals(t) && p.measured()
                                && p.shapeValue().square()) {
                            xs.add((double) p.shapeValue().rows());
                            ys.add(p.median());
                        }
                    }
                    if (xs.isEmpty()) {
                        continue;
                    }
                    XYSeries s = c.addSeries(label(libs.get(i)), xs, ys);
                    s.setLineColor(COLORS[i % COLORS.length]);
                    s.setMarkerColor(COLORS[i % COLORS.length]);
                    s.setMarker(SeriesMarkers.CIRCLE);
                    if (libs.get(i).equals("lapacke")) {
                        s.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                                new float[] {6f, 4f}, 0f));
                    }
                }
                panels.add(BitmapEncoder.getBufferedImage(c));
            }
        }
        if (panels.isEmpty()) {
            return;
        }
        int cols = Math.min(2, panels.size());
        int rows = (panels.size() + cols - 1) / cols;
        int w = panels.get(0).getWidth();
        int h = panels.get(0).getHeight();
        BufferedImage grid = new BufferedImage(w * cols, h * rows, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        for (int i = 0; i < panels.size(); i++) {
            g.drawImage(panels.get(i), (i % cols) * w, (i / cols) * h, null);
        }
        g.dispose();
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        ImageIO.write(grid, "png", tmp.toFile());
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
    // ---- JMH result files ----

    /** Whether the file holds {@link NativePeers}'s raw results (its {@code kind}). */
    private static boolean isPeers(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file)) {
            JsonElement e = JsonParser.parseReader(r);
            return e.isJsonObject() && e.getAsJsonObject().has("kind")
                    && e.getAsJsonObject().get("kind").getAsString().equals("native-peers");
        }
    }

    /** Whether the file holds JMH's JSON results (an array) rather than a comparison's raw results. */
    private static boolean isJmhResult(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file)) {
            return JsonParser.parseReader(r).isJsonArray();
        }
    }

    /** Median, quartiles and unit of one benchmark variant. */
    private record Stat(double median, double q1, double q3, String unit) {
        static Stat of(List<Double> xs, String unit) {
            return new Stat(Point.quantile(xs, 0.5), Point.quantile(xs, 0.25), Point.quantile(xs, 0.75), unit);
        }
    }

    /** Prints one table per benchmark class of the JMH result files, in the order first met. */
    private static void jmhTables(String[] files) throws IOException {
        // benchmark class -> params text -> variant -> stat, in the order met
        Map<String, Map<String, Map<String, Stat>>> tables = new LinkedHashMap<>();
        for (String file : files) {
            try (Reader r = Files.newBufferedReader(Path.of(file))) {
                for (JsonElement e : JsonParser.parseReader(r).getAsJsonArray()) {
                    JsonObject b = e.getAsJsonObject();
                    String full = b.get("benchmark").getAsString();
                    int dot = full.lastIndexOf('.');
                    String benchmarkClass = full.substring(full.lastIndexOf('.', dot - 1) + 1, dot);
                    String variant = full.substring(dot + 1);
                    Map<String, String> params = new TreeMap<>();
                    if (b.has("params")) {
                        for (Map.Entry<String, JsonElement> p : b.getAsJsonObject("params").entrySet()) {
                            params.put(p.getKey(), p.getValue().getAsString());
                        }
                    }
                    JsonObject metric = b.getAsJsonObject("primaryMetric");
                    List<Double> raw = new ArrayList<>();
                    for (JsonElement fork : metric.getAsJsonArray("rawData")) {
                        for (JsonElement x : (JsonArray) fork) {
                            raw.add(x.getAsDouble());
                        }
                    }
                    tables.computeIfAbsent(benchmarkClass, k -> new LinkedHashMap<>())
                            .computeIfAbsent(params.toString(), k -> new LinkedHashMap<>())
                            .put(variant, Stat.of(raw, metric.get("scoreUnit").getAsString()));
                }
            }
        }
        for (Map.Entry<String, Map<String, Map<String, Stat>>> t : tables.entrySet()) {
            jmhTable(t.getKey(), t.getValue());
        }
    }

    private static void jmhTable(String benchmarkClass, Map<String, Map<String, Stat>> table) {
        System.out.println("### " + benchmarkClass);
        System.out.println();
        System.out.println("| parameters | variant | median | IQR | unit | ÷ lapacke | ÷ lapackeWork | − lapackeWork |");
        System.out.println("|---|---|---:|---:|---|---:|---:|---:|");
        for (Map.Entry<String, Map<String, Stat>> row : table.entrySet()) {
            Stat hi = row.getValue().get("lapacke");
            Stat work = row.getValue().get("lapackeWork");
            for (Map.Entry<String, Stat> v : row.getValue().entrySet()) {
                Stat s = v.getValue();
                System.out.printf(Locale.ROOT, "| %s | %s | %.4g | %.3g–%.3g | %s | %s | %s | %s |%n", row.getKey(),
                        v.getKey(), s.median(), s.q1(), s.q3(), s.unit(),
                        hi == null ? "" : String.format(Locale.ROOT, "%.3f", s.median() / hi.median()),
                        work == null ? "" : String.format(Locale.ROOT, "%.3f", s.median() / work.median()),
                        work == null ? "" : String.format(Locale.ROOT, "%+.4g", s.median() - work.median()));
            }
        }
        System.out.println();
    }
}
