package org.decomp4j.lowrank;

import java.util.Arrays;
import java.util.Objects;

import org.decomp4j.DType;
import org.decomp4j.Matrix;

/**
 * The rank-{@code k} factorisation {@code A ≈ U·diag(s)·Vᵀ} that every low-rank method of this
 * package returns (truncated {@code gesvdx}, randomized, sparse Krylov, streaming snapshots).
 *
 * <p>Shapes: {@code U} is m×k with orthonormal columns, {@code s} holds k values, non-increasing
 * and ≥ 0, {@code Vᵀ} is k×n with orthonormal rows. Unless the method says otherwise the signs
 * follow the full SVD's convention (largest-magnitude entry of each row of {@code Vᵀ} positive).
 *
 * <p>{@link #method()} names what ran and {@link #reason()} why (for a dispatched request, the
 * plan's one-line reason). {@link #errorEstimate()} is a method's own a-posteriori estimate of
 * {@code ‖A − U·diag(s)·Vᵀ‖₂} (NaN when it has none); {@link #iterations()} and
 * {@link #converged()} describe iterative methods (0 and true for direct ones).
 *
 * <p>Immutable; it owns its factors (read-only views are handed out) and frees them on
 * {@link #close()}.
 */
public final class LowRankSvd implements AutoCloseable {
    private final Matrix u;
    private final double[] s;
    private final Matrix vt;
    private final String method;
    private final String reason;
    private final double errorEstimate;
    private final int iterations;
    private final boolean converged;

    /**
     * Takes ownership of {@code u} and {@code vt}. Package-private: results are made only by this
     * package's methods, which have checked the shapes.
     */
    LowRankSvd(Matrix u, double[] s, Matrix vt, String method, String reason, double errorEstimate,
               int iterations, boolean converged) {
        this.u = Objects.requireNonNull(u, "u");
        this.s = s.clone();
        this.vt = Objects.requireNonNull(vt, "vt");
        if (u.cols() != s.length || vt.rows() != s.length || u.dtype() != vt.dtype()) {
            throw new IllegalArgumentException(String.format("inconsistent factors: U %d×%d, %d values, Vt %d×%d",
                    u.rows(), u.cols(), s.length, vt.rows(), vt.cols()));
        }
        this.method = method;
        this.reason = reason;
        this.errorEstimate = errorEstimate;
        this.iterations = iterations;
        this.converged = converged;
    }

    /**
     * The same factors under a new reason; ownership of the factors moves to the result, so only
     * the result may be closed.
     */
    LowRankSvd withReason(String newReason) {
        return new LowRankSvd(u, s, vt, method, newReason, errorEstimate, iterations, converged);
    }

    /**
     * Rows of the approximated matrix (m).
     *
     * @return m, ≥ 0
     */
    public int rows() {
        return u.rows();
    }

    /**
     * Columns of the approximated matrix (n).
     *
     * @return n, ≥ 0
     */
    public int cols() {
        return vt.cols();
    }

    /**
     * The rank k of the factorisation.
     *
     * @return k, ≥ 0
     */
    public int rank() {
        return s.length;
    }

    /**
     * Precision of the factors.
     *
     * @return F64 or F32
     */
    public DType dtype() {
        return u.dtype();
    }

    /**
     * The k singular values, non-increasing (a copy).
     *
     * @return a new array of k values
     */
    public double[] singularValues() {
        return s.clone();
    }

    /**
     * {@code U}, m×k, read-only view valid until {@link #close()}.
     *
     * @return a read-only m×k view
     */
    public Matrix u() {
        return u.readOnly();
    }

    /**
     * {@code Vᵀ}, k×n, read-only view valid until {@link #close()}.
     *
     * @return a read-only k×n view
     */
    public Matrix vt() {
        return vt.readOnly();
    }

    /**
     * What ran, e.g. {@code "dgesvdx"}, {@code "randomized (q=7, p=10)"}, {@code "lanczos"}.
     *
     * @return the method's name and parameters
     */
    public String method() {
        return method;
    }

    /**
     * Why it ran: the dispatcher's reason, or the method's own description.
     *
     * @return the reason, for logs and reports
     */
    public String reason() {
        return reason;
    }

    /**
     * The method's estimate of {@code ‖A − U·diag(s)·Vᵀ‖₂}, or NaN when it has none.
     *
     * @return the estimate, ≥ 0, or NaN
     */
    public double errorEstimate() {
        return errorEstimate;
    }

    /**
     * Iterations (power steps, restarts, updates) an iterative method took; 0 for direct ones.
     *
     * @return the count, ≥ 0
     */
    public int iterations() {
        return iterations;
    }

    /**
     * False only when an iterative method stopped before its tolerance (and was told not to throw).
     *
     * @return whether the method met its tolerance
     */
    public boolean converged() {
        return converged;
    }

    /**
     * {@code U·diag(s)·Vᵀ} as a new m×n matrix ({@code 2·m·n·k} flops).
     *
     * @return a new owning m×n matrix of this dtype: close it
     */
    public Matrix reconstruct() {
        try (Matrix us = u.copy()) {
            for (int j = 0; j < s.length; j++) {
                double[] col = us.column(j);
                for (int i = 0; i < col.length; i++) {
                    col[i] *= s[j];
                }
                us.setColumn(j, 0, col, 0, col.length);
            }
            return us.multiply(vt);
        }
    }

    @Override
    public void close() {
        u.close();
        vt.close();
    }

    @Override
    public String toString() {
        return String.format("LowRankSvd[%d×%d, rank %d, %s, s=%s]", rows(), cols(), rank(), method,
                Arrays.toString(Arrays.copyOf(s, Math.min(s.length, 5))));
    }
}
