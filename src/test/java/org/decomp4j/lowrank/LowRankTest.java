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

    /** An exact route (gesvdx, gesdd) against the dense SVD: two backward-stable results, 2·c·max(m,n)·ε. */
    private static double exact(Matrix a) {
        return Tolerances.exact(a.dtype(), a.rows(), a.cols());
    }

    /**
     * The randomized route (p = 10, scikit-learn's q for k): the worst of Gu's value bounds over
     * the top k, relative to σ₁ (the spectrum decays by 0.9 per value, so (σ_{k+p+1}/σ_k)^{2q+1} is tiny).
     */
    private static double randomized(Matrix a, int k) {
        double[] full = Svd.values(a);
        int q = RandomizedSvdOptions.rank(k).powerItersFor(a.rows(), a.cols());
        double worst = 0;
        for (int j = 0; j < k; j++) {
            worst = Math.max(worst, Tolerances.randomizedValue(full, j, k, RandomizedSvdOptions.DEFAULT_OVERSAMPLING, q,
                    a.rows(), a.cols(), a.dtype()) / full[0]);
        }
        return worst;
    }

    @Test
    void denseRoutesFollowThePlan() {
        try (Matrix a = Planted.matrix(200, 60, SPECTRUM, 1e-3, 4)) {
            try (LowRankSvd small = LowRank.svd(a, 5, TopKOptions.exact())) {
                assertEquals("dgesvdx", small.method());
                assertEquals(LowRank.plan(a, 5, TopKOptions.exact()).reason(), small.reason());
                assertTopValues(a, small, exact(a));
            }
            try (LowRankSvd big = LowRank.svd(a, 50, TopKOptions.exact())) {
                assertEquals("dgesdd", big.method());
                assertEquals(50, big.rank());
                assertEquals(200, big.u().rows());
                assertEquals(60, big.vt().cols());
                assertTopValues(a, big, exact(a));
                assertTrue(Planted.orthogonality(big.u()) <= 10 * 200 * DType.F64.eps());
            }
            try (LowRankSvd approx = LowRank.svd(a, 5, TopKOptions.approximate().seed(3))) {
                assertTrue(approx.method().startsWith("randomized"), approx.method());
                assertTrue(approx.reason().contains("approximation allowed"), approx.reason());
                assertTopValues(a, approx, randomized(a, 5));
                assertTrue(approx.errorEstimate() > 0);
            }
            try (LowRankSvd named = LowRank.svd(a, 5, TopKOptions.exact().method(TopKMethod.GESDD))) {
                assertEquals("dgesdd", named.method());
                assertTopValues(a, named, exact(a));
            }
        }
    }

    @Test
    void operatorRoutesNeverDensifyUnlessAllowed() {
        try (Matrix a = Planted.matrix(150, 60, SPECTRUM, 1e-3, 5)) {
            LinearOperator op = LinearOperator.of(a);
            try (LowRankSvd approx = LowRank.svd(op, 4, TopKOptions.approximate())) {
                assertTrue(approx.method().startsWith("randomized"), approx.method());
                assertTopValues(a, approx, randomized(a, 4));
            }
            try (LowRankSvd krylov = LowRank.svd(op, 4, TopKOptions.exact())) {
                assertEquals("lanczos", krylov.method());
                assertTrue(krylov.reason().contains("Krylov"), krylov.reason());
                // Lanczos stops at residuals ≤ 1e-10·σ₁ (SparseSvdOptions), each value then within that of a true one
                assertTopValues(a, krylov, Tolerances.krylov(DType.F64, 150, 60));
            }
            try (LowRankSvd densified = LowRank.svd(op, 4, TopKOptions.exact().densify(true))) {
                assertEquals("dgesvdx", densified.method());
                assertTrue(densified.reason().startsWith("operator densified"), densified.reason());
                assertTopValues(a, densified, exact(a));
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
            double tol = Tolerances.rounding(DType.F32, 120, 50); // F32 rounding dominates both routes
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
