package org.decomp4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Complex storage: construction, accessors, conversions, views, norms, products and the finiteness scan. */
class ComplexMatrixTest {
    // [[1+2i, 3-1i, 0.5i], [-2, 4+4i, 1e-3-7i]]
    private static final double[][] PAIRS = {{1, 2, 3, -1, 0, 0.5}, {-2, 0, 4, 4, 1e-3, -7}};

    @Test
    void dtypesDescribeThemselves() {
        assertEquals("complex128", DType.C128.numpyName());
        assertEquals("complex64", DType.C64.numpyName());
        assertEquals('z', DType.C128.prefix());
        assertEquals('c', DType.C64.prefix());
        assertEquals(2, DType.C128.components());
        assertEquals(DType.F64, DType.C128.real());
        assertEquals(DType.F32, DType.C64.real());
        assertEquals(DType.C128, DType.F64.complex());
        assertEquals(DType.F64.eps(), DType.C128.eps());
        assertEquals(DType.F32.eps(), DType.C64.eps());
        assertEquals(16, DType.C128.bytes());
        assertEquals(8, DType.C64.bytes());
        assertTrue(DType.C64.isComplex() && !DType.F64.isComplex());
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void pairsReAndImArraysAndColumnMajorDataAgree(DType t) {
        double[][] re = {{1, 3, 0}, {-2, 4, 1e-3}};
        double[][] im = {{2, -1, 0.5}, {0, 4, -7}};
        double[] colMajor = {1, 2, -2, 0, 3, -1, 4, 4, 0, 0.5, 1e-3, -7};
        try (Matrix a = Matrix.ofComplex(PAIRS, t); Matrix b = Matrix.ofComplex(re, im, t);
             Matrix c = Matrix.fromColumnMajorComplex(2, 3, colMajor, t)) {
            assertEquals(t, a.dtype());
            assertEquals(2, a.rows());
            assertEquals(3, a.cols());
            for (Matrix m : new Matrix[] {a, b, c}) {
                for (int i = 0; i < 2; i++) {
                    for (int j = 0; j < 3; j++) {
                        assertEquals(round(t, re[i][j]), m.getRe(i, j), 0.0);
                        assertEquals(round(t, im[i][j]), m.getIm(i, j), 0.0);
                    }
                }
            }
            assertArrayEquals(round(t, colMajor), a.toColumnMajorComplexArray(), 0.0);
            assertArrayEquals(round(t, PAIRS[1]), b.toComplexArray()[1], 0.0);
            try (Matrix r = a.realPart(); Matrix i = a.imagPart()) {
                assertEquals(t.real(), r.dtype());
                assertEquals(round(t, 4.0), r.get(1, 1), 0.0);
                assertEquals(round(t, -7.0), i.get(1, 2), 0.0);
            }
        }
    }

    private static double round(DType t, double v) {
        return t.real() == DType.F32 ? (float) v : v;
    }

    private static double[] round(DType t, double[] v) {
        double[] r = v.clone();
        for (int k = 0; k < r.length; k++) {
            r[k] = round(t, r[k]);
        }
        return r;
    }

    @Test
    void badShapesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Matrix.ofComplex(new double[][] {{1, 2, 3}}, DType.C128),
                "odd row of pairs");
        assertThrows(IllegalArgumentException.class, () -> Matrix.ofComplex(new double[][] {{1, 2}, {1}}, DType.C128));
        assertThrows(IllegalArgumentException.class, () -> Matrix.ofComplex(new double[][] {{1, 2}}, DType.F64),
                "real dtype");
        assertThrows(IllegalArgumentException.class,
                () -> Matrix.ofComplex(new double[][] {{1}}, new double[][] {{1}, {2}}, DType.C64));
        assertThrows(IllegalArgumentException.class, () -> Matrix.fromColumnMajorComplex(2, 2, new double[6], DType.C128));
    }

    @Test
    void realAccessorsRefuseAComplexMatrixInsteadOfDroppingTheImaginaryParts() {
        try (Matrix a = Matrix.ofComplex(PAIRS, DType.C128)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.get(0, 0));
            assertTrue(e.getMessage().contains("Matrix.get") && e.getMessage().contains("complex128"), e.getMessage());
            assertThrows(IllegalStateException.class, a::toArray);
            assertThrows(IllegalStateException.class, a::toColumnMajorArray);
            assertThrows(IllegalStateException.class, a::toRowMajorArray);
            assertThrows(IllegalStateException.class, () -> a.column(0));
            assertThrows(IllegalStateException.class, () -> a.getColumn(0, 0, new double[2], 0, 2));
            IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> a.copy(DType.F64));
            assertTrue(c.getMessage().contains("discard the imaginary parts") && c.getMessage().contains("realPart"),
                    c.getMessage());
        }
    }

    @Test
    void realToComplexCopiesHaveZeroImaginaryPartsAndPrecisionsConvert() {
        try (Matrix r = Matrix.of(new double[][] {{1, 2}, {3, 4}}); Matrix z = r.copy(DType.C128);
             Matrix c = z.copy(DType.C64); Matrix back = c.copy(DType.C128); Matrix zs = r.copy(DType.C64)) {
            assertArrayEquals(new double[] {1, 0, 2, 0}, z.toComplexArray()[0], 0.0);
            assertArrayEquals(new double[] {3, 0, 4, 0}, back.toComplexArray()[1], 0.0);
            assertArrayEquals(new double[] {3, 0, 4, 0}, zs.toComplexArray()[1], 0.0);
            assertEquals(DType.C64, c.dtype());
        }
        try (Matrix z = Matrix.ofComplex(new double[][] {{0.1, 1.0 / 3}}, DType.C128); Matrix c = z.copy(DType.C64)) {
            assertEquals((float) 0.1, c.getRe(0, 0), 0.0);
            assertEquals((float) (1.0 / 3), c.getIm(0, 0), 0.0);
        }
    }

    @Test
    void setAndIdentityAndRealMatrixComplexSetter() {
        try (Matrix z = Matrix.identity(2, DType.C128); Matrix r = Matrix.zeros(1, 1)) {
            assertArrayEquals(new double[] {1, 0, 0, 0}, z.toComplexArray()[0], 0.0);
            z.setComplex(0, 1, -1.5, 2.5);
            z.set(1, 0, 7);
            assertEquals(2.5, z.getIm(0, 1), 0.0);
            assertEquals(7, z.getRe(1, 0), 0.0);
            assertEquals(0, z.getIm(1, 0), 0.0);
            r.setComplex(0, 0, 3, 0);
            assertEquals(3, r.get(0, 0), 0.0);
            assertThrows(IllegalArgumentException.class, () -> r.setComplex(0, 0, 1, 1));
        }
    }

    @Test
    void transposeIsPlainAndConjugateTransposeIsNamed() {
        try (Matrix a = Matrix.ofComplex(PAIRS, DType.C128); Matrix t = a.transpose(); Matrix h = a.conjugateTranspose();
             Matrix tc = t.copy(); Matrix hh = h.conjugateTranspose(); Matrix th = t.conjugateTranspose()) {
            assertEquals(3, t.rows());
            assertEquals(-1, t.getIm(1, 0), 0.0);  // (Aᵀ)[1][0] = A[0][1] = 3 − i
            assertEquals(1, h.getIm(1, 0), 0.0);   // (Aᴴ)[1][0] = conj(3 − i)
            assertEquals(3, h.getRe(1, 0), 0.0);
            assertArrayEquals(tc.toColumnMajorComplexArray(), t.toColumnMajorComplexArray(), 0.0);
            assertArrayEquals(a.toColumnMajorComplexArray(), hh.toColumnMajorComplexArray(), 0.0);
            // (Aᵀ)ᴴ = conj(A)
            assertEquals(-2, th.getIm(0, 0), 0.0);
            assertEquals(1, th.getRe(0, 0), 0.0);
            try (Matrix v = a.view(1, 1, 1, 2)) {
                assertArrayEquals(new double[] {4, 4, 1e-3, -7}, v.toComplexArray()[0], 0.0);
            }
        }
    }

    @Test
    void normsCountBothParts() {
        // |1+2i|² + |3−i|² + |0.5i|² + |−2|² + |4+4i|² + |1e−3−7i|²
        double fro2 = 5 + 10 + 0.25 + 4 + 32 + (1e-6 + 49);
        try (Matrix a = Matrix.ofComplex(PAIRS, DType.C128)) {
            assertEquals(Math.sqrt(fro2), a.normFrobenius(), 1e-15 * Math.sqrt(fro2));
            assertEquals(Math.hypot(1e-3, 7), a.normMax(), 1e-15);
            // column sums of moduli: √5 + 2, √10 + √32, 0.5 + hypot(1e−3, 7)
            double c3 = 0.5 + Math.hypot(1e-3, 7);
            assertEquals(Math.max(Math.sqrt(5) + 2, Math.max(Math.sqrt(10) + Math.sqrt(32), c3)), a.norm1(), 1e-14);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void productsFollowComplexArithmetic(DType t) {
        // (1+2i)(3−i) = 5 + 5i; a 1×1 · 1×1 and a transposed-view product
        try (Matrix x = Matrix.ofComplex(new double[][] {{1, 2}}, t); Matrix y = Matrix.ofComplex(new double[][] {{3, -1}}, t);
             Matrix p = x.multiply(y); Matrix a = Matrix.ofComplex(PAIRS, t); Matrix at = a.transpose();
             Matrix g = at.multiply(a); Matrix d = a.subtract(a)) {
            assertEquals(5, p.getRe(0, 0), 0.0);
            assertEquals(5, p.getIm(0, 0), 0.0);
            // (AᵀA)[0][0] = (1+2i)² + (−2)² = (−3 + 4i) + 4 = 1 + 4i
            assertEquals(1, g.getRe(0, 0), 1e-6);
            assertEquals(4, g.getIm(0, 0), 1e-6);
            assertEquals(0, d.normFrobenius(), 0.0);
            try (Matrix v = a.view(0, 1, 2, 2); Matrix i2 = Matrix.identity(2, t); Matrix vi = v.multiply(i2);
                 Matrix iv = i2.multiply(v)) { // offsets into the buffer reach BLAS as addresses
                assertArrayEquals(v.toColumnMajorComplexArray(), vi.toColumnMajorComplexArray(), 0.0);
                assertArrayEquals(v.toColumnMajorComplexArray(), iv.toColumnMajorComplexArray(), 0.0);
            }
        }
        try (Matrix x = Matrix.ofComplex(new double[][] {{1, 2}}, t); Matrix r = Matrix.of(new double[][] {{1}})) {
            assertThrows(IllegalArgumentException.class, () -> x.multiply(r));
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"C128", "C64"})
    void finitenessScanNamesThePartAndThePlace(DType t) {
        for (int n : new int[] {3, 40}) { // Java scan, and past JAVA_SCAN_MAX the asum shortcut
            try (Matrix a = Matrix.zeros(n, n, t)) {
                a.requireFinite("A");
                a.setComplex(2, 1, 1, Double.NaN);
                NonFiniteInputException e = assertThrows(NonFiniteInputException.class, () -> a.requireFinite("A"));
                assertEquals(2, e.row());
                assertEquals(1, e.column());
                assertTrue(e.getMessage().contains("NaN in the imaginary part at row 2, column 1"), e.getMessage());
                a.setComplex(2, 1, 0, 0);
                a.setComplex(0, 2, Double.NEGATIVE_INFINITY, 0);
                e = assertThrows(NonFiniteInputException.class, () -> a.requireFinite("A"));
                assertTrue(e.getMessage().contains("-Inf in the real part at row 0, column 2"), e.getMessage());
                try (Matrix v = a.transpose()) {
                    e = assertThrows(NonFiniteInputException.class, () -> v.requireFinite("A"));
                    assertEquals(2, e.row());
                    assertEquals(0, e.column());
                }
            }
        }
    }

    @Test
    void randomComplexFillsBothParts() {
        try (Matrix a = Matrix.random(3, 2, 7, DType.C128); Matrix b = Matrix.random(3, 2, 7, DType.C128)) {
            assertArrayEquals(a.toColumnMajorComplexArray(), b.toColumnMajorComplexArray(), 0.0);
            assertTrue(a.getIm(0, 0) != 0 && a.getIm(2, 1) != 0);
            assertTrue(a.toString().contains("complex") || a.toString().contains("C128"), a.toString());
        }
    }
}
