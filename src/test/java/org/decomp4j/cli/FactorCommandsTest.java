package org.decomp4j.cli;

import static org.decomp4j.TestMatrices.frobeniusDiff;
import static org.decomp4j.TestMatrices.gaussian;
import static org.decomp4j.TestMatrices.multiply;
import static org.decomp4j.TestMatrices.orthogonalityError;
import static org.decomp4j.TestMatrices.spd;
import static org.decomp4j.TestMatrices.transpose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.decomp4j.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lu}, {@code qr} and {@code cholesky}: the files they write satisfy their defining identities. */
class FactorCommandsTest {
    @TempDir
    Path dir;

    private static void assertClose(double[][] expected, double[][] actual, double tol, String what) {
        double d = frobeniusDiff(expected, actual);
        assertTrue(d <= tol, () -> what + ": difference " + d + " > " + tol);
    }

    private static void assertTriangular(double[][] t, boolean upper, String what) {
        for (int i = 0; i < t.length; i++) {
            for (int j = 0; j < t[i].length; j++) {
                if (upper ? i > j : j > i) {
                    assertEquals(0.0, t[i][j], what + " must be " + (upper ? "upper" : "lower") + " triangular at "
                            + i + "," + j);
                }
            }
        }
    }

    @Test
    void luFactorsRebuildTheMatrix() throws IOException {
        for (int[] shape : new int[][] {{6, 6}, {7, 4}, {4, 7}}) {
            double[][] a = gaussian(shape[0], shape[1], 5);
            Path in = Cli.npy(dir, "a.npy", a);
            Path out = dir.resolve("lu-" + shape[0] + "x" + shape[1]);
            Map<String, Object> j = Cli.run("lu", "--in", in, "--out", out, "--json").json();
            assertEquals("dgetrf", j.get("driver"));
            assertEquals(false, j.get("singular"));
            assertEquals(List.of("P.npy", "L.npy", "U.npy", "piv.npy"), j.get("outputs"));
            double[][] p = Cli.read(out.resolve("P.npy"));
            double[][] l = Cli.read(out.resolve("L.npy"));
            double[][] u = Cli.read(out.resolve("U.npy"));
            double[] piv = Cli.readVector(out.resolve("piv.npy"));
            int k = Math.min(shape[0], shape[1]);
            assertEquals(k, piv.length);
            assertEquals(k, l[0].length);
            assertEquals(k, u.length);
            assertTriangular(l, false, "L");
            assertTriangular(u, true, "U");
            assertClose(a, multiply(p, multiply(l, u)), Cli.tol(a, DType.F64), "P·L·U vs A");
            // piv is LAPACK's interchange list, 0-based: applying it to the rows of A gives L·U
            double[][] swapped = Arrays.stream(a).map(double[]::clone).toArray(double[][]::new);
            for (int i = 0; i < k; i++) {
                double[] t = swapped[i];
                swapped[i] = swapped[(int) piv[i]];
                swapped[(int) piv[i]] = t;
            }
            assertClose(swapped, multiply(l, u), Cli.tol(a, DType.F64), "rows of A swapped by piv vs L·U");
        }
    }

    @Test
    void luOfASingularMatrixSucceedsAndSaysSo() throws IOException {
        Path in = Cli.csv(dir, "s.csv", "1,2,3\n2,4,6\n1,0,1\n");
        Map<String, Object> j = Cli.run("lu", "--in", in, "--json").json();
        assertEquals(true, j.get("singular"));
        assertEquals(0.0, j.get("determinant"));
        String human = Cli.run("lu", "--in", in).ok();
        assertTrue(human.contains("singular: U[2][2] is exactly zero"), human);
    }

    @Test
    void qrFactorsRebuildTheMatrix() throws IOException {
        double[][] a = gaussian(8, 5, 6);
        Path in = Cli.npy(dir, "a.npy", a);
        Path out = dir.resolve("qr");
        Map<String, Object> j = Cli.run("qr", "--in", in, "--out", out, "--json").json();
        assertEquals("dgeqrf", j.get("driver"));
        assertEquals(List.of(org.decomp4j.io.OutputSet.MANIFEST, "Q.npy", "R.npy"), Cli.list(out));
        double[][] q = Cli.read(out.resolve("Q.npy"));
        double[][] r = Cli.read(out.resolve("R.npy"));
        assertEquals(5, q[0].length);
        assertEquals(5, r.length);
        assertTriangular(r, true, "R");
        double tol = Cli.tol(a, DType.F64);
        assertTrue(orthogonalityError(q) <= tol, "QᵀQ ≠ I");
        assertClose(a, multiply(q, r), tol, "Q·R vs A");
    }

    @Test
    void pivotedCompleteQrWritesThePermutation() throws IOException {
        double[][] a = org.decomp4j.TestMatrices.lowRank(7, 5, 3, 8);
        Path in = Cli.npy(dir, "a.npy", a);
        Path out = dir.resolve("qrp");
        Map<String, Object> j = Cli.run("qr", "--in", in, "--pivot", "--complete", "--out", out, "--json").json();
        assertEquals("dgeqp3", j.get("driver"));
        assertEquals(3.0, j.get("rank"));
        assertEquals("complete", j.get("mode"));
        assertEquals(List.of("Q.npy", "R.npy", "perm.npy"), j.get("outputs"));
        double[][] q = Cli.read(out.resolve("Q.npy"));
        double[][] r = Cli.read(out.resolve("R.npy"));
        double[] perm = Cli.readVector(out.resolve("perm.npy"));
        assertEquals(7, q[0].length, "complete Q is m×m");
        assertEquals(7, r.length, "complete R is m×n");
        double[][] ap = new double[7][5];
        for (int i = 0; i < 7; i++) {
            for (int c = 0; c < 5; c++) {
                ap[i][c] = a[i][(int) perm[c]];
            }
        }
        double tol = Cli.tol(a, DType.F64);
        assertTrue(orthogonalityError(q) <= tol, "QᵀQ ≠ I");
        assertClose(ap, multiply(q, r), tol, "Q·R vs A[:, perm]");
    }

    @Test
    void choleskyFactorRebuildsTheMatrix() throws IOException {
        double[][] a = spd(6, 9);
        Path in = Cli.npy(dir, "a.npy", a);
        Path out = dir.resolve("chol");
        Map<String, Object> j = Cli.run("cholesky", "--in", in, "--out", out, "--json").json();
        assertEquals("dpotrf", j.get("driver"));
        assertEquals(List.of(org.decomp4j.io.OutputSet.MANIFEST, "L.npy"), Cli.list(out));
        double[][] l = Cli.read(out.resolve("L.npy"));
        assertTriangular(l, false, "L");
        assertClose(a, multiply(l, transpose(l)), Cli.tol(a, DType.F64), "L·Lᵀ vs A");

        Path outU = dir.resolve("cholU");
        Cli.run("cholesky", "--in", in, "--upper", "--out", outU).ok();
        assertEquals(List.of(org.decomp4j.io.OutputSet.MANIFEST, "U.npy"), Cli.list(outU));
        double[][] u = Cli.read(outU.resolve("U.npy"));
        assertTriangular(u, true, "U");
        assertClose(a, multiply(transpose(u), u), Cli.tol(a, DType.F64), "Uᵀ·U vs A");
    }

    @Test
    void choleskyInSinglePrecision() throws IOException {
        double[][] a = spd(5, 4);
        Path in = Cli.npy(dir, "a.npy", a);
        Path out = dir.resolve("chol32");
        Map<String, Object> j = Cli.run("cholesky", "--in", in, "--f32", "--out", out, "--json").json();
        assertEquals("spotrf", j.get("driver"));
        assertEquals("float32", j.get("dtype"));
        double[][] l = Cli.read(out.resolve("L.npy"));
        double[][] a32 = org.decomp4j.TestMatrices.roundToFloat(a);
        assertClose(a32, multiply(l, transpose(l)), Cli.tol(a32, DType.F32), "L·Lᵀ vs A (float32)");
    }

    @Test
    void notPositiveDefiniteExitsThreeNamingTheMinorAndWritesNothing() throws IOException {
        // leading minors: 4 > 0, then 4·1 − 3·3 = −5 < 0, so order 2 fails
        Path in = Cli.csv(dir, "npd.csv", "4,3,0\n3,1,0\n0,0,2\n");
        Path out = dir.resolve("out");
        String err = Cli.run("cholesky", "--in", in, "--out", out, "--json").fails(ExitCodes.NUMERICAL);
        assertTrue(err.contains("leading minor of order 2"), err);
        assertEquals(List.of(), Cli.list(out));
    }
}
