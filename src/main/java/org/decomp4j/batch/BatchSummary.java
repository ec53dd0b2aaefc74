package org.decomp4j.batch;

import java.util.List;

/**
 * Counts and failures of a finished batch.
 *
 * @param done     inputs decomposed
 * @param failed   inputs that failed (each in {@link #failures()})
 * @param nanos    wall time of the batch
 * @param jobs     worker threads used
 * @param failures the failed inputs' results (index, name, error), in delivery order
 */
public record BatchSummary(long done, long failed, long nanos, int jobs, List<BatchResult> failures) {
    /**
     * Copies the list.
     *
     * @param done inputs decomposed, ≥ 0
     * @param failed inputs that failed, ≥ 0
     * @param nanos wall time, in nanoseconds
     * @param jobs worker threads used
     * @param failures the failed results; copied into an unmodifiable list
     */
    public BatchSummary {
        failures = List.copyOf(failures);
    }

    /**
     * Inputs seen.
     *
     * @return {@code done + failed}
     */
    public long total() {
        return done + failed;
    }

    /**
     * Inputs per second over the batch's wall time.
     *
     * @return inputs per second, or 0 if no time elapsed
     */
    public double rate() {
        return nanos == 0 ? 0 : total() * 1e9 / nanos;
    }
}
