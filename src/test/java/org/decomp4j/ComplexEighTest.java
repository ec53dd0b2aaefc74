package org.decomp4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.decomp4j.dispatch.EighPlan;
import org.decomp4j.dispatch.EighPlanner;
import org.decomp4j.dispatch.EighRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hermitian eigen ({@link Eigh} on C128/C64: zheevd/zheevr/zhegvd and their c-twins) against
 * matrices whose spectra are known from their construction: {@code Q·diag(λ)·Qᴴ} with a seeded
 * unitary Q (three complex Householder reflectors), and generalized pencils built from their
 * reduction ({@code A = L·H·Lᴴ}, {@code B = L·Lᴴ}: eigenvalues those of H). Residuals are
 * computed with decomp4j's matrix products, which are tested on their own; tolerances are
 * {@code C·n·ε} of the dtype's real precision.
 */
class ComplexEighTest {
    private static final double C = 10;

    private static double tol(DType t, int n) {
        return C * Math.max(1, n) * t.eps();
    }

    static Stream<Arguments> spectra() {
        List<Arguments> out = new ArrayList<>();
        for (DType t : new DType[] {DType.C128, DType.C64}) {
            for (EighDriver drv : EighDriver.values()) {
                if (drv == EighDriver.STEDC) {
                    continue; // real matrices only: a complex one is refused (EighStedcTest.badInputIsATypedError)
                }
                for (int n : new int[] {1, 2, 7, 40}) {
                    for (String kind : new String[] {"distinct", "clustered", "repeated"}) {
                        out.add(Arguments.of(t, drv, kind, n));
                    }
                }
            }
        }
        return out.stream();
    }

    static Matrix hermitian(double[] d, long seed, DType t) {
        return ComplexChecks.withEigenvalues(d, new double[d.length], seed, t);
    }

    static double maxAbs(double[] d) {
        double m = 0;
        for (double x : d) {
            m = Math.max(m, Math.abs(x));
        }
        return Math.max(m, Double.MIN_NORMAL);
    }

    /** ‖A·V − B·V·diag(w)‖_F / (‖A‖_F + ‖B‖_F·max|w|) (B = null: the identity). */
    static double residual(Matrix a, Matrix b, Matrix v, double[] w) {
        try (Matrix av = a.multiply(v); Matrix vw = v.copy()) {
            for (int j = 0; j < w.length; j++) {
                for (int i = 0; i < vw.rows(); i++) {
                    vw.setComplex(i, j, vw.getRe(i, j) * w[j], vw.getIm(i, j) * w[j]);
                }
            }
            double nb = 1;
            if (b == null) {
                return ComplexChecks.distance(av, vw) / (a.normFrobenius() + Math.sqrt(a.rows()) * maxAbs(w));
            }
            nb = b.normFrobenius();
            try (Matrix bvw = b.multiply(vw)) {
                return ComplexChecks.distance(av, bvw) / (a.normFrobenius() + nb * maxAbs(w));
            }
        }
    }

    /**
     * Checks values against {@code expected} (ascending), {@code AV = VΛ} and {@code VᴴV = I}.
     * MRRR (heevr) guarantees orthogonality of order n·ε with a larger constant than divide and
     * conquer (Dhillon, Parlett and Vömel, 2006): on a cluster narrower than ε (C64's clustered
     * spectrum, gaps 1e-9) it measures 2.3 times {@code C·n·ε}, so heevr's results get 10 times
     * the orthogonality bound, as EighTest gives syevr on W₂₁⁺.
     */
    static void assertEigenpairs(Matrix a, Eigh e, double[] expected, DType t, String what) {
        double orthSlack = e.routine().endsWith("heevr") ? 10 : 1;
        int n = a.rows();
        double[] w = e.values();
        assertEquals(expected.length, w.length, what + ": count");
        double vtol = tol(t, n) * maxAbs(expected);
        for (int i = 0; i < w.length; i++) {
            assertEquals(expected[i], w[i], vtol, what + ": eigenvalue " + i);
            assertTrue(i == 0 || w[i - 1] <= w[i], what + ": not ascending at " + i);
        }
        Matrix v = e.vectors();
        assertEquals(t, v.dtype(), what + ": vectors keep the complex dtype");
        assertEquals(n, v.rows());
        assertEquals(w.length, v.cols());
        double res = residual(a, null, v, w);
        assertTrue(res <= tol(t, n), what + ": ‖AV − VΛ‖ relative " + res + " > " + tol(t, n));
        if (w.length > 0) {
            double orth = ComplexChecks.unitaryColumnsError(v);
            assertTrue(orth <= tol(t, n) * orthSlack, what + ": ‖VᴴV − I‖ = " + orth + " > " + tol(t, n) * orthSlack);
        }
    }

    @ParameterizedTest(name = "{0} {1} {2} n={3}")
    @MethodSource("spectra")
    void knownSpectrum(DType t, EighDriver driver, String kind, int n) {
        double[] d = EighTest.spectrum(kind, n);
        try (Matrix a = hermitian(d, 2000 + n, t); Eigh e = Eigh.of(a, EighOptions.all().driver(driver))) {
            assertEigenpairs(a, e, EighTest.sorted(d), t, t + " " + driver + " " + kind + " n=" + n);
            String expected = t.prefix() + (driver == EighDriver.SYEVR ? "heevr" : "heevd");
            assertEquals(expected, e.routine());
            assertTrue(e.plan().toString().startsWith(expected), e.plan().toString());
            assertEquals(t, e.dtype());
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void valuesOnlyAgreeWithTheKnownSpectrum(DType t) {
        int n = 30;
        double[] d = EighTest.distinct(n);
        double[] expected = EighTest.sorted(d);
        try (Matrix a = hermitian(d, 31, t)) {
            double[] w = Eigh.values(a);
            assertEquals(n, w.length);
            for (int i = 0; i < n; i++) {
                assertEquals(expected[i], w[i], tol(t, n) * maxAbs(d));
            }
            EighPlan p = Eigh.plan(a, EighOptions.valuesOnly());
            assertEquals(t.prefix() + "heevd", p.routineName());
            assertEquals("JOBZ=N", p.flags());
            try (Eigh e = Eigh.of(a, EighOptions.valuesOnly())) {
                assertThrows(IllegalStateException.class, e::vectors);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void subsetsMatchTheFullSpectrumsSlice(DType t) {
        int n = 24;
        double[] d = EighTest.distinct(n); // −3 .. 5, steps 8/23
        double[] all = EighTest.sorted(d);
        try (Matrix a = hermitian(d, 77, t); Eigh byIndex = Eigh.of(a, EighOptions.byIndex(5, 11));
             Eigh top = Eigh.of(a, EighOptions.byIndex(n - 3, n - 1));
             Eigh byValue = Eigh.of(a, EighOptions.byValue(-1.1, 2.05))) {
            assertEquals(t.prefix() + "heevr", byIndex.routine());
            assertEquals("JOBZ=V RANGE=I", byIndex.plan().flags());
            assertEigenpairs(a, byIndex, java.util.Arrays.copyOfRange(all, 5, 12), t, "index 5..11");
            assertEigenpairs(a, top, java.util.Arrays.copyOfRange(all, n - 3, n), t, "top 3");
            List<Double> inside = new ArrayList<>();
            for (double x : all) {
                if (x > -1.1 && x <= 2.05) { // heevr's half-open interval (vl, vu]
                    inside.add(x);
                }
            }
            double[] expected = inside.stream().mapToDouble(Double::doubleValue).toArray();
            assertEquals(t.prefix() + "heevr", byValue.routine());
            assertEigenpairs(a, byValue, expected, t, "values (−1.1, 2.05]");
        }
    }

    /** A seeded complex lower-triangular L with diagonal in [1, 2): {@code L·Lᴴ} is HPD and well conditioned. */
    static Matrix lowerFactor(int n, long seed, DType t) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] pairs = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            pairs[i][2 * i] = 1 + rng.nextDouble();
            for (int j = 0; j < i; j++) {
                pairs[i][2 * j] = 0.3 * rng.nextGaussian() / Math.sqrt(n);
                pairs[i][2 * j + 1] = 0.3 * rng.nextGaussian() / Math.sqrt(n);
            }
        }
        return Matrix.ofComplex(pairs, t);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void generalizedProblemAgainstItsReduction(DType t) {
        int n = 12;
        double[] d = EighTest.distinct(n);
        double[] expected = EighTest.sorted(d);
        try (Matrix l = lowerFactor(n, 5, t); Matrix lh = l.conjugateTranspose(); Matrix h = hermitian(d, 6, t);
             Matrix lhm = l.multiply(h); Matrix a = lhm.multiply(lh); Matrix b = l.multiply(lh);
             Eigh e = Eigh.of(a, b); Eigh sub = Eigh.of(a, b, EighOptions.byIndex(2, 4))) {
            assertEquals(t.prefix() + "hegvd", e.routine());
            assertEquals(n, e.count());
            // B = L·Lᴴ with κ(L) ≤ ~4: eigenvalues within a few n·ε·κ(B)·max|λ|
            double vtol = tol(t, n) * 20 * maxAbs(d);
            for (int i = 0; i < n; i++) {
                assertEquals(expected[i], e.values()[i], vtol, "eigenvalue " + i);
            }
            Matrix v = e.vectors();
            double res = residual(a, b, v, e.values());
            assertTrue(res <= tol(t, n) * 20, "‖AV − BVΛ‖ relative " + res);
            try (Matrix vh = v.conjugateTranspose(); Matrix bv = b.multiply(v); Matrix g = vh.multiply(bv);
                 Matrix i = Matrix.identity(n, t); Matrix diff = g.subtract(i)) {
                double err = diff.normFrobenius();
                assertTrue(err <= tol(t, n) * 20, "‖VᴴBV − I‖ = " + err);
            }
            assertEquals(3, sub.count());
            for (int k = 0; k < 3; k++) {
                assertEquals(e.values()[2 + k], sub.values()[k], 0.0, "the subset is cut from the full answer");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void bNotPositiveDefiniteNamesTheMinor(DType t) {
        double[][] b = new double[4][8];
        double[] diag = {2, 1, -1, 3};
        for (int i = 0; i < 4; i++) {
            b[i][2 * i] = diag[i];
        }
        b[0][3] = 0.5; // b[0][1] = 0.5i, b[1][0] = −0.5i: still Hermitian, minor of order 2 = 2 − 0.25 > 0
        b[1][1] = -0.5;
        try (Matrix a = hermitian(EighTest.distinct(4), 2, t); Matrix bm = Matrix.ofComplex(b, t)) {
            NotPositiveDefiniteException x = assertThrows(NotPositiveDefiniteException.class, () -> Eigh.of(a, bm));
            assertEquals(3, x.order());
            assertEquals(t.prefix() + "hegvd", x.routine());
            assertTrue(x.getMessage().contains("order 3") && x.getMessage().contains(t.prefix() + "hegvd"),
                    x.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void nonHermitianIsRefusedUnlessATriangleIsNamed(DType t) {
        int n = 9;
        double[] d = EighTest.distinct(n);
        double[] expected = EighTest.sorted(d);
        try (Matrix h = hermitian(d, 8, t); Matrix lo = h.copy(); Matrix up = h.copy();
             Matrix imagDiagonal = h.copy()) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (i < j) {
                        lo.setComplex(i, j, 1e3, -7); // garbage in the triangle not read
                    } else if (i > j) {
                        up.setComplex(i, j, -1e3, 5);
                    }
                }
            }
            imagDiagonal.setComplex(4, 4, h.getRe(4, 4), 0.5);
            for (Matrix bad : new Matrix[] {lo, up, imagDiagonal}) {
                IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> Eigh.of(bad));
                assertTrue(x.getMessage().contains("not Hermitian") && x.getMessage().contains("lower()")
                        && x.getMessage().contains(t.numpyName()), x.getMessage());
            }
            try (Eigh el = Eigh.of(lo, EighOptions.all().lower()); Eigh eu = Eigh.of(up, EighOptions.all().upper())) {
                assertEigenpairs(h, el, expected, t, "lower");
                assertEigenpairs(h, eu, expected, t, "upper");
            }
            try (Matrix b = Matrix.identity(n, t)) {
                assertThrows(IllegalArgumentException.class, () -> Eigh.of(h, lo));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void badInputIsATypedError(DType t) {
        try (Matrix h = hermitian(EighTest.distinct(5), 1, t); Matrix nan = h.copy(); Matrix wide = Matrix.zeros(3, 4, t);
             Matrix real = Matrix.identity(5, t.real())) {
            nan.setComplex(3, 1, h.getRe(3, 1), Double.NaN);
            NonFiniteInputException x = assertThrows(NonFiniteInputException.class, () -> Eigh.of(nan));
            assertTrue(x.getMessage().contains("imaginary"), x.getMessage());
            assertThrows(NonFiniteInputException.class, () -> Eigh.of(h, nan));
            assertThrows(NonFiniteInputException.class, () -> Eigh.values(nan));
            IllegalArgumentException sq = assertThrows(IllegalArgumentException.class, () -> Eigh.of(wide));
            assertTrue(sq.getMessage().contains("square"), sq.getMessage());
            IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class, () -> Eigh.of(h, real));
            assertTrue(mixed.getMessage().contains(t.numpyName()), mixed.getMessage());
        }
    }

    @Test
    void thePlannerCountsComplexElementsTwiceAndTheRealWorkspace() {
        int n = 100;
        long nn = (long) n * n;
        EighPlan dc = EighPlanner.plan(new EighRequest(DType.C128, n, true, EighRequest.Subset.ALL, 0, false, null,
                Long.MAX_VALUE));
        assertEquals("zheevd", dc.routineName());
        // from zheevd's documentation: LWORK 2n + n² complex, LRWORK 1 + 5n + 2n² real, LIWORK 3 + 5n
        long work = (2L * n + nn) * 16 + (1 + 5L * n + 2 * nn) * 8 + (3 + 5L * n) * 4;
        assertEquals(work, dc.workspaceBytes());
        assertEquals(nn * 16 + n * 8L + work, dc.totalBytes()); // A's copy, real W, workspace
        EighPlan single = EighPlanner.plan(new EighRequest(DType.C64, n, true, EighRequest.Subset.ALL, 0, false, null,
                Long.MAX_VALUE));
        assertEquals("cheevd", single.routineName());
        assertEquals((2L * n + nn) * 8 + (1 + 5L * n + 2 * nn) * 4 + (3 + 5L * n) * 4, single.workspaceBytes());
        // a budget below zheevd's but above zheevr's: MRRR for all pairs, the reason naming both
        EighPlan mrrr = EighPlanner.plan(new EighRequest(DType.C128, n, true, EighRequest.Subset.ALL, 0, false, null,
                dc.totalBytes() - 1));
        assertEquals("zheevr", mrrr.routineName());
        assertTrue(mrrr.reason().contains("zheevd") && mrrr.reason().contains("24n real"), mrrr.reason());
        // zheevr: 2n complex, 24n real, 10n ints
        assertEquals(2L * n * 16 + 24L * n * 8 + 10L * n * 4, mrrr.workspaceBytes());
        EighPlan gen = EighPlanner.plan(new EighRequest(DType.C128, n, true, EighRequest.Subset.ALL, 0, true, null,
                Long.MAX_VALUE));
        assertEquals("zhegvd", gen.routineName());
        assertEquals(2 * nn * 16 + n * 8L + work, gen.totalBytes());
        MemoryBudgetException x = assertThrows(MemoryBudgetException.class, () -> EighPlanner.plan(new EighRequest(
                DType.C128, n, true, EighRequest.Subset.ALL, 0, false, null, 1000)));
        assertTrue(x.getMessage().contains("zheevd") && x.getMessage().contains("zheevr"), x.getMessage());
    }

    /**
     * n = 260 runs every Hermitian routine on a deep-stack carrier with OpenBLAS's parallel
     * kernels (a parallel OpenBLAS call on a default-stack thread can kill the JVM from n = 256).
     */
    @Test
    void largeMatricesRunOnTheDeepStack() {
        int n = 260;
        DType t = DType.C128;
        double[] d = EighTest.distinct(n);
        double[] expected = EighTest.sorted(d);
        try (Matrix a = hermitian(d, 260, t); Matrix l = lowerFactor(n, 261, t); Matrix lh = l.conjugateTranspose();
             Matrix b = l.multiply(lh); Eigh dc = Eigh.of(a); Eigh mrrr = Eigh.of(a, EighOptions.byIndex(n - 20, n - 1));
             Eigh gen = Eigh.of(a, b, EighOptions.valuesOnly())) {
            assertEigenpairs(a, dc, expected, t, "zheevd n=260");
            assertEigenpairs(a, mrrr, java.util.Arrays.copyOfRange(expected, n - 20, n), t, "zheevr top 20");
            assertEquals(n, gen.count());
            assertEquals("zhegvd", gen.routine());
        }
    }
}
