package org.decomp4j.bench.overhead;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

import org.decomp4j.DType;
import org.decomp4j.NativeConfig;
import org.decomp4j.bench.compare.Decomp4jLib;
import org.decomp4j.bench.compare.LapackeLib;
import org.decomp4j.bench.compare.Op;
import org.decomp4j.bench.compare.Problem;
import org.decomp4j.bench.compare.Shape;
import org.decomp4j.bench.compare.Task;

/**
 * decomp4j against raw LAPACKE timed in interleaved pairs: the complement of the JMH runs on a
 * noisy shared machine. JMH runs one variant after another, minutes apart, and on two shared cores
 * the speed of the machine drifts by more than the 3% being measured. Here each sample is a pair:
 * decomp4j and the raw LAPACKE call on the same data back to back, in alternating order, so drift
 * cancels; the figure reported is the median over pairs of the ratio within a pair.
 *
 * <p>Two modes, told apart by the first argument. Run with {@code -Xss16m} (the raw
 * {@code LAPACKE_dgetrf} baseline needs it):
 * <pre>
 * java -Xss16m -cp benchmarks/target/benchmarks.jar org.decomp4j.bench.overhead.Paired OP SHAPE DTYPE [pairs] [threads]
 * java -Xss16m -cp benchmarks/target/benchmarks.jar org.decomp4j.bench.overhead.Paired [pairs]
 * </pre>
 *
 * <p><b>One operation</b> ({@code OP SHAPE DTYPE}, e.g. {@code SVD_THIN 256 F64}): the library
 * comparison's {@link Task}s for decomp4j and raw LAPACKE {@code _work} (pairs default 50, threads
 * default all processors); one line with both medians and the paired ratio. Options:
 * <ul>
 * <li>{@code -Dpaired.cpu=true}, with one OpenBLAS thread: the calling thread's CPU time instead
 *     of wall time. All the work then runs on that thread, and time the VM gives to other tenants
 *     (steal) no longer counts.</li>
 * <li>{@code -Dpaired.control=true}: the decomp4j side is replaced by a second raw LAPACKE
 *     instance (its own buffers, the same data), so the ratio shows the harness's own bias from
 *     where the two sides' buffers lie. Measured 0.99–1.03 at n = 256 (QR 1.027 twice), the size
 *     of the 1.03 target itself.</li>
 * <li>{@code -Dpaired.block=B} (B ≥ 2): each side of a pair is B calls in a row, and its time is
 *     the median of calls 2..B: the steady-state cost of a loop of calls (as JMH measures each
 *     variant alone), with the machine's drift still cancelled by the pairing. Strict alternation
 *     ({@code B = 1}, the default) instead charges each call with the caches the other side
 *     left.</li>
 * <li>{@code -Dpaired.bare=true}: decomp4j without its NaN/Inf scan and sign flip
 *     ({@code FiniteCheck.OFF}, {@code signFlip(false)}): the same work as the raw {@code _work}
 *     call, which scans nothing, so the ratio is the binding's own cost.</li>
 * <li>{@code -Dpaired.rawScan=true}: the raw side runs LAPACKE's own NaN check
 *     ({@code ?ge_nancheck}, {@code ?po_nancheck}) before its {@code _work} call, as the
 *     high-level LAPACKE calls do: the like-for-like baseline for decomp4j's defaults.</li>
 * </ul>
 *
 * <p><b>Core overhead suite</b> (no argument, or only {@code [pairs]}, default 400): the JMH
 * states of {@link SmallOverheadBenchmark} (n = 4, 16; 50 × pairs per case) and
 * {@link LargeOverheadBenchmark} (SVD, LU, QR, Cholesky at n = 256, 512, 1024; pairs scaled by
 * (256/n)³, a tenth for the SVD, at least 20), so both measure exactly the same calls; one
 * markdown row per case with the medians, the paired ratio (IQR) and the paired difference.
 * {@code -Dsmall.only=true} stops after n = 4, 16; {@code -Dthreads=T} sets the large cases'
 * OpenBLAS threads (default 2). The {@code paired.*} options belong to the first mode and are
 * refused here.
 */
public final class Paired {
    /** Options of the one-operation mode, refused by the suite. */
    private static final List<String> TASK_OPTIONS = List.of("paired.cpu", "paired.control", "paired.block",
            "paired.bare", "paired.rawScan");

    private Paired() {
    }

    /** One side of a pair: the call being timed. */
    @FunctionalInterface
    private interface Call {
        void run();
    }

    public static void main(String[] args) {
        if (args.length == 0 || args[0].chars().allMatch(Character::isDigit)) {
            suite(args.length > 0 ? Integer.parseInt(args[0]) : 400);
        } else {
            operation(args);
        }
    }

    /**
     * Times {@code ours} and {@code raw} in alternating order after {@code warm} unrecorded pairs
     * (a fresh JVM is still compiling the first calls); returns their times, {@code {ours, raw}}.
     * Each side is {@code calls.length} calls: one call's time, or the median of calls 2.. of a block.
     */
    private static double[][] pairs(int pairs, int warm, Call ours, Call raw, LongSupplier clock, double[] calls) {
        double[] o = new double[pairs];
        double[] r = new double[pairs];
        for (int i = -warm; i < pairs; i++) {
            boolean oursFirst = (i & 1) == 0;
            double first = time(oursFirst ? ours : raw, clock, calls);
            double second = time(oursFirst ? raw : ours, clock, calls);
            if (i >= 0) {
                o[i] = oursFirst ? first : second;
                r[i] = oursFirst ? second : first;
            }
        }
        return new double[][] {o, r};
    }

    private static double time(Call c, LongSupplier clock, double[] calls) {
        for (int k = 0; k < calls.length; k++) {
            long t0 = clock.getAsLong();
            c.run();
            calls[k] = clock.getAsLong() - t0;
        }
        return calls.length == 1 ? calls[0] : quantile(Arrays.copyOfRange(calls, 1, calls.length), 0.5);
    }

    // ---- one operation: the comparison's tasks ----

    private static void operation(String[] args) {
        if (System.getProperty("small.only") != null) {
            throw new IllegalArgumentException("-Dsmall.only belongs to the suite mode (Paired [pairs]), "
                    + "not to Paired OP SHAPE DTYPE");
        }
        Op op = Op.valueOf(args[0]);
        Shape shape = Shape.parse(args[1]);
        DType dtype = DType.valueOf(args[2]);
        int pairs = args.length > 3 ? Integer.parseInt(args[3]) : 50;
        NativeConfig.setThreads(args.length > 4 ? Integer.parseInt(args[4]) : Runtime.getRuntime().availableProcessors());
        boolean cpu = Boolean.getBoolean("paired.cpu");
        if (cpu && NativeConfig.threads() != 1) {
            throw new IllegalArgumentException("-Dpaired.cpu=true needs one OpenBLAS thread: the others' time would not count");
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        LongSupplier clock = cpu ? mx::getCurrentThreadCpuTime : System::nanoTime;
        Problem p = new Problem(op, shape, dtype, 20261123L);
        boolean control = Boolean.getBoolean("paired.control");
        boolean bare = Boolean.getBoolean("paired.bare");
        Task ours = control ? new LapackeLib().task(p) : (bare ? Decomp4jLib.bare() : new Decomp4jLib()).task(p);
        boolean rawScan = Boolean.getBoolean("paired.rawScan");
        Task raw = new LapackeLib(rawScan).task(p);
        ours.check();
        raw.check();
        // a fresh JVM runs decomp4j's Java side interpreted or C1-compiled for the first tens of
        // calls: with 12 warm-up pairs LU and QR at n = 256 read 1.17 against 1.04 with 150
        int warm = Math.max(50, pairs / 2);
        int block = Math.max(1, Integer.getInteger("paired.block", 1));
        if (block > 1) {
            warm = Math.max(10, warm / block);
        }
        double[][] t = pairs(pairs, warm, () -> Task.release(ours.compute().get()),
                () -> Task.release(raw.compute().get()), clock, new double[block]);
        double[] o = t[0];
        double[] r = t[1];
        double[] ratio = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            ratio[i] = o[i] / r[i];
        }
        // medians here are the sample at the rounded middle index, as this mode always printed them
        System.out.printf(Locale.ROOT, "%s %s %s, %d threads, %d pairs%s%s: %s %.4g ms, %s %.4g ms, "
                + "paired ratio median %.3f (IQR %.3f–%.3f)%n", op, shape, dtype, NativeConfig.threads(), pairs,
                block > 1 ? " of " + block + "-call blocks" : "", cpu ? ", thread CPU time" : "",
                control ? "control (LAPACKE again)" : bare ? "decomp4j (no scan, no flip)" : "decomp4j",
                quantile(o, 0.5) / 1e6, rawScan ? "LAPACKE (nancheck + _work)" : "LAPACKE _work",
                quantile(r, 0.5) / 1e6, quantile(ratio, 0.5), quantile(ratio, 0.25), quantile(ratio, 0.75));
    }

    // ---- core overhead suite: the JMH benchmark states ----

    private static void suite(int pairs) {
        for (String option : TASK_OPTIONS) {
            if (System.getProperty(option) != null) {
                throw new IllegalArgumentException("-D" + option + " belongs to Paired OP SHAPE DTYPE, "
                        + "not to the core overhead suite (Paired [pairs])");
            }
        }
        System.out.println("| case | pairs | decomp4j median µs | raw median µs | paired ratio median (IQR) | paired difference µs |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (int n : new int[] {4, 16}) {
            SmallOverheadBenchmark b = new SmallOverheadBenchmark();
            b.n = n;
            b.setUp();
            row("SVD n=" + n + " workspace gesdd vs LAPACKE_dgesdd_work", pairs * 50, b::workspaceGesdd, b::lapackeWork);
            row("SVD n=" + n + " workspace gesdd vs LAPACKE_dgesdd", pairs * 50, b::workspaceGesdd, b::lapacke);
            row("SVD n=" + n + " workspace AUTO (Java QR) vs LAPACKE_dgesdd_work", pairs * 50, b::workspace,
                    b::lapackeWork);
            b.tearDown();
        }
        if (Boolean.getBoolean("small.only")) {
            return;
        }
        for (int n : new int[] {256, 512, 1024}) {
            for (LargeOverheadBenchmark.Op op : LargeOverheadBenchmark.Op.values()) {
                LargeOverheadBenchmark b = new LargeOverheadBenchmark();
                b.n = n;
                b.op = op;
                b.threads = Integer.getInteger("threads", 2);
                b.setUp();
                int p = Math.max(20, (int) (pairs * Math.pow(256.0 / n, 3) / (op == LargeOverheadBenchmark.Op.SVD ? 10 : 1)));
                row(op + " n=" + n + " decomp4j vs LAPACKE (high-level)", p, b::decomp4j, b::lapacke);
                row(op + " n=" + n + " decomp4j vs LAPACKE _work", p, b::decomp4j, b::lapackeWork);
                if (op == LargeOverheadBenchmark.Op.LU) {
                    row("LU n=" + n + " decomp4j vs OpenBLAS dgetrf _work", p, b::decomp4j, b::lapackeGetrfWork);
                }
                b.tearDown();
            }
        }
    }

    /** One suite case: strictly alternating single calls, wall time; prints its markdown row. */
    private static void row(String label, int pairs, Call ours, Call raw) {
        int warm = Math.max(20, pairs / 2); // the first case of a fresh JVM is still being compiled
        double[][] t = pairs(pairs, warm, ours, raw, System::nanoTime, new double[1]);
        double[] o = t[0];
        double[] r = t[1];
        double[] ratio = new double[pairs];
        double[] diff = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            ratio[i] = o[i] / r[i];
            diff[i] = o[i] - r[i];
        }
        System.out.printf(Locale.ROOT, "| %s | %d | %.4g | %.4g | %.3f (%.3f–%.3f) | %+.4g |%n", label, pairs,
                median(o) / 1e3, median(r) / 1e3, median(ratio), quantile(ratio, 0.25), quantile(ratio, 0.75),
                median(diff) / 1e3);
    }

    /** Median of an array (sorted copy; the mean of the middle two for an even count). */
    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** The sample at the rounded index {@code q·(n−1)} of a sorted copy. */
    private static double quantile(double[] x, double q) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s[(int) Math.round(q * (s.length - 1))];
    }
}
