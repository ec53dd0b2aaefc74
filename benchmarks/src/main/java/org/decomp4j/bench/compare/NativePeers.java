package org.decomp4j.bench.compare;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * decomp4j against the native-backed JVM libraries (netlib-java JNI and F2J, jblas, ND4J) and
 * NumPy (issue 22): warm and cold time, peak memory per call, the OpenBLAS each one loaded, and
 * whether a call from a default-stack thread survives. Driven by {@code run.sh peers}.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.decomp4j.bench.compare.NativePeers quick|full|smoke [raw-dir]</pre>
 *
 * <p>Every measurement is a child process ({@link PeerCall}, or {@code peers/numpy_peer.py}) in a
 * JVM of its own: decomp4j on {@code benchmarks.jar}; each peer on {@code benchmarks/target/classes},
 * the decomp4j jar (the model classes only, none of its natives) and its own dependency set
 * resolved from {@code benchmarks/peers/<name>/pom.xml} (run.sh writes
 * {@code benchmarks/target/peers/<name>.classpath}), so ND4J's OpenBLAS 0.3.19 never meets
 * decomp4j's 0.3.31 and a crash ends only that child. A library whose class path or interpreter
 * is missing is skipped with the reason. Phases, in this order (warm and cold interleaved:
 * libraries in rotating order; the raw results are saved after every point):
 * <ol>
 * <li>info: what each library loaded (backend, native libraries, OpenBLAS version and core);</li>
 * <li>robustness: LU, QR (Q formed), Cholesky and thin SVD at n = 256 and 1024 on a new
 *     default-stack thread, no {@code -Xss}: survived, or the exit status of the crash (first,
 *     because load on a shared machine cannot blur it);</li>
 * <li>warm: per case, one JVM per library: the answer checked, warm-up calls, then timed calls
 *     (median), each call's peak RSS growth and heap allocation;</li>
 * <li>cold: the first call in a fresh JVM, library loading included, median over fresh processes;
 *     capped for a library whose warm median on the case exceeds the profile's cap.</li>
 * </ol>
 * Every side runs with {@code OPENBLAS_NUM_THREADS} = {@code OMP_NUM_THREADS} =
 * {@code peers.threads} (default 2; decomp4j also through {@code decomp4j.threads}) and the
 * parent's {@code OPENBLAS_CORETYPE}, whatever it is. Properties: {@code peers.threads},
 * {@code peers.libs} (comma-separated filter), {@code peers.jar}, {@code peers.classes},
 * {@code peers.decomp4jJar}, {@code peers.cpdir}, {@code peers.python}, {@code peers.numpy}
 * (the script), {@code peers.system} (a line describing the system LAPACK, from run.sh),
 * {@code compare.note}.
 */
public final class NativePeers {
    /**
     * The libraries in report order; NumPy last. {@code lapacke} (raw LAPACKE {@code _work} calls on
     * decomp4j's own OpenBLAS, {@link LapackeLib}) is a warm-only reference that splits a gap in two:
     * decomp4j ÷ LAPACKE is the binding's cost, LAPACKE ÷ a peer the OpenBLAS build and routine.
     */
    static final List<String> LIBS = List.of("decomp4j", "lapacke", "netlib", "netlib-F2J", "jblas", "ND4J", "NumPy");

    /** Measured warm only. */
    static final List<String> WARM_ONLY = List.of("lapacke");

    /** One measured case: an operation on a shape. */
    record Case(Op op, String shape) {
        String label() {
            String s = Shape.parse(shape).square() ? Integer.toString(Shape.parse(shape).rows())
                    : shape.replace('x', '×');
            return switch (op) {
                case SVD_THIN -> "thin SVD " + s;
                case SVD_VALUES -> "values only " + s;
                case QR_Q -> "QR " + s + ", Q formed";
                default -> op.label() + " " + s;
            };
        }
    }

    /** The warm cases, cheapest first (an interrupted run keeps the most cases). */
    static final List<Case> CASES = List.of(new Case(Op.CHOLESKY, "2048"), new Case(Op.LU, "2048"),
            new Case(Op.QR_Q, "2048"), new Case(Op.SVD_THIN, "20000x200"), new Case(Op.SVD_THIN, "1024"),
            new Case(Op.SVD_VALUES, "2048"));

    /** Cold cases: start-up alone (LU 4×4), a small SVD, then the warm cases. */
    static final List<Case> COLD_CASES;

    static {
        List<Case> c = new ArrayList<>(List.of(new Case(Op.LU, "4"), new Case(Op.SVD_THIN, "256")));
        c.addAll(CASES);
        COLD_CASES = List.copyOf(c);
    }

    /** The robustness cases: each operation at each size. */
    static final List<Op> CRASH_OPS = List.of(Op.LU, Op.QR_Q, Op.CHOLESKY, Op.SVD_THIN);
    static final List<String> CRASH_SIZES = List.of("256", "1024");

    /** The smoke profile's cases: the same operations, small (a check of the harness, not a measurement). */
    static final List<Case> SMOKE_CASES = List.of(new Case(Op.SVD_THIN, "128"), new Case(Op.SVD_THIN, "2000x20"),
            new Case(Op.SVD_VALUES, "128"), new Case(Op.LU, "128"), new Case(Op.QR_Q, "128"),
            new Case(Op.CHOLESKY, "128"));

    /** What each phase measures and how long. */
    record Profile(String name, List<Case> cases, List<Case> coldCases, int coldEveryLib, List<String> crashSizes,
                   int warmups, int reps, double seconds, int coldProcesses, double coldCapMs) {
    }

    /** The cold target's pair: measured cold on every case in every profile. */
    static final List<String> COLD_PAIR = List.of("decomp4j", "netlib");

    static Profile profile(String name) {
        return switch (name) {
            // quick: every library cold on LU 4, thin SVD 256 and LU 2048; the other cases only for the pair.
            // Two untimed calls after the answer check's two: with fewer, a ~90 ms call (LU 2048) was still
            // timed while the JIT compiled the library's Java side on one of the two cores
            case "quick" -> new Profile("quick", CASES, COLD_CASES, 3, CRASH_SIZES, 2, 5, 3, 5, 2500);
            case "full" -> new Profile("full", CASES, COLD_CASES, COLD_CASES.size(), CRASH_SIZES, 3, 30, 20, 9,
                    Double.POSITIVE_INFINITY);
            case "smoke" -> new Profile("smoke", SMOKE_CASES, List.of(new Case(Op.LU, "4")), 1, List.of("256"), 0, 3,
                    1, 2, Double.POSITIVE_INFINITY);
            default -> throw new IllegalArgumentException("profile must be quick, full or smoke: " + name);
        };
    }

    /** What one library loaded, from its {@code info} child. */
    public static final class LibInfo {
        public String lib;
        public String version = "";
        public String backend = "";
        public List<String> natives = new ArrayList<>();
        public List<String> cores = new ArrayList<>();
        public String openblasConfig = "";
        /** Null when usable; otherwise why the library was left out. */
        public String skipped;
    }

    /** One warm point: per-call samples. */
    public static final class Warm {
        public String lib;
        public String op;
        public String shape;
        public String backend;
        public List<Double> ms = new ArrayList<>();
        public List<Double> rss = new ArrayList<>();
        public List<Double> heap = new ArrayList<>();
        public String skipped;
    }

    /** One cold point: one sample per fresh process. */
    public static final class Cold {
        public String lib;
        public String op;
        public String shape;
        public List<Double> first = new ArrayList<>();
        /** NumPy: the {@code import numpy} time of each process. */
        public List<Double> imports = new ArrayList<>();
        public List<Double> uptime = new ArrayList<>();
        public List<Double> rssFirst = new ArrayList<>();
        public List<String> failures = new ArrayList<>();
        public String skipped;
    }

    /** One robustness point. */
    public static final class Crash {
        public String lib;
        public String op;
        public String shape;
        public int exit;
        /** "survived", "crashed", "failed" (a Java exception or wrong answer) or "skipped". */
        public String outcome;
        public String detail = "";
    }

    /** The raw results file. */
    public static final class Raw {
        public String kind = "native-peers";
        /** Empty for the main run; otherwise the suffix of a side run's files (no README update). */
        public String tag = "";
        /** The phases run ({@code peers.phases}) and the library filter ({@code peers.libs}), for the command line. */
        public String phases = "warm,cold,crash";
        public String libsFilter = "";
        public String profile;
        public Machine machine;
        public int threads;
        public String coretype;
        public String system = "";
        public List<Case> cases;
        public List<Case> coldCases;
        public List<String> crashSizes;
        public Map<String, LibInfo> libs = new LinkedHashMap<>();
        public List<Warm> warm = new ArrayList<>();
        public List<Cold> cold = new ArrayList<>();
        public List<Crash> crash = new ArrayList<>();
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        Profile prof = profile(args.length > 0 ? args[0] : "quick");
        Path rawDir = Path.of(args.length > 1 ? args[1] : "benchmarks/results/raw");
        Files.createDirectories(rawDir);
        int threads = Integer.getInteger("peers.threads", 2);
        String filter = System.getProperty("peers.libs", "");
        List<String> libs = new ArrayList<>();
        for (String l : LIBS) {
            if (filter.isBlank() || Arrays.asList(filter.split(",")).contains(l)) {
                libs.add(l);
            }
        }
        Raw raw = new Raw();
        raw.profile = prof.name();
        raw.cases = prof.cases();
        raw.coldCases = prof.coldCases();
        raw.crashSizes = prof.crashSizes();
        raw.threads = threads;
        raw.coretype = System.getenv().getOrDefault("OPENBLAS_CORETYPE", "(not set)");
        raw.system = System.getProperty("peers.system", "");
        raw.machine = Machine.describe(threads);
        raw.machine.note = System.getProperty("compare.note", "");
        // a tagged run (e.g. warm only, a few libraries, to study a gap) writes beside the main report
        String tag = System.getProperty("peers.tag", "");
        List<String> phases = List.of(System.getProperty("peers.phases", "warm,cold,crash").split(","));
        raw.tag = tag;
        raw.phases = String.join(",", phases);
        raw.libsFilter = filter;
        Path json = rawDir.resolve("native-peers-" + prof.name() + (tag.isBlank() ? "" : "-" + tag) + ".json");
        NativePeers run = new NativePeers(rawDir, threads);
        long start = System.nanoTime();

        for (String l : libs) {
            LibInfo info = run.info(l);
            raw.libs.put(l, info);
            log(start, l + " info: " + (info.skipped != null ? "skipped: " + info.skipped
                    : info.backend + " " + info.cores + " " + info.natives));
        }
        List<String> usable = libs.stream().filter(l -> raw.libs.get(l).skipped == null).toList();
        save(json, raw);

        // robustness first: the result that load on a shared machine cannot blur
        List<String> crashLibs = usable.stream().filter(l -> !WARM_ONLY.contains(l)).toList();
        for (Op op : phases.contains("crash") ? CRASH_OPS : List.<Op>of()) {
            for (String n : prof.crashSizes()) {
                for (String l : crashLibs) {
                    Crash cr = run.crash(l, new Case(op, n));
                    raw.crash.add(cr);
                    log(start, String.format("robustness %-10s %-9s %-5s %s (exit %d) %s", l, op, n, cr.outcome,
                            cr.exit, cr.detail));
                    save(json, raw);
                }
            }
        }
        for (int c = 0; phases.contains("warm") && c < prof.cases().size(); c++) {
            Case cs = prof.cases().get(c);
            for (String l : rotate(usable, c)) {
                Warm w = run.warm(l, cs, prof);
                raw.warm.add(w);
                log(start, String.format("warm %-10s %-22s %s", l, cs.label(), w.skipped != null ? w.skipped
                        : String.format("median %.4g ms of %d, peak RSS +%.1f MiB", Point.quantile(w.ms, 0.5),
                                w.ms.size(), Point.quantile(w.rss, 0.5) / 1048576)));
                save(json, raw);
            }
        }

        List<String> coldLibs = usable.stream().filter(l -> !WARM_ONLY.contains(l)).toList();
        for (int c = 0; c < prof.coldCases().size(); c++) {
            Case cs = prof.coldCases().get(c);
            for (String l : coldLibs) {
                Cold cd = new Cold();
                cd.lib = l;
                cd.op = cs.op().name();
                cd.shape = cs.shape();
                Warm w = find(raw.warm, l, cs);
                if (w != null && w.skipped != null) {
                    cd.skipped = w.skipped;
                } else if (w != null && Point.quantile(w.ms, 0.5) > prof.coldCapMs()) {
                    cd.skipped = String.format("capped: warm median %.0f ms above the profile's %.0f ms", 
                            Point.quantile(w.ms, 0.5), prof.coldCapMs());
                } else if (!supports(l, cs.op(), cs.shape())) {
                    cd.skipped = "cannot";
                } else if (c >= prof.coldEveryLib() && !COLD_PAIR.contains(l)) {
                    cd.skipped = "profile " + prof.name() + ": this case only for decomp4j and netlib JNI (the cold "
                            + "target's pair; `run.sh peers full` measures every library)";
                }
                raw.cold.add(cd);
            }
        }
        for (int rep = 0; phases.contains("cold") && rep < prof.coldProcesses(); rep++) {
            for (int c = 0; c < prof.coldCases().size(); c++) {
                Case cs = prof.coldCases().get(c);
                for (String l : rotate(coldLibs, rep + c)) {
                    Cold cd = findCold(raw.cold, l, cs);
                    if (cd.skipped == null) {
                        run.cold(cd, cs);
                    }
                }
            }
            log(start, "cold: round " + (rep + 1) + " of " + prof.coldProcesses() + " done");
            save(json, raw);
        }

        raw.machine.finish();
        save(json, raw);
        Path results = rawDir.toAbsolutePath().getParent();
        PeersReport.write(results, raw);
        System.out.println("wrote " + results.resolve(PeersReport.md(raw)));
    }

    private static void log(long start, String line) {
        System.out.printf("[%4.0f s] %s%n", (System.nanoTime() - start) / 1e9, line);
    }

    static List<String> rotate(List<String> xs, int by) {
        List<String> r = new ArrayList<>(xs);
        if (!r.isEmpty()) {
            java.util.Collections.rotate(r, -(by % r.size()));
        }
        return r;
    }

    static Warm find(List<Warm> ws, String lib, Case c) {
        for (Warm w : ws) {
            if (w.lib.equals(lib) && w.op.equals(c.op().name()) && w.shape.equals(c.shape())) {
                return w;
            }
        }
        return null;
    }

    static Cold findCold(List<Cold> cs, String lib, Case c) {
        for (Cold x : cs) {
            if (x.lib.equals(lib) && x.op.equals(c.op().name()) && x.shape.equals(c.shape())) {
                return x;
            }
        }
        return null;
    }

    /** Whether the library measures this case (ND4J's gesvd cannot do a thin SVD of a tall matrix). */
    static boolean supports(String lib, Op op, String shape) {
        if (lib.equals("lapacke")) {
            return op != Op.QR_Q; // RawLapacke does not form Q
        }
        // Nd4jLib.supports's rule, repeated so that the parent never loads ND4J's classes
        Shape s = Shape.parse(shape);
        return !(lib.equals("ND4J") && op == Op.SVD_THIN && s.rows() > 4 * s.cols());
    }

    // ---- children ----

    private final Path rawDir;
    private final int threads;

    private NativePeers(Path rawDir, int threads) {
        this.rawDir = rawDir;
        this.threads = threads;
    }

    /** The child's output: its {@code peer} lines, the rest (last lines kept) and its exit status. */
    record Child(Map<String, String> peer, List<String> other, int exit, boolean timedOut) {
    }

    /** The command that runs a library's child, or null with the reason in {@code why[0]}. */
    List<String> command(String lib, boolean defaultStack, String[] why) {
        List<String> cmd = new ArrayList<>();
        if (lib.equals("NumPy")) {
            String py = System.getProperty("peers.python", "python3");
            String script = System.getProperty("peers.numpy", "benchmarks/peers/numpy_peer.py");
            if (!Files.exists(Path.of(script))) {
                why[0] = "no " + script;
                return null;
            }
            cmd.add(py);
            cmd.add(script);
            return cmd;
        }
        String cp;
        if (lib.equals("decomp4j") || lib.equals("lapacke")) {
            cp = System.getProperty("peers.jar", "benchmarks/target/benchmarks.jar");
        } else {
            String name = lib.startsWith("netlib") ? "netlib" : lib.toLowerCase(Locale.ROOT);
            Path file = Path.of(System.getProperty("peers.cpdir", "benchmarks/target/peers"), name + ".classpath");
            if (!Files.exists(file)) {
                why[0] = "no class path " + file + " (run.sh resolves it from benchmarks/peers/" + name + "/pom.xml)";
                return null;
            }
            try {
                String deps = Files.readString(file).trim();
                if (deps.contains("openblas-0.3.31") || deps.contains("openblas/0.3.31")) {
                    why[0] = "its class path holds decomp4j's OpenBLAS 0.3.31";
                    return null;
                }
                cp = System.getProperty("peers.classes", "benchmarks/target/classes") + java.io.File.pathSeparator
                        + System.getProperty("peers.decomp4jJar", "target/decomp4j-0.1.0-SNAPSHOT.jar")
                        + java.io.File.pathSeparator + deps;
            } catch (IOException e) {
                why[0] = e.toString();
                return null;
            }
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (!defaultStack) {
            cmd.add("-Xss16m");
        }
        cmd.add("-Xmx4g");
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-Ddecomp4j.threads=" + threads);
        cmd.add("-XX:ErrorFile=" + rawDir.toAbsolutePath().resolve("hs_err_pid%p.log"));
        cmd.add("-XX:-CreateCoredumpOnCrash");
        cmd.add("-cp");
        cmd.add(cp);
        cmd.add(PeerCall.class.getName());
        cmd.add(lib);
        return cmd;
    }

    Child exec(List<String> cmd, boolean verbose, long timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
        env.put("OMP_NUM_THREADS", Integer.toString(threads));
        env.put("MKL_NUM_THREADS", Integer.toString(threads));
        if (verbose) {
            env.put("OPENBLAS_VERBOSE", "2");
        } else {
            env.remove("OPENBLAS_VERBOSE");
        }
        Path outFile = Files.createTempFile(rawDir, "child", ".out");
        pb.redirectOutput(outFile.toFile());
        Process p = pb.start();
        boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
            p.waitFor();
        }
        List<String> lines = Files.readAllLines(outFile, StandardCharsets.UTF_8);
        Files.delete(outFile);
        Map<String, String> peer = new LinkedHashMap<>();
        List<String> other = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("peer ")) {
                String rest = line.substring(5);
                int sp = rest.indexOf(' ');
                String k = sp < 0 ? rest : rest.substring(0, sp);
                String v = sp < 0 ? "" : rest.substring(sp + 1);
                peer.merge(k, v, (a, b) -> a + "\n" + b);
            } else if (!line.isBlank() && !line.startsWith("SLF4J:")) {
                other.add(line);
            }
        }
        return new Child(peer, other, p.exitValue(), !done);
    }

    private static List<String> args(String mode, Case c, String... more) {
        List<String> a = new ArrayList<>(List.of(mode, c.op().name(), c.shape()));
        a.addAll(List.of(more));
        return a;
    }

    /** Python's script takes MODE first; PeerCall takes LIB MODE (LIB already in the command). */
    private List<String> full(String lib, boolean defaultStack, List<String> args, String[] why) {
        List<String> cmd = command(lib, defaultStack, why);
        if (cmd != null) {
            cmd.addAll(args);
        }
        return cmd;
    }

    LibInfo info(String lib) throws IOException, InterruptedException {
        LibInfo info = new LibInfo();
        info.lib = lib;
        String[] why = new String[1];
        List<String> cmd = full(lib, false, args("info", new Case(Op.LU, "64")), why);
        if (cmd == null) {
            info.skipped = why[0];
            return info;
        }
        Child ch = exec(cmd, true, 600);
        if (ch.exit != 0 || !ch.peer.containsKey("backend")) {
            info.skipped = "did not run (exit " + ch.exit + "): " + tail(ch.other);
            return info;
        }
        info.backend = ch.peer.getOrDefault("backend", "");
        info.version = ch.peer.getOrDefault("version", "");
        info.openblasConfig = ch.peer.getOrDefault("openblas.config", "");
        if (ch.peer.containsKey("native")) {
            info.natives.addAll(List.of(ch.peer.get("native").split("\n")));
        }
        for (String l : ch.other) {
            if (l.trim().startsWith("Core:")) {
                info.cores.add(l.trim().substring(5).trim());
            }
        }
        if (lib.equals("netlib") && !info.backend.startsWith("JNI")) {
            info.skipped = "no system LAPACK loaded: netlib-java fell back to " + info.backend
                    + " (measured as netlib-F2J)";
        }
        return info;
    }

    Warm warm(String lib, Case c, Profile prof) throws IOException, InterruptedException {
        Warm w = new Warm();
        w.lib = lib;
        w.op = c.op().name();
        w.shape = c.shape();
        if (lib.equals("lapacke") && !supports(lib, c.op(), c.shape())) {
            w.skipped = "not measured: raw LAPACKE here has no Q-forming call";
            return w;
        }
        if (!supports(lib, c.op(), c.shape())) {
            Shape s = Shape.parse(c.shape());
            w.skipped = String.format("cannot: ND4J's gesvd forms the full m×m U (%.1f GB for %s)",
                    8.0 * s.rows() * s.rows() / 1e9, c.label());
            return w;
        }
        String[] why = new String[1];
        List<String> cmd = full(lib, false, args("warm", c, Integer.toString(prof.warmups()),
                Integer.toString(prof.reps()), Double.toString(prof.seconds())), why);
        Child ch = exec(cmd, false, 1800);
        if (ch.exit != 0 || !ch.peer.containsKey("ms")) {
            w.skipped = (ch.timedOut ? "timed out" : "failed (exit " + ch.exit + ")") + ": " + tail(ch.other);
            return w;
        }
        w.backend = ch.peer.get("backend");
        w.ms = doubles(ch.peer.get("ms"));
        w.rss = doubles(ch.peer.get("rss"));
        w.heap = ch.peer.containsKey("heap") ? doubles(ch.peer.get("heap")) : List.of();
        return w;
    }

    void cold(Cold cd, Case c) throws IOException, InterruptedException {
        String[] why = new String[1];
        Child ch = exec(full(cd.lib, false, args("cold", c), why), false, 1800);
        if (ch.exit != 0 || !ch.peer.containsKey("first")) {
            cd.failures.add("exit " + ch.exit + ": " + tail(ch.other));
            return;
        }
        cd.first.add(Double.parseDouble(ch.peer.get("first")));
        cd.uptime.add(Double.parseDouble(ch.peer.get("uptime")));
        cd.rssFirst.add(Double.parseDouble(ch.peer.get("rssFirst")));
        if (ch.peer.containsKey("import")) {
            cd.imports.add(Double.parseDouble(ch.peer.get("import")));
        }
    }

    Crash crash(String lib, Case c) throws IOException, InterruptedException {
        Crash cr = new Crash();
        cr.lib = lib;
        cr.op = c.op().name();
        cr.shape = c.shape();
        if (!supports(lib, c.op(), c.shape())) {
            cr.outcome = "skipped";
            return cr;
        }
        String[] why = new String[1];
        Child ch = exec(full(lib, true, args("crash", c), why), false, 1800);
        cr.exit = ch.exit;
        if (ch.exit == 0 && ch.peer.containsKey("survived")) {
            cr.outcome = "survived";
        } else if (ch.peer.containsKey("failed")) {
            cr.outcome = "failed";
            cr.detail = ch.peer.get("failed");
        } else {
            cr.outcome = ch.timedOut ? "timed out" : "crashed";
            String printed = tail(ch.other);
            cr.detail = signal(ch.exit) + (ch.peer.containsKey("started") ? "" : " before the call")
                    + (printed.isEmpty() ? ", nothing printed" : "; " + printed);
        }
        return cr;
    }

    static String signal(int exit) {
        return switch (exit) {
            case 134 -> "SIGABRT";
            case 137 -> "SIGKILL";
            case 139 -> "SIGSEGV";
            case 135 -> "SIGBUS";
            default -> exit > 128 ? "signal " + (exit - 128) : "exit " + exit;
        };
    }

    private static String tail(List<String> lines) {
        StringBuilder b = new StringBuilder();
        for (String l : lines.subList(Math.max(0, lines.size() - 3), lines.size())) {
            b.append(b.length() == 0 ? "" : " | ").append(l.trim());
        }
        return b.length() > 300 ? b.substring(0, 300) + "…" : b.toString();
    }

    private static List<Double> doubles(String csv) {
        List<Double> r = new ArrayList<>();
        if (csv != null && !csv.isBlank()) {
            for (String s : csv.split(",")) {
                r.add(Double.parseDouble(s));
            }
        }
        return r;
    }

    static void save(Path json, Raw raw) throws IOException {
        Gson gson = new GsonBuilder().serializeSpecialFloatingPointValues().create();
        Path tmp = json.resolveSibling(json.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp)) {
            gson.toJson(raw, w);
        }
        Files.move(tmp, json, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static Raw load(Path json) throws IOException {
        try (var r = Files.newBufferedReader(json)) {
            return new Gson().fromJson(r, Raw.class);
        }
    }
}
