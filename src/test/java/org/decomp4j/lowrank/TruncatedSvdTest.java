package org.decomp4j.lowrank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.NativeConfig;
import org.decomp4j.NonFiniteInputException;
import org.decomp4j.Svd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link TruncatedSvd} (gesvdx): agreement with the full SVD, factors, signs, shapes, errors. */
class TruncatedSvdTest {

    /** Values against the full gesdd SVD of the same matrix, factors against their definitions. */
    @ParameterizedTest(name = "{0}×{1} k={2} {3}")
    @CsvSource({
        "300, 80, 1, F64", "300, 80, 12, F64", "300, 80, 80, F64",
        "80, 300, 12, F64", "150, 150, 20, F64", "150, 150, 150, F64",
        "300, 80, 12, F32", "80, 300, 80, F32", "150, 150, 1, F32"})
    void agreesWithTheFullSvd(int m, int n, int k, DType t) {
        int r = Math.min(m, n);
        // full-rank planted spectrum from 10 down to 0.01 (condition 1000), distinct values
        double[] spectrum = Planted.geometric(r, 10, Math.pow(1e-3, 1.0 / (r - 1)));
        try (Matrix a = Planted.matrix(m, n, spectrum, 0, 42 + k, t);
             LowRankSvd top = TruncatedSvd.of(a, k);
             Svd full = Svd.of(a)) {
            double eps = t.eps();
            double[] s = top.singularValues();
            double[] ref = full.singularValues();
            assertEquals(k, s.length);
            assertEquals(t, top.dtype());
            assertEquals(t.prefix() + "gesvdx", top.method());
            // F64: 1e-12 relative to each value (the requirement); F32: c·max(m,n)·eps
            double rel = t == DType.F64 ? 1e-12 : 10 * Math.max(m, n) * eps;
            for (int i = 0; i < k; i++) {
                assertEquals(ref[i], s[i], rel * ref[i], "σ" + i);
            }
            double tol = 10 * Math.max(m, n) * eps;
            assertTrue(Planted.orthogonality(top.u()) <= tol, "UᵀU ≠ I");
            assertTrue(Planted.orthogonality(top.vt().transpose()) <= tol, "VVᵀ ≠ I");
            // Eckart–Young: ‖A − A_k‖_F = sqrt(Σ_{i ≥ k} σᵢ²) of the full SVD
            double tail = full.truncationError(k);
            double norm = a.normFrobenius();
            assertEquals(tail, Planted.residualFrobenius(a, top), tol * norm, "‖A − U·S·Vt‖_F");
            Planted.assertSignConvention(top.vt());
            // same vectors as the full SVD (distinct values ⇒ unique up to sign, and both follow
            // the same sign rule); accuracy ε·‖A‖/gap, the relative gaps here ≥ 1 − ratio
            double gap = 1 - Math.pow(1e-3, 1.0 / (r - 1));
            double vtol = 100 * Math.max(m, n) * eps / gap;
            try (Matrix fu = full.u().view(0, 0, m, k); Matrix fvt = full.vt().view(0, 0, k, n)) {
                assertTrue(maxDiff(fu, top.u()) <= vtol, () -> "U differs from the full SVD's by " + maxDiff(fu, top.u()));
                assertTrue(maxDiff(fvt, top.vt()) <= vtol, () -> "Vt differs by " + maxDiff(fvt, top.vt()));
            }
        }
    }

    private static double maxDiff(Matrix x, Matrix y) {
        double worst = 0;
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < x.cols(); j++) {
                worst = Math.max(worst, Math.abs(x.get(i, j) - y.get(i, j)));
            }
        }
        return worst;
    }

    @Test
    void rankDeficientMatrixGivesItsRankThenZeros() {
        double[] s = {5, 3, 1};
        try (Matrix a = Planted.matrix(120, 60, s, 0, 3); LowRankSvd top = TruncatedSvd.of(a, 5)) {
            double[] v = top.singularValues();
            double tol = 10 * 120 * DType.F64.eps() * 5;
            for (int i = 0; i < 3; i++) {
                assertEquals(s[i], v[i], tol, "σ" + i);
            }
            assertEquals(0, v[3], tol);
            assertEquals(0, v[4], tol);
            assertTrue(Planted.residualFrobenius(a, top) <= tol * 10);
            assertTrue(Planted.orthogonality(top.u()) <= tol, "U of the null directions is still orthonormal");
        }
    }

    @Test
    void inputIsUntouched() {
        try (Matrix a = Planted.matrix(40, 30, new double[] {3, 2, 1}, 0.01, 5); Matrix before = a.copy();
             LowRankSvd top = TruncatedSvd.of(a, 2); Matrix d = a.subtract(before)) {
            assertEquals(0.0, d.normMax());
            assertEquals(2, top.rank());
        }
    }

    @Test
    void badRankIsRefusedWithTheAllowedRange() {
        try (Matrix a = Matrix.random(7, 5, 1)) {
            IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> TruncatedSvd.of(a, 0));
            assertTrue(zero.getMessage().contains("1 ≤ k ≤ min(m, n) = 5") && zero.getMessage().contains("k = 0"),
                    zero.getMessage());
            IllegalArgumentException big = assertThrows(IllegalArgumentException.class, () -> TruncatedSvd.of(a, 6));
            assertTrue(big.getMessage().contains("7×5") && big.getMessage().contains("k = 6"), big.getMessage());
        }
        try (Matrix empty = Matrix.zeros(0, 4)) {
            assertThrows(IllegalArgumentException.class, () -> TruncatedSvd.of(empty, 1));
        }
    }

    @Test
    void nonFiniteInputIsRefusedWithItsPlace() {
        try (Matrix a = Matrix.random(6, 4, 2)) {
            a.set(3, 2, Double.NaN);
            NonFiniteInputException e = assertThrows(NonFiniteInputException.class, () -> TruncatedSvd.of(a, 2));
            assertEquals(3, e.row());
            assertEquals(2, e.column());
        }
    }

    /**
     * gesvdx at n = 1024 with 2 OpenBLAS threads from a default-stack thread and a 256 KiB one
     * (PREAMBLE: routines that may recurse must be tried there). A stack overrun kills the JVM.
     */
    @Test
    void runsAtN1024OnOrdinaryThreads() throws InterruptedException {
        int saved = NativeConfig.threads();
        NativeConfig.setThreads(2);
        double[] s = Planted.geometric(8, 100, 0.5);
        try (Matrix a = Planted.matrix(1024, 1024, s, 1e-6, 9)) {
            for (long stack : new long[] {0, 256 * 1024}) {
                AtomicReference<Throwable> failure = new AtomicReference<>();
                Runnable r = () -> {
                    try (LowRankSvd top = TruncatedSvd.of(a, 8)) {
                        double[] v = top.singularValues();
                        // Weyl: |σᵢ − sᵢ| ≤ ‖1e-6·G‖₂ ≤ 1e-6·(√m + √n)·1.1
                        for (int i = 0; i < 8; i++) {
                            assertEquals(s[i], v[i], 1e-6 * 64 * 1.1, "σ" + i);
                        }
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                };
                Thread t = stack == 0 ? new Thread(r, "default-stack") : new Thread(null, r, "small-stack", stack);
                t.start();
                t.join();
                if (failure.get() != null) {
                    throw new AssertionError("gesvdx failed on " + t.getName(), failure.get());
                }
            }
        } finally {
            NativeConfig.setThreads(saved);
        }
    }
}
