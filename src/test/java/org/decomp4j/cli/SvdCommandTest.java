package org.decomp4j.cli;

import static org.decomp4j.TestMatrices.orthogonalityError;
import static org.decomp4j.TestMatrices.roundToFloat;
import static org.decomp4j.TestMatrices.svdResidual;
import static org.decomp4j.TestMatrices.transpose;
import static org.decomp4j.TestMatrices.withSpectrum;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.decomp4j.DType;
import org.decomp4j.NativeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code decomp4j svd}: files, their mathematics, drivers, precision and JSON. */
class SvdCommandTest {
    /** Known spectrum: A = Q1·diag(S)·Q2ᵀ, so the singular values are exactly these. */
    private static final double[] SPECTRUM = {9, 4, 2, 1, 0.25};
    private static final double[][] A = withSpectrum(7, 5, SPECTRUM, 11);

    @TempDir
    Path dir;

    /** Checks U, S, Vt in {@code out} against A: reconstruction, orthonormality, known spectrum. */
    private static void checkFactors(Path out, double[][] a, DType t, int uCols, int vtRows) throws IOException {
        double[][] u = Cli.read(out.resolve("U.npy"));
        double[] s = Cli.readVector(out.resolve("S.npy"));
        double[][] vt = Cli.read(out.resolve("Vt.npy"));
        assertEquals(a.length, u.length);
        assertEquals(uCols, u[0].length);
        assertEquals(vtRows, vt.length);
        assertEquals(a[0].length, vt[0].length);
        double tol = Cli.tol(a, t);
        assertTrue(svdResidual(a, u, s, vt) <= tol, () -> "‖A − U·S·Vt‖ = " + svdResidual(a, u, s, vt));
        assertTrue(orthogonalityError(u) <= tol, "UᵀU ≠ I");
        assertTrue(orthogonalityError(transpose(vt)) <= tol, "VᵀV ≠ I");
        for (int i = 0; i < SPECTRUM.length; i++) {
            assertEquals(SPECTRUM[i], s[i], tol, "singular value " + i);
        }
        assertEquals(t, Cli.dtypeOf(out.resolve("U.npy")));
        assertEquals(t, Cli.dtypeOf(out.resolve("S.npy")));
    }

    @Test
    void thinSvdWritesFactorsThatRebuildTheMatrix() throws IOException {
        Path in = Cli.npy(dir, "a.npy", A);
        Path out = dir.resolve("out");
        Map<String, Object> j = Cli.run("svd", "--in", in, "--out", out, "--json").json();
        assertEquals(List.of(org.decomp4j.io.OutputSet.MANIFEST, "S.npy", "U.npy", "Vt.npy"), Cli.list(out), "exactly the three files, no leftovers");
        checkFactors(out, A, DType.F64, 5, 5);
        assertEquals("svd", j.get("command"));
        assertEquals(List.of(7.0, 5.0), j.get("shape"));
        assertEquals("float64", j.get("dtype"));
        assertEquals("java_qr", j.get("driver")); // 7×5: below SvdPlanner.SMALL_CROSSOVER
        assertEquals(List.of("U.npy", "S.npy", "Vt.npy"), j.get("outputs"));
        assertEquals(5.0, j.get("rank"));
        assertEquals(false, j.get("singular_values_truncated"));
        assertArrayEquals(SPECTRUM, Cli.doubles(j.get("singular_values")), Cli.tol(A, DType.F64));
        assertTrue(((String) j.get("reason")).contains("gesdd"), j.get("reason").toString());
    }

    @Test
    void fullSvdGivesSquareFactors() throws IOException {
        Path in = Cli.npy(dir, "a.npy", A);
        Path out = dir.resolve("out");
        Cli.run("svd", "--in", in, "--out", out, "--full").ok();
        checkFactors(out, A, DType.F64, 7, 5);
    }

    @Test
    void eachDriverCanBeChosen() throws IOException {
        Path in = Cli.npy(dir, "a.npy", A);
        for (String[] d : new String[][] {{"gesvd", "dgesvd"}, {"gesvj", "dgesvj"}, {"jacobi", "dgesvj"},
            {"GESDD", "dgesdd"}, {"auto", "java_qr"}, {"java_jacobi", "java_jacobi"}, {"java", "java_jacobi"},
            {"java_qr", "java_qr"}}) {
            Path out = dir.resolve("out-" + d[0]);
            Map<String, Object> j = Cli.run("svd", "--in", in, "--driver", d[0], "--out", out, "--json").json();
            assertEquals(d[1], j.get("driver"));
            checkFactors(out, A, DType.F64, 5, 5);
        }
    }

    @Test
    void f32ComputesInSinglePrecision() throws IOException {
        Path in = Cli.npy(dir, "a.npy", A);
        Path out = dir.resolve("out");
        Map<String, Object> j = Cli.run("svd", "--in", in, "--f32", "--out", out, "--json").json();
        assertEquals("java_qr", j.get("driver")); // Java drivers carry no dtype prefix
        assertEquals("float32", j.get("dtype"));
        checkFactors(out, roundToFloat(A), DType.F32, 5, 5);
    }

    @Test
    void float32FileIsComputedInFloat32WithoutTheFlag() throws IOException {
        Path in = Cli.npy(dir, "a32.npy", A, DType.F32);
        Map<String, Object> j = Cli.run("svd", "--in", in, "--json").json();
        assertEquals("java_qr", j.get("driver")); // Java drivers carry no dtype prefix
        assertEquals("float32", j.get("dtype"));
    }

    @Test
    void valuesOnlyWritesOnlyS() throws IOException {
        Path in = Cli.npy(dir, "a.npy", A);
        Path out = dir.resolve("out");
        Map<String, Object> j = Cli.run("svd", "--in", in, "--values-only", "--out", out, "--json").json();
        assertEquals(List.of(org.decomp4j.io.OutputSet.MANIFEST, "S.npy"), Cli.list(out));
        assertEquals(List.of("S.npy"), j.get("outputs"));
        assertEquals("none", j.get("job"));
        assertArrayEquals(SPECTRUM, Cli.readVector(out.resolve("S.npy")), Cli.tol(A, DType.F64));
    }

    @Test
    void readsCOrderNpyMatrixMarketAndCsv() throws IOException {
        double[][] small = {{3, 0}, {4, 5}};
        // singular values of [[3, 0], [4, 5]]: sqrt(45) and sqrt(5) (σ₁σ₂ = |det| = 15, σ₁² + σ₂² = 50)
        double[] expected = {Math.sqrt(45), Math.sqrt(5)};
        Path c = Cli.cOrderNpy(dir, "c.npy", small);
        Path mtx = Cli.csv(dir, "a.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 3\n2 1 4\n2 2 5\n");
        Path arr = Cli.csv(dir, "b.mtx", "%%MatrixMarket matrix array real general\n2 2\n3\n4\n0\n5\n");
        Path csv = Cli.csv(dir, "a.csv", "x,y\n3,0\n4,5\n");
        for (Path in : new Path[] {c, mtx, arr, csv}) {
            Map<String, Object> j = Cli.run("svd", "--in", in, "--values-only", "--json").json();
            assertArrayEquals(expected, Cli.doubles(j.get("singular_values")), Cli.tol(small, DType.F64), in.toString());
        }
    }

    @Test
    void budgetAcceptsSuffixesAndRefusesWhatCannotFit() throws IOException {
        Path in = Cli.npy(dir, "a.npy", A);
        assertEquals("java_qr", Cli.run("svd", "--in", in, "--budget", "512M", "--json").json().get("driver"));
        assertEquals("java_qr", Cli.run("svd", "--in", in, "--budget", "1073741824", "--json").json().get("driver"));
        String err = Cli.run("svd", "--in", in, "--budget", "100").fails(ExitCodes.BAD_INPUT);
        assertTrue(err.contains("budget") && err.contains("--budget"), err);
        err = Cli.run("svd", "--in", in, "--budget", "lots").fails(ExitCodes.BAD_INPUT);
        assertTrue(err.contains("'lots' is not a byte count"), err);
    }

    @Test
    void humanSummaryWithoutOut() throws IOException {
        Path in = Cli.npy(dir, "a.npy", A);
        String out = Cli.run("svd", "--in", in).ok();
        assertTrue(out.contains("svd of " + in + ": 7×5 float64"), out);
        assertTrue(out.contains("driver: java_qr"), out);
        assertTrue(out.contains("singular values: 9.00000, 4.00000"), out);
        assertTrue(out.contains("numerical rank: 5"), out);
        assertTrue(Cli.list(dir).equals(List.of("a.npy")), "nothing written without --out");
    }

    @Test
    void manySingularValuesAreTruncatedInJson() throws IOException {
        double[][] big = org.decomp4j.TestMatrices.gaussian(120, 110, 3);
        Path in = Cli.npy(dir, "big.npy", big);
        Map<String, Object> j = Cli.run("svd", "--in", in, "--values-only", "--json").json();
        assertEquals(SvdCommand.JSON_VALUES, Cli.doubles(j.get("singular_values")).length);
        assertEquals(true, j.get("singular_values_truncated"));
    }

    @Test
    void threadsOptionAppliesAndIsRestored() throws IOException {
        Path in = Cli.npy(dir, "a.npy", A);
        int before = NativeConfig.threads();
        Cli.run("svd", "--in", in, "--threads", "1", "--json").json();
        assertEquals(before, NativeConfig.threads());
    }
}
