package org.decomp4j;

import static org.decomp4j.TestMatrices.cond1;
import static org.decomp4j.TestMatrices.hilbertDeterminant;
import static org.decomp4j.TestMatrices.input;
import static org.decomp4j.TestMatrices.norm1;
import static org.decomp4j.TestMatrices.plainDeterminant;
import static org.decomp4j.TestMatrices.plainSolve;
import static org.decomp4j.TestMatrices.read;
import static org.decomp4j.TestMatrices.subtract;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * LU with partial pivoting, {@code A = P·L·U}, in both dtypes. Residuals are measured in plain
 * Java from {@code toArray()}; tolerances are {@code C·max(m, n)·eps} of the dtype, scaled by
 * {@code ‖A‖} (and by the condition number where the quantity is sensitive to it). Expected
 * values come from mathematics: triangular and permutation determinants, the closed forms of the
 * Hilbert matrix's determinant and inverse.
 */
class LuTest {
    /** The constant c of the c·max(m,n)·eps bounds. */
    private static final double C = 10;

    static Stream<Arguments> shapes() {
        int[][] shapes = {{1, 1}, {6, 6}, {9, 5}, {5, 9}, {40, 40}};
        List<Arguments> out = new ArrayList<>();
        for (DType t : new DType[] {DType.F64, DType.F32}) {
            for (int[] s : shapes) {
                out.add(Arguments.of(t, s[0], s[1]));
            }
        }
        return out.stream();
    }

    static Stream<Arguments> squareSizes() {
        List<Arguments> out = new ArrayList<>();
        for (DType t : new DType[] {DType.F64, DType.F32}) {
            for (int n : new int[] {1, 8, 40}) {
                out.add(Arguments.of(t, n));
            }
        }
        return out.stream();
    }

    static Stream<Arguments> zeroColumns() {
        List<Arguments> out = new ArrayList<>();
        for (DType t : new DType[] {DType.F64, DType.F32}) {
            for (int j : new int[] {0, 2, 5}) {
                out.add(Arguments.of(t, j));
            }
        }
        return out.stream();
    }

    // ---------------------------------------------------------------- factors

    @ParameterizedTest(name = "{0} {1}×{2}")
    @MethodSource("shapes")
    void factorsHaveTheirShapesAndStructureAndReconstructA(DType t, int m, int n) {
        double[][] a = input(t, TestMatrices.gaussian(m, n, 31L * m + n));
        int k = Math.min(m, n);
        try (Matrix am = Matrix.of(a, t); Lu lu = Lu.of(am)) {
            assertEquals(t, lu.dtype());
            assertEquals(m, lu.rows());
            assertEquals(n, lu.cols());
            assertFalse(lu.isSingular(), "a Gaussian matrix is nonsingular with probability one");
            double[][] p = read(lu.p());
            double[][] l = read(lu.l());
            double[][] u = read(lu.u());
            assertShape(p, m, m, "P");
            assertShape(l, m, k, "L");
            assertShape(u, k, n, "U");
            assertPermutationMatrix(p);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < k; j++) {
                    if (j == i) {
                        assertEquals(1.0, l[i][j], 0.0, "L must have a unit diagonal at " + i);
                    } else if (j > i) {
                        assertEquals(0.0, l[i][j], 0.0, "L must be zero above the diagonal at " + i + "," + j);
                    } else {
                        // partial pivoting picks the largest entry, so every multiplier is at most 1
                        assertTrue(Math.abs(l[i][j]) <= 1.0, "|L[" + i + "][" + j + "]| = " + l[i][j] + " > 1");
                    }
                }
            }
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < i; j++) {
                    assertEquals(0.0, u[i][j], 0.0, "U must be zero below the diagonal at " + i + "," + j);
                }
            }
            double[][] plu = TestMatrices.multiply(p, TestMatrices.multiply(l, u));
            double resid = TestMatrices.frobeniusDiff(plu, a);
            double bound = tol(t, m, n) * TestMatrices.frobenius(a);
            assertTrue(resid <= bound,
                    () -> String.format("‖PLU − A‖ = %.3e > %.3e, %s %d×%d", resid, bound, t, m, n));
        }
    }

    @ParameterizedTest(name = "{0} {1}×{2}")
    @MethodSource("shapes")
    void pivotsAndPermutationAgreeWithP(DType t, int m, int n) {
        double[][] a = input(t, TestMatrices.gaussian(m, n, 37L * m + n));
        int k = Math.min(m, n);
        try (Matrix am = Matrix.of(a, t); Lu lu = Lu.of(am)) {
            int[] piv = lu.pivots();
            assertEquals(k, piv.length);
            for (int i = 0; i < k; i++) {
                assertTrue(piv[i] >= i && piv[i] < m, "pivot " + i + " swaps with row " + piv[i]);
            }
            // the row order follows from applying the interchanges in sequence
            int[] expected = new int[m];
            for (int i = 0; i < m; i++) {
                expected[i] = i;
            }
            for (int i = 0; i < k; i++) {
                int tmp = expected[i];
                expected[i] = expected[piv[i]];
                expected[piv[i]] = tmp;
            }
            int[] perm = lu.permutation();
            assertArrayEquals(expected, perm, "permutation() must follow from pivots()");
            int[] sorted = perm.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < m; i++) {
                assertEquals(i, sorted[i], "permutation() is not a permutation: " + Arrays.toString(perm));
            }
            double[][] p = read(lu.p());
            double[][] lu2 = TestMatrices.multiply(read(lu.l()), read(lu.u()));
            double bound = tol(t, m, n) * TestMatrices.frobenius(a);
            for (int i = 0; i < m; i++) {
                assertEquals(1.0, p[perm[i]][i], 0.0, "P[perm[" + i + "]][" + i + "] must be 1");
                double d = TestMatrices.frobeniusDiff(new double[][] {a[perm[i]]}, new double[][] {lu2[i]});
                assertTrue(d <= bound, String.format("row %d of L·U differs from row %d of A by %.3e > %.3e",
                        i, perm[i], d, bound));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void transposedViewIsFactoredAsItsTranspose(DType t) {
        double[][] a = input(t, TestMatrices.gaussian(7, 4, 41));
        double[][] at = TestMatrices.transpose(a);
        try (Matrix am = Matrix.of(a, t); Matrix view = am.transpose(); Lu lu = Lu.of(view)) {
            assertEquals(4, lu.rows());
            assertEquals(7, lu.cols());
            double[][] plu = TestMatrices.multiply(read(lu.p()), TestMatrices.multiply(read(lu.l()), read(lu.u())));
            double resid = TestMatrices.frobeniusDiff(plu, at);
            assertTrue(resid <= tol(t, 7, 4) * TestMatrices.frobenius(at), "‖PLU − Aᵀ‖ = " + resid);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void inputIsUnchangedAfterFactoring(DType t) {
        double[][] a = input(t, TestMatrices.gaussian(6, 6, 43));
        try (Matrix am = Matrix.of(a, t)) {
            double[][] before = am.toArray();
            try (Lu lu = Lu.of(am); Matrix b = Matrix.of(TestMatrices.gaussian(6, 2, 44), t);
                 Matrix x = lu.solve(b); Matrix inv = lu.inverse()) {
                lu.determinant();
                lu.rcond();
            }
            double[][] after = am.toArray();
            for (int i = 0; i < before.length; i++) {
                assertArrayEquals(before[i], after[i], 0.0, "row " + i + " of A changed");
            }
        }
    }

    // ---------------------------------------------------------------- solve and inverse

    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("squareSizes")
    void solveOneAndManyRightHandSidesWithOneFactorization(DType t, int n) {
        double[][] a = input(t, TestMatrices.gaussian(n, n, 47L * n));
        try (Matrix am = Matrix.of(a, t); Lu lu = Lu.of(am)) {
            for (int nrhs : new int[] {1, 7}) {
                double[][] b = input(t, TestMatrices.gaussian(n, nrhs, 53L * n + nrhs));
                try (Matrix bm = Matrix.of(b, t); Matrix x = lu.solve(bm)) {
                    assertEquals(t, x.dtype());
                    assertEquals(n, x.rows());
                    assertEquals(nrhs, x.cols());
                    double[][] xa = x.toArray();
                    double[][] r = subtract(TestMatrices.multiply(a, xa), b);
                    double resid = TestMatrices.frobenius(r);
                    double bound = tol(t, n, n) * TestMatrices.frobenius(a) * TestMatrices.frobenius(xa);
                    assertTrue(resid <= bound, () -> String.format(
                            "‖AX − B‖ = %.3e > %.3e, %s n=%d nrhs=%d", resid, bound, t, n, nrhs));
                    double[][] bAfter = bm.toArray();
                    for (int i = 0; i < n; i++) {
                        assertArrayEquals(b[i], bAfter[i], 0.0, "b changed by solve");
                    }
                }
            }
        }
    }

    @Test
    void solveConvertsRightHandSideToTheFactorsDtype() {
        double[][] a = TestMatrices.roundToFloat(TestMatrices.gaussian(5, 5, 59));
        double[][] b = TestMatrices.gaussian(5, 2, 61);
        try (Matrix am = Matrix.of(a, DType.F32); Lu lu = Lu.of(am); Matrix bm = Matrix.of(b, DType.F64);
             Matrix x = lu.solve(bm)) {
            assertEquals(DType.F32, x.dtype());
            double[][] xa = x.toArray();
            double resid = TestMatrices.frobenius(subtract(TestMatrices.multiply(a, xa), b));
            double bound = tol(DType.F32, 5, 5) * (TestMatrices.frobenius(a) * TestMatrices.frobenius(xa)
                    + TestMatrices.frobenius(b));
            assertTrue(resid <= bound, "‖AX − B‖ = " + resid + " > " + bound);
        }
    }

    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("squareSizes")
    void inverseTimesAIsIdentity(DType t, int n) {
        double[][] a = input(t, TestMatrices.gaussian(n, n, 67L * n));
        try (Matrix am = Matrix.of(a, t); Lu lu = Lu.of(am); Matrix inv = lu.inverse()) {
            assertEquals(t, inv.dtype());
            double[][] ai = inv.toArray();
            assertShape(ai, n, n, "inverse");
            double err = TestMatrices.frobeniusDiff(TestMatrices.multiply(a, ai), TestMatrices.identity(n));
            double bound = tol(t, n, n) * TestMatrices.frobenius(a) * TestMatrices.frobenius(ai);
            assertTrue(err <= bound, String.format("‖A·A⁻¹ − I‖ = %.3e > %.3e, %s n=%d", err, bound, t, n));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void inverseOfHilbertMatchesItsClosedForm(DType t) {
        int n = 4;
        double[][] h = input(t, TestMatrices.hilbert(n));
        double[][] exact = hilbertInverse(n);
        double kappa = cond1(TestMatrices.hilbert(n));
        try (Matrix hm = Matrix.of(h, t); Lu lu = Lu.of(hm); Matrix inv = lu.inverse()) {
            double err = TestMatrices.frobeniusDiff(inv.toArray(), exact);
            // rounding H to the dtype alone moves its inverse by about κ·eps·‖H⁻¹‖
            double bound = tol(t, n, n) * kappa * TestMatrices.frobenius(exact);
            assertTrue(err <= bound, String.format("‖inv(H₄) − exact‖ = %.3e > %.3e (%s)", err, bound, t));
        }
    }

    // ---------------------------------------------------------------- determinant and condition

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void determinantOfTriangularMatricesIsTheProductOfTheDiagonal(DType t) {
        double[] diag = {2, -3, 0.5, 4, 1.25};
        double expected = 1;
        for (double d : diag) {
            expected *= d;
        }
        int n = diag.length;
        double[][] g = TestMatrices.gaussian(n, n, 71);
        double[][] upper = new double[n][n];
        double[][] lower = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                upper[i][j] = i == j ? diag[i] : i < j ? g[i][j] : 0;
                lower[i][j] = i == j ? diag[i] : i > j ? g[i][j] : 0;
            }
        }
        for (double[][] a : new double[][][] {upper, lower}) {
            double[][] af = input(t, a);
            double kappa = cond1(af);
            try (Matrix am = Matrix.of(af, t); Lu lu = Lu.of(am)) {
                double bound = tol(t, n, n) * kappa * Math.abs(expected);
                assertEquals(expected, lu.determinant(), bound, t + " det of triangular " + Arrays.deepToString(af));
                assertEquals(-1.0, lu.determinantSign(), 0.0);
                assertEquals(Math.log(Math.abs(expected)), lu.logAbsDeterminant(), tol(t, n, n) * kappa);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void determinantOfAPermutationMatrixIsItsSign(DType t) {
        int n = 5;
        int[][] perms = {{0, 1, 2, 3, 4}, {0, 3, 2, 1, 4}, {1, 2, 0, 3, 4}, {4, 3, 2, 1, 0}, {1, 0, 3, 2, 4}};
        double[] signs = {1, -1, 1, 1, 1}; // identity, one swap, a 3-cycle, reversal (two swaps), two swaps
        for (int c = 0; c < perms.length; c++) {
            double[][] p = new double[n][n];
            for (int i = 0; i < n; i++) {
                p[i][perms[c][i]] = 1;
            }
            try (Matrix pm = Matrix.of(p, t); Lu lu = Lu.of(pm)) {
                String what = "permutation " + Arrays.toString(perms[c]);
                assertEquals(signs[c], lu.determinant(), 0.0, what);
                assertEquals(signs[c], lu.determinantSign(), 0.0, what);
                assertEquals(0.0, lu.logAbsDeterminant(), 0.0, what);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void determinantOfDiagonalIsTheProduct(DType t) {
        try (Matrix d = Matrix.of(new double[][] {{2, 0, 0}, {0, 3, 0}, {0, 0, 4}}, t); Lu lu = Lu.of(d)) {
            assertEquals(24.0, lu.determinant(), 0.0);
            assertEquals(1.0, lu.determinantSign(), 0.0);
            assertEquals(Math.log(24), lu.logAbsDeterminant(), tol(t, 3, 3));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void determinantOfHilbertMatchesItsClosedForm(DType t) {
        int n = 4;
        double exact = hilbertDeterminant(n);
        assertEquals(1.0 / 6048000, exact, 1e-15 / 6048000, "closed formula");
        double kappa = cond1(TestMatrices.hilbert(n));
        try (Matrix h = Matrix.of(input(t, TestMatrices.hilbert(n)), t); Lu lu = Lu.of(h)) {
            // a relative change eps in the entries moves det by at most about n·κ·eps relatively
            double bound = tol(t, n, n) * kappa * exact;
            assertEquals(exact, lu.determinant(), bound, "det(H₄) in " + t);
            assertEquals(1.0, lu.determinantSign(), 0.0);
            assertEquals(Math.log(exact), lu.logAbsDeterminant(), tol(t, n, n) * kappa);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void logAbsDeterminantAndSignAgreeWithDeterminant(DType t) {
        for (long seed = 1; seed <= 6; seed++) {
            double[][] a = input(t, TestMatrices.gaussian(7, 7, 73 + seed));
            try (Matrix am = Matrix.of(a, t); Lu lu = Lu.of(am)) {
                double det = lu.determinant();
                double expected = plainDeterminant(a);
                double bound = tol(t, 7, 7) * cond1(a) * Math.abs(expected);
                assertEquals(expected, det, bound, "det against plain-Java elimination, seed " + seed);
                assertEquals(Math.signum(expected), lu.determinantSign(), 0.0, "sign, seed " + seed);
                assertEquals(Math.abs(det), Math.exp(lu.logAbsDeterminant()), tol(t, 7, 7) * Math.abs(det),
                        "exp(logAbsDeterminant) against |det|, seed " + seed);
            }
        }
        // beyond the double range: log|det| stays finite while det overflows (F64) or not (F32 values)
        double big = t == DType.F64 ? 1e200 : 1e30;
        try (Matrix d = Matrix.of(new double[][] {{big, 0, 0}, {0, -big, 0}, {0, 0, big}}, t); Lu lu = Lu.of(d)) {
            double stored = t == DType.F32 ? (float) big : big;
            double logBig = Math.log(stored);
            assertEquals(3 * logBig, lu.logAbsDeterminant(), tol(t, 3, 3) * 3 * logBig);
            assertEquals(-1.0, lu.determinantSign(), 0.0);
            double det = lu.determinant();
            if (t == DType.F64) {
                assertEquals(Double.NEGATIVE_INFINITY, det, "1e600 overflows a double");
            } else {
                double expected = -stored * stored * stored;
                assertEquals(expected, det, tol(t, 3, 3) * Math.abs(expected));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void rcondOfIdentityIsOneAndOfIllConditionedMatricesIsSmall(DType t) {
        try (Matrix i = Matrix.identity(6, t); Lu lu = Lu.of(i)) {
            assertEquals(1.0, lu.rcond(), t.eps());
        }
        try (Matrix d = Matrix.of(new double[][] {{1, 0}, {0, 1e-8}}, t); Lu lu = Lu.of(d)) {
            double rc = lu.rcond();
            assertTrue(rc >= 1e-8 / 3 && rc <= 3e-8, "rcond(diag(1, 1e-8)) = " + rc);
        }
        double expected = 1 / cond1(TestMatrices.hilbert(4)); // 1/28375
        assertEquals(1.0 / 28375, expected, 1e-12, "κ₁(H₄) = 28375");
        try (Matrix h = Matrix.of(TestMatrices.hilbert(4), t); Lu lu = Lu.of(h)) {
            double rc = lu.rcond();
            // gecon estimates ‖A⁻¹‖₁ from below; allow a factor of 3 either way
            assertTrue(rc >= expected / 3 && rc <= expected * 3, "rcond(H₄) = " + rc + ", exact " + expected);
        }
    }

    // ---------------------------------------------------------------- singular matrices

    @ParameterizedTest(name = "{0} zero column {1}")
    @MethodSource("zeroColumns")
    void zeroColumnFactorsButSolveAndInverseThrowWithItsPivot(DType t, int j) {
        int n = 6;
        double[][] a = input(t, TestMatrices.gaussian(n, n, 79L + j));
        for (double[] row : a) {
            row[j] = 0;
        }
        try (Matrix am = Matrix.of(a, t); Lu lu = Lu.of(am); Matrix b = Matrix.of(TestMatrices.gaussian(n, 1, 3), t)) {
            assertTrue(lu.isSingular());
            assertEquals(j, lu.zeroPivot().orElse(-1), "first zero pivot");
            assertEquals(0.0, lu.determinant(), 0.0);
            assertEquals(0.0, lu.determinantSign(), 0.0);
            assertEquals(Double.NEGATIVE_INFINITY, lu.logAbsDeterminant());
            assertEquals(0.0, lu.rcond(), 0.0);
            // the factorization is still complete and valid
            double[][] plu = TestMatrices.multiply(read(lu.p()), TestMatrices.multiply(read(lu.l()), read(lu.u())));
            assertTrue(TestMatrices.frobeniusDiff(plu, a) <= tol(t, n, n) * TestMatrices.frobenius(a));
            SingularMatrixException e = assertThrows(SingularMatrixException.class, () -> lu.solve(b).close());
            assertSingular(e, t, j);
            SingularMatrixException e2 = assertThrows(SingularMatrixException.class, () -> lu.inverse().close());
            assertSingular(e2, t, j);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void twoEqualRowsGiveAZeroLastPivot(DType t) {
        // small integers: every multiplier and update is exact in both dtypes, so the zero is exact
        double[][] a = {{2, 1, 1}, {4, 3, 3}, {2, 1, 1}};
        try (Matrix am = Matrix.of(a, t); Lu lu = Lu.of(am); Matrix b = Matrix.of(new double[][] {{1}, {2}, {3}}, t)) {
            assertTrue(lu.isSingular());
            assertEquals(2, lu.zeroPivot().orElse(-1));
            assertEquals(0.0, lu.determinant(), 0.0);
            assertSingular(assertThrows(SingularMatrixException.class, () -> lu.solve(b).close()), t, 2);
            assertSingular(assertThrows(SingularMatrixException.class, () -> lu.inverse().close()), t, 2);
        }
    }

    // ---------------------------------------------------------------- misuse

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void solveWithMismatchedRowsIsAnIllegalArgument(DType t) {
        try (Matrix a = Matrix.of(TestMatrices.gaussian(4, 4, 83), t); Lu lu = Lu.of(a);
             Matrix b = Matrix.of(TestMatrices.gaussian(5, 1, 89), t)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lu.solve(b).close());
            assertTrue(e.getMessage().contains("5"), e.getMessage());
        }
    }

    static Stream<Arguments> rectangularShapes() {
        return shapes().filter(a -> !a.get()[1].equals(a.get()[2]));
    }

    @ParameterizedTest(name = "{0} {1}×{2}")
    @MethodSource("rectangularShapes")
    void rectangularLuRefusesSquareOnlyOperations(DType t, int m, int n) {
        try (Matrix a = Matrix.of(TestMatrices.gaussian(m, n, 97), t); Lu lu = Lu.of(a);
             Matrix b = Matrix.of(TestMatrices.gaussian(m, 1, 101), t)) {
            assertThrows(IllegalArgumentException.class, lu::determinant);
            assertThrows(IllegalArgumentException.class, lu::logAbsDeterminant);
            assertThrows(IllegalArgumentException.class, lu::determinantSign);
            assertThrows(IllegalArgumentException.class, lu::rcond);
            assertThrows(IllegalArgumentException.class, () -> lu.solve(b).close());
            assertThrows(IllegalArgumentException.class, () -> lu.inverse().close());
        }
    }

    @Test
    void closedLuRefusesUse() {
        Lu lu;
        try (Matrix a = Matrix.of(TestMatrices.gaussian(3, 3, 103))) {
            lu = Lu.of(a);
        }
        lu.close();
        assertThrows(IllegalStateException.class, lu::determinant);
        assertThrows(IllegalStateException.class, lu::l);
        lu.close(); // idempotent
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void emptyMatrixFactorsInJava(DType t) {
        try (Matrix a = Matrix.zeros(0, 0, t); Lu lu = Lu.of(a)) {
            assertFalse(lu.isSingular());
            assertEquals(1.0, lu.determinant(), 0.0, "the empty product");
            assertEquals(0, lu.pivots().length);
        }
    }

    // ---------------------------------------------------------------- non-finite input

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void nonFiniteEntryIsReportedAtItsPosition(DType t) {
        double[] bad = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        int[][] at = {{2, 3}, {0, 0}, {4, 1}};
        for (int c = 0; c < bad.length; c++) {
            double[][] a = TestMatrices.gaussian(5, 5, 107);
            a[at[c][0]][at[c][1]] = bad[c];
            try (Matrix am = Matrix.of(a, t)) {
                NonFiniteInputException e = assertThrows(NonFiniteInputException.class, () -> Lu.of(am).close());
                assertEquals(at[c][0], e.row(), "row of " + bad[c]);
                assertEquals(at[c][1], e.column(), "column of " + bad[c]);
                assertEquals(bad[c], e.value());
            }
        }
        // through a transposed view the position is the view's
        double[][] a = TestMatrices.gaussian(4, 6, 109);
        a[1][4] = Double.NaN;
        try (Matrix am = Matrix.of(a, t); Matrix v = am.transpose()) {
            NonFiniteInputException e = assertThrows(NonFiniteInputException.class, () -> Lu.of(v).close());
            assertEquals(4, e.row());
            assertEquals(1, e.column());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void finiteCheckOffSkipsTheScan(DType t) {
        double[][] a = TestMatrices.gaussian(5, 5, 113);
        a[2][3] = Double.NaN;
        try (Matrix am = Matrix.of(a, t); Lu lu = Lu.of(am, FiniteCheck.OFF)) {
            double[][] u = read(lu.u());
            double[][] l = read(lu.l());
            boolean sawNaN = false;
            for (double[][] f : new double[][][] {l, u}) {
                for (double[] row : f) {
                    for (double v : row) {
                        sawNaN |= Double.isNaN(v);
                    }
                }
            }
            assertTrue(sawNaN, "LAPACK ran on the NaN, so the factors must hold NaN");
        }
    }

    // ---------------------------------------------------------------- helpers (plain Java)

    private static double tol(DType t, int m, int n) {
        return C * Math.max(1, Math.max(m, n)) * t.eps();
    }

    private static void assertShape(double[][] a, int m, int n, String what) {
        assertEquals(m, a.length, what + " rows");
        for (double[] row : a) {
            assertEquals(n, row.length, what + " columns");
        }
    }

    private static void assertPermutationMatrix(double[][] p) {
        int n = p.length;
        for (int i = 0; i < n; i++) {
            double rowSum = 0;
            double colSum = 0;
            for (int j = 0; j < n; j++) {
                assertTrue(p[i][j] == 0 || p[i][j] == 1, "P holds " + p[i][j]);
                rowSum += p[i][j];
                colSum += p[j][i];
            }
            assertEquals(1.0, rowSum, 0.0, "row " + i + " of P");
            assertEquals(1.0, colSum, 0.0, "column " + i + " of P");
        }
    }

    // ---------------------------------------------------------------- complex LU (zgetrf/cgetrf)

    /** Q·diag(λ)·Qᴴ with complex λ of modulus 1 to 2: determinant ∏λ, κ₂ ≤ 2. */
    private static final double[] LAMBDA_RE = {1, 0, -1.5, 1.2, 0.6, -1};
    private static final double[] LAMBDA_IM = {1, -2, 0.5, 0, 1.1, -1};

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void complexDeterminantIsTheProductOfTheConstructedEigenvalues(DType t) {
        double re = 1;
        double im = 0;
        for (int j = 0; j < LAMBDA_RE.length; j++) {
            double r = re * LAMBDA_RE[j] - im * LAMBDA_IM[j];
            im = re * LAMBDA_IM[j] + im * LAMBDA_RE[j];
            re = r;
        }
        try (Matrix a = ComplexChecks.withEigenvalues(LAMBDA_RE, LAMBDA_IM, 5, t); Lu lu = Lu.of(a)) {
            Complex d = lu.complexDeterminant();
            double bound = tol(t, 6, 6) * Math.hypot(re, im);
            assertEquals(re, d.re(), bound, "Re det");
            assertEquals(im, d.im(), bound, "Im det");
            assertEquals(Math.log(Math.hypot(re, im)), lu.logAbsDeterminant(), tol(t, 6, 6), "log|det|");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, lu::determinant);
            assertTrue(e.getMessage().contains("complexDeterminant"), e.getMessage());
            assertThrows(IllegalArgumentException.class, lu::determinantSign);
            IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> LinAlg.det(a));
            assertTrue(e2.getMessage().contains(t.numpyName()), e2.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void complexDeterminantOfARealMatrixIsItsDeterminant(DType t) {
        try (Matrix a = Matrix.randomNormal(7, 7, 4, t); Lu lu = Lu.of(a)) {
            Complex d = lu.complexDeterminant();
            assertEquals(lu.determinant(), d.re(), 0.0);
            assertEquals(0.0, d.im(), 0.0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void complexSolveInverseAndRcond(DType t) {
        int n = LAMBDA_RE.length;
        try (Matrix a = ComplexChecks.withEigenvalues(LAMBDA_RE, LAMBDA_IM, 9, t); Lu lu = Lu.of(a);
             Matrix b = Matrix.randomNormal(n, 3, 2, t); Matrix x = lu.solve(b); Matrix ax = a.multiply(x);
             Matrix inv = lu.inverse(); Matrix ai = a.multiply(inv); Matrix id = Matrix.identity(n, t);
             Matrix y = LinAlg.solve(a, b)) {
            double bound = tol(t, n, n) * a.normFrobenius() * x.normFrobenius();
            assertTrue(ComplexChecks.distance(ax, b) <= bound, "‖AX − B‖ = " + ComplexChecks.distance(ax, b));
            // κ₂ ≤ 2 (|λ| from 1 to 2.24): ‖A·A⁻¹ − I‖ is within a few ε·n
            assertTrue(ComplexChecks.distance(ai, id) <= 3 * tol(t, n, n), "‖A·A⁻¹ − I‖ = " + ComplexChecks.distance(ai, id));
            assertTrue(ComplexChecks.distance(y, x) <= tol(t, n, n) * x.normFrobenius(), "LinAlg.solve agrees");
            assertEquals(t, y.dtype());
            double rc = lu.rcond();
            assertTrue(rc > 0.1 && rc <= 1, "rcond " + rc); // 1-norm κ ≤ n·κ₂ = 12 here
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void rcondOfAComplexDiagonalIsExact(DType t) {
        // diag(1, 2i, −4): ‖A‖₁ = 4, ‖A⁻¹‖₁ = 1; gecon's estimate is exact for a diagonal matrix
        try (Matrix a = Matrix.ofComplex(new double[][] {{1, 0, 0, 0, 0, 0}, {0, 0, 0, 2, 0, 0}, {0, 0, 0, 0, -4, 0}}, t);
             Lu lu = Lu.of(a)) {
            assertEquals(0.25, lu.rcond(), 4 * t.eps());
            Complex d = lu.complexDeterminant(); // 1·2i·(−4) = −8i
            assertEquals(0.0, d.re(), 0.0);
            assertEquals(-8.0, d.im(), 0.0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void complexZeroColumnIsSingularNamingTheComplexRoutine(DType t) {
        int n = 6;
        try (Matrix a = Matrix.randomNormal(n, n, 12, t); Matrix b = Matrix.randomNormal(n, 1, 3, t)) {
            for (int i = 0; i < n; i++) {
                a.setComplex(i, 2, 0, 0);
            }
            try (Lu lu = Lu.of(a)) {
                assertEquals(2, lu.zeroPivot().orElse(-1));
                assertEquals(Complex.ZERO, lu.complexDeterminant());
                assertEquals(0.0, lu.rcond(), 0.0);
                assertSingular(assertThrows(SingularMatrixException.class, () -> lu.solve(b).close()), t, 2);
                assertSingular(assertThrows(SingularMatrixException.class, () -> lu.inverse().close()), t, 2);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void nanInAnImaginaryPartIsATypedError(DType t) {
        try (Matrix a = Matrix.randomNormal(4, 4, 1, t)) {
            a.setComplex(2, 1, 0.5, Double.NaN);
            NonFiniteInputException e = assertThrows(NonFiniteInputException.class, () -> Lu.of(a).close());
            assertTrue(e.getMessage().contains("imag"), e.getMessage());
        }
    }

    @Test
    void solveOfARealSystemWithAComplexRightHandSidePromotesToComplex() {
        // A = diag(2, 4), b = (2 + 2i, 4i): x = (1 + i, i), exactly
        try (Matrix a = Matrix.of(new double[][] {{2, 0}, {0, 4}}); Matrix b = Matrix.ofComplex(new double[][] {{2, 2}, {0, 4}},
                DType.C128); Matrix x = LinAlg.solve(a, b)) {
            assertEquals(DType.C128, x.dtype());
            assertArrayEquals(new double[][] {{1, 1}, {0, 1}}, x.toComplexArray());
        }
        try (Matrix a = Matrix.of(new double[][] {{2, 0}, {0, 4}}, DType.F32);
             Matrix b = Matrix.ofComplex(new double[][] {{2, 2}, {0, 4}}, DType.C64); Matrix x = LinAlg.solve(a, b)) {
            assertEquals(DType.C64, x.dtype(), "float32 with complex64 stays complex64, as NumPy promotes");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void largeComplexLuRunsOnTheDeepStack(DType t) {
        // 300² complex with 2 OpenBLAS threads would overrun a default Java stack (see lapack.DeepStack)
        int n = 300;
        try (Matrix a = Matrix.randomNormal(n, n, 8, t); Lu lu = Lu.of(a); Matrix b = Matrix.randomNormal(n, 1, 9, t);
             Matrix x = lu.solve(b); Matrix ax = a.multiply(x)) {
            double bound = tol(t, n, n) * a.normFrobenius() * x.normFrobenius();
            assertTrue(ComplexChecks.distance(ax, b) <= bound, "‖Ax − b‖ = " + ComplexChecks.distance(ax, b));
        }
    }

    private static void assertSingular(SingularMatrixException e, DType t, int pivot) {
        assertEquals(pivot, e.pivot(), "pivot of " + e.getMessage());
        String routine = t.prefix() + "getrf";
        assertEquals(routine, e.routine());
        assertTrue(e.getMessage().contains(routine), e.getMessage());
        assertTrue(e.getMessage().contains("singular"), e.getMessage());
    }

    /**
     * The exact inverse of the n×n Hilbert matrix (integer entries):
     * {@code (−1)^(i+j)·(i+j+1)·C(n+i, n−j−1)·C(n+j, n−i−1)·C(i+j, i)²}, 0-based.
     */
    private static double[][] hilbertInverse(int n) {
        double[][] h = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double c = binomial(i + j, i);
                h[i][j] = ((i + j) % 2 == 0 ? 1 : -1) * (i + j + 1) * binomial(n + i, n - j - 1)
                        * binomial(n + j, n - i - 1) * c * c;
            }
        }
        return h;
    }

    private static double binomial(int n, int k) {
        double b = 1;
        for (int i = 1; i <= k; i++) {
            b = b * (n - k + i) / i;
        }
        return b;
    }
}
