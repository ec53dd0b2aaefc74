package org.decomp4j.apps;

/**
 * The filled matrix of one soft-impute iteration, never formed:
 * {@code X = P_Ω(z) + P_Ω⊥(Z) = Z + P_Ω(z − Z)}, a low-rank Z ({@link LowRankFactors}) plus a sparse
 * correction on the observed cells Ω (Mazumder, Hastie &amp; Tibshirani 2010, §5). A product with a
 * row-major block of b columns costs {@code O(|Ω|·b + (m+n)·b²)}.
 */
final class SparsePlusLowRank {
    private final int[] rowOf;
    private final int[] colOf;
    private final double[] resid;
    private final LowRankFactors z;
    private final int b;

    /**
     * The operator for {@code observed} values at cells {@code (rowOf[e], colOf[e])} and the current
     * low-rank estimate {@code z}; fills {@code resid} (one per cell, reused between iterations)
     * with the sparse part {@code observed − Z} on Ω and keeps it.
     */
    SparsePlusLowRank(int[] rowOf, int[] colOf, double[] observed, LowRankFactors z, double[] resid) {
        this.rowOf = rowOf;
        this.colOf = colOf;
        this.z = z;
        this.resid = resid;
        this.b = z.b();
        for (int e = 0; e < observed.length; e++) {
            resid[e] = observed[e] - z.entry(rowOf[e], colOf[e]);
        }
    }

    /** {@code X·W} for W cols×b row-major: {@code U·diag(d)·(Vᵀ·W) + S·W}, rows×b row-major. */
    double[] times(double[] w) {
        return product(z.u(), z.v(), z.rows(), z.cols(), rowOf, colOf, w);
    }

    /** {@code Xᵀ·Q} for Q rows×b row-major: {@code V·diag(d)·(Uᵀ·Q) + Sᵀ·Q}, cols×b row-major. */
    double[] timesTranspose(double[] q) {
        return product(z.v(), z.u(), z.cols(), z.rows(), colOf, rowOf, q);
    }

    /**
     * {@code L·diag(d)·(Rᵀ·x) + S'·x}, the one kernel of both products: L, R the factors on the
     * output and input sides, S' the sparse part with cell e at {@code (outIdx[e], inIdx[e])}.
     */
    private double[] product(double[] left, double[] right, int outRows, int inRows, int[] outIdx, int[] inIdx,
                             double[] x) {
        double[] t = smallProduct(right, x, inRows);
        double[] y = new double[outRows * b];
        lowRankTimes(left, t, y, outRows);
        for (int e = 0; e < resid.length; e++) {
            double r = resid[e];
            int a = outIdx[e] * b;
            int c = inIdx[e] * b;
            for (int j = 0; j < b; j++) {
                y[a + j] += r * x[c + j];
            }
        }
        return y;
    }

    /** {@code diag(d)·(Aᵀ·B)} for A, B rows×b row-major: b×b row-major. */
    private double[] smallProduct(double[] a, double[] bm, int rows) {
        int k = z.k();
        double[] d = z.d();
        double[] t = new double[b * b];
        for (int r = 0; r < rows; r++) {
            int o = r * b;
            for (int i = 0; i < k; i++) {
                double x = a[o + i];
                if (x == 0) {
                    continue;
                }
                for (int j = 0; j < b; j++) {
                    t[i * b + j] += x * bm[o + j];
                }
            }
        }
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < b; j++) {
                t[i * b + j] *= d[i];
            }
        }
        return t;
    }

    /** {@code y += A·T} for A rows×b row-major (first k columns used) and T b×b. */
    private void lowRankTimes(double[] a, double[] t, double[] y, int rows) {
        int k = z.k();
        double[] d = z.d();
        for (int r = 0; r < rows; r++) {
            int o = r * b;
            for (int i = 0; i < k; i++) {
                double x = a[o + i];
                if (x == 0 || d[i] == 0) {
                    continue;
                }
                for (int j = 0; j < b; j++) {
                    y[o + j] += x * t[i * b + j];
                }
            }
        }
    }
}
