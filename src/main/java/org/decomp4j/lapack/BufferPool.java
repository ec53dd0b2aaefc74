package org.decomp4j.lapack;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

import org.bytedeco.javacpp.Pointer;

/**
 * Keeps freed large blocks for the next allocation of the same size class.
 *
 * <p>Why: a decomposition allocates its working copy, factors and workspace afresh, and glibc
 * hands large freed blocks back to the kernel, so the next call of the same shape page-faults
 * and zero-fills every page again. Measured on a 256×256 SVD: 8% slower than the same LAPACKE
 * call on reused buffers. Blocks from {@link #MIN_POOLED} bytes up are rounded up to size classes
 * (at most 1/8 above the request) and, when freed, kept here up to {@code decomp4j.bufferPool}
 * bytes in all (default 256 MiB; 0 disables); {@link #clear()} frees them. Pooled bytes are not
 * counted as live.
 *
 * <p>Idle release: a pool nobody has used for {@code decomp4j.bufferPoolIdle} (default 10 s; 0
 * keeps the blocks) is emptied by a daemon thread, so a program that has finished its
 * decompositions gives the memory back to the C heap without calling
 * {@code NativeConfig.releasePooledMemory()}. The thread starts with the first pooled block and
 * checks four times per idle period.
 */
final class BufferPool {
    /** Smaller blocks go straight to malloc, whose small-block bins already recycle them. */
    static final long MIN_POOLED = 64 << 10;

    private static final ConcurrentHashMap<Long, ConcurrentLinkedDeque<Pointer>> FREE = new ConcurrentHashMap<>();
    private static final AtomicLong POOLED = new AtomicLong();
    private static final AtomicLong LAST_USE = new AtomicLong(System.nanoTime());

    private BufferPool() {
    }

    private static final class Capacity {
        static final long BYTES = Config.bufferPool();
    }

    /** The idle sweeper, started by the first pooled block (class initialisation is the once-only guard). */
    private static final class Sweeper {
        static final long IDLE_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(Config.bufferPoolIdleMillis());

        static {
            if (IDLE_NANOS > 0) {
                java.util.concurrent.ScheduledExecutorService s =
                        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                            Thread t = new Thread(r, "decomp4j-pool-sweeper");
                            t.setDaemon(true);
                            return t;
                        });
                long period = Math.max(1, IDLE_NANOS / 4);
                s.scheduleWithFixedDelay(Sweeper::sweep, period, period, java.util.concurrent.TimeUnit.NANOSECONDS);
            }
        }

        static void start() {
            // initialising the class starts the thread
        }

        private static void sweep() {
            if (POOLED.get() > 0 && System.nanoTime() - LAST_USE.get() >= IDLE_NANOS) {
                clear();
            }
        }
    }

    /** The size class of a request: itself below {@link #MIN_POOLED}, else ≤ 12.5% above it. */
    static long sizeClass(long bytes) {
        if (bytes < MIN_POOLED) {
            return bytes;
        }
        long step = Long.highestOneBit(bytes - 1) >>> 3; // eight classes per power of two
        return (bytes + step - 1) / step * step;
    }

    /** A pooled block of exactly {@code classBytes}, or null. */
    static Pointer take(long classBytes) {
        if (classBytes < MIN_POOLED) {
            return null;
        }
        LAST_USE.set(System.nanoTime());
        ConcurrentLinkedDeque<Pointer> q = FREE.get(classBytes);
        Pointer p = q == null ? null : q.pollFirst();
        if (p != null) {
            POOLED.addAndGet(-classBytes);
        }
        return p;
    }

    /** Keeps {@code p} if there is room; false means the caller must free it. */
    static boolean give(Pointer p, long classBytes) {
        if (classBytes < MIN_POOLED) {
            return false;
        }
        long cap = Capacity.BYTES;
        while (true) {
            long now = POOLED.get();
            if (now + classBytes > cap) {
                return false;
            }
            if (POOLED.compareAndSet(now, now + classBytes)) {
                break;
            }
        }
        LAST_USE.set(System.nanoTime());
        FREE.computeIfAbsent(classBytes, k -> new ConcurrentLinkedDeque<>()).offerFirst(p);
        Sweeper.start();
        return true;
    }

    /** Bytes held for reuse. */
    static long pooledBytes() {
        return POOLED.get();
    }

    /** Frees every pooled block. */
    static void clear() {
        for (var e : FREE.entrySet()) {
            Pointer p;
            while ((p = e.getValue().pollFirst()) != null) {
                POOLED.addAndGet(-e.getKey());
                Pointer.free(p);
            }
        }
    }
}
