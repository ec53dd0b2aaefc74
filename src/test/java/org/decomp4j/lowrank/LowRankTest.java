package org.decomp4j.lowrank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.decomp4j.DType;
import org.decomp4j.LinearOperator;
import org.decomp4j.Matrix;
import org.decomp4j.Svd;
import org.decomp4j.dispatch.TopKMethod;
import org.junit.jupiter.api.Test;

/** {@link LowRank}: each planned route runs and gives the top-k of the full SVD. */
class LowRankTest {
    private static final double[] SPECTRUM = Planted.geometric(60, 10, 0.9);

    private static void assertTopValues(Matrix a, LowRankSvd r, double relTol) {
        double[] full = Svd.values(a);
        double[] s = r.singularValues();
        for (int i = 0; i < s.length; i++) {
            assertEquals(full[i], s[i], relTol * full[0], r.method() + " σ" + i);
        }
        Planted.assertSignConvention(r.vt());
    }

    @Test
    void denseRoutesFollowThePlan() {
        try (Matrix a = Planted.matrix(200, 60, SPECTRUM, 1e-3, 4)) {
            try (LowRankSvd small = LowRank.svd(a, 5, TopKOptions.exact())) {
                assertEquals("dgesvdx", small.method());
                assertEquals(LowRank.plan(a, 5, TopKOptions.exact()).reason(), small.reason());
                assertTopValues(a, small, 1e-12);
            }
            try (LowRankSvd big = LowRank.svd(a, 50, TopKOptions.exact())) {
                assertEquals("dgesdd", big.method());
                assertEquals(50, big.rank());
                assertEquals(200, big.u().rows());
                assertEquals(60, big.vt().cols());
                assertTopValues(a, big, 1e-12);
                assertTrue(Planted.orthogonality(big.u()) <= 10 * 200 * DType.F64.eps());
            }
            try (LowRankSvd approx = LowRank.svd(a, 5, TopKOptions.approximate().seed(3))) {
                assertTrue(approx.method().startsWith("randomized"), approx.method());
                assertTrue(approx.reason().contains("approximation allowed"), approx.reason());
                assertTopValues(a, approx, 1e-6);
                assertTrue(approx.errorEstimate() > 0);
            }
            try (LowRankSvd named = LowRank.svd(a, 5, TopKOptions.exact().method(TopKMethod.GESDD))) {
                assertEquals("dgesdd", named.method());
                assertTopValues(a, named, 1e-12);
            }
        }
    }

    @Test
    void operatorRoutesNeverDensifyUnlessAllowed() {
        try (Matrix a = Planted.matrix(150, 60, SPECTRUM, 1e-3, 5)) {
            LinearOperator op = LinearOperator.of(a);
            try (LowRankSvd approx = LowRank.svd(op, 4, TopKOptions.approximate())) {
                assertTrue(approx.method().startsWith("randomized"), approx.method());
                assertTopValues(a, approx, 1e-6);
            }
            try (LowRankSvd krylov = LowRank.svd(op, 4, TopKOptions.exact())) {
                assertEquals("lanczos", krylov.method());
                assertTrue(krylov.reason().contains("Krylov"), krylov.reason());
                assertTopValues(a, krylov, 1e-9);
            }
            try (LowRankSvd densified = LowRank.svd(op, 4, TopKOptions.exact().densify(true))) {
                assertEquals("dgesvdx", densified.method());
                assertTrue(densified.reason().startsWith("operator densified"), densified.reason());
                assertTopValues(a, densified, 1e-12);
            }
        }
    }

    @Test
    void densifyRebuildsTheMatrixFromItsProducts() {
        try (Matrix a = Matrix.random(37, 300, 8); Matrix d = LowRank.densify(LinearOperator.of(a))) {
            assertArrayEquals(a.toColumnMajorArray(), d.toColumnMajorArray(), 0.0);
        }
    }

    @Test
    void f32RoutesKeepTheirPrecision() {
        try (Matrix a = Planted.matrix(120, 50, java.util.Arrays.copyOf(SPECTRUM, 40), 1e-3, 6, DType.F32)) {
            double tol = 10 * 120 * DType.F32.eps();
            try (LowRankSvd e = LowRank.svd(a, 3, TopKOptions.exact())) {
                assertEquals("sgesvdx", e.method());
                assertEquals(DType.F32, e.dtype());
                assertTopValues(a, e, tol);
            }
            try (LowRankSvd r = LowRank.svd(a, 3, TopKOptions.approximate())) {
                assertEquals(DType.F32, r.dtype());
                assertTopValues(a, r, tol);
            }
        }
    }

    @Test
    void badRankIsRefusedOnEveryEntry() {
        try (Matrix a = Matrix.random(9, 4, 1)) {
            for (int k : new int[] {0, -1, 5}) {
                assertThrows(IllegalArgumentException.class, () -> LowRank.svd(a, k, TopKOptions.exact()));
                assertThrows(IllegalArgumentException.class, () -> LowRank.svd(a, k, TopKOptions.approximate()));
                assertThrows(IllegalArgumentException.class,
                        () -> LowRank.svd(LinearOperator.of(a), k, TopKOptions.approximate()));
            }
        }
    }
}
