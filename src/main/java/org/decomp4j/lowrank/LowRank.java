package org.decomp4j.lowrank;

import java.util.Objects;

import org.decomp4j.DType;
import org.decomp4j.LinearOperator;
import org.decomp4j.Matrix;
import org.decomp4j.Svd;
import org.decomp4j.dispatch.TopKPlan;
import org.decomp4j.dispatch.TopKPlanner;
import org.decomp4j.dispatch.TopKRequest;

/**
 * The top-k SVD entry point: plans with {@link TopKPlanner} (exact {@code gesvdx}, full
 * {@code gesdd} then truncated, randomized, or Krylov for operators) and runs the plan. The
 * result's {@link LowRankSvd#reason()} is the plan's reason.
 *
 * <pre>{@code
 * try (LowRankSvd r = LowRank.svd(a, 10, TopKOptions.exact())) { ... }
 * }</pre>
 */
public final class LowRank {
    private LowRank() {
    }

    /**
     * Checks {@code 1 ≤ k ≤ min(m, n)}.
     *
     * @throws IllegalArgumentException with the shape and the allowed range
     */
    static void checkRank(long m, long n, int k) {
        TopKPlanner.checkK(m, n, k);
    }

    /**
     * The plan {@link #svd(Matrix, int, TopKOptions)} would follow (no native call).
     *
     * @param a the m×n matrix; only its shape and dtype are read
     * @param k triplets wanted, in {@code [1, min(m, n)]}
     * @param opts exactness, densification, method and randomized settings
     * @return the method, whether to densify, and the reason
     */
    public static TopKPlan plan(Matrix a, int k, TopKOptions opts) {
        return TopKPlanner.plan(request(a.rows(), a.cols(), a.dtype(), true, k, opts));
    }

    /**
     * The plan {@link #svd(LinearOperator, int, TopKOptions)} would follow (no native call).
     *
     * @param op the m×n operator; only its shape and dtype are read
     * @param k triplets wanted, in {@code [1, min(m, n)]}
     * @param opts exactness, densification, method and randomized settings
     * @return the method, whether to densify, and the reason
     */
    public static TopKPlan plan(LinearOperator op, int k, TopKOptions opts) {
        return TopKPlanner.plan(request(op.rows(), op.cols(), op.dtype(), false, k, opts));
    }

    private static TopKRequest request(long m, long n, DType t, boolean dense, int k, TopKOptions o) {
        Objects.requireNonNull(o, "opts");
        return new TopKRequest(m, n, k, t, dense, o.exactValues(), o.allowDensify(), o.randomized().oversampling(), o.method());
    }

    /**
     * The top {@code k} singular triplets of the dense {@code a} by plan ({@code a} is untouched).
     *
     * @param a the m×n matrix; not modified
     * @param k triplets wanted, in {@code [1, min(m, n)]}
     * @param opts exactness, method and randomized settings
     * @return U m×k, k values non-increasing, Vᵀ k×n, owning native memory: close it
     * @throws IllegalArgumentException unless {@code 1 ≤ k ≤ min(m, n)}, or if the named method
     *     cannot serve the request
     * @throws org.decomp4j.NonFiniteInputException if {@code a} holds NaN or infinity
     * @throws org.decomp4j.NotConvergedException if the Krylov route does not converge
     */
    public static LowRankSvd svd(Matrix a, int k, TopKOptions opts) {
        Objects.requireNonNull(a, "a");
        TopKPlan plan = plan(a, k, opts);
        return switch (plan.method()) {
            case GESVDX -> TruncatedSvd.compute(a, k, org.decomp4j.FiniteCheck.ON, plan.reason());
            case GESDD -> truncatedFull(a, k, plan.reason());
            case RANDOMIZED -> {
                a.requireFinite("A");
                yield RandomizedSvd.compute(LinearOperator.of(a), opts.randomized().withRank(k), plan.reason());
            }
            case KRYLOV -> krylov(LinearOperator.of(a), k, opts, plan);
            case AUTO -> throw new IllegalStateException("the planner returned AUTO");
        };
    }

    /**
     * The top {@code k} singular triplets of an operator (e.g. a sparse matrix) by plan. Never
     * densifies unless {@link TopKOptions#allowDensify()} allows it and the plan asks for it.
     *
     * @param op the m×n operator; used through its products
     * @param k triplets wanted, in {@code [1, min(m, n)]}
     * @param opts exactness, densification, method and randomized settings
     * @return U m×k, k values non-increasing, Vᵀ k×n, owning native memory: close it
     * @throws IllegalArgumentException unless {@code 1 ≤ k ≤ min(m, n)}, or if the named method
     *     cannot serve the request
     * @throws org.decomp4j.NotConvergedException if the Krylov route does not converge
     */
    public static LowRankSvd svd(LinearOperator op, int k, TopKOptions opts) {
        Objects.requireNonNull(op, "op");
        TopKPlan plan = plan(op, k, opts);
        if (plan.densify()) {
            try (Matrix dense = densify(op)) {
                return switch (plan.method()) {
                    case GESVDX -> TruncatedSvd.compute(dense, k, org.decomp4j.FiniteCheck.ON, plan.reason());
                    case GESDD -> truncatedFull(dense, k, plan.reason());
                    default -> throw new IllegalStateException("densify planned for " + plan.method());
                };
            }
        }
        return switch (plan.method()) {
            case RANDOMIZED -> RandomizedSvd.compute(op, opts.randomized().withRank(k), plan.reason());
            case KRYLOV -> krylov(op, k, opts, plan);
            default -> throw new IllegalStateException(plan.method() + " planned for an operator without densify");
        };
    }

    /**
     * The Krylov route: thick-restarted Lanczos bidiagonalisation ({@link SparseSvd}) with its
     * default tolerance, the request's seed and progress listener; the plan's reason comes first,
     * the method's convergence report after it.
     */
    private static LowRankSvd krylov(LinearOperator op, int k, TopKOptions opts, TopKPlan plan) {
        RandomizedSvdOptions r = opts.randomized();
        LowRankSvd found = SparseSvd.of(op, SparseSvdOptions.of(k).seed(r.seed()).listener(r.progress()));
        return found.withReason(plan.reason() + "; " + found.reason());
    }

    /** The full thin gesdd SVD, first k triplets copied out (signs as the full SVD's). */
    private static LowRankSvd truncatedFull(Matrix a, int k, String reason) {
        try (Svd full = Svd.of(a)) {
            Matrix u = null;
            try {
                u = full.u().view(0, 0, a.rows(), k).copy();
                Matrix vt = full.vt().view(0, 0, k, a.cols()).copy();
                return new LowRankSvd(u, java.util.Arrays.copyOf(full.singularValues(), k), vt, full.routine(), reason,
                        Double.NaN, 0, true);
            } catch (RuntimeException | Error e) {
                if (u != null) {
                    u.close();
                }
                throw e;
            }
        }
    }

    /**
     * {@code A} as a dense m×n matrix from its products with identity column blocks (the caller
     * allowed it: m·n elements).
     */
    static Matrix densify(LinearOperator op) {
        int m = op.rows();
        int n = op.cols();
        int block = Math.max(1, Math.min(n, 256));
        Matrix a = Matrix.zeros(m, n, op.dtype());
        try (Matrix e = Matrix.zeros(n, block, op.dtype()); Matrix out = Matrix.zeros(m, block, op.dtype())) {
            for (int j0 = 0; j0 < n; j0 += block) {
                int w = Math.min(block, n - j0);
                for (int j = 0; j < w; j++) {
                    e.set(j0 + j, j, 1.0);
                }
                try (Matrix ev = e.view(0, 0, n, w); Matrix ov = out.view(0, 0, m, w)) {
                    op.multiply(ev, ov);
                    double[] col = new double[m];
                    for (int j = 0; j < w; j++) {
                        ov.getColumn(j, 0, col, 0, m);
                        a.setColumn(j0 + j, 0, col, 0, m);
                        e.set(j0 + j, j, 0.0);
                    }
                }
            }
            return a;
        } catch (RuntimeException | Error e) {
            a.close();
            throw e;
        }
    }
}
