package org.decomp4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.decomp4j.DType;
import org.decomp4j.Eigh;
import org.decomp4j.Matrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Hermitian (and symmetric) checks that run before eigh and Cholesky read one triangle: the
 * panel scan of {@link Hermitian#require} must refuse exactly what the element-wise scan refused,
 * naming the same pair, deviation and tolerance, at sizes across its 64-column panels.
 */
class HermitianTest {
    private static final String OP = "eigh (A)";
    private static final String FIX = "pass a triangle";

    /** An exactly Hermitian n×n matrix (exactly symmetric for a real dtype), entries in [−1, 1). */
    private static double[] hermitian(int n, DType t, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int w = t.isComplex() ? 2 : 1;
        double[] a = new double[n * n * w];
        for (int j = 0; j < n; j++) {
            for (int i = j; i < n; i++) {
                double re = 2 * r.nextDouble() - 1;
                double im = i == j || w == 1 ? 0 : 2 * r.nextDouble() - 1;
                a[(i + j * n) * w] = re;
                a[(j + i * n) * w] = re;
                if (w == 2) {
                    a[(i + j * n) * 2 + 1] = im;
                    a[(j + i * n) * 2 + 1] = -im;
                }
            }
        }
        return a;
    }

    private static Matrix matrix(int n, double[] a, DType t) {
        return t.isComplex() ? Matrix.fromColumnMajorComplex(n, n, a, t) : Matrix.fromColumnMajor(n, n, a);
    }

    /**
     * The element-wise scan the panel scan replaced (column j, then rows i ≥ j, through the
     * public accessors): the message it would throw, or null when {@code m} passes.
     */
    private static String elementWise(Matrix m) {
        int n = m.rows();
        double tol = 10.0 * Math.max(1, n) * m.dtype().eps() * m.normFrobenius();
        double worst = 0;
        int wi = 0;
        int wj = 0;
        outer:
        for (int j = 0; j < n; j++) {
            for (int i = j; i < n; i++) {
                double d = Math.hypot(m.getRe(i, j) - m.getRe(j, i), m.getIm(i, j) + m.getIm(j, i));
                if (d > worst || Double.isNaN(d)) {
                    worst = d;
                    wi = i;
                    wj = j;
                    if (Double.isNaN(d)) {
                        break outer;
                    }
                }
            }
        }
        if (worst > tol || Double.isNaN(worst)) {
            return String.format("%s: the %s matrix is not Hermitian: |a[%d][%d] − conj(a[%d][%d])| = %.3g exceeds the"
                    + " tolerance %.3g (10·n·ε·‖A‖_F); %s", OP, m.dtype().numpyName(), wi, wj, wj, wi, worst, tol, FIX);
        }
        return null;
    }

    private static void assertSameVerdict(Matrix m) {
        String expected = elementWise(m);
        if (expected == null) {
            Hermitian.require(m, OP, FIX);
        } else {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> Hermitian.require(m, OP, FIX));
            assertEquals(expected, x.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 63, 64, 65, 129, 300})
    void oneFarEntryIsRefusedNamingThatPairLikeTheElementWiseScan(int n) {
        for (DType t : new DType[] {DType.C128, DType.C64, DType.F64}) {
            double[] a = hermitian(n, t, n);
            int w = t.isComplex() ? 2 : 1;
            try (Matrix ok = matrix(n, a, t)) {
                Hermitian.require(ok, OP, FIX); // exactly Hermitian: passes
                assertSameVerdict(ok);
            }
            if (n < 2) {
                continue;
            }
            // the last pair in the scan order, far from the first panel: only its deviation is off
            a[((n - 1) + (n - 2) * n) * w] += 0.25;
            try (Matrix bad = matrix(n, a, t)) {
                IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                        () -> Hermitian.require(bad, OP, FIX));
                String pair = String.format("|a[%d][%d] − conj(a[%d][%d])| = 0.250 exceeds", n - 1, n - 2, n - 2, n - 1);
                assertTrue(x.getMessage().contains(pair) && x.getMessage().contains(t.numpyName()), x.getMessage());
                assertEquals(elementWise(bad), x.getMessage());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void anImaginaryDiagonalEntryIsNamedWithTwiceItsImaginaryPart(DType t) {
        int n = 200;
        double[] a = hermitian(n, t, 3);
        a[2 * (150 + 150 * n) + 1] = 0.125; // a[150][150] − conj(a[150][150]) = 2i·0.125
        try (Matrix bad = matrix(n, a, t)) {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> Hermitian.require(bad, OP, FIX));
            assertTrue(x.getMessage().contains("|a[150][150] − conj(a[150][150])| = 0.250 exceeds"), x.getMessage());
            assertEquals(elementWise(bad), x.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void ofTwoEqualDeviationsTheFirstInColumnOrderIsNamed(DType t) {
        int n = 260;
        double[] a = hermitian(n, t, 5);
        for (int[] p : new int[][] {{259, 2}, {201, 200}}) { // column 2 is scanned before column 200
            int below = 2 * (p[0] + p[1] * n);
            int above = 2 * (p[1] + p[0] * n);
            a[below] = 0.25; // a[i][j] = 0.25 + 0.5i, a[j][i] = 0.25: a deviation of exactly 0.5
            a[below + 1] = 0.5;
            a[above] = 0.25;
            a[above + 1] = 0;
        }
        try (Matrix bad = matrix(n, a, t)) {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> Hermitian.require(bad, OP, FIX));
            assertTrue(x.getMessage().contains("|a[259][2] − conj(a[2][259])| = 0.500"), x.getMessage());
            assertEquals(elementWise(bad), x.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void aNaNIsNamedWhereverItIs(DType t) {
        int n = 140;
        double[] a = hermitian(n, t, 9);
        a[2 * (3 + 139 * n)] = Double.NaN; // upper triangle: the pair (139, 3)
        a[2 * (100 + 120 * n) + 1] += 5; // a larger deviation, but scanned after the NaN
        try (Matrix bad = matrix(n, a, t)) {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> Hermitian.require(bad, OP, FIX));
            assertTrue(x.getMessage().contains("|a[139][3] − conj(a[3][139])| = NaN"), x.getMessage());
            assertEquals(elementWise(bad), x.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void transposedAndSubBlockViewsAreJudgedAsTheyRead(DType t) {
        int n = 150;
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 20; trial++) {
            double[] a = hermitian(n, t, 100 + trial);
            for (int k = 0; k < 1 + trial % 4; k++) { // a few random deviations, some tied
                int i = r.nextInt(n);
                int j = r.nextInt(n);
                a[2 * (i + j * n) + r.nextInt(2)] += trial % 2 == 0 ? 0.5 : 1e-3 * r.nextDouble();
            }
            try (Matrix m = matrix(n, a, t); Matrix tr = m.transpose(); Matrix sub = m.view(7, 7, 131, 131);
                 Matrix subT = tr.view(70, 70, 80, 80)) {
                assertSameVerdict(m);
                assertSameVerdict(tr);
                assertSameVerdict(sub);
                assertSameVerdict(subT);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 65, 300})
    void eighRefusesARealMatrixAsymmetricInOneFarEntry(int n) {
        double[] a = hermitian(n, DType.F64, 21);
        a[(n - 1)] += 0.5; // a[n−1][0]; a[0][n−1] unchanged
        try (Matrix bad = Matrix.fromColumnMajor(n, n, a)) {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> Eigh.of(bad));
            assertTrue(x.getMessage().startsWith(String.format("eigh: A is not symmetric: |a[%d][0] − a[0][%d]| = 0.500"
                    + " exceeds the tolerance", n - 1, n - 1)), x.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 65, 300})
    void eighRefusesAComplexMatrixNonHermitianInOneFarEntry(int n) {
        double[] a = hermitian(n, DType.C128, 23);
        a[2 * (n - 1) + 1] += 0.5; // Im a[n−1][0]
        try (Matrix bad = Matrix.fromColumnMajorComplex(n, n, a, DType.C128)) {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> Eigh.of(bad));
            assertTrue(x.getMessage().startsWith(String.format("eigh (A): the complex128 matrix is not Hermitian:"
                    + " |a[%d][0] − conj(a[0][%d])| = 0.500 exceeds the tolerance", n - 1, n - 1)), x.getMessage());
            assertTrue(x.getMessage().contains("lower()"), x.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 65, 300})
    void aDeviationWithinTheToleranceStillPasses(int n) {
        // ‖A‖_F ≥ √n here (each diagonal entry is set to 1), so the tolerance 10·n·ε·‖A‖_F ≥ 20·√2·ε
        // exceeds a deviation of 2ε: nonzero, so the tolerance is computed and applied
        for (DType t : new DType[] {DType.C128, DType.F64}) {
            double[] a = hermitian(n, t, 31);
            int w = t.isComplex() ? 2 : 1;
            for (int i = 0; i < n; i++) {
                a[(i + i * n) * w] = 1;
            }
            a[(n - 1) * w] += 2 * DType.F64.eps(); // a[n−1][0], |a| < 1: a deviation of about 2ε
            try (Matrix near = matrix(n, a, t)) {
                Hermitian.require(near, OP, FIX);
                if (t.isComplex()) {
                    try (Eigh e = Eigh.of(near)) {
                        assertEquals(n, e.count());
                    }
                } else {
                    EighWork.requireSymmetric(near, "A");
                }
            }
        }
    }
}
