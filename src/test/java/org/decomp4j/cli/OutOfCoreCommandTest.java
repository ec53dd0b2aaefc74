package org.decomp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.io.NpyFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** svd, tsvd and rsvd on .npy files and shard directories larger than --budget. */
class OutOfCoreCommandTest {
    @TempDir
    Path dir;

    private static final double EPS = 0x1p-52;

    /** 4000 × 30 float64 (960 KB) in three shards, the middle one in Fortran order. */
    private Path shards(double[][] a) throws IOException {
        Path s = Files.createDirectory(dir.resolve("in"));
        NpyFiles.write(s.resolve("part-0.npy"), Arrays.copyOfRange(a, 0, 1500), DType.F64, false);
        NpyFiles.write(s.resolve("part-1.npy"), Arrays.copyOfRange(a, 1500, 2600), DType.F64, true);
        NpyFiles.write(s.resolve("part-2.npy"), Arrays.copyOfRange(a, 2600, 4000), DType.F64, false);
        return s;
    }

    @Test
    void svdOfAShardDirectoryLargerThanTheBudget() throws IOException {
        double[][] a = NpyFiles.gaussian(4000, 30, 1);
        Path in = shards(a);
        List<String> inputBefore = Cli.list(in);
        Path out = dir.resolve("out");
        Map<String, Object> j = Cli.run("svd", "--in", in, "--budget", "256K", "--out", out, "--json").json();
        assertEquals(true, j.get("out_of_core"));
        assertEquals(1.0, j.get("passes"));
        assertEquals(4000.0 * 30 * 8, j.get("bytes_read"));
        assertTrue((Double) j.get("peak_native_bytes") <= 256 * 1024, "" + j.get("peak_native_bytes"));
        assertTrue((Double) j.get("read_gb_per_s") > 0);
        assertTrue(((String) j.get("reason")).contains("out-of-core TSQR"), "" + j.get("reason"));
        assertEquals(List.of(".decomp4j-set.json", "S.npy", "U.npy", "Vt.npy"), Cli.list(out),
                "the set alone: no work directory, no scratch file left");
        assertEquals(inputBefore, Cli.list(in), "nothing written beside the input");
        double[][] u = Cli.read(out.resolve("U.npy"));
        assertEquals(4000, u.length);
        assertEquals(30, u[0].length);
        double[] s = Cli.readVector(out.resolve("S.npy"));
        try (Matrix am = Matrix.of(a); Matrix um = Matrix.of(u); Matrix utu = um.transpose().multiply(um);
             Matrix id = Matrix.identity(30); Matrix e = utu.subtract(id)) {
            assertTrue(e.normMax() <= 10 * 4000 * EPS, "‖UᵀU − I‖ = " + e.normMax());
            double[] want = org.decomp4j.Svd.values(am);
            for (int i = 0; i < 30; i++) {
                assertEquals(want[i], s[i], 10 * 4000 * EPS * want[0], "σ" + i);
            }
        }
    }

    @Test
    void tsvdWritesTheFirstKColumnsOfU() throws IOException {
        double[][] a = NpyFiles.gaussian(3000, 20, 2);
        Path in = NpyFiles.write(dir.resolve("a.npy"), a, DType.F64, false);
        Path out = dir.resolve("out");
        Map<String, Object> j = Cli.run("tsvd", "--in", in, "-k", 3, "--budget", "200K", "--out", out, "--json").json();
        assertEquals(true, j.get("out_of_core"));
        assertEquals(3.0, j.get("rank"));
        double[][] u = Cli.read(out.resolve("U.npy"));
        assertEquals(3, u[0].length);
        double[][] vt = Cli.read(out.resolve("Vt.npy"));
        assertEquals(3, vt.length);
        assertEquals(20, vt[0].length);
        // U·S·Vᵀ's columns: A·vᵢ = σᵢ·uᵢ
        double[] s = Cli.readVector(out.resolve("S.npy"));
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 3000; i += 331) {
                double av = 0;
                for (int k = 0; k < 20; k++) {
                    av += a[i][k] * vt[c][k];
                }
                assertEquals(s[c] * u[i][c], av, 1e3 * EPS * s[0]);
            }
        }
    }

    @Test
    void rsvdOfAFileLargerThanTheBudgetReportsPassesAndBytes() throws IOException {
        double[][] a = NpyFiles.gaussian(6000, 200, 3);
        Path in = NpyFiles.write(dir.resolve("a.npy"), a, DType.F64, false);
        Path out = dir.resolve("out");
        Map<String, Object> j = Cli.run("rsvd", "--in", in, "-k", 4, "--power-iters", 2, "--seed", 5,
                "--budget", "2M", "--out", out, "--json").json();
        assertEquals(true, j.get("out_of_core"));
        assertEquals(6.0, j.get("passes"));
        assertEquals(6.0 * 6000 * 200 * 8, j.get("bytes_read"));
        assertTrue((Double) j.get("peak_native_bytes") <= 2 << 20);
        assertEquals(2.0, j.get("power_iters"));
        // the same seed in memory (the file fits the default budget): the same sketch, close values
        Map<String, Object> mem = Cli.run("rsvd", "--in", in, "-k", 4, "--power-iters", 2, "--seed", 5,
                "--out", dir.resolve("mem"), "--json").json();
        assertTrue(!mem.containsKey("out_of_core") || Boolean.FALSE.equals(mem.get("out_of_core")));
        double[] s = Cli.readVector(out.resolve("S.npy"));
        double[] sm = Cli.readVector(dir.resolve("mem").resolve("S.npy"));
        for (int i = 0; i < 4; i++) {
            assertEquals(sm[i], s[i], 1e3 * EPS * sm[0]);
        }
        assertEquals(List.of(".decomp4j-set.json", "S.npy", "U.npy", "Vt.npy"), Cli.list(out));
    }

    /**
     * {@code rsvd --single-pass}: the file read once (passes 1, its bytes once), the plan saying the
     * accuracy trade, the native peak under the budget, and every value within the reported bound of
     * the exact SVD's (Weyl: |σᵢ(Â) − σᵢ(A)| ≤ ‖A − Â‖₂). Data: rank 3 with σ = 40, 20, 10 plus
     * small noise, so the bound is tight.
     */
    @Test
    void rsvdSinglePassReadsTheFileOnce() throws IOException {
        int m = 5000;
        int n = 40;
        double[][] a = NpyFiles.gaussian(m, n, 6);
        double[][] low = NpyFiles.gaussian(m, 3, 7);
        double[][] right = NpyFiles.gaussian(3, n, 8);
        double[] sigma = {40, 20, 10};
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double v = 1e-3 * a[i][j];
                for (int t = 0; t < 3; t++) {
                    v += sigma[t] * low[i][t] * right[t][j] / Math.sqrt((double) m * n);
                }
                a[i][j] = v;
            }
        }
        Path in = NpyFiles.write(dir.resolve("a.npy"), a, DType.F64, false);
        Path out = dir.resolve("out");
        Map<String, Object> j = Cli.run("rsvd", "--in", in, "-k", 3, "--single-pass", "--budget", "1M", "--out", out,
                "--json").json();
        assertEquals(true, j.get("out_of_core"));
        assertEquals("streaming", j.get("method"));
        assertEquals(1.0, j.get("passes"));
        assertEquals((double) m * n * 8, j.get("bytes_read"));
        assertTrue((Double) j.get("peak_native_bytes") <= 1 << 20, "" + j.get("peak_native_bytes"));
        assertTrue((Double) j.get("block_rows") < m, "several blocks: " + j.get("block_rows"));
        String reason = (String) j.get("reason");
        assertTrue(reason.contains("single pass") && reason.contains("approximate"), reason);
        assertTrue(!j.containsKey("power_iters") && !j.containsKey("seed"), j.keySet().toString());
        double bound = (Double) j.get("error_estimate");
        double[] s = Cli.readVector(out.resolve("S.npy"));
        try (Matrix am = Matrix.of(a)) {
            double[] exact = org.decomp4j.Svd.values(am);
            assertTrue(bound < 0.05 * exact[2], "a tight bound on low-rank data: " + bound);
            for (int i = 0; i < 3; i++) {
                assertEquals(exact[i], s[i], bound + 100 * m * EPS * exact[0], "σ" + i);
            }
        }
        assertEquals(List.of(".decomp4j-set.json", "S.npy", "U.npy", "Vt.npy"), Cli.list(out));
        String err = Cli.run("rsvd", "--in", in, "-k", 3, "--single-pass", "--power-iters", 1).fails(ExitCodes.BAD_INPUT);
        assertTrue(err.contains("no power iterations"), err);
    }

    /**
     * {@code pca} of a shard directory larger than {@code --budget}: the exact plan (tall data: one
     * pass, the centred TSQR), one more pass writing transformed.npy block by block, the JSON
     * counters, the native peak under the budget, the variances and scores those of the in-memory
     * {@code pca} of the same data, and nothing but the output set in OUT.
     */
    @Test
    void pcaOfAShardDirectoryLargerThanTheBudget() throws IOException {
        double[][] a = NpyFiles.gaussian(4000, 30, 9);
        for (double[] row : a) {
            for (int j = 0; j < 30; j++) {
                row[j] = 100 + j + row[j] * (1 + j % 5);   // means ≫ spread, unequal variances
            }
        }
        Path in = shards(a);
        List<String> inputBefore = Cli.list(in);
        Path out = dir.resolve("out");
        Map<String, Object> j = Cli.run("pca", "--in", in, "--components", 5, "--budget", "256K", "--out", out,
                "--json").json();
        assertEquals(true, j.get("out_of_core"));
        assertEquals(1.0, j.get("fit_passes"));
        assertEquals(2.0, j.get("passes"));
        assertEquals(2 * 4000.0 * 30 * 8, j.get("bytes_read"));
        assertTrue((Double) j.get("peak_native_bytes") <= 256 * 1024, "" + j.get("peak_native_bytes"));
        assertTrue(((String) j.get("reason")).contains("centred TSQR"), "" + j.get("reason"));
        assertEquals(List.of(".decomp4j-set.json", "components.npy", "explained_variance.npy",
                "explained_variance_ratio.npy", "mean.npy", "singular_values.npy", "transformed.npy"), Cli.list(out),
                "the set alone: no work directory left");
        assertEquals(inputBefore, Cli.list(in), "nothing written beside the input");
        Path whole = NpyFiles.write(dir.resolve("whole.npy"), a, DType.F64, false);
        Map<String, Object> mem = Cli.run("pca", "--in", whole, "--components", 5, "--solver", "full", "--out",
                dir.resolve("mem"), "--json").json();
        assertTrue(!mem.containsKey("out_of_core"));
        double[] ev = Cli.readVector(out.resolve("explained_variance.npy"));
        double[] evMem = Cli.readVector(dir.resolve("mem").resolve("explained_variance.npy"));
        double[] ratio = Cli.readVector(out.resolve("explained_variance_ratio.npy"));
        double[] ratioMem = Cli.readVector(dir.resolve("mem").resolve("explained_variance_ratio.npy"));
        for (int i = 0; i < 5; i++) {
            assertEquals(evMem[i], ev[i], 10 * 4000 * EPS * evMem[0], "variance " + i);
            assertEquals(ratioMem[i], ratio[i], 10 * 4000 * EPS, "ratio " + i);
        }
        double[][] t = Cli.read(out.resolve("transformed.npy"));
        double[][] tm = Cli.read(dir.resolve("mem").resolve("transformed.npy"));
        assertEquals(4000, t.length);
        assertEquals(5, t[0].length);
        for (int i = 0; i < 4000; i += 97) {
            for (int c = 0; c < 5; c++) {
                assertEquals(tm[i][c], t[i][c], 1e-8 * Math.sqrt(evMem[0]), "score " + i + "," + c);
            }
        }
        // a run failing mid-pass (a NaN in the last shard) leaves the set as it was and no work directory
        byte[] before = Files.readAllBytes(out.resolve("transformed.npy"));
        double[][] bad = Arrays.copyOfRange(a, 2600, 4000);
        bad[700][2] = Double.NaN;
        NpyFiles.write(in.resolve("part-2.npy"), bad, DType.F64, false);
        String err = Cli.run("pca", "--in", in, "--components", 5, "--budget", "256K", "--out", out).fails(
                ExitCodes.BAD_INPUT);
        assertTrue(err.contains("part-2") || err.contains("rows 3"), err);
        assertEquals(List.of(".decomp4j-set.json", "components.npy", "explained_variance.npy",
                "explained_variance_ratio.npy", "mean.npy", "singular_values.npy", "transformed.npy"), Cli.list(out));
        assertTrue(Arrays.equals(before, Files.readAllBytes(out.resolve("transformed.npy"))), "the set untouched");
    }

    /**
     * A run that fails mid-pass (a NaN in the last shard) leaves the previous set as it was and no
     * work files; a work directory left by a killed run (its process gone) is removed by the next run.
     */
    @Test
    void aFailedOrKilledRunLeavesNoPartialOutput() throws IOException {
        double[][] a = NpyFiles.gaussian(4000, 30, 4);
        Path in = shards(a);
        Path out = dir.resolve("out");
        Cli.run("svd", "--in", in, "--budget", "256K", "--out", out).ok();
        byte[] before = Files.readAllBytes(out.resolve("U.npy"));
        // a killed run's leftovers: a work directory whose owner process does not exist
        Path stale = Files.createDirectory(out.resolve(OutOfCoreInput.WORK_PREFIX + "00000000deadbeef"));
        Files.writeString(stale.resolve("owner.pid"), Long.toString(Integer.MAX_VALUE - 1L));
        Files.write(stale.resolve("U.npy"), new byte[100]);
        double[][] bad = Arrays.copyOfRange(a, 2600, 4000);
        bad[1000][7] = Double.NaN;
        NpyFiles.write(in.resolve("part-2.npy"), bad, DType.F64, false);
        String err = Cli.run("svd", "--in", in, "--budget", "256K", "--out", out).fails(ExitCodes.BAD_INPUT);
        assertTrue(err.contains("part-2") || err.contains("rows 3"), err);
        assertEquals(List.of(".decomp4j-set.json", "S.npy", "U.npy", "Vt.npy"), Cli.list(out),
                "the stale work directory removed, no new one left");
        assertTrue(Arrays.equals(before, Files.readAllBytes(out.resolve("U.npy"))), "the previous set untouched");
    }

    @Test
    void anExactRunOutOfCoreNeedsAnOutputDirectory() throws IOException {
        Path in = NpyFiles.write(dir.resolve("a.npy"), NpyFiles.gaussian(3000, 20, 2), DType.F64, false);
        String err = Cli.run("svd", "--in", in, "--budget", "200K").fails(ExitCodes.BAD_INPUT);
        assertTrue(err.contains("give --out DIR"), err);
        assertEquals(List.of("a.npy"), Cli.list(dir), "nothing written");
    }
}
