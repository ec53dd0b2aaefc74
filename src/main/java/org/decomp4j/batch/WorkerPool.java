package org.decomp4j.batch;

import java.util.concurrent.CountDownLatch;

import org.decomp4j.engine.WorkerThreads;

/**
 * The batch workers: daemon threads kept between batches.
 *
 * <p>Why: starting and joining two threads costs 0.25–0.35 ms on the project's VM, as much as a
 * batch of a hundred 4×4 SVDs, and it is paid again by every batch. Idle workers wait for the next
 * batch and exit after {@link #IDLE_SECONDS} seconds without one; concurrent batches take distinct
 * workers. A batch so short that its first worker is done before the next is handed its turn may
 * run both turns on that one thread, one after the other: the result is the same.
 */
final class WorkerPool {
    /** Seconds an idle worker waits for a batch before it exits. */
    static final long IDLE_SECONDS = 30;

    private static final WorkerThreads POOL = new WorkerThreads("decomp4j-batch", 0, IDLE_SECONDS);

    private WorkerPool() {
    }

    /**
     * Runs {@code task} once on each of {@code n} workers and waits until every run has returned.
     * {@code task} must not throw (the batch's worker loop catches everything itself). An
     * interrupt while waiting calls {@code onInterrupt} once, waits on, and is restored afterwards.
     */
    static void runOnAll(int n, Runnable task, Runnable onInterrupt) {
        CountDownLatch finished = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            POOL.start(task, finished::countDown);
        }
        boolean interrupted = false;
        while (true) {
            try {
                finished.await();
                break;
            } catch (InterruptedException e) {
                if (!interrupted) {
                    interrupted = true;
                    onInterrupt.run();
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Idle workers now (for tests). */
    static int idle() {
        return POOL.idle();
    }
}
