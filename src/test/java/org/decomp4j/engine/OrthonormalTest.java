package org.decomp4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.engine.Orthonormal;
import org.junit.jupiter.api.Test;

/** The three orthonormalisers: orthonormal output, same span, the documented special cases. */
class OrthonormalTest {
    private static final double EPS = DType.F64.eps();

    /** max |QᵀQ − I| of a row-major rows×cols block. */
    private static double orthogonality(double[] q, int rows, int cols) {
        double worst = 0;
        for (int a = 0; a < cols; a++) {
            for (int c = 0; c < cols; c++) {
                double s = 0;
                for (int r = 0; r < rows; r++) {
                    s += q[r * cols + a] * q[r * cols + c];
                }
                worst = Math.max(worst, Math.abs(s - (a == c ? 1 : 0)));
            }
        }
        return worst;
    }

    /** max over columns of ‖y_j − Q·Qᵀ·y_j‖ / ‖y_j‖: how far y's columns lie outside span(Q). */
    private static double outsideSpan(double[] y, double[] q, int rows, int cols) {
        double worst = 0;
        for (int j = 0; j < cols; j++) {
            double[] res = new double[rows];
            double norm = 0;
            for (int r = 0; r < rows; r++) {
                res[r] = y[r * cols + j];
                norm += res[r] * res[r];
            }
            for (int l = 0; l < cols; l++) {
                double dot = 0;
                for (int r = 0; r < rows; r++) {
                    dot += q[r * cols + l] * y[r * cols + j];
                }
                for (int r = 0; r < rows; r++) {
                    res[r] -= dot * q[r * cols + l];
                }
            }
            double s = 0;
            for (double x : res) {
                s += x * x;
            }
            worst = Math.max(worst, Math.sqrt(s / norm));
        }
        return worst;
    }

    @Test
    void modifiedGramSchmidtGivesAnOrthonormalBasisOfTheSameSpan() {
        int rows = 150;
        int cols = 20;
        Random rnd = new Random(1);
        double[] y = new double[rows * cols];
        for (int i = 0; i < y.length; i++) {
            y[i] = rnd.nextGaussian();
        }
        double[] q = Orthonormal.modifiedGramSchmidtTwice(y.clone(), rows, cols, new Random(2));
        double tol = 8 * rows * EPS;
        assertTrue(orthogonality(q, rows, cols) <= tol, "‖QᵀQ − I‖ = " + orthogonality(q, rows, cols));
        assertTrue(outsideSpan(y, q, rows, cols) <= tol, "span changed: " + outsideSpan(y, q, rows, cols));
    }

    @Test
    void modifiedGramSchmidtReplacesADependentColumn() {
        int rows = 30;
        int cols = 3;
        double[] y = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            y[r * cols] = r + 1;
            y[r * cols + 1] = 2 * (r + 1);          // a multiple of column 0
            y[r * cols + 2] = (r % 3) - 1;
        }
        double[] q = Orthonormal.modifiedGramSchmidtTwice(y, rows, cols, new Random(3));
        assertTrue(orthogonality(q, rows, cols) <= 8 * rows * EPS);
    }

    @Test
    void projectOutTwiceLeavesOnlyTheOrthogonalPart() {
        int rows = 150;
        int cols = 20;
        try (Matrix basis = Matrix.randomNormal(rows, cols, 4, DType.F64);
             Orthonormal.Householder qr = new Orthonormal.Householder(DType.F64, cols, rows);
             Matrix v = Matrix.randomNormal(rows, 1, 5, DType.F64);
             Matrix h = Matrix.zeros(cols, 1, DType.F64)) {
            qr.orthonormalize(basis);
            Orthonormal.projectOutTwice(basis, cols, v, h);
            try (Matrix c = basis.transpose().multiply(v)) {
                double tol = 8 * rows * EPS * v.normFrobenius();
                for (double x : c.toRowMajorArray()) {
                    assertTrue(Math.abs(x) <= tol, "Bᵀv = " + x);
                }
            }
        }
    }

    @Test
    void projectOutTwiceAgainstNoColumnsChangesNothing() {
        try (Matrix basis = Matrix.randomNormal(10, 2, 6, DType.F64);
             Matrix v = Matrix.randomNormal(10, 1, 7, DType.F64);
             Matrix h = Matrix.zeros(2, 1, DType.F64)) {
            double[] before = v.toRowMajorArray();
            Orthonormal.projectOutTwice(basis, 0, v, h);
            assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(v.toRowMajorArray()));
        }
    }

    @Test
    void householderOrthonormalizesBlocksOfEveryShapeItWasSizedFor() {
        for (DType t : new DType[] {DType.F64, DType.F32}) {
            try (Orthonormal.Householder qr = new Orthonormal.Householder(t, 6, 40, 25)) {
                for (int rows : new int[] {40, 25}) {
                    try (Matrix y = Matrix.randomNormal(rows, 6, rows, t); Matrix q = y.copy()) {
                        qr.orthonormalize(q);
                        double[] qa = q.toRowMajorArray();
                        double[] ya = y.toRowMajorArray();
                        double tol = 8 * rows * t.eps();
                        assertTrue(orthogonality(qa, rows, 6) <= tol, t + " " + rows + ": not orthonormal");
                        assertTrue(outsideSpan(ya, qa, rows, 6) <= tol, t + " " + rows + ": span changed");
                    }
                }
            }
        }
    }

    /**
     * The tall path (TSQR over cached row blocks, spread over threads) against the plain
     * geqrf + orgqr of the same block as an independent oracle: orthonormal to c·m·ε, and the same
     * projector Q·Qᵀ (the basis may differ, the span may not). Shapes: a remainder block longer
     * than the others, both dtypes, and one thread as under a batch's lease.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"F64, 20000, 60, 2", "F32, 20000, 60, 2", "F64, 7001, 200, 2",
        "F64, 20000, 60, 1", "F32, 9000, 120, 1"})
    void tallBlocksGoByTsqrWithTheSameSpanAsOneHouseholderQr(DType t, int m, int l, int threads) {
        int rb = org.decomp4j.dispatch.TallQr.blockRows(m, l);
        assertTrue(rb > 0 && m / rb >= 4, "the shape takes the tall path: " + rb);
        assertTrue(m % rb != 0, "a remainder block: " + m + " rows in blocks of " + rb);
        int before = org.decomp4j.NativeConfig.threads();
        org.decomp4j.NativeConfig.setThreads(threads);
        try (Matrix x = Matrix.randomNormal(m, l, 31, t); Matrix q = x.copy();
             Orthonormal.Householder h = new Orthonormal.Householder(t, l, m);
             org.decomp4j.Qr plain = org.decomp4j.Qr.of(x); Matrix q0 = plain.q()) {
            h.orthonormalize(q);
            double eps = t.eps();
            try (Matrix qtq = q.transpose().multiply(q); Matrix eye = Matrix.identity(l, t); Matrix e = qtq.subtract(eye)) {
                assertTrue(e.normMax() <= 10 * m * eps, "‖QᵀQ − I‖max " + e.normMax() + " over 10·m·ε");
            }
            // Q·Qᵀ = Q0·Q0ᵀ ⇔ Q = Q0·(Q0ᵀQ) with Q0ᵀQ orthogonal: check ‖Q − Q0·(Q0ᵀ·Q)‖max
            try (Matrix c = q0.transpose().multiply(q); Matrix back = q0.multiply(c); Matrix d = q.subtract(back);
                 Matrix ctc = c.transpose().multiply(c); Matrix eye = Matrix.identity(l, t); Matrix e2 = ctc.subtract(eye)) {
                assertTrue(d.normMax() <= 10 * m * eps, "Q outside span(Q0): " + d.normMax());
                assertTrue(e2.normMax() <= 10 * m * eps, "Q0ᵀQ not orthogonal: " + e2.normMax());
            }
        } finally {
            org.decomp4j.NativeConfig.setThreads(before);
        }
    }

    /** A block too short (fewer than four row blocks) or too wide keeps the plain path. */
    @Test
    void shortOrWideBlocksKeepOneHouseholderQr() {
        assertEquals(0, org.decomp4j.dispatch.TallQr.blockRows(4 * 4369 - 1, 60));
        assertEquals(4369, org.decomp4j.dispatch.TallQr.blockRows(4 * 4369, 60));
        assertEquals(0, org.decomp4j.dispatch.TallQr.blockRows(10_000_000, 257));
        assertEquals(0, org.decomp4j.dispatch.TallQr.extraElements(1000, 60));
        // 2,000,000 × 60: 457 blocks of 4369 rows; stacked R 457·60² plus 8 threads' tau, work and chunk
        assertEquals(457L * 60 * 60 + 8L * (60 + 65 * 60 + 1024 * 60),
                org.decomp4j.dispatch.TallQr.extraElements(2_000_000, 60));
    }
}
