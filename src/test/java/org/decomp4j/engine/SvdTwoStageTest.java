package org.decomp4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;

import org.decomp4j.DType;
import org.decomp4j.Driver;
import org.decomp4j.Job;
import org.decomp4j.Matrix;
import org.decomp4j.Svd;
import org.decomp4j.dispatch.Plan;
import org.decomp4j.dispatch.SvdPlanner;
import org.decomp4j.dispatch.SvdRequest;
import org.decomp4j.dispatch.TwoStageSvd;
import org.decomp4j.lapack.Block;
import org.decomp4j.lapack.NativeBuffer;
import org.decomp4j.lapack.TwoStageValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Singular values by the two-stage reduction ({@link TwoStageSvd}, {@link TwoStageValues}) on
 * matrices of known spectrum {@code A = H₁H₂H₃·diag(s)·G₃G₂G₁} (Householder reflections with
 * random vectors: orthogonal, and cheap to form at n = 1024), the spectrum spread over ten
 * decades: each value within c·n·ε·σ₁ of the known one (the normwise bound every reduction to
 * bidiagonal form has), and of one {@code gesdd}'s (the path a budget without room for the band
 * takes). Then the rule and the wrapper's typed refusals.
 */
class SvdTwoStageTest {
    private static final double C = 20;
    private static final long BIG = 1L << 40;

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(DType.F64, 1024, 1024),   // n = MIN_N: 32 bands of 32
                Arguments.of(DType.F64, 1100, 1030),   // m > n, a last panel of 6
                Arguments.of(DType.F32, 1024, 1024),
                Arguments.of(DType.F64, 2100, 1024));  // QR first (TallSvd), then two stages on R
    }

    @ParameterizedTest(name = "{0} {1}×{2}")
    @MethodSource("shapes")
    void twoStageValuesEqualTheKnownSpectrumAndOneGesdds(DType t, int m, int n) {
        double[] spectrum = new double[n];
        for (int i = 0; i < n; i++) {
            spectrum[i] = Math.pow(10, -10.0 * i / (n - 1)); // 1 down to 1e-10
        }
        double[] a = knownSpectrum(m, n, spectrum, 41L * m + n);
        SvdRequest big = new SvdRequest(m, n, Job.NONE, t, Driver.AUTO, BIG, false);
        Plan plan = SvdPlanner.plan(big);
        SvdRequest tight = new SvdRequest(m, n, Job.NONE, t, Driver.AUTO, plan.totalBytes(), false);
        double tol = C * n * t.eps() * spectrum[0];
        try (Matrix am = Matrix.fromColumnMajor(m, n, a).copy(t); SvdWork two = new SvdWork(plan, big, true);
             SvdWork plain = new SvdWork(SvdPlanner.plan(tight), tight, true)) {
            assertTrue(two.twoStage(), "values of a " + t + " " + m + "×" + n + " take two stages");
            assertEquals(m >= 2 * n, two.qrFirst(), "QR first exactly when m ≥ 2n");
            assertFalse(plain.twoStage(), "a budget priced for one gesdd keeps one gesdd");
            two.run(am);
            plain.run(am);
            double[] s = new double[n];
            double[] s0 = new double[n];
            two.values(s);
            plain.values(s0);
            for (int i = 0; i < n; i++) {
                assertEquals(spectrum[i], s[i], tol, "σ" + i + " against the known spectrum");
                assertEquals(s0[i], s[i], tol, "σ" + i + " against one gesdd");
                if (i > 0) {
                    assertTrue(s[i] <= s[i - 1], "non-increasing at " + i);
                }
            }
        }
    }

    @Test
    void theLibraryEntryPointTakesTwoStages() {
        int n = 1024;
        double[] spectrum = new double[n];
        for (int i = 0; i < n; i++) {
            spectrum[i] = n - i;
        }
        try (Matrix a = Matrix.fromColumnMajor(n, n, knownSpectrum(n, n, spectrum, 9))) {
            double[] s = Svd.values(a);
            try (Svd v = Svd.of(a, org.decomp4j.SvdOptions.valuesOnly())) {
                assertEquals("dgeqrt+dgelq2+dlarft+dlarfb+dgbbrd+dbdsqr", v.routine(), "what ran is named");
            }
            try (Matrix tall = Matrix.random(2100, n, 4); Svd v = Svd.of(tall, org.decomp4j.SvdOptions.valuesOnly())) {
                assertEquals("dgeqrt+dgeqrt+dgelq2+dlarft+dlarfb+dgbbrd+dbdsqr", v.routine(), "QR first, then two stages");
            }
            for (int i = 0; i < n; i++) {
                assertEquals(spectrum[i], s[i], C * n * DType.F64.eps() * n, "σ" + i);
            }
        }
    }

    @Test
    void theRuleTakesRealMatricesFromMinNWithAtLeastAsManyRows() {
        assertEquals(TwoStageSvd.BAND, TwoStageSvd.band(DType.F64, 1024, 1024));
        assertEquals(TwoStageSvd.BAND, TwoStageSvd.band(DType.F32, 5000, 1024));
        assertEquals(0, TwoStageSvd.band(DType.F64, 1023, 1023));
        assertEquals(0, TwoStageSvd.band(DType.F64, 1024, 2048), "wide keeps gesdd");
        assertEquals(0, TwoStageSvd.band(DType.C128, 2048, 2048), "complex keeps gesdd");
    }

    @Test
    void theWrapperRefusesBadArgumentsBeforeCallingLapack() {
        try (NativeBuffer ab = NativeBuffer.zeros(DType.F64, 40 * 30); NativeBuffer s = NativeBuffer.zeros(DType.F64, 30);
             NativeBuffer scratch = NativeBuffer.zeros(DType.F64, TwoStageValues.scratchElements(40, 30, 8));
             NativeBuffer cb = NativeBuffer.zeros(DType.C128, 40 * 30)) {
            Block a = Block.of(ab, 40, 30);
            assertThrows(IllegalArgumentException.class, () -> TwoStageValues.values(Block.of(ab, 30, 40), 8, s, scratch),
                    "wide");
            assertThrows(IllegalArgumentException.class, () -> TwoStageValues.values(a, 0, s, scratch), "nb < 1");
            assertThrows(IllegalArgumentException.class, () -> TwoStageValues.values(a, 31, s, scratch), "nb > n");
            try (NativeBuffer shortS = NativeBuffer.zeros(DType.F64, 29);
                 NativeBuffer shortScratch = NativeBuffer.zeros(DType.F64, TwoStageValues.scratchElements(40, 30, 8) - 1)) {
                assertThrows(IllegalArgumentException.class, () -> TwoStageValues.values(a, 8, shortS, scratch), "S short");
                assertThrows(IllegalArgumentException.class, () -> TwoStageValues.values(a, 8, s, shortScratch),
                        "scratch short");
            }
            IllegalArgumentException complex = assertThrows(IllegalArgumentException.class,
                    () -> TwoStageValues.values(Block.of(cb, 40, 30), 8, s, scratch));
            assertTrue(complex.getMessage().contains("real dtypes only"), complex.getMessage());
            // after the refusals the valid call runs: the zero matrix has every singular value 0
            TwoStageValues.values(a, 8, s, scratch);
            for (int i = 0; i < 30; i++) {
                assertEquals(0.0, s.get(i), 0.0, "σ" + i + " of a zero matrix");
            }
        }
    }

    /** Column-major {@code H₁H₂H₃·diag(s)·G₃G₂G₁}, m×n, with random unit Householder vectors. */
    static double[] knownSpectrum(int m, int n, double[] s, long seed) {
        Random rnd = new Random(seed);
        double[] a = new double[m * n];
        for (int i = 0; i < s.length; i++) {
            a[i * m + i] = s[i];
        }
        for (int r = 0; r < 3; r++) {
            double[] v = unit(m, rnd);
            for (int j = 0; j < n; j++) { // A ← (I − 2vvᵀ)·A, column by column
                double dot = 0;
                for (int i = 0; i < m; i++) {
                    dot += v[i] * a[j * m + i];
                }
                for (int i = 0; i < m; i++) {
                    a[j * m + i] -= 2 * dot * v[i];
                }
            }
            double[] w = unit(n, rnd);
            double[] aw = new double[m]; // A ← A·(I − 2wwᵀ)
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < m; i++) {
                    aw[i] += a[j * m + i] * w[j];
                }
            }
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < m; i++) {
                    a[j * m + i] -= 2 * aw[i] * w[j];
                }
            }
        }
        return a;
    }

    private static double[] unit(int len, Random rnd) {
        double[] v = new double[len];
        double norm = 0;
        for (int i = 0; i < len; i++) {
            v[i] = rnd.nextGaussian();
            norm += v[i] * v[i];
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < len; i++) {
            v[i] /= norm;
        }
        return v;
    }
}
