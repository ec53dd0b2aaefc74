package org.decomp4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The SVD contract for {@link Driver#JAVA_QR}, the pure-Java Golub–Kahan–Reinsch SVD, plus the
 * bidiagonals that take its rarer branches: a zero on the diagonal above the bottom (chased along
 * its row), a zero at the bottom (chased up its column), repeated and graded values.
 */
class JavaQrSvdTest extends SvdContract {
    @Override
    Driver driver() {
        return Driver.JAVA_QR;
    }

    @Override
    String expectedFamily(Job job) {
        return "java_qr";
    }

    /** Checks values against {@code expected} (sorted descending), then the whole contract. */
    private void check(double[][] a, DType t, double[] expected) {
        double[][] in = TestMatrices.input(t, a);
        try (Matrix am = Matrix.of(in, t); Svd svd = Svd.of(am, options(Job.THIN))) {
            assertArrayEquals(expected, svd.singularValues(), tol(t, a.length, a[0].length) * Math.max(1, expected[0]));
        }
        checkFactorization(in, t, Job.THIN);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void upperShiftMatrixHasAZeroOnTheDiagonal(DType t) {
        // ones on the superdiagonal: the bidiagonal is the matrix itself, d = 0, e = 1; values 1,1,1,1,0
        double[][] a = new double[5][5];
        for (int i = 0; i < 4; i++) {
            a[i][i + 1] = 1;
        }
        check(a, t, new double[] {1, 1, 1, 1, 0});
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void zeroInTheMiddleOfTheDiagonal(DType t) {
        // B = [[1,1,0],[0,0,1],[0,0,1]] is its own bidiagonal (d = 1, 0, 1; e = 1, 1);
        // BᵀB = [[1,1,0],[1,1,0],[0,0,2]] has eigenvalues 2, 2, 0
        double[][] a = {{1, 1, 0}, {0, 0, 1}, {0, 0, 1}};
        check(a, t, new double[] {Math.sqrt(2), Math.sqrt(2), 0});
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void zeroAtTheBottomOfTheDiagonal(DType t) {
        // bidiagonal d = 1, 0; e = 1 (the zero is last, chased up its column); BᵀB = [[1,1],[1,1]]
        double[][] a = {{1, 1}, {0, 0}, {0, 0}};
        check(a, t, new double[] {Math.sqrt(2), 0});
        double[][] wide = {{1, 0, 0}, {1, 0, 0}}; // the same, transposed: runs on Aᵀ
        check(wide, t, new double[] {Math.sqrt(2), 0});
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void orthogonalMatrixHasAllValuesOne(DType t) {
        double[][] a = TestMatrices.withSpectrum(12, 12, new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 7);
        double[] ones = new double[12];
        java.util.Arrays.fill(ones, 1);
        check(a, t, ones);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void gradedDiagonalKeepsItsOrder(DType t) {
        double[][] a = new double[6][6];
        double[] expected = new double[6];
        for (int i = 0; i < 6; i++) {
            a[5 - i][5 - i] = Math.pow(10, -i); // smallest first on the diagonal
            expected[i] = Math.pow(10, -i);
        }
        check(a, t, expected);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void extremeScalesNeitherOverflowNorUnderflow(DType t) {
        double big = t == DType.F64 ? 1e300 : 1e36;
        double small = t == DType.F64 ? 1e-300 : 1e-36;
        for (double scale : new double[] {big, small}) {
            double[][] a = {{3 * scale, 0}, {0, 4 * scale}, {0, 0}};
            try (Matrix am = Matrix.of(a, t); Svd svd = Svd.of(am, options(Job.THIN))) {
                double[] s = svd.singularValues();
                assertEquals(4 * scale, s[0], 4 * scale * tol(t, 3, 2));
                assertEquals(3 * scale, s[1], 4 * scale * tol(t, 3, 2));
            }
        }
    }

    @org.junit.jupiter.api.Test
    void manyRandomShapesAndStructuresMeetTheContract() {
        // 600 matrices up to 30×30: Gaussian, low rank, entries in {-1, 0, 1}, columns graded over
        // 15 decades, and 0/1 bidiagonals (exact zeros on the diagonal); full factors each time
        java.util.Random rnd = new java.util.Random(20261123L);
        for (int c = 0; c < 600; c++) {
            int m = 1 + rnd.nextInt(30);
            int n = 1 + rnd.nextInt(30);
            int kind = c % 5;
            double[][] a = new double[m][n];
            if (kind == 1) {
                a = TestMatrices.lowRank(m, n, rnd.nextInt(Math.min(m, n) + 1), c);
            } else {
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        a[i][j] = switch (kind) {
                            case 0 -> rnd.nextGaussian();
                            case 2 -> rnd.nextInt(3) - 1;
                            case 3 -> rnd.nextGaussian() * Math.pow(10, -(j % 16));
                            default -> i == j ? rnd.nextInt(3) : j == i + 1 ? rnd.nextInt(2) : 0;
                        };
                    }
                }
            }
            double tol = tol(DType.F64, m, n);
            try (Matrix am = Matrix.of(a); Svd svd = Svd.of(am, SvdOptions.full().driver(Driver.JAVA_QR))) {
                double[] sv = svd.singularValues();
                double[][] u = svd.u().toArray();
                double[][] vt = svd.vt().toArray();
                String what = m + "×" + n + " kind " + kind + " (#" + c + ")";
                for (int i = 1; i < sv.length; i++) {
                    assertTrue(sv[i] >= 0 && sv[i] <= sv[i - 1], "order, " + what);
                }
                double norm = TestMatrices.frobenius(a);
                assertTrue(TestMatrices.svdResidual(a, u, sv, vt) <= tol * Math.max(norm, Double.MIN_NORMAL), what);
                assertTrue(TestMatrices.orthogonalityError(u) <= tol, "UᵀU, " + what);
                assertTrue(TestMatrices.orthogonalityError(TestMatrices.transpose(vt)) <= tol, "VᵀV, " + what);
            }
        }
    }
}
