package org.decomp4j.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.TestMatrices;
import org.junit.jupiter.api.Test;

class DenoiseTest {

    @Test
    void omegaMatchesGavishDonohoValues() {
        // ω(1) ≈ 2.858 (square matrices, the paper's Table/eq. 5 approximation gives 2.86)
        assertEquals(2.86, RankRule.OptimalHardThreshold.omega(1.0), 1e-12);
        assertEquals(0.56 / 8 - 0.95 / 4 + 1.82 / 2 + 1.43, RankRule.OptimalHardThreshold.omega(0.5), 1e-12);
        // median of an even-length spectrum is the mean of the middle two
        assertEquals(2.86 * 2.5, RankRule.OptimalHardThreshold.threshold(new double[] {9, 3, 2, 1}, 4, 4), 1e-12);
    }

    @Test
    void plantedSignalIsRecoveredAndSnrImproves() {
        Matrix[] ex = Denoise.example(100, 400, 3, 0.5, 7);
        try (Matrix noisy = ex[0]; Matrix clean = ex[1];
             Denoise.Result r = Denoise.of(noisy, RankRule.optimalHardThreshold())) {
            assertEquals(3, r.rank());
            double before = Denoise.snrDb(clean, noisy);
            double after = Denoise.snrDb(clean, r.denoised());
            // noise energy 100·400·0.25 spread over 100 dimensions, the projection keeps about 3/100
            // of it (plus the error of the leading subspace): a gain well above 10 dB
            assertTrue(after > before + 10, "before " + before + " dB, after " + after + " dB");
            // a wrong rank does worse than the chosen one
            try (Denoise.Result one = Denoise.of(noisy, RankRule.fixed(1));
                 Denoise.Result many = Denoise.of(noisy, RankRule.fixed(40))) {
                assertTrue(Denoise.snrDb(clean, one.denoised()) < after);
                assertTrue(Denoise.snrDb(clean, many.denoised()) < after);
            }
        }
    }

    @Test
    void thresholdSeparatesPlantedSpectrumFromWhiteNoise() {
        // signal singular values 60, 40, 30 in a 200×100 matrix with N(0, 1) noise: the noise bulk
        // edge is about √200 + √100 ≈ 24, the GD threshold about ω(0.5)·median ≈ 2.17·12: all three kept
        double[][] signal = TestMatrices.withSpectrum(200, 100, new double[] {60, 40, 30}, 5);
        double[][] noise = TestMatrices.gaussian(200, 100, 77);
        double[][] y = new double[200][100];
        for (int i = 0; i < 200; i++) {
            for (int j = 0; j < 100; j++) {
                y[i][j] = signal[i][j] + noise[i][j];
            }
        }
        for (DType t : new DType[] {DType.F64, DType.F32}) {
            try (Matrix ym = Matrix.of(y, t); Matrix ref = Matrix.of(signal, t);
                 Denoise.Result r = Denoise.of(ym, RankRule.optimalHardThreshold())) {
                assertEquals(3, r.rank(), t.toString());
                assertEquals(t, r.denoised().dtype());
                assertTrue(Denoise.snrDb(ref, r.denoised()) > Denoise.snrDb(ref, ym) + 5, t.toString());
            }
        }
    }

    @Test
    void badInputIsRefused() {
        try (Matrix a = Matrix.random(5, 4, 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Denoise.of(a, RankRule.fixed(5)));
            assertTrue(e.getMessage().contains("rank 5 exceeds min(m, n) = 4"), e.getMessage());
            try (Matrix b = Matrix.random(5, 3, 2)) {
                assertThrows(IllegalArgumentException.class, () -> Denoise.snrDb(a, b));
            }
        }
        try (Matrix empty = Matrix.zeros(0, 3)) {
            assertThrows(IllegalArgumentException.class, () -> Denoise.of(empty, RankRule.optimalHardThreshold()));
        }
    }
}
