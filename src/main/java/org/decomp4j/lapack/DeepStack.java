package org.decomp4j.lapack;

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
 * <p>Carriers are {@link ParkedThreads}: daemon threads reused from call to call; each serves one
 * call at a time, so concurrent callers get distinct carriers. The hop costs two thread wake-ups,
 * a few microseconds, which is why only calls large enough to go parallel inside OpenBLAS take it.
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

    private static final ThreadLocal<Boolean> ON_CARRIER = new ThreadLocal<>();

    private static final class Carriers {
        static final ParkedThreads POOL =
                new ParkedThreads("decomp4j-deepstack", Config.nativeStackSize(), IDLE_SECONDS);
    }

    private DeepStack() {
    }

    /**
     * Elements from which the complex wrappers (and {@code ?gesdd}/{@code ?gesvd}, {@code ?gelsd})
     * hop: 128², a margin below n = 256, the smallest size seen to overrun a default stack.
     */
    public static final long ELEMENTS = 128L * 128;

    /**
     * Runs {@code call} on the calling thread below {@code from} elements, else as {@link #run}:
     * the one rule every wrapper applies with its own threshold.
     *
     * @param elements the size of the call's matrix
     * @param from     the threshold, e.g. {@link #ELEMENTS}
     * @param call     the native call
     * @return its result
     */
    public static int runFrom(long elements, long from, IntCall call) {
        return elements < from ? call.call() : run(call);
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
        Hop hop = new Hop(call, Thread.currentThread());
        Carriers.POOL.start(hop::onCarrier, hop::finish);
        return hop.await();
    }

    /** One call handed to a carrier, and its outcome. */
    private static final class Hop {
        private final IntCall call;
        private final Thread waiter;
        private volatile boolean done;
        private int result; // written before done, read after it
        private Throwable failure;

        Hop(IntCall call, Thread waiter) {
            this.call = call;
            this.waiter = waiter;
        }

        void onCarrier() {
            ON_CARRIER.set(Boolean.TRUE); // every thread of Carriers.POOL has the deep stack
            try {
                result = call.call();
            } catch (Throwable e) {
                failure = e;
            }
        }

        void finish() { // on the carrier, once it is idle again
            done = true;
            LockSupport.unpark(waiter);
        }

        int await() {
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
    }
}
