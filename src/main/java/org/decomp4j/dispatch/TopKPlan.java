package org.decomp4j.dispatch;

/**
 * How a top-k SVD will be computed, from {@link TopKPlanner}.
 *
 * @param method   the method (never {@link TopKMethod#AUTO})
 * @param densify  true when an operator is first made dense (only if the caller allowed it)
 * @param reason   one line saying which and why, with the numbers that decided
 */
public record TopKPlan(TopKMethod method, boolean densify, String reason) {

    /**
     * True when the values are exact to working precision (every method but randomized).
     *
     * @return false for RANDOMIZED only
     */
    public boolean exact() {
        return method != TopKMethod.RANDOMIZED;
    }

    @Override
    public String toString() {
        return method.label() + (densify ? " (densified)" : "") + ": " + reason;
    }
}
