package org.decomp4j.cli;

import static org.decomp4j.TestMatrices.orthogonalityError;
import static org.decomp4j.TestMatrices.transpose;
import static org.decomp4j.TestMatrices.withSpectrum;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.decomp4j.DType;
import org.decomp4j.TestMatrices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code decomp4j tsvd} and {@code decomp4j rsvd}: files, their mathematics, JSON, errors. */
class TopKCommandsTest {
    /** A = Q1·diag(SPECTRUM)·Q2ᵀ, 60×30: singular values exactly these, then zeros. */
    private static final double[] SPECTRUM = {50, 20, 10, 5, 2, 1, 0.5, 0.25};
    private static final double[][] A = withSpectrum(60, 30, SPECTRUM, 5);

    @TempDir
    Path dir;

    /** U (m×k), S (k), Vt (k×n): orthonormal, values as planted, U·S·Vt = the rank-k part of A. */
    private static double[] checkFactors(Path out, int k, DType t) throws IOException {
        double[][] u = Cli.read(out.resolve("U.npy"));
        double[] s = Cli.readVector(out.resolve("S.npy"));
        double[][] vt = Cli.read(out.resolve("Vt.npy"));
        assertEquals(60, u.length);
        assertEquals(k, u[0].length);
        assertEquals(k, s.length);
        assertEquals(k, vt.length);
        assertEquals(30, vt[0].length);
        double tol = Cli.tol(A, t);
        assertTrue(orthogonalityError(u) <= tol, "UᵀU ≠ I");
        assertTrue(orthogonalityError(transpose(vt)) <= tol, "VVᵀ ≠ I");
        for (int i = 0; i < k; i++) {
            assertEquals(SPECTRUM[i], s[i], tol, "σ" + i);
        }
        // Eckart–Young: ‖A − U·S·Vt‖_F² = Σ_{i ≥ k} σᵢ²
        double tail = 0;
        for (int i = k; i < SPECTRUM.length; i++) {
            tail += SPECTRUM[i] * SPECTRUM[i];
        }
        assertEquals(Math.sqrt(tail), TestMatrices.svdResidual(A, u, s, vt), tol, "‖A − U·S·Vt‖_F");
        assertEquals(t, Cli.dtypeOf(out.resolve("U.npy")));
        return s;
    }

    @Test
    void tsvdWritesTheExactTopK() throws IOException {
        Path in = Cli.npy(dir, "a.npy", A);
        Path out = dir.resolve("out");
        Map<String, Object> j = Cli.run("tsvd", "--in", in, "--rank", 3, "--out", out, "--json").json();
        assertEquals(List.of(org.decomp4j.io.OutputSet.MANIFEST, "S.npy", "U.npy", "Vt.npy"), Cli.list(out), "exactly the three files, no leftovers");
        checkFactors(out, 3, DType.F64);
        assertEquals("tsvd", j.get("command"));
        assertEquals("dgesvdx", j.get("driver"));
        assertEquals("gesvdx", j.get("method"));
        assertEquals(3.0, j.get("rank"));
        assertEquals(List.of("U.npy", "S.npy", "Vt.npy"), j.get("outputs"));
        assertArrayEquals(Arrays.copyOf(SPECTRUM, 3), Cli.doubles(j.get("singular_values")), Cli.tol(A, DType.F64));
        assertTrue(((String) j.get("reason")).contains("gesvdx"), j.get("reason").toString());
    }

    @Test
    void tsvdUsesTheFullSvdWhenKIsCloseToMinAndHonoursMethod() throws IOException {
        Path in = Cli.npy(dir, "a.npy", A);
        Map<String, Object> near = Cli.run("tsvd", "--in", in, "-k", 25, "--out", dir.resolve("near"), "--json").json();
        assertEquals("gesdd", near.get("method"));
        assertEquals("dgesdd", near.get("driver"));
        Map<String, Object> named = Cli.run("tsvd", "--in", in, "-k", 8, "--method", "GESDD", "--out",
                dir.resolve("named"), "--json").json();
        assertEquals("gesdd", named.get("method"));
        checkFactors(dir.resolve("named"), 8, DType.F64);
        String err = Cli.run("tsvd", "--in", in, "-k", 2, "--method", "randomized").fails(ExitCodes.BAD_INPUT);
        assertTrue(err.contains("rsvd"), err);
    }

    @Test
    void tsvdInSinglePrecisionFromCsv() throws IOException {
        StringBuilder csv = new StringBuilder();
        for (double[] row : A) {
            csv.append(String.join(",", Arrays.stream(row).mapToObj(Double::toString).toList())).append('\n');
        }
        Path in = Cli.csv(dir, "a.csv", csv.toString());
        Path out = dir.resolve("out");
        Map<String, Object> j = Cli.run("tsvd", "--in", in, "--rank", 4, "--f32", "--out", out, "--json").json();
        assertEquals("sgesvdx", j.get("driver"));
        assertEquals("float32", j.get("dtype"));
        checkFactors(out, 4, DType.F32);
    }

    /** A as a Matrix Market coordinate file: every entry listed, so the CLI keeps it sparse. */
    private static Path coordinate(Path dir, double[][] a) throws IOException {
        StringBuilder b = new StringBuilder("%%MatrixMarket matrix coordinate real general\n");
        b.append(a.length).append(' ').append(a[0].length).append(' ').append(a.length * a[0].length).append('\n');
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                b.append(i + 1).append(' ').append(j + 1).append(' ').append(Double.toString(a[i][j])).append('\n');
            }
        }
        return java.nio.file.Files.writeString(dir.resolve("a.mtx"), b.toString());
    }

    @Test
    void sparseCoordinateInputRunsLanczosWithoutDensifying() throws IOException {
        Path in = coordinate(dir, A);
        Path out = dir.resolve("out");
        Map<String, Object> j = Cli.run("tsvd", "--in", in, "--rank", 3, "--out", out, "--json").json();
        assertEquals("lanczos", j.get("driver"));
        assertTrue(((String) j.get("reason")).contains("never densified"), j.get("reason").toString());
        double[] s = Cli.readVector(out.resolve("S.npy"));
        double[][] u = Cli.read(out.resolve("U.npy"));
        double[][] vt = Cli.read(out.resolve("Vt.npy"));
        // Lanczos stops at a residual of 1e-10·σ₁ (SparseSvdOptions.DEFAULT_TOL_F64): values agree to
        // about its square over the gap, vectors to the residual over the gap (gap ≥ 10 here)
        for (int i = 0; i < 3; i++) {
            assertEquals(SPECTRUM[i], s[i], 1e-9 * SPECTRUM[0], "σ" + i);
        }
        assertTrue(orthogonalityError(u) <= 1e-9, "UᵀU ≠ I");
        assertTrue(orthogonalityError(transpose(vt)) <= 1e-9, "VVᵀ ≠ I");
        double tail = Math.sqrt(SPECTRUM[3] * SPECTRUM[3] + SPECTRUM[4] * SPECTRUM[4] + SPECTRUM[5] * SPECTRUM[5]
                + SPECTRUM[6] * SPECTRUM[6] + SPECTRUM[7] * SPECTRUM[7]);
        assertEquals(tail, TestMatrices.svdResidual(A, u, s, vt), 1e-8 * SPECTRUM[0], "‖A − U·S·Vt‖_F");

        Path rout = dir.resolve("rout");
        Map<String, Object> r = Cli.run("rsvd", "--in", in, "--rank", 3, "--seed", 5, "--out", rout, "--json").json();
        assertEquals("randomized", r.get("method"));
        assertArrayEquals(Arrays.copyOf(SPECTRUM, 3), Cli.readVector(rout.resolve("S.npy")), 1e-8 * SPECTRUM[0]);

        Path dout = dir.resolve("dout");
        Map<String, Object> d = Cli.run("tsvd", "--in", in, "--rank", 3, "--densify", "--out", dout, "--json").json();
        assertEquals("dgesvdx", d.get("driver"));
        assertArrayEquals(Arrays.copyOf(SPECTRUM, 3), Cli.readVector(dout.resolve("S.npy")), Cli.tol(A, DType.F64));
    }

    @Test
    void rsvdWritesTheTopKWithAnErrorEstimate() throws IOException {
        Path in = Cli.npy(dir, "a.npy", A);
        Path out = dir.resolve("out");
        Map<String, Object> j = Cli.run("rsvd", "--in", in, "--rank", 4, "--oversample", 6, "--power-iters", 3,
                "--seed", 11, "--out", out, "--json").json();
        checkFactors(out, 4, DType.F64);
        assertEquals("rsvd", j.get("command"));
        assertEquals("randomized", j.get("method"));
        assertTrue(((String) j.get("driver")).startsWith("randomized (q=3, p=6"), j.get("driver").toString());
        assertEquals(3.0, j.get("power_iters"));
        assertEquals(6.0, j.get("oversample"));
        assertEquals(11.0, j.get("seed"));
        assertEquals("qr", j.get("normalizer"));
        // the estimate bounds ‖A − U·S·Vt‖₂ = σ₅ = 2 (exact here: the block spans A's range)
        double est = (Double) j.get("error_estimate");
        assertTrue(est >= SPECTRUM[4] * (1 - 1e-9) && est < 100 * SPECTRUM[4], "error estimate " + est);
    }

    @Test
    void rsvdIsReproducibleForASeed() throws IOException {
        double[][] noisy = TestMatrices.gaussian(80, 40, 3);
        Path in = Cli.npy(dir, "g.npy", noisy);
        Cli.run("rsvd", "--in", in, "-k", 5, "--power-iters", 1, "--seed", 7, "--out", dir.resolve("x")).ok();
        Cli.run("rsvd", "--in", in, "-k", 5, "--power-iters", 1, "--seed", 7, "--out", dir.resolve("y")).ok();
        Cli.run("rsvd", "--in", in, "-k", 5, "--power-iters", 1, "--seed", 8, "--out", dir.resolve("z")).ok();
        for (String f : List.of("U.npy", "S.npy", "Vt.npy")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("x").resolve(f)), Files.readAllBytes(dir.resolve("y").resolve(f)), f);
        }
        assertTrue(!Arrays.equals(Files.readAllBytes(dir.resolve("x").resolve("S.npy")),
                Files.readAllBytes(dir.resolve("z").resolve("S.npy"))), "another seed, other values (Gaussian A, q = 1)");
    }

    @Test
    void rsvdWithLuNormalizerAndF32() throws IOException {
        Path in = Cli.npy(dir, "a32.npy", A, DType.F32);
        Path out = dir.resolve("out");
        Map<String, Object> j = Cli.run("rsvd", "--in", in, "-k", 3, "--normalizer", "LU", "--out", out, "--json").json();
        assertEquals("float32", j.get("dtype"));
        assertEquals("lu", j.get("normalizer"));
        assertEquals(4.0, j.get("power_iters"), "k = 3 is not below 30/10: scikit-learn's q = 4");
        checkFactors(out, 3, DType.F32);
    }

    @Test
    void badRanksAndOptionsAreUsageErrors() throws IOException {
        Path in = Cli.npy(dir, "a.npy", A);
        for (String cmd : List.of("tsvd", "rsvd")) {
            String big = Cli.run(cmd, "--in", in, "--rank", 31, "--out", dir.resolve("o")).fails(ExitCodes.BAD_INPUT);
            assertTrue(big.contains("min(m, n) = 30") && big.contains("k = 31"), big);
            Cli.run(cmd, "--in", in, "--rank", 0).fails(ExitCodes.BAD_INPUT);
            String missing = Cli.run(cmd, "--in", in).fails(ExitCodes.BAD_INPUT);
            assertTrue(missing.contains("--rank"), missing);
            assertEquals(List.of(), Cli.list(dir.resolve("o")), "nothing written on failure");
        }
        Cli.run("rsvd", "--in", in, "-k", 2, "--oversample", -1).fails(ExitCodes.BAD_INPUT);
        Cli.run("rsvd", "--in", in, "-k", 2, "--power-iters", -3).fails(ExitCodes.BAD_INPUT);
        String norm = Cli.run("rsvd", "--in", in, "-k", 2, "--normalizer", "cholesky").fails(ExitCodes.BAD_INPUT);
        assertTrue(norm.contains("qr, lu, none"), norm);
    }

    @Test
    void humanSummaryNamesMethodAndValues() throws IOException {
        Path in = Cli.npy(dir, "a.npy", A);
        String out = Cli.run("rsvd", "--in", in, "-k", 2).ok();
        assertTrue(out.contains("top 2 singular values: 50.0000, 20.0000"), out);
        assertTrue(out.contains("error estimate"), out);
        String t = Cli.run("tsvd", "--in", in, "-k", 2).ok();
        assertTrue(t.contains("driver: dgesvdx"), t);
    }
}
