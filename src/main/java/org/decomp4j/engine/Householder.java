package org.decomp4j.engine;

/**
 * Householder reflectors on flat column-major heap arrays, for the small-matrix SVDs: QR with
 * column pivoting ({@link #qrcp}, the preconditioner of {@link SmallJacobiSvd}), applying Q, one
 * reflector ({@link #reflect}, also {@link SmallQrSvd}'s), and completing orthonormal columns to a
 * basis ({@link #complete}). Reflectors are stored as LAPACK's geqrf/geqp3 do: the vector below
 * the diagonal with an implicit leading 1, {@code H = I − β·v·vᵀ}. Sums run in a fixed order, so
 * results are deterministic.
 */
final class Householder {
    private Householder() {
    }

    /**
     * Householder QR with column pivoting of the p×q matrix w, in place (LAPACK's geqp3 layout:
     * R on and above the diagonal, reflector vectors with an implicit leading 1 below it,
     * {@code H = I − β·v·vᵀ}). The pivot is the remaining column of largest norm, computed afresh
     * at each step (cheap at these sizes, and no downdating error).
     */
    static void qrcp(double[] w, int p, int q, double[] beta, int[] perm) {
        for (int j = 0; j < q; j++) {
            perm[j] = j;
        }
        for (int c = 0; c < q; c++) {
            int best = c;
            double bn = -1;
            for (int j = c; j < q; j++) {
                double d = dot(w, j * p + c, j * p + c, p - c);
                if (d > bn) {
                    bn = d;
                    best = j;
                }
            }
            if (best != c) {
                for (int r = 0; r < p; r++) {
                    double t = w[c * p + r];
                    w[c * p + r] = w[best * p + r];
                    w[best * p + r] = t;
                }
                int t = perm[c];
                perm[c] = perm[best];
                perm[best] = t;
            }
            int oc = c * p;
            double norm = Math.sqrt(bn);
            double x0 = w[oc + c];
            if (norm == 0 || c == p - 1 && x0 >= 0) {
                beta[c] = 0;
                continue;
            }
            double alpha = x0 >= 0 ? -norm : norm;
            double v0 = x0 - alpha;
            double inv = 1.0 / v0;
            for (int i = c + 1; i < p; i++) {
                w[oc + i] *= inv;
            }
            beta[c] = -v0 / alpha;
            w[oc + c] = alpha;
            for (int j = c + 1; j < q; j++) {
                reflect(w, oc, c, p, beta[c], w, j * p);
            }
        }
    }

    /**
     * y[oy..oy+p) ← H·y, {@code H = I − b·v·vᵀ} acting on entries c..p−1, for the reflector whose
     * vector is v = (1, r[rc+c+1..rc+p)) (column c of a geqrf-style matrix at r[rc..)); nothing
     * for b = 0.
     */
    static void reflect(double[] r, int rc, int c, int p, double b, double[] y, int oy) {
        if (b == 0) {
            return;
        }
        double d = y[oy + c];
        for (int i = c + 1; i < p; i++) {
            d += r[rc + i] * y[oy + i];
        }
        d *= b;
        y[oy + c] -= d;
        for (int i = c + 1; i < p; i++) {
            y[oy + i] -= d * r[rc + i];
        }
    }

    /** y ← Q·y = H₀(H₁(⋯H_{q−1}·y)) for the column of length p at y[oy..]. */
    static void applyQ(double[] w, int p, int q, double[] beta, double[] y, int oy) {
        for (int c = q - 1; c >= 0; c--) {
            reflect(w, c * p, c, p, beta[c], y, oy);
        }
    }

    /** x[oi..oi+len)·x[oj..oj+len) with four partial sums (fixed order, so deterministic). */
    static double dot(double[] x, int oi, int oj, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int r = 0;
        for (; r + 3 < len; r += 4) {
            s0 += x[oi + r] * x[oj + r];
            s1 += x[oi + r + 1] * x[oj + r + 1];
            s2 += x[oi + r + 2] * x[oj + r + 2];
            s3 += x[oi + r + 3] * x[oj + r + 3];
        }
        for (; r < len; r++) {
            s0 += x[oi + r] * x[oj + r];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * Replaces columns {@code valid..cols-1} of the rows×cols column-major matrix at
     * {@code x[off..]}, whose first {@code valid} columns are orthonormal, by an orthonormal basis
     * of their complement: Householder QR of the valid columns, then columns valid.. of
     * Q = H₀⋯H_{valid−1}. Runs only for rank-deficient input.
     */
    static void complete(double[] x, int off, int rows, int cols, int valid) {
        double[] r = new double[rows * Math.max(valid, 1)];
        System.arraycopy(x, off, r, 0, rows * valid);
        double[] beta = new double[Math.max(valid, 1)];
        for (int c = 0; c < valid; c++) {
            int oc = c * rows;
            double norm = Math.sqrt(dot(r, oc + c, oc + c, rows - c));
            double x0 = r[oc + c];
            if (norm == 0) {
                continue;
            }
            double alpha = x0 >= 0 ? -norm : norm;
            double v0 = x0 - alpha;
            for (int i = c + 1; i < rows; i++) {
                r[oc + i] /= v0;
            }
            beta[c] = -v0 / alpha;
            r[oc + c] = alpha;
            for (int j = c + 1; j < valid; j++) {
                reflect(r, oc, c, rows, beta[c], r, j * rows);
            }
        }
        for (int j = valid; j < cols; j++) {
            int oj = off + j * rows;
            java.util.Arrays.fill(x, oj, oj + rows, 0.0);
            x[oj + j] = 1.0;
            for (int c = valid - 1; c >= 0; c--) {
                reflect(r, c * rows, c, rows, beta[c], x, oj);
            }
        }
    }
}
