package org.decomp4j.bench.scale;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.lowrank.LowRankSvd;
import org.decomp4j.lowrank.SparseSvd;
import org.decomp4j.lowrank.SparseSvdOptions;
import org.decomp4j.sparse.CsrMatrix;

/**
 * Issue 3 scale point: sparse top-20 of a 200000×50000 matrix with 2 million non-zeros, with the
 * peak memory beyond the matrix. Not a JMH benchmark: one run of a long computation, timed with
 * wall clock, memory from /proc/self/status and decomp4j's native-buffer count.
 *
 * <pre>
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar org.decomp4j.bench.scale.SparseScale \
 *      [m n nnz k distribution threads]      (defaults 200000 50000 2000000 20 powerlaw 2)
 * </pre>
 * distribution {@code uniform}: positions uniform, values N(0,1) (a flat, slowly converging
 * spectrum); {@code powerlaw}: columns drawn with probability ∝ (j+1)^-0.9 as in term-document
 * data (a decaying spectrum). The matrix is generated from seed 1; nothing is read from disk.
 * Also times the products A·X and Aᵀ·X (X with 1 and 20 columns) for each transpose mode and
 * 1..threads threads (median of 5).
 */
public final class SparseScale {
    private SparseScale() {
    }

    public static void main(String[] args) {
        int m = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        int nnz = args.length > 2 ? Integer.parseInt(args[2]) : 2_000_000;
        int k = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        String dist = args.length > 4 ? args[4] : "powerlaw";
        int threads = args.length > 5 ? Integer.parseInt(args[5]) : 2;
        System.out.printf(Locale.ROOT, "SparseScale %d×%d, %d triplets, k=%d, %s, %d threads, %d cpus, max heap %s%n",
                m, n, nnz, k, dist, threads, Runtime.getRuntime().availableProcessors(),
                MemoryProbe.mib(Runtime.getRuntime().maxMemory()));
        try (MemoryProbe probe = new MemoryProbe()) {
            long t0 = System.nanoTime();
            CsrMatrix a = generate(m, n, nnz, dist).withThreads(threads);
            a.transpose(); // build the CSC copy now so it counts as part of the matrix
            System.gc();
            long t1 = System.nanoTime();
            long rssMatrix = MemoryProbe.status("VmRSS");
            System.out.printf(Locale.ROOT, "built: %d stored entries, CSR+CSC arrays %s, %.2f s; RSS now %s, peak %s%n",
                    a.nnz(), MemoryProbe.mib(a.storageBytes()), (t1 - t0) / 1e9, MemoryProbe.mib(rssMatrix),
                    MemoryProbe.mib(MemoryProbe.status("VmHWM")));

            probe.reset();
            long rssBefore = MemoryProbe.status("VmRSS");
            long heapBefore = probe.peakHeap();
            long nativeBefore = probe.peakNative();
            long t2 = System.nanoTime();
            int[] passes = {0};
            SparseSvdOptions opts = SparseSvdOptions.of(k).listener((done, total, msg) -> {
                passes[0]++;
                if (passes[0] % 10 == 1) {
                    System.out.printf(Locale.ROOT, "  restart %d: %s%n", done, msg);
                }
            });
            try (LowRankSvd svd = SparseSvd.of(a, opts)) {
                long t3 = System.nanoTime();
                long hwm = MemoryProbe.status("VmHWM");
                System.out.printf(Locale.ROOT, "top-%d: %.2f s, %s%n", k, (t3 - t2) / 1e9, svd.reason());
                System.out.println("  values " + Arrays.toString(Arrays.copyOf(svd.singularValues(), Math.min(k, 20))));
                System.out.printf(Locale.ROOT, "  memory during the SVD: peak RSS %s (kernel VmHWM %s), RSS before %s,"
                                + " so %s beyond the matrix and JVM; Java heap peak %s (before %s);"
                                + " native buffers peak %s (before %s)%n",
                        MemoryProbe.mib(probe.peakRssSampled()), MemoryProbe.mib(hwm), MemoryProbe.mib(rssBefore),
                        MemoryProbe.mib(Math.max(hwm, probe.peakRssSampled()) - rssBefore),
                        MemoryProbe.mib(probe.peakHeap()), MemoryProbe.mib(heapBefore),
                        MemoryProbe.mib(probe.peakNative()), MemoryProbe.mib(nativeBefore));
                check(a, svd);
            }
            products(a, threads); // after the SVD, so their buffers do not inflate the RSS baseline
        }
    }

    /** Seeded triplets: rows uniform; columns uniform or power-law; values N(0, 1). */
    static CsrMatrix generate(int m, int n, int nnz, String dist) {
        SplittableRandom rnd = new SplittableRandom(1);
        int[] r = new int[nnz];
        int[] c = new int[nnz];
        double[] v = new double[nnz];
        double[] cdf = null;
        if (dist.equals("powerlaw")) {
            cdf = new double[n];
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += Math.pow(j + 1, -0.9);
                cdf[j] = sum;
            }
            for (int j = 0; j < n; j++) {
                cdf[j] /= sum;
            }
        } else if (!dist.equals("uniform")) {
            throw new IllegalArgumentException("distribution must be uniform or powerlaw, got " + dist);
        }
        for (int e = 0; e < nnz; e++) {
            r[e] = rnd.nextInt(m);
            if (cdf == null) {
                c[e] = rnd.nextInt(n);
            } else {
                int j = Arrays.binarySearch(cdf, rnd.nextDouble());
                c[e] = Math.min(n - 1, j >= 0 ? j : -j - 1);
            }
            v[e] = rnd.nextGaussian();
        }
        return CsrMatrix.fromTriplets(m, n, r, c, v, DType.F64);
    }

    /** Median wall time of A·X and Aᵀ·X for each mode, width and thread count. */
    static void products(CsrMatrix a, int maxThreads) {
        for (int w : new int[] {1, 20}) {
            try (Matrix x = Matrix.randomNormal(a.cols(), w, 2, DType.F64);
                 Matrix y = Matrix.randomNormal(a.rows(), w, 3, DType.F64);
                 Matrix ax = Matrix.zeros(a.rows(), w); Matrix aty = Matrix.zeros(a.cols(), w)) {
                for (int t = 1; t <= maxThreads; t++) {
                    CsrMatrix at = a.withThreads(t);
                    double mul = median(() -> at.multiply(x, ax));
                    double csc = median(() -> at.withTransposeMode(CsrMatrix.TransposeMode.CSC).multiplyTranspose(y, aty));
                    double sc = median(() -> at.withTransposeMode(CsrMatrix.TransposeMode.SCATTER).multiplyTranspose(y, aty));
                    System.out.printf(Locale.ROOT, "  products k=%d threads=%d: A·X %.1f ms, Aᵀ·X via CSC %.1f ms,"
                            + " via per-thread scatter %.1f ms%n", w, t, mul, csc, sc);
                }
            }
        }
    }

    private static double median(Runnable r) {
        double[] ms = new double[5];
        r.run(); // warm-up
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            r.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[ms.length / 2];
    }

    /** Checks the answer once: the residuals ‖A·v − σu‖ and ‖Aᵀu − σv‖ of each triplet. */
    static void check(CsrMatrix a, LowRankSvd svd) {
        int k = svd.rank();
        try (Matrix v = svd.vt().transpose().copy(); Matrix av = a.multiply(v);
             Matrix atu = Matrix.zeros(a.cols(), k)) {
            a.multiplyTranspose(svd.u(), atu);
            double[] s = svd.singularValues();
            double worst = 0;
            for (int i = 0; i < k; i++) {
                double[] avi = av.column(i);
                double[] ui = svd.u().column(i);
                double[] atui = atu.column(i);
                double[] vi = v.column(i);
                double r1 = 0;
                double r2 = 0;
                for (int j = 0; j < avi.length; j++) {
                    r1 += Math.pow(avi[j] - s[i] * ui[j], 2);
                }
                for (int j = 0; j < atui.length; j++) {
                    r2 += Math.pow(atui[j] - s[i] * vi[j], 2);
                }
                worst = Math.max(worst, Math.max(Math.sqrt(r1), Math.sqrt(r2)));
            }
            System.out.printf(Locale.ROOT, "  check: max residual over the %d triplets %.2e·σ₁%n", k, worst / s[0]);
        }
    }
}
