package org.decomp4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/**
 * The public API from many threads at once: the same decompositions run on one thread and on
 * eight concurrent threads (each matrix decomposed by several threads at the same time, sharing
 * the input, the plan cache, the workspace-query cache and the buffer pool) give identical bits.
 * OpenBLAS is held at one thread, the setting under which the determinism guarantee is stated.
 */
class ConcurrencyDeterminismTest {
    private static final int THREADS = 8;
    private static final int[][] SHAPES = {{4, 4}, {8, 3}, {16, 16}, {150, 20}, {20, 150}, {64, 64}, {33, 17}};

    /** Every factor of every decomposition of {@code a}, as raw bits. */
    private static List<double[]> everything(Matrix a, Matrix spd) {
        List<double[]> out = new ArrayList<>();
        for (Driver d : Driver.values()) {
            if (d.canonical() != d) {
                continue; // a former name: the same driver as its current one
            }
            try (Svd s = Svd.of(a, SvdOptions.thin().driver(d))) {
                out.add(s.singularValues());
                out.add(s.u().toColumnMajorArray());
                out.add(s.vt().toColumnMajorArray());
            }
        }
        try (Svd s = Svd.of(a, SvdOptions.full())) {
            out.add(s.u().toColumnMajorArray());
        }
        try (Lu lu = Lu.of(a)) {
            out.add(lu.packed().toColumnMajorArray());
        }
        try (Qr qr = Qr.of(a)) {
            out.add(qr.q().toColumnMajorArray());
            out.add(qr.r().toColumnMajorArray());
        }
        try (Cholesky c = Cholesky.of(spd)) {
            out.add(c.factor().toColumnMajorArray());
        }
        try (SvdWorkspace ws = new SvdWorkspace(a.rows(), a.cols(), a.dtype(), SvdOptions.thin())) {
            ws.compute(a);
            out.add(ws.singularValues());
            out.add(ws.u().toColumnMajorArray());
        }
        return out;
    }

    @Test
    void oneThreadAndEightThreadsGiveIdenticalBits() throws Exception {
        int before = NativeConfig.threads();
        NativeConfig.setThreads(1);
        List<Matrix> open = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (DType t : new DType[] {DType.F64, DType.F32}) {
                List<Matrix[]> inputs = new ArrayList<>();
                for (int[] s : SHAPES) {
                    Matrix a = Matrix.of(TestMatrices.gaussian(s[0], s[1], 31L * s[0] + s[1]), t);
                    Matrix spd = Matrix.of(TestMatrices.spd(s[1], s[0]), t);
                    open.add(a);
                    open.add(spd);
                    inputs.add(new Matrix[] {a, spd});
                }
                List<List<double[]>> serial = new ArrayList<>();
                for (Matrix[] in : inputs) {
                    serial.add(everything(in[0], in[1]));
                }
                // each input decomposed by every thread, all at once, 3 rounds
                List<Future<List<double[]>>> futures = new ArrayList<>();
                List<Integer> which = new ArrayList<>();
                for (int round = 0; round < 3; round++) {
                    for (int i = 0; i < inputs.size(); i++) {
                        for (int k = 0; k < THREADS; k++) {
                            Matrix[] in = inputs.get(i);
                            Callable<List<double[]>> job = () -> everything(in[0], in[1]);
                            futures.add(pool.submit(job));
                            which.add(i);
                        }
                    }
                }
                for (int f = 0; f < futures.size(); f++) {
                    List<double[]> got = futures.get(f).get();
                    List<double[]> want = serial.get(which.get(f));
                    assertEquals(want.size(), got.size());
                    for (int x = 0; x < want.size(); x++) {
                        int fx = f;
                        int xx = x;
                        assertTrue(java.util.Arrays.equals(want.get(x), got.get(x)),
                                () -> t + " shape #" + which.get(fx) + " output " + xx + " differs in its bits");
                    }
                }
            }
        } finally {
            pool.shutdownNow();
            open.forEach(Matrix::close);
            NativeConfig.setThreads(before);
        }
    }
}
