package org.decomp4j;

import static org.decomp4j.TestMatrices.cond1;
import static org.decomp4j.TestMatrices.hilbertDeterminant;
import static org.decomp4j.TestMatrices.input;
import static org.decomp4j.TestMatrices.norm1;
import static org.decomp4j.TestMatrices.plainDeterminant;
import static org.decomp4j.TestMatrices.plainInverse;
import static org.decomp4j.TestMatrices.read;
import static org.decomp4j.TestMatrices.subtract;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cholesky, {@code A = L·Lᵀ} and {@code A = Uᵀ·U}, in both dtypes, on {@code B·Bᵀ + n·I} (well
 * conditioned), diagonal and Hilbert matrices whose determinants are known in closed form, and on
 * matrices whose first non-positive leading minor is known.
 */
class CholeskyTest {
    /** The constant c of the c·max(m,n)·eps bounds. */
    private static final double C = 10;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (DType t : new DType[] {DType.F64, DType.F32}) {
            for (int n : new int[] {1, 5, 40}) {
                for (Cholesky.Triangle tri : Cholesky.Triangle.values()) {
                    out.add(Arguments.of(t, n, tri));
                }
            }
        }
        return out.stream();
    }

    static Stream<Arguments> triangles() {
        List<Arguments> out = new ArrayList<>();
        for (DType t : new DType[] {DType.F64, DType.F32}) {
            for (Cholesky.Triangle tri : Cholesky.Triangle.values()) {
                out.add(Arguments.of(t, tri));
            }
        }
        return out.stream();
    }

    // ---------------------------------------------------------------- factor

    @ParameterizedTest(name = "{0} n={1} {2}")
    @MethodSource("cases")
    void factorIsTriangularWithPositiveDiagonalAndReconstructsA(DType t, int n, Cholesky.Triangle tri) {
        double[][] a = input(t, TestMatrices.spd(n, 3L * n));
        try (Matrix am = Matrix.of(a, t); Cholesky c = Cholesky.of(am, tri)) {
            assertEquals(t, c.dtype());
            assertEquals(n, c.size());
            assertEquals(tri, c.triangle());
            double[][] f = read(c.factor());
            assertEquals(n, f.length);
            for (int i = 0; i < n; i++) {
                assertEquals(n, f[i].length);
                assertTrue(f[i][i] > 0, "diagonal " + i + " = " + f[i][i]);
                for (int j = 0; j < n; j++) {
                    boolean outside = tri == Cholesky.Triangle.LOWER ? j > i : j < i;
                    if (outside) {
                        assertEquals(0.0, f[i][j], 0.0, "factor must be zero outside its triangle at " + i + "," + j);
                    }
                }
            }
            double[][] ft = TestMatrices.transpose(f);
            double[][] rebuilt = tri == Cholesky.Triangle.LOWER ? TestMatrices.multiply(f, ft) : TestMatrices.multiply(ft, f);
            double resid = TestMatrices.frobeniusDiff(rebuilt, a);
            double bound = tol(t, n) * TestMatrices.frobenius(a);
            assertTrue(resid <= bound, String.format("‖factor product − A‖ = %.3e > %.3e, %s n=%d %s",
                    resid, bound, t, n, tri));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void upperFactorIsTheTransposeOfTheLowerOne(DType t) {
        int n = 12;
        double[][] a = input(t, TestMatrices.spd(n, 5));
        try (Matrix am = Matrix.of(a, t); Cholesky lo = Cholesky.of(am, Cholesky.Triangle.LOWER);
             Cholesky up = Cholesky.of(am, Cholesky.Triangle.UPPER)) {
            double[][] l = read(lo.factor());
            double[][] u = read(up.factor());
            // the Cholesky factor with a positive diagonal is unique
            double diff = TestMatrices.frobeniusDiff(TestMatrices.transpose(l), u);
            assertTrue(diff <= tol(t, n) * TestMatrices.frobenius(l), "‖Lᵀ − U‖ = " + diff);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("triangles")
    void onlyTheSelectedTriangleIsRead(DType t, Cholesky.Triangle tri) {
        int n = 6;
        double[][] a = input(t, TestMatrices.spd(n, 7));
        double[][] garbage = new double[n][];
        for (int i = 0; i < n; i++) {
            garbage[i] = a[i].clone();
            for (int j = 0; j < n; j++) {
                boolean unread = tri == Cholesky.Triangle.LOWER ? j > i : j < i;
                if (unread) {
                    garbage[i][j] = -1e30;
                }
            }
        }
        try (Matrix am = Matrix.of(a, t); Matrix gm = Matrix.of(garbage, t); Cholesky clean = Cholesky.of(am, tri);
             Cholesky dirty = Cholesky.of(gm, tri); Matrix b = Matrix.of(TestMatrices.gaussian(n, 2, 9), t);
             Matrix xc = clean.solve(b); Matrix xd = dirty.solve(b)) {
            double[][] fc = read(clean.factor());
            double[][] fd = read(dirty.factor());
            for (int i = 0; i < n; i++) {
                assertArrayEquals(fc[i], fd[i], 0.0, "factor row " + i + " depends on the unread triangle");
            }
            assertEquals(clean.determinant(), dirty.determinant(), 0.0);
            assertEquals(clean.rcond(), dirty.rcond(), 0.0, "rcond must use the norm of the read triangle only");
            double[][] xa = xc.toArray();
            double[][] xb = xd.toArray();
            for (int i = 0; i < n; i++) {
                assertArrayEquals(xa[i], xb[i], 0.0, "solution row " + i);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void inputIsUnchanged(DType t) {
        double[][] a = input(t, TestMatrices.spd(7, 11));
        try (Matrix am = Matrix.of(a, t)) {
            try (Cholesky c = Cholesky.of(am); Matrix inv = c.inverse()) {
                c.rcond();
            }
            double[][] after = am.toArray();
            for (int i = 0; i < a.length; i++) {
                assertArrayEquals(a[i], after[i], 0.0, "row " + i + " of A changed");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void factorViewMayBeClosedAndRequestedAgain(DType t) {
        try (Matrix am = Matrix.of(TestMatrices.spd(4, 13), t); Cholesky c = Cholesky.of(am)) {
            double first;
            try (Matrix f = c.factor()) {
                first = f.get(0, 0);
                assertTrue(f.isReadOnly());
                assertThrows(UnsupportedOperationException.class, () -> f.set(0, 0, 1.0));
            }
            // closing a view frees nothing, so the factor must still be available
            try (Matrix f = c.factor()) {
                assertEquals(first, f.get(0, 0), 0.0);
            }
            assertTrue(c.determinant() > 0);
        }
    }

    // ---------------------------------------------------------------- solve, inverse

    @ParameterizedTest(name = "{0} n={1} {2}")
    @MethodSource("cases")
    void solveHasASmallResidual(DType t, int n, Cholesky.Triangle tri) {
        double[][] a = input(t, TestMatrices.spd(n, 17L * n));
        double[][] b = input(t, TestMatrices.gaussian(n, 3, 19L * n));
        try (Matrix am = Matrix.of(a, t); Matrix bm = Matrix.of(b, t); Cholesky c = Cholesky.of(am, tri);
             Matrix x = c.solve(bm)) {
            assertEquals(t, x.dtype());
            assertEquals(n, x.rows());
            assertEquals(3, x.cols());
            double[][] xa = x.toArray();
            double resid = TestMatrices.frobenius(subtract(TestMatrices.multiply(a, xa), b));
            double bound = tol(t, n) * TestMatrices.frobenius(a) * TestMatrices.frobenius(xa);
            assertTrue(resid <= bound, String.format("‖AX − B‖ = %.3e > %.3e, %s n=%d %s", resid, bound, t, n, tri));
            double[][] bAfter = bm.toArray();
            for (int i = 0; i < n; i++) {
                assertArrayEquals(b[i], bAfter[i], 0.0, "b changed");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void solveWithMismatchedRowsIsAnIllegalArgument(DType t) {
        try (Matrix am = Matrix.of(TestMatrices.spd(4, 23), t); Cholesky c = Cholesky.of(am);
             Matrix b = Matrix.of(TestMatrices.gaussian(3, 1, 29), t)) {
            assertThrows(IllegalArgumentException.class, () -> c.solve(b).close());
        }
    }

    @ParameterizedTest(name = "{0} n={1} {2}")
    @MethodSource("cases")
    void inverseIsSymmetricAndTimesAIsIdentity(DType t, int n, Cholesky.Triangle tri) {
        double[][] a = input(t, TestMatrices.spd(n, 31L * n));
        try (Matrix am = Matrix.of(a, t); Cholesky c = Cholesky.of(am, tri); Matrix inv = c.inverse()) {
            assertEquals(t, inv.dtype());
            double[][] ai = inv.toArray();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(ai[i][j], ai[j][i], 0.0, "inverse not symmetric at " + i + "," + j);
                }
            }
            double err = TestMatrices.frobeniusDiff(TestMatrices.multiply(ai, a), TestMatrices.identity(n));
            double bound = tol(t, n) * TestMatrices.frobenius(a) * TestMatrices.frobenius(ai);
            assertTrue(err <= bound, String.format("‖A⁻¹·A − I‖ = %.3e > %.3e, %s n=%d %s", err, bound, t, n, tri));
        }
    }

    // ---------------------------------------------------------------- determinant, condition

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("triangles")
    void determinantOfKnownMatrices(DType t, Cholesky.Triangle tri) {
        try (Matrix d = Matrix.of(new double[][] {{4, 0, 0}, {0, 9, 0}, {0, 0, 16}}, t); Cholesky c = Cholesky.of(d, tri)) {
            assertEquals(576.0, c.determinant(), 0.0, "diag(4, 9, 16): square roots and products are exact");
            assertEquals(Math.log(576), c.logDeterminant(), tol(t, 3) * Math.log(576));
        }
        int n = 4;
        double exact = hilbertDeterminant(n);
        assertEquals(1.0 / 6048000, exact, 1e-15 / 6048000, "closed formula");
        double[][] h = TestMatrices.hilbert(n);
        double kappa = cond1(h);
        try (Matrix hm = Matrix.of(input(t, h), t); Cholesky c = Cholesky.of(hm, tri)) {
            assertEquals(exact, c.determinant(), tol(t, n) * kappa * exact, "det(H₄) in " + t);
            assertEquals(Math.log(exact), c.logDeterminant(), tol(t, n) * kappa);
        }
        double[][] a = input(t, TestMatrices.spd(6, 37));
        double det = plainDeterminant(a);
        try (Matrix am = Matrix.of(a, t); Cholesky c = Cholesky.of(am, tri)) {
            assertEquals(det, c.determinant(), tol(t, 6) * cond1(a) * det, "det against plain elimination");
            assertEquals(Math.log(det), c.logDeterminant(), tol(t, 6) * cond1(a));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("triangles")
    void rcondOfIdentityIsOneAndOfHilbertIsAboutItsInverseCondition(DType t, Cholesky.Triangle tri) {
        try (Matrix i = Matrix.identity(5, t); Cholesky c = Cholesky.of(i, tri)) {
            assertEquals(1.0, c.rcond(), t.eps());
        }
        try (Matrix d = Matrix.of(new double[][] {{1, 0}, {0, 1e-8}}, t); Cholesky c = Cholesky.of(d, tri)) {
            double rc = c.rcond();
            assertTrue(rc >= 1e-8 / 3 && rc <= 3e-8, "rcond(diag(1, 1e-8)) = " + rc);
        }
        double expected = 1 / cond1(TestMatrices.hilbert(4)); // 1/28375
        try (Matrix h = Matrix.of(TestMatrices.hilbert(4), t); Cholesky c = Cholesky.of(h, tri)) {
            double rc = c.rcond();
            assertTrue(rc >= expected / 3 && rc <= expected * 3, "rcond(H₄) = " + rc + ", exact " + expected);
        }
    }

    // ---------------------------------------------------------------- not positive definite

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("triangles")
    void notPositiveDefiniteNamesTheFailingMinor(DType t, Cholesky.Triangle tri) {
        String routine = t.prefix() + "potrf";
        try (Matrix d = Matrix.of(new double[][] {{1, 0, 0, 0}, {0, 2, 0, 0}, {0, 0, -1, 0}, {0, 0, 0, 4}}, t)) {
            NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class,
                    () -> Cholesky.of(d, tri).close());
            assertEquals(3, e.order());
            assertEquals(routine, e.routine());
            assertTrue(e.getMessage().contains("leading minor of order 3"), e.getMessage());
            assertTrue(e.getMessage().contains(routine), e.getMessage());
            assertFalse(Cholesky.isPositiveDefinite(d));
        }
        try (Matrix a = Matrix.of(new double[][] {{-2, 1, 0}, {1, 3, 1}, {0, 1, 4}}, t)) {
            NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class,
                    () -> Cholesky.of(a, tri).close());
            assertEquals(1, e.order());
            assertTrue(e.getMessage().contains("leading minor of order 1"), e.getMessage());
        }
        // positive diagonal, indefinite: the 2×2 leading minor 1·1 − 2·2 is negative
        try (Matrix a = Matrix.of(new double[][] {{1, 2, 0}, {2, 1, 0}, {0, 0, 1}}, t)) {
            NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class,
                    () -> Cholesky.of(a, tri).close());
            assertEquals(2, e.order());
            assertFalse(Cholesky.isPositiveDefinite(a));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void isPositiveDefiniteTellsWithoutThrowing(DType t) {
        try (Matrix a = Matrix.of(TestMatrices.spd(8, 41), t)) {
            assertTrue(Cholesky.isPositiveDefinite(a));
        }
        try (Matrix h = Matrix.of(TestMatrices.hilbert(5), t)) {
            assertTrue(Cholesky.isPositiveDefinite(h));
        }
        try (Matrix z = Matrix.zeros(3, 3, t)) {
            assertFalse(Cholesky.isPositiveDefinite(z), "the zero matrix is only semi-definite");
        }
        try (Matrix r = Matrix.of(TestMatrices.gaussian(3, 4, 43), t)) {
            assertFalse(Cholesky.isPositiveDefinite(r), "non-square");
        }
        double[][] a = TestMatrices.spd(4, 44);
        a[3][0] = Double.NaN;
        try (Matrix nan = Matrix.of(a, t)) {
            assertFalse(Cholesky.isPositiveDefinite(nan), "NaN: false, not an exception");
        }
        double[][] g = TestMatrices.spd(4, 45);
        g[0][3] = -1e30; // the upper triangle is not read
        try (Matrix garbage = Matrix.of(g, t)) {
            assertTrue(Cholesky.isPositiveDefinite(garbage), "only the lower triangle counts");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void nonSquareIsAnIllegalArgument(DType t) {
        try (Matrix r = Matrix.of(TestMatrices.gaussian(3, 4, 47), t)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cholesky.of(r).close());
            assertTrue(e.getMessage().contains("3×4"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void emptyMatrixFactors(DType t) {
        try (Matrix a = Matrix.zeros(0, 0, t); Cholesky c = Cholesky.of(a)) {
            assertEquals(0, c.size());
            assertEquals(1.0, c.determinant(), 0.0, "the empty product");
            assertEquals(0.0, c.logDeterminant(), 0.0);
        }
    }

    // ---------------------------------------------------------------- non-finite input

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("triangles")
    void nonFiniteEntryIsReportedAtItsPosition(DType t, Cholesky.Triangle tri) {
        // positions inside the triangle LAPACK reads (the other one is neither read nor scanned)
        double[] bad = {Double.NaN, Double.POSITIVE_INFINITY, Double.NaN};
        int[][] at = tri == Cholesky.Triangle.LOWER ? new int[][] {{3, 1}, {2, 2}, {4, 0}}
                : new int[][] {{1, 3}, {2, 2}, {0, 4}};
        for (int c = 0; c < bad.length; c++) {
            double[][] a = TestMatrices.spd(5, 53);
            a[at[c][0]][at[c][1]] = bad[c];
            try (Matrix am = Matrix.of(a, t)) {
                NonFiniteInputException e = assertThrows(NonFiniteInputException.class,
                        () -> Cholesky.of(am, tri).close());
                assertEquals(at[c][0], e.row());
                assertEquals(at[c][1], e.column());
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("triangles")
    void finiteCheckOffSkipsTheScan(DType t, Cholesky.Triangle tri) {
        int n = 5;
        double[][] a = input(t, TestMatrices.spd(n, 59));
        double[][] withNaN = new double[n][];
        for (int i = 0; i < n; i++) {
            withNaN[i] = a[i].clone();
        }
        // in the triangle LAPACK never reads: skipping the scan gives the clean factor
        if (tri == Cholesky.Triangle.LOWER) {
            withNaN[1][3] = Double.NaN;
        } else {
            withNaN[3][1] = Double.NaN;
        }
        try (Matrix am = Matrix.of(a, t); Matrix nm = Matrix.of(withNaN, t); Cholesky clean = Cholesky.of(am, tri);
             Cholesky off = Cholesky.of(nm, tri, FiniteCheck.OFF)) {
            double[][] fc = read(clean.factor());
            double[][] fo = read(off.factor());
            for (int i = 0; i < n; i++) {
                assertArrayEquals(fc[i], fo[i], 0.0, "row " + i);
            }
            // the scan covers the triangle LAPACK reads, as LAPACKE's own check: NaN elsewhere is ignored
            try (Cholesky on = Cholesky.of(nm, tri, FiniteCheck.ON)) {
                double[][] fon = read(on.factor());
                for (int i = 0; i < n; i++) {
                    assertArrayEquals(fc[i], fon[i], 0.0, "row " + i);
                }
            }
        }
    }

    // ---------------------------------------------------------------- helpers (plain Java)

    private static double tol(DType t, int n) {
        return C * Math.max(1, n) * t.eps();
    }

}
