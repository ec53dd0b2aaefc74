package org.decomp4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * {@link Lu#overwriting}: the factors land in the caller's matrix (no m×n copy), they are the
 * factors of the original matrix, and the shared storage cannot be used after either side closes
 * it in a way that reads freed memory.
 */
class LuOverwritingTest {
    private static final double C = 10;

    private static double residual(Lu lu, Matrix original) {
        try (Matrix pl = lu.p().multiply(lu.l()); Matrix plu = pl.multiply(lu.u()); Matrix d = plu.subtract(original)) {
            return d.normFrobenius() / original.normFrobenius();
        }
    }

    private static double tolerance(Matrix a) {
        return C * Math.max(a.rows(), a.cols()) * a.dtype().eps();
    }

    @ParameterizedTest
    @CsvSource({"F64,64,64", "F64,70,40", "F64,40,70", "F32,50,50", "C128,30,30", "C64,24,31", "F64,600,600"})
    void factorsLandInTheCallersMatrixAndReconstructIt(DType t, int m, int n) {
        try (Matrix a = Matrix.random(m, n, 7, t); Matrix original = a.copy(); Lu lu = Lu.overwriting(a, FiniteCheck.ON)) {
            assertTrue(residual(lu, original) <= tolerance(a), () -> "‖PLU − A‖/‖A‖ = " + residual(lu, original));
            try (Matrix packed = lu.packed(); Matrix d = packed.subtract(a)) {
                assertEquals(0.0, d.normFrobenius(), "packed() is a's own storage");
            }
            try (Matrix d = a.subtract(original)) {
                assertTrue(d.normFrobenius() > 0, "a was overwritten");
            }
            try (Lu copied = Lu.of(original)) {
                assertEquals(copied.isSingular(), lu.isSingular());
                assertEquals(java.util.Arrays.toString(copied.pivots()), java.util.Arrays.toString(lu.pivots()),
                        "the same pivots as the factorization of a copy");
            }
        }
    }

    @Test
    void aViewIsFactoredInPlaceWithinItsParent() {
        try (Matrix parent = Matrix.random(40, 40, 3); Matrix before = parent.copy()) {
            Matrix v = parent.view(5, 7, 20, 20);
            Matrix original = v.copy();
            try (Lu lu = Lu.overwriting(v, FiniteCheck.ON)) {
                assertTrue(residual(lu, original) <= tolerance(v));
                for (int i = 0; i < 40; i++) {
                    for (int j = 0; j < 40; j++) {
                        boolean inside = i >= 5 && i < 25 && j >= 7 && j < 27;
                        if (!inside) {
                            assertEquals(before.get(i, j), parent.get(i, j), "outside the view at " + i + "," + j);
                        }
                    }
                }
            } finally {
                original.close();
            }
        }
    }

    @Test
    void readOnlyAndTransposedViewsAreCopiedAndLeftUntouched() {
        try (Matrix a = Matrix.random(30, 30, 5); Matrix original = a.copy()) {
            for (Matrix v : new Matrix[] {a.readOnly(), a.transpose()}) {
                try (Lu lu = Lu.overwriting(v, FiniteCheck.ON); Matrix expected = v.copy()) {
                    assertTrue(residual(lu, expected) <= tolerance(a));
                }
                try (Matrix d = a.subtract(original)) {
                    assertEquals(0.0, d.normFrobenius(), "a untouched");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "C128"})
    void nonFiniteInputIsRefusedBeforeAnythingIsWritten(DType t) {
        try (Matrix a = Matrix.random(8, 8, 1, t); Matrix original = a.copy()) {
            boolean complex = t.isComplex();
            if (complex) {
                a.setComplex(3, 4, 1.0, Double.NaN);
            } else {
                a.set(3, 4, Double.NaN);
            }
            assertThrows(NonFiniteInputException.class, () -> Lu.overwriting(a, FiniteCheck.ON));
            for (int i = 0; i < 8; i++) {
                for (int j = 0; j < 8; j++) {
                    if (i != 3 || j != 4) {
                        assertEquals(complex ? original.getRe(i, j) : original.get(i, j), complex ? a.getRe(i, j) : a.get(i, j));
                        assertEquals(complex ? original.getIm(i, j) : 0.0, complex ? a.getIm(i, j) : 0.0);
                    }
                }
            }
        }
    }

    @Test
    void closingTheMatrixFirstClosesTheResultInsteadOfReadingFreedMemory() {
        Matrix a = Matrix.random(50, 50, 9);
        Lu lu = Lu.overwriting(a, FiniteCheck.ON);
        a.close();
        assertThrows(IllegalStateException.class, lu::pivots);
        assertThrows(IllegalStateException.class, lu::l);
        assertThrows(IllegalStateException.class, lu::packed);
        lu.close(); // still idempotent and quiet
    }

    @Test
    void closingTheResultLeavesTheMatrixOpenWithTheFactors() {
        try (Matrix a = Matrix.random(20, 20, 11)) {
            double u00;
            try (Lu lu = Lu.overwriting(a, FiniteCheck.ON)) {
                u00 = lu.u().get(0, 0);
            }
            assertFalse(a.isClosed());
            assertEquals(u00, a.get(0, 0), "U's first pivot stays in a");
        }
    }
}
