package org.decomp4j.engine;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

import org.decomp4j.lapack.ParkedThreads;

/**
 * Worker threads for decomp4j's layers above the binding (the batch runner, the sparse products): daemon threads
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

    /**
     * Runs {@code part.accept(0..parts-1)} at once and returns when all are done: part 0 on the
     * calling thread, the others on this pool's threads. The first failure is rethrown as it was
     * (the others still finish first, so no part outlives the call). An interrupt while waiting is
     * kept for the caller, not acted on: the parts are short.
     */
    public void runParts(int parts, IntConsumer part) {
        if (parts <= 1) {
            if (parts == 1) {
                part.accept(0);
            }
            return;
        }
        CountDownLatch done = new CountDownLatch(parts - 1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int t = 1; t < parts; t++) {
            int index = t;
            pool.start(() -> {
                try {
                    part.accept(index);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, done::countDown);
        }
        try {
            part.accept(0);
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
        }
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable f = failure.get();
        if (f instanceof RuntimeException r) {
            throw r;
        }
        if (f instanceof Error err) {
            throw err;
        }
        if (f != null) {
            throw new IllegalStateException(f);
        }
    }
}
