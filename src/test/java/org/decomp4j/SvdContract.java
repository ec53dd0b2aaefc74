package org.decomp4j;

import static org.decomp4j.TestMatrices.input;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * The SVD contract, run once per driver (subclasses) over both dtypes, shape families and
 * special matrices. Tolerances scale as {@code C·max(m, n)·eps} of the dtype (relative to
 * {@code ‖A‖} for residuals); expected values come from constructions, never from the code
 * under test.
 */
abstract class SvdContract {
    /** The constant c of the c·max(m,n)·eps bounds. */
    static final double C = SvdChecks.C;

    /** Driver under test. */
    abstract Driver driver();

    /** LAPACK family expected to run (e.g. "gesdd"), for the reporting check. */
    abstract String expectedFamily(Job job);

    /** The family expected for an m×n input; drivers whose choice depends on the shape override this. */
    String expectedFamily(Job job, int m, int n) {
        return expectedFamily(job);
    }

    static double tol(DType t, int m, int n) {
        return SvdChecks.tol(t, m, n);
    }

    SvdOptions options(Job job) {
        return SvdOptions.thin().job(job).driver(driver());
    }

    static Stream<Arguments> shapes() {
        int[][] shapes = {{1, 1}, {1, 7}, {7, 1}, {5, 5}, {150, 20}, {20, 150}, {64, 64}, {33, 17}};
        List<Arguments> out = new ArrayList<>();
        for (DType t : new DType[] {DType.F64, DType.F32}) {
            for (int[] s : shapes) {
                out.add(Arguments.of(t, s[0], s[1]));
            }
        }
        return out.stream();
    }

    /** The contract for one input (already rounded to t), through {@code Svd.of}: see {@link SvdChecks#check}. */
    void checkFactorization(double[][] a, DType t, Job job) {
        int m = a.length;
        int n = a[0].length;
        try (Matrix am = Matrix.of(a, t); Svd svd = Svd.of(am, options(job))) {
            SvdChecks.check(a, t, job, SvdChecks.of(svd), expectedFamily(job, m, n), "Svd.of " + driver());
        }
    }

    /** True when the driver runs complex dtypes; the others must refuse them with a typed message. */
    boolean supportsComplex() {
        return false;
    }

    static Stream<Arguments> complexShapes() {
        int[][] shapes = {{1, 1}, {1, 7}, {7, 1}, {5, 5}, {150, 20}, {20, 150}, {64, 64}, {33, 17}};
        List<Arguments> out = new ArrayList<>();
        for (DType t : new DType[] {DType.C128, DType.C64}) {
            for (int[] s : shapes) {
                out.add(Arguments.of(t, s[0], s[1]));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}×{2}")
    @MethodSource("complexShapes")
    void complexFactorsAreUnitaryAndReconstruct(DType t, int m, int n) {
        try (Matrix a = Matrix.randomNormal(m, n, 19L * m + n, t)) {
            if (!supportsComplex()) {
                ComplexChecks.assertRefused(t, () -> Svd.of(a, options(Job.THIN)).close());
                return;
            }
            for (Job job : Job.values()) {
                try (Svd svd = Svd.of(a, options(job))) {
                    ComplexChecks.checkSvd(a, svd, job, "Svd.of " + driver() + " " + job + " " + t + " " + m + "×" + n);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void complexRecoversAConstructedSpectrum(DType t) {
        double[] sigma = {100, 50, 10, 3, 1, 0.5, 0.1, 0.01};
        for (int[] shape : new int[][] {{40, 25}, {25, 40}, {30, 8}}) {
            int m = shape[0];
            int n = shape[1];
            try (Matrix a = Matrix.ofComplex(ComplexChecks.withSpectrum(m, n, sigma, 7), t)) {
                if (!supportsComplex()) {
                    ComplexChecks.assertRefused(t, () -> Svd.of(a, options(Job.THIN)).close());
                    continue;
                }
                try (Svd svd = Svd.of(a, options(Job.THIN))) {
                    double[] s = svd.singularValues();
                    double bound = tol(t, m, n) * sigma[0];
                    for (int i = 0; i < s.length; i++) {
                        assertEquals(i < sigma.length ? sigma[i] : 0, s[i], bound, "σ" + i + " of " + m + "×" + n);
                    }
                    ComplexChecks.checkSvd(a, svd, Job.THIN, "constructed " + m + "×" + n);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void complexNonFiniteInputIsRefusedNamingThePart(DType t) {
        // the scan runs before any plan, so every driver names the bad entry
        try (Matrix a = Matrix.randomNormal(6, 4, 3, t)) {
            a.setComplex(4, 2, 1, Double.NaN);
            NonFiniteInputException e = assertThrows(NonFiniteInputException.class, () -> Svd.of(a, options(Job.THIN)));
            assertTrue(e.getMessage().contains("NaN in the imaginary part at row 4, column 2"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0} {1}×{2}")
    @MethodSource("shapes")
    void thinFactorsReconstructAndAreOrthonormal(DType t, int m, int n) {
        checkFactorization(input(t, TestMatrices.gaussian(m, n, 11L * m + n)), t, Job.THIN);
    }

    @ParameterizedTest(name = "{0} {1}×{2}")
    @MethodSource("shapes")
    void fullFactorsAreSquareOrthogonalAndReconstruct(DType t, int m, int n) {
        checkFactorization(input(t, TestMatrices.gaussian(m, n, 13L * m + n)), t, Job.ALL);
    }

    @ParameterizedTest(name = "{0} {1}×{2}")
    @MethodSource("shapes")
    void valuesOnlyAgreeWithThin(DType t, int m, int n) {
        double[][] a = input(t, TestMatrices.gaussian(m, n, 17L * m + n));
        try (Matrix am = Matrix.of(a, t); Svd thin = Svd.of(am, options(Job.THIN))) {
            double[] only = Svd.values(am, options(Job.NONE));
            double[] s = thin.singularValues();
            double bound = tol(t, m, n) * s[0];
            for (int i = 0; i < s.length; i++) {
                assertEquals(s[i], only[i], bound, "value " + i);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void recoversAConstructedSpectrum(DType t) {
        double[] sigma = {100, 50, 10, 3, 1, 0.5, 0.1, 0.01};
        for (int[] shape : new int[][] {{40, 25}, {25, 40}, {30, 8}}) {
            int m = shape[0];
            int n = shape[1];
            double[][] a = input(t, TestMatrices.withSpectrum(m, n, sigma, 5));
            try (Matrix am = Matrix.of(a, t); Svd svd = Svd.of(am, options(Job.THIN))) {
                double[] s = svd.singularValues();
                double bound = tol(t, m, n) * sigma[0];
                for (int i = 0; i < s.length; i++) {
                    double expected = i < sigma.length ? sigma[i] : 0;
                    assertEquals(expected, s[i], bound, "σ" + i + " of " + m + "×" + n);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void diagonalMatrixGivesSortedAbsoluteValues(DType t) {
        double[] d = {3, -7, 0.5, 0, -2};
        try (Matrix a = Matrix.diagonal(d).copy(t); Svd svd = Svd.of(a, options(Job.THIN))) {
            assertArrayEquals(TestMatrices.sortedAbsDescending(d), svd.singularValues(), tol(t, 5, 5) * 7);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void rankDeficientProductHasItsRank(DType t) {
        double[][] a = input(t, TestMatrices.lowRank(30, 20, 5, 3));
        try (Matrix am = Matrix.of(a, t); Svd svd = Svd.of(am, options(Job.THIN))) {
            assertEquals(5, svd.rank());
            double[] s = svd.singularValues();
            for (int i = 5; i < s.length; i++) {
                assertTrue(s[i] <= tol(t, 30, 20) * s[0], "σ" + i + " = " + s[i] + " should be ~0");
            }
            checkFactorization(a, t, Job.ALL);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void zeroMatrixHasZeroValuesAndOrthonormalFactors(DType t) {
        for (Job job : new Job[] {Job.THIN, Job.ALL}) {
            try (Matrix z = Matrix.zeros(6, 4, t); Svd svd = Svd.of(z, options(job))) {
                assertArrayEquals(new double[4], svd.singularValues(), 0.0);
                assertEquals(0, svd.rank());
                assertEquals(Double.POSITIVE_INFINITY, svd.cond());
                assertTrue(TestMatrices.orthogonalityError(svd.u().toArray()) <= tol(t, 6, 4));
                assertTrue(TestMatrices.orthogonalityError(TestMatrices.transpose(svd.vt().toArray())) <= tol(t, 6, 4));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void identityHasUnitValues(DType t) {
        try (Matrix i = Matrix.identity(7, t); Svd svd = Svd.of(i, options(Job.THIN))) {
            double[] ones = new double[7];
            java.util.Arrays.fill(ones, 1.0);
            assertArrayEquals(ones, svd.singularValues(), tol(t, 7, 7));
            assertEquals(1.0, svd.cond(), tol(t, 7, 7));
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void emptyMatricesFollowNumpyShapes(DType t) {
        int[][] shapes = {{0, 0}, {0, 3}, {3, 0}};
        for (int[] sh : shapes) {
            int m = sh[0];
            int n = sh[1];
            try (Matrix a = Matrix.zeros(m, n, t)) {
                try (Svd thin = Svd.of(a, options(Job.THIN))) {
                    assertEquals(0, thin.singularValues().length);
                    assertEquals(m, thin.u().rows());
                    assertEquals(0, thin.u().cols());
                    assertEquals(0, thin.vt().rows());
                    assertEquals(n, thin.vt().cols());
                    assertEquals("none", thin.routine());
                }
                try (Svd full = Svd.of(a, options(Job.ALL))) {
                    assertArrayEquals(TestMatrices.identity(m), full.u().toArray());
                    assertArrayEquals(TestMatrices.identity(n), full.vt().toArray());
                }
                assertEquals(0, Svd.values(a, options(Job.NONE)).length);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void inputIsLeftUntouched(DType t) {
        double[][] a = input(t, TestMatrices.gaussian(12, 9, 99));
        try (Matrix am = Matrix.of(a, t)) {
            for (Job job : Job.values()) {
                try (Svd ignored = Svd.of(am, options(job))) {
                    assertArrayEquals(a, am.toArray(), "input changed by " + job);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void valuesOnlyResultRefusesVectors(DType t) {
        try (Matrix a = Matrix.random(4, 3, 1, t); Svd svd = Svd.of(a, options(Job.NONE))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, svd::u);
            assertTrue(e.getMessage().contains("without singular vectors"), e.getMessage());
        }
    }
}
