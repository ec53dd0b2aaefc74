package org.decomp4j.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The native-peer comparison's report ({@link NativePeers}'s raw results): writes
 * {@code native-peers.md} and the chart {@code native-peers.png} beside {@code RESULTS.md}, and
 * the README's table between {@code <!-- peers:begin -->} and {@code <!-- peers:end -->}.
 * {@link Report#main} sends a {@code native-peers-*.json} file here, so a run re-renders with
 * {@code Report benchmarks/results/raw/native-peers-quick.json}.
 */
final class PeersReport {
    static final String MD = "native-peers.md";
    static final String CHART = "native-peers.png";
    static final String BEGIN = "<!-- peers:begin -->";
    static final String END = "<!-- peers:end -->";
    /** The native JVM peers the warm target compares with (NumPy and F2J are not among them). */
    static final List<String> NATIVE_JVM = List.of("netlib", "jblas", "ND4J");

    private PeersReport() {
    }

    static String label(String lib) {
        return switch (lib) {
            case "netlib" -> "netlib JNI";
            case "netlib-F2J" -> "netlib F2J";
            case "lapacke" -> "LAPACKE";
            default -> lib;
        };
    }

    private static List<String> libs(NativePeers.Raw raw) {
        List<String> r = new ArrayList<>();
        for (String l : NativePeers.LIBS) {
            NativePeers.LibInfo i = raw.libs.get(l);
            if (i != null && i.skipped == null) {
                r.add(l);
            }
        }
        return r;
    }

    static double median(List<Double> xs) {
        return xs == null || xs.isEmpty() ? Double.NaN : Point.quantile(xs, 0.5);
    }

    /** The command that reproduces this run. */
    static String command(NativePeers.Raw raw) {
        List<String> opts = new ArrayList<>();
        if (raw.libsFilter != null && !raw.libsFilter.isBlank()) {
            opts.add("-Dpeers.libs=" + raw.libsFilter);
        }
        if (raw.phases != null && !raw.phases.equals("warm,cold,crash")) {
            opts.add("-Dpeers.phases=" + raw.phases);
        }
        if (raw.tag != null && !raw.tag.isBlank()) {
            opts.add("-Dpeers.tag=" + raw.tag);
        }
        return (opts.isEmpty() ? "" : "JAVA_OPTS='" + String.join(" ", opts) + "' ") + "benchmarks/run.sh peers "
                + raw.profile;
    }

    /** The report's file name: {@link #MD}, or with the side run's tag. */
    static String md(NativePeers.Raw raw) {
        return raw.tag == null || raw.tag.isBlank() ? MD : "native-peers-" + raw.tag + ".md";
    }

    static NativePeers.Warm warm(NativePeers.Raw raw, String lib, NativePeers.Case c) {
        NativePeers.Warm w = NativePeers.find(raw.warm, lib, c);
        return w == null || w.skipped != null || w.ms.isEmpty() ? null : w;
    }

    static void write(Path dir, NativePeers.Raw raw) throws IOException {
        Files.createDirectories(dir);
        List<String> libs = libs(raw);
        Machine m = raw.machine;
        StringBuilder md = new StringBuilder();
        md.append("# decomp4j against the native-backed JVM libraries (and NumPy)\n\n");
        if (raw.tag != null && !raw.tag.isBlank()) {
            md.append("Side run `").append(raw.tag).append("` (`-Dpeers.tag`): only the libraries and phases "
                    + "listed below.\n\n");
        }
        md.append("Profile `").append(raw.profile).append("`, measured ").append(m.started).append(" to ")
                .append(m.finished).append(" with `").append(command(raw)).append("` (issue 22).\n\n");
        if (m.finished == null) {
            md.append("> **Interrupted run:** the raw results end before the last phase finished; what is missing "
                    + "below was not measured.\n\n");
        }
        md.append("**Machine:** ").append(String.format("%s, %d processors, %s memory; %s; %s", m.cpu, m.processors,
                m.memory, m.os, m.jvm)).append(". **Every side:** float64, ").append(raw.threads)
                .append(" OpenBLAS threads (`OPENBLAS_NUM_THREADS` = `OMP_NUM_THREADS` = ").append(raw.threads)
                .append(", decomp4j also `-Ddecomp4j.threads`), `OPENBLAS_CORETYPE=").append(raw.coretype)
                .append("` as the machine sets it, each library in a JVM (process) of its own.");
        if (!raw.system.isBlank()) {
            md.append(" System LAPACK: ").append(raw.system).append('.');
        }
        md.append("\n\n");
        if (m.note != null && !m.note.isBlank()) {
            md.append("**Note:** ").append(m.note).append("\n\n");
        }
        if (m.busy()) {
            md.append(String.format("> **Measured on a busy machine:** the 1-minute load average was %.2f before the "
                    + "first run (%.2f at the end) on %d processors: other work competed for the CPUs, so the figures "
                    + "are noisier and slower than on an idle machine. Ratios between libraries measured minutes "
                    + "apart carry that drift.%n%n", m.loadStart, m.loadEnd, m.processors));
        } else {
            md.append(String.format("Load average before the first run: %.2f (%.2f at the end).%n%n", m.loadStart,
                    m.loadEnd));
        }
        if (raw.tag == null || raw.tag.isBlank()) {
            md.append("![warm median per call, log scale](").append(CHART).append(")\n\n");
        }

        md.append("## What each library loaded\n\n");
        md.append("From each library's own child process after one call: the backend it reports, the OpenBLAS "
                + "version found in the shared libraries mapped into the process (`/proc/self/maps`), and the core "
                + "a `DYNAMIC_ARCH` OpenBLAS printed at load (`OPENBLAS_VERBOSE=2`).\n\n");
        md.append("| library | version | backend that ran | OpenBLAS loaded | core |\n|---|---|---|---|---|\n");
        for (String l : NativePeers.LIBS) {
            NativePeers.LibInfo i = raw.libs.get(l);
            if (i == null) {
                continue;
            }
            if (i.skipped != null) {
                md.append("| ").append(label(l)).append(" | | **skipped:** ").append(i.skipped).append(" | | |\n");
                continue;
            }
            List<String> blas = new ArrayList<>();
            for (String n : i.natives) {
                int p = n.indexOf(" (");
                if (p > 0) {
                    blas.add("`" + n.substring(n.lastIndexOf('/', p) + 1, p) + "` " + n.substring(p + 1));
                }
            }
            if (!i.openblasConfig.isBlank()) {
                blas.add(i.openblasConfig);
            }
            md.append(String.format("| %s | %s | %s | %s | %s |%n", label(l), i.version, i.backend,
                    String.join("; ", blas), String.join(", ", new java.util.LinkedHashSet<>(i.cores))));
        }
        md.append("\nHow each is called: ");
        md.append("decomp4j — `Svd.of`, `Svd.values`, `Lu.of`, `Qr.of` + `q()` + `r()`, `Cholesky.of` (defaults: "
                + "input copied and scanned for NaN/Inf, results closed); netlib-java — `dgesdd` (S / N), `dgetrf`, "
                + "`dgeqrf` + `dorgqr`, `dpotrf` on `double[]`, workspace queried per call; jblas — "
                + "`Singular.sparseSVD` (dgesvd), `Singular.SVDValues`, `Decompose.lu` (P formed), `Decompose.qr` "
                + "(m×m Q), `Decompose.cholesky`; ND4J — `lapack().gesvd` (full m×m U), `getrf`, `geqrf(A, R)`, "
                + "`potrf` on `A.dup('f')`; NumPy — `linalg.svd(full_matrices=False)` (gesdd), "
                + "`svd(compute_uv=False)`, `scipy.linalg.lu_factor`, `linalg.qr` (reduced), `linalg.cholesky`.\n\n");

        // warm
        md.append("## Warm: median ms per call\n\n");
        md.append("One JVM per library and case: the answer checked (the comparison's `Check` probes), warm-up calls, "
                + "then timed calls (median; the number of calls in brackets). `(×)` = time ÷ decomp4j's. "
                + "Target: decomp4j ≤ 1.00× the fastest native JVM peer (netlib JNI, jblas, ND4J). "
                + "LAPACKE is the reference that splits a gap: the same routine through raw LAPACKE `_work` calls with "
                + "preallocated buffers on decomp4j's own OpenBLAS, so decomp4j ÷ LAPACKE is what the binding costs "
                + "(copy, NaN/Inf scan, sign flip, marshalling) and LAPACKE ÷ the peer what the OpenBLAS build and "
                + "the routine choice cost.\n\n");
        md.append("| case |");
        for (String l : libs) {
            md.append(' ').append(label(l)).append(" |");
        }
        md.append(" decomp4j ÷ fastest native JVM peer | decomp4j ÷ LAPACKE (binding) | LAPACKE ÷ that peer (build, "
                + "routine) |\n|---|").append("---:|".repeat(libs.size())).append("---|---:|---:|\n");
        for (NativePeers.Case c : raw.cases) {
            md.append("| ").append(c.label()).append(" |");
            NativePeers.Warm d = warm(raw, "decomp4j", c);
            double fastest = Double.POSITIVE_INFINITY;
            String who = "";
            for (String l : libs) {
                NativePeers.Warm w = warm(raw, l, c);
                NativePeers.Warm any = NativePeers.find(raw.warm, l, c);
                if (w == null) {
                    md.append(any != null && any.skipped != null && any.skipped.startsWith("cannot") ? " cannot |"
                            : " — |");
                    continue;
                }
                double t = median(w.ms);
                md.append(' ').append(Report.fmt(t));
                if (d != null && !l.equals("decomp4j")) {
                    md.append(String.format(" (%.2f)", t / median(d.ms)));
                }
                md.append(String.format(" [%d] |", w.ms.size()));
                if (NATIVE_JVM.contains(l) && t < fastest) {
                    fastest = t;
                    who = label(l);
                }
            }
            NativePeers.Warm raw0 = warm(raw, "lapacke", c);
            if (d != null && !who.isEmpty()) {
                double r = median(d.ms) / fastest;
                md.append(String.format(" %.2f (%s) — %s |", r, who, r <= 1.0 ? "met" : "missed"));
            } else {
                md.append(" |");
            }
            md.append(d != null && raw0 != null ? String.format(" %.2f |", median(d.ms) / median(raw0.ms)) : " |");
            md.append(raw0 != null && !who.isEmpty() ? String.format(" %.2f |%n", median(raw0.ms) / fastest) : " |\n");
        }
        md.append('\n');

        // memory
        md.append("## Peak memory per call (warm)\n\n");
        md.append("MiB per call, median over the timed calls: the growth of the process's peak resident set during "
                + "the call (peak reset through `/proc/self/clear_refs` before it: heap and native memory together), "
                + "then `/` the Java heap the calling thread allocated (`ThreadMXBean`; NumPy: —). A library that "
                + "reuses memory it kept from earlier calls (decomp4j's buffer pool, ND4J's workspaces, the JVM "
                + "heap) shows only what it newly touched.\n\n");
        md.append("| case |");
        for (String l : libs) {
            md.append(' ').append(label(l)).append(" |");
        }
        md.append("\n|---|").append("---:|".repeat(libs.size())).append('\n');
        for (NativePeers.Case c : raw.cases) {
            md.append("| ").append(c.label()).append(" |");
            for (String l : libs) {
                NativePeers.Warm w = warm(raw, l, c);
                if (w == null) {
                    md.append(" — |");
                    continue;
                }
                md.append(String.format(" %s / %s |", mib(median(w.rss)), w.heap.isEmpty() ? "—" : mib(median(w.heap))));
            }
            md.append('\n');
        }
        md.append('\n');

        List<String> coldLibs = libs.stream().filter(l -> !NativePeers.WARM_ONLY.contains(l)).toList();
        // cold
        int procs = 0;
        for (NativePeers.Cold c : raw.cold) {
            procs = Math.max(procs, c.first.size());
        }
        md.append("## Cold: the first call in a fresh process\n\n");
        md.append(String.format("Median over %d fresh processes per cell, ms: from before the input enters the "
                + "library's own type (library classes and natives loaded on the way) to the end of the first call; "
                + "the seeded input is built first, in plain Java (NumPy: after `import numpy`, so the cell shows "
                + "first call / `import numpy` + first call). · = not in this profile (see below). Target: decomp4j ≤ 1.00× "
                + "netlib JNI.%n%n", procs));
        md.append("| case |");
        for (String l : coldLibs) {
            md.append(' ').append(label(l)).append(" |");
        }
        md.append(" decomp4j ÷ netlib JNI |\n|---|").append("---:|".repeat(coldLibs.size())).append("---|\n");
        for (NativePeers.Case c : raw.coldCases) {
            md.append("| ").append(c.label()).append(" |");
            double dm = Double.NaN;
            double nm = Double.NaN;
            for (String l : coldLibs) {
                NativePeers.Cold cd = NativePeers.findCold(raw.cold, l, c);
                if (cd == null || cd.first.isEmpty()) {
                    md.append(cd != null && cd.skipped != null ? (cd.skipped.startsWith("capped") ? " capped |"
                            : cd.skipped.startsWith("cannot") ? " cannot |" : " · |")
                            : cd == null || cd.failures.isEmpty() ? " — |" : " failed |");
                    continue;
                }
                double t = median(cd.first);
                if (l.equals("decomp4j")) {
                    dm = t;
                }
                if (l.equals("netlib")) {
                    nm = t;
                }
                if (!cd.imports.isEmpty()) {
                    double both = 0;
                    List<Double> sum = new ArrayList<>();
                    for (int i = 0; i < cd.first.size() && i < cd.imports.size(); i++) {
                        sum.add(cd.first.get(i) + cd.imports.get(i));
                    }
                    both = median(sum);
                    md.append(' ').append(Report.fmt(t)).append(" / ").append(Report.fmt(both)).append(" |");
                } else {
                    md.append(' ').append(Report.fmt(t)).append(" |");
                }
            }
            if (!Double.isNaN(dm) && !Double.isNaN(nm)) {
                double r = dm / nm;
                md.append(String.format(" %.2f — %s |%n", r, r <= 1.0 ? "met" : "missed"));
            } else {
                md.append(" |\n");
            }
        }
        md.append("\nThe first-call memory (peak RSS growth from just before the library is touched, MiB, median): ");
        List<String> mem = new ArrayList<>();
        for (String l : coldLibs) {
            List<Double> all = new ArrayList<>();
            for (NativePeers.Cold cd : raw.cold) {
                if (cd.lib.equals(l) && cd.op.equals("LU") && cd.shape.equals("4")) {
                    all.addAll(cd.rssFirst);
                }
            }
            if (!all.isEmpty()) {
                mem.add(label(l) + " " + mib(median(all)));
            }
        }
        md.append("LU 4×4 — ").append(String.join(", ", mem)).append(".\n\n");

        // robustness
        md.append("## Robustness: a call from a thread with Java's default stack\n\n");
        md.append(String.format("Each cell is one fresh process: the call made on a `new Thread` with the default "
                + "stack and no `-Xss`, %d OpenBLAS threads; *survived* means it returned a checked answer. A crash "
                + "kills the whole JVM, which no `try` can catch: the exit status is what the harness saw "
                + "(139 = SIGSEGV, 134 = SIGABRT after the JVM's error report).%n%n", raw.threads));
        md.append("| operation | n |");
        for (String l : coldLibs) {
            md.append(' ').append(label(l)).append(" |");
        }
        md.append("\n|---|---|").append("---|".repeat(coldLibs.size())).append('\n');
        for (Op op : NativePeers.CRASH_OPS) {
            for (String n : raw.crashSizes) {
                md.append("| ").append(new NativePeers.Case(op, n).label().replaceAll(" \\d+", "")).append(" | ")
                        .append(n).append(" |");
                for (String l : coldLibs) {
                    NativePeers.Crash cr = null;
                    for (NativePeers.Crash x : raw.crash) {
                        if (x.lib.equals(l) && x.op.equals(op.name()) && x.shape.equals(n)) {
                            cr = x;
                        }
                    }
                    md.append(' ').append(cell(cr)).append(" |");
                }
                md.append('\n');
            }
        }
        md.append('\n');
        List<String> details = new ArrayList<>();
        for (NativePeers.Crash cr : raw.crash) {
            if (!cr.outcome.equals("survived") && !cr.outcome.equals("skipped")) {
                details.add(String.format("- %s %s %s: %s, exit %d. %s", label(cr.lib), cr.op, cr.shape, cr.outcome,
                        cr.exit, cr.detail));
            }
        }
        if (!details.isEmpty()) {
            md.append("What the crashed processes printed last:\n\n").append(String.join("\n", details)).append("\n\n");
        }

        // not measured
        List<String> notMeasured = new ArrayList<>();
        for (NativePeers.Warm w : raw.warm) {
            if (w.skipped != null) {
                notMeasured.add("- warm " + label(w.lib) + " " + w.op + " " + w.shape + ": " + w.skipped);
            }
        }
        boolean coldRan = raw.cold.stream().anyMatch(c -> !c.first.isEmpty() || !c.failures.isEmpty());
        for (NativePeers.Cold c : coldRan ? raw.cold : List.<NativePeers.Cold>of()) {
            if (c.skipped != null && !c.skipped.startsWith("profile")) {
                notMeasured.add("- cold " + label(c.lib) + " " + c.op + " " + c.shape + ": " + c.skipped);
            }
            for (String f : c.failures) {
                notMeasured.add("- cold " + label(c.lib) + " " + c.op + " " + c.shape + ", a process failed: " + f);
            }
        }
        for (NativePeers.Cold c : coldRan ? raw.cold : List.<NativePeers.Cold>of()) {
            if (c.skipped != null && c.skipped.startsWith("profile")) {
                notMeasured.add("- cold: " + c.skipped.substring(c.skipped.indexOf(':') + 2)
                        + " — the cells marked ·");
                break;
            }
        }
        if (!notMeasured.isEmpty()) {
            md.append("## Not measured\n\n").append(String.join("\n", notMeasured)).append("\n\n");
        }
        String rawName = "native-peers-" + raw.profile + (raw.tag == null || raw.tag.isBlank() ? "" : "-" + raw.tag)
                + ".json";
        md.append("Raw samples: `benchmarks/results/raw/").append(rawName).append("` (not committed); `java -cp "
                + "benchmarks/target/benchmarks.jar org.decomp4j.bench.compare.Report benchmarks/results/raw/")
                .append(rawName).append("` re-renders this page").append(raw.tag == null || raw.tag.isBlank()
                        ? ", the chart and the README table" : "").append(".\n");
        Report.writeAtomically(dir.resolve(md(raw)), md.toString());
        if (raw.tag != null && !raw.tag.isBlank()) {
            return; // a side run: no chart, README untouched
        }
        chart(dir.resolve(CHART), raw, libs);
        Path readme = dir.toAbsolutePath().getParent().getParent().resolve("README.md");
        if (Files.exists(readme)) {
            String r = Files.readString(readme);
            int b = r.indexOf(BEGIN);
            int e = r.indexOf(END);
            if (b >= 0 && e > b) {
                Report.writeAtomically(readme, r.substring(0, b + BEGIN.length()) + "\n" + readmeTable(raw, libs)
                        + r.substring(e));
            }
        }
    }

    private static String cell(NativePeers.Crash cr) {
        if (cr == null) {
            return "";
        }
        return switch (cr.outcome) {
            case "survived" -> "survived";
            case "skipped" -> "—";
            case "crashed" -> String.format("**crashed** (exit %d, %s)", cr.exit, NativePeers.signal(cr.exit));
            default -> "**" + cr.outcome + "** (exit " + cr.exit + ")";
        };
    }

    static String mib(double bytes) {
        if (Double.isNaN(bytes) || bytes < 0) {
            return "—";
        }
        double v = bytes / 1048576;
        return v >= 10 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    /** The README's compact table: warm medians with ratios, cold LU 4×4, and the robustness summary. */
    static String readmeTable(NativePeers.Raw raw, List<String> libs) {
        libs = libs.stream().filter(l -> !NativePeers.WARM_ONLY.contains(l)).toList();
        StringBuilder t = new StringBuilder();
        Machine m = raw.machine;
        t.append("Warm median ms per call (time ÷ decomp4j's), float64, ").append(raw.threads)
                .append(" OpenBLAS threads on every side, each library in its own JVM; profile `").append(raw.profile)
                .append("`, measured ").append(m.started, 0, 10).append(" on ").append(m.cpu).append(", ")
                .append(m.processors).append(" processors");
        if (m.busy()) {
            t.append(String.format(" (**busy machine**, load average %.1f: noisy figures)", m.loadStart));
        }
        t.append(". Cold start, memory, the OpenBLAS each loaded and the robustness table: "
                + "[benchmarks/results/native-peers.md](benchmarks/results/native-peers.md).\n\n");
        t.append("| case |");
        for (String l : libs) {
            t.append(' ').append(label(l)).append(" |");
        }
        t.append("\n|---|").append("---:|".repeat(libs.size())).append('\n');
        List<NativePeers.Case> rows = new ArrayList<>(raw.cases);
        for (NativePeers.Case c : rows) {
            t.append("| ").append(c.label()).append(" |");
            NativePeers.Warm d = warm(raw, "decomp4j", c);
            for (String l : libs) {
                NativePeers.Warm w = warm(raw, l, c);
                if (w == null) {
                    NativePeers.Warm any = NativePeers.find(raw.warm, l, c);
                    t.append(any != null && any.skipped != null && any.skipped.startsWith("cannot") ? " cannot |"
                            : " — |");
                } else if (d == null || l.equals("decomp4j")) {
                    t.append(' ').append(Report.fmt(median(w.ms))).append(" |");
                } else {
                    t.append(' ').append(Report.fmt(median(w.ms)))
                            .append(String.format(" (%.2f) |", median(w.ms) / median(d.ms)));
                }
            }
            t.append('\n');
        }
        t.append("| first call, LU 4×4, fresh process |");
        for (String l : libs) {
            NativePeers.Cold cd = NativePeers.findCold(raw.cold, l, new NativePeers.Case(Op.LU, "4"));
            t.append(cd == null || cd.first.isEmpty() ? " — |" : " " + Report.fmt(median(cd.first)) + " |");
        }
        t.append("\n| default-stack thread, n = 256 and 1024 (LU, QR, Cholesky, SVD) |");
        for (String l : libs) {
            int ok = 0;
            int all = 0;
            List<String> bad = new ArrayList<>();
            for (NativePeers.Crash cr : raw.crash) {
                if (cr.lib.equals(l) && !cr.outcome.equals("skipped")) {
                    all++;
                    if (cr.outcome.equals("survived")) {
                        ok++;
                    } else {
                        bad.add(cr.op.replace("_Q", "").replace("SVD_THIN", "SVD").replace("CHOLESKY", "Cholesky")
                                + " " + cr.shape + (cr.outcome.equals("crashed") ? " (exit " + cr.exit + ")" : " ("
                                + cr.outcome + ")"));
                    }
                }
            }
            t.append(all == 0 ? " — |" : ok == all ? " all survived |" : " **crashed:** " + String.join(", ", bad) + " |");
        }
        t.append("\n\n![decomp4j against native JVM libraries: warm median per call](benchmarks/results/")
                .append(CHART).append(")\n");
        return t.toString();
    }

    /** Warm medians per case, one bar per library, log scale. */
    static void chart(Path out, NativePeers.Raw raw, List<String> libs) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(500)
                .title("Warm median per call (float64, " + raw.threads + " OpenBLAS threads)")
                .xAxisTitle("case").yAxisTitle("ms per call (log)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        List<String> cats = new ArrayList<>();
        for (NativePeers.Case c : raw.cases) {
            cats.add(c.label());
        }
        int color = 0;
        for (String l : libs) {
            List<Double> ys = new ArrayList<>();
            boolean any = false;
            for (NativePeers.Case c : raw.cases) {
                NativePeers.Warm w = warm(raw, l, c);
                // a missing bar on a log axis: an invisible tiny value
                ys.add(w == null ? 1e-3 : median(w.ms));
                any |= w != null;
            }
            if (any) {
                chart.addSeries(label(l), cats, ys).setFillColor(Report.COLORS[color++ % Report.COLORS.length]);
            }
        }
        chart.getStyler().setYAxisMin(1.0);
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp.png");
        BitmapEncoder.saveBitmap(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG);
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
