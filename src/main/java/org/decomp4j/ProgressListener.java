package org.decomp4j;

/**
 * Hears how far a long computation has come (iterations of an iterative SVD, matrices of a
 * batch, passes over a stream). The library only calls it; the CLI turns it into a progress bar.
 * Calls come from the computing thread (or, in a batch, from any worker), so implementations
 * must be quick and thread-safe.
 */
@FunctionalInterface
public interface ProgressListener {

    /** Ignores every report. */
    ProgressListener NONE = (done, total, message) -> { };

    /**
     * {@code done} of {@code total} units finished ({@code total ≤ 0} when unknown); {@code message}
     * is a short status such as {@code "residual 3.2e-9"}, or empty.
     *
     * @param done units finished so far, ≥ 0
     * @param total units in all, or {@code ≤ 0} when unknown
     * @param message a short status, or empty (never {@code null})
     */
    void progress(long done, long total, String message);
}
