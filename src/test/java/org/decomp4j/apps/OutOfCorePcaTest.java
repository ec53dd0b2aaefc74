package org.decomp4j.apps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.MemoryBudgetException;
import org.decomp4j.NativeConfig;
import org.decomp4j.NonFiniteInputException;
import org.decomp4j.ProgressListener;
import org.decomp4j.Qr;
import org.decomp4j.dispatch.OutOfCorePlanner.Method;
import org.decomp4j.io.DiskMatrix;
import org.decomp4j.io.Npy;
import org.decomp4j.io.NpyFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * PCA of data that stay on disk: against the in-memory {@link Pca} of the same data and against
 * the known spectrum of constructed data, under budgets far below the data's size.
 */
class OutOfCorePcaTest {
    @TempDir
    Path dir;

    private static double eps(DType t) {
        return t.bytes() == 4 ? 0x1p-23 : 0x1p-52;
    }

    /**
     * X = 1·μᵀ + U0·diag(σ)·V0ᵀ with U0 orthonormal and orthogonal to 1 (QR of a column-centred
     * Gaussian block), V0 orthogonal: the centred data's singular values are exactly σ and its
     * mean exactly μ (up to rounding of the construction).
     */
    static double[][] withCentredSpectrum(int m, int n, double[] sigma, double[] mu, long seed) {
        int r = sigma.length;
        double[][] g = NpyFiles.gaussian(m, r, seed);
        for (int j = 0; j < r; j++) {
            double s = 0;
            for (double[] row : g) {
                s += row[j];
            }
            for (double[] row : g) {
                row[j] -= s / m;
            }
        }
        try (Matrix gm = Matrix.of(g); Qr q1 = Qr.of(gm);
             Matrix g2 = Matrix.randomNormal(n, n, seed + 1, DType.F64); Qr q2 = Qr.of(g2);
             Matrix d = Matrix.diagonal(sigma);
             Matrix us = q1.q().multiply(d);
             Matrix v = q2.q().view(0, 0, n, r);
             Matrix a = us.multiply(v.transpose())) {
            double[][] x = a.toArray();
            for (double[] row : x) {
                for (int j = 0; j < n; j++) {
                    row[j] += mu[j];
                }
            }
            return x;
        }
    }

    private static double[] means(int n, double base) {
        double[] mu = new double[n];
        for (int j = 0; j < n; j++) {
            mu[j] = base + 10 * j;
        }
        return mu;
    }

    private Path shards(double[][] x, DType t, int... cuts) throws IOException {
        Path s = Files.createDirectory(dir.resolve("shards-" + t));
        for (int k = 0; k + 1 < cuts.length; k++) {
            NpyFiles.write(s.resolve("part-" + k + ".npy"), Arrays.copyOfRange(x, cuts[k], cuts[k + 1]), t, k % 2 == 1);
        }
        return s;
    }

    /**
     * Exact: tall data (3000 × 40, means 1000 … 1390, ten times the spread) in shards, the first
     * shorter than n, under a budget that gives blocks of ~100 rows: one pass, the native peak
     * under the budget, the variances, ratios, mean and components those of the in-memory PCA (and
     * of the constructed spectrum) to c·max(m,n)·ε; the scores file the in-memory transform's.
     */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void exactAgreesWithInMemoryPca(DType t) throws IOException {
        int m = 3000;
        int n = 40;
        double[] sigma = new double[n];
        for (int i = 0; i < n; i++) {
            sigma[i] = 100.0 * Math.pow(0.1, i / (double) (n - 1));   // 100 … 10: variances 10⁴ … 10²
        }
        double[] mu = means(n, 1000);
        double[][] x = withCentredSpectrum(m, n, sigma, mu, 3);
        Path in = shards(x, t, 0, 10, 1100, 2000, m);
        long budget = (long) ((12L * n * n + 65L * n + 100L * 5 * n) * t.bytes() * 9.0 / 8);
        double tol = 10 * Math.max(m, n) * eps(t);
        long liveBefore = NativeConfig.liveNativeBytes();
        Path scores = dir.resolve("scores.npy");
        try (DiskMatrix a = DiskMatrix.open(in);
             OutOfCorePca ooc = OutOfCorePca.fit(a, PcaOptions.all(), budget, ProgressListener.NONE);
             Matrix xm = Matrix.of(x, t);
             Pca mem = Pca.fit(xm, PcaOptions.all().solver(Pca.Solver.FULL))) {
            assertEquals(Method.TSQR, ooc.plan().method(), ooc.plan().toString());
            assertTrue(ooc.plan().blockRows() < 200, "several blocks: " + ooc.plan());
            assertTrue(ooc.reason().contains("centred TSQR"), ooc.reason());
            assertEquals(1, ooc.passes());
            assertEquals((long) m * n * t.bytes(), ooc.bytesRead());
            assertTrue(ooc.peakNativeBytes() - liveBefore <= budget, ooc.peakNativeBytes() + " over " + budget);
            assertEquals(n, ooc.componentCount());
            double[] ev = ooc.explainedVariance();
            double[] evMem = mem.explainedVariance();
            double[] ratio = ooc.explainedVarianceRatio();
            double[] ratioMem = mem.explainedVarianceRatio();
            for (int i = 0; i < n; i++) {
                double known = sigma[i] * sigma[i] / (m - 1);
                assertEquals(evMem[i], ev[i], tol * evMem[0], "variance " + i + " against in-memory PCA");
                assertEquals(known, ev[i], tol * known * 100, "variance " + i + " against the constructed spectrum");
                assertEquals(ratioMem[i], ratio[i], tol, "ratio " + i);
            }
            double[] mean = ooc.mean();
            for (int j = 0; j < n; j++) {
                assertEquals(mu[j], mean[j], tol * mu[n - 1], "mean " + j);
            }
            // the components of well-separated values agree (same sign convention) to c·ε·gap⁻¹
            try (Matrix c = ooc.components(); Matrix cm = mem.components(); Matrix e = c.subtract(cm)) {
                assertTrue(e.normMax() <= 1e3 * tol, "components differ by " + e.normMax());
            }
            ooc.transform(a, scores, ProgressListener.NONE);
            assertEquals(2, a.passes(), "the transform is one more pass");
            try (Matrix got = Npy.read(scores); Matrix want = mem.transform(xm); Matrix e = got.subtract(want)) {
                assertEquals(m, got.rows());
                assertEquals(n, got.cols());
                assertTrue(e.normMax() <= 1e3 * tol * sigma[0], "scores differ by " + e.normMax());
            }
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of("scores.npy", "shards-" + t), left.map(p -> p.getFileName().toString()).sorted()
                    .toList(), "nothing but the scores written, no temporary file left");
        }
    }

    /**
     * Randomized (k = 4 of a 4000 × 200 file under 2 MiB): 2q + 2 = 16 passes with scikit-learn's
     * q = 7, the mean taken in the first; values within the reported estimate of the constructed
     * spectrum (Weyl) and those of the in-memory randomized PCA (same Ω from the seed); ratios from
     * the centred sum of squares of the first pass; the same bits from run to run.
     */
    @Test
    void randomizedAgreesWithItsEstimateAndTheInMemoryPca() throws IOException {
        int m = 4000;
        int n = 200;
        double[] sigma = new double[30];
        for (int i = 0; i < sigma.length; i++) {
            sigma[i] = 50 * Math.pow(0.6, i);
        }
        double[][] x = withCentredSpectrum(m, n, sigma, means(n, 5), 9);
        Path in = NpyFiles.write(dir.resolve("x.npy"), x, DType.F64, false);
        long budget = 2L << 20;
        PcaOptions o = PcaOptions.components(4).solver(Pca.Solver.RANDOMIZED).seed(17);
        double[][] first = null;
        for (int run = 0; run < 2; run++) {
            long liveBefore = NativeConfig.liveNativeBytes();
            try (DiskMatrix a = DiskMatrix.open(in);
                 OutOfCorePca ooc = OutOfCorePca.fit(a, o, budget, ProgressListener.NONE)) {
                assertEquals(Method.RANDOMIZED, ooc.plan().method(), ooc.plan().toString());
                assertEquals(16, ooc.passes());
                assertEquals(16, ooc.plan().passes());
                assertEquals(16L * m * n * 8, ooc.bytesRead());
                assertTrue(ooc.peakNativeBytes() - liveBefore <= budget, ooc.peakNativeBytes() + " over " + budget);
                assertTrue(ooc.plan().reason().contains("implicitly centred"), ooc.plan().reason());
                double[] s = ooc.singularValues();
                double bound = ooc.errorEstimate();
                // it bounds ‖Xc − Â‖₂ ≥ σ₅, and the probes' factor keeps it within a few times σ₅
                assertTrue(bound >= sigma[4] && bound < 3 * sigma[4], "estimate " + bound);
                for (int i = 0; i < 4; i++) {
                    assertEquals(sigma[i], s[i], bound, "σ" + i + " within the estimate");
                }
                double[] got = {s[0], s[1], s[2], s[3]};
                double[][] all = {got, ooc.explainedVarianceRatio(), ooc.components().toColumnMajorArray(),
                    ooc.mean(), {bound}};
                if (first == null) {
                    first = all;
                    try (Matrix xm = Matrix.of(x); Pca mem = Pca.fit(xm, o)) {
                        double[] sm = mem.singularValues();
                        double[] rm = mem.explainedVarianceRatio();
                        for (int i = 0; i < 4; i++) {
                            // same sketch; the implicit centring rounds relative to the uncentred data
                            assertEquals(sm[i], s[i], 1e-10 * sm[0], "σ" + i + " against in-memory PCA");
                            assertEquals(rm[i], ooc.explainedVarianceRatio()[i], 1e-10, "ratio " + i);
                        }
                    }
                } else {
                    for (int k = 0; k < all.length; k++) {
                        assertArrayEquals(first[k], all[k], 0.0, "same bits, item " + k);
                    }
                }
            }
        }
    }

    /** A NaN in the last shard: the transform fails naming the rows, and leaves neither the scores nor a temporary file. */
    @Test
    void aFailedTransformLeavesNothing() throws IOException {
        double[][] x = NpyFiles.gaussian(2000, 20, 4);
        Path fit = shards(x, DType.F64, 0, 1000, 2000);
        double[][] bad = x.clone();
        bad[1500] = bad[1500].clone();
        bad[1500][3] = Double.NaN;
        Path other = Files.createDirectory(dir.resolve("other"));
        NpyFiles.write(other.resolve("part-0.npy"), bad, DType.F64, false);
        Path scores = dir.resolve("scores.npy");
        try (DiskMatrix a = DiskMatrix.open(fit);
             OutOfCorePca pca = OutOfCorePca.fit(a, PcaOptions.components(3), 200_000, ProgressListener.NONE);
             DiskMatrix b = DiskMatrix.open(other, 256)) {
            assertEquals(Method.TSQR, pca.plan().method());
            NonFiniteInputException e = assertThrows(NonFiniteInputException.class,
                    () -> pca.transform(b, scores, ProgressListener.NONE));
            assertTrue(e.getMessage().contains("rows 1280"), e.getMessage());
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of("other", "shards-F64"), left.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    /**
     * Data that fit with their centred copy are read whole (through a small read buffer) and fitted
     * by the in-memory Pca: the plan says so, one pass, Pca's bits, the native peak under the budget.
     */
    @Test
    void dataThatFitAreFittedInMemoryWithinTheBudget() throws IOException {
        double[][] x = NpyFiles.gaussian(3000, 30, 12);
        Path in = NpyFiles.write(dir.resolve("x.npy"), x, DType.F64, false);
        long budget = 4L << 20;                                  // the data are 720 KB
        long liveBefore = NativeConfig.liveNativeBytes();
        try (DiskMatrix a = DiskMatrix.open(in);
             OutOfCorePca ooc = OutOfCorePca.fit(a, PcaOptions.components(3), budget, ProgressListener.NONE);
             Matrix xm = Matrix.of(x); Pca mem = Pca.fit(xm, PcaOptions.components(3))) {
            assertEquals(Method.IN_MEMORY, ooc.plan().method(), ooc.plan().toString());
            assertTrue(ooc.plan().reason().contains("centred copy"), ooc.plan().reason());
            assertEquals(1, ooc.passes());
            assertTrue(ooc.peakNativeBytes() - liveBefore <= budget, ooc.peakNativeBytes() + " over " + budget);
            assertArrayEquals(mem.explainedVariance(), ooc.explainedVariance(), 0.0);
            assertArrayEquals(mem.mean(), ooc.mean(), 0.0);
        }
    }

    @Test
    void refusalsComeBeforeAnyRead() throws IOException {
        Path wide = NpyFiles.write(dir.resolve("wide.npy"), NpyFiles.gaussian(30, 400, 1), DType.F64, false);
        try (DiskMatrix a = DiskMatrix.open(wide)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OutOfCorePca.fit(a, PcaOptions.all(), 50_000, ProgressListener.NONE));
            assertTrue(e.getMessage().contains("m ≥ n"), e.getMessage());
            MemoryBudgetException b = assertThrows(MemoryBudgetException.class, () -> OutOfCorePca.fit(a,
                    PcaOptions.components(20).solver(Pca.Solver.RANDOMIZED), 50_000, ProgressListener.NONE));
            assertTrue(b.getMessage().contains("nothing was read"), b.getMessage());
            assertEquals(0, a.bytesRead());
        }
    }
}
