package org.decomp4j.sparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.NonFiniteInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sparse products against a dense oracle formed in plain Java from the triplets (duplicates
 * summed by hand), with tolerances from the rounding of a dot product: {@code |fl(a·x) − a·x| ≤
 * γ·(|a|·|x|)}, γ = (row length)·ε in F64; in F32 the inputs are the rounded entries of the F32
 * matrix and the output is rounded once, so γ = 2ε₃₂.
 */
class CsrMatrixTest {

    /** Random triplets with duplicates, empty rows and columns; dense oracle summed by hand. */
    record Sparse(int m, int n, int[] r, int[] c, double[] v, double[][] dense) {
        static Sparse random(int m, int n, int count, long seed) {
            SplittableRandom rnd = new SplittableRandom(seed);
            int[] r = new int[count];
            int[] c = new int[count];
            double[] v = new double[count];
            double[][] d = new double[m][n];
            for (int k = 0; k < count; k++) {
                // keep the last row and column empty; repeat the previous position now and then
                boolean dup = k > 0 && rnd.nextInt(8) == 0;
                r[k] = dup ? r[k - 1] : rnd.nextInt(Math.max(1, m - 1));
                c[k] = dup ? c[k - 1] : rnd.nextInt(Math.max(1, n - 1));
                v[k] = rnd.nextGaussian();
                d[r[k]][c[k]] += v[k];
            }
            return new Sparse(m, n, r, c, v, d);
        }

        CsrMatrix csr(DType dtype) {
            return CsrMatrix.fromTriplets(m, n, r, c, v, dtype);
        }
    }

    private static double[][] random(int rows, int cols, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] x = new double[rows][cols];
        for (double[] row : x) {
            for (int j = 0; j < cols; j++) {
                row[j] = rnd.nextGaussian();
            }
        }
        return x;
    }

    /** Checks {@code got ≈ a·x} entrywise with the dot-product rounding bound. */
    private static void assertProduct(double[][] a, Matrix xm, Matrix got, DType dtype) {
        double[][] x = xm.toArray(); // the rounded entries actually multiplied
        int m = a.length;
        int n = x.length;
        int k = x[0].length;
        for (int i = 0; i < m; i++) {
            int len = 0;
            for (int j = 0; j < n; j++) {
                len += a[i][j] != 0 ? 1 : 0;
            }
            for (int c = 0; c < k; c++) {
                double exact = 0;
                double abs = 0;
                for (int j = 0; j < n; j++) {
                    exact += a[i][j] * x[j][c];
                    abs += Math.abs(a[i][j] * x[j][c]);
                }
                double gamma = dtype == DType.F64 ? (len + 2) * DType.F64.eps() : 2 * DType.F32.eps();
                double tol = gamma * abs + Double.MIN_NORMAL;
                assertEquals(exact, got.get(i, c), tol, "(" + i + ", " + c + ")");
            }
        }
    }

    private static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void productsMatchDenseOracleForEveryThreadCountWidthAndMode(DType dtype) {
        // 300×200 with ~12000 triplets: k = 7 crosses the parallel threshold, k = 1 does not
        Sparse s = Sparse.random(300, 200, 12000, 11);
        double[][] at = transpose(s.dense());
        for (int threads : new int[] {1, 3}) {
            for (CsrMatrix.TransposeMode mode : CsrMatrix.TransposeMode.values()) {
                CsrMatrix a = s.csr(dtype).withThreads(threads).withTransposeMode(mode);
                for (int k : new int[] {1, 7}) {
                    try (Matrix x = Matrix.randomNormal(200, k, 5 + k, dtype);
                         Matrix y = Matrix.randomNormal(300, k, 9 + k, dtype);
                         Matrix ax = a.multiply(x);
                         Matrix aty = Matrix.zeros(200, k, dtype)) {
                        a.multiplyTranspose(y, aty);
                        assertProduct(s.dense(), x, ax, dtype);
                        assertProduct(at, y, aty, dtype);
                        assertEquals(dtype, ax.dtype());
                    }
                }
            }
        }
    }

    @Test
    void toDenseAndGetEqualTheSummedTripletsAndAgreeWithDenseGemm() {
        Sparse s = Sparse.random(40, 30, 300, 3);
        CsrMatrix a = s.csr(DType.F64);
        assertTrue(a.nnz() < 300, "duplicates merged: " + a.nnz());
        try (Matrix d = a.toDense(); Matrix x = Matrix.randomNormal(30, 4, 1, DType.F64);
             Matrix viaGemm = d.multiply(x); Matrix viaSparse = a.multiply(x)) {
            for (int i = 0; i < 40; i++) {
                for (int j = 0; j < 30; j++) {
                    assertEquals(s.dense()[i][j], d.get(i, j), 1e-15 * (1 + Math.abs(s.dense()[i][j])));
                    assertEquals(d.get(i, j), a.get(i, j));
                }
            }
            // the brief's oracle: Matrix.multiply (BLAS gemm) on the densified matrix
            try (Matrix diff = viaGemm.subtract(viaSparse)) {
                assertTrue(diff.normMax() <= 64 * DType.F64.eps() * viaGemm.normMax(), "max diff " + diff.normMax());
            }
        }
    }

    @Test
    void transposeViewSharesStorageAndSwapsProducts() {
        Sparse s = Sparse.random(25, 60, 200, 4);
        CsrMatrix a = s.csr(DType.F64);
        CsrMatrix t = a.transpose();
        assertEquals(60, t.rows());
        assertEquals(25, t.cols());
        assertEquals(a.nnz(), t.nnz());
        try (Matrix y = Matrix.randomNormal(25, 3, 2, DType.F64); Matrix ty = t.multiply(y);
             Matrix aty = Matrix.zeros(60, 3)) {
            a.multiplyTranspose(y, aty);
            assertProduct(transpose(s.dense()), y, ty, DType.F64);
            try (Matrix d = ty.subtract(aty)) {
                assertEquals(0.0, d.normMax(), "same CSC kernel, same order");
            }
        }
        assertEquals(a.get(3, 7), t.get(7, 3));
        assertEquals(25, t.transpose().rows());
    }

    @Test
    void duplicatesAreSummedAndExplicitZerosKept() {
        CsrMatrix a = CsrMatrix.fromTriplets(3, 3, new int[] {0, 0, 2, 0, 1}, new int[] {1, 1, 2, 1, 0},
                new double[] {1.0, 2.5, 4.0, -0.5, 0.0});
        assertEquals(3.0, a.get(0, 1));
        assertEquals(4.0, a.get(2, 2));
        assertEquals(0.0, a.get(1, 0));
        assertEquals(3, a.nnz(), "(0,1) merged; explicit zero at (1,0) kept");
    }

    @Test
    void emptyMatricesAndEmptyRowsAndColumns() {
        CsrMatrix none = CsrMatrix.fromTriplets(4, 3, new int[0], new int[0], new double[0]);
        assertEquals(0, none.nnz());
        try (Matrix x = Matrix.randomNormal(3, 2, 1, DType.F64); Matrix y = none.multiply(x)) {
            assertEquals(0.0, y.normMax());
        }
        try (Matrix x = Matrix.randomNormal(4, 2, 1, DType.F64); Matrix out = Matrix.randomNormal(3, 2, 2, DType.F64)) {
            none.multiplyTranspose(x, out);
            assertEquals(0.0, out.normMax(), "overwritten, not accumulated");
        }
        CsrMatrix zeroRows = CsrMatrix.fromTriplets(0, 5, new int[0], new int[0], new double[0]);
        try (Matrix x = Matrix.randomNormal(5, 2, 1, DType.F64); Matrix y = zeroRows.multiply(x)) {
            assertEquals(0, y.rows());
        }
        try (Matrix x = Matrix.zeros(0, 2); Matrix out = Matrix.randomNormal(5, 2, 3, DType.F64)) {
            zeroRows.multiplyTranspose(x, out);
            assertEquals(0.0, out.normMax(), "Aᵀ·X of a 0-row matrix is zero");
        }
        CsrMatrix zeroCols = CsrMatrix.fromTriplets(3, 0, new int[0], new int[0], new double[0]);
        try (Matrix x = Matrix.zeros(0, 2); Matrix y = zeroCols.multiply(x)) {
            assertEquals(0.0, y.normMax());
            assertEquals(3, y.rows());
        }
    }

    @Test
    void badTripletsNameTheEntry() {
        InvalidEntryException e = assertThrows(InvalidEntryException.class, () -> CsrMatrix.fromTriplets(3, 4,
                new int[] {0, 1, 3}, new int[] {0, 1, 1}, new double[] {1, 2, 3}));
        assertEquals(2, e.entry());
        assertEquals(3, e.row());
        assertTrue(e.getMessage().contains("entry 2 at (3, 1)") && e.getMessage().contains("3×4"), e.getMessage());
        InvalidEntryException neg = assertThrows(InvalidEntryException.class, () -> CsrMatrix.fromTriplets(3, 4,
                new int[] {0, 1}, new int[] {0, -1}, new double[] {1, 2}));
        assertEquals(1, neg.entry());
        assertEquals(-1, neg.column());
        IllegalArgumentException len = assertThrows(IllegalArgumentException.class, () -> CsrMatrix.fromTriplets(3, 4,
                new int[] {0, 1}, new int[] {0}, new double[] {1, 2}));
        assertTrue(len.getMessage().contains("differ in length"), len.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> CsrMatrix.fromTriplets(-1, 4, new int[0], new int[0], new double[0]));
        NonFiniteInputException nan = assertThrows(NonFiniteInputException.class, () -> CsrMatrix.fromTriplets(3, 4,
                new int[] {0, 2}, new int[] {0, 3}, new double[] {1, Double.NaN}));
        assertEquals(2, nan.row());
        assertEquals(3, nan.column());
        assertTrue(nan.getMessage().contains("sparse triplet 1"), nan.getMessage());
    }

    @Test
    void productsRejectBadShapesDtypesAndReadOnlyOutputs() {
        CsrMatrix a = Sparse.random(6, 5, 20, 1).csr(DType.F64);
        try (Matrix x = Matrix.zeros(5, 2); Matrix wrongRows = Matrix.zeros(4, 2); Matrix out = Matrix.zeros(6, 2);
             Matrix outWide = Matrix.zeros(6, 3); Matrix x32 = Matrix.zeros(5, 2, DType.F32)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.multiply(wrongRows, out));
            assertTrue(e.getMessage().contains("X is 4×2"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> a.multiply(x, outWide));
            assertThrows(IllegalArgumentException.class, () -> a.multiplyTranspose(x, out));
            IllegalArgumentException d = assertThrows(IllegalArgumentException.class, () -> a.multiply(x32, out));
            assertTrue(d.getMessage().contains("F32"), d.getMessage());
            assertThrows(IllegalArgumentException.class, () -> a.multiply(x, out.readOnly()));
        }
        assertThrows(IllegalArgumentException.class, () -> a.withThreads(0));
        assertThrows(IndexOutOfBoundsException.class, () -> a.get(6, 0));
    }

    @Test
    void fromDenseDropsZerosAndRoundTrips() {
        double[][] d = {{0, 2, 0}, {0, 0, 0}, {-1, 0, 3.5}};
        try (Matrix m = Matrix.of(d)) {
            CsrMatrix a = CsrMatrix.fromDense(m);
            assertEquals(3, a.nnz());
            try (Matrix back = a.toDense()) {
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        assertEquals(d[i][j], back.get(i, j));
                    }
                }
            }
            m.set(1, 1, Double.POSITIVE_INFINITY);
            assertThrows(NonFiniteInputException.class, () -> CsrMatrix.fromDense(m));
        }
    }

    @Test
    void readsAMatrixMarketCoordinateFileWithoutDensifying() throws Exception {
        Path file = Path.of(getClass().getResource("/sparse/small.mtx").toURI());
        CsrMatrix a = CsrMatrix.read(file);
        assertEquals(4, a.rows());
        assertEquals(5, a.cols());
        assertEquals(5, a.nnz(), "six lines, one duplicate");
        assertEquals(3.5, a.get(0, 1));
        assertEquals(-4.0, a.get(1, 0));
        assertEquals(7.0, a.get(1, 2));
        assertEquals(-1.0, a.get(3, 0));
        assertEquals(0.25, a.get(3, 4));
        CsrMatrix a32 = CsrMatrix.read(file, DType.F32);
        try (Matrix x = Matrix.of(new double[][] {{1}, {2}, {3}, {4}, {5}}, DType.F32); Matrix y = a32.multiply(x)) {
            assertEquals(DType.F32, y.dtype());
            assertEquals(7.0, y.get(0, 0));
            assertEquals(-4.0 + 21.0, y.get(1, 0));
            assertEquals(0.0, y.get(2, 0));
            assertEquals(-1.0 + 1.25, y.get(3, 0));
        }
    }
}
