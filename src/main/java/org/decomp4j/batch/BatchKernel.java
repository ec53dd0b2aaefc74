package org.decomp4j.batch;

import java.util.List;

import org.decomp4j.Matrix;

/**
 * A worker thread's decomposition engine: created once per worker by
 * {@link Decomposition#newKernel()}, it keeps its native buffers and workspaces between matrices
 * (so a warm kernel allocates nothing native per matrix) and is closed when the worker ends.
 * Used by one thread only.
 */
public interface BatchKernel extends AutoCloseable {
    /**
     * Decomposes {@code a} (left untouched) and returns its factors copied to the heap.
     *
     * @param a the matrix; not modified
     * @return the factors on the heap, in the decomposition's order (e.g. U, S, Vt)
     * @throws RuntimeException the decomposition's own typed errors (non-finite input, not
     *     positive definite, shape); the batch reports them against this input and goes on
     */
    List<Factor> apply(Matrix a);

    /** Frees the kernel's native buffers. */
    @Override
    void close();
}
