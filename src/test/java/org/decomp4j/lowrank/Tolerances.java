package org.decomp4j.lowrank;

import org.decomp4j.DType;

/**
 * Tolerances of the low-rank tests, derived from the problem size, the dtype's ε and, for the
 * iterative methods, their documented stopping rule, instead of fixed 1e-12 / 1e-6 constants.
 * All are relative to σ₁ unless said otherwise.
 */
final class Tolerances {
    /** The constant c of the c·max(m,n)·ε bounds, as in the core contracts. */
    static final double C = 10;

    private Tolerances() {
    }

    /** Rounding of one backward-stable dense SVD (or orthogonal basis) of an m×n matrix: c·max(m,n)·ε. */
    static double rounding(DType t, int m, int n) {
        return C * Math.max(m, n) * t.eps();
    }

    /** Two backward-stable computations compared with each other: each within {@link #rounding}. */
    static double exact(DType t, int m, int n) {
        return 2 * rounding(t, m, n);
    }

    /**
     * SparseSvd's documented guarantee: each value within {@code tolerance·σ₁} of a true one
     * ({@link SparseSvdOptions#DEFAULT_TOL_F64} = 1e-10, {@link SparseSvdOptions#DEFAULT_TOL_F32}
     * = 1e-5), compared with a dense SVD that has its own rounding.
     */
    static double krylov(DType t, int m, int n) {
        double stop = t == DType.F64 ? SparseSvdOptions.DEFAULT_TOL_F64 : SparseSvdOptions.DEFAULT_TOL_F32;
        return stop + exact(t, m, n);
    }

    /**
     * Halko et al. (2011, Thm 10.6)'s constant for a Gaussian range finder with k + p columns on an
     * m×n matrix, {@code 1 + √(k/(p−1)) + e·√(k+p)/p·√(min(m,n) − k)}, times 10 for the tail
     * probability (their Thm 10.8 bounds the deviation above the mean by factors of that size).
     */
    static double halko(int k, int p, int m, int n) {
        int pp = Math.max(p, 2);
        return 10 * (1 + Math.sqrt((double) k / (pp - 1))
                + Math.E * Math.sqrt(k + pp) / pp * Math.sqrt(Math.max(0, Math.min(m, n) - k)));
    }

    /**
     * Sine of the angle between the computed and the true j-th singular direction after q power
     * steps with l = k + p columns: {@code Δ·(σ_{l+1}/σ_j)^{2q+1}} (Gu, "Subspace iteration
     * randomization and singular value problems", SISC 2015, Thm 4.3's ratio), {@code full} the
     * true values; 0 when the block covers the whole space.
     */
    static double randomizedAngle(double[] full, int j, int k, int p, int q, int m, int n) {
        int l = k + p;
        if (l >= full.length || full[l] == 0) {
            return 0;
        }
        return halko(k, p, m, n) * Math.pow(full[l] / full[j], 2 * q + 1);
    }

    /**
     * Randomized SVD's value j, absolute: {@code σ_j − σ̃_j ≤ σ_j·½·sin²} of {@link #randomizedAngle}
     * (Gu 2015, Thm 4.3: σ̃_j ≥ σ_j/√(1 + Δ²·ρ^{4q+2})), plus the rounding of the products and
     * small SVD, {@link #exact}·σ₁.
     */
    static double randomizedValue(double[] full, int j, int k, int p, int q, int m, int n, DType t) {
        double a = randomizedAngle(full, j, k, p, q, m, n);
        return full[j] * 0.5 * a * a + exact(t, m, n) * full[0];
    }
}
