package org.decomp4j.lowrank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.NonFiniteInputException;
import org.decomp4j.Svd;
import org.decomp4j.TestMatrices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Streaming SVD against the batch (LAPACK) SVD of the same rows. Stated tolerances, from the
 * problem size and ε (see {@link #streamed} and {@link Tolerances}): on data of rank ≤ k the values
 * agree to rounding, {@code streamed(t, m, n)·σ₁}; on noisy data every value is within
 * {@link StreamingSvd#errorBound()} of the batch value (Weyl's inequality, asserted) and the
 * measured relative drift is printed and asserted below a documented bound per noise level.
 */
class StreamingSvdTest {
    /**
     * Rank ≤ k data, relative to σ₁: StreamingSvd computes in double whatever the dtype, so the
     * rounding of two F64 computations on an m×n problem ({@link Tolerances#exact}), plus
     * {@code C·√r·ε_t} for rounding the rank-r input and the output to t (nothing in F64).
     */
    static double streamed(DType t, int m, int n, int r) {
        return Tolerances.exact(DType.F64, m, n) + Tolerances.C * Math.sqrt(r) * t.eps();
    }

    /** Orthogonality of factors computed in double and rounded to t: F64 rounding plus C·ε_t. */
    static double orthonormal(DType t, int m, int n) {
        return Tolerances.rounding(DType.F64, m, n) + Tolerances.C * t.eps();
    }

    /** Feeds rows of {@code a} in blocks of the given sizes (cycled). */
    private static void feed(StreamingSvd st, double[][] a, int from, int to, int[] sizes, DType dtype) {
        int b = 0;
        for (int i = from; i < to; ) {
            int r = Math.min(sizes[b++ % sizes.length], to - i);
            try (Matrix blk = Matrix.of(Arrays.copyOfRange(a, i, i + r), dtype)) {
                st.update(blk);
            }
            i += r;
        }
    }

    private static double[][] rows(double[][] a, int from, int to) {
        return Arrays.copyOfRange(a, from, to);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void exactlyLowRankDataGiveTheBatchValuesWhateverTheBlockSizes(DType dtype) {
        double[][] a = TestMatrices.lowRank(600, 40, 4, 3); // rank 4 < k = 6
        double eps = streamed(dtype, 600, 40, 4); // rank 4 data: nothing but rounding differs
        for (int[] sizes : new int[][] {{1, 7, 50, 3}, {100}, {600}}) {
            StreamingSvd st = StreamingSvd.of(40, 6, dtype, StreamingSvd.Keep.U_AND_V);
            feed(st, a, 0, 600, sizes, dtype);
            assertEquals(600, st.rowsSeen());
            try (Matrix am = Matrix.of(a); LowRankSvd r = st.snapshot()) {
                double[] batch = Svd.values(am);
                double[] got = r.singularValues();
                assertEquals(6, got.length);
                for (int i = 0; i < 6; i++) {
                    assertEquals(batch[i], got[i], eps * batch[0], Arrays.toString(sizes) + " σ" + i);
                }
                assertEquals(dtype, r.dtype());
                assertEquals(600, r.rows());
                double orth = orthonormal(dtype, 600, 40); // computed in double, rounded once to dtype
                assertTrue(TestMatrices.orthogonalityError(r.u().toArray()) <= orth, "U orthonormal");
                assertTrue(TestMatrices.orthogonalityError(TestMatrices.transpose(r.vt().toArray())) <= orth,
                        "V orthonormal");
                try (Matrix rec = r.reconstruct()) {
                    double rel = TestMatrices.frobeniusDiff(a, rec.toArray()) / TestMatrices.frobenius(a);
                    assertTrue(rel <= eps, "reconstruction " + rel);
                }
                // each update drops at most the rounding of its (6 + block)×40 SVD, plus the rounding of
                // its rows to dtype; summed over u updates, the latter by Cauchy–Schwarz ≤ √u·‖E‖_F
                int block = Arrays.stream(sizes).max().getAsInt();
                double dropped = (st.updates() * Tolerances.rounding(DType.F64, 6 + block, 40)
                        + Math.sqrt(st.updates()) * Tolerances.C * Math.sqrt(4) * dtype.eps()) * batch[0];
                assertTrue(st.errorBound() <= dropped, "nothing but rounding dropped: " + st.errorBound());
            }
        }
    }

    @Test
    void snapshotMidStreamMatchesTheRowsSoFarAndTheStreamCarriesOn() {
        double[][] a = TestMatrices.lowRank(300, 25, 3, 8);
        StreamingSvd st = StreamingSvd.of(25, 3);
        feed(st, a, 0, 120, new int[] {17}, DType.F64);
        try (Matrix half = Matrix.of(rows(a, 0, 120)); LowRankSvd r = st.snapshot()) {
            // rank 3 data: rounding only
            assertArrayEquals(Arrays.copyOf(Svd.values(half), 3), r.singularValues(),
                    streamed(DType.F64, 120, 25, 3) * r.singularValues()[0]);
            assertEquals(120, r.rows());
        }
        feed(st, a, 120, 300, new int[] {40, 1}, DType.F64);
        try (Matrix all = Matrix.of(a); Svd full = Svd.of(all); LowRankSvd r = st.snapshot()) {
            double[] sv = r.singularValues();
            double valueTol = streamed(DType.F64, 300, 25, 3) * sv[0];
            assertArrayEquals(Arrays.copyOf(full.singularValues(), 3), sv, valueTol);
            // same sign convention as the full SVD: Vᵀ rows agree entrywise, to the rounding over
            // the gap to the rest of the spectrum (Wedin: sin θ ≤ ‖E‖/gap; σ₄ = 0 here)
            double vecTol = valueTol / sv[2];
            double[][] vt = r.vt().toArray();
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 25; j++) {
                    assertEquals(full.vt().get(i, j), vt[i][j], vecTol, "Vᵀ(" + i + ", " + j + ")");
                }
            }
        }
    }

    /**
     * Rank-5 signal (σ = 50…10 on 200 distinct rows, repeated 10 times) plus Gaussian noise, fed in
     * blocks of 100 rows. Measured (seed 6): noise 0.01 → drift 1.2e-9; noise 0.3 (σ₆ of the data
     * 15.5 against σ₅ ≈ 31.6) → drift 9.1e-4. Asserted: each below the documented bound.
     */
    @ParameterizedTest
    @CsvSource({"0.01, 1e-7", "0.3, 3e-3"})
    void noisyDataDriftStaysWithinTheErrorBoundAndTheDocumentedBound(double noise, double driftMax) {
        long t0 = System.nanoTime();
        int m = 2000;
        int n = 60;
        int k = 5;
        double[] planted = {50, 40, 30, 20, 10};
        double[][] a = TestMatrices.withSpectrum(200, n, planted, 4); // 200×60 signal
        double[][] data = new double[m][];
        SplittableRandom rnd = new SplittableRandom(6);
        for (int i = 0; i < m; i++) {
            data[i] = a[i % 200].clone();
            for (int j = 0; j < n; j++) {
                data[i][j] += noise * rnd.nextGaussian();
            }
        }
        StreamingSvd st = StreamingSvd.of(n, k);
        feed(st, data, 0, m, new int[] {100}, DType.F64);
        try (Matrix am = Matrix.of(data); LowRankSvd r = st.snapshot(); Matrix rec = r.reconstruct();
             Matrix diff = am.subtract(rec)) {
            double[] batch = Svd.values(am);
            double[] got = r.singularValues();
            double drift = 0;
            for (int i = 0; i < k; i++) {
                assertTrue(Math.abs(batch[i] - got[i]) <= st.errorBound(), "Weyl: σ" + i);
                drift = Math.max(drift, Math.abs(batch[i] - got[i]) / batch[i]);
            }
            double trueError = Svd.values(diff)[0];
            double optimal = batch[k];
            System.out.printf("streaming noise %.2f (%.1f ms): drift max relative %.3e, ‖A−UΣVᵀ‖₂ = %.4f (optimal σ_{k+1} = %.4f),"
                    + " bound %.4f%n", noise, (System.nanoTime() - t0) / 1e6, drift, trueError, optimal, st.errorBound());
            // both sides carry the rounding of the subtraction and the SVDs of an m×n matrix
            double slack = Tolerances.exact(DType.F64, m, n) * batch[0];
            assertTrue(trueError <= st.errorBound() + slack, "error bound holds: " + trueError);
            assertTrue(trueError >= optimal - slack, "no rank-k matrix beats the SVD (Eckart–Young)");
            assertTrue(drift <= driftMax, "drift " + drift);
        }
    }

    @Test
    void keepingOnlyVGivesTheSameValuesAndRefusesSnapshot() {
        double[][] a = TestMatrices.gaussian(500, 30, 9);
        StreamingSvd full = StreamingSvd.of(30, 4);
        StreamingSvd vOnly = StreamingSvd.of(30, 4, DType.F64, StreamingSvd.Keep.V_ONLY);
        feed(full, a, 0, 500, new int[] {64}, DType.F64);
        feed(vOnly, a, 0, 500, new int[] {64}, DType.F64);
        // the same updates with or without U: two F64 computations on a 500×30 problem
        double valueTol = Tolerances.exact(DType.F64, 500, 30) * full.singularValues()[0];
        assertArrayEquals(full.singularValues(), vOnly.singularValues(), valueTol);
        double[] all;
        try (Matrix am = Matrix.of(a)) {
            all = Svd.values(am);
        }
        try (LowRankSvd r = full.snapshot(); Matrix vt = vOnly.vt()) {
            assertEquals(4, vt.rows());
            for (int i = 0; i < 4; i++) {
                // Wedin: a singular vector moves by at most the rounding over its gap
                double gap = Math.min(i == 0 ? Double.POSITIVE_INFINITY : all[i - 1] - all[i], all[i] - all[i + 1]);
                for (int j = 0; j < 30; j++) {
                    assertEquals(r.vt().get(i, j), vt.get(i, j), valueTol / gap, "Vᵀ(" + i + ", " + j + ")");
                }
            }
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, vOnly::snapshot);
        assertTrue(e.getMessage().contains("V_ONLY"), e.getMessage());
    }

    @Test
    void badBlocksAreRefusedAndLeaveTheStateUnchanged() {
        StreamingSvd st = StreamingSvd.of(5, 2);
        assertThrows(IllegalStateException.class, st::snapshot);
        try (Matrix ok = Matrix.of(TestMatrices.gaussian(4, 5, 1)); Matrix wide = Matrix.zeros(3, 6);
             Matrix f32 = Matrix.zeros(3, 5, DType.F32); Matrix bad = Matrix.of(TestMatrices.gaussian(3, 5, 2))) {
            st.update(ok);
            double[] before = st.singularValues();
            IllegalArgumentException w = assertThrows(IllegalArgumentException.class, () -> st.update(wide));
            assertTrue(w.getMessage().contains("5 columns"), w.getMessage());
            assertThrows(IllegalArgumentException.class, () -> st.update(f32));
            bad.set(2, 4, Double.NaN);
            NonFiniteInputException nan = assertThrows(NonFiniteInputException.class, () -> st.update(bad));
            assertEquals(2, nan.row());
            assertEquals(4, nan.column());
            assertEquals(4, st.rowsSeen());
            assertArrayEquals(before, st.singularValues(), 0.0);
            try (Matrix empty = Matrix.zeros(0, 5)) {
                st.update(empty);
            }
            assertEquals(1, st.updates());
        }
        assertThrows(IllegalArgumentException.class, () -> StreamingSvd.of(5, 6));
        assertThrows(IllegalArgumentException.class, () -> StreamingSvd.of(5, 0));
    }

    @Test
    void fewerRowsThanKGiveRankOfTheRowsSeen() {
        double[][] a = TestMatrices.gaussian(2, 8, 4);
        StreamingSvd st = StreamingSvd.of(8, 5);
        feed(st, a, 0, 2, new int[] {2}, DType.F64);
        assertEquals(2, st.rank());
        try (Matrix am = Matrix.of(a); LowRankSvd r = st.snapshot()) {
            // one update of the 2×8 rows: rounding only
            assertArrayEquals(Svd.values(am), r.singularValues(), streamed(DType.F64, 2, 8, 2) * r.singularValues()[0]);
        }
    }
}
