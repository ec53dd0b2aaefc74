package org.decomp4j.lowrank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.decomp4j.DType;
import org.decomp4j.LinearOperator;
import org.decomp4j.Matrix;
import org.decomp4j.NotConvergedException;
import org.decomp4j.Svd;
import org.decomp4j.TestMatrices;
import org.decomp4j.sparse.CsrMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sparse truncated SVD against answers known from mathematics (scaled permutations, block
 * diagonals of rotated 2×2 blocks, planted spectra) and against LAPACK's dense SVD of the same
 * matrix. The stated guarantee is a residual {@code ‖Aᵀu − σv‖ ≤ tol·σ₁} with {@code A·v = σu}
 * exact up to rounding, so each value is within {@code tol·σ₁} of a true singular value; tests
 * assert that bound plus rounding ({@code c·max(m,n)·ε·σ₁}), and the residuals and orthogonality
 * of the returned vectors measured in plain Java.
 */
class SparseSvdTest {

    /** Triplets of a scaled permutation: value s[i] at (rowPerm[i], colPerm[i]). */
    private static CsrMatrix scaledPermutation(int m, int n, double[] s, long seed, DType dtype) {
        int[] rp = permutation(m, seed);
        int[] cp = permutation(n, seed + 1);
        int[] r = new int[s.length];
        int[] c = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            r[i] = rp[i];
            c[i] = cp[i];
        }
        return CsrMatrix.fromTriplets(m, n, r, c, s.clone(), dtype);
    }

    private static int[] permutation(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static double[] sortedAbsDescending(double[] s) {
        double[] a = Arrays.stream(s).map(Math::abs).sorted().toArray();
        for (int i = 0; i < a.length / 2; i++) {
            double t = a[i];
            a[i] = a[a.length - 1 - i];
            a[a.length - 1 - i] = t;
        }
        return a;
    }

    private static CsrMatrix randomSparse(int m, int n, double density, long seed, DType dtype) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<int[]> pos = new ArrayList<>();
        List<Double> val = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                if (rnd.nextDouble() < density) {
                    pos.add(new int[] {i, j});
                    val.add(rnd.nextGaussian());
                }
            }
        }
        int[] r = pos.stream().mapToInt(x -> x[0]).toArray();
        int[] c = pos.stream().mapToInt(x -> x[1]).toArray();
        double[] v = val.stream().mapToDouble(Double::doubleValue).toArray();
        return CsrMatrix.fromTriplets(m, n, r, c, v, dtype);
    }

    /** Largest of ‖A·v_i − σ_i·u_i‖ and ‖Aᵀ·u_i − σ_i·v_i‖ over i, in plain Java. */
    private static double maxResidual(double[][] a, LowRankSvd r) {
        double[][] u = r.u().toArray();
        double[][] vt = r.vt().toArray();
        double[] s = r.singularValues();
        int m = a.length;
        int n = a[0].length;
        double worst = 0;
        for (int i = 0; i < s.length; i++) {
            double left = 0;
            for (int row = 0; row < m; row++) {
                double av = 0;
                for (int j = 0; j < n; j++) {
                    av += a[row][j] * vt[i][j];
                }
                left += Math.pow(av - s[i] * u[row][i], 2);
            }
            double right = 0;
            for (int j = 0; j < n; j++) {
                double atu = 0;
                for (int row = 0; row < m; row++) {
                    atu += a[row][j] * u[row][i];
                }
                right += Math.pow(atu - s[i] * vt[i][j], 2);
            }
            worst = Math.max(worst, Math.max(Math.sqrt(left), Math.sqrt(right)));
        }
        return worst;
    }

    /** Checks orthonormal U and Vᵀ, non-increasing values, and the sign convention. */
    private static void assertWellFormed(LowRankSvd r, double orthTol) {
        assertTrue(TestMatrices.orthogonalityError(r.u().toArray()) <= orthTol, "U orthonormal");
        assertTrue(TestMatrices.orthogonalityError(TestMatrices.transpose(r.vt().toArray())) <= orthTol,
                "V orthonormal");
        double[] s = r.singularValues();
        for (int i = 1; i < s.length; i++) {
            assertTrue(s[i] <= s[i - 1], "non-increasing at " + i);
        }
        double[][] vt = r.vt().toArray();
        for (double[] row : vt) {
            double best = -1;
            double sign = 0;
            for (double x : row) {
                if (Math.abs(x) > best) {
                    best = Math.abs(x);
                    sign = x;
                }
            }
            assertTrue(sign > 0, "largest |entry| of each row of Vᵀ positive");
        }
    }

    @Test
    void scaledPermutationGivesItsScalesExactlyTallAndWide() {
        double[] s = new double[120];
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < s.length; i++) {
            s[i] = (rnd.nextBoolean() ? 1 : -1) * (1 + i + rnd.nextDouble() * 0.5); // distinct
        }
        double[] want = sortedAbsDescending(s);
        for (int[] shape : new int[][] {{300, 150}, {150, 300}}) {
            CsrMatrix a = scaledPermutation(shape[0], shape[1], s, 7, DType.F64);
            try (LowRankSvd r = SparseSvd.of(a, 10)) {
                double[] got = r.singularValues();
                for (int i = 0; i < 10; i++) {
                    assertEquals(want[i], got[i], SparseSvdOptions.DEFAULT_TOL_F64 * want[0], "σ" + i);
                }
                assertEquals(shape[0], r.u().rows());
                assertEquals(shape[1], r.vt().cols());
                // full reorthogonalisation keeps the bases orthonormal to rounding, c·max(m,n)·ε
                assertWellFormed(r, Tolerances.rounding(DType.F64, shape[0], shape[1]));
                // each vector is within θ ≤ tolerance·σ₁/gap of ± a unit vector, so its largest entry
                // is 1 to θ²/2 (plus rounding); gap = the smallest distance between distinct values
                double gap = Double.MAX_VALUE;
                for (int i = 0; i < 10; i++) {
                    gap = Math.min(gap, want[i] - want[i + 1]);
                }
                double theta = SparseSvdOptions.DEFAULT_TOL_F64 * want[0] / gap;
                double unitTol = theta * theta / 2 + Tolerances.rounding(DType.F64, shape[0], shape[1]);
                // the vectors are ± unit vectors: each column of U has one entry of magnitude 1
                double[][] u = r.u().toArray();
                for (int i = 0; i < 10; i++) {
                    double best = 0;
                    for (double[] row : u) {
                        best = Math.max(best, Math.abs(row[i]));
                    }
                    assertEquals(1.0, best, unitTol, "u" + i + " is a unit vector");
                }
                assertEquals("lanczos", r.method());
                assertTrue(r.converged());
                // the Ritz estimate of σ₁₁ is a lower bound on it, here exact (Krylov space large)
                assertTrue(r.errorEstimate() <= want[10] + Tolerances.rounding(DType.F64, shape[0], shape[1]) * want[0],
                        "estimate " + r.errorEstimate());
                assertEquals(want[10], r.errorEstimate(), 1e-6 * want[0]);
            }
        }
    }

    @Test
    void blockDiagonalOfRotatedBlocksGivesTheBlockValues() {
        // 2×2 blocks R(θ)·diag(a, b)·R(φ)ᵀ: singular values exactly a and b (to rounding)
        int blocks = 80;
        int n = 2 * blocks;
        List<Double> values = new ArrayList<>();
        int[] r = new int[4 * blocks];
        int[] c = new int[4 * blocks];
        double[] v = new double[4 * blocks];
        SplittableRandom rnd = new SplittableRandom(3);
        for (int bl = 0; bl < blocks; bl++) {
            double a = 1 + 3 * bl + rnd.nextDouble();
            double b = 0.5 + 3 * bl + rnd.nextDouble() * 0.4;
            values.add(a);
            values.add(b);
            double t = rnd.nextDouble() * Math.PI;
            double f = rnd.nextDouble() * Math.PI;
            double[][] rt = {{Math.cos(t), -Math.sin(t)}, {Math.sin(t), Math.cos(t)}};
            double[][] rf = {{Math.cos(f), -Math.sin(f)}, {Math.sin(f), Math.cos(f)}};
            int e = 4 * bl;
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    r[e] = 2 * bl + i;
                    c[e] = 2 * bl + j;
                    v[e++] = rt[i][0] * a * rf[j][0] + rt[i][1] * b * rf[j][1];
                }
            }
        }
        double[] want = sortedAbsDescending(values.stream().mapToDouble(Double::doubleValue).toArray());
        CsrMatrix a = CsrMatrix.fromTriplets(n, n, r, c, v);
        try (LowRankSvd res = SparseSvd.of(a, 12); Matrix dense = a.toDense()) {
            double[] got = res.singularValues();
            for (int i = 0; i < 12; i++) {
                assertEquals(want[i], got[i], SparseSvdOptions.DEFAULT_TOL_F64 * want[0] + 8 * n * DType.F64.eps() * want[0],
                        "σ" + i);
            }
            assertWellFormed(res, Tolerances.rounding(DType.F64, n, n)); // orthonormal to c·max(m,n)·ε
            assertTrue(maxResidual(dense.toArray(), res) <= 10 * SparseSvdOptions.DEFAULT_TOL_F64 * want[0]);
        }
    }

    @Test
    void randomSparseAgreesWithDenseLapackSvdTallWideAndAtKEqualsOneAndMin() {
        int[][] shapes = {{160, 90}, {90, 160}, {40, 25}};
        for (int[] sh : shapes) {
            CsrMatrix a = randomSparse(sh[0], sh[1], 0.06, sh[0] + sh[1], DType.F64);
            try (Matrix dense = a.toDense()) {
                double[] full = Svd.values(dense);
                double[][] ad = dense.toArray();
                int minmn = Math.min(sh[0], sh[1]);
                for (int k : new int[] {1, 6, minmn}) {
                    try (LowRankSvd r = SparseSvd.of(a, k)) {
                        double[] got = r.singularValues();
                        assertEquals(k, got.length);
                        double tol = SparseSvdOptions.DEFAULT_TOL_F64 * full[0]
                                + 8 * Math.max(sh[0], sh[1]) * DType.F64.eps() * full[0];
                        for (int i = 0; i < k; i++) {
                            assertEquals(full[i], got[i], tol, Arrays.toString(sh) + " k=" + k + " σ" + i);
                        }
                        assertWellFormed(r, Tolerances.rounding(DType.F64, sh[0], sh[1])); // c·max(m,n)·ε
                        assertTrue(maxResidual(ad, r) <= 10 * tol, "residual " + maxResidual(ad, r));
                    }
                }
            }
        }
    }

    @Test
    void rankDeficientMatrixGivesZerosAndStillOrthonormalVectors() {
        // 5 non-zeros in a 30×20 matrix: rank 5; ask for 8 values
        double[] s = {3, -2, 5, 1, 4};
        CsrMatrix a = scaledPermutation(30, 20, s, 9, DType.F64);
        try (LowRankSvd r = SparseSvd.of(a, 8); Matrix dense = a.toDense()) {
            // rank 5 < the Krylov dimension: the space is exhausted and the values exact to rounding
            double tol = Tolerances.exact(DType.F64, 30, 20) * 5;
            assertArrayEquals(new double[] {5, 4, 3, 2, 1, 0, 0, 0}, r.singularValues(), tol);
            assertWellFormed(r, Tolerances.rounding(DType.F64, 30, 20));
            assertTrue(maxResidual(dense.toArray(), r) <= tol, "residual " + maxResidual(dense.toArray(), r));
        }
    }

    @Test
    void densePlantedSpectrumThroughTheDenseOperator() {
        double[] s = new double[60];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.pow(0.9, i);
        }
        try (Matrix a = Matrix.of(TestMatrices.withSpectrum(120, 60, s, 5));
             LowRankSvd r = SparseSvd.of(LinearOperator.of(a), SparseSvdOptions.of(5).seed(3))) {
            double[] got = r.singularValues();
            for (int i = 0; i < 5; i++) {
                // the stopping tolerance·σ₁ (σ₁ = 1) plus the rounding of forming A and of the dense reference
                assertEquals(s[i], got[i], Tolerances.krylov(DType.F64, 120, 60), "σ" + i);
            }
        }
    }

    @Test
    void float32OperatorGivesFloat32FactorsWithinTheF32Tolerance() {
        CsrMatrix a64 = randomSparse(200, 120, 0.05, 17, DType.F64);
        CsrMatrix a32 = a64.withDType(DType.F32);
        try (Matrix dense = a64.toDense(); LowRankSvd r = SparseSvd.of(a32, 6)) {
            double[] full = Svd.values(dense);
            assertEquals(DType.F32, r.dtype());
            // the F32 stopping tolerance 1e-5·σ₁, plus F32 rounding of the bases and products
            double tol = (SparseSvdOptions.DEFAULT_TOL_F32 + Tolerances.rounding(DType.F32, 200, 120)) * full[0];
            double[] got = r.singularValues();
            for (int i = 0; i < 6; i++) {
                assertEquals(full[i], got[i], tol, "σ" + i);
            }
            assertWellFormed(r, 200 * DType.F32.eps());
            assertTrue(maxResidual(dense.toArray(), r) <= tol, "residual");
        }
    }

    @Test
    void readsAMatrixMarketFileEndToEnd() throws Exception {
        Path file = Path.of(getClass().getResource("/sparse/permutation.mtx").toURI());
        CsrMatrix a = CsrMatrix.read(file);
        try (LowRankSvd r = SparseSvd.of(a, 3)) {
            // a permutation's Krylov space is exhausted at once: exact to rounding, c·max(m,n)·ε·σ₁
            double tol = Tolerances.rounding(DType.F64, 6, 5) * 9;
            assertArrayEquals(new double[] {9, 7, 4}, r.singularValues(), tol);
            // σ₁ = 9 sits at (0, 2): u₁ = ±e₀, v₁ = ±e₂, sign chosen so v₁ = +e₂, hence u₁ = +e₀
            assertEquals(1.0, r.vt().get(0, 2), tol / 9);
            assertEquals(1.0, r.u().get(0, 0), tol / 9);
            // σ₂ = 7 is −7 at (1, 0): v₂ = +e₀ forces u₂ = −e₁
            assertEquals(1.0, r.vt().get(1, 0), tol / 9);
            assertEquals(-1.0, r.u().get(1, 1), tol / 9);
        }
    }

    @Test
    void kBeyondMinDimensionIsAClearError() {
        CsrMatrix a = randomSparse(10, 7, 0.3, 1, DType.F64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparseSvd.of(a, 8));
        assertTrue(e.getMessage().contains("k = 8 exceeds min(m, n) = 7"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SparseSvdOptions.of(0));
        assertThrows(IllegalArgumentException.class, () -> SparseSvdOptions.of(5).krylovDim(5));
        assertThrows(IllegalArgumentException.class, () -> SparseSvdOptions.of(5).tolerance(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> SparseSvdOptions.of(5).maxRestarts(-1));
    }

    @Test
    void tooFewRestartsThrowNotConvergedWithCountsAndFix() {
        // clustered spectrum 1, 0.999, 0.998, …: a 7-dimensional Krylov space cannot resolve 5
        // values to 1e-12 in two passes
        int n = 400;
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = 1 - 1e-3 * i;
        }
        CsrMatrix a = scaledPermutation(n, n, s, 2, DType.F64);
        SparseSvdOptions opts = SparseSvdOptions.of(5).krylovDim(7).maxRestarts(1).tolerance(1e-12);
        NotConvergedException e = assertThrows(NotConvergedException.class, () -> SparseSvd.of(a, opts));
        assertEquals("lanczos", e.routine());
        assertTrue(e.unconverged() >= 1 && e.unconverged() <= 5, "unconverged " + e.unconverged());
        assertTrue(e.getMessage().contains("after 1 restart"), e.getMessage());
        assertTrue(e.getMessage().contains("Raise maxRestarts or krylovDim"), e.getMessage());
        // the same problem converges when allowed to restart
        try (LowRankSvd r = SparseSvd.of(a, opts.maxRestarts(2000).krylovDim(40))) {
            for (int i = 0; i < 5; i++) {
                // each value within the requested stopping tolerance·σ₁ (σ₁ = 1) of the truth, plus rounding
                assertEquals(s[i], r.singularValues()[i], opts.tolerance() + Tolerances.exact(DType.F64, n, n));
            }
            assertTrue(r.iterations() >= 1, "needed restarts");
        }
    }

    @Test
    void seedMakesRunsReproducibleAndListenerHearsEachPass() {
        CsrMatrix a = randomSparse(120, 80, 0.05, 4, DType.F64);
        AtomicInteger calls = new AtomicInteger();
        SparseSvdOptions opts = SparseSvdOptions.of(4).krylovDim(10).seed(11)
                .listener((done, total, msg) -> calls.incrementAndGet());
        try (LowRankSvd r1 = SparseSvd.of(a, opts); LowRankSvd r2 = SparseSvd.of(a, opts)) {
            assertArrayEquals(r1.singularValues(), r2.singularValues(), 0.0);
            assertEquals(r1.iterations() + 1, calls.get() / 2, "one report per pass");
            assertTrue(r1.reason().contains("Krylov dimension 10"), r1.reason());
        }
    }
}
