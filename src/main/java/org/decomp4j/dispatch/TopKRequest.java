package org.decomp4j.dispatch;

import java.util.Objects;

import org.decomp4j.DType;

/**
 * What a top-k SVD is asked for, as {@link TopKPlanner} sees it: nothing but sizes and flags.
 *
 * @param rows          m
 * @param cols          n
 * @param k             triplets wanted
 * @param dtype         precision
 * @param dense         true for a dense matrix, false for an operator known only by its products
 *                      (a sparse matrix)
 * @param exact         true when exact values are required, false when an approximation is allowed
 * @param densify       an operator may be made dense (costs m·n elements); ignored for dense input
 * @param oversampling  extra columns p of the randomized range finder (its block has k + p)
 * @param method        {@link TopKMethod#AUTO}, or the method the caller insists on
 */
public record TopKRequest(long rows, long cols, int k, DType dtype, boolean dense, boolean exact, boolean densify,
                          int oversampling, TopKMethod method) {

    /**
     * Checks the flags' types only; the planner checks k against the shape with a full message.
     *
     * @param rows m, ≥ 0
     * @param cols n, ≥ 0
     * @param k triplets wanted (checked by the planner)
     * @param dtype precision, not {@code null}
     * @param dense whether the matrix is dense
     * @param exact whether exact values are required
     * @param densify whether an operator may be made dense
     * @param oversampling extra columns of the range finder, ≥ 0
     * @param method AUTO or the method required, not {@code null}
     */
    public TopKRequest {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(method, "method");
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative shape " + rows + "×" + cols);
        }
        if (oversampling < 0) {
            throw new IllegalArgumentException("oversampling must be ≥ 0, got " + oversampling);
        }
    }

    /**
     * {@code min(m, n)}.
     *
     * @return {@code min(rows, cols)}, ≥ 0
     */
    public long minDim() {
        return Math.min(rows, cols);
    }
}
