package org.decomp4j.lowrank;

import java.util.Objects;

import org.decomp4j.ProgressListener;
import org.decomp4j.dispatch.TopKMethod;

/**
 * Settings of a dispatched top-k SVD ({@link LowRank#svd}). Immutable; each method returns a copy.
 *
 * <pre>{@code
 * LowRank.svd(a, 20, TopKOptions.exact());                       // gesvdx or gesdd, by k
 * LowRank.svd(a, 20, TopKOptions.approximate().seed(7));         // randomized when k is small
 * LowRank.svd(op, 20, TopKOptions.exact());                      // Krylov: never densifies
 * }</pre>
 *
 * @param exactValues  true: exact values required; false: an approximation is allowed
 * @param allowDensify an operator (sparse) input may be made dense (m·n elements) if the plan wants
 * @param method     {@link TopKMethod#AUTO} (the planner chooses) or a method to insist on
 * @param randomized settings of the randomized method when it runs (its rank is replaced by k)
 */
public record TopKOptions(boolean exactValues, boolean allowDensify, TopKMethod method, RandomizedSvdOptions randomized) {

    /**
     * Validates.
     *
     * @param exactValues whether exact values are required
     * @param allowDensify whether an operator may be made dense
     * @param method AUTO or the method required, not {@code null}
     * @param randomized randomized settings, not {@code null}
     */
    public TopKOptions {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(randomized, "randomized");
    }

    /**
     * Exact values, planner's choice, no densification.
     *
     * @return new options
     */
    public static TopKOptions exact() {
        return new TopKOptions(true, false, TopKMethod.AUTO, RandomizedSvdOptions.rank(1));
    }

    /**
     * Approximation allowed, planner's choice, no densification, randomized defaults.
     *
     * @return new options
     */
    public static TopKOptions approximate() {
        return new TopKOptions(false, false, TopKMethod.AUTO, RandomizedSvdOptions.rank(1));
    }

    /**
     * With densification of operator input allowed or not.
     *
     * @param allow whether an operator may be made dense
     * @return new options; this one is unchanged
     */
    public TopKOptions densify(boolean allow) {
        return new TopKOptions(exactValues, allow, method, randomized);
    }

    /**
     * Insisting on a method ({@link TopKMethod#AUTO} to let the planner choose).
     *
     * @param m the method, not {@code null}
     * @return new options; this one is unchanged
     */
    public TopKOptions method(TopKMethod m) {
        return new TopKOptions(exactValues, allowDensify, m, randomized);
    }

    /**
     * With these randomized settings (their rank is ignored: k comes from the call).
     *
     * @param r randomized settings, not {@code null}
     * @return new options; this one is unchanged
     */
    public TopKOptions randomized(RandomizedSvdOptions r) {
        return new TopKOptions(exactValues, allowDensify, method, r);
    }

    /**
     * With this seed for the randomized method.
     *
     * @param seed the seed of the Gaussian test matrices
     * @return new options; this one is unchanged
     */
    public TopKOptions seed(long seed) {
        return randomized(randomized.seed(seed));
    }

    /**
     * With a listener for iterative methods' progress.
     *
     * @param p the listener, not {@code null}
     * @return new options; this one is unchanged
     */
    public TopKOptions progress(ProgressListener p) {
        return randomized(randomized.progress(p));
    }
}
