package org.decomp4j.bench.eigen;

import static org.bytedeco.openblas.global.openblas.LAPACKE_dgeev_work;
import static org.bytedeco.openblas.global.openblas.LAPACK_COL_MAJOR;

import java.util.Arrays;
import java.util.Random;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Pointer;
import org.decomp4j.Eig;
import org.decomp4j.Matrix;
import org.decomp4j.NativeConfig;

/**
 * What decomp4j's general eigen adds to LAPACK's (issue 16's "Eig ≤ 1.05× NumPy"): {@code Eig.of}
 * (right vectors, defaults) against raw {@code LAPACKE_dgeev_work} ('N', 'V', workspace queried
 * once, A copied in by memcpy each call, on a 64 MiB-stack thread like decomp4j's deep-stack
 * carrier) on the same seeded Gaussian n×n matrix, alternating, 2 OpenBLAS threads; medians. The
 * NumPy side of the same comparison is one line of Python, in eigen.md.
 *
 * <p>{@code java -Xss16m -cp benchmarks/target/benchmarks.jar org.decomp4j.bench.eigen.EigBinding [n] [rounds]}
 */
public final class EigBinding {
    private EigBinding() {
    }

    public static void main(String[] args) throws InterruptedException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        NativeConfig.setThreads(2);
        Random r = new Random(7);
        double[][] x = new double[n][n];
        for (double[] row : x) {
            for (int j = 0; j < n; j++) {
                row[j] = r.nextGaussian();
            }
        }
        long nn = (long) n * n;
        DoublePointer a = new DoublePointer(nn);
        DoublePointer w = new DoublePointer(nn);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a.put((long) j * n + i, x[i][j]);
            }
        }
        DoublePointer wr = new DoublePointer(n);
        DoublePointer wi = new DoublePointer(n);
        DoublePointer vr = new DoublePointer(nn);
        DoublePointer vl = new DoublePointer(1);
        DoublePointer query = new DoublePointer(1);
        check("dgeev query", LAPACKE_dgeev_work(LAPACK_COL_MAJOR, (byte) 'N', (byte) 'V', n, w, n, wr, wi, vl, 1, vr, n,
                query, -1));
        int lwork = (int) query.get(0);
        DoublePointer work = new DoublePointer(lwork);
        double[] ours = new double[rounds];
        double[] raw = new double[rounds];
        int[] info = new int[1];
        try (Matrix m = Matrix.of(x)) {
            for (int k = -1; k < rounds; k++) { // k = -1: warm-up of each
                long t0 = System.nanoTime();
                try (Eig e = Eig.of(m)) {
                    e.values();
                }
                long t1 = System.nanoTime();
                Thread t = new Thread(null, () -> {
                    Pointer.memcpy(w, a, 8 * nn);
                    info[0] = LAPACKE_dgeev_work(LAPACK_COL_MAJOR, (byte) 'N', (byte) 'V', n, w, n, wr, wi, vl, 1, vr, n,
                            work, lwork);
                }, "raw-dgeev", 64L << 20);
                long t2 = System.nanoTime();
                t.start();
                t.join();
                long t3 = System.nanoTime();
                check("dgeev", info[0]);
                if (k >= 0) {
                    ours[k] = (t1 - t0) / 1e6;
                    raw[k] = (t3 - t2) / 1e6;
                }
            }
        }
        Arrays.sort(ours);
        Arrays.sort(raw);
        System.out.printf("n=%d, %d rounds: Eig.of median %.1f ms, raw dgeev (copy + call) median %.1f ms, ratio %.3f%n",
                n, rounds, ours[rounds / 2], raw[rounds / 2], ours[rounds / 2] / raw[rounds / 2]);
    }

    private static void check(String what, int info) {
        if (info != 0) {
            throw new IllegalStateException(what + " returned info " + info);
        }
    }
}
