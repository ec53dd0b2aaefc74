package org.decomp4j;

import static org.decomp4j.TestMatrices.columnNorm;
import static org.decomp4j.TestMatrices.input;
import static org.decomp4j.TestMatrices.normalEquations;
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

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * QR, plain and column-pivoted, economy and complete, in both dtypes. Orthogonality and
 * reconstruction are measured in plain Java with {@code C·max(m, n)·eps} tolerances; least-squares
 * answers are checked against the normal equations solved in plain Java on a matrix of known,
 * small condition number.
 */
class QrTest {
    /** The constant c of the c·max(m,n)·eps bounds. */
    private static final double C = 10;

    static Stream<Arguments> shapes() {
        int[][] shapes = {{1, 1}, {6, 6}, {9, 5}, {5, 9}, {40, 12}, {12, 40}};
        List<Arguments> out = new ArrayList<>();
        for (DType t : new DType[] {DType.F64, DType.F32}) {
            for (int[] s : shapes) {
                out.add(Arguments.of(t, s[0], s[1]));
            }
        }
        return out.stream();
    }

    static Stream<Arguments> modes() {
        List<Arguments> out = new ArrayList<>();
        for (Arguments a : shapes().toList()) {
            for (Qr.Mode mode : Qr.Mode.values()) {
                Object[] g = a.get();
                out.add(Arguments.of(g[0], g[1], g[2], mode));
            }
        }
        return out.stream();
    }

    // ---------------------------------------------------------------- factors

    @ParameterizedTest(name = "{0} {1}×{2} {3}")
    @MethodSource("modes")
    void factorsHaveTheirShapesAreOrthogonalTriangularAndReconstructA(DType t, int m, int n, Qr.Mode mode) {
        double[][] a = input(t, TestMatrices.gaussian(m, n, 7L * m + n));
        int k = Math.min(m, n);
        int qc = mode == Qr.Mode.COMPLETE ? m : k;
        try (Matrix am = Matrix.of(a, t); Qr qr = Qr.of(am, mode)) {
            assertEquals(t, qr.dtype());
            assertEquals(mode, qr.mode());
            assertFalse(qr.isPivoted());
            double[][] q = read(qr.q());
            double[][] r = read(qr.r());
            assertShape(q, m, qc, "Q");
            assertShape(r, qc, n, "R");
            double tol = tol(t, m, n);
            double orth = TestMatrices.orthogonalityError(q);
            assertTrue(orth <= tol, String.format("‖QᵀQ − I‖ = %.3e > %.3e", orth, tol));
            if (mode == Qr.Mode.COMPLETE) {
                double rowOrth = TestMatrices.orthogonalityError(TestMatrices.transpose(q));
                assertTrue(rowOrth <= tol, String.format("‖QQᵀ − I‖ = %.3e > %.3e", rowOrth, tol));
            }
            assertUpperTriangular(r);
            double resid = TestMatrices.frobeniusDiff(TestMatrices.multiply(q, r), a);
            double bound = tol * TestMatrices.frobenius(a);
            assertTrue(resid <= bound, String.format("‖QR − A‖ = %.3e > %.3e, %s %d×%d %s", resid, bound, t, m, n, mode));
            assertArrayEquals(identity(n), qr.permutation(), "an unpivoted QR has the identity order");
        }
    }

    @ParameterizedTest(name = "{0} {1}×{2}")
    @MethodSource("shapes")
    void completeFactorsExtendTheEconomyOnes(DType t, int m, int n) {
        double[][] a = input(t, TestMatrices.gaussian(m, n, 11L * m + n));
        int k = Math.min(m, n);
        try (Matrix am = Matrix.of(a, t); Qr econ = Qr.of(am, Qr.Mode.ECONOMY);
             Qr full = Qr.of(am, Qr.Mode.COMPLETE)) {
            double[][] qe = read(econ.q());
            double[][] qf = read(full.q());
            double[][] re = read(econ.r());
            double[][] rf = read(full.r());
            double tol = tol(t, m, n);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < k; j++) {
                    assertEquals(qe[i][j], qf[i][j], tol, "Q[" + i + "][" + j + "]");
                }
            }
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double expected = i < k ? re[i][j] : 0.0;
                    assertEquals(expected, rf[i][j], tol * TestMatrices.frobenius(a), "R[" + i + "][" + j + "]");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}×{2} {3}")
    @MethodSource("modes")
    void pivotedFactorsReconstructPermutedColumnsWithNonIncreasingDiagonal(DType t, int m, int n, Qr.Mode mode) {
        double[][] a = input(t, TestMatrices.gaussian(m, n, 13L * m + n));
        // spread the column norms so that pivoting has something to do
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] *= 1 + j;
            }
        }
        a = input(t, a);
        int k = Math.min(m, n);
        try (Matrix am = Matrix.of(a, t); Qr qr = Qr.pivoted(am, mode)) {
            assertTrue(qr.isPivoted());
            int[] perm = qr.permutation();
            assertEquals(n, perm.length);
            int[] sorted = perm.clone();
            Arrays.sort(sorted);
            assertArrayEquals(identity(n), sorted, "not a permutation: " + Arrays.toString(perm));
            int largest = 0;
            for (int j = 1; j < n; j++) {
                if (columnNorm(a, j) > columnNorm(a, largest)) {
                    largest = j;
                }
            }
            assertEquals(largest, perm[0], "the column of largest norm must come first");
            double[][] q = read(qr.q());
            double[][] r = read(qr.r());
            assertShape(q, m, mode == Qr.Mode.COMPLETE ? m : k, "Q");
            assertShape(r, mode == Qr.Mode.COMPLETE ? m : k, n, "R");
            double tol = tol(t, m, n);
            assertTrue(TestMatrices.orthogonalityError(q) <= tol, "Q not orthonormal");
            assertUpperTriangular(r);
            double[][] ap = new double[m][n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    ap[i][j] = a[i][perm[j]];
                }
            }
            double resid = TestMatrices.frobeniusDiff(TestMatrices.multiply(q, r), ap);
            assertTrue(resid <= tol * TestMatrices.frobenius(a),
                    String.format("‖QR − A[:, perm]‖ = %.3e, %s %d×%d", resid, t, m, n));
            for (int i = 1; i < k; i++) {
                assertTrue(Math.abs(r[i][i]) <= Math.abs(r[i - 1][i - 1]) * (1 + tol),
                        "|R[i][i]| increases at " + i + ": " + r[i - 1][i - 1] + ", " + r[i][i]);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void pivotedRankMatchesTheConstruction(DType t) {
        for (long seed = 1; seed <= 4; seed++) {
            try (Matrix a = Matrix.of(TestMatrices.lowRank(20, 12, 4, seed), t); Qr qr = Qr.pivoted(a)) {
                assertEquals(4, qr.rank(), "lowRank(20, 12, 4, " + seed + ")");
            }
        }
        try (Matrix a = Matrix.of(TestMatrices.gaussian(9, 5, 17), t); Qr qr = Qr.pivoted(a)) {
            assertEquals(5, qr.rank(), "full column rank");
        }
        try (Matrix a = Matrix.of(TestMatrices.gaussian(5, 9, 19), t); Qr qr = Qr.pivoted(a)) {
            assertEquals(5, qr.rank(), "full row rank");
        }
        try (Matrix a = Matrix.zeros(6, 4, t); Qr qr = Qr.pivoted(a)) {
            assertEquals(0, qr.rank(), "zero matrix");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void rankOfAnUnpivotedQrIsAnIllegalState(DType t) {
        try (Matrix a = Matrix.of(TestMatrices.gaussian(6, 4, 23), t); Qr qr = Qr.of(a)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, qr::rank);
            assertTrue(e.getMessage().contains("pivoted"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void inputIsUnchanged(DType t) {
        double[][] a = input(t, TestMatrices.gaussian(7, 5, 29));
        try (Matrix am = Matrix.of(a, t)) {
            try (Qr qr = Qr.of(am, Qr.Mode.COMPLETE); Qr qp = Qr.pivoted(am)) {
                read(qr.q());
                read(qp.r());
            }
            double[][] after = am.toArray();
            for (int i = 0; i < a.length; i++) {
                assertArrayEquals(a[i], after[i], 0.0, "row " + i + " of A changed");
            }
        }
    }

    // ---------------------------------------------------------------- least squares

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void solveOfAnOverdeterminedSystemMatchesTheNormalEquations(DType t) {
        int m = 30;
        int n = 6;
        double[] s = {3, 2.5, 2, 1.5, 1.2, 1};
        double kappa = s[0] / s[n - 1];
        double[][] a = input(t, TestMatrices.withSpectrum(m, n, s, 31));
        for (int nrhs : new int[] {1, 3}) {
            double[][] b = input(t, TestMatrices.gaussian(m, nrhs, 37L + nrhs));
            double[][] expected = normalEquations(a, b);
            double tol = tol(t, m, n);
            double bound = tol * kappa * kappa
                    * (TestMatrices.frobenius(expected) + TestMatrices.frobenius(b) / s[n - 1]);
            try (Matrix am = Matrix.of(a, t); Matrix bm = Matrix.of(b, t); Qr qr = Qr.of(am);
                 Qr qp = Qr.pivoted(am); Matrix x = qr.solve(bm); Matrix xp = qp.solve(bm)) {
                assertEquals(t, x.dtype());
                assertEquals(n, x.rows());
                assertEquals(nrhs, x.cols());
                double[][] xa = x.toArray();
                double err = TestMatrices.frobeniusDiff(xa, expected);
                assertTrue(err <= bound, String.format("‖x − x_normal‖ = %.3e > %.3e, %s nrhs=%d", err, bound, t, nrhs));
                double errP = TestMatrices.frobeniusDiff(xp.toArray(), expected);
                assertTrue(errP <= bound, String.format("pivoted: ‖x − x_normal‖ = %.3e > %.3e, %s", errP, bound, t));
                // the residual is orthogonal to the columns of A
                double[][] r = subtract(b, TestMatrices.multiply(a, xa));
                double[][] atr = TestMatrices.multiply(TestMatrices.transpose(a), r);
                double normA = TestMatrices.frobenius(a);
                double orthBound = tol * normA * (TestMatrices.frobenius(r) + normA * TestMatrices.frobenius(xa));
                double orth = TestMatrices.frobenius(atr);
                assertTrue(orth <= orthBound, String.format("‖Aᵀr‖ = %.3e > %.3e, %s", orth, orthBound, t));
                double[][] bAfter = bm.toArray();
                for (int i = 0; i < m; i++) {
                    assertArrayEquals(b[i], bAfter[i], 0.0, "b changed");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void solveOfASquareSystemHasASmallResidual(DType t) {
        int n = 8;
        double[][] a = input(t, TestMatrices.withSpectrum(n, n, new double[] {4, 3, 3, 2, 2, 1.5, 1, 1}, 41));
        double[][] b = input(t, TestMatrices.gaussian(n, 2, 43));
        try (Matrix am = Matrix.of(a, t); Matrix bm = Matrix.of(b, t); Qr qr = Qr.of(am); Matrix x = qr.solve(bm)) {
            double[][] xa = x.toArray();
            double resid = TestMatrices.frobenius(subtract(TestMatrices.multiply(a, xa), b));
            double bound = tol(t, n, n) * TestMatrices.frobenius(a) * TestMatrices.frobenius(xa);
            assertTrue(resid <= bound, "‖Ax − b‖ = " + resid + " > " + bound);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void solveOfAnUnderdeterminedSystemPointsToLstsq(DType t) {
        try (Matrix a = Matrix.of(TestMatrices.gaussian(4, 7, 47), t); Matrix b = Matrix.of(TestMatrices.gaussian(4, 1, 53), t);
             Qr qr = Qr.of(a); Qr qp = Qr.pivoted(a)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> qr.solve(b).close());
            assertTrue(e.getMessage().contains("lstsq"), e.getMessage());
            IllegalArgumentException ep = assertThrows(IllegalArgumentException.class, () -> qp.solve(b).close());
            assertTrue(ep.getMessage().contains("lstsq"), ep.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void solveWithMismatchedRowsIsAnIllegalArgument(DType t) {
        try (Matrix a = Matrix.of(TestMatrices.gaussian(7, 4, 59), t); Matrix b = Matrix.of(TestMatrices.gaussian(6, 1, 61), t);
             Qr qr = Qr.of(a)) {
            assertThrows(IllegalArgumentException.class, () -> qr.solve(b).close());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void solveOfAnExactlyRankDeficientMatrixIsSingular(DType t) {
        int m = 8;
        int n = 4;
        int zero = 2;
        double[][] a = input(t, TestMatrices.gaussian(m, n, 67));
        for (double[] row : a) {
            row[zero] = 0;
        }
        try (Matrix am = Matrix.of(a, t); Matrix b = Matrix.of(TestMatrices.gaussian(m, 1, 71), t);
             Qr qr = Qr.of(am); Qr qp = Qr.pivoted(am)) {
            SingularMatrixException e = assertThrows(SingularMatrixException.class, () -> qr.solve(b).close());
            assertEquals(zero, e.pivot(), e.getMessage());
            assertTrue(e.getMessage().contains("singular"), e.getMessage());
            assertTrue(e.getMessage().startsWith(String.valueOf(t.prefix())), e.getMessage());
            assertEquals(n - 1, qp.rank(), "one zero column");
            SingularMatrixException ep = assertThrows(SingularMatrixException.class, () -> qp.solve(b).close());
            assertEquals(n - 1, ep.pivot(), "pivoting moves the zero column last: " + ep.getMessage());
        }
    }

    static Stream<Arguments> emptyShapes() {
        List<Arguments> out = new ArrayList<>();
        for (DType t : new DType[] {DType.F64, DType.F32}) {
            for (int[] s : new int[][] {{0, 0}, {3, 0}, {0, 3}}) {
                for (boolean pivoted : new boolean[] {false, true}) {
                    out.add(Arguments.of(t, s[0], s[1], pivoted));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}×{2} pivoted={3}")
    @MethodSource("emptyShapes")
    void emptyShapesFactorWithEmptyFactors(DType t, int m, int n, boolean pivoted) {
        int k = Math.min(m, n);
        try (Matrix a = Matrix.zeros(m, n, t); Qr qr = pivoted ? Qr.pivoted(a) : Qr.of(a)) {
            double[][] q = read(qr.q());
            double[][] r = read(qr.r());
            assertEquals(m, q.length, "Q rows");
            assertEquals(k, r.length, "R rows");
            assertEquals(n, qr.permutation().length);
            if (pivoted) {
                assertEquals(0, qr.rank());
            }
        }
    }

    // ---------------------------------------------------------------- non-finite input

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void nonFiniteEntryIsReportedAtItsPosition(DType t) {
        double[] bad = {Double.NaN, Double.POSITIVE_INFINITY};
        int[][] at = {{5, 2}, {1, 3}};
        for (int c = 0; c < bad.length; c++) {
            double[][] a = TestMatrices.gaussian(7, 4, 73);
            a[at[c][0]][at[c][1]] = bad[c];
            try (Matrix am = Matrix.of(a, t)) {
                NonFiniteInputException e = assertThrows(NonFiniteInputException.class, () -> Qr.of(am).close());
                assertEquals(at[c][0], e.row());
                assertEquals(at[c][1], e.column());
                NonFiniteInputException ep = assertThrows(NonFiniteInputException.class, () -> Qr.pivoted(am).close());
                assertEquals(at[c][0], ep.row());
                assertEquals(at[c][1], ep.column());
                NonFiniteInputException ec = assertThrows(NonFiniteInputException.class,
                        () -> Qr.pivoted(am, Qr.Mode.COMPLETE).close());
                assertEquals(at[c][0], ec.row());
                assertEquals(at[c][1], ec.column());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void finiteCheckOffSkipsTheScan(DType t) {
        double[][] a = TestMatrices.gaussian(7, 4, 79);
        a[3][1] = Double.NaN;
        try (Matrix am = Matrix.of(a, t); Qr qr = Qr.of(am, Qr.Mode.ECONOMY, FiniteCheck.OFF)) {
            double[][] r = read(qr.r());
            assertTrue(Double.isNaN(r[1][1]), "LAPACK ran on the NaN, so R[1][1] must be NaN, got " + r[1][1]);
        }
    }

    // ---------------------------------------------------------------- helpers (plain Java)

    private static double tol(DType t, int m, int n) {
        return C * Math.max(1, Math.max(m, n)) * t.eps();
    }

    private static int[] identity(int n) {
        int[] id = new int[n];
        for (int j = 0; j < n; j++) {
            id[j] = j;
        }
        return id;
    }

    // ---------------------------------------------------------------- complex QR

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void complexLeastSquaresResidualIsOrthogonalToTheColumns(DType t) {
        // the least-squares residual r = b − A·x satisfies the normal equations Aᴴ·r = 0
        int m = 60;
        int n = 12;
        for (boolean pivoted : new boolean[] {false, true}) {
            try (Matrix a = Matrix.randomNormal(m, n, 21, t); Matrix b = Matrix.randomNormal(m, 2, 22, t);
                 Qr qr = pivoted ? Qr.pivoted(a) : Qr.of(a); Matrix x = qr.solve(b); Matrix ax = a.multiply(x);
                 Matrix res = b.subtract(ax); Matrix ah = a.conjugateTranspose(); Matrix g = ah.multiply(res)) {
                assertEquals(t, x.dtype());
                assertEquals(n, x.rows());
                double bound = FactorChecks.tol(t, m, n) * a.normFrobenius() * b.normFrobenius();
                assertTrue(g.normFrobenius() <= bound, (pivoted ? "pivoted " : "") + "‖Aᴴ(b − Ax)‖ = " + g.normFrobenius());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void complexPivotedRankMatchesTheConstruction(DType t) {
        // Q₁·diag(5, 3, 1)·Q₂ᴴ, 30×10: rank 3 exactly
        double[][] pairs = ComplexChecks.withSpectrum(30, 10, new double[] {5, 3, 1}, 33);
        try (Matrix a = Matrix.ofComplex(pairs, t); Qr qr = Qr.pivoted(a)) {
            assertEquals(3, qr.rank());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void complexNanInAnImaginaryPartIsATypedError(DType t) {
        try (Matrix a = Matrix.randomNormal(5, 3, 1, t)) {
            a.setComplex(4, 2, 1, Double.NaN);
            NonFiniteInputException e = assertThrows(NonFiniteInputException.class, () -> Qr.of(a).close());
            assertTrue(e.getMessage().contains("imag"), e.getMessage());
            assertThrows(NonFiniteInputException.class, () -> Qr.pivoted(a).close());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void largeComplexQrRunsOnTheDeepStack(DType t) {
        int m = 400;
        int n = 300;
        try (Matrix a = Matrix.randomNormal(m, n, 4, t); Qr qr = Qr.pivoted(a); Matrix q = qr.q()) {
            assertTrue(ComplexChecks.unitaryColumnsError(q) <= FactorChecks.tol(t, m, n));
        }
    }

    private static void assertShape(double[][] a, int m, int n, String what) {
        assertEquals(m, a.length, what + " rows");
        for (double[] row : a) {
            assertEquals(n, row.length, what + " columns");
        }
    }

    private static void assertUpperTriangular(double[][] r) {
        for (int i = 0; i < r.length; i++) {
            for (int j = 0; j < Math.min(i, r[i].length); j++) {
                assertEquals(0.0, r[i][j], 0.0, "R[" + i + "][" + j + "] below the diagonal");
            }
        }
    }

}
