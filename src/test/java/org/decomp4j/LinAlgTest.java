package org.decomp4j;

import static org.decomp4j.TestMatrices.columnNorm;
import static org.decomp4j.TestMatrices.input;
import static org.decomp4j.TestMatrices.normalEquations;
import static org.decomp4j.TestMatrices.plainSolve;
import static org.decomp4j.TestMatrices.subtract;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The NumPy-style functions: lstsq, solve, inv, det, pinv, rank and cond, in both dtypes.
 * Expected answers are built in plain Java: normal equations, {@code Aᵀ(AAᵀ)⁻¹b}, and
 * pseudo-inverses of matrices built as {@code Q₁·diag(s)·Q₂ᵀ} from known orthogonal factors.
 */
class LinAlgTest {
    /** The constant c of the c·max(m,n)·eps bounds. */
    private static final double C = 10;

    // ---------------------------------------------------------------- lstsq

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void lstsqOverdeterminedFullRankMatchesTheNormalEquations(DType t) {
        int m = 30;
        int n = 6;
        int nrhs = 3;
        double[] s = {3, 2.5, 2, 1.5, 1.2, 1};
        double kappa = s[0] / s[n - 1];
        double[][] a = input(t, LstsqDriversTest.spectral(m, n, s, 3)[0]);
        double[][] b = input(t, TestMatrices.gaussian(m, nrhs, 5));
        double[][] expected = normalEquations(a, b);
        double tol = tol(t, m, n);
        double normA = TestMatrices.frobenius(a);
        try (Matrix am = Matrix.of(a, t); Matrix bm = Matrix.of(b, t); Lstsq ls = LinAlg.lstsq(am, bm);
             Matrix x = ls.x()) {
            assertEquals(t, x.dtype());
            assertEquals(n, x.rows());
            assertEquals(nrhs, x.cols());
            double[][] xa = x.toArray();
            double bound = tol * kappa * kappa * (TestMatrices.frobenius(expected) + TestMatrices.frobenius(b) / s[n - 1]);
            double err = TestMatrices.frobeniusDiff(xa, expected);
            assertTrue(err <= bound, String.format("‖x − x_normal‖ = %.3e > %.3e, %s", err, bound, t));

            assertEquals(n, ls.rank());
            double[] sv = ls.singularValues();
            assertEquals(n, sv.length);
            for (int i = 0; i < n; i++) {
                assertEquals(s[i], sv[i], tol * s[0], "singular value " + i + " of the construction");
                if (i > 0) {
                    assertTrue(sv[i] <= sv[i - 1], "singular values increase at " + i);
                }
            }

            double[] res = ls.residuals();
            assertEquals(nrhs, res.length, "one residual per column of b");
            double[][] r = subtract(b, TestMatrices.multiply(a, expected));
            for (int j = 0; j < nrhs; j++) {
                double rj = columnNorm(r, j);
                double scale = tol * kappa * (normA * columnNorm(expected, j) + columnNorm(b, j));
                double resBound = scale * (2 * rj + scale);
                assertEquals(rj * rj, res[j], resBound, "squared residual of column " + j);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void lstsqUnderdeterminedGivesTheMinimumNormSolution(DType t) {
        int m = 5;
        int n = 9;
        double[] s = {2, 1.8, 1.5, 1.2, 1};
        double kappa = s[0] / s[m - 1];
        double[][] a = input(t, LstsqDriversTest.spectral(m, n, s, 7)[0]);
        double[][] b = input(t, TestMatrices.gaussian(m, 2, 11));
        double[][] at = TestMatrices.transpose(a);
        // the minimum-norm solution lies in the row space: x = Aᵀ·(A·Aᵀ)⁻¹·b
        double[][] expected = TestMatrices.multiply(at, plainSolve(TestMatrices.multiply(a, at), b));
        double tol = tol(t, m, n);
        double bound = tol * kappa * kappa * (TestMatrices.frobenius(expected) + TestMatrices.frobenius(b) / s[m - 1]);
        try (Matrix am = Matrix.of(a, t); Matrix bm = Matrix.of(b, t); Lstsq ls = LinAlg.lstsq(am, bm);
             Matrix x = ls.x(); Matrix pinv = LinAlg.pinv(am)) {
            double[][] xa = x.toArray();
            assertEquals(n, xa.length);
            double err = TestMatrices.frobeniusDiff(xa, expected);
            assertTrue(err <= bound, String.format("‖x − Aᵀ(AAᵀ)⁻¹b‖ = %.3e > %.3e, %s", err, bound, t));
            double[][] viaPinv = TestMatrices.multiply(pinv.toArray(), b);
            double errP = TestMatrices.frobeniusDiff(xa, viaPinv);
            assertTrue(errP <= bound, String.format("‖x − pinv(A)·b‖ = %.3e > %.3e, %s", errP, bound, t));
            double resid = TestMatrices.frobenius(subtract(TestMatrices.multiply(a, xa), b));
            double residBound = tol * TestMatrices.frobenius(a) * TestMatrices.frobenius(xa);
            assertTrue(resid <= residBound, String.format("‖Ax − b‖ = %.3e > %.3e", resid, residBound));
            assertEquals(0, ls.residuals().length, "no residuals for an under-determined system");
            assertEquals(m, ls.rank());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void lstsqRankDeficientReportsTheRankAndNoResiduals(DType t) {
        for (long seed = 1; seed <= 3; seed++) {
            double[][] a = input(t, TestMatrices.lowRank(12, 8, 3, seed));
            double[][] b = input(t, TestMatrices.gaussian(12, 2, 13 + seed));
            try (Matrix am = Matrix.of(a, t); Matrix bm = Matrix.of(b, t); Lstsq ls = LinAlg.lstsq(am, bm);
                 Matrix x = ls.x()) {
                assertEquals(3, ls.rank(), "lowRank(12, 8, 3, " + seed + ")");
                assertEquals(0, ls.residuals().length, "NumPy gives no residuals below full rank");
                // any least-squares solution satisfies the normal equations Aᵀ(b − Ax) = 0
                double[][] xa = x.toArray();
                double[][] r = subtract(b, TestMatrices.multiply(a, xa));
                double normA = TestMatrices.frobenius(a);
                double orth = TestMatrices.frobenius(TestMatrices.multiply(TestMatrices.transpose(a), r));
                double bound = tol(t, 12, 8) * normA
                        * (TestMatrices.frobenius(r) + normA * TestMatrices.frobenius(xa) + TestMatrices.frobenius(b));
                assertTrue(orth <= bound, String.format("‖Aᵀr‖ = %.3e > %.3e", orth, bound));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void lstsqRankDeficientIsTheMinimumNormSolution(DType t) {
        double[] s = {4, 2, 1};
        double[][][] ap = LstsqDriversTest.spectral(12, 8, s, 17);
        double[][] a = input(t, ap[0]);
        double[][] b = input(t, TestMatrices.gaussian(12, 2, 19));
        double[][] expected = TestMatrices.multiply(ap[1], b);
        double tol = tol(t, 12, 8);
        double kappa = s[0] / s[2];
        double bound = tol * kappa * kappa * (TestMatrices.frobenius(expected) + TestMatrices.frobenius(b) / s[2]);
        try (Matrix am = Matrix.of(a, t); Matrix bm = Matrix.of(b, t); Lstsq ls = LinAlg.lstsq(am, bm);
             Matrix x = ls.x()) {
            assertEquals(3, ls.rank());
            double err = TestMatrices.frobeniusDiff(x.toArray(), expected);
            assertTrue(err <= bound, String.format("‖x − A⁺b‖ = %.3e > %.3e, %s", err, bound, t));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void lstsqCutoffIsMaxDimTimesEpsByDefaultAndRcondWhenGiven(DType t) {
        int m = 8;
        int n = 5;
        double[] s = {1, 0.5, 1e-4, 1e-4, 1e-4}; // 1e-4 is far above 8·eps of either dtype
        double[][][] full = LstsqDriversTest.spectral(m, n, s, 131);
        double[][] truncatedPinv = LstsqDriversTest.spectral(m, n, new double[] {1, 0.5}, 131)[1]; // same U and V
        double[][] a = input(t, full[0]);
        double[][] b = input(t, TestMatrices.gaussian(m, 1, 137));
        try (Matrix am = Matrix.of(a, t); Matrix bm = Matrix.of(b, t)) {
            try (Lstsq ls = LinAlg.lstsq(am, bm)) {
                assertEquals(n, ls.rank(), "default cutoff max(m, n)·eps·σ₁ keeps σ = 1e-4");
                assertEquals(1, ls.residuals().length);
            }
            try (Lstsq ls = LinAlg.lstsq(am, bm, 1e-3); Matrix x = ls.x()) {
                assertEquals(2, ls.rank(), "rcond 1e-3 drops σ = 1e-4");
                assertEquals(0, ls.residuals().length);
                double[][] expected = TestMatrices.multiply(truncatedPinv, b);
                double err = TestMatrices.frobeniusDiff(x.toArray(), expected);
                double bound = tol(t, m, n) * 4 * (TestMatrices.frobenius(expected) + TestMatrices.frobenius(b));
                assertTrue(err <= bound, String.format("‖x − A₂⁺b‖ = %.3e > %.3e", err, bound));
            }
            assertThrows(IllegalArgumentException.class, () -> LinAlg.lstsq(am, bm, Double.NaN).close());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void lstsqWithMismatchedRowsIsAnIllegalArgument(DType t) {
        try (Matrix a = Matrix.of(TestMatrices.gaussian(6, 3, 23), t); Matrix b = Matrix.of(TestMatrices.gaussian(5, 1, 29), t)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LinAlg.lstsq(a, b).close());
            assertTrue(e.getMessage().contains("lstsq"), e.getMessage());
        }
    }

    @Test
    void lstsqOfMixedDtypesComputesInF64() {
        double[][] a = TestMatrices.gaussian(10, 4, 31);
        double[][] b = TestMatrices.gaussian(10, 2, 37);
        double[][] bf = TestMatrices.roundToFloat(b);
        try (Matrix am = Matrix.of(a, DType.F64); Matrix bm = Matrix.of(b, DType.F32); Lstsq ls = LinAlg.lstsq(am, bm);
             Matrix x = ls.x()) {
            assertEquals(DType.F64, x.dtype(), "F64 A with F32 b must be solved in F64");
            double[][] expected = normalEquations(a, bf);
            double err = TestMatrices.frobeniusDiff(x.toArray(), expected);
            // F64 accuracy: with an F32 computation the error would be about 1e-7
            double bound = tol(DType.F64, 10, 4) * 100 * (TestMatrices.frobenius(expected) + TestMatrices.frobenius(bf));
            assertTrue(err <= bound, "‖x − x_normal‖ = " + err + " > " + bound);
        }
        try (Matrix am = Matrix.of(a, DType.F32); Matrix bm = Matrix.of(b, DType.F64); Lstsq ls = LinAlg.lstsq(am, bm);
             Matrix x = ls.x()) {
            assertEquals(DType.F64, x.dtype(), "F32 A with F64 b must be solved in F64");
        }
    }

    // ---------------------------------------------------------------- solve, inv, det

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void solveInvAndDetAgreeWithLu(DType t) {
        int n = 7;
        double[][] a = input(t, TestMatrices.gaussian(n, n, 41));
        double[][] b = input(t, TestMatrices.gaussian(n, 3, 43));
        try (Matrix am = Matrix.of(a, t); Matrix bm = Matrix.of(b, t); Lu lu = Lu.of(am);
             Matrix x = LinAlg.solve(am, bm); Matrix xl = lu.solve(bm);
             Matrix inv = LinAlg.inv(am); Matrix invl = lu.inverse()) {
            assertEquals(t, x.dtype());
            assertEquals(t, inv.dtype());
            double[][] xa = x.toArray();
            double[][] xla = xl.toArray();
            double[][] ia = inv.toArray();
            double[][] ila = invl.toArray();
            double tol = tol(t, n, n);
            for (int i = 0; i < n; i++) {
                assertArrayEquals(xla[i], xa[i], tol * TestMatrices.frobenius(xla), "solve row " + i);
                assertArrayEquals(ila[i], ia[i], tol * TestMatrices.frobenius(ila), "inv row " + i);
            }
            double det = LinAlg.det(am);
            assertEquals(lu.determinant(), det, tol * Math.abs(det));
            // and both are right: residual and identity checks in plain Java
            double resid = TestMatrices.frobenius(subtract(TestMatrices.multiply(a, xa), b));
            assertTrue(resid <= tol * TestMatrices.frobenius(a) * TestMatrices.frobenius(xa), "‖Ax − b‖ = " + resid);
            double err = TestMatrices.frobeniusDiff(TestMatrices.multiply(a, ia), TestMatrices.identity(n));
            assertTrue(err <= tol * TestMatrices.frobenius(a) * TestMatrices.frobenius(ia), "‖A·inv − I‖ = " + err);
        }
    }

    @Test
    void detOfKnownMatrices() {
        try (Matrix d = Matrix.diagonal(2, 3, 4)) {
            assertEquals(24.0, LinAlg.det(d), 0.0);
        }
        try (Matrix p = Matrix.of(new double[][] {{0, 1, 0}, {1, 0, 0}, {0, 0, 1}})) {
            assertEquals(-1.0, LinAlg.det(p), 0.0, "a single swap");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void singularSystemsThrowWithThePivot(DType t) {
        int n = 5;
        int zero = 3;
        double[][] a = TestMatrices.gaussian(n, n, 47);
        for (double[] row : a) {
            row[zero] = 0;
        }
        try (Matrix am = Matrix.of(a, t); Matrix b = Matrix.of(TestMatrices.gaussian(n, 1, 53), t)) {
            SingularMatrixException e = assertThrows(SingularMatrixException.class, () -> LinAlg.solve(am, b).close());
            assertEquals(zero, e.pivot());
            assertTrue(e.getMessage().contains("singular"), e.getMessage());
            assertTrue(e.getMessage().contains(t.prefix() + "getrf"), e.getMessage());
            SingularMatrixException ei = assertThrows(SingularMatrixException.class, () -> LinAlg.inv(am).close());
            assertEquals(zero, ei.pivot());
            assertEquals(0.0, LinAlg.det(am), 0.0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void solveRefusesBadShapes(DType t) {
        try (Matrix a = Matrix.of(TestMatrices.gaussian(5, 3, 59), t); Matrix b = Matrix.of(TestMatrices.gaussian(5, 1, 61), t)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LinAlg.solve(a, b).close());
            assertTrue(e.getMessage().contains("lstsq"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> LinAlg.inv(a).close());
            assertThrows(IllegalArgumentException.class, () -> LinAlg.det(a));
        }
        try (Matrix a = Matrix.of(TestMatrices.gaussian(4, 4, 67), t); Matrix b = Matrix.of(TestMatrices.gaussian(5, 1, 71), t)) {
            assertThrows(IllegalArgumentException.class, () -> LinAlg.solve(a, b).close());
        }
    }

    @Test
    void solveOfMixedDtypesComputesInF64() {
        int n = 6;
        double[][] a = TestMatrices.gaussian(n, n, 73);
        double[][] b = TestMatrices.gaussian(n, 2, 79);
        double[][] af = TestMatrices.roundToFloat(a);
        double[][] bf = TestMatrices.roundToFloat(b);
        try (Matrix am = Matrix.of(a, DType.F64); Matrix bm = Matrix.of(b, DType.F32); Matrix x = LinAlg.solve(am, bm)) {
            assertEquals(DType.F64, x.dtype());
            double[][] xa = x.toArray();
            double resid = TestMatrices.frobenius(subtract(TestMatrices.multiply(a, xa), bf));
            assertTrue(resid <= tol(DType.F64, n, n) * TestMatrices.frobenius(a) * TestMatrices.frobenius(xa),
                    "F64 residual expected, got " + resid);
        }
        try (Matrix am = Matrix.of(a, DType.F32); Matrix bm = Matrix.of(b, DType.F64); Matrix x = LinAlg.solve(am, bm)) {
            assertEquals(DType.F64, x.dtype());
            double[][] xa = x.toArray();
            double resid = TestMatrices.frobenius(subtract(TestMatrices.multiply(af, xa), b));
            assertTrue(resid <= tol(DType.F64, n, n) * TestMatrices.frobenius(af) * TestMatrices.frobenius(xa),
                    "F64 residual expected, got " + resid);
        }
    }

    // ---------------------------------------------------------------- pinv

    static Stream<Arguments> pinvCases() {
        List<Arguments> out = new ArrayList<>();
        for (DType t : new DType[] {DType.F64, DType.F32}) {
            out.add(Arguments.of(t, 9, 5, new double[] {3, 2, 1.5, 1, 0.5}));
            out.add(Arguments.of(t, 5, 9, new double[] {3, 2, 1.5, 1, 0.5}));
            out.add(Arguments.of(t, 10, 7, new double[] {4, 2, 1})); // rank 3
            out.add(Arguments.of(t, 6, 8, new double[] {2, 1})); // rank 2, wide
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}×{2} σ={3}")
    @MethodSource("pinvCases")
    void pinvSatisfiesTheMoorePenroseConditions(DType t, int m, int n, double[] s) {
        double[][][] ap = LstsqDriversTest.spectral(m, n, s, 83L * m + n);
        double[][] a = input(t, ap[0]);
        double kappa = s[0] / s[s.length - 1];
        double tol = tol(t, m, n) * kappa;
        try (Matrix am = Matrix.of(a, t); Matrix pm = LinAlg.pinv(am)) {
            assertEquals(t, pm.dtype());
            assertEquals(n, pm.rows());
            assertEquals(m, pm.cols());
            double[][] p = pm.toArray();
            double[][] ap2 = TestMatrices.multiply(a, p);
            double[][] pa = TestMatrices.multiply(p, a);
            double normA = TestMatrices.frobenius(a);
            double normP = TestMatrices.frobenius(p);
            double e1 = TestMatrices.frobeniusDiff(TestMatrices.multiply(ap2, a), a);
            assertTrue(e1 <= tol * normA, String.format("‖AA⁺A − A‖ = %.3e > %.3e", e1, tol * normA));
            double e2 = TestMatrices.frobeniusDiff(TestMatrices.multiply(pa, p), p);
            assertTrue(e2 <= tol * normP, String.format("‖A⁺AA⁺ − A⁺‖ = %.3e > %.3e", e2, tol * normP));
            double e3 = TestMatrices.frobeniusDiff(TestMatrices.transpose(ap2), ap2);
            assertTrue(e3 <= tol * TestMatrices.frobenius(ap2), String.format("‖(AA⁺)ᵀ − AA⁺‖ = %.3e", e3));
            double e4 = TestMatrices.frobeniusDiff(TestMatrices.transpose(pa), pa);
            assertTrue(e4 <= tol * TestMatrices.frobenius(pa), String.format("‖(A⁺A)ᵀ − A⁺A‖ = %.3e", e4));
            // and it is the pseudo-inverse of the construction, V·Σ⁺·Uᵀ
            double e5 = TestMatrices.frobeniusDiff(p, ap[1]);
            double bound = tol * kappa * TestMatrices.frobenius(ap[1]);
            assertTrue(e5 <= bound, String.format("‖A⁺ − VΣ⁺Uᵀ‖ = %.3e > %.3e", e5, bound));
        }
    }

    // ---------------------------------------------------------------- rank, cond

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void rankMatchesTheConstruction(DType t) {
        try (Matrix a = Matrix.of(TestMatrices.gaussian(8, 5, 89), t)) {
            assertEquals(5, LinAlg.rank(a), "full column rank");
        }
        try (Matrix a = Matrix.of(TestMatrices.gaussian(5, 8, 97), t)) {
            assertEquals(5, LinAlg.rank(a), "full row rank");
        }
        for (long seed = 1; seed <= 3; seed++) {
            try (Matrix a = Matrix.of(TestMatrices.lowRank(12, 8, 3, seed), t)) {
                assertEquals(3, LinAlg.rank(a), "lowRank(12, 8, 3, " + seed + ")");
            }
        }
        try (Matrix z = Matrix.zeros(4, 6, t)) {
            assertEquals(0, LinAlg.rank(z), "zero matrix");
        }
        try (Matrix a = Matrix.of(LstsqDriversTest.spectral(7, 5, new double[] {5, 1, 1e-3, 1e-3, 1e-3}, 101)[0], t)) {
            assertEquals(2, LinAlg.rank(a, 1e-2), "singular values above 1e-2");
            assertEquals(5, LinAlg.rank(a, 1e-4), "singular values above 1e-4");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void condMatchesTheConstruction(DType t) {
        try (Matrix d = Matrix.of(new double[][] {{10, 0, 0}, {0, 2, 0}, {0, 0, 0.5}}, t)) {
            assertEquals(20.0, LinAlg.cond(d), 20 * tol(t, 3, 3));
        }
        try (Matrix a = Matrix.of(LstsqDriversTest.spectral(9, 4, new double[] {8, 4, 2, 1}, 103)[0], t)) {
            assertEquals(8.0, LinAlg.cond(a), 8 * 8 * tol(t, 9, 4));
        }
        try (Matrix q = Matrix.of(TestMatrices.orthogonal(6, 107), t)) {
            assertEquals(1.0, LinAlg.cond(q), tol(t, 6, 6));
        }
        try (Matrix d = Matrix.of(new double[][] {{3, 0, 0}, {0, 2, 0}, {0, 0, 0}}, t)) {
            assertEquals(Double.POSITIVE_INFINITY, LinAlg.cond(d), "singular");
        }
        try (Matrix z = Matrix.zeros(3, 3, t)) {
            assertEquals(Double.POSITIVE_INFINITY, LinAlg.cond(z), "zero matrix");
        }
    }

    // ---------------------------------------------------------------- non-finite input

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void nonFiniteEntriesAreReportedAtTheirPosition(DType t) {
        double[][] a = TestMatrices.gaussian(6, 6, 109);
        double[][] b = TestMatrices.gaussian(6, 3, 113);
        double[][] aBad = TestMatrices.gaussian(6, 6, 109);
        aBad[4][2] = Double.NaN;
        double[][] bBad = TestMatrices.gaussian(6, 3, 113);
        bBad[5][1] = Double.NEGATIVE_INFINITY;
        try (Matrix am = Matrix.of(a, t); Matrix bm = Matrix.of(b, t); Matrix ab = Matrix.of(aBad, t);
             Matrix bb = Matrix.of(bBad, t)) {
            assertNonFinite(() -> LinAlg.lstsq(ab, bm).close(), 4, 2, "lstsq A");
            assertNonFinite(() -> LinAlg.lstsq(am, bb).close(), 5, 1, "lstsq b");
            assertNonFinite(() -> LinAlg.solve(am, bb).close(), 5, 1, "solve b");
            assertNonFinite(() -> LinAlg.solve(ab, bm).close(), 4, 2, "solve A");
            assertNonFinite(() -> LinAlg.inv(ab).close(), 4, 2, "inv");
            assertNonFinite(() -> LinAlg.det(ab), 4, 2, "det");
            assertNonFinite(() -> LinAlg.pinv(ab).close(), 4, 2, "pinv");
            assertNonFinite(() -> LinAlg.rank(ab), 4, 2, "rank");
            assertNonFinite(() -> LinAlg.cond(ab), 4, 2, "cond");
        }
    }

    // ---------------------------------------------------------------- helpers (plain Java)

    private static void assertNonFinite(Executable call, int row, int col, String what) {
        NonFiniteInputException e = assertThrows(NonFiniteInputException.class, call, what);
        assertEquals(row, e.row(), what + ": " + e.getMessage());
        assertEquals(col, e.column(), what + ": " + e.getMessage());
    }

    private static double tol(DType t, int m, int n) {
        return C * Math.max(1, Math.max(m, n)) * t.eps();
    }

}
