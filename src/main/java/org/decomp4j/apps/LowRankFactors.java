package org.decomp4j.apps;

/**
 * A matrix {@code U·diag(d)·Vᵀ} of rank at most k held as factors: U {@code rows×b} and V
 * {@code cols×b}, both row-major, and b values d of which only the first k may be non-zero (the b − k
 * extra columns are the subspace iteration's oversampling, carried but never part of the matrix).
 * The arrays are shared, not copied: whoever builds one no longer writes them.
 */
record LowRankFactors(int rows, int cols, int k, int b, double[] u, double[] d, double[] v) {
    /** The zero matrix, as the iteration's cold start. */
    static LowRankFactors zeros(int rows, int cols, int k, int b) {
        return new LowRankFactors(rows, cols, k, b, new double[rows * b], new double[b], new double[cols * b]);
    }

    /** Entry {@code (i, j)}: {@code Σ_{l<k} U[i,l]·d[l]·V[j,l]}. */
    double entry(int i, int j) {
        int a = i * b;
        int c = j * b;
        double s = 0;
        for (int l = 0; l < k; l++) {
            s += u[a + l] * d[l] * v[c + l];
        }
        return s;
    }

    /**
     * {@code ‖now − old‖²_F / ‖old‖²_F} from the factors alone (U, V orthonormal), in
     * {@code O((rows + cols)·k²)}: 0 when both are zero, infinity when only {@code old} is.
     */
    static double relativeChange(LowRankFactors old, LowRankFactors now) {
        int b = now.b;
        int k = now.k;
        double[] oldD = old.d;
        double[] d = now.d;
        double oldSq = 0;
        double newSq = 0;
        for (int j = 0; j < b; j++) {
            oldSq += oldD[j] * oldD[j];
            newSq += d[j] * d[j];
        }
        if (oldSq == 0) {
            return newSq == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        double cross = 0;
        for (int a = 0; a < k; a++) {
            if (oldD[a] == 0) {
                continue;
            }
            for (int c = 0; c < k; c++) {
                if (d[c] == 0) {
                    continue;
                }
                double uu = 0;
                for (int r = 0; r < now.rows; r++) {
                    uu += old.u[r * b + a] * now.u[r * b + c];
                }
                double vv = 0;
                for (int r = 0; r < now.cols; r++) {
                    vv += old.v[r * b + a] * now.v[r * b + c];
                }
                cross += oldD[a] * d[c] * uu * vv;
            }
        }
        return Math.max(0, oldSq + newSq - 2 * cross) / oldSq;
    }
}
