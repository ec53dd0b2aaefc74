package org.decomp4j;

import static org.decomp4j.LstsqDriversTest.spectral;
import static org.decomp4j.TestMatrices.columnNorm;
import static org.decomp4j.TestMatrices.frobenius;
import static org.decomp4j.TestMatrices.frobeniusDiff;
import static org.decomp4j.TestMatrices.input;
import static org.decomp4j.TestMatrices.multiply;
import static org.decomp4j.TestMatrices.subtract;
import static org.decomp4j.TestMatrices.transpose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.decomp4j.lapack.NativeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link LstsqDriver#GELSY}'s full-rank fast path (unpivoted {@code geqrf}, {@code trcon}
 * estimate, {@code ormqr} + {@code trtrs}): taken on well-conditioned full-rank m ≥ n problems and
 * then right to rounding; declined, with gelsy's answer, wherever gelsy's own rank test could give
 * less than n. Matrices are {@code U·diag(σ)·Vᵀ} built in plain Java ({@link LstsqDriversTest#spectral}),
 * so A⁺ and the condition number are known without the code under test.
 */
class GelsyFastPathTest {
    private static final double C = 10;

    private static String fast(DType t) {
        String p = String.valueOf(t.prefix());
        return p + "geqrf+" + p + "trcon+" + p + "ormqr+" + p + "trtrs";
    }

    private static String declined(DType t) {
        String p = String.valueOf(t.prefix());
        return p + "geqrf+" + p + "trcon+" + p + "gelsy";
    }

    /** σ geometric from 1 down to 1/κ, n values. */
    private static double[] geometric(int n, double kappa) {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = Math.pow(kappa, -(double) i / Math.max(1, n - 1));
        }
        return s;
    }

    /** ‖Aᵀ(A·X − B)‖_F against c·max(m,n)·ε·‖A‖·(‖A‖·‖X‖ + ‖B‖): backward stability, no κ. */
    private static void assertNormalEquations(double[][] a, double[][] b, double[][] x, DType t, String what) {
        int m = a.length;
        int n = a[0].length;
        double[][] g = multiply(transpose(a), subtract(multiply(a, x), b));
        double na = frobenius(a);
        double bound = C * Math.max(m, n) * t.eps() * na * (na * frobenius(x) + frobenius(b));
        assertTrue(frobenius(g) <= bound, () -> String.format("%s: ‖Aᵀ(AX − B)‖ = %.3e > %.3e", what, frobenius(g), bound));
    }

    static Stream<Arguments> fullRank() {
        List<Arguments> out = new ArrayList<>();
        for (DType t : new DType[] {DType.F64, DType.F32}) {
            // 160² and 300×150 reach DeepStack.ELEMENTS (128²): trcon hops to the deep stack there
            for (int[] mn : new int[][] {{1, 1}, {7, 7}, {40, 40}, {60, 25}, {160, 160}, {300, 150}}) {
                out.add(Arguments.of(t, mn[0], mn[1]));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}×{2}")
    @MethodSource("fullRank")
    void wellConditionedFullRankTakesTheFastPathAndSolvesTheNormalEquations(DType t, int m, int n) {
        int nrhs = 3;
        double kappa = 4;
        double[] s = geometric(n, kappa);
        double[][][] ap = spectral(m, n, s, 100L + m + 7L * n);
        double[][] a = input(t, ap[0]);
        double[][] b = input(t, TestMatrices.gaussian(m, nrhs, 9));
        double[][] expected = multiply(ap[1], b);
        try (Matrix am = Matrix.of(a, t); Matrix bm = Matrix.of(b, t);
             Lstsq ls = LinAlg.lstsq(am, bm, LstsqDriver.GELSY); Lstsq ref = LinAlg.lstsq(am, bm, LstsqDriver.GELSD)) {
            assertEquals(fast(t), ls.routine());
            assertTrue(ls.fastPath());
            assertEquals(n, ls.rank());
            assertEquals(0, ls.singularValues().length, "the fast path computes no singular values, as gelsy");
            assertEquals(100 * Math.max(ls.rcond(), Math.max(m, n) * t.eps()), ls.fastPathBound(), 0.0);
            // ρ estimates 1/κ₂ from below up to the estimator: within [1/(n·κ), 1] here (κ₂ = 4)
            assertTrue(ls.rcondEstimate() >= ls.fastPathBound() && ls.rcondEstimate() <= 1, () -> "ρ " + ls.rcondEstimate());
            double[][] x = ls.x().toArray();
            assertNormalEquations(a, b, x, t, "fast path");
            double tol = C * Math.max(m, n) * t.eps() * kappa * kappa;
            double errRef = frobeniusDiff(x, ref.x().toArray());
            assertTrue(errRef <= tol * (frobenius(expected) + frobenius(b)),
                    () -> String.format("‖X − X_gelsd‖ = %.3e", errRef));
            double err = frobeniusDiff(x, expected);
            assertTrue(err <= tol * (frobenius(expected) + frobenius(b)), () -> String.format("‖X − A⁺B‖ = %.3e", err));
            double[] res = ls.residuals();
            if (m > n) {
                double[][] r = subtract(b, multiply(a, x));
                assertEquals(nrhs, res.length);
                for (int j = 0; j < nrhs; j++) {
                    double rj = columnNorm(r, j);
                    double scale = C * Math.max(m, n) * t.eps() * kappa * (frobenius(a) * columnNorm(x, j) + columnNorm(b, j));
                    assertEquals(rj * rj, res[j], scale * (2 * rj + scale), "squared residual of column " + j);
                }
            } else {
                assertEquals(0, res.length, "m = n: no residuals (NumPy)");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void moreRightHandSidesThanTheUnblockedLimitApplyQTransposedBlocked(DType t) {
        // 17 and 40 columns of B: past the unblocked Qᵀ (at most 16), LAPACK's blocked ormqr runs
        int m = 150;
        int n = 70;
        double[][][] ap = spectral(m, n, geometric(n, 8), 91);
        double[][] a = input(t, ap[0]);
        for (int nrhs : new int[] {16, 17, 40}) {
            double[][] b = input(t, TestMatrices.gaussian(m, nrhs, 92 + nrhs));
            double[][] expected = multiply(ap[1], b);
            try (Matrix am = Matrix.of(a, t); Matrix bm = Matrix.of(b, t);
                 Lstsq ls = LinAlg.lstsq(am, bm, LstsqDriver.GELSY)) {
                assertEquals(fast(t), ls.routine());
                double[][] x = ls.x().toArray();
                assertNormalEquations(a, b, x, t, "nrhs " + nrhs);
                double err = frobeniusDiff(x, expected);
                double bound = C * m * t.eps() * 64 * (frobenius(expected) + frobenius(b));
                assertTrue(err <= bound, () -> "nrhs " + nrhs + ": ‖X − A⁺B‖ = " + err);
                assertEquals(nrhs, ls.residuals().length);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void exactlyRankDeficientColumnsDeclineTheFastPathAndGiveTheMinimumNormSolution(DType t) {
        int m = 30;
        double[] s = {3, 2.5, 2, 1.5, 1};
        double[][][] ap = spectral(m, 5, s, 21);
        double[][] a0 = ap[0];
        double[][] b = input(t, TestMatrices.gaussian(m, 2, 22));
        double[][] y = multiply(ap[1], b); // A₀⁺·B
        // [A₀, A₀[:,0]]: the minimum-norm solution splits y₀ evenly over the two equal columns
        double[][] dup = new double[m][6];
        double[][] dupX = new double[6][2];
        // [A₀[:,0..1], 0, A₀[:,2..4]]: the zero column's unknown is 0 in the minimum-norm solution
        double[][] zero = new double[m][6];
        double[][] zeroX = new double[6][2];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < 5; j++) {
                dup[i][j] = a0[i][j];
                zero[i][j < 2 ? j : j + 1] = a0[i][j];
            }
            dup[i][5] = a0[i][0];
        }
        for (int k = 0; k < 2; k++) {
            for (int j = 0; j < 5; j++) {
                dupX[j][k] = j == 0 ? y[0][k] / 2 : y[j][k];
                zeroX[j < 2 ? j : j + 1][k] = y[j][k];
            }
            dupX[5][k] = y[0][k] / 2;
        }
        double tol = C * m * t.eps() * 9 * (frobenius(y) + frobenius(b)); // κ = 3 on the range
        for (double[][][] c : new double[][][][] {{dup, dupX}, {zero, zeroX}}) {
            double[][] a = input(t, c[0]);
            try (Matrix am = Matrix.of(a, t); Matrix bm = Matrix.of(b, t);
                 Lstsq ls = LinAlg.lstsq(am, bm, LstsqDriver.GELSY); Lstsq ref = LinAlg.lstsq(am, bm)) {
                assertEquals(declined(t), ls.routine());
                assertFalse(ls.fastPath());
                assertTrue(ls.rcondEstimate() < ls.fastPathBound(), () -> "ρ " + ls.rcondEstimate());
                assertEquals(5, ls.rank());
                assertEquals(0, ls.residuals().length, "rank-deficient: no residuals");
                double[][] x = ls.x().toArray();
                assertTrue(frobeniusDiff(x, c[1]) <= tol, () -> "‖X − A⁺B‖ = " + frobeniusDiff(x, c[1]));
                assertTrue(frobeniusDiff(x, ref.x().toArray()) <= 2 * tol, "agrees with gelsd");
            }
        }
    }

    /**
     * κ from far below to far above the fast path's bound {@code 100·max(m,n)·ε}, all below
     * gelsy's own rank limit {@code 1/rcond}: the rank is n on either path (gelsy's estimates of
     * its R's condition never exceed κ₂), the lowest κ takes the fast path, the highest does not,
     * and every X solves the normal equations and matches the known solution to {@code c·max(m,n)·ε·κ}
     * (b = A·x_true: a zero residual, so no κ² term).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void illConditionedFullRankNearTheBoundHasRankNOnEitherPath(DType t) {
        int m = 40;
        int n = 20;
        double[] kappas = t == DType.F64 ? new double[] {1e6, 1e9, 1e10, 1e11, 1e12, 1e13}
                : new double[] {10, 100, 1e3, 3e3, 1e4, 3e4};
        double[][] xTrue = TestMatrices.gaussian(n, 1, 31);
        boolean sawFast = false;
        boolean sawDeclined = false;
        for (int k = 0; k < kappas.length; k++) {
            double kappa = kappas[k];
            double[][] a = input(t, spectral(m, n, geometric(n, kappa), 40 + k)[0]);
            double[][] b = input(t, multiply(a, xTrue));
            try (Matrix am = Matrix.of(a, t); Matrix bm = Matrix.of(b, t);
                 Lstsq ls = LinAlg.lstsq(am, bm, LstsqDriver.GELSY)) {
                String what = t + " κ " + kappa + " ρ " + ls.rcondEstimate() + " bound " + ls.fastPathBound();
                assertEquals(n, ls.rank(), what);
                assertEquals(ls.fastPath() ? fast(t) : declined(t), ls.routine(), what);
                if (k == 0) {
                    assertTrue(ls.fastPath(), what);
                }
                if (k == kappas.length - 1) {
                    assertFalse(ls.fastPath(), what);
                }
                // ρ is a lower estimate of 1/κ₂ (up to the estimator): never far above it
                assertTrue(ls.rcondEstimate() <= 10 / kappa, what);
                sawFast |= ls.fastPath();
                sawDeclined |= !ls.fastPath();
                double[][] x = ls.x().toArray();
                assertNormalEquations(a, b, x, t, what);
                double err = frobeniusDiff(x, xTrue);
                double bound = 100 * m * t.eps() * kappa * frobenius(xTrue);
                assertTrue(err <= bound, () -> what + ": ‖x − x_true‖ = " + err + " > " + bound);
            }
        }
        assertTrue(sawFast && sawDeclined, "the sweep crosses the bound");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void theOptOutRunsPivotedGelsyWithTheSameAnswer(DType t) {
        int m = 60;
        int n = 25;
        double[][][] ap = spectral(m, n, geometric(n, 4), 95);
        double[][] a = input(t, ap[0]);
        double[][] b = input(t, TestMatrices.gaussian(m, 2, 96));
        LstsqOptions off = LstsqOptions.driver(LstsqDriver.GELSY).fastPath(false);
        assertTrue(LstsqOptions.driver(LstsqDriver.GELSY).fastPath() && new LstsqOptions(LstsqDriver.GELSY, -1).fastPath(),
                "allowed by default");
        assertFalse(off.rcond(1e-9).fastPath(), "rcond(...) keeps the opt-out");
        try (Matrix am = Matrix.of(a, t); Matrix bm = Matrix.of(b, t);
             Lstsq pivoted = LinAlg.lstsq(am, bm, off); Lstsq fastOne = LinAlg.lstsq(am, bm, LstsqDriver.GELSY)) {
            assertEquals(t.prefix() + "gelsy", pivoted.routine());
            assertFalse(pivoted.fastPath());
            assertTrue(Double.isNaN(pivoted.rcondEstimate()) && Double.isNaN(pivoted.fastPathBound()));
            assertEquals(n, pivoted.rank());
            assertTrue(fastOne.fastPath());
            double[][] expected = multiply(ap[1], b);
            double tol = C * m * t.eps() * 16 * (frobenius(expected) + frobenius(b));
            double diff = frobeniusDiff(pivoted.x().toArray(), fastOne.x().toArray());
            assertTrue(diff <= 2 * tol, () -> "‖X_pivoted − X_fast‖ = " + diff);
            assertEquals(pivoted.residuals()[1], fastOne.residuals()[1], 2 * tol * frobenius(b));
        }
    }

    @Test
    void aWideSystemRunsPivotedGelsyWithoutTryingTheFastPath() {
        double[] s = {3, 2.5, 2, 1.5, 1, 0.8};
        double[][][] ap = spectral(6, 15, s, 51);
        double[][] b = TestMatrices.gaussian(6, 2, 52);
        try (Matrix am = Matrix.of(ap[0]); Matrix bm = Matrix.of(b); Lstsq ls = LinAlg.lstsq(am, bm, LstsqDriver.GELSY)) {
            assertEquals("dgelsy", ls.routine());
            assertFalse(ls.fastPath());
            assertTrue(Double.isNaN(ls.rcondEstimate()) && Double.isNaN(ls.fastPathBound()));
            assertEquals(6, ls.rank());
            double[][] expected = multiply(ap[1], b);
            double err = frobeniusDiff(ls.x().toArray(), expected);
            assertTrue(err <= C * 15 * DType.F64.eps() * 9 * (frobenius(expected) + frobenius(b)), "‖X − A⁺B‖ = " + err);
        }
    }

    @Test
    void aCallerRcondThatTruncatesAFullRankMatrixDeclinesTheFastPath() {
        // σ = 1, 1, 1, 1, 1e-4, 1e-4 (κ = 1e4, far inside full rank for the default rcond), rcond 1e-2:
        // gelsy keeps the leading 4, so the fast path (rank n) must not run
        double[] s = {1, 0.9, 0.8, 0.7, 1e-4, 1e-4};
        int m = 30;
        double[][][] ap = spectral(m, 6, s, 61);
        double[][] b = TestMatrices.gaussian(m, 1, 62);
        double[][] truncated = multiply(spectral(m, 6, new double[] {1, 0.9, 0.8, 0.7}, 61)[1], b);
        try (Matrix am = Matrix.of(ap[0]); Matrix bm = Matrix.of(b);
             Lstsq full = LinAlg.lstsq(am, bm, LstsqDriver.GELSY);
             Lstsq cut = LinAlg.lstsq(am, bm, LstsqOptions.driver(LstsqDriver.GELSY).rcond(1e-2))) {
            assertTrue(full.fastPath(), "default rcond: the fast path, rank 6");
            assertEquals(6, full.rank());
            assertEquals(declined(DType.F64), cut.routine());
            assertFalse(cut.fastPath());
            assertEquals(100 * 1e-2, cut.fastPathBound(), 0.0);
            assertEquals(4, cut.rank());
            // gelsy truncates its pivoted R (dropping R₂₂, ‖R₂₂‖ ~ σ₅), not the SVD: its X is the
            // SVD-truncated one up to O(σ₅/σ₄)
            double err = frobeniusDiff(cut.x().toArray(), truncated);
            assertTrue(err <= 10 * (1e-4 / 0.7) * (frobenius(truncated) + frobenius(b)), "‖X − A₄⁺b‖ = " + err);
        }
    }

    @Test
    void rcondZeroStillKeepsANearlySingularMatrixOffTheFastPath() {
        // the bound's floor max(m,n)·ε: with rcond 0 a κ = 1e15 matrix is not solved through R⁻¹
        double[][] a = spectral(30, 10, geometric(10, 1e15), 71)[0];
        double[][] b = TestMatrices.gaussian(30, 1, 72);
        try (Matrix am = Matrix.of(a); Matrix bm = Matrix.of(b);
             Lstsq ls = LinAlg.lstsq(am, bm, LstsqOptions.driver(LstsqDriver.GELSY).rcond(0))) {
            assertEquals(100 * 30 * DType.F64.eps(), ls.fastPathBound(), 0.0);
            assertFalse(ls.fastPath(), "ρ " + ls.rcondEstimate());
            assertEquals(declined(DType.F64), ls.routine());
        }
    }

    @Test
    void nonFiniteInputIsRefusedBeforeAnyNativeCall() {
        double[][] a = TestMatrices.gaussian(20, 5, 81);
        double[][] b = TestMatrices.gaussian(20, 1, 82);
        try (Matrix bm = Matrix.of(b)) {
            for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
                a[7][3] = bad;
                try (Matrix am = Matrix.of(a)) {
                    long before = NativeBuffer.allocations();
                    NonFiniteInputException e = assertThrows(NonFiniteInputException.class,
                            () -> LinAlg.lstsq(am, bm, LstsqDriver.GELSY).close());
                    assertTrue(e.getMessage().contains("A"), e.getMessage());
                    assertEquals(before, NativeBuffer.allocations(), "no buffer (so no native call) before the refusal");
                }
            }
        }
    }
}
