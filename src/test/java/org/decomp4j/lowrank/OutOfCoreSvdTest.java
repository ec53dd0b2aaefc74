package org.decomp4j.lowrank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.MemoryBudgetException;
import org.decomp4j.NativeConfig;
import org.decomp4j.NonFiniteInputException;
import org.decomp4j.ProgressListener;
import org.decomp4j.Qr;
import org.decomp4j.Svd;
import org.decomp4j.dispatch.OutOfCorePlanner.Method;
import org.decomp4j.io.DiskMatrix;
import org.decomp4j.io.Npy;
import org.decomp4j.io.NpyFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OutOfCoreSvdTest {
    @TempDir
    Path dir;

    private static double eps(DType t) {
        return t == DType.F32 ? 0x1p-23 : 0x1p-52;
    }

    /** A = U0·diag(σ)·V0ᵀ with orthonormal U0 (m×n), V0 (n×n) from QR of Gaussian blocks; row-major. */
    private static double[][] withSpectrum(int m, int n, double[] sigma, long seed) {
        try (Matrix g1 = Matrix.randomNormal(m, n, seed, DType.F64);
             Matrix g2 = Matrix.randomNormal(n, n, seed + 1, DType.F64);
             Qr q1 = Qr.of(g1); Qr q2 = Qr.of(g2);
             Matrix d = Matrix.diagonal(sigma);
             Matrix us = q1.q().multiply(d);
             Matrix a = us.multiply(q2.q().transpose())) {
            return a.toArray();
        }
    }

    /**
     * A 64 MiB float32 file (16384 × 1024) under an 8 MiB budget: the plan goes out of core, reads
     * the file 2q + 2 times, the native peak stays under the budget, the values are the in-memory
     * randomized SVD's (same Ω, same normalisations: only the summation order of Aᵀ·Y differs) and
     * within the reported error estimate of the known spectrum.
     */
    @Test
    void sixtyFourMiBUnderAnEightMiBBudget() throws IOException {
        int m = 16384;
        int n = 1024;
        int rank = 6;
        double[] sigma = {100, 50, 25, 12, 6, 3};
        // A = Σ σ_t·u_t·v_tᵀ + 0.01·noise, from seeded rows so the file is written without an m×n array
        Random rv = new Random(7);
        double[][] v = new double[rank][n];
        for (double[] vt : v) {
            for (int j = 0; j < n; j++) {
                vt[j] = rv.nextGaussian() / Math.sqrt(n);
            }
        }
        Path f = NpyFiles.write(dir.resolve("a.npy"), m, n, DType.F32, (i, row) -> {
            Random r = new Random(1000 + i);
            java.util.Arrays.fill(row, 0);
            for (int t = 0; t < rank; t++) {
                double u = sigma[t] * r.nextGaussian() / Math.sqrt(m);
                for (int j = 0; j < n; j++) {
                    row[j] += u * v[t][j];
                }
            }
            for (int j = 0; j < n; j++) {
                row[j] += 1e-4 * r.nextGaussian();
            }
        });
        assertEquals(64L << 20, Files.size(f) - 128);
        long budget = 8L << 20;
        RandomizedSvdOptions o = RandomizedSvdOptions.rank(4).oversampling(6).powerIters(1).seed(11);
        double[] s1;
        double estimate;
        long liveBefore = NativeConfig.liveNativeBytes();
        // with two OpenBLAS threads the passes run the products on one (the reader has the other core)
        int threadsBefore = NativeConfig.threads();
        NativeConfig.setThreads(2);
        int[] leasesSeen = {Integer.MAX_VALUE, 0};
        ProgressListener seeLeases = (done, total, message) -> {
            int active = org.decomp4j.engine.BlasThreadLease.active();
            leasesSeen[0] = Math.min(leasesSeen[0], active);
            leasesSeen[1] = Math.max(leasesSeen[1], active);
        };
        try (DiskMatrix a = DiskMatrix.open(f); OutOfCoreSvd r = OutOfCoreSvd.randomized(a, o, budget, seeLeases)) {
            assertEquals(1, leasesSeen[0], "every block of every pass under the single-thread lease");
            assertEquals(1, leasesSeen[1]);
            assertEquals(0, org.decomp4j.engine.BlasThreadLease.active(), "released after the passes");
            NativeConfig.setThreads(threadsBefore);
            assertEquals(Method.RANDOMIZED, r.plan().method(), r.plan().toString());
            assertEquals(4, r.passes());
            assertEquals(4, r.plan().passes());
            assertEquals(4L * m * n * 4, r.bytesRead());
            assertTrue(r.peakNativeBytes() - liveBefore <= budget, "peak " + r.peakNativeBytes() + " over " + budget);
            assertTrue(r.plan().reason().contains("out-of-core randomized SVD, 4 passes (q = 1)"), r.plan().reason());
            s1 = r.singularValues();
            estimate = r.errorEstimate();
        }
        try (Matrix whole = Npy.read(f); LowRankSvd mem = RandomizedSvd.of(whole, o)) {
            double[] sm = mem.singularValues();
            for (int i = 0; i < 4; i++) {
                // the same sketch arithmetic: agreement far tighter than the error estimate
                assertEquals(sm[i], s1[i], 1e3 * eps(DType.F32) * sm[0], "value " + i);
                // and within the estimate of the exact spectrum (the noise adds ≈ 1e-4·(√m + √n))
                assertEquals(sigma[i], s1[i], estimate + 0.05 * sigma[i], "value " + i + " against σ");
            }
            assertEquals(mem.errorEstimate(), estimate, 1e-3 * mem.errorEstimate());
        }
    }

    /** Two runs with one seed give the same bits (F64, shards, out of core with several blocks). */
    @Test
    void sameBitsFromRunToRun() throws IOException {
        double[][] a = NpyFiles.gaussian(3000, 60, 8);
        Path shards = Files.createDirectory(dir.resolve("s"));
        NpyFiles.write(shards.resolve("p0.npy"), java.util.Arrays.copyOfRange(a, 0, 1300), DType.F64, false);
        NpyFiles.write(shards.resolve("p1.npy"), java.util.Arrays.copyOfRange(a, 1300, 3000), DType.F64, true);
        RandomizedSvdOptions o = RandomizedSvdOptions.rank(5).oversampling(5).powerIters(2).seed(4);
        double[][] first = null;
        for (int run = 0; run < 2; run++) {
            try (DiskMatrix d = DiskMatrix.open(shards); OutOfCoreSvd r = OutOfCoreSvd.randomized(d, o, 1_000_000,
                    ProgressListener.NONE)) {
                assertEquals(Method.RANDOMIZED, r.plan().method());
                assertEquals(6, r.passes());
                double[][] got = {r.singularValues(), r.u().toColumnMajorArray(), r.vt().toColumnMajorArray(),
                    {r.errorEstimate()}};
                if (first == null) {
                    first = got;
                } else {
                    for (int k = 0; k < got.length; k++) {
                        assertArrayEquals(first[k], got[k], 0.0);
                    }
                }
            }
        }
    }

    /** Whole-file read when the data fit: the plan says in memory, one pass, the in-memory method's bits. */
    @Test
    void dataThatFitAreReadWhole() throws IOException {
        double[][] a = NpyFiles.gaussian(300, 40, 3);
        Path f = NpyFiles.write(dir.resolve("a.npy"), a, DType.F64, false);
        RandomizedSvdOptions o = RandomizedSvdOptions.rank(5).seed(2);
        try (DiskMatrix d = DiskMatrix.open(f); OutOfCoreSvd r = OutOfCoreSvd.randomized(d, o, 1L << 30,
                ProgressListener.NONE); Matrix am = Matrix.of(a); LowRankSvd mem = RandomizedSvd.of(am, o)) {
            assertEquals(Method.IN_MEMORY, r.plan().method());
            assertEquals(1, r.passes());
            assertArrayEquals(mem.singularValues(), r.singularValues(), 0.0);
        }
    }

    @Test
    void aSketchThatDoesNotFitIsRefusedBeforeAnyRead() throws IOException {
        Path f = NpyFiles.write(dir.resolve("a.npy"), NpyFiles.gaussian(2000, 50, 3), DType.F64, false);
        try (DiskMatrix d = DiskMatrix.open(f)) {
            MemoryBudgetException e = assertThrows(MemoryBudgetException.class, () -> OutOfCoreSvd.randomized(d,
                    RandomizedSvdOptions.rank(40).seed(1), 200_000, ProgressListener.NONE));
            assertTrue(e.getMessage().contains("nothing was read"), e.getMessage());
            assertTrue(e.neededBytes() > 200_000);
            assertEquals(0, d.bytesRead());
        }
    }

    /**
     * Exact thin SVD by out-of-core TSQR of an ill-conditioned tall matrix (κ = 1e10) in shards,
     * the first shorter than n (R grows from 10 rows), under a budget that gives blocks of ~100
     * rows: values to c·max(m,n)·ε·σ₁ of the known spectrum and of the in-memory SVD, U (read from
     * its file) orthonormal to c·m·ε whatever κ, and A = U·S·Vᵀ to c·m·ε·‖A‖.
     */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void exactTallSvdByTsqr(DType t) throws IOException {
        int m = 2500;
        int n = 40;
        double[] sigma = new double[n];
        double floor = t == DType.F32 ? 1e-5 : 1e-10;
        for (int i = 0; i < n; i++) {
            sigma[i] = Math.pow(floor, i / (double) (n - 1));
        }
        double[][] a = withSpectrum(m, n, sigma, 5);
        Path shards = Files.createDirectory(dir.resolve("shards"));
        int[] cuts = {0, 10, 700, 1900, m};
        for (int k = 0; k + 1 < cuts.length; k++) {
            NpyFiles.write(shards.resolve("part-" + k + ".npy"), java.util.Arrays.copyOfRange(a, cuts[k], cuts[k + 1]),
                    t, k % 2 == 1);
        }
        Path uFile = dir.resolve("U.npy");
        // the planner's prices (OutOfCorePlanner.tsqrElements): 12n² + 65n fixed, 5n per row; ~100 rows
        long budget = (long) ((12L * n * n + 65L * n + 100L * 5 * n) * t.bytes() * 9.0 / 8);
        long liveBefore = NativeConfig.liveNativeBytes();
        double[] s;
        try (DiskMatrix d = DiskMatrix.open(shards);
             OutOfCoreSvd r = OutOfCoreSvd.exact(d, n, uFile, dir, budget, ProgressListener.NONE)) {
            assertEquals(Method.TSQR, r.plan().method(), r.plan().toString());
            assertTrue(r.plan().blockRows() < 150, "several blocks per shard: " + r.plan());
            assertEquals(1, r.passes());
            assertEquals((long) m * n * t.bytes(), r.bytesRead());
            assertTrue(r.peakNativeBytes() - liveBefore <= budget, r.peakNativeBytes() + " over " + budget);
            s = r.singularValues();
            double tol = 8 * Math.max(m, n) * eps(t) * sigma[0];
            for (int i = 0; i < n; i++) {
                assertEquals(sigma[i], s[i], tol, "σ" + i);
            }
            try (Matrix am = Matrix.of(a, t); Matrix u = Npy.read(uFile)) {
                assertEquals(m, u.rows());
                assertEquals(n, u.cols());
                double[] mem = Svd.values(am);
                for (int i = 0; i < n; i++) {
                    assertEquals(mem[i], s[i], tol, "against the in-memory SVD, σ" + i);
                }
                try (Matrix utu = u.transpose().multiply(u); Matrix id = Matrix.identity(n, t);
                     Matrix e = utu.subtract(id)) {
                    assertTrue(e.normMax() <= 8 * m * eps(t), "‖UᵀU − I‖ = " + e.normMax());
                }
                try (Matrix us = u.multiply(diag(s, t)); Matrix rec = us.multiply(r.vt()); Matrix e = rec.subtract(am)) {
                    assertTrue(e.normFrobenius() <= 8 * m * eps(t) * am.normFrobenius(), "‖A − USVᵀ‖ = "
                            + e.normFrobenius());
                }
            }
        }
        assertTrue(Files.list(dir).noneMatch(p -> p.getFileName().toString().startsWith(".decomp4j-scratch")),
                "the scratch file is deleted");
    }

    /** One pass: on data of rank ≤ k the streaming values are the exact ones to rounding. */
    @Test
    void singlePassStreamingOnLowRankData() throws IOException {
        int m = 1200;
        int n = 30;
        double[] sigma = new double[n];
        for (int i = 0; i < 5; i++) {
            sigma[i] = 10.0 / (i + 1);
        }
        Path f = NpyFiles.write(dir.resolve("a.npy"), withSpectrum(m, n, sigma, 9), DType.F64, false);
        try (DiskMatrix d = DiskMatrix.open(f, 100);
             OutOfCoreSvd r = OutOfCoreSvd.streaming(d, 8, StreamingSvd.Keep.U_AND_V, ProgressListener.NONE)) {
            assertEquals(1, r.passes());
            assertEquals((long) m * n * 8, r.bytesRead());
            double[] s = r.singularValues();
            for (int i = 0; i < 8; i++) {
                assertEquals(sigma[i], s[i], 100 * m * eps(DType.F64) * sigma[0], "σ" + i);
            }
            assertEquals(m, r.u().rows());
            assertTrue(r.errorEstimate() <= 100 * m * eps(DType.F64) * sigma[0], "bound " + r.errorEstimate());
        }
    }

    @Test
    void aNonFiniteEntryIsNamedByItsRows() throws IOException {
        double[][] a = NpyFiles.gaussian(500, 8, 3);
        a[321][4] = Double.NaN;
        Path f = NpyFiles.write(dir.resolve("a.npy"), a, DType.F64, false);
        try (DiskMatrix d = DiskMatrix.open(f)) {
            NonFiniteInputException e = assertThrows(NonFiniteInputException.class,
                    () -> OutOfCoreSvd.exact(d, 8, dir.resolve("U.npy"), dir, 40_000, ProgressListener.NONE));
            assertTrue(e.getMessage().contains("a.npy"), e.getMessage());
        }
    }

    private static Matrix diag(double[] s, DType t) {
        try (Matrix d = Matrix.diagonal(s)) {
            return d.copy(t);
        }
    }
}
