package org.decomp4j.engine;

import org.decomp4j.lapack.ParkedThreads;

/**
 * Worker threads for decomp4j's layers above the binding (the batch runner): daemon threads
 * parked between tasks, from the same {@link ParkedThreads} that carries the binding's deep-stack
 * calls, so the process has one kind of decomp4j thread, one idle policy and one naming scheme.
 */
public final class WorkerThreads {
    private final ParkedThreads pool;

    /**
     * A pool whose threads are named {@code prefix-N} and exit after {@code idleSeconds} idle.
     *
     * @param stackBytes thread stack size, 0 for the JVM's default
     */
    public WorkerThreads(String prefix, long stackBytes, long idleSeconds) {
        this.pool = new ParkedThreads(prefix, stackBytes, idleSeconds);
    }

    /** Runs {@code task} on an idle thread (or a new one), then {@code done}, which must not throw. */
    public void start(Runnable task, Runnable done) {
        pool.start(task, done);
    }

    /** Threads idle now. */
    public int idle() {
        return pool.idle();
    }
}
