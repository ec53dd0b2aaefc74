package org.decomp4j.bench.compare;

import java.util.Arrays;
import java.util.Locale;

import org.decomp4j.DType;
import org.decomp4j.NativeConfig;

/**
 * decomp4j against raw LAPACKE on one operation, timed in interleaved pairs (alternating order)
 * so that the drift of a shared machine cancels — the complement of the JMH comparison for the
 * 1.03× question, over the same {@link Task}s.
 *
 * <pre>java -Xss16m -cp benchmarks/target/benchmarks.jar org.decomp4j.bench.compare.Paired OP SHAPE DTYPE [pairs] [threads]</pre>
 *
 * <p>With {@code -Dpaired.cpu=true} and one OpenBLAS thread it times the calling thread's CPU
 * time instead of wall time: all the work then runs on that thread, and time the VM gives to
 * other tenants (steal) no longer counts.
 *
 * <p>With {@code -Dpaired.control=true} the decomp4j side is replaced by a second raw LAPACKE
 * instance (its own buffers, the same data): the ratio then shows the harness's own bias from
 * where the two sides' buffers lie. Measured 0.99–1.03 at n = 256 (QR 1.027 twice), the size of
 * the 1.03 target itself.
 *
 * <p>With {@code -Dpaired.block=B} (B ≥ 2) each side of a pair is B calls in a row, and its time
 * is the median of calls 2..B: the steady-state cost of a loop of calls (as JMH measures each
 * variant alone), with the machine's drift still cancelled by the pairing. Strict alternation
 * ({@code B = 1}, the default) instead charges each call with the caches the other side left.
 *
 * <p>With {@code -Dpaired.bare=true} decomp4j runs without its NaN/Inf scan and sign flip
 * ({@code FiniteCheck.OFF}, {@code signFlip(false)}): the same work as the raw {@code _work} call,
 * which scans nothing, so the ratio is the binding's own cost. With {@code -Dpaired.rawScan=true}
 * the raw side instead runs LAPACKE's own NaN check ({@code ?ge_nancheck}, {@code ?po_nancheck})
 * before its {@code _work} call, as the high-level LAPACKE calls do: the like-for-like baseline
 * for decomp4j's defaults.
 */
public final class Paired {
    private Paired() {
    }

    public static void main(String[] args) {
        Op op = Op.valueOf(args[0]);
        Shape shape = Shape.parse(args[1]);
        DType dtype = DType.valueOf(args[2]);
        int pairs = args.length > 3 ? Integer.parseInt(args[3]) : 50;
        NativeConfig.setThreads(args.length > 4 ? Integer.parseInt(args[4]) : Runtime.getRuntime().availableProcessors());
        boolean cpu = Boolean.getBoolean("paired.cpu");
        if (cpu && NativeConfig.threads() != 1) {
            throw new IllegalArgumentException("-Dpaired.cpu=true needs one OpenBLAS thread: the others' time would not count");
        }
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        java.util.function.LongSupplier clock = cpu ? mx::getCurrentThreadCpuTime : System::nanoTime;
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
        double[] o = new double[pairs];
        double[] r = new double[pairs];
        int block = Math.max(1, Integer.getInteger("paired.block", 1));
        if (block > 1) {
            warm = Math.max(10, warm / block);
        }
        double[] calls = new double[block];
        for (int i = -warm; i < pairs; i++) {
            boolean oursFirst = (i & 1) == 0;
            double first = time(oursFirst ? ours : raw, clock, calls);
            double second = time(oursFirst ? raw : ours, clock, calls);
            if (i >= 0) {
                o[i] = oursFirst ? first : second;
                r[i] = oursFirst ? second : first;
            }
        }
        double[] ratio = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            ratio[i] = o[i] / r[i];
        }
        System.out.printf(Locale.ROOT, "%s %s %s, %d threads, %d pairs%s%s: %s %.4g ms, %s %.4g ms, "
                + "paired ratio median %.3f (IQR %.3f–%.3f)%n", op, shape, dtype, NativeConfig.threads(), pairs,
                block > 1 ? " of " + block + "-call blocks" : "", cpu ? ", thread CPU time" : "",
                control ? "control (LAPACKE again)" : bare ? "decomp4j (no scan, no flip)" : "decomp4j",
                q(o, 0.5) / 1e6, rawScan ? "LAPACKE (nancheck + _work)" : "LAPACKE _work", q(r, 0.5) / 1e6,
                q(ratio, 0.5), q(ratio, 0.25), q(ratio, 0.75));
    }

    /** Runs {@code t} calls.length times; the one call's time, or the median of calls 2.. of a block. */
    private static double time(Task t, java.util.function.LongSupplier clock, double[] calls) {
        for (int k = 0; k < calls.length; k++) {
            long t0 = clock.getAsLong();
            Task.release(t.compute().get());
            calls[k] = clock.getAsLong() - t0;
        }
        return calls.length == 1 ? calls[0] : q(java.util.Arrays.copyOfRange(calls, 1, calls.length), 0.5);
    }

    private static double q(double[] x, double f) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s[(int) Math.round(f * (s.length - 1))];
    }
}
