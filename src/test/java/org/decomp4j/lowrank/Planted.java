package org.decomp4j.lowrank;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.Qr;

/**
 * Test matrices with a planted spectrum: {@code A = U·diag(s)·Vᵀ (+ noise·G)} where U and V are
 * the orthonormal Q factors of Gaussian blocks, so without noise the singular values are exactly
 * {@code s} (up to the rounding of forming the product), and with Gaussian noise G each moves by
 * at most {@code ‖noise·G‖₂} (Weyl).
 */
final class Planted {
    private Planted() {
    }

    /** An m×r matrix with orthonormal columns: Q of the QR of an m×r Gaussian. */
    static Matrix orthonormal(int m, int r, long seed) {
        try (Matrix g = Matrix.randomNormal(m, r, seed, DType.F64); Qr qr = Qr.of(g)) {
            return qr.q().copy();
        }
    }

    /** {@code U·diag(s)·Vᵀ + noise·G} (m×n, F64), {@code s.length ≤ min(m, n)}, G standard Gaussian. */
    static Matrix matrix(int m, int n, double[] s, double noise, long seed) {
        int r = s.length;
        try (Matrix u = orthonormal(m, r, seed); Matrix v = orthonormal(n, r, seed + 1)) {
            for (int j = 0; j < r; j++) {
                double[] c = u.column(j);
                for (int i = 0; i < m; i++) {
                    c[i] *= s[j];
                }
                u.setColumn(j, 0, c, 0, m);
            }
            Matrix a = u.multiply(v.transpose());
            if (noise > 0) {
                try (Matrix g = Matrix.randomNormal(m, n, seed + 2, DType.F64)) {
                    double[] x = new double[m];
                    double[] y = new double[m];
                    for (int j = 0; j < n; j++) {
                        a.getColumn(j, 0, x, 0, m);
                        g.getColumn(j, 0, y, 0, m);
                        for (int i = 0; i < m; i++) {
                            x[i] += noise * y[i];
                        }
                        a.setColumn(j, 0, x, 0, m);
                    }
                }
            }
            return a;
        }
    }

    /** As {@link #matrix}, in the given dtype (F32: the F64 matrix rounded). */
    static Matrix matrix(int m, int n, double[] s, double noise, long seed, DType t) {
        Matrix a = matrix(m, n, s, noise, seed);
        if (t == DType.F64) {
            return a;
        }
        try (a) {
            return a.copy(t);
        }
    }

    /** {@code first·ratio^i}, i = 0..r−1: a geometrically decaying spectrum. */
    static double[] geometric(int r, double first, double ratio) {
        double[] s = new double[r];
        for (int i = 0; i < r; i++) {
            s[i] = first * Math.pow(ratio, i);
        }
        return s;
    }

    /** {@code ‖XᵀX − I‖_max} for X with (supposedly) orthonormal columns. */
    static double orthogonality(Matrix x) {
        try (Matrix g = x.transpose().multiply(x)) {
            double worst = 0;
            for (int i = 0; i < g.rows(); i++) {
                for (int j = 0; j < g.cols(); j++) {
                    worst = Math.max(worst, Math.abs(g.get(i, j) - (i == j ? 1 : 0)));
                }
            }
            return worst;
        }
    }

    /** {@code ‖A − U·diag(s)·Vᵀ‖_F}. */
    static double residualFrobenius(Matrix a, LowRankSvd r) {
        try (Matrix ar = r.reconstruct(); Matrix d = a.subtract(ar)) {
            return d.normFrobenius();
        }
    }

    /** {@code ‖A − U·diag(s)·Vᵀ‖₂}, the largest singular value of the residual (computed in F64). */
    static double residualSpectral(Matrix a, LowRankSvd r) {
        try (Matrix ar = r.reconstruct(); Matrix d = a.subtract(ar); Matrix d64 = d.copy(DType.F64)) {
            return org.decomp4j.Svd.values(d64)[0];
        }
    }

    /** Asserts that the largest-magnitude entry of every row of Vᵀ is positive (the full SVD's rule). */
    static void assertSignConvention(Matrix vt) {
        for (int i = 0; i < vt.rows(); i++) {
            double best = -1;
            double sign = 0;
            for (int j = 0; j < vt.cols(); j++) {
                double x = vt.get(i, j);
                if (Math.abs(x) > best) {
                    best = Math.abs(x);
                    sign = x;
                }
            }
            int row = i;
            double sg = sign;
            assertTrue(sg > 0, () -> "row " + row + " of Vt has its largest-|entry| negative: " + sg);
        }
    }

    /** Machine epsilon of a dtype. */
    static double eps(DType t) {
        return t.eps();
    }
}
