package org.decomp4j.lowrank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.decomp4j.DType;
import org.decomp4j.LinearOperator;
import org.decomp4j.Matrix;
import org.decomp4j.NonFiniteInputException;
import org.decomp4j.Svd;
import org.decomp4j.lowrank.RandomizedSvdOptions.Normalizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link RandomizedSvd}: planted spectra, power iterations, error estimate, reproducibility. */
class RandomizedSvdTest {
    /** 10 values from 100 down to 100·0.7⁹ ≈ 4, well above the noise (‖1e-3·G‖₂ ≈ 0.035). */
    private static final double[] TOP = Planted.geometric(10, 100, 0.7);

    /**
     * Low rank plus noise, tall and wide, F64 and F32: values against the exact SVD of the same
     * matrix, orthonormal factors, signs, residual at the optimum σ_{k+1}, and the error estimate
     * above the true error.
     */
    @ParameterizedTest(name = "{0}×{1} {2}")
    @CsvSource({"400, 200, F64", "200, 400, F64", "400, 200, F32", "200, 400, F32"})
    void plantedLowRankPlusNoise(int m, int n, DType t) {
        int k = 10;
        try (Matrix a = Planted.matrix(m, n, TOP, 1e-3, 17, t);
             LowRankSvd r = RandomizedSvd.of(a, RandomizedSvdOptions.rank(k));
             Matrix a64 = a.copy(DType.F64)) {
            double[] exact = Svd.values(a64);
            double[] s = r.singularValues();
            assertEquals(k, s.length);
            assertEquals(t, r.dtype());
            assertEquals(7, r.iterations(), "scikit-learn's q: 7 when k < 0.1·min(m, n)");
            // gap σ₁₀/σ₂₁ ≈ 100 and q = 7: Gu's bound is far below rounding, so the values are exact to 2·c·max(m,n)·ε
            int p = RandomizedSvdOptions.DEFAULT_OVERSAMPLING;
            for (int i = 0; i < k; i++) {
                assertEquals(exact[i], s[i], Tolerances.randomizedValue(exact, i, k, p, 7, m, n, t), "σ" + i);
            }
            double tol = Tolerances.rounding(t, m, n);
            assertTrue(Planted.orthogonality(r.u()) <= tol, "UᵀU ≠ I");
            assertTrue(Planted.orthogonality(r.vt().transpose()) <= tol, "VVᵀ ≠ I");
            Planted.assertSignConvention(r.vt());
            double err = Planted.residualSpectral(a64, r);
            // Eckart–Young's σ_{k+1} plus what the top-k subspace misses: σ₁·sin θ_k (Gu's angle)
            double miss = exact[0] * Tolerances.randomizedAngle(exact, k - 1, k, p, 7, m, n);
            assertTrue(err <= exact[k] + miss + tol * exact[0],
                    () -> "‖A − U·S·Vt‖₂ = " + err + " but σ_{k+1} = " + exact[k]);
            double est = r.errorEstimate();
            assertTrue(est >= err, () -> "error estimate " + est + " below the true error " + err);
            double errF = Planted.residualFrobenius(a64, r);
            assertTrue(est <= 20 * errF, () -> "error estimate " + est + " far above ‖E‖_F = " + errF);
        }
    }

    /**
     * A slowly decaying spectrum σᵢ = (i + 1)^−0.4: without power iterations the range finder
     * misses much of the top-k subspace; each step sharpens it (Halko et al. §4.5). The error
     * falls with q (allowing 2% noise per step), ends within Halko's bound, and the estimate stays
     * above the true error throughout.
     */
    @Test
    void errorFallsWithPowerIterations() {
        int m = 300;
        int n = 200;
        int k = 10;
        int p = 5;
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = Math.pow(i + 1, -0.4);
        }
        int[] qs = {0, 1, 2, 4, 8};
        double[] err = new double[qs.length];
        try (Matrix a = Planted.matrix(m, n, s, 0, 23)) {
            for (int i = 0; i < qs.length; i++) {
                try (LowRankSvd r = RandomizedSvd.of(a, RandomizedSvdOptions.rank(k).oversampling(p).powerIters(qs[i]))) {
                    err[i] = Planted.residualSpectral(a, r);
                    assertTrue(r.errorEstimate() >= err[i], "estimate below the true error at q = " + qs[i]);
                    assertEquals(qs[i], r.iterations());
                }
            }
        }
        String trace = "errors by q " + Arrays.toString(qs) + ": " + Arrays.toString(err) + ", σ_{k+1} = " + s[k];
        for (int i = 1; i < qs.length; i++) {
            assertTrue(err[i] <= err[i - 1] * 1.02, trace);
        }
        assertTrue(err[0] >= 1.25 * err[qs.length - 1], () -> "power iterations did not help: " + trace);
        // Eckart–Young: no rank-k matrix beats σ_{k+1}, up to the rounding of the residual's own SVD
        assertTrue(err[qs.length - 1] >= s[k] - Tolerances.exact(DType.F64, m, n) * s[0],
                () -> "below the optimum σ_{k+1}: " + trace);
        // Halko et al. Corollary 10.10 (expected range error) plus the σ_{k+1} truncation drops
        int q = qs[qs.length - 1];
        double tail = 0;
        for (int j = k; j < n; j++) {
            tail += Math.pow(s[j], 2 * (2 * q + 1));
        }
        double bracket = (1 + Math.sqrt((double) k / (p - 1))) * Math.pow(s[k], 2 * q + 1)
                + Math.E * Math.sqrt(k + p) / p * Math.sqrt(tail);
        double bound = s[k] + Math.pow(bracket, 1.0 / (2 * q + 1));
        assertTrue(err[qs.length - 1] <= bound, () -> "above Halko's bound " + bound + ": " + trace);
    }

    @ParameterizedTest
    @EnumSource(Normalizer.class)
    void everyNormalizerFindsThePlantedSpectrum(Normalizer norm) {
        try (Matrix a = Planted.matrix(300, 120, TOP, 1e-4, 31);
             LowRankSvd r = RandomizedSvd.of(a, RandomizedSvdOptions.rank(6).powerIters(3).normalizer(norm))) {
            double[] exact = Svd.values(a);
            double[] s = r.singularValues();
            for (int i = 0; i < 6; i++) {
                // Gu's bound with q = 3 (tiny: σ₁₇ is noise), plus rounding amplified by the unnormalised
                // power steps (NONE): ε·(σ₁/σ_i)^{2q+1}·σ_i
                double amplified = norm == Normalizer.NONE ? DType.F64.eps() * Math.pow(exact[0] / exact[i], 7) * exact[i] : 0;
                assertEquals(exact[i], s[i], Tolerances.randomizedValue(exact, i, 6, RandomizedSvdOptions.DEFAULT_OVERSAMPLING,
                        3, 300, 120, DType.F64) + amplified, norm + " σ" + i);
            }
            assertTrue(Planted.orthogonality(r.u()) <= 10 * 300 * DType.F64.eps(), norm + ": UᵀU ≠ I");
            assertTrue(r.method().contains(norm.name().toLowerCase(java.util.Locale.ROOT)), r.method());
        }
    }

    @Test
    void sameSeedGivesIdenticalBitsAndAnotherSeedDoesNot() {
        try (Matrix a = Planted.matrix(200, 150, Planted.geometric(150, 1, 0.97), 0, 3)) {
            RandomizedSvdOptions o = RandomizedSvdOptions.rank(8).powerIters(1).seed(1234);
            try (LowRankSvd x = RandomizedSvd.of(a, o); LowRankSvd y = RandomizedSvd.of(a, o);
                 LowRankSvd z = RandomizedSvd.of(a, o.seed(99))) {
                assertArrayEquals(x.singularValues(), y.singularValues());
                assertArrayEquals(x.u().toColumnMajorArray(), y.u().toColumnMajorArray());
                assertArrayEquals(x.vt().toColumnMajorArray(), y.vt().toColumnMajorArray());
                assertEquals(x.errorEstimate(), y.errorEstimate());
                assertFalse(Arrays.equals(x.singularValues(), z.singularValues()),
                        "a slowly decaying spectrum with q = 1 must depend on the test matrix");
            }
        }
    }

    @Test
    void rankDeficientInputGivesZerosBeyondItsRank() {
        double[] s = {4, 2, 1};
        try (Matrix a = Planted.matrix(150, 90, s, 0, 8);
             LowRankSvd r = RandomizedSvd.of(a, RandomizedSvdOptions.rank(6).oversampling(4))) {
            double[] v = r.singularValues();
            double tol = 10 * 150 * DType.F64.eps() * 4;
            for (int i = 0; i < 3; i++) {
                assertEquals(s[i], v[i], tol, "σ" + i);
            }
            for (int i = 3; i < 6; i++) {
                assertEquals(0, v[i], tol, "σ" + i);
            }
            assertTrue(Planted.orthogonality(r.u()) <= tol);
            assertTrue(Planted.residualFrobenius(a, r) <= 10 * tol);
        }
    }

    /** k = 1 and k = min(m, n) (the block covers the whole column space: exact). */
    @Test
    void rankOneAndFullRank() {
        double[] spectrum = Planted.geometric(40, 5, 0.9);
        try (Matrix a = Planted.matrix(90, 40, spectrum, 0, 12)) {
            double tol = 10 * 90 * DType.F64.eps() * 5;
            try (LowRankSvd one = RandomizedSvd.of(a, RandomizedSvdOptions.rank(1))) {
                // σ₁ = 5 planted, noise-free: Gu's bound for k = 1, p = 10, q = 7 plus rounding
                assertEquals(5, one.singularValues()[0], Tolerances.randomizedValue(spectrum, 0, 1,
                        RandomizedSvdOptions.DEFAULT_OVERSAMPLING, 7, 90, 40, DType.F64));
                assertEquals(1, one.u().cols());
            }
            try (LowRankSvd all = RandomizedSvd.of(a, RandomizedSvdOptions.rank(40))) {
                assertArrayEquals(spectrum, all.singularValues(), tol);
                assertTrue(Planted.residualFrobenius(a, all) <= tol);
                assertEquals(4, all.iterations(), "scikit-learn's q: 4 when k ≥ 0.1·min(m, n)");
            }
        }
    }

    @Test
    void badRankAndOptionsAreRefused() {
        try (Matrix a = Matrix.random(30, 20, 1)) {
            IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                    () -> RandomizedSvd.of(a, RandomizedSvdOptions.rank(21)));
            assertTrue(big.getMessage().contains("min(m, n) = 20") && big.getMessage().contains("k = 21"),
                    big.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> RandomizedSvdOptions.rank(0));
        assertThrows(IllegalArgumentException.class, () -> RandomizedSvdOptions.rank(3).oversampling(-1));
        assertThrows(IllegalArgumentException.class, () -> RandomizedSvdOptions.rank(3).powerIters(-2));
        IllegalArgumentException n = assertThrows(IllegalArgumentException.class, () -> Normalizer.parse("cholesky"));
        assertTrue(n.getMessage().contains("qr, lu, none"), n.getMessage());
        try (Matrix bad = Matrix.random(10, 8, 1)) {
            bad.set(4, 5, Double.POSITIVE_INFINITY);
            NonFiniteInputException e = assertThrows(NonFiniteInputException.class,
                    () -> RandomizedSvd.of(bad, RandomizedSvdOptions.rank(2)));
            assertEquals(4, e.row());
            assertEquals(5, e.column());
        }
    }

    /**
     * The operator path: only products are used, 2q + 2 of them with the l-column block plus one
     * with the probes, and the progress listener hears every power step.
     */
    @Test
    void operatorInputUsesOnlyProductsAndReportsProgress() {
        try (Matrix a = Planted.matrix(120, 80, TOP, 1e-3, 5)) {
            LinearOperator dense = LinearOperator.of(a);
            AtomicInteger products = new AtomicInteger();
            LinearOperator counting = new LinearOperator() {
                @Override
                public int rows() {
                    return 120;
                }

                @Override
                public int cols() {
                    return 80;
                }

                @Override
                public DType dtype() {
                    return DType.F64;
                }

                @Override
                public void multiply(Matrix x, Matrix out) {
                    products.incrementAndGet();
                    dense.multiply(x, out);
                }

                @Override
                public void multiplyTranspose(Matrix x, Matrix out) {
                    products.incrementAndGet();
                    dense.multiplyTranspose(x, out);
                }
            };
            List<String> heard = new ArrayList<>();
            RandomizedSvdOptions o = RandomizedSvdOptions.rank(5).powerIters(3)
                    .progress((done, total, msg) -> heard.add(done + "/" + total));
            try (LowRankSvd r = RandomizedSvd.of(counting, o); LowRankSvd d = RandomizedSvd.of(a, o.progress((x, y, z) -> { }))) {
                assertEquals(2 * 3 + 2 + 1, products.get());
                assertEquals(List.of("1/3", "2/3", "3/3"), heard);
                assertArrayEquals(d.singularValues(), r.singularValues(), 0.0, "same path for dense and operator");
            }
        }
    }

    @Test
    void noSignFlipGivesTheSameProduct() {
        try (Matrix a = Planted.matrix(60, 40, TOP, 1e-3, 6);
             LowRankSvd on = RandomizedSvd.of(a, RandomizedSvdOptions.rank(4));
             LowRankSvd off = RandomizedSvd.of(a, RandomizedSvdOptions.rank(4).flipSigns(false).probes(0));
             Matrix x = on.reconstruct(); Matrix y = off.reconstruct(); Matrix d = x.subtract(y)) {
            // flipping paired signs is exact; the products differ at most by their rounding, k·ε·σ₁ per entry
            assertTrue(d.normMax() <= Tolerances.C * 4 * DType.F64.eps() * TOP[0], "max |difference| " + d.normMax());
            assertTrue(Double.isNaN(off.errorEstimate()), "0 probes: no estimate");
        }
    }
}
