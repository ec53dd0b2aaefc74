package org.decomp4j;

import static org.decomp4j.TestMatrices.columnNorm;
import static org.decomp4j.TestMatrices.frobenius;
import static org.decomp4j.TestMatrices.frobeniusDiff;
import static org.decomp4j.TestMatrices.input;
import static org.decomp4j.TestMatrices.multiply;
import static org.decomp4j.TestMatrices.subtract;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every lstsq driver (gelsd, gelsy, gelss) × F64/F32 on over-determined, under-determined and
 * rank-deficient systems with a known answer: {@code A = U·diag(s)·Vᵀ} from orthogonal factors
 * built in plain Java, so the minimum-norm solution is {@code X = V·diag(1/s)·Uᵀ·B} (zero
 * singular values dropped), computed here without the code under test. Each driver must match
 * that X and gelsd's X within {@code c·max(m,n)·ε·κ²·(‖X‖ + ‖B‖/σ_min)}, the least-squares
 * perturbation bound, report the rank of the construction, name its routine, and report
 * residuals and singular values as documented.
 */
class LstsqDriversTest {
    /** The constant c of the c·max(m,n)·ε bounds. */
    private static final double C = 10;

    /** A shape family: m×n with the given nonzero singular values (fewer than min(m, n): rank-deficient). */
    record Case(String name, int m, int n, double[] s) {
        int rank() {
            return s.length;
        }

        @Override
        public String toString() {
            return name + " " + m + "×" + n + " rank " + s.length;
        }
    }

    static final List<Case> CASES = List.of(
            new Case("over-determined", 40, 8, new double[] {3, 2.7, 2.4, 2, 1.8, 1.5, 1.2, 1}),
            new Case("under-determined", 8, 40, new double[] {3, 2.7, 2.4, 2, 1.8, 1.5, 1.2, 1}),
            new Case("square", 12, 12, new double[] {3, 2.8, 2.6, 2.4, 2.2, 2, 1.8, 1.6, 1.4, 1.3, 1.1, 1}),
            new Case("rank-deficient tall", 30, 12, new double[] {3, 2.5, 2, 1.5, 1}),
            new Case("rank-deficient wide", 12, 30, new double[] {3, 2.5, 2, 1.5, 1}),
            new Case("rank-deficient square", 16, 16, new double[] {4, 3, 2, 1.5, 1.2, 1}));

    static Stream<Arguments> grid() {
        List<Arguments> out = new ArrayList<>();
        for (LstsqDriver d : LstsqDriver.values()) {
            for (DType t : new DType[] {DType.F64, DType.F32}) {
                for (Case c : CASES) {
                    out.add(Arguments.of(d, t, c));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("grid")
    void eachDriverGivesTheMinimumNormSolutionOfAConstructedSystem(LstsqDriver d, DType t, Case c) {
        int m = c.m();
        int n = c.n();
        int nrhs = 3;
        double[][][] ap = spectral(m, n, c.s(), 11 + m + 7L * n);
        double[][] a = input(t, ap[0]);
        double[][] b = input(t, TestMatrices.gaussian(m, nrhs, 5));
        double[][] expected = multiply(ap[1], b); // A⁺·B: the minimum-norm least-squares solution
        double smin = c.s()[c.rank() - 1];
        double kappa = c.s()[0] / smin;
        double tol = tol(t, m, n);
        double bound = tol * kappa * kappa * (frobenius(expected) + frobenius(b) / smin);
        try (Matrix am = Matrix.of(a, t); Matrix bm = Matrix.of(b, t);
             Lstsq ls = LinAlg.lstsq(am, bm, LstsqOptions.driver(d));
             Lstsq ref = LinAlg.lstsq(am, bm);
             Matrix x = ls.x(); Matrix xr = ref.x()) {
            assertEquals(expectedRoutine(d, t, c), ls.routine());
            assertEquals(d == LstsqDriver.GELSY && c.rank() == n && m >= n, ls.fastPath(),
                    "gelsy's fast path on every well-conditioned full-rank m ≥ n case (κ ≤ 4), never elsewhere");
            assertEquals(d, ls.driver());
            assertEquals(t.prefix() + "gelsd", ref.routine(), "lstsq(a, b) keeps gelsd");
            assertEquals(t, x.dtype());
            assertEquals(n, x.rows());
            assertEquals(nrhs, x.cols());
            assertEquals(c.rank(), ls.rank(), "rank of the construction");
            assertEquals(Math.max(m, n) * t.eps(), ls.rcond(), 0.0, "NumPy's default rcond");

            double[][] xa = x.toArray();
            double err = frobeniusDiff(xa, expected);
            assertTrue(err <= bound, String.format("‖X − A⁺B‖ = %.3e > %.3e", err, bound));
            double errRef = frobeniusDiff(xa, xr.toArray());
            assertTrue(errRef <= 2 * bound, String.format("‖X − X_gelsd‖ = %.3e > %.3e", errRef, 2 * bound));

            double[] sv = ls.singularValues();
            if (d == LstsqDriver.GELSY) {
                assertEquals(0, sv.length, "gelsy computes no singular values");
            } else {
                assertEquals(Math.min(m, n), sv.length);
                double normA = frobenius(a);
                for (int i = 0; i < sv.length; i++) {
                    double want = i < c.rank() ? c.s()[i] : 0;
                    assertEquals(want, sv[i], tol * normA, "singular value " + i);
                }
            }

            double[] res = ls.residuals();
            if (c.rank() == n && m > n) {
                assertEquals(nrhs, res.length, "one residual per column of B");
                double[][] r = subtract(b, multiply(a, expected));
                for (int j = 0; j < nrhs; j++) {
                    double rj = columnNorm(r, j);
                    double scale = tol * kappa * (frobenius(a) * columnNorm(expected, j) + columnNorm(b, j));
                    assertEquals(rj * rj, res[j], scale * (2 * rj + scale), "squared residual of column " + j);
                }
            } else {
                assertEquals(0, res.length, "no residuals unless rank = n and m > n (NumPy)");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LstsqDriver.class)
    void inputsAreUntouchedAndEmptyShapesGiveZeros(LstsqDriver d) {
        double[][] a = TestMatrices.gaussian(9, 4, 3);
        double[][] b = TestMatrices.gaussian(9, 2, 4);
        try (Matrix am = Matrix.of(a); Matrix bm = Matrix.of(b); Lstsq ls = LinAlg.lstsq(am, bm, d)) {
            assertEquals(4, ls.rank());
            assertArrayEquals(a, am.toArray());
            assertArrayEquals(b, bm.toArray());
        }
        try (Matrix am = Matrix.zeros(0, 3, DType.F64); Matrix bm = Matrix.zeros(0, 2, DType.F64);
             Lstsq ls = LinAlg.lstsq(am, bm, d); Matrix x = ls.x()) {
            assertEquals(0, ls.rank());
            assertArrayEquals(new double[3][2], x.toArray());
        }
        try (Matrix am = Matrix.zeros(3, 0, DType.F32); Matrix bm = Matrix.zeros(3, 2, DType.F32);
             Lstsq ls = LinAlg.lstsq(am, bm, d); Matrix x = ls.x()) {
            assertEquals(0, x.rows());
            assertEquals(2, x.cols());
            assertEquals("s" + d.routine(), ls.routine(), "an empty A runs no fast path");
            assertTrue(Double.isNaN(ls.rcondEstimate()) && !ls.fastPath());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LstsqDriver.class)
    void aLargeRcondLowersTheRank(LstsqDriver d) {
        // σ = 3, 2, 1, 1e-3: rcond 1e-2 drops the last one for every driver (gelsy's condition
        // estimate of R is within a small factor of σ₁/σ_k, far from the 10× gap either side)
        double[] s = {3, 2, 1, 1e-3};
        double[][][] ap = spectral(20, 4, s, 77);
        double[][] b = TestMatrices.gaussian(20, 1, 78);
        try (Matrix am = Matrix.of(ap[0]); Matrix bm = Matrix.of(b);
             Lstsq full = LinAlg.lstsq(am, bm, d);
             Lstsq cut = LinAlg.lstsq(am, bm, LstsqOptions.driver(d).rcond(1e-2))) {
            assertEquals(4, full.rank());
            assertEquals(3, cut.rank());
            assertEquals(1e-2, cut.rcond(), 0.0);
            assertEquals(0, cut.residuals().length, "rank-deficient: no residuals");
        }
    }

    @Test
    void badInputIsRefusedWithTypedErrors() {
        try (Matrix a = Matrix.of(TestMatrices.gaussian(5, 3, 1)); Matrix b = Matrix.of(TestMatrices.gaussian(4, 1, 2));
             Matrix b5 = Matrix.of(TestMatrices.gaussian(5, 1, 2))) {
            for (LstsqDriver d : LstsqDriver.values()) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> LinAlg.lstsq(a, b, d).close());
                assertTrue(e.getMessage().contains("lstsq") && e.getMessage().contains("5×3"), e.getMessage());
            }
            IllegalArgumentException nul = assertThrows(IllegalArgumentException.class,
                    () -> LinAlg.lstsq(a, b5, (LstsqOptions) null).close());
            assertTrue(nul.getMessage().contains("options"), nul.getMessage());
            double[][] bad = TestMatrices.gaussian(5, 3, 1);
            bad[2][1] = Double.NaN;
            try (Matrix an = Matrix.of(bad)) {
                for (LstsqDriver d : LstsqDriver.values()) {
                    assertThrows(NonFiniteInputException.class, () -> LinAlg.lstsq(an, b5, d).close());
                }
            }
        }
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> LstsqOptions.driver(LstsqDriver.GELSY).rcond(Double.NaN));
        assertTrue(nan.getMessage().contains("rcond"), nan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LstsqOptions(null, 0));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> LstsqDriver.parse("gelsx"));
        assertTrue(unknown.getMessage().contains("gelsd, gelsy, gelss"), unknown.getMessage());
        assertEquals(LstsqDriver.GELSY, LstsqDriver.parse(" GelSY "));
    }

    /**
     * The routines each case runs: gelsy tries its fast path on m ≥ n, and with κ ≤ 4 it is far
     * above the bound on full-rank cases and at rounding level (declined) on rank-deficient ones.
     */
    private static String expectedRoutine(LstsqDriver d, DType t, Case c) {
        String p = String.valueOf(t.prefix());
        if (d != LstsqDriver.GELSY || c.m() < c.n()) {
            return p + d.routine();
        }
        return c.rank() == c.n() ? p + "geqrf+" + p + "trcon+" + p + "ormqr+" + p + "trtrs"
                : p + "geqrf+" + p + "trcon+" + p + "gelsy";
    }

    private static double tol(DType t, int m, int n) {
        return C * Math.max(1, Math.max(m, n)) * t.eps();
    }

    /** {@code {A, A⁺}} with {@code A = U·diag(s)·Vᵀ} (m×n) and {@code A⁺ = V·diag(1/s)·Uᵀ} (n×m). */
    static double[][][] spectral(int m, int n, double[] s, long seed) {
        double[][] u = TestMatrices.orthogonal(m, seed);
        double[][] v = TestMatrices.orthogonal(n, seed + 1000);
        double[][] a = new double[m][n];
        double[][] p = new double[n][m];
        for (int k = 0; k < s.length; k++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    a[i][j] += u[i][k] * s[k] * v[j][k];
                    p[j][i] += v[j][k] / s[k] * u[i][k];
                }
            }
        }
        return new double[][][] {a, p};
    }

    // ---------------------------------------------------------------- complex (zgelsd/cgelsd)

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void complexOverdeterminedSolutionSatisfiesTheNormalEquations(DType t) {
        int m = 40;
        int n = 8;
        try (Matrix a = Matrix.randomNormal(m, n, 3, t); Matrix b = Matrix.randomNormal(m, 2, 4, t);
             Lstsq ls = LinAlg.lstsq(a, b); Matrix ax = a.multiply(ls.x()); Matrix r = b.subtract(ax);
             Matrix ah = a.conjugateTranspose(); Matrix g = ah.multiply(r)) {
            assertEquals(t.prefix() + "gelsd", ls.routine());
            assertEquals(t, ls.x().dtype());
            assertEquals(n, ls.rank());
            double tol = FactorChecks.tol(t, m, n);
            assertTrue(g.normFrobenius() <= tol * a.normFrobenius() * b.normFrobenius(), "‖Aᴴ(b − Ax)‖ = " + g.normFrobenius());
            // residuals() are the squared column norms of b − A·x
            for (int j = 0; j < 2; j++) {
                double sum = 0;
                for (int i = 0; i < m; i++) {
                    sum += r.getRe(i, j) * r.getRe(i, j) + r.getIm(i, j) * r.getIm(i, j);
                }
                assertEquals(sum, ls.residuals()[j], tol * sum, "residual " + j);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void complexUnderdeterminedSolutionIsTheMinimumNorm(DType t) {
        // wide, full row rank: the minimum-norm solution is Aᴴ·(A·Aᴴ)⁻¹·b
        int m = 6;
        int n = 15;
        try (Matrix a = Matrix.randomNormal(m, n, 5, t); Matrix b = Matrix.randomNormal(m, 1, 6, t);
             Lstsq ls = LinAlg.lstsq(a, b); Matrix ah = a.conjugateTranspose(); Matrix aah = a.multiply(ah);
             Matrix y = LinAlg.solve(aah, b); Matrix expected = ah.multiply(y)) {
            double err = ComplexChecks.distance(ls.x(), expected);
            assertTrue(err <= 10 * FactorChecks.tol(t, m, n) * expected.normFrobenius(), "‖x − Aᴴ(AAᴴ)⁻¹b‖ = " + err);
            assertEquals(m, ls.rank());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void complexRankDeficientSystemHasTheConstructedRankAndSingularValues(DType t) {
        double[] sigma = {5, 3, 1};
        try (Matrix a = Matrix.ofComplex(ComplexChecks.withSpectrum(30, 10, sigma, 41), t);
             Matrix b = Matrix.randomNormal(30, 1, 2, t); Lstsq ls = LinAlg.lstsq(a, b)) {
            assertEquals(3, ls.rank());
            double[] s = ls.singularValues();
            assertEquals(10, s.length);
            double tol = FactorChecks.tol(t, 30, 10) * 5;
            for (int i = 0; i < 10; i++) {
                assertEquals(i < 3 ? sigma[i] : 0, s[i], tol, "σ" + i);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void complexInputRefusesTheDriversNotBoundAndReportsNaN(DType t) {
        try (Matrix a = Matrix.randomNormal(6, 4, 1, t); Matrix b = Matrix.randomNormal(6, 1, 2, t)) {
            for (LstsqDriver d : new LstsqDriver[] {LstsqDriver.GELSY, LstsqDriver.GELSS}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> LinAlg.lstsq(a, b, LstsqOptions.driver(d)).close());
                assertTrue(e.getMessage().contains(t.numpyName()) && e.getMessage().contains("GELSD"), e.getMessage());
            }
            b.setComplex(3, 0, 1, Double.NaN);
            NonFiniteInputException e = assertThrows(NonFiniteInputException.class, () -> LinAlg.lstsq(a, b).close());
            assertTrue(e.getMessage().contains("imag"), e.getMessage());
        }
    }
}
