package org.decomp4j.bench.overhead;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * Overhead measured in interleaved pairs, the complement of the JMH runs on a noisy shared
 * machine. JMH runs one variant after another, minutes apart, and on two shared cores the speed of
 * the machine drifts by more than the 3% being measured. Here each sample is a pair: decomp4j and
 * the raw LAPACKE call on the same data back to back (in alternating order), so drift cancels; the
 * figure reported is the median over pairs of the ratio (or difference) within a pair.
 *
 * <p>It reuses the JMH benchmark states, so both measure exactly the same calls. Run with
 * {@code -Xss16m} (the raw {@code LAPACKE_dgetrf} baseline needs it):
 * <pre>java -Xss16m -cp benchmarks/target/benchmarks.jar org.decomp4j.bench.overhead.PairedOverhead [pairs]</pre>
 */
public final class PairedOverhead {
    private PairedOverhead() {
    }

    /** Median of an array (sorted copy). */
    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double quantile(double[] x, double q) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s[(int) Math.round(q * (s.length - 1))];
    }

    /** Times {@code ours} and {@code raw} in alternating order; prints medians and paired statistics. */
    private static void pair(String label, int pairs, DoubleSupplier ours, DoubleSupplier raw) {
        int warm = Math.max(20, pairs / 2); // the first case of a fresh JVM is still being compiled
        double[] o = new double[pairs];
        double[] r = new double[pairs];
        for (int i = -warm; i < pairs; i++) {
            long t0;
            long t1;
            long t2;
            if ((i & 1) == 0) {
                t0 = System.nanoTime();
                ours.getAsDouble();
                t1 = System.nanoTime();
                raw.getAsDouble();
                t2 = System.nanoTime();
                if (i >= 0) {
                    o[i] = t1 - t0;
                    r[i] = t2 - t1;
                }
            } else {
                t0 = System.nanoTime();
                raw.getAsDouble();
                t1 = System.nanoTime();
                ours.getAsDouble();
                t2 = System.nanoTime();
                if (i >= 0) {
                    r[i] = t1 - t0;
                    o[i] = t2 - t1;
                }
            }
        }
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

    /** Entry point: {@code [pairs per case]}. */
    public static void main(String[] args) {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        System.out.println("| case | pairs | decomp4j median µs | raw median µs | paired ratio median (IQR) | paired difference µs |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (int n : new int[] {4, 16}) {
            SmallOverheadBenchmark b = new SmallOverheadBenchmark();
            b.n = n;
            b.setUp();
            pair("SVD n=" + n + " workspace gesdd vs LAPACKE_dgesdd_work", pairs * 50, b::workspaceGesdd, b::lapackeWork);
            pair("SVD n=" + n + " workspace gesdd vs LAPACKE_dgesdd", pairs * 50, b::workspaceGesdd, b::lapacke);
            pair("SVD n=" + n + " workspace AUTO (Java QR) vs LAPACKE_dgesdd_work", pairs * 50, b::workspace,
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
                pair(op + " n=" + n + " decomp4j vs LAPACKE (high-level)", p, b::decomp4j, b::lapacke);
                pair(op + " n=" + n + " decomp4j vs LAPACKE _work", p, b::decomp4j, b::lapackeWork);
                if (op == LargeOverheadBenchmark.Op.LU) {
                    pair("LU n=" + n + " decomp4j vs OpenBLAS dgetrf _work", p, b::decomp4j, b::lapackeGetrfWork);
                }
                b.tearDown();
            }
        }
    }
}
