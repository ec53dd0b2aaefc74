package org.decomp4j.lapack;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
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
 * bytes in all (default 256 MiB; 0 disables), the oldest freed first when a new one needs the room;
 * {@link #clear()} frees them. Pooled bytes are not counted as live.
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

    /** A pooled block and its size class. Identity, not address, tells blocks apart in {@link #ORDER}. */
    private static final class Block {
        final long classBytes;
        final Pointer pointer;

        Block(long classBytes, Pointer pointer) {
            this.classBytes = classBytes;
            this.pointer = pointer;
        }
    }

    private static final Object LOCK = new Object();
    private static final HashMap<Long, ArrayDeque<Block>> FREE = new HashMap<>(); // guarded by LOCK; newest first
    private static final LinkedHashSet<Block> ORDER = new LinkedHashSet<>(); // guarded by LOCK; oldest first
    private static final AtomicLong POOLED = new AtomicLong(); // written under LOCK, read anywhere
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
                // a plain daemon thread, not a scheduled executor: the executor's classes cost ~15 ms of
                // the first decomposition that pools a block
                Thread t = new Thread(new Loop(Math.max(1, IDLE_NANOS / 4)), "decomp4j-pool-sweeper");
                t.setDaemon(true);
                t.start();
            }
        }

        /** Sweeps every {@code period} nanoseconds until interrupted (never, but for a JVM shutting down). */
        private static final class Loop implements Runnable {
            private final long period;

            Loop(long period) {
                this.period = period;
            }

            @Override
            public void run() {
                while (true) {
                    try {
                        Thread.sleep(period / 1_000_000, (int) (period % 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                    sweep();
                }
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
        synchronized (LOCK) {
            ArrayDeque<Block> q = FREE.get(classBytes);
            Block b = q == null ? null : q.pollFirst();
            if (b == null) {
                return null;
            }
            ORDER.remove(b);
            POOLED.addAndGet(-classBytes);
            return b.pointer;
        }
    }

    /**
     * Keeps {@code p} for reuse; false means the caller must free it. When the pool is full, the
     * blocks given longest ago are freed first to make room: a program that moves from one shape to
     * another (SVDs of 2000², then LUs of 3000²) would otherwise keep the old shape's blocks while
     * every new block went back to the kernel and was faulted in afresh on the next call (measured:
     * a warm 3000² LU at 0.42 s instead of 0.22 s).
     */
    static boolean give(Pointer p, long classBytes) {
        long cap = Capacity.BYTES;
        if (classBytes < MIN_POOLED || classBytes > cap) {
            return false;
        }
        List<Pointer> evicted = new ArrayList<>();
        synchronized (LOCK) {
            Iterator<Block> oldest = ORDER.iterator();
            while (POOLED.get() + classBytes > cap && oldest.hasNext()) {
                Block b = oldest.next();
                oldest.remove();
                FREE.get(b.classBytes).removeLastOccurrence(b); // the oldest of its class: the deque's last
                POOLED.addAndGet(-b.classBytes);
                evicted.add(b.pointer);
            }
            Block b = new Block(classBytes, p);
            FREE.computeIfAbsent(classBytes, k -> new ArrayDeque<>()).offerFirst(b);
            ORDER.add(b);
            POOLED.addAndGet(classBytes);
        }
        for (Pointer e : evicted) {
            Pointer.free(e);
        }
        LAST_USE.set(System.nanoTime());
        Sweeper.start();
        return true;
    }

    /** Bytes held for reuse. */
    static long pooledBytes() {
        return POOLED.get();
    }

    /** Frees every pooled block. */
    static void clear() {
        List<Pointer> all = new ArrayList<>();
        synchronized (LOCK) {
            for (Block b : ORDER) {
                all.add(b.pointer);
            }
            ORDER.clear();
            FREE.clear();
            POOLED.set(0);
        }
        for (Pointer p : all) {
            Pointer.free(p);
        }
    }
}
