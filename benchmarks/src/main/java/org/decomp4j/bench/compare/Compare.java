package org.decomp4j.bench.compare;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import org.decomp4j.DType;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the library comparison for a profile, one JMH run per (library, operation, shape, dtype),
 * then writes the report ({@link Report}).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.decomp4j.bench.compare.Compare quick|full|validate [raw-dir]</pre>
 *
 * <p>Order: for each operation and dtype, sizes ascending, all libraries at one size before the
 * next (so a library's points are minutes apart at most from its peers'). A point whose time,
 * extrapolated from the same library's largest measured point by the work m·n·min(m, n), would
 * exceed the profile's cap per call is skipped and reported as capped (decomp4j and LAPACKE never
 * are). Points predicted to take 1 s or more per call are measured one call per iteration (JMH
 * single-shot), the others with time-based iterations. {@code validate} runs every check on small shapes without timing.
 *
 * <p>Filters (system properties, comma-separated): {@code compare.libs}, {@code compare.ops},
 * {@code compare.shapes}, {@code compare.dtypes}; {@code compare.threads} sets the OpenBLAS threads
 * (default: the number of processors); {@code compare.note} adds a sentence to the report (e.g. why
 * a thread count was chosen).
 */
public final class Compare {
    private Compare() {
    }

    /** A profile: what to run and how long. */
    record Profile(String name, List<String> squareSizes, List<String> rectShapes, List<Op> ops, boolean f32,
                   int forks, int warmups, int iterations, int iterationMs, int ssWarmups, int ssIterations,
                   double capSeconds, double singleShotMs, List<Op> quickOps, List<String> quickOpSizes) {
    }

    static Profile profile(String name) {
        // QR_Q belongs to the native-peer comparison (NativePeers)
        List<Op> all = java.util.Arrays.stream(Op.values()).filter(o -> o != Op.QR_Q).toList();
        return switch (name) {
            // thin SVD over sizes for every library; the other operations at n = 256; float32 thin SVD
            case "quick" -> new Profile("quick", List.of("16", "256", "1024"), List.of(), List.of(Op.SVD_THIN),
                    true, 1, 2, 4, 500, 1, 3, 15, 1000, all, List.of("256"));
            case "full" -> new Profile("full", List.of("4", "16", "64", "256", "1024", "2048"),
                    List.of("20000x200", "200x20000"), all, true, 2, 3, 5, 1000, 1, 3, 90, 1000, List.of(), List.of());
            default -> throw new IllegalArgumentException("profile must be quick, full or validate: " + name);
        };
    }

    private static List<String> filter(String property) {
        String v = System.getProperty(property, "");
        return v.isBlank() ? null : List.of(v.split(","));
    }

    /** The (op, dtype, shapes) groups of a profile, in run order. */
    record Group(Op op, DType dtype, List<String> shapes) {
    }

    static List<Group> groups(Profile p) {
        List<Group> g = new ArrayList<>();
        List<DType> dtypes = p.f32() ? List.of(DType.F64, DType.F32) : List.of(DType.F64);
        for (Op op : p.ops()) {
            for (DType t : op.float32() ? dtypes : List.of(DType.F64)) {
                List<String> shapes = new ArrayList<>(p.squareSizes());
                shapes.addAll(p.rectShapes());
                g.add(new Group(op, t, shapes));
            }
        }
        for (Op op : p.quickOps()) {
            if (!p.ops().contains(op)) {
                g.add(new Group(op, DType.F64, quickSizes(p, op)));
            }
        }
        return g;
    }

    /**
     * The sizes of an operation measured at the quick profile's few sizes: the symmetric eigen also at
     * n = 1024, issue 16's size for "≥ 5× faster than the fastest pure-Java peer"; the general eigen
     * stays at the small size (the pure-Java peers take seconds per call beyond it).
     */
    static List<String> quickSizes(Profile p, Op op) {
        if (op == Op.EIGH && p.quickOpSizes().equals(List.of("256"))) {
            return List.of("256", "1024");
        }
        return p.quickOpSizes();
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        String profileName = args.length > 0 ? args[0] : "quick";
        Path raw = Path.of(args.length > 1 ? args[1] : "benchmarks/results/raw");
        Files.createDirectories(raw);
        if (profileName.equals("validate")) {
            Validate.run();
            return;
        }
        Profile prof = profile(profileName);
        int threads = Integer.getInteger("compare.threads", Runtime.getRuntime().availableProcessors());
        List<String> libs = filter("compare.libs");
        List<String> ops = filter("compare.ops");
        List<String> shapes = filter("compare.shapes");
        List<String> dtypes = filter("compare.dtypes");
        Machine machine = Machine.describe(threads);
        machine.note = System.getProperty("compare.note", "");
        List<Point> points = new ArrayList<>();
        Path json = raw.resolve("compare-" + prof.name() + ".json");
        Path log = raw.resolve("compare-" + prof.name() + ".log");
        Files.deleteIfExists(log);
        long start = System.nanoTime();
        for (Group g : groups(prof)) {
            if ((ops != null && !ops.contains(g.op().name())) || (dtypes != null && !dtypes.contains(g.dtype().name()))) {
                continue;
            }
            for (String sh : g.shapes()) {
                Shape shape = Shape.parse(sh);
                if (!g.op().accepts(shape.rows(), shape.cols()) || (shapes != null && !shapes.contains(sh))) {
                    continue;
                }
                for (Library l : Library.all()) {
                    if ((libs != null && !libs.contains(l.name())) || !l.supports(g.op(), g.dtype(), shape)) {
                        continue;
                    }
                    Point pt = new Point(l.name(), g.op(), shape, g.dtype().name());
                    double predicted = predict(points, pt);
                    // decomp4j and raw LAPACKE are what every other library is compared with: never capped
                    boolean reference = l.name().equals("decomp4j") || l.name().equals("lapacke");
                    if (!reference && predicted > prof.capSeconds() * 1000) {
                        pt.skipped = String.format("capped: about %.0f s per call predicted (cap %.0f s)",
                                predicted / 1000, prof.capSeconds());
                    } else {
                        measure(prof, pt, predicted, threads, log);
                    }
                    points.add(pt);
                    System.out.printf("[%4.0f s] %-12s %-10s %-9s %s  %s%n", (System.nanoTime() - start) / 1e9,
                            pt.lib, pt.op, pt.shape, pt.dtype, pt.measured()
                                    ? String.format("%.4g ms (IQR %.4g–%.4g, %d samples)", pt.median(), pt.q1(),
                                            pt.q3(), pt.samples.size())
                                    : pt.skipped);
                    save(json, prof.name(), machine, points);
                }
            }
        }
        machine.finish();
        save(json, prof.name(), machine, points);
        Path results = raw.getParent();
        Report.write(results, prof.name(), machine, points);
        System.out.println("wrote " + results.resolve("RESULTS.md") + " and " + results.resolve(Report.CHART));
    }

    /** Extrapolated ms per call from the library's largest measured point of the same op and dtype. */
    static double predict(List<Point> done, Point pt) {
        Point best = null;
        for (Point q : done) {
            if (q.measured() && q.lib.equals(pt.lib) && q.op.equals(pt.op) && q.dtype.equals(pt.dtype)
                    && (best == null || Point.cost(q.shapeValue()) > Point.cost(best.shapeValue()))) {
                best = q;
            }
        }
        if (best == null) {
            return 0;
        }
        return best.median() * Point.cost(pt.shapeValue()) / Point.cost(best.shapeValue());
    }

    private static void measure(Profile prof, Point pt, double predictedMs, int threads, Path log) {
        boolean single = predictedMs >= prof.singleShotMs();
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include(CompareBenchmark.class.getName() + ".run$")
                .param("lib", pt.lib).param("op", pt.op).param("shape", pt.shape).param("dtype", pt.dtype)
                .param("threads", Integer.toString(threads))
                .timeUnit(TimeUnit.MILLISECONDS)
                .forks(prof.forks())
                .jvmArgsAppend("-Xss16m", "-Xmx4g")
                .shouldFailOnError(true)
                .output(log.toString() + ".part");
        if (single) {
            o.mode(Mode.SingleShotTime).warmupIterations(prof.ssWarmups()).measurementIterations(prof.ssIterations());
        } else {
            o.mode(Mode.AverageTime).warmupIterations(prof.warmups()).measurementIterations(prof.iterations())
                    .warmupTime(TimeValue.milliseconds(prof.iterationMs()))
                    .measurementTime(TimeValue.milliseconds(prof.iterationMs()));
        }
        pt.mode = single ? "ss" : "avgt";
        try {
            Collection<RunResult> rs = new Runner(o.build()).run();
            for (RunResult r : rs) {
                for (BenchmarkResult b : r.getBenchmarkResults()) {
                    for (IterationResult it : b.getIterationResults()) {
                        pt.samples.add(it.getPrimaryResult().getScore());
                    }
                }
            }
            if (pt.samples.isEmpty()) {
                pt.skipped = "failed: no result (see the log)";
            }
        } catch (Exception e) {
            pt.skipped = "failed: " + firstLine(e);
        } finally {
            appendLog(log);
        }
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static void appendLog(Path log) {
        Path part = Path.of(log.toString() + ".part");
        try {
            if (Files.exists(part)) {
                Files.writeString(log, Files.readString(part), java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
                Files.delete(part);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The raw results file: profile, machine and every point. */
    record Raw(String profile, Machine machine, List<Point> points) {
    }

    static void save(Path json, String profile, Machine machine, List<Point> points) throws IOException {
        Gson gson = new GsonBuilder().create();
        Path tmp = json.resolveSibling(json.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp)) {
            gson.toJson(new Raw(profile, machine, points), w);
        }
        Files.move(tmp, json, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static Raw load(Path json) throws IOException {
        try (var r = Files.newBufferedReader(json)) {
            return new Gson().fromJson(r, Raw.class);
        }
    }
}
