package org.decomp4j;

import static org.decomp4j.TestMatrices.input;
import static org.decomp4j.TestMatrices.read;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * General eigen ({@link Eig}, geev) against matrices whose eigenvalues are known: companion
 * matrices of polynomials with known roots, rotations ({@code cos θ ± i·sin θ}) and a defective
 * Jordan block; right and left vectors checked by their defining equations in plain Java, with
 * tolerances {@code C·n·ε·‖A‖} of the dtype.
 */
class EigTest {
    private static final double C = 10;

    private static double tol(DType t, int n) {
        return C * Math.max(1, n) * t.eps();
    }

    /** Companion matrix of the monic polynomial with coefficients c (x^n + c[n-1]x^(n-1) + … + c[0]). */
    static double[][] companion(double[] c) {
        int n = c.length;
        double[][] a = new double[n][n];
        for (int i = 1; i < n; i++) {
            a[i][i - 1] = 1;
        }
        for (int i = 0; i < n; i++) {
            a[i][n - 1] = -c[i];
        }
        return a;
    }

    /** Coefficients (ascending, monic leading term dropped) of ∏(x − r). */
    static double[] fromRoots(double... roots) {
        double[] p = {1}; // ascending powers
        for (double r : roots) {
            double[] q = new double[p.length + 1];
            for (int i = 0; i < p.length; i++) {
                q[i + 1] += p[i];
                q[i] -= r * p[i];
            }
            p = q;
        }
        double[] c = new double[p.length - 1];
        System.arraycopy(p, 0, c, 0, c.length);
        return c;
    }

    record Z(double re, double im) {
    }

    static List<Z> sortedValues(Eigenvalues w) {
        List<Z> out = new ArrayList<>();
        for (int j = 0; j < w.size(); j++) {
            out.add(new Z(w.re(j), w.im(j)));
        }
        out.sort(Comparator.comparingDouble(Z::re).thenComparingDouble(Z::im));
        return out;
    }

    /** ‖A·V − V·Λ‖_F for complex V = re + i·im, Λ = wr + i·wi, computed in plain Java. */
    static double rightResidual(double[][] a, double[][] re, double[][] im, Eigenvalues w) {
        int n = a.length;
        double s = 0;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double avr = 0;
                double avi = 0;
                for (int k = 0; k < n; k++) {
                    avr += a[i][k] * re[k][j];
                    avi += a[i][k] * im[k][j];
                }
                double lr = w.re(j) * re[i][j] - w.im(j) * im[i][j];
                double li = w.re(j) * im[i][j] + w.im(j) * re[i][j];
                s += (avr - lr) * (avr - lr) + (avi - li) * (avi - li);
            }
        }
        return Math.sqrt(s);
    }

    /** ‖Uᴴ·A − Λ·Uᴴ‖_F: row j of Uᴴ is conj(u_j)ᵀ = re_jᵀ − i·im_jᵀ. */
    static double leftResidual(double[][] a, double[][] re, double[][] im, Eigenvalues w) {
        int n = a.length;
        double s = 0;
        for (int j = 0; j < n; j++) {
            for (int c = 0; c < n; c++) {
                double r = 0;
                double i2 = 0;
                for (int k = 0; k < n; k++) {
                    r += re[k][j] * a[k][c];
                    i2 -= im[k][j] * a[k][c];
                }
                // λ·conj(u)_c = (wr + i·wi)(re − i·im)
                double lr = w.re(j) * re[c][j] + w.im(j) * im[c][j];
                double li = w.im(j) * re[c][j] - w.re(j) * im[c][j];
                s += (r - lr) * (r - lr) + (i2 - li) * (i2 - li);
            }
        }
        return Math.sqrt(s);
    }

    static void assertUnitColumns(double[][] re, double[][] im, double bound) {
        int n = re.length;
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += re[i][j] * re[i][j] + im[i][j] * im[i][j];
            }
            assertEquals(1, Math.sqrt(s), bound, "‖v_" + j + "‖");
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void companionMatrixOfKnownRealRoots(DType t) {
        double[] roots = {-2, -0.5, 1, 3, 4};
        double[][] a = input(t, companion(fromRoots(roots)));
        try (Matrix m = Matrix.of(a, t); Eig e = Eig.of(m)) {
            assertEquals(t.prefix() + "geev", e.routine());
            List<Z> w = sortedValues(e.values());
            // the roots of this polynomial are well separated; their condition is modest (< 1e3)
            for (int i = 0; i < roots.length; i++) {
                assertEquals(roots[i], w.get(i).re(), tol(t, 5) * 1e3, "root " + i);
                assertEquals(0, w.get(i).im(), tol(t, 5) * 1e3, "root " + i);
            }
            checkRight(a, e, t);
            assertArrayEquals(a, m.toArray(), "input untouched");
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void companionMatrixOfTheSeventhRootsOfUnity(DType t) {
        int n = 7; // x^7 − 1: roots exp(2πik/7), six of them in conjugate pairs
        double[] c = new double[n];
        c[0] = -1;
        double[][] a = companion(c);
        try (Matrix m = Matrix.of(a, t); Eig e = Eig.of(m)) {
            Eigenvalues w = e.values();
            int pairs = 0;
            for (int j = 0; j < n; j++) {
                assertEquals(1, w.abs(j), tol(t, n), "|λ| = 1");
                if (w.im(j) > 0) { // LAPACK's layout: positive imaginary part first, conjugate next
                    assertEquals(w.re(j), w.re(j + 1), 0.0);
                    assertEquals(-w.im(j), w.im(j + 1), 0.0);
                    pairs++;
                }
            }
            assertEquals(3, pairs);
            for (int k = 0; k < n; k++) { // each root of unity is found
                double re = Math.cos(2 * Math.PI * k / n);
                double im = Math.sin(2 * Math.PI * k / n);
                boolean found = false;
                for (int j = 0; j < n; j++) {
                    found |= Math.hypot(w.re(j) - re, w.im(j) - im) <= tol(t, n) * 10;
                }
                assertTrue(found, "root " + k + " missing from " + w);
            }
            checkRight(a, e, t);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void rotationsHaveConjugatePairs(DType t) {
        double theta = 0.7;
        double c = Math.cos(theta);
        double s = Math.sin(theta);
        double[][] a = input(t, new double[][] {{c, -s, 0}, {s, c, 0}, {0, 0, 2}});
        try (Matrix m = Matrix.of(a, t); Eig e = Eig.of(m)) {
            List<Z> w = sortedValues(e.values());
            double bound = tol(t, 3);
            assertEquals(c, w.get(0).re(), bound);
            assertEquals(-s, w.get(0).im(), bound);
            assertEquals(c, w.get(1).re(), bound);
            assertEquals(s, w.get(1).im(), bound);
            assertEquals(2, w.get(2).re(), bound);
            assertEquals(0, w.get(2).im(), 0.0);
            checkRight(a, e, t);
        }
    }

    /**
     * A Jordan block of size k hidden by an orthogonal similarity: rounding perturbs A by about
     * {@code ε‖A‖}, which moves a defective eigenvalue by about {@code (ε‖A‖)^(1/k)}, the known
     * loss of accuracy; the results stay finite.
     */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void defectiveJordanBlockLosesAccuracyAsEpsilonToTheOneOverK(DType t) {
        int k = 4;
        double[][] j = new double[k][k];
        for (int i = 0; i < k; i++) {
            j[i][i] = 2;
            if (i + 1 < k) {
                j[i][i + 1] = 1;
            }
        }
        double[][] q = TestMatrices.orthogonal(k, 12);
        double[][] a = input(t, TestMatrices.multiply(TestMatrices.multiply(q, j), TestMatrices.transpose(q)));
        try (Matrix m = Matrix.of(a, t); Eig e = Eig.of(m)) {
            Eigenvalues w = e.values();
            double bound = 10 * Math.pow(t.eps() * 3, 1.0 / k);
            for (int i = 0; i < k; i++) {
                assertTrue(Double.isFinite(w.re(i)) && Double.isFinite(w.im(i)), "finite");
                assertTrue(Math.hypot(w.re(i) - 2, w.im(i)) <= bound,
                        "λ_" + i + " = " + w.re(i) + " + " + w.im(i) + "i, beyond " + bound);
            }
            try (Matrix re = e.vectorsRe(); Matrix im = e.vectorsIm()) {
                for (double[] row : re.toArray()) {
                    for (double x : row) {
                        assertTrue(Double.isFinite(x));
                    }
                }
                assertUnitColumns(re.toArray(), im.toArray(), tol(t, k));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void leftAndRightVectorsOfAGeneralMatrix(DType t) {
        int n = 30;
        double[][] a = input(t, TestMatrices.gaussian(n, n, 31));
        try (Matrix m = Matrix.of(a, t); Eig e = Eig.of(m, EigOptions.bothVectors())) {
            assertTrue(!e.values().isReal(), "a Gaussian 30×30 has complex eigenvalues");
            checkRight(a, e, t);
            try (Matrix re = e.leftVectorsRe(); Matrix im = e.leftVectorsIm()) {
                double[][] ur = re.toArray();
                double[][] ui = im.toArray();
                double res = leftResidual(a, ur, ui, e.values()) / TestMatrices.frobenius(a);
                assertTrue(res <= tol(t, n), "‖UᴴA − ΛUᴴ‖/‖A‖ = " + res);
                assertUnitColumns(ur, ui, tol(t, n));
            }
            assertEquals(n, read(e.leftVectors()).length);
        }
    }

    private static void checkRight(double[][] a, Eig e, DType t) {
        int n = a.length;
        try (Matrix re = e.vectorsRe(); Matrix im = e.vectorsIm()) {
            assertEquals(t, re.dtype());
            double[][] vr = re.toArray();
            double[][] vi = im.toArray();
            double res = rightResidual(a, vr, vi, e.values()) / TestMatrices.frobenius(a);
            assertTrue(res <= tol(t, n), "‖AV − VΛ‖/‖A‖ = " + res);
            assertUnitColumns(vr, vi, tol(t, n));
            for (int j = 0; j < n; j++) {
                if (e.values().im(j) == 0) {
                    for (double[] row : vi) {
                        assertEquals(0, row[j], 0.0, "real eigenvalue, real vector");
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void valuesOnlyMatchTheFullSolve(DType t) {
        double[][] a = input(t, TestMatrices.gaussian(12, 12, 5));
        try (Matrix m = Matrix.of(a, t); Eig e = Eig.of(m)) {
            Eigenvalues w = Eig.values(m);
            List<Z> x = sortedValues(w);
            List<Z> y = sortedValues(e.values());
            for (int i = 0; i < 12; i++) {
                assertEquals(y.get(i).re(), x.get(i).re(), tol(t, 12) * 10);
                assertEquals(y.get(i).im(), x.get(i).im(), tol(t, 12) * 10);
            }
        }
        try (Matrix m = Matrix.of(a, t); Eig e = Eig.of(m, EigOptions.valuesOnly())) {
            assertThrows(IllegalStateException.class, e::vectors);
            assertThrows(IllegalStateException.class, e::leftVectorsRe);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void badInputIsATypedError(DType t) {
        double[][] a = TestMatrices.gaussian(4, 4, 1);
        a[2][3] = Double.POSITIVE_INFINITY;
        try (Matrix inf = Matrix.of(a, t); Matrix wide = Matrix.zeros(2, 3, t)) {
            NonFiniteInputException x = assertThrows(NonFiniteInputException.class, () -> Eig.of(inf));
            assertTrue(x.getMessage().contains("A"), x.getMessage());
            IllegalArgumentException sq = assertThrows(IllegalArgumentException.class, () -> Eig.of(wide));
            assertTrue(sq.getMessage().contains("square"), sq.getMessage());
        }
        try (Matrix m = Matrix.of(TestMatrices.gaussian(50, 50, 2), t)) {
            MemoryBudgetException b = assertThrows(MemoryBudgetException.class,
                    () -> Eig.of(m, EigOptions.rightVectors().memoryBudget(1000)));
            assertTrue(b.getMessage().contains("geev needs"), b.getMessage());
        }
    }

    @Test
    void largeMatrixRunsOnTheDeepStackAndEmptyOneRunsNothing() {
        int n = 300;
        double[][] a = TestMatrices.gaussian(n, n, 300);
        try (Matrix m = Matrix.of(a); Eig e = Eig.of(m)) {
            checkRight(a, e, DType.F64);
        }
        try (Matrix m = Matrix.zeros(0, 0); Eig e = Eig.of(m)) {
            assertEquals(0, e.values().size());
            assertEquals(0, e.vectorsRe().cols());
        }
    }

    // ---------------------------------------------------------------- complex (zgeev/cgeev) and complexVectors()

    /** diag(λ) as a complex matrix of dtype t. */
    private static Matrix diagonal(Eigenvalues w, DType t) {
        Matrix d = Matrix.zeros(w.size(), w.size(), t);
        for (int j = 0; j < w.size(); j++) {
            d.setComplex(j, j, w.re(j), w.im(j));
        }
        return d;
    }

    /** ‖A·V − V·Λ‖_F with complex Matrix products (A converted to V's dtype). */
    private static double complexResidual(Matrix a, Matrix v, Eigenvalues w) {
        try (Matrix ac = a.copy(v.dtype()); Matrix d = diagonal(w, v.dtype()); Matrix av = ac.multiply(v);
             Matrix vd = v.multiply(d)) {
            return ComplexChecks.distance(av, vd);
        }
    }

    private static void assertUnitColumns(Matrix v, double bound) {
        for (int j = 0; j < v.cols(); j++) {
            double s = 0;
            for (int i = 0; i < v.rows(); i++) {
                s += v.getRe(i, j) * v.getRe(i, j) + v.getIm(i, j) * v.getIm(i, j);
            }
            assertEquals(1.0, Math.sqrt(s), bound, "‖v" + j + "‖");
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void complexNormalMatrixHasTheConstructedSpectrum(DType t) {
        // U·diag(λ)·Uᴴ with a unitary U: eigenvalues exactly λ, complex and unpaired
        double[] re = {2, -1, 0.5, 3, -2, 1};
        double[] im = {1, 1, -2, 0, -0.5, 3};
        int n = re.length;
        try (Matrix a = ComplexChecks.withEigenvalues(re, im, 17, t); Eig e = Eig.of(a, EigOptions.bothVectors())) {
            assertEquals(t.prefix() + "geev", e.routine());
            List<Z> got = sortedValues(e.values());
            List<Z> want = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                want.add(new Z(re[j], im[j]));
            }
            want.sort(Comparator.comparingDouble(Z::re).thenComparingDouble(Z::im));
            double bound = tol(t, n) * a.normFrobenius();
            for (int j = 0; j < n; j++) {
                assertEquals(want.get(j).re(), got.get(j).re(), bound, "Re λ" + j);
                assertEquals(want.get(j).im(), got.get(j).im(), bound, "Im λ" + j);
            }
            Matrix v = e.vectors();
            assertEquals(t, v.dtype());
            assertTrue(complexResidual(a, v, e.values()) <= bound, "‖AV − VΛ‖ = " + complexResidual(a, v, e.values()));
            assertUnitColumns(v, tol(t, n));
            try (Matrix c = e.complexVectors(); Matrix vr = e.vectorsRe(); Matrix vi = e.vectorsIm()) {
                assertEquals(0.0, ComplexChecks.distance(c, v));
                for (int i = 0; i < n; i++) {
                    assertEquals(v.getRe(i, 0), vr.get(i, 0), 0.0);
                    assertEquals(v.getIm(i, 0), vi.get(i, 0), 0.0);
                }
            }
            // left vectors: uᴴ·A = λ·uᴴ, i.e. Aᴴ·u = conj(λ)·u
            try (Matrix u = e.complexLeftVectors(); Matrix ah = a.conjugateTranspose()) {
                double[] cre = new double[n];
                double[] cim = new double[n];
                for (int j = 0; j < n; j++) {
                    cre[j] = e.values().re(j);
                    cim[j] = -e.values().im(j);
                }
                assertTrue(complexResidual(ah, u, new Eigenvalues(cre, cim)) <= bound, "left residual");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void complexTriangularMatrixHasItsDiagonalAsEigenvalues(DType t) {
        // a non-normal upper triangular matrix: eigenvalues are its diagonal entries
        int n = 5;
        double[][] pairs = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            pairs[i][2 * i] = i + 1;
            pairs[i][2 * i + 1] = -i;
            for (int j = i + 1; j < n; j++) {
                pairs[i][2 * j] = 0.5;
                pairs[i][2 * j + 1] = 0.25 * (j - i);
            }
        }
        try (Matrix a = Matrix.ofComplex(pairs, t); Eig e = Eig.of(a)) {
            List<Z> got = sortedValues(e.values());
            double bound = 10 * tol(t, n) * a.normFrobenius();
            for (int i = 0; i < n; i++) {
                assertEquals(i + 1, got.get(i).re(), bound);
                assertEquals(-i, got.get(i).im(), bound);
            }
            assertTrue(complexResidual(a, e.vectors(), e.values()) <= bound);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void complexVectorsOfARealMatrixAssembleTheConjugatePairs(DType t) {
        // rotation by 90°: eigenvalues ±i, eigenvectors (1, ∓i)/√2 up to a phase
        try (Matrix rot = Matrix.of(new double[][] {{0, -1}, {1, 0}}, t); Eig e = Eig.of(rot);
             Matrix v = e.complexVectors()) {
            assertEquals(t.complex(), v.dtype());
            assertTrue(complexResidual(rot, v, e.values()) <= tol(t, 2));
            assertUnitColumns(v, tol(t, 2));
            // a conjugate pair: the second vector is the conjugate of the first
            assertEquals(v.getRe(0, 0), v.getRe(0, 1), 0.0);
            assertEquals(v.getIm(1, 0), -v.getIm(1, 1), 0.0);
        }
        int n = 30;
        try (Matrix a = Matrix.randomNormal(n, n, 8, t); Eig e = Eig.of(a, EigOptions.bothVectors());
             Matrix v = e.complexVectors(); Matrix u = e.complexLeftVectors(); Matrix at = a.transpose()) {
            boolean anyPair = false;
            for (int j = 0; j < n; j++) {
                anyPair |= e.values().im(j) != 0;
            }
            assertTrue(anyPair, "a random real 30×30 matrix has complex pairs");
            double bound = tol(t, n) * a.normFrobenius();
            assertTrue(complexResidual(a, v, e.values()) <= bound, "‖AV − VΛ‖ = " + complexResidual(a, v, e.values()));
            assertUnitColumns(v, tol(t, n));
            double[] cre = new double[n];
            double[] cim = new double[n];
            for (int j = 0; j < n; j++) {
                cre[j] = e.values().re(j);
                cim[j] = -e.values().im(j);
            }
            assertTrue(complexResidual(at, u, new Eigenvalues(cre, cim)) <= bound, "left residual");
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void complexBadInputIsATypedError(DType t) {
        try (Matrix a = Matrix.randomNormal(4, 4, 1, t); Matrix wide = Matrix.zeros(2, 3, t)) {
            a.setComplex(1, 2, 0, Double.NaN);
            NonFiniteInputException x = assertThrows(NonFiniteInputException.class, () -> Eig.of(a));
            assertTrue(x.getMessage().contains("imag"), x.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Eig.of(wide));
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void largeComplexEigRunsOnTheDeepStack(DType t) {
        int n = 200;
        try (Matrix a = Matrix.randomNormal(n, n, 3, t); Eig e = Eig.of(a)) {
            assertTrue(complexResidual(a, e.vectors(), e.values()) <= tol(t, n) * a.normFrobenius());
        }
    }
}
