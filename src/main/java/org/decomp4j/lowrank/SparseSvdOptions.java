package org.decomp4j.lowrank;

import java.util.Objects;

import org.decomp4j.DType;
import org.decomp4j.ProgressListener;

/**
 * Settings of {@link SparseSvd}. Start from {@link #of(int)} and change what you need:
 * {@code SparseSvdOptions.of(20).tolerance(1e-8).seed(7)}.
 *
 * @param k            singular triplets wanted (the largest), ≥ 1
 * @param krylovDim    dimension d of the Krylov bases, {@code > k} (0 = automatic:
 *                     {@code max(2k + 8, 24)}); clamped to {@code min(m, n)}. Larger d means fewer
 *                     restarts but {@code (m+n)·d} memory and {@code O((m+n)·d²)} work per restart
 * @param tolerance    a triplet has converged when its residual {@code ‖Aᵀu_i − σ_i·v_i‖ ≤
 *                     tolerance·σ₁} (σ₁ the largest Ritz value; {@code A·v_i = σ_i·u_i} holds by
 *                     construction). 0 = automatic: {@value #DEFAULT_TOL_F64} in F64,
 *                     {@value #DEFAULT_TOL_F32} in F32. Each singular value is then within
 *                     {@code tolerance·σ₁} of a true one (usually far closer)
 * @param maxRestarts  thick restarts allowed after the first Krylov pass before
 *                     {@link org.decomp4j.NotConvergedException} (default {@value #DEFAULT_MAX_RESTARTS})
 * @param seed         seed of the random start vector (results are reproducible for a seed)
 * @param listener     hears each restart (restarts done, {@code maxRestarts}, converged count
 *                     and residual)
 */
public record SparseSvdOptions(int k, int krylovDim, double tolerance, int maxRestarts, long seed,
                               ProgressListener listener) {
    /** Default tolerance in F64: residuals below 1e-10·σ₁. */
    public static final double DEFAULT_TOL_F64 = 1e-10;
    /** Default tolerance in F32: about 80 ε₃₂, above the rounding floor of F32 products. */
    public static final double DEFAULT_TOL_F32 = 1e-5;
    /** Default restart cap. */
    public static final int DEFAULT_MAX_RESTARTS = 500;
    /** Default seed. */
    public static final long DEFAULT_SEED = 42;

    /**
     * @param k triplets wanted, ≥ 1
     * @param krylovDim Krylov dimension, {@code > k}, or 0 for automatic
     * @param tolerance relative residual tolerance, in {@code [0, 1)}; 0 for automatic
     * @param maxRestarts restarts allowed, ≥ 0
     * @param seed seed of the random start vector
     * @param listener the listener, not {@code null}
     * @throws IllegalArgumentException if {@code k < 1}, {@code krylovDim} is negative or not
     *     above k, {@code tolerance} is negative, NaN or ≥ 1, or {@code maxRestarts < 0}
     */
    public SparseSvdOptions {
        Objects.requireNonNull(listener, "listener");
        if (k < 1) {
            throw new IllegalArgumentException("k must be ≥ 1, got " + k);
        }
        if (krylovDim < 0 || (krylovDim != 0 && krylovDim <= k)) {
            throw new IllegalArgumentException("krylovDim must exceed k = " + k + " (or be 0 for automatic), got "
                    + krylovDim);
        }
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be in [0, 1) (0 = automatic), got " + tolerance);
        }
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("maxRestarts must be ≥ 0, got " + maxRestarts);
        }
    }

    /**
     * Top-{@code k} with the defaults: automatic Krylov dimension and tolerance, 500 restarts, seed 42.
     *
     * @param k triplets wanted, ≥ 1
     * @return new options
     */
    public static SparseSvdOptions of(int k) {
        return new SparseSvdOptions(k, 0, 0, DEFAULT_MAX_RESTARTS, DEFAULT_SEED, ProgressListener.NONE);
    }

    /**
     * With {@code k} triplets wanted.
     *
     * @param k triplets wanted, ≥ 1
     * @return new options; this one is unchanged
     */
    public SparseSvdOptions k(int k) {
        return new SparseSvdOptions(k, krylovDim, tolerance, maxRestarts, seed, listener);
    }

    /**
     * With Krylov dimension {@code d > k} (0 = automatic).
     *
     * @param d the Krylov dimension, {@code > k}, or 0
     * @return new options; this one is unchanged
     */
    public SparseSvdOptions krylovDim(int d) {
        return new SparseSvdOptions(k, d, tolerance, maxRestarts, seed, listener);
    }

    /**
     * With this relative residual tolerance (0 = automatic per dtype).
     *
     * @param tol the tolerance, in {@code [0, 1)}
     * @return new options; this one is unchanged
     */
    public SparseSvdOptions tolerance(double tol) {
        return new SparseSvdOptions(k, krylovDim, tol, maxRestarts, seed, listener);
    }

    /**
     * With at most this many thick restarts.
     *
     * @param r the restarts, ≥ 0
     * @return new options; this one is unchanged
     */
    public SparseSvdOptions maxRestarts(int r) {
        return new SparseSvdOptions(k, krylovDim, tolerance, r, seed, listener);
    }

    /**
     * With this seed for the start vector.
     *
     * @param s the seed
     * @return new options; this one is unchanged
     */
    public SparseSvdOptions seed(long s) {
        return new SparseSvdOptions(k, krylovDim, tolerance, maxRestarts, s, listener);
    }

    /**
     * With this progress listener.
     *
     * @param l the listener, not {@code null}
     * @return new options; this one is unchanged
     */
    public SparseSvdOptions listener(ProgressListener l) {
        return new SparseSvdOptions(k, krylovDim, tolerance, maxRestarts, seed, l);
    }

    /**
     * The tolerance in effect for {@code dtype}.
     *
     * @param dtype F64 or F32
     * @return {@link #tolerance()} if set, else the dtype's default
     */
    public double effectiveTolerance(DType dtype) {
        if (tolerance > 0) {
            return tolerance;
        }
        return dtype == DType.F64 ? DEFAULT_TOL_F64 : DEFAULT_TOL_F32;
    }

    /**
     * The Krylov dimension in effect for an m×n operator.
     *
     * @param m rows of the operator
     * @param n columns of the operator
     * @return the dimension, at most {@code min(m, n)}
     */
    public int effectiveKrylovDim(int m, int n) {
        int d = krylovDim > 0 ? krylovDim : Math.max(2 * k + 8, 24);
        return Math.min(d, Math.min(m, n));
    }
}
