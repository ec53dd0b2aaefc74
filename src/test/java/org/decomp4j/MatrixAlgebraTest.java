package org.decomp4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The everyday algebra of {@link Matrix} against values computed by hand: element-wise operations,
 * stacking, rows, dot, trace, the four norms and {@code allClose} with NumPy's semantics, in both
 * dtypes and on transposed views and sub-blocks; shape and dtype mismatches name both shapes.
 */
class MatrixAlgebraTest {
    private static final double[][] A = {{1, -2, 3}, {-4, 5, -6}};
    private static final double[][] B = {{2, 4, 8}, {1, -1, 2}};

    @Test
    void elementwiseOperationsInBothDtypes() {
        for (DType t : new DType[] {DType.F64, DType.F32}) {
            try (Matrix a = Matrix.of(A, t); Matrix b = Matrix.of(B, t);
                 Matrix sum = a.add(b); Matrix diff = a.subtract(b); Matrix prod = a.multiplyElements(b);
                 Matrix quot = a.divideElements(b); Matrix scaled = a.scale(-0.5); Matrix sq = a.map(x -> x * x)) {
                assertArrayEquals(new double[][] {{3, 2, 11}, {-3, 4, -4}}, sum.toArray(), t.toString());
                assertArrayEquals(new double[][] {{-1, -6, -5}, {-5, 6, -8}}, diff.toArray());
                assertArrayEquals(new double[][] {{2, -8, 24}, {-4, -5, -12}}, prod.toArray());
                assertArrayEquals(new double[][] {{0.5, -0.5, 0.375}, {-4, -5, -3}}, quot.toArray());
                assertArrayEquals(new double[][] {{-0.5, 1, -1.5}, {2, -2.5, 3}}, scaled.toArray());
                assertArrayEquals(new double[][] {{1, 4, 9}, {16, 25, 36}}, sq.toArray());
                for (Matrix r : new Matrix[] {sum, diff, prod, quot, scaled, sq}) {
                    assertEquals(t, r.dtype());
                    assertEquals(2, r.rows());
                    assertEquals(3, r.cols());
                }
            }
        }
    }

    @Test
    void float32ResultsAreRoundedToFloat() {
        try (Matrix a = Matrix.of(new double[][] {{1}}, DType.F32); Matrix b = Matrix.of(new double[][] {{3}}, DType.F32);
             Matrix q = a.divideElements(b); Matrix e = a.map(Math::exp)) {
            assertEquals((double) (1f / 3f), q.get(0, 0), 0.0);
            assertEquals((double) (float) Math.E, e.get(0, 0), 0.0);
        }
    }

    @Test
    void divisionFollowsIeee() {
        try (Matrix a = Matrix.of(new double[][] {{1, -1, 0}}); Matrix z = Matrix.zeros(1, 3); Matrix q = a.divideElements(z)) {
            assertEquals(Double.POSITIVE_INFINITY, q.get(0, 0));
            assertEquals(Double.NEGATIVE_INFINITY, q.get(0, 1));
            assertTrue(Double.isNaN(q.get(0, 2)));
        }
    }

    @Test
    void viewsAndTransposesAreReadAsTheyAppear() {
        try (Matrix a = Matrix.of(A); Matrix b = Matrix.of(new double[][] {{1, 1}, {2, 2}, {3, 3}});
             Matrix s = a.transpose().add(b); Matrix v = a.view(0, 1, 2, 2).scale(2)) {
            // Aᵀ = [[1,-4],[-2,5],[3,-6]]
            assertArrayEquals(new double[][] {{2, -3}, {0, 7}, {6, -3}}, s.toArray());
            assertArrayEquals(new double[][] {{-4, 6}, {10, -12}}, v.toArray());
            assertFalse(v.isView());
        }
    }

    @Test
    void rowsColumnsAndSlices() {
        try (Matrix a = Matrix.of(A)) {
            assertArrayEquals(new double[] {-4, 5, -6}, a.row(1));
            assertArrayEquals(new double[] {3, -6}, a.column(2));
            assertArrayEquals(new double[] {-2, 5}, a.transpose().row(1));
            assertArrayEquals(new double[][] {{5, -6}}, a.view(1, 1, 1, 2).toArray());
            assertThrows(IndexOutOfBoundsException.class, () -> a.row(2));
            assertThrows(IndexOutOfBoundsException.class, () -> a.row(-1));
        }
    }

    @Test
    void stacking() {
        try (Matrix a = Matrix.of(A); Matrix c = Matrix.of(new double[][] {{7}, {8}}); Matrix r = Matrix.of(new double[][] {{9, 9, 9}});
             Matrix h = Matrix.hstack(a, c, a.view(0, 0, 2, 1)); Matrix v = Matrix.vstack(r, a, a.view(1, 0, 1, 3))) {
            assertArrayEquals(new double[][] {{1, -2, 3, 7, 1}, {-4, 5, -6, 8, -4}}, h.toArray());
            assertArrayEquals(new double[][] {{9, 9, 9}, {1, -2, 3}, {-4, 5, -6}, {-4, 5, -6}}, v.toArray());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Matrix.hstack(a, r));
            assertTrue(e.getMessage().contains("2×3") && e.getMessage().contains("1×3"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Matrix.vstack(a, c));
            assertTrue(e.getMessage().contains("2×3") && e.getMessage().contains("2×1"), e.getMessage());
            assertThrows(IllegalArgumentException.class, Matrix::hstack);
        }
        try (Matrix f = Matrix.of(new double[][] {{1}}, DType.F32); Matrix d = Matrix.of(new double[][] {{1}})) {
            try (Matrix v = Matrix.vstack(f, d)) {
                assertEquals(DType.F64, v.dtype()); // NumPy's promotion
                assertArrayEquals(new double[][] {{1}, {1}}, v.toArray());
            }
            try (Matrix s = Matrix.hstack(f, f)) {
                assertEquals(DType.F32, s.dtype());
                assertArrayEquals(new double[][] {{1, 1}}, s.toArray());
            }
        }
    }

    @Test
    void dotAndTrace() {
        try (Matrix x = Matrix.of(new double[][] {{1, 2, 3}}); Matrix y = Matrix.of(new double[][] {{4}, {-5}, {6}});
             Matrix a = Matrix.of(A); Matrix sq = Matrix.of(new double[][] {{2, 9}, {9, -7}})) {
            assertEquals(1 * 4 - 2 * 5 + 3 * 6, x.dot(y));
            assertEquals(14, x.dot(x));
            assertEquals(-5, sq.trace());
            assertEquals(1 + 5, a.trace()); // rectangular: min(m, n) diagonal entries, as np.trace
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.dot(x));
            assertTrue(e.getMessage().contains("2×3") && e.getMessage().contains("1×3"), e.getMessage());
            try (Matrix z = Matrix.zeros(1, 2)) {
                e = assertThrows(IllegalArgumentException.class, () -> x.dot(z));
                assertTrue(e.getMessage().contains("1×3") && e.getMessage().contains("1×2"), e.getMessage());
            }
        }
    }

    @Test
    void norms() {
        // A = [[1,-2,3],[-4,5,-6]]: column sums 5, 7, 9; row sums 6, 15; Σa² = 91
        try (Matrix a = Matrix.of(A); Matrix d = Matrix.diagonal(3, -4, 1)) {
            assertEquals(9, a.norm1());
            assertEquals(15, a.normInf());
            assertEquals(15, a.transpose().norm1());
            assertEquals(9, a.transpose().normInf());
            assertEquals(Math.sqrt(91), a.normFrobenius(), 1e-15 * Math.sqrt(91));
            assertEquals(6, a.normMax());
            assertEquals(4, d.norm2(), 4 * 3 * DType.F64.eps());
            // A·Aᵀ = [[14,-32],[-32,77]]: λ_max = (91 + √(63² + 4·32²))/2
            double l = (91 + Math.sqrt(63 * 63 + 4 * 32 * 32)) / 2;
            assertEquals(Math.sqrt(l), a.norm2(), 4 * 3 * DType.F64.eps() * Math.sqrt(l));
        }
        try (Matrix e = Matrix.zeros(0, 3)) {
            assertEquals(0, e.norm2());
        }
    }

    @Test
    void allCloseHasNumpysSemantics() {
        try (Matrix a = Matrix.of(new double[][] {{1, 100}}); Matrix b = Matrix.of(new double[][] {{1 + 1e-6, 100.0005}});
             Matrix c = Matrix.of(new double[][] {{1, 100.002}})) {
            assertTrue(a.allClose(b)); // |Δ| = 5e-4 ≤ 1e-8 + 1e-5·100.0005
            assertFalse(a.allClose(c)); // |Δ| = 2e-3 > 1e-3
            assertTrue(a.allClose(c, 0, 0.0021));
            assertFalse(a.allClose(c, 0, 0.0019));
        }
        // asymmetric as NumPy: the tolerance scales with |b|
        try (Matrix x = Matrix.of(new double[][] {{1}}); Matrix y = Matrix.of(new double[][] {{2}})) {
            assertTrue(x.allClose(y, 0.5, 0)); // |1−2| ≤ 0.5·2
            assertFalse(y.allClose(x, 0.5, 0)); // |2−1| > 0.5·1
        }
        double inf = Double.POSITIVE_INFINITY;
        try (Matrix p = Matrix.of(new double[][] {{inf, 1}}); Matrix q = Matrix.of(new double[][] {{inf, 1}});
             Matrix r = Matrix.of(new double[][] {{-inf, 1}}); Matrix n = Matrix.of(new double[][] {{Double.NaN, 1}})) {
            assertTrue(p.allClose(q));
            assertFalse(p.allClose(r));
            assertFalse(n.allClose(n)); // equal_nan=False
        }
        try (Matrix a = Matrix.of(A); Matrix f = Matrix.of(A, DType.F32); Matrix t = a.transpose()) {
            assertTrue(a.allClose(f, 0, 0)); // integers are exact in float32
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.allClose(t));
            assertTrue(e.getMessage().contains("2×3") && e.getMessage().contains("3×2"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> a.allClose(a, -1, 0));
            assertThrows(IllegalArgumentException.class, () -> a.allClose(a, 0, Double.NaN));
        }
    }

    @Test
    void mismatchesNameBothShapesAndDtypesPromote() {
        try (Matrix a = Matrix.of(A); Matrix b = Matrix.zeros(3, 2); Matrix f = Matrix.of(A, DType.F32)) {
            for (Runnable r : new Runnable[] {() -> a.add(b), () -> a.subtract(b), () -> a.multiplyElements(b),
                () -> a.divideElements(b)}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
                assertTrue(e.getMessage().contains("2×3") && e.getMessage().contains("3×2"), e.getMessage());
            }
            try (Matrix s = f.add(a); Matrix ff = f.add(f)) {
                assertEquals(DType.F64, s.dtype()); // float32 with float64 is float64, as NumPy
                assertArrayEquals(new double[][] {{2, -4, 6}, {-8, 10, -12}}, s.toArray());
                assertEquals(DType.F32, ff.dtype());
            }
        }
    }

    @Test
    void closedOperandsAreRefused() {
        Matrix a = Matrix.of(A);
        a.close();
        try (Matrix b = Matrix.of(A)) {
            assertThrows(IllegalStateException.class, () -> b.add(a));
            assertThrows(IllegalStateException.class, () -> a.scale(2));
            assertThrows(IllegalStateException.class, () -> Matrix.hstack(b, a));
        }
    }
}
