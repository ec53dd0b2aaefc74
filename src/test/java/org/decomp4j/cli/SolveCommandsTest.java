package org.decomp4j.cli;

import static org.decomp4j.TestMatrices.frobenius;
import static org.decomp4j.TestMatrices.frobeniusDiff;
import static org.decomp4j.TestMatrices.gaussian;
import static org.decomp4j.TestMatrices.lowRank;
import static org.decomp4j.TestMatrices.multiply;
import static org.decomp4j.TestMatrices.transpose;
import static org.decomp4j.TestMatrices.withSpectrum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.decomp4j.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code solve}, {@code lstsq}, {@code pinv}, {@code rank}, {@code cond}. */
class SolveCommandsTest {
    private static final double EPS = DType.F64.eps();

    @TempDir
    Path dir;

    @Test
    void solveGivesXWithAXEqualB() throws IOException {
        double[][] a = gaussian(6, 6, 21);
        double[][] b = gaussian(6, 2, 22);
        Path out = dir.resolve("x");
        Map<String, Object> j = Cli.run("solve", "--in", Cli.npy(dir, "a.npy", a), "--rhs", Cli.npy(dir, "b.npy", b),
                "--out", out, "--json").json();
        assertEquals("dgetrf", j.get("driver"));
        assertEquals(List.of("X.npy"), j.get("outputs"));
        double[][] x = Cli.read(out.resolve("X.npy"));
        double r = frobeniusDiff(multiply(a, x), b);
        // backward-stable solve: residual ~ n·eps·‖A‖·‖X‖ (a generous c = 100 for growth)
        assertTrue(r <= 100 * 6 * EPS * frobenius(a) * frobenius(x), () -> "‖A·X − B‖ = " + r);
    }

    @Test
    void solveAndLstsqInSinglePrecision() throws IOException {
        double[][] a = gaussian(5, 5, 23);
        double[][] b = gaussian(5, 1, 24);
        Path in = Cli.npy(dir, "a.npy", a);
        Path rhs = Cli.npy(dir, "b.npy", b);
        Path out = dir.resolve("x32");
        Map<String, Object> j = Cli.run("solve", "--in", in, "--rhs", rhs, "--f32", "--out", out, "--json").json();
        assertEquals("sgetrf", j.get("driver"));
        assertEquals("float32", j.get("dtype"));
        assertEquals(DType.F32, Cli.dtypeOf(out.resolve("X.npy")));
        double[][] a32 = org.decomp4j.TestMatrices.roundToFloat(a);
        double[][] x = Cli.read(out.resolve("X.npy"));
        double r = frobeniusDiff(multiply(a32, x), org.decomp4j.TestMatrices.roundToFloat(b));
        assertTrue(r <= 100 * 5 * DType.F32.eps() * frobenius(a32) * frobenius(x), () -> "‖A·X − B‖ = " + r);
        assertEquals("sgelsd", Cli.run("lstsq", "--in", in, "--rhs", rhs, "--f32", "--json").json().get("driver"));
    }

    @Test
    void solveOfASingularMatrixExitsThreeAndWritesNothing() throws IOException {
        Path a = Cli.csv(dir, "a.csv", "1,0\n2,0\n");
        Path b = Cli.csv(dir, "b.csv", "1\n2\n");
        Path out = dir.resolve("x");
        String err = Cli.run("solve", "--in", a, "--rhs", b, "--out", out).fails(ExitCodes.NUMERICAL);
        assertTrue(err.startsWith("decomp4j solve: ") && err.contains("singular"), err);
        assertEquals(List.of(), Cli.list(out), "no partial output");
    }

    @Test
    void lstsqSatisfiesTheNormalEquations() throws IOException {
        double[][] a = gaussian(10, 4, 31);
        double[][] b = gaussian(10, 1, 32);
        Path out = dir.resolve("x");
        Map<String, Object> j = Cli.run("lstsq", "--in", Cli.npy(dir, "a.npy", a), "--rhs", Cli.npy(dir, "b.npy", b),
                "--out", out, "--json").json();
        assertEquals("dgelsd", j.get("driver"));
        assertEquals(4.0, j.get("rank"));
        double[][] x = Cli.read(out.resolve("X.npy"));
        double[][] r = new double[10][1];
        double[][] ax = multiply(a, x);
        double ss = 0;
        for (int i = 0; i < 10; i++) {
            r[i][0] = ax[i][0] - b[i][0];
            ss += r[i][0] * r[i][0];
        }
        // the residual of a least-squares solution is orthogonal to the columns of A
        double[][] atr = multiply(transpose(a), r);
        double bound = 100 * 10 * EPS * frobenius(a) * (frobenius(a) * frobenius(x) + frobenius(b));
        assertTrue(frobenius(atr) <= bound, () -> "‖Aᵀ(A·X − B)‖ = " + frobenius(atr));
        double[] residuals = Cli.doubles(j.get("residuals"));
        assertEquals(1, residuals.length);
        assertEquals(ss, residuals[0], 1e-10 * Math.max(1, ss));
    }

    @Test
    void pinvSatisfiesThePenroseConditions() throws IOException {
        double[][] a = lowRank(6, 4, 2, 41); // rank 2: the pseudo-inverse, not an inverse
        Path out = dir.resolve("p");
        Map<String, Object> j = Cli.run("pinv", "--in", Cli.npy(dir, "a.npy", a), "--out", out, "--json").json();
        assertEquals("java_qr", j.get("driver")); // 6×4: below SvdPlanner.SMALL_CROSSOVER
        assertEquals(2.0, j.get("rank"));
        double[][] x = Cli.read(out.resolve("X.npy"));
        assertEquals(4, x.length);
        assertEquals(6, x[0].length);
        double tol = 100 * Cli.tol(a, DType.F64);
        assertTrue(frobeniusDiff(multiply(multiply(a, x), a), a) <= tol, "A·A⁺·A ≠ A");
        assertTrue(frobeniusDiff(multiply(multiply(x, a), x), x) <= tol * frobenius(x) * frobenius(x), "A⁺·A·A⁺ ≠ A⁺");
    }

    @Test
    void rankPrintsTheConstructedRank() throws IOException {
        Path in = Cli.npy(dir, "a.npy", lowRank(9, 7, 3, 51));
        assertEquals("3", Cli.run("rank", "--in", in).ok().strip());
        Map<String, Object> j = Cli.run("rank", "--in", in, "--json").json();
        assertEquals(3.0, j.get("rank"));
        assertTrue((Double) j.get("tol") > 0);
        // an explicit tolerance between known singular values 5 and 1
        Path spec = Cli.npy(dir, "s.npy", withSpectrum(5, 5, new double[] {10, 5, 1, 0.5, 0.1}, 52));
        assertEquals("2", Cli.run("rank", "--in", spec, "--tol", "2").ok().strip());
    }

    @Test
    void condPrintsTheConstructedConditionNumber() throws IOException {
        Path in = Cli.npy(dir, "a.npy", withSpectrum(5, 4, new double[] {100, 30, 7, 0.5}, 61));
        double cond = Double.parseDouble(Cli.run("cond", "--in", in).ok().strip());
        assertEquals(200, cond, 200 * 1e-12);
        Map<String, Object> j = Cli.run("cond", "--in", in, "--json").json();
        assertEquals(200, (Double) j.get("cond"), 200 * 1e-12);
    }

    @Test
    void condOfASingularMatrixIsInfinity() throws IOException {
        Path in = Cli.csv(dir, "z.csv", "1,0\n2,0\n"); // a zero column: σ_min is exactly 0
        assertEquals("Infinity", Cli.run("cond", "--in", in).ok().strip());
        assertEquals("Infinity", Cli.run("cond", "--in", in, "--json").json().get("cond"));
    }
}
