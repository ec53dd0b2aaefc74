package org.decomp4j.engine;

import org.decomp4j.lapack.OpenBlas;

/**
 * The process-wide lease that keeps OpenBLAS single-threaded while batches run. OpenBLAS's thread
 * count is global to the process, so batches share one reference count: the first batch to start
 * remembers the current count and sets 1; after the last one ends, that count comes back before
 * the next decomposition made outside a batch, when {@link org.decomp4j.NativeConfig#threads()} is
 * read, or 100 ms later, so back-to-back batches do not pay for two changes each (0.3–0.5 ms
 * apiece). Meanwhile
 * every OpenBLAS call in the process, batch or not, runs on one thread; a
 * {@link org.decomp4j.NativeConfig#setThreads} made during the batches is applied when the last
 * one ends.
 */
public final class BlasThreadLease implements AutoCloseable {
    private boolean closed;

    private BlasThreadLease() {
    }

    /** Takes the lease (sets one OpenBLAS thread if no batch holds it yet). */
    public static BlasThreadLease acquire() {
        OpenBlas.acquireSingleThread();
        return new BlasThreadLease();
    }

    /** Batches holding the lease now. */
    public static int active() {
        return OpenBlas.singleThreadLeases();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        OpenBlas.releaseSingleThread();
    }
}
