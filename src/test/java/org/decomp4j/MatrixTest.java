package org.decomp4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The off-heap matrix: construction, copies out, views, products, lifetime, long indexing. */
class MatrixTest {
    private static final double[][] A = {{1, 2, 3}, {4, 5, 6}};

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void buildsFromEveryLayoutAndCopiesBackOut(DType t) {
        try (Matrix m = Matrix.of(A, t)) {
            assertEquals(2, m.rows());
            assertEquals(3, m.cols());
            assertEquals(6L, m.size());
            assertEquals(t, m.dtype());
            assertArrayEquals(A, m.toArray());
            assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, m.toColumnMajorArray());
            assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, m.toRowMajorArray());
            assertArrayEquals(new double[] {3, 6}, m.column(2));
        }
        try (Matrix r = Matrix.fromRowMajor(2, 3, new double[] {1, 2, 3, 4, 5, 6});
             Matrix c = Matrix.fromColumnMajor(2, 3, new double[] {1, 4, 2, 5, 3, 6});
             Matrix rf = Matrix.fromRowMajor(2, 3, new float[] {1, 2, 3, 4, 5, 6});
             Matrix cf = Matrix.fromColumnMajor(2, 3, new float[] {1, 4, 2, 5, 3, 6})) {
            assertArrayEquals(A, r.toArray());
            assertArrayEquals(A, c.toArray());
            assertArrayEquals(A, rf.toArray());
            assertArrayEquals(A, cf.toArray());
            assertEquals(DType.F32, rf.dtype());
        }
    }

    @Test
    void float32StorageRoundsToNearest() {
        try (Matrix m = Matrix.of(new double[][] {{0.1}}, DType.F32)) {
            assertEquals((double) 0.1f, m.get(0, 0));
            m.set(0, 0, 1.0 / 3);
            assertEquals((double) (float) (1.0 / 3), m.get(0, 0));
        }
    }

    @Test
    void badShapesAndDataAreRejectedWithTheirPlace() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Matrix.of(new double[][] {{1, 2}, {3}}));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Matrix.fromRowMajor(2, 3, new double[5]));
        assertTrue(e.getMessage().contains("6 elements") && e.getMessage().contains("5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Matrix.zeros(-1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> {
            try (Matrix m = Matrix.zeros(2, 2)) {
                m.get(2, 0);
            }
        });
    }

    @Test
    void factoriesMakeWhatTheySay() {
        try (Matrix i = Matrix.identity(3); Matrix z = Matrix.zeros(2, 4, DType.F32); Matrix d = Matrix.diagonal(2, -1)) {
            assertArrayEquals(TestMatrices.identity(3), i.toArray());
            assertArrayEquals(new double[2][4], z.toArray());
            assertArrayEquals(new double[][] {{2, 0}, {0, -1}}, d.toArray());
        }
        try (Matrix r1 = Matrix.random(5, 4, 42); Matrix r2 = Matrix.random(5, 4, 42); Matrix r3 = Matrix.random(5, 4, 43);
             Matrix g = Matrix.randomNormal(200, 50, 1, DType.F64)) {
            assertArrayEquals(r1.toArray(), r2.toArray(), "same seed, same matrix");
            assertFalse(java.util.Arrays.deepEquals(r1.toArray(), r3.toArray()));
            for (double v : r1.toColumnMajorArray()) {
                assertTrue(v >= 0 && v < 1);
            }
            double[] x = g.toColumnMajorArray();
            double mean = java.util.Arrays.stream(x).average().orElseThrow();
            double var = java.util.Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / x.length;
            assertEquals(0, mean, 0.05); // 10,000 draws: standard error 0.01
            assertEquals(1, var, 0.1);
        }
    }

    @Test
    void viewsShareStorage() {
        try (Matrix m = Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}})) {
            Matrix sub = m.view(1, 1, 2, 2);
            assertArrayEquals(new double[][] {{5, 6}, {8, 9}}, sub.toArray());
            sub.set(0, 1, 60);
            assertEquals(60, m.get(1, 2));
            Matrix t = m.transpose();
            assertEquals(60, t.get(2, 1));
            assertArrayEquals(TestMatrices.transpose(m.toArray()), t.toArray());
            Matrix tsub = t.view(0, 1, 2, 2); // rows 0-1, cols 1-2 of mᵀ
            assertArrayEquals(new double[][] {{4, 7}, {5, 8}}, tsub.toArray());
            Matrix ro = m.readOnly();
            assertThrows(UnsupportedOperationException.class, () -> ro.set(0, 0, 1));
            assertTrue(ro.transpose().isReadOnly());
            assertTrue(sub.isView());
            sub.close(); // closing a view frees nothing
            assertEquals(5, m.get(1, 1));
            try (Matrix c = t.copy()) {
                c.set(0, 0, -1);
                assertEquals(1, m.get(0, 0), "copies are independent");
                assertFalse(c.isView());
            }
        }
    }

    @Test
    void closingTheOwnerInvalidatesEverything() {
        Matrix m = Matrix.random(3, 3, 1);
        Matrix v = m.view(0, 0, 2, 2);
        m.close();
        m.close(); // idempotent
        assertTrue(m.isClosed());
        assertTrue(v.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.get(0, 0));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> v.get(0, 0));
        assertThrows(IllegalStateException.class, () -> Svd.of(m));
        assertThrows(IllegalStateException.class, m::toArray);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void productsAndNormsAgreeWithPlainJava(DType t) {
        double[][] a = TestMatrices.gaussian(7, 5, 1);
        double[][] b = TestMatrices.gaussian(5, 4, 2);
        try (Matrix am = Matrix.of(a, t); Matrix bm = Matrix.of(b, t); Matrix c = am.multiply(bm);
             Matrix atb = am.transpose().multiply(am); Matrix d = am.subtract(am)) {
            double[][] ar = t == DType.F32 ? TestMatrices.roundToFloat(a) : a;
            double[][] br = t == DType.F32 ? TestMatrices.roundToFloat(b) : b;
            double tol = 50 * t.eps();
            assertTrue(TestMatrices.frobeniusDiff(TestMatrices.multiply(ar, br), c.toArray()) <= tol * 20);
            assertTrue(TestMatrices.frobeniusDiff(TestMatrices.multiply(TestMatrices.transpose(ar), ar), atb.toArray())
                    <= tol * 50);
            assertEquals(0, d.normFrobenius());
            assertEquals(TestMatrices.frobenius(ar), am.normFrobenius(), tol * 10);
            double max = 0;
            double col1 = 0;
            for (int j = 0; j < 5; j++) {
                double s = 0;
                for (int i = 0; i < 7; i++) {
                    max = Math.max(max, Math.abs(ar[i][j]));
                    s += Math.abs(ar[i][j]);
                }
                col1 = Math.max(col1, s);
            }
            assertEquals(max, am.normMax(), 0.0);
            assertEquals(col1, am.norm1(), tol * 10);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> am.multiply(am));
            assertTrue(e.getMessage().contains("7×5 by 7×5"), e.getMessage());
        }
        try (Matrix x = Matrix.zeros(2, 2, DType.F64); Matrix y = Matrix.zeros(2, 2, DType.F32)) {
            assertThrows(IllegalArgumentException.class, () -> x.multiply(y));
        }
    }

    @Test
    void dtypeConversionRoundTrips() {
        try (Matrix d = Matrix.random(4, 3, 9); Matrix f = d.copy(DType.F32); Matrix back = f.copy(DType.F64)) {
            assertEquals(DType.F32, f.dtype());
            double[][] x = d.toArray();
            double[][] y = back.toArray();
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals((float) x[i][j], y[i][j], 0.0);
                }
            }
        }
    }

    @Test
    void bulkColumnAccess() {
        try (Matrix m = Matrix.zeros(5, 2)) {
            m.setColumn(1, 2, new double[] {9, 8, 7}, 0, 3);
            double[] out = new double[4];
            m.getColumn(1, 1, out, 1, 3);
            assertArrayEquals(new double[] {0, 0, 9, 8}, out);
            assertThrows(IndexOutOfBoundsException.class, () -> m.setColumn(1, 4, new double[] {1, 2}, 0, 2));
            Matrix t = m.transpose();
            t.setColumn(0, 0, new float[] {1, 2}, 0, 2); // writes row 0 of m
            assertEquals(2, m.get(0, 1));
        }
    }

    @Test
    void indicesAreLongBeyondTwoToThe31() {
        // 46341² = 2,147,488,281 > 2³¹ − 1 float32 elements (8.6 GB of address space). calloc maps
        // zero pages lazily, so only the touched pages become resident.
        int n = 46341;
        Matrix m;
        try {
            m = Matrix.zeros(n, n, DType.F32);
        } catch (OutOfMemoryError e) {
            Assumptions.abort("this machine refuses an 8.6 GB lazy allocation (no overcommit): " + e.getMessage());
            return;
        }
        try (m) {
            assertEquals(2_147_488_281L, m.size());
            m.set(n - 1, n - 1, 7);
            m.set(n - 1, n - 2, 3);
            m.set(0, n - 1, 1);
            assertEquals(7, m.get(n - 1, n - 1));
            assertEquals(3, m.get(n - 1, n - 2));
            assertEquals(1, m.get(0, n - 1));
            assertEquals(0, m.get(n - 2, n - 1));
            float[] col = new float[3];
            m.getColumn(n - 1, n - 3, col, 0, 3);
            assertArrayEquals(new float[] {0, 0, 7}, col);
            try (Matrix corner = m.view(n - 2, n - 2, 2, 2).copy()) {
                assertArrayEquals(new double[][] {{0, 0}, {3, 7}}, corner.toArray());
            }
        }
    }

    @Test
    void toStringShowsShapeAndEntries() {
        try (Matrix m = Matrix.of(A)) {
            String s = m.toString();
            assertTrue(s.startsWith("Matrix 2×3 F64"), s);
            assertTrue(s.contains("6.0000"), s);
        }
    }
}
