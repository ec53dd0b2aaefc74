package org.decomp4j.batch;

/**
 * What a batch computes for each matrix: a name and a factory of per-thread
 * {@link BatchKernel}s. The built-in ones are in {@link Decompositions}; others (e.g. the
 * low-rank SVDs) plug in by implementing this interface.
 */
public interface Decomposition {
    /**
     * Short name for reports, e.g. {@code "svd"}.
     *
     * @return e.g. {@code "svd"}, {@code "lu"}
     */
    String name();

    /**
     * A new kernel for one worker thread.
     *
     * @return a kernel that one thread uses and closes
     */
    BatchKernel newKernel();
}
