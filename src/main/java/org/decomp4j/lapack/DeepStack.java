package org.decomp4j.lapack;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs native calls that need a deep stack on threads created with one.
 *
 * <p>Why: OpenBLAS's parallel {@code getrf} keeps a multi-megabyte array on the calling thread's
 * stack. Called from a thread with Java's default 1 MiB stack it overruns the guard page and the
 * JVM dies with SIGSEGV and no hs_err file (measured on OpenBLAS 0.3.31: n = 256 with 2 threads;
 * the array needs between 4 and 6 MiB). A library cannot change its callers' {@code -Xss}, so such
 * calls hop to a carrier thread whose stack is {@code decomp4j.nativeStackSize} (64 MiB reserved
 * by default; only touched pages are committed).
 *
 * <p>Carriers are daemon threads kept in an idle stack and reused; each serves one call at a
 * time, so concurrent callers get distinct carriers. The hop costs two thread wake-ups, a few
 * microseconds, which is why only calls large enough to go parallel inside OpenBLAS take it.
 * A carrier that stays idle for {@link #IDLE_SECONDS} seconds exits.
 */
public final class DeepStack {
    /** Seconds an idle carrier waits for work before it exits. */
    static final long IDLE_SECONDS = 30;

    /** A native call that returns LAPACK's {@code info} (or 0). */
    @FunctionalInterface
    public interface IntCall {
        /** Runs the call. */
        int call();
    }

    private static final ConcurrentLinkedDeque<Carrier> IDLE = new ConcurrentLinkedDeque<>();
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final ThreadLocal<Boolean> ON_CARRIER = new ThreadLocal<>();

    private DeepStack() {
    }

    /** True when the current thread is a carrier, whose stack is deep enough for any call. */
    public static boolean onDeepStack() {
        return ON_CARRIER.get() != null;
    }

    /**
     * Runs {@code call} on a deep-stack thread, or directly when already on one, and returns its
     * result. The caller waits without being interruptible (a native call cannot be abandoned
     * half way); an interrupt that arrives meanwhile is restored afterwards.
     */
    public static int run(IntCall call) {
        if (onDeepStack()) {
            return call.call();
        }
        Carrier c = IDLE.pollFirst();
        if (c == null || !c.claim()) {
            c = new Carrier();
        }
        try {
            return c.execute(call);
        } finally {
            IDLE.offerFirst(c);
        }
    }

    private static final class Carrier implements Runnable {
        private final Thread thread;
        private volatile IntCall task;
        private volatile Thread waiter;
        private volatile boolean done;
        private int result;
        private Throwable failure;
        // claimed: owned by a caller; idle carriers are unclaimed and may retire
        private final AtomicInteger state = new AtomicInteger(1);

        Carrier() {
            thread = new Thread(null, this, "decomp4j-deepstack-" + SEQ.incrementAndGet(), Config.nativeStackSize());
            thread.setDaemon(true);
            thread.start();
        }

        /** Takes an idle carrier for one call; false if it retired meanwhile. */
        boolean claim() {
            return state.compareAndSet(0, 1);
        }

        int execute(IntCall call) {
            waiter = Thread.currentThread();
            done = false;
            failure = null;
            task = call;
            LockSupport.unpark(thread);
            boolean interrupted = false;
            while (!done) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            waiter = null;
            state.set(0);
            if (failure != null) {
                if (failure instanceof RuntimeException re) {
                    throw re;
                }
                if (failure instanceof Error er) {
                    throw er;
                }
                throw new IllegalStateException(failure);
            }
            return result;
        }

        @Override
        public void run() {
            ON_CARRIER.set(Boolean.TRUE);
            long idleSince = System.nanoTime();
            while (true) {
                IntCall t = task;
                if (t == null) {
                    LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
                    if (task == null && System.nanoTime() - idleSince > TimeUnit.SECONDS.toNanos(IDLE_SECONDS)
                            && state.compareAndSet(0, 2)) {
                        IDLE.remove(this);
                        return; // retired: no caller can claim it any more
                    }
                    continue;
                }
                task = null;
                try {
                    result = t.call();
                } catch (Throwable e) {
                    failure = e;
                }
                done = true;
                LockSupport.unpark(waiter);
                idleSince = System.nanoTime();
            }
        }
    }
}
