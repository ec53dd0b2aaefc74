package org.decomp4j.spark;

/**
 * A thin rank-k SVD {@code A ≈ U·Σ·Vᵀ} of a distributed m × n matrix: U ({@code m × k}, rows under
 * the input's ids) stays in Spark; Σ (k values, non-increasing) and Vᵀ ({@code k × n}) are local.
 * Close it to unpersist U.
 */
public final class DistributedSvd implements AutoCloseable {
    private final double[] s;
    private final double[][] vt;
    private final DistributedFactor u;
    private final String plan;
    private final double estimate;

    DistributedSvd(double[] s, double[][] vt, DistributedFactor u, String plan) {
        this(s, vt, u, plan, Double.NaN);
    }

    DistributedSvd(double[] s, double[][] vt, DistributedFactor u, String plan, double estimate) {
        this.s = s;
        this.vt = vt;
        this.u = u;
        this.plan = plan;
        this.estimate = estimate;
    }

    /** Rows m of the input. */
    public long rows() {
        return u.rows();
    }

    /** Columns n of the input. */
    public int cols() {
        return vt[0].length;
    }

    /** k, the triplets kept. */
    public int rank() {
        return s.length;
    }

    /** The k largest singular values, non-increasing (a copy). */
    public double[] singularValues() {
        return s.clone();
    }

    /** Vᵀ, {@code k × n} row by row (a copy). */
    public double[][] vt() {
        double[][] c = new double[vt.length][];
        for (int i = 0; i < vt.length; i++) {
            c[i] = vt[i].clone();
        }
        return c;
    }

    /** U, {@code m × k}, orthonormal columns; row i under the id of input row i. */
    public DistributedFactor u() {
        return u;
    }

    /**
     * For a randomized SVD, a bound on {@code ‖A − U·Σ·Vᵀ‖₂} that holds with probability at least
     * {@code 1 − 10^−r} (r probes; see {@link DistributedRandomizedSvd}); NaN for TSQR, whose
     * factors are exact to rounding (its truncation error is {@code σ_{k+1}}), and with 0 probes.
     */
    public double errorEstimate() {
        return estimate;
    }

    /** How it was computed: method, partitions, tree, routines, driver bytes. */
    public String plan() {
        return plan;
    }

    @Override
    public void close() {
        u.close();
    }

    @Override
    public String toString() {
        return "DistributedSvd[" + rows() + "×" + cols() + ", k=" + rank() + "; " + plan + "]";
    }
}
