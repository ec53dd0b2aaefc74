package org.decomp4j.engine;

import org.decomp4j.Matrix;
import org.decomp4j.lapack.Block;

/**
 * The Hermitian test of a complex square matrix before a routine that reads one triangle of it
 * ({@code zpotrf}, {@code zheevd}): the other triangle must be the conjugate mirror and the
 * diagonal real, to within {@code tol = 10·n·ε·‖A‖_F} (ε of its dtype) — enough for a matrix
 * built in floating point as Hermitian ({@code XᴴX}, {@code Q·D·Qᴴ}), far below a genuinely
 * non-Hermitian one. Otherwise the triangle not read would be silently ignored.
 */
public final class Hermitian {
    /** Scalars per panel buffer (two buffers): 4 MiB each, whatever n. */
    private static final long PANEL_SCALARS = 1 << 19;

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
        // A transposed view is Hermitian exactly when its storage is, with the same deviation at
        // every (i, j) (Aᵀ[i][j] − conj(Aᵀ[j][i]) is the conjugate of A's): scan the storage.
        Block s = Storage.block(m);
        int w = m.dtype().isComplex() ? 2 : 1;
        // Panels of bw columns read in bulk (a JNI read per element made this the slowest part of a
        // complex eigh or Cholesky before the native call); pairs are visited in the order of the
        // element-wise scan, column j then rows i ≥ j, so the worst pair and its ties are the same.
        int bw = (int) Math.max(1, Math.min(64, PANEL_SCALARS / ((long) Math.max(1, n) * w)));
        double[] col = new double[bw * n * w]; // col[(jj·(n − j0) + r)·w]: a[j0 + r][j0 + jj]
        double[] row = new double[bw * n * w]; // row[(r·bw + jj)·w]:       a[j0 + jj][j0 + r]
        double worst = 0;
        double skipBelow = 0; // |d|² under this cannot beat worst (a margin for d²'s rounding)
        int wi = 0;
        int wj = 0;
        scan:
        for (int j0 = 0; j0 < n; j0 += bw) {
            int cj = Math.min(bw, n - j0);
            int len = n - j0;
            for (int jj = 0; jj < cj; jj++) {
                s.buffer().read(s.index(j0, j0 + jj) * w, col, jj * len * w, len * w);
            }
            for (int r = 0; r < len; r++) {
                s.buffer().read(s.index(j0, j0 + r) * w, row, r * bw * w, cj * w);
            }
            for (int jj = 0; jj < cj; jj++) {
                for (int r = jj; r < len; r++) {
                    int x = (jj * len + r) * w;
                    int y = (r * bw + jj) * w;
                    // a[i][j] − conj(a[j][i]); on the diagonal this is 2i·Im(a[j][j])
                    double dr = col[x] - row[y];
                    double di = w == 2 ? col[x + 1] + row[y + 1] : 0;
                    if (dr * dr + di * di < skipBelow) {
                        continue;
                    }
                    double d = Math.hypot(dr, di);
                    if (d > worst || Double.isNaN(d)) {
                        worst = d;
                        wi = j0 + r;
                        wj = j0 + jj;
                        if (Double.isNaN(d)) {
                            break scan;
                        }
                        double sq = worst * worst * (1 - 8 * Math.ulp(1.0));
                        skipBelow = sq >= 0x1p-960 ? sq : 0; // near underflow, d² is too coarse to filter
                    }
                }
            }
        }
        if (worst == 0) {
            return; // exactly Hermitian (no NaN, which would make worst NaN): the norm is not needed
        }
        double tol = 10.0 * Math.max(1, n) * m.dtype().eps() * m.normFrobenius();
        if (worst > tol || Double.isNaN(worst)) {
            throw new IllegalArgumentException(String.format(
                    "%s: the %s matrix is not Hermitian: |a[%d][%d] − conj(a[%d][%d])| = %.3g exceeds the tolerance"
                            + " %.3g (10·n·ε·‖A‖_F); %s",
                    operation, m.dtype().numpyName(), wi, wj, wj, wi, worst, tol, fix));
        }
    }
}
