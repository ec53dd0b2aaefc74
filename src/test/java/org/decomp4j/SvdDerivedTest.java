package org.decomp4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What an SVD gives beyond its factors: rank, condition number, pseudo-inverse, truncation and its
 * error, the driver report, and agreement between drivers. Expected values come from constructed
 * spectra.
 */
class SvdDerivedTest {
    private static final double[] SIGMA = {8, 4, 2, 1, 0.5};

    private static double tol(DType t, int m, int n) {
        return SvdContract.C * Math.max(m, n) * t.eps();
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void rankAndConditionFollowTheSpectrum(DType t) {
        double[][] a = TestMatrices.withSpectrum(12, 9, new double[] {5, 3, 1, 0, 0, 0, 0, 0, 0}, 3);
        try (Matrix m = Matrix.of(a, t); Svd svd = Svd.of(m)) {
            assertEquals(3, svd.rank());
            assertEquals(3, svd.rank(0.5));
            assertEquals(1, svd.rank(4));
            assertTrue(svd.cond() > 1 / (100 * tol(t, 12, 9)), "singular: σ_min is numerically zero, cond " + svd.cond());
        }
        try (Matrix m = Matrix.of(TestMatrices.withSpectrum(10, 5, SIGMA, 4), t); Svd svd = Svd.of(m)) {
            assertEquals(16.0, svd.cond(), 16 * tol(t, 10, 5) * 8);
            assertEquals(5, svd.rank());
            assertEquals(16.0, LinAlg.cond(m), 16 * tol(t, 10, 5) * 8);
            assertEquals(5, LinAlg.rank(m));
        }
    }

    @Test
    void rankUsesNumpysDefaultTolerance() {
        // σ = {1, 1e-13}: 1e-13 > 1·max(3,3)·2^-52 ≈ 6.7e-16, so rank 2 in F64
        try (Matrix m = Matrix.diagonal(1, 1e-13, 0); Svd svd = Svd.of(m)) {
            assertEquals(2, svd.rank());
        }
        // in F32 the default tolerance is 3·2^-23 ≈ 3.6e-7, so 1e-13 no longer counts
        try (Matrix m = Matrix.diagonal(1, 1e-13, 0).copy(DType.F32); Svd svd = Svd.of(m)) {
            assertEquals(1, svd.rank());
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void truncationErrorIsTheTailOfTheSpectrumAndMatchesReconstruction(DType t) {
        double[][] a = TestMatrices.withSpectrum(15, 10, SIGMA, 9);
        try (Matrix m = Matrix.of(a, t); Svd svd = Svd.of(m)) {
            for (int r = 0; r <= 5; r++) {
                double tail = 0;
                for (int i = r; i < SIGMA.length; i++) {
                    tail += SIGMA[i] * SIGMA[i];
                }
                double expected = Math.sqrt(tail);
                assertEquals(expected, svd.truncationError(r), tol(t, 15, 10) * 8, "rank " + r);
                try (Matrix ar = svd.reconstruct(r); Matrix diff = m.subtract(ar)) {
                    assertEquals(expected, diff.normFrobenius(), tol(t, 15, 10) * 8 * 4, "reconstruction at rank " + r);
                }
            }
            assertEquals(0.0, svd.truncationError(10), 0.0);
            assertThrows(IllegalArgumentException.class, () -> svd.truncationError(11));
            assertThrows(IllegalArgumentException.class, () -> svd.reconstruct(-1));
        }
    }

    @Test
    void truncationErrorDoesNotOverflow() {
        try (Matrix m = Matrix.diagonal(1e300, 1e300, 1e300); Svd svd = Svd.of(m, SvdOptions.valuesOnly())) {
            assertEquals(Math.sqrt(2) * 1e300, svd.truncationError(1), 1e286);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void pseudoInverseSatisfiesMoorePenrose(DType t) {
        for (double[][] a : new double[][][] {TestMatrices.gaussian(9, 5, 1), TestMatrices.gaussian(5, 9, 2),
            TestMatrices.lowRank(8, 7, 3, 3)}) {
            int m = a.length;
            int n = a[0].length;
            try (Matrix am = Matrix.of(a, t); Svd svd = Svd.of(am); Matrix p = svd.pinv()) {
                assertEquals(n, p.rows());
                assertEquals(m, p.cols());
                double[][] x = p.toArray();
                double[][] ar = TestMatrices.roundToFloat(a);
                double[][] aa = t == DType.F32 ? ar : a;
                double scale = TestMatrices.frobenius(aa);
                double bound = 100 * tol(t, m, n);
                double[][] axa = TestMatrices.multiply(TestMatrices.multiply(aa, x), aa);
                assertTrue(TestMatrices.frobeniusDiff(axa, aa) <= bound * scale, "A·A⁺·A ≠ A");
                double[][] xax = TestMatrices.multiply(TestMatrices.multiply(x, aa), x);
                assertTrue(TestMatrices.frobeniusDiff(xax, x) <= bound * TestMatrices.frobenius(x) * 10, "A⁺·A·A⁺ ≠ A⁺");
                double[][] ax = TestMatrices.multiply(aa, x);
                assertTrue(TestMatrices.frobeniusDiff(ax, TestMatrices.transpose(ax)) <= bound * 10, "A·A⁺ not symmetric");
                double[][] xa = TestMatrices.multiply(x, aa);
                assertTrue(TestMatrices.frobeniusDiff(xa, TestMatrices.transpose(xa)) <= bound * 10, "A⁺·A not symmetric");
            }
        }
    }

    @Test
    void pinvCutoffDropsSmallSingularValues() {
        try (Matrix m = Matrix.diagonal(4, 1e-3); Svd svd = Svd.of(m); Matrix p = svd.pinv(1e-2);
             Matrix q = svd.pinv()) {
            assertArrayEquals(new double[][] {{0.25, 0}, {0, 0}}, p.toArray());
            assertEquals(1000, q.get(1, 1), 1e-9);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void driversAgree(DType t) {
        double[][] a = TestMatrices.gaussian(60, 35, 21);
        double[] ref = null;
        for (Driver d : new Driver[] {Driver.GESDD, Driver.GESVD, Driver.GESVJ}) {
            try (Matrix m = Matrix.of(a, t); Svd svd = Svd.of(m, SvdOptions.thin().driver(d))) {
                double[] s = svd.singularValues();
                if (ref == null) {
                    ref = s;
                } else {
                    assertArrayEquals(ref, s, tol(t, 60, 35) * ref[0], d + " disagrees with gesdd");
                }
                // with deterministic signs the vectors agree too (the spectrum is simple)
                try (Svd g = Svd.of(m, SvdOptions.thin().driver(Driver.GESDD))) {
                    double[][] v1 = g.vt().toArray();
                    double[][] v2 = svd.vt().toArray();
                    for (int i = 0; i < v1.length; i++) {
                        double gap = i == 0 ? ref[0] - ref[1]
                                : Math.min(ref[i - 1] - ref[i], i + 1 < ref.length ? ref[i] - ref[i + 1] : ref[i]);
                        for (int j = 0; j < v1[i].length; j++) {
                            assertEquals(v1[i][j], v2[i][j], 50 * tol(t, 60, 35) * ref[0] / gap, "Vᵀ[" + i + "][" + j + "] " + d);
                        }
                    }
                }
            }
        }
    }

    @Test
    void jacobiComputesTinySingularValuesToHighRelativeAccuracy() {
        // A = Q·D with Q orthogonal and D = diag(1, 1e-6, 1e-12, 1e-18): AᵀA = D², so σ = D exactly
        // (up to the rounding of the entries, a relative perturbation of each column). For such
        // column-scaled matrices one-sided Jacobi is accurate in every singular value (Demmel and
        // Veselić 1992), where a bidiagonalising driver only promises ε·σ₁ ≈ 2e-16 absolute.
        double[] d = {1, 1e-6, 1e-12, 1e-18};
        for (int m : new int[] {4, 7}) {
            double[][] q = TestMatrices.orthogonal(m, 77);
            double[][] a = new double[m][4];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < 4; j++) {
                    a[i][j] = q[i][j] * d[j];
                }
            }
            try (Matrix mat = Matrix.of(a)) {
                double[] jac = Svd.values(mat, SvdOptions.valuesOnly().driver(Driver.GESVJ));
                for (int i = 0; i < 4; i++) {
                    assertEquals(1.0, jac[i] / d[i], 1e-12, "relative error of σ" + i + " by Jacobi, " + m + "×4");
                }
            }
        }
    }

    @Test
    void resultReportsWhatRan() {
        try (Matrix m = Matrix.random(30, 20, 5); Svd svd = Svd.of(m, SvdOptions.full().driver(Driver.GESVD))) {
            assertEquals("dgesvd", svd.routine());
            assertEquals(Job.ALL, svd.job());
            assertEquals("JOBU=A JOBVT=A", svd.plan().flags());
            assertTrue(svd.fallback().isEmpty());
            assertTrue(svd.workspaceBytes() >= Math.max(3 * 20 + 30, 5 * 20) * 8L);
            assertEquals(30, svd.u().rows());
            assertEquals(30, svd.u().cols());
            assertTrue(svd.u().isReadOnly());
            assertThrows(UnsupportedOperationException.class, () -> svd.u().set(0, 0, 1));
        }
    }

    @Test
    void vIsTheTransposeOfVt() {
        try (Matrix m = Matrix.random(7, 4, 5); Svd svd = Svd.of(m)) {
            assertArrayEquals(TestMatrices.transpose(svd.vt().toArray()), svd.v().toArray());
        }
    }

    @Test
    void closedResultsRefuseAccess() {
        Svd svd;
        try (Matrix m = Matrix.random(5, 4, 5)) {
            svd = Svd.of(m);
        }
        svd.close();
        assertThrows(IllegalStateException.class, svd::u);
    }
}
