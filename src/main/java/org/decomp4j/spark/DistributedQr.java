package org.decomp4j.spark;

/**
 * A thin QR {@code A = Q·R} of a distributed m × n matrix ({@code m ≥ n}): Q ({@code m × n},
 * orthonormal columns, rows under the input's ids) stays in Spark, R ({@code n × n}, upper
 * triangular) is local. Close it to unpersist Q.
 */
public final class DistributedQr implements AutoCloseable {
    private final double[][] r;
    private final DistributedFactor q;
    private final String plan;

    DistributedQr(double[][] r, DistributedFactor q, String plan) {
        this.r = r;
        this.q = q;
        this.plan = plan;
    }

    /** Q, {@code m × n}, orthonormal columns; row i under the id of input row i. */
    public DistributedFactor q() {
        return q;
    }

    /** R, {@code n × n} upper triangular, row by row (a copy). Its diagonal's signs are LAPACK's, not normalised. */
    public double[][] r() {
        double[][] c = new double[r.length][];
        for (int i = 0; i < r.length; i++) {
            c[i] = r[i].clone();
        }
        return c;
    }

    /** How it was computed. */
    public String plan() {
        return plan;
    }

    @Override
    public void close() {
        q.close();
    }
}
