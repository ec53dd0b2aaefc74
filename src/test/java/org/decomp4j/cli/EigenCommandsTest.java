package org.decomp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.decomp4j.DType;
import org.decomp4j.TestMatrices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eigh} and {@code eig}: the files they write satisfy the defining equations. */
class EigenCommandsTest {
    @TempDir
    Path dir;

    /** {@code Q·diag(1..n)·Qᵀ}, exactly symmetric. */
    static double[][] symmetric(int n, long seed) {
        double[][] q = TestMatrices.orthogonal(n, seed);
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += q[i][k] * (k + 1) * q[j][k];
                }
                a[i][j] = s;
                a[j][i] = s;
            }
        }
        return a;
    }

    @Test
    void eighWritesAscendingValuesAndVectorsAsColumns() throws IOException {
        int n = 8;
        double[][] a = symmetric(n, 3);
        Path in = Cli.npy(dir, "a.npy", a);
        Path out = dir.resolve("eigh");
        Map<String, Object> j = Cli.run("eigh", "--in", in, "--out", out, "--json").json();
        assertEquals("dsyevd", j.get("driver"));
        assertEquals(List.of("w.npy", "v.npy"), j.get("outputs"));
        double[] w = Cli.readVector(out.resolve("w.npy"));
        double[][] v = Cli.read(out.resolve("v.npy"));
        for (int i = 0; i < n; i++) {
            assertEquals(i + 1, w[i], 1e-12);
        }
        double[][] av = TestMatrices.multiply(a, v);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                assertEquals(v[i][k] * w[k], av[i][k], 1e-12);
            }
        }
        assertTrue(TestMatrices.orthogonalityError(v) < 1e-13);
    }

    @Test
    void eighSubsetsValuesOnlyAndTheGeneralizedProblem() throws IOException {
        int n = 10;
        Path in = Cli.npy(dir, "a.npy", symmetric(n, 4));
        Path out = dir.resolve("top");
        Map<String, Object> j = Cli.run("eigh", "--in", in, "--out", out, "--subset-by-index", 7, 9, "--json").json();
        assertEquals("dsyevr", j.get("driver"));
        assertEquals(3.0, j.get("count"));
        assertEquals(List.of(8.0, 9.0, 10.0).size(), Cli.readVector(out.resolve("w.npy")).length);
        assertEquals(3, Cli.read(out.resolve("v.npy"))[0].length);
        Map<String, Object> byValue = Cli.run("eigh", "--in", in, "--subset-by-value", 2.5, 5.5, "--values-only",
                "--json").json();
        assertEquals(3.0, byValue.get("count")); // 3, 4, 5
        Path b = Cli.npy(dir, "b.npy", TestMatrices.identity(n));
        Path gen = dir.resolve("gen");
        Map<String, Object> g = Cli.run("eigh", "--in", in, "--b", b, "--out", gen, "--json").json();
        assertEquals("dsygvd", g.get("driver"));
        double[] w = Cli.readVector(gen.resolve("w.npy"));
        assertEquals(10, w[n - 1], 1e-12);
        Path f32 = Cli.npy(dir, "a32.npy", symmetric(n, 4), DType.F32);
        assertEquals("ssyevd", Cli.run("eigh", "--in", f32, "--json").json().get("driver"));
    }

    @Test
    void eighRefusesAnAsymmetricMatrixUnlessATriangleIsNamed() throws IOException {
        double[][] a = symmetric(5, 6);
        a[0][4] += 1;
        Path in = Cli.npy(dir, "a.npy", a);
        String err = Cli.run("eigh", "--in", in).fails(ExitCodes.BAD_INPUT);
        assertTrue(err.contains("not symmetric") && err.contains("a[0][4]"), err);
        Cli.run("eigh", "--in", in, "--lower", "--json").json();
        double[][] nb = TestMatrices.identity(5);
        nb[2][2] = -1;
        String np = Cli.run("eigh", "--in", Cli.npy(dir, "s.npy", symmetric(5, 6)), "--b", Cli.npy(dir, "nb.npy", nb))
                .fails(ExitCodes.NUMERICAL);
        assertTrue(np.contains("order 3"), np);
        Cli.run("eigh", "--in", in, "--subset-by-index", 3, 9).fails(ExitCodes.BAD_INPUT);
    }

    /** Reads a 1-D or Fortran-order 2-D {@code <c16} file: {re, im} of each element in file order. */
    static double[][] readComplex(Path f, int count) throws IOException {
        byte[] bytes = Files.readAllBytes(f);
        int headerLen = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
        String header = new String(bytes, 10, headerLen, StandardCharsets.ISO_8859_1);
        assertTrue(header.contains("'descr': '<c16'"), header);
        ByteBuffer b = ByteBuffer.wrap(bytes, 10 + headerLen, bytes.length - 10 - headerLen)
                .order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(count * 16, b.remaining(), "payload size");
        double[][] out = new double[count][2];
        for (double[] z : out) {
            z[0] = b.getDouble();
            z[1] = b.getDouble();
        }
        return out;
    }

    @Test
    void eigWritesComplexValuesAndVectors() throws IOException {
        double c = Math.cos(0.3);
        double s = Math.sin(0.3);
        double[][] a = {{c, -s, 0}, {s, c, 0}, {0, 0, 2}};
        Path in = Cli.npy(dir, "r.npy", a);
        Path out = dir.resolve("eig");
        Map<String, Object> j = Cli.run("eig", "--in", in, "--out", out, "--left", "--json").json();
        assertEquals("dgeev", j.get("driver"));
        assertEquals(false, j.get("real"));
        assertEquals(List.of("w.npy", "v.npy", "vl.npy"), j.get("outputs"));
        double[][] w = readComplex(out.resolve("w.npy"), 3);
        double[][] v = readComplex(out.resolve("v.npy"), 9); // column-major: v[i + 3k] is V[i][k]
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < 3; i++) { // (A·v_k)_i = λ_k·v_ik, complex
                double re = 0;
                double im = 0;
                for (int m = 0; m < 3; m++) {
                    re += a[i][m] * v[m + 3 * k][0];
                    im += a[i][m] * v[m + 3 * k][1];
                }
                double lr = w[k][0] * v[i + 3 * k][0] - w[k][1] * v[i + 3 * k][1];
                double li = w[k][0] * v[i + 3 * k][1] + w[k][1] * v[i + 3 * k][0];
                assertEquals(lr, re, 1e-14);
                assertEquals(li, im, 1e-14);
            }
        }
        assertTrue(String.valueOf(Cli.run("eig", "--in", in).ok()).contains("i"));
    }
}
