package org.decomp4j.lapack;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Daemon threads that wait, parked, for one task at a time and are reused; one left idle for the
 * given number of seconds exits. Starting a thread costs tens to hundreds of microseconds on a
 * virtual machine, which {@link DeepStack}'s calls and a batch's workers would otherwise pay each
 * time. Concurrent callers get distinct threads (a new one when none is idle).
 */
public final class ParkedThreads {
    private final String prefix;
    private final long stackSize;
    private final long idleNanos;
    private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger seq = new AtomicInteger();

    /**
     * @param prefix      thread names are {@code prefix + "-" + k}
     * @param stackSize   stack size of new threads in bytes, 0 for the JVM's default
     * @param idleSeconds how long an idle thread waits for a task before it exits
     */
    public ParkedThreads(String prefix, long stackSize, long idleSeconds) {
        this.prefix = prefix;
        this.stackSize = stackSize;
        this.idleNanos = TimeUnit.SECONDS.toNanos(idleSeconds);
    }

    /**
     * Runs {@code task} on an idle thread, or on a new one. {@code task} should not throw: what it
     * throws goes to the thread's uncaught-exception handler, and the thread lives on. Then, on
     * that thread, once it is idle again (so the next {@code start} may reuse it), {@code after}
     * runs: the place to wake whoever waits for the task.
     */
    public void start(Runnable task, Runnable after) {
        Worker w = idle.pollFirst();
        if (w == null || !w.claim()) {
            w = new Worker();
        }
        w.start(task, after);
    }

    /** Threads idle now. */
    public int idle() {
        return idle.size();
    }

    private final class Worker implements Runnable {
        private final Thread thread;
        private volatile Runnable task;
        private Runnable after; // written before task, read after it (volatile order)
        // 1 = claimed by a caller; 0 = idle, may be claimed or retire; 2 = retired
        private final AtomicInteger state = new AtomicInteger(1);

        Worker() {
            // no inherited thread-locals: the thread outlives the caller that happened to create it
            thread = new Thread(null, this, prefix + "-" + seq.incrementAndGet(), stackSize, false);
            thread.setDaemon(true);
            thread.setContextClassLoader(ParkedThreads.class.getClassLoader()); // not the first caller's
        }

        boolean claim() {
            return state.compareAndSet(0, 1);
        }

        void start(Runnable t, Runnable then) {
            after = then;
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
                    if (task == null && System.nanoTime() - idleSince > idleNanos && state.compareAndSet(0, 2)) {
                        idle.remove(this);
                        return; // retired: no caller can claim it any more
                    }
                    continue;
                }
                Runnable then = after;
                task = null;
                try {
                    t.run();
                } catch (Throwable e) {
                    thread.getUncaughtExceptionHandler().uncaughtException(thread, e);
                } finally {
                    Thread.interrupted(); // an interrupt meant for this task must not reach the next
                    idleSince = System.nanoTime();
                    state.set(0);
                    idle.offerFirst(this);
                    then.run();
                }
            }
        }
    }
}
