package org.decomp4j.batch;

import org.decomp4j.NativeConfig;

/**
 * The process-wide lease that keeps OpenBLAS single-threaded while batches run. OpenBLAS's thread
 * count is global to the process, so batches share one reference count: the first batch to start
 * remembers the current count and sets 1, the last one to end restores what the first found.
 * Meanwhile every OpenBLAS call in the process, batch or not, runs on one thread, and a
 * {@link NativeConfig#setThreads} made by anyone else during the batches is undone when the last
 * one ends.
 */
final class BlasThreads implements AutoCloseable {
    private static int active;
    private static int saved;
    private boolean closed;

    private BlasThreads() {
    }

    /** Takes the lease (sets one OpenBLAS thread if no batch holds it yet). */
    static synchronized BlasThreads acquire() {
        if (active == 0) {
            saved = NativeConfig.threads();
            if (saved != 1) {
                NativeConfig.setThreads(1);
            }
        }
        active++;
        return new BlasThreads();
    }

    /** Batches holding the lease now. */
    static synchronized int active() {
        return active;
    }

    @Override
    public void close() {
        synchronized (BlasThreads.class) {
            if (closed) {
                return;
            }
            closed = true;
            if (--active == 0 && saved != 1) {
                NativeConfig.setThreads(saved);
            }
        }
    }
}
