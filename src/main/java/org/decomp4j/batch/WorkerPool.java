package org.decomp4j.batch;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Daemon worker threads kept between batches.
 *
 * <p>Why: starting and joining two threads costs 0.25–0.35 ms on the project's VM, as much as a
 * batch of a hundred 4×4 SVDs, and it is paid again by every batch. Idle workers wait here for the
 * next batch and exit after {@link #IDLE_SECONDS} seconds without one; concurrent batches take
 * distinct workers (a new thread when none is idle).
 */
final class WorkerPool {
    /** Seconds an idle worker waits for a batch before it exits. */
    static final long IDLE_SECONDS = 30;

    private static final ConcurrentLinkedDeque<Worker> IDLE = new ConcurrentLinkedDeque<>();
    private static final AtomicInteger SEQ = new AtomicInteger();

    private WorkerPool() {
    }

    /**
     * Runs {@code task} once on each of {@code n} workers and waits until every run has returned.
     * {@code task} must not throw (the batch's worker loop catches everything itself). An
     * interrupt while waiting calls {@code onInterrupt}, waits on, and is restored afterwards.
     */
    static void runOnAll(int n, Runnable task, Runnable onInterrupt) {
        CountDownLatch finished = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            Worker w = IDLE.pollFirst();
            if (w == null || !w.claim()) {
                w = new Worker();
            }
            w.start(task, finished);
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
        return IDLE.size();
    }

    private static final class Worker implements Runnable {
        private final Thread thread;
        private volatile Runnable task;
        private CountDownLatch finished; // written before task, read after it (volatile order)
        // 1 = claimed by a batch; 0 = idle, may be claimed or retire; 2 = retired
        private final AtomicInteger state = new AtomicInteger(1);

        Worker() {
            thread = new Thread(this, "decomp4j-batch-" + SEQ.incrementAndGet());
            thread.setDaemon(true);
            thread.setContextClassLoader(WorkerPool.class.getClassLoader()); // not the first caller's
        }

        boolean claim() {
            return state.compareAndSet(0, 1);
        }

        void start(Runnable t, CountDownLatch done) {
            finished = done;
            task = t;
            if (thread.getState() == Thread.State.NEW) {
                thread.start();
            } else {
                LockSupport.unpark(thread);
            }
        }

        @Override
        public void run() {
            long idleSince = System.nanoTime();
            while (true) {
                Runnable t = task;
                if (t == null) {
                    LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
                    if (task == null && System.nanoTime() - idleSince > TimeUnit.SECONDS.toNanos(IDLE_SECONDS)
                            && state.compareAndSet(0, 2)) {
                        IDLE.remove(this);
                        return; // retired: no batch can claim it any more
                    }
                    continue;
                }
                CountDownLatch done = finished;
                task = null;
                try {
                    t.run();
                } catch (Throwable e) { // the batch loop catches its own; report anything else, stay alive
                    thread.getUncaughtExceptionHandler().uncaughtException(thread, e);
                } finally {
                    Thread.interrupted(); // an interrupt aimed at this batch must not reach the next
                    idleSince = System.nanoTime();
                    state.set(0);
                    IDLE.offerFirst(this);
                    done.countDown();
                }
            }
        }
    }
}
