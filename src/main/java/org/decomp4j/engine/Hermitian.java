package org.decomp4j.engine;

import org.decomp4j.Matrix;

/**
 * The Hermitian test of a complex square matrix before a routine that reads one triangle of it
 * ({@code zpotrf}, {@code zheevd}): the other triangle must be the conjugate mirror and the
 * diagonal real, to within {@code tol = 10·n·ε·‖A‖_F} (ε of its dtype) — enough for a matrix
 * built in floating point as Hermitian ({@code XᴴX}, {@code Q·D·Qᴴ}), far below a genuinely
 * non-Hermitian one. Otherwise the triangle not read would be silently ignored.
 */
public final class Hermitian {
    private Hermitian() {
    }

    /**
     * @param m         the square complex matrix
     * @param operation the operation for the message, e.g. {@code "Cholesky"}
     * @param fix       how to read one triangle as it is instead
     * @throws IllegalArgumentException naming the worst pair {@code (i, j)}, its deviation and the tolerance
     */
    public static void require(Matrix m, String operation, String fix) {
        int n = m.rows();
        double tol = 10.0 * Math.max(1, n) * m.dtype().eps() * m.normFrobenius();
        double worst = 0;
        int wi = 0;
        int wj = 0;
        for (int j = 0; j < n; j++) {
            for (int i = j; i < n; i++) {
                // a[i][j] − conj(a[j][i]); on the diagonal this is 2i·Im(a[j][j])
                double dr = m.getRe(i, j) - m.getRe(j, i);
                double di = m.getIm(i, j) + m.getIm(j, i);
                double d = Math.hypot(dr, di);
                if (d > worst || Double.isNaN(d)) {
                    worst = d;
                    wi = i;
                    wj = j;
                    if (Double.isNaN(d)) {
                        break;
                    }
                }
            }
            if (Double.isNaN(worst)) {
                break;
            }
        }
        if (worst > tol || Double.isNaN(worst)) {
            throw new IllegalArgumentException(String.format(
                    "%s: the %s matrix is not Hermitian: |a[%d][%d] − conj(a[%d][%d])| = %.3g exceeds the tolerance"
                            + " %.3g (10·n·ε·‖A‖_F); %s",
                    operation, m.dtype().numpyName(), wi, wj, wj, wi, worst, tol, fix));
        }
    }
}
