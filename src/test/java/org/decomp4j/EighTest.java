package org.decomp4j;

import static org.decomp4j.TestMatrices.input;
import static org.decomp4j.TestMatrices.orthogonal;
import static org.decomp4j.TestMatrices.read;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Symmetric eigen ({@link Eigh}) against matrices whose spectra are known from their
 * construction ({@code Q·diag(λ)·Qᵀ} with a seeded orthogonal Q: distinct, clustered and
 * repeated eigenvalues), the Wilkinson matrix W₂₁⁺, and generalized problems built from their
 * reduction ({@code A = L·Q·D·Qᵀ·Lᵀ}, {@code B = L·Lᵀ}: eigenvalues D). Every check is computed
 * in plain Java; tolerances are {@code C·n·ε} of the dtype.
 */
class EighTest {
    private static final double C = 10;

    private static double tol(DType t, int n) {
        return C * Math.max(1, n) * t.eps();
    }

    /** {@code Q·diag(d)·Qᵀ}, made exactly symmetric (upper triangle mirrored). */
    static double[][] withEigenvalues(double[] d, long seed) {
        int n = d.length;
        double[][] q = orthogonal(n, seed);
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += q[i][k] * d[k] * q[j][k];
                }
                a[i][j] = s;
                a[j][i] = s;
            }
        }
        return a;
    }

    static double[] distinct(int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = -3 + 8.0 * i / Math.max(1, n - 1);
        }
        return d;
    }

    /** Three clusters of eigenvalues 1e-9 apart around −1, 0.5 and 4. */
    static double[] clustered(int n) {
        double[] d = new double[n];
        double[] centre = {-1, 0.5, 4};
        for (int i = 0; i < n; i++) {
            d[i] = centre[i % 3] + 1e-9 * (i / 3);
        }
        return d;
    }

    /** Eigenvalues 2 and −1 repeated, and a single 7. */
    static double[] repeated(int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = i == 0 ? 7 : i % 2 == 0 ? 2 : -1;
        }
        return d;
    }

    static Stream<Arguments> spectra() {
        List<Arguments> out = new ArrayList<>();
        for (DType t : new DType[] {DType.F64, DType.F32}) {
            for (EighDriver drv : EighDriver.values()) {
                for (int n : new int[] {1, 2, 7, 60}) {
                    out.add(Arguments.of(t, drv, "distinct", n));
                    out.add(Arguments.of(t, drv, "clustered", n));
                    out.add(Arguments.of(t, drv, "repeated", n));
                }
            }
        }
        return out.stream();
    }

    static double[] spectrum(String kind, int n) {
        return switch (kind) {
            case "distinct" -> distinct(n);
            case "clustered" -> clustered(n);
            default -> repeated(n);
        };
    }

    static double[] sorted(double[] d) {
        double[] s = d.clone();
        Arrays.sort(s);
        return s;
    }

    static double normF(double[][] a) {
        return TestMatrices.frobenius(a);
    }

    /** {@code ‖A·V − V·diag(w)‖_F}. */
    static double residual(double[][] a, double[][] v, double[] w) {
        int n = a.length;
        double s = 0;
        for (int j = 0; j < w.length; j++) {
            for (int i = 0; i < n; i++) {
                double av = 0;
                for (int k = 0; k < n; k++) {
                    av += a[i][k] * v[k][j];
                }
                double r = av - v[i][j] * w[j];
                s += r * r;
            }
        }
        return Math.sqrt(s);
    }

    static void assertEigenpairs(double[][] a, double[] w, double[][] v, DType t, String what) {
        assertEigenpairs(a, w, v, t, what, 1);
    }

    /**
     * @param orthSlack factor on the orthogonality bound: MRRR (syevr) guarantees orthogonality of
     *                  order n·ε with a larger constant than divide and conquer (Dhillon, Parlett and
     *                  Vömel, 2006); W₂₁⁺'s pair 7e-14 apart measures 4.4 times {@code C·n·ε} here
     */
    static void assertEigenpairs(double[][] a, double[] w, double[][] v, DType t, String what, double orthSlack) {
        int n = a.length;
        double scale = Math.max(normF(a), Double.MIN_NORMAL);
        double bound = tol(t, n);
        assertEquals(w.length, v[0].length, what + ": one vector per value");
        double res = residual(a, v, w) / scale;
        assertTrue(res <= bound, what + ": ‖AV − VΛ‖/‖A‖ = " + res + " > " + bound);
        double orth = TestMatrices.orthogonalityError(v);
        assertTrue(orth <= bound * orthSlack, what + ": ‖VᵀV − I‖ = " + orth + " > " + bound);
        for (int i = 1; i < w.length; i++) {
            assertTrue(w[i - 1] <= w[i], what + ": eigenvalues not ascending at " + i);
        }
    }

    @ParameterizedTest(name = "{0} {1} {2} n={3}")
    @MethodSource("spectra")
    void knownSpectrum(DType t, EighDriver driver, String kind, int n) {
        double[] d = spectrum(kind, n);
        double[][] a = input(t, withEigenvalues(d, 1000 + n));
        double[] expected = sorted(d);
        try (Matrix m = Matrix.of(a, t); Eigh e = Eigh.of(m, EighOptions.all().driver(driver))) {
            assertEquals(n, e.count());
            assertEquals(t, e.dtype());
            assertEquals(t.prefix() + switch (driver) {
                case SYEVR -> "syevr";
                case STEDC -> "sytrd+stedc";
                case AUTO, SYEVD -> "syevd";
            }, e.routine());
            double[] w = e.values();
            double bound = tol(t, n) * Math.max(Math.abs(expected[0]), Math.abs(expected[n - 1]));
            for (int i = 0; i < n; i++) {
                assertEquals(expected[i], w[i], bound, "eigenvalue " + i);
            }
            double[][] v = read(e.vectors());
            assertEquals(t, e.vectors().dtype());
            assertEigenpairs(a, w, v, t, kind);
            assertArrayEquals(a, m.toArray(), "input untouched");
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void valuesOnlyAgreeWithTheKnownSpectrum(DType t) {
        int n = 40;
        double[] d = distinct(n);
        try (Matrix m = Matrix.of(input(t, withEigenvalues(d, 5)), t)) {
            double[] w = Eigh.values(m);
            double[] expected = sorted(d);
            for (int i = 0; i < n; i++) {
                assertEquals(expected[i], w[i], tol(t, n) * 5, "eigenvalue " + i);
            }
            try (Eigh e = Eigh.of(m, EighOptions.valuesOnly())) {
                assertEquals("JOBZ=N", e.plan().flags());
                assertThrows(IllegalStateException.class, e::vectors);
            }
        }
    }

    /**
     * Wilkinson's W₂₁⁺: tridiagonal, diagonal |10 − i| (i = 0..20), off-diagonals 1. Its two largest
     * eigenvalues agree to about 14 digits: 10.746194182903322 and 10.746194182903393, as given in
     * MATLAB's documentation of {@code wilkinson(21)} (after J. H. Wilkinson, The Algebraic
     * Eigenvalue Problem, 1965, §5.45).
     */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void wilkinsonW21(DType t) {
        int n = 21;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            a[i][i] = Math.abs(10 - i);
            if (i + 1 < n) {
                a[i][i + 1] = 1;
                a[i + 1][i] = 1;
            }
        }
        for (EighDriver drv : EighDriver.values()) {
            try (Matrix m = Matrix.of(a, t); Eigh e = Eigh.of(m, EighOptions.all().driver(drv))) {
                double[] w = e.values();
                double bound = tol(t, n) * 10.75;
                assertEquals(10.746194182903322, w[n - 2], bound, drv + " second largest");
                assertEquals(10.746194182903393, w[n - 1], bound, drv + " largest");
                assertEigenpairs(a, w, read(e.vectors()), t, "W21+ " + drv, drv == EighDriver.SYEVR ? 10 : 1);
                double trace = 0;
                for (int i = 0; i < n; i++) {
                    trace += a[i][i];
                }
                assertEquals(trace, Arrays.stream(w).sum(), bound * n, "Σλ = trace");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void subsetByIndexAgreesWithTheFullSolve(DType t) {
        int n = 50;
        double[] d = distinct(n);
        double[][] a = input(t, withEigenvalues(d, 77));
        try (Matrix m = Matrix.of(a, t); Eigh full = Eigh.of(m);
             Eigh top = Eigh.of(m, EighOptions.byIndex(n - 5, n - 1));
             Eigh mid = Eigh.of(m, EighOptions.byIndex(10, 19))) {
            assertEquals(t.prefix() + "syevr", top.routine());
            assertEquals("JOBZ=V RANGE=I", top.plan().flags());
            assertEquals(5, top.count());
            assertEquals(10, mid.count());
            double[] all = full.values();
            double[][] vAll = read(full.vectors());
            for (Eigh sub : new Eigh[] {top, mid}) {
                int first = sub == top ? n - 5 : 10;
                double[] w = sub.values();
                double[][] v = read(sub.vectors());
                assertEquals(n, v.length);
                for (int i = 0; i < w.length; i++) {
                    assertEquals(all[first + i], w[i], tol(t, n) * 5, "eigenvalue " + (first + i));
                    double dot = 0; // distinct eigenvalues: the same unit vector up to its sign
                    for (int k = 0; k < n; k++) {
                        dot += v[k][i] * vAll[k][first + i];
                    }
                    assertEquals(1, Math.abs(dot), Math.sqrt(tol(t, n)), "vector " + (first + i));
                }
                assertEigenpairs(a, w, v, t, "subset");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void subsetByValueFindsExactlyTheEigenvaluesInTheInterval(DType t) {
        int n = 41;
        double[] d = distinct(n); // −3, −2.8, …, 5: step 0.2
        double[][] a = input(t, withEigenvalues(d, 3));
        try (Matrix m = Matrix.of(a, t); Eigh e = Eigh.of(m, EighOptions.byValue(-0.1, 1.1))) {
            double[] w = e.values(); // 0.0, 0.2, …, 1.0 (3 + 5·0.2 = 0 at i = 15)
            assertEquals(6, w.length, Arrays.toString(w));
            for (int i = 0; i < w.length; i++) {
                assertEquals(0.2 * i, w[i], tol(t, n) * 5);
            }
            assertEigenpairs(a, w, read(e.vectors()), t, "by value");
            assertEquals(t.prefix() + "syevr", e.routine());
            assertEquals('V', e.plan().range());
        }
        try (Matrix m = Matrix.of(a, t); Eigh none = Eigh.of(m, EighOptions.byValue(100, 200))) {
            assertEquals(0, none.count());
            assertEquals(0, none.vectors().cols());
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void eachTriangleIsReadAsItIsWhenChosen(DType t) {
        int n = 9;
        double[][] sym = input(t, withEigenvalues(distinct(n), 8));
        double[][] lowerOnly = new double[n][n];
        double[][] upperOnly = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                lowerOnly[i][j] = i >= j ? sym[i][j] : 1e3; // garbage in the unread triangle
                upperOnly[i][j] = i <= j ? sym[i][j] : -1e3;
            }
        }
        double[] expected = sorted(distinct(n));
        try (Matrix lo = Matrix.of(lowerOnly, t); Matrix up = Matrix.of(upperOnly, t);
             Eigh el = Eigh.of(lo, EighOptions.all().lower()); Eigh eu = Eigh.of(up, EighOptions.all().upper())) {
            for (int i = 0; i < n; i++) {
                assertEquals(expected[i], el.values()[i], tol(t, n) * 5);
                assertEquals(expected[i], eu.values()[i], tol(t, n) * 5);
            }
            assertEigenpairs(sym, el.values(), read(el.vectors()), t, "lower");
            assertEigenpairs(sym, eu.values(), read(eu.vectors()), t, "upper");
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> Eigh.of(lo));
            assertTrue(x.getMessage().contains("not symmetric") && x.getMessage().contains("lower()"), x.getMessage());
        }
    }

    @Test
    void theAsymmetryMessageNamesTheWorstEntry() {
        double[][] a = withEigenvalues(distinct(6), 4);
        a[4][1] += 1e-3;
        a[5][2] += 0.5; // the worst
        try (Matrix m = Matrix.of(a)) {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> Eigh.of(m));
            assertTrue(x.getMessage().contains("a[5][2] − a[2][5]") && x.getMessage().contains("0.500"), x.getMessage());
        }
        double[][] nearly = withEigenvalues(distinct(6), 4);
        nearly[3][0] += 1e-15; // rounding-level asymmetry is accepted
        try (Matrix m = Matrix.of(nearly); Eigh e = Eigh.of(m)) {
            assertEquals(6, e.count());
        }
    }

    /** {@code L}: lower triangular, positive diagonal, seeded. */
    static double[][] lowerFactor(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                l[i][j] = r.nextGaussian() * 0.3;
            }
            l[i][i] = 1 + r.nextDouble();
        }
        return l;
    }

    static double[][] symmetricProduct(double[][] x, double[][] s) { // X·S·Xᵀ, exactly symmetric
        double[][] xs = TestMatrices.multiply(x, s);
        int n = x.length;
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double v = 0;
                for (int k = 0; k < n; k++) {
                    v += xs[i][k] * x[j][k];
                }
                out[i][j] = v;
                out[j][i] = v;
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void generalizedProblemAgainstItsReduction(DType t) {
        int n = 30;
        double[] d = distinct(n);
        double[][] l = lowerFactor(n, 21);
        double[][] s = withEigenvalues(d, 22);
        // A·x = λ·B·x with A = L·S·Lᵀ, B = L·Lᵀ ⇔ S·y = λ·y, y = Lᵀx: the eigenvalues are d
        double[][] a = input(t, symmetricProduct(l, s));
        double[][] b = input(t, symmetricProduct(l, TestMatrices.identity(n)));
        double[] expected = sorted(d);
        try (Matrix am = Matrix.of(a, t); Matrix bm = Matrix.of(b, t); Eigh e = Eigh.of(am, bm)) {
            assertEquals(t.prefix() + "sygvd", e.routine());
            double[] w = e.values();
            double condB = 20; // the diagonal of L lies in [1, 2]: B's conditioning costs a few digits
            for (int i = 0; i < n; i++) {
                assertEquals(expected[i], w[i], tol(t, n) * condB * 5, "eigenvalue " + i);
            }
            double[][] v = read(e.vectors());
            // VᵀBV = I
            double[][] vbv = TestMatrices.multiply(TestMatrices.transpose(v), TestMatrices.multiply(b, v));
            double worst = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    worst = Math.max(worst, Math.abs(vbv[i][j] - (i == j ? 1 : 0)));
                }
            }
            assertTrue(worst <= tol(t, n) * condB, "‖VᵀBV − I‖ = " + worst);
            // A·V = B·V·Λ
            double[][] av = TestMatrices.multiply(a, v);
            double[][] bv = TestMatrices.multiply(b, v);
            double r = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double x = av[i][j] - bv[i][j] * w[j];
                    r += x * x;
                }
            }
            assertTrue(Math.sqrt(r) / normF(a) <= tol(t, n) * condB, "‖AV − BVΛ‖/‖A‖ = " + Math.sqrt(r) / normF(a));
            assertArrayEquals(b, bm.toArray(), "B untouched");
        }
        try (Matrix am = Matrix.of(a, t); Matrix bm = Matrix.of(b, t);
             Eigh sub = Eigh.of(am, bm, EighOptions.byIndex(n - 3, n - 1));
             Eigh val = Eigh.of(am, bm, EighOptions.byValue(0.9, 2.0))) {
            assertEquals(3, sub.count());
            assertEquals(expected[n - 1], sub.values()[2], tol(t, n) * 100);
            assertEquals(3, sub.vectors().cols());
            long inside = Arrays.stream(d).filter(x -> x > 0.9 && x <= 2.0).count();
            assertEquals(inside, val.count());
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void bNotPositiveDefiniteNamesTheMinor(DType t) {
        double[][] a = withEigenvalues(distinct(4), 2);
        double[][] b = {{2, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, -1, 0}, {0, 0, 0, 3}};
        try (Matrix am = Matrix.of(a, t); Matrix bm = Matrix.of(b, t)) {
            NotPositiveDefiniteException x = assertThrows(NotPositiveDefiniteException.class, () -> Eigh.of(am, bm));
            assertEquals(3, x.order());
            assertEquals(t.prefix() + "sygvd", x.routine());
            assertTrue(x.getMessage().contains("order 3"), x.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void badInputIsATypedError(DType t) {
        double[][] a = withEigenvalues(distinct(5), 1);
        a[3][1] = Double.NaN;
        a[1][3] = Double.NaN;
        try (Matrix nan = Matrix.of(a, t); Matrix wide = Matrix.zeros(3, 4, t);
             Matrix ok = Matrix.of(withEigenvalues(distinct(5), 1), t); Matrix b3 = Matrix.identity(3, t)) {
            NonFiniteInputException x = assertThrows(NonFiniteInputException.class, () -> Eigh.of(nan));
            assertTrue(x.getMessage().contains("A"), x.getMessage());
            assertThrows(NonFiniteInputException.class, () -> Eigh.of(ok, nan));
            IllegalArgumentException sq = assertThrows(IllegalArgumentException.class, () -> Eigh.of(wide));
            assertTrue(sq.getMessage().contains("square"), sq.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Eigh.of(ok, b3));
            IllegalArgumentException idx = assertThrows(IllegalArgumentException.class,
                    () -> Eigh.of(ok, EighOptions.byIndex(2, 5)));
            assertTrue(idx.getMessage().contains("exceeds"), idx.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> EighOptions.byIndex(3, 2));
        assertThrows(IllegalArgumentException.class, () -> EighOptions.byValue(1, 1));
        assertThrows(IllegalArgumentException.class, () -> EighOptions.byValue(Double.NaN, 1));
    }

    @Test
    void emptyMatrixHasNoEigenpairs() {
        try (Matrix m = Matrix.zeros(0, 0); Eigh e = Eigh.of(m)) {
            assertEquals(0, e.count());
            assertEquals("none", e.routine());
            assertEquals(0, e.vectors().rows());
            assertEquals(0, e.vectors().cols());
        }
    }

    @Test
    void closedResultRefusesItsVectors() {
        Eigh e;
        try (Matrix m = Matrix.of(withEigenvalues(distinct(3), 9))) {
            e = Eigh.of(m);
        }
        e.close();
        e.close();
        assertThrows(IllegalStateException.class, e::vectors);
    }

    /**
     * n = 300 runs every routine on a deep-stack carrier with OpenBLAS's parallel kernels (a
     * parallel OpenBLAS call on a default-stack thread can kill the JVM from n = 256).
     */
    @Test
    void largeMatricesRunOnTheDeepStack() {
        int n = 300;
        double[] d = distinct(n);
        double[][] a = withEigenvalues(d, 300);
        double[][] l = lowerFactor(n, 301);
        try (Matrix m = Matrix.of(a); Matrix bm = Matrix.of(symmetricProduct(l, TestMatrices.identity(n)));
             Eigh dc = Eigh.of(m); Eigh mrrr = Eigh.of(m, EighOptions.byIndex(n - 20, n - 1));
             Eigh gen = Eigh.of(m, bm, EighOptions.valuesOnly())) {
            assertEigenpairs(a, dc.values(), read(dc.vectors()), DType.F64, "syevd n=300");
            assertEigenpairs(a, mrrr.values(), read(mrrr.vectors()), DType.F64, "syevr top 20");
            assertEquals(5.0, mrrr.values()[19], tol(DType.F64, n) * 5);
            assertEquals(n, gen.count());
        }
    }
}
