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
}
