package org.decomp4j.bench.scale;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.lowrank.LowRankSvd;
import org.decomp4j.lowrank.StreamingSvd;

/**
 * Issue 3 scale point: streaming SVD of 1 million rows × 200 columns fed in blocks of 1000 rows,
 * rank 20: rows per second and peak memory. Not a JMH benchmark: one long run, wall-clock timed
 * (only {@code update} calls count; generating the blocks does not), memory from
 * /proc/self/status and decomp4j's native-buffer count.
 *
 * <pre>
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar org.decomp4j.bench.scale.StreamingScale \
 *      [rows cols block k keep]     (defaults 1000000 200 1000 20 U_AND_V; keep = U_AND_V | V_ONLY)
 * </pre>
 * Rows are a seeded rank-30 signal with a decaying spectrum plus N(0, 0.01²) noise, generated
 * block by block (nothing is held but the stream's state). At the end it checks the answer once:
 * the values of the last snapshot against the exact SVD of the Gram matrix AᵀA accumulated in
 * plain Java (n×n; 200×200 here), i.e. σ_i = sqrt(λ_i(AᵀA)).
 */
public final class StreamingScale {
    private StreamingScale() {
    }

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int cols = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int block = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int k = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        StreamingSvd.Keep keep = args.length > 4 ? StreamingSvd.Keep.valueOf(args[4]) : StreamingSvd.Keep.U_AND_V;
        System.out.printf(Locale.ROOT, "StreamingScale %d rows × %d, blocks of %d, rank %d, %s, %d cpus, max heap %s%n",
                rows, cols, block, k, keep, Runtime.getRuntime().availableProcessors(),
                MemoryProbe.mib(Runtime.getRuntime().maxMemory()));
        int signal = 30;
        SplittableRandom rnd = new SplittableRandom(1);
        double[] w = new double[signal * cols]; // signal rows: w[s][j] scaled by 0.8^s
        for (int s = 0; s < signal; s++) {
            for (int j = 0; j < cols; j++) {
                w[s * cols + j] = Math.pow(0.8, s) * rnd.nextGaussian();
            }
        }
        double[] gram = new double[cols * cols];
        StreamingSvd st = StreamingSvd.of(cols, k, DType.F64, keep);
        long rssStart = MemoryProbe.status("VmRSS");
        try (MemoryProbe probe = new MemoryProbe()) {
            probe.reset();
            long updateNanos = 0;
            double[] data = new double[block * cols];
            double[] coef = new double[signal];
            for (int start = 0; start < rows; start += block) {
                int r = Math.min(block, rows - start);
                for (int i = 0; i < r; i++) {
                    for (int s = 0; s < signal; s++) {
                        coef[s] = rnd.nextGaussian();
                    }
                    for (int j = 0; j < cols; j++) {
                        double x = 0.01 * rnd.nextGaussian();
                        for (int s = 0; s < signal; s++) {
                            x += coef[s] * w[s * cols + j];
                        }
                        data[j * r + i] = x; // column-major r×cols
                    }
                }
                accumulateGram(data, r, cols, gram);
                try (Matrix blk = Matrix.fromColumnMajor(r, cols, Arrays.copyOf(data, r * cols))) {
                    long t0 = System.nanoTime();
                    st.update(blk);
                    updateNanos += System.nanoTime() - t0;
                }
                if ((start / block) % 200 == 0) {
                    System.out.printf(Locale.ROOT, "  %d rows, %.0f rows/s so far%n", start + r,
                            (start + r) / (updateNanos / 1e9));
                }
            }
            double secs = updateNanos / 1e9;
            System.out.printf(Locale.ROOT, "updates: %d rows in %.2f s of update time = %.0f rows/s%n", rows, secs,
                    rows / secs);
            System.out.printf(Locale.ROOT, "  memory while streaming: peak RSS %s (kernel VmHWM %s, RSS at start %s);"
                            + " Java heap peak %s; native buffers peak %s%n",
                    MemoryProbe.mib(probe.peakRssSampled()), MemoryProbe.mib(MemoryProbe.status("VmHWM")),
                    MemoryProbe.mib(rssStart), MemoryProbe.mib(probe.peakHeap()), MemoryProbe.mib(probe.peakNative()));
            double[] values;
            if (keep == StreamingSvd.Keep.U_AND_V) {
                long t0 = System.nanoTime();
                try (LowRankSvd snap = st.snapshot()) {
                    System.out.printf(Locale.ROOT, "snapshot (U %d×%d materialised): %.2f s; peak RSS now %s,"
                                    + " native peak %s%n", snap.rows(), snap.rank(), (System.nanoTime() - t0) / 1e9,
                            MemoryProbe.mib(MemoryProbe.status("VmHWM")), MemoryProbe.mib(probe.peakNative()));
                    values = snap.singularValues();
                }
            } else {
                values = st.singularValues();
            }
            check(values, gram, cols, st.errorBound());
        }
    }

    /** gram += Bᵀ·B for the column-major r×n block. */
    private static void accumulateGram(double[] b, int r, int n, double[] gram) {
        for (int p = 0; p < n; p++) {
            for (int q = p; q < n; q++) {
                double s = 0;
                for (int i = 0; i < r; i++) {
                    s += b[p * r + i] * b[q * r + i];
                }
                gram[p * n + q] += s;
                if (q != p) {
                    gram[q * n + p] += s;
                }
            }
        }
    }

    /** Compares with σ_i = sqrt(λ_i(AᵀA)) from the accumulated Gram matrix (dense SVD of it). */
    private static void check(double[] values, double[] gram, int n, double bound) {
        try (Matrix g = Matrix.fromColumnMajor(n, n, gram)) {
            double[] lambda = org.decomp4j.Svd.values(g); // AᵀA is symmetric PSD: singular values = eigenvalues
            double worst = 0;
            for (int i = 0; i < values.length; i++) {
                double exact = Math.sqrt(lambda[i]);
                worst = Math.max(worst, Math.abs(values[i] - exact) / exact);
            }
            System.out.printf(Locale.ROOT, "  check: top-%d values vs sqrt(eig(AᵀA)): max relative difference %.2e"
                    + " (Gram-matrix rounding limits this check to ~1e-10); error bound ‖A−UΣVᵀ‖₂ ≤ %.3e, σ₁ = %.3e,"
                    + " σ_%d = %.4e%n", values.length, worst, bound, values[0], values.length, values[values.length - 1]);
        }
    }
}
