package org.decomp4j.lapack;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.Buffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.concurrent.atomic.AtomicLong;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.decomp4j.DType;

/**
 * One block of off-heap memory holding {@code float64}, {@code float32}, {@code complex128},
 * {@code complex64} or {@code int32} elements, indexed by {@code long}, so a buffer may hold more
 * than 2<sup>31</sup> elements.
 *
 * <p><b>Elements and scalars.</b> A complex element is two scalars, {@code re} then {@code im}
 * (LAPACK's and NumPy's interleaved layout). {@link #length()}, {@link #copy} and the pointers
 * handed to LAPACK count <em>elements</em>; the Java accessors ({@link #get}, {@link #set},
 * {@link #read}, {@link #write}, {@link #firstNonFinite}) count <em>scalars</em>: scalar
 * {@code 2i} is the real part of element {@code i}, {@code 2i + 1} its imaginary part. For a real
 * buffer the two counts coincide.
 *
 * <p>Memory comes from {@code malloc} and goes back through {@link #close()}; a {@link Cleaner}
 * frees it if the owner forgets, once the buffer is unreachable. That backstop is not the plan:
 * native memory is invisible to the Java heap, so the garbage collector may run too late.
 * {@link #liveBytes()} counts what is allocated and not yet freed, for leak tests and
 * monitoring.
 *
 * <p>Element access goes through direct NIO views of at most 1 GiB each, created on first use.
 *
 * <p><b>Lifetime across threads.</b> Every access to the memory, from Java or from a native call,
 * holds a {@linkplain #pin pin} for its duration; {@link #close()} marks the buffer closed at once
 * (later pins fail with {@link IllegalStateException}) but frees the memory only when the last pin
 * is released. So closing a buffer while another thread copies it or hands it to LAPACK can never
 * free memory under that call: the call finishes on valid memory (or fails cleanly before it
 * starts), and the block goes back to the pool only afterwards. Java's shared {@code Arena} has
 * the same rule, except that its {@code close()} fails while the arena is in use; here it defers,
 * so a {@code try}-with-resources block never throws from its close.
 */
public final class NativeBuffer implements AutoCloseable {
    /** Element kinds a buffer may hold. */
    public enum Kind {
        /** IEEE double. */
        F64(8, 1),
        /** IEEE single. */
        F32(4, 1),
        /** Complex of two IEEE doubles, interleaved {@code re, im}. */
        C128(16, 2),
        /** Complex of two IEEE singles, interleaved {@code re, im}. */
        C64(8, 2),
        /** 32-bit LAPACK integer (pivots, integer workspace). */
        I32(4, 1);

        final int bytes;
        final int scalars;

        Kind(int bytes, int scalars) {
            this.bytes = bytes;
            this.scalars = scalars;
        }

        /** Scalars per element: 2 for a complex kind, else 1. */
        public int scalars() {
            return scalars;
        }

        /** True when the scalars are doubles (F64, C128). */
        boolean doubles() {
            return this == F64 || this == C128;
        }

        /** True when the scalars are floats (F32, C64). */
        boolean floats() {
            return this == F32 || this == C64;
        }

        /** The buffer kind that stores elements of {@code t}. */
        public static Kind of(DType t) {
            return switch (t) {
                case F64 -> F64;
                case F32 -> F32;
                case C128 -> C128;
                case C64 -> C64;
            };
        }
    }

    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, NativeMemoryLimit.CLEANER_THREAD);
        t.setDaemon(true);
        return t;
    });
    private static final AtomicLong LIVE_BYTES = new AtomicLong();
    private static final AtomicLong LIVE_COUNT = new AtomicLong();
    private static final AtomicLong ALLOCATIONS = new AtomicLong();
    private static final AtomicLong PEAK_BYTES = new AtomicLong();
    private static final int CHUNK_SHIFT_BYTES = 30; // NIO views are int-indexed: 1 GiB each
    private static final ThreadLocal<double[]> SCAN = ThreadLocal.withInitial(() -> new double[1024]);
    private static final long CLOSED = Long.MIN_VALUE;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(NativeBuffer.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Kind kind;
    private final long elements;
    private final long scalars; // elements · kind.scalars: the Java accessors' index range
    private final Pointer raw;
    private final Cleaner.Cleanable cleanable; // null for wrapped memory: decomp4j frees nothing it did not allocate
    /** Wrapped memory only: the owner object kept reachable while this buffer is (a NIO buffer, a segment). */
    private Object keepAlive;
    /** Wrapped memory only: false once the owner's memory is gone (a closed arena); null if it cannot go. */
    private final java.util.function.BooleanSupplier ownerAlive;
    private final String ownerName; // for the message when ownerAlive says no
    private final int chunkShift; // log2(elements per NIO view)
    private final long chunkMask;
    /**
     * Pins held (low bits) and the closed flag (the sign bit): {@link #CLOSED} plus the pins still
     * held once closed. The memory is freed on the transition to exactly {@code CLOSED}, which
     * happens once: after the flag is set no new pin succeeds, so the count only falls.
     */
    @SuppressWarnings("unused") // through STATE
    private volatile long state;
    private Buffer[] views;
    // Pointer views at offset 0, reused by LAPACK calls; never repositioned.
    private DoublePointer dbase;
    private FloatPointer fbase;
    private IntPointer ibase;

    private NativeBuffer(Kind kind, long elements, boolean zero) {
        if (elements < 0) {
            throw new IllegalArgumentException("negative buffer length " + elements);
        }
        if (elements > Long.MAX_VALUE / kind.bytes) {
            throw new IllegalArgumentException("buffer of " + elements + " elements overflows a 64-bit byte count");
        }
        OpenBlas.requireLoaded(); // a missing native jar is named here, not as Pointer.malloc's bare link error
        this.kind = kind;
        this.elements = elements;
        this.scalars = elements * kind.scalars;
        long bytes = BufferPool.sizeClass(Math.max(elements * kind.bytes, 8)); // never null or zero-sized
        Pointer p = obtain(bytes, zero);
        if (p == null) {
            p = reclaimAndRetry(bytes, zero, elements, kind);
        }
        this.raw = p;
        long live = LIVE_BYTES.addAndGet(bytes);
        PEAK_BYTES.accumulateAndGet(live, Math::max);
        LIVE_COUNT.incrementAndGet();
        ALLOCATIONS.incrementAndGet();
        this.cleanable = CLEANER.register(this, new Freer(p, bytes, NativeMemoryLimit.site()));
        this.keepAlive = null;
        this.ownerAlive = null;
        this.ownerName = null;
        this.chunkShift = CHUNK_SHIFT_BYTES - Integer.numberOfTrailingZeros(kind.bytes / kind.scalars);
        this.chunkMask = (1L << chunkShift) - 1;
    }

    /**
     * Test hook (package-private, for tests only): the next {@code n} calls to {@code malloc} or
     * {@code calloc} are treated as failed, so that the reclaim-and-retry path runs without
     * exhausting the machine's memory. Zero in production.
     */
    static final java.util.concurrent.atomic.AtomicInteger FAIL_NEXT_MALLOCS =
            new java.util.concurrent.atomic.AtomicInteger();
    /** Longest wait for the cleaner after one {@code System.gc()}, and how many such passes are made. */
    static final long RECLAIM_WAIT_MILLIS = 100;
    static final int RECLAIM_PASSES = 2;
    private static final Object RECLAIM = new Object();

    /** A block from the pool, else from malloc/calloc; null if the C heap refuses. */
    private static Pointer obtain(long bytes, boolean zero) {
        Pointer p = BufferPool.take(bytes);
        if (p != null) {
            if (zero) {
                Pointer.memset(p, 0, bytes);
            }
            return p;
        }
        if (FAIL_NEXT_MALLOCS.get() > 0 && FAIL_NEXT_MALLOCS.getAndDecrement() > 0) {
            return null;
        }
        if (!NativeMemoryLimit.admits(bytes, LIVE_BYTES.get())) {
            return null; // past the process-wide limit: reclaimAndRetry collects, then reports the limit
        }
        p = zero ? Pointer.calloc(bytes, 1) : Pointer.malloc(bytes);
        return p == null || p.isNull() ? null : p;
    }

    /**
     * The C heap refused a block. Native memory is invisible to the Java heap, so buffers the
     * caller forgot may be unreachable yet unfreed simply because no collection has run: before
     * reporting, empty the pool, run a GC, give the cleaner up to {@link #RECLAIM_WAIT_MILLIS}
     * to free what it found, and try again ({@link #RECLAIM_PASSES} times). One thread reclaims
     * at a time; the others wait and retry after it.
     *
     * @throws OutOfMemoryError saying what was asked, what is live and how much the GC freed
     */
    private static Pointer reclaimAndRetry(long bytes, boolean zero, long elements, Kind kind) {
        long pooledAtFailure = BufferPool.pooledBytes();
        long freed = 0;
        synchronized (RECLAIM) {
            for (int pass = 0; pass < RECLAIM_PASSES; pass++) {
                BufferPool.clear();
                Pointer p = obtain(bytes, zero);
                if (p != null) {
                    return p;
                }
                long before = LIVE_BYTES.get();
                System.gc();
                awaitCleaner(before);
                BufferPool.clear(); // the cleaner gives freed blocks to the pool: hand them back to the C heap
                freed += Math.max(0, before - LIVE_BYTES.get());
                p = obtain(bytes, zero);
                if (p != null) {
                    return p;
                }
            }
        }
        if (!NativeMemoryLimit.admits(bytes, LIVE_BYTES.get())) {
            throw NativeMemoryLimit.exceeded(bytes, elements, kind, LIVE_BYTES.get(), LIVE_COUNT.get(), freed);
        }
        throw new OutOfMemoryError(String.format(
                "decomp4j: cannot allocate %s off-heap for %d %s elements: %s is live (%s freed by a GC pass,"
                        + " so that much had been unreachable; %s of pooled blocks released). Close matrices,"
                        + " results and workspaces when done (try-with-resources), or raise the process's memory"
                        + " limit (ulimit -v, the container's memory limit)",
                formatBytes(bytes), elements, kind, formatBytes(LIVE_BYTES.get()), formatBytes(freed),
                formatBytes(pooledAtFailure)));
    }

    /** Waits, at most {@link #RECLAIM_WAIT_MILLIS}, until live bytes fall below {@code before} and settle. */
    private static void awaitCleaner(long before) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(RECLAIM_WAIT_MILLIS);
        long last = LIVE_BYTES.get();
        int steady = 0;
        while (System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = LIVE_BYTES.get();
            if (now < last) {
                last = now;
                steady = 0;
            } else if (last < before && ++steady >= 3) {
                return; // the cleaner freed something and has gone quiet for 15 ms
            }
        }
    }

    /** Frees the block; runs at most once, from {@link #close()} or the cleaner. */
    private static final class Freer implements Runnable {
        private final Pointer raw;
        private final long bytes;
        private final String site; // where it was allocated, for the leak report; null when that is off

        Freer(Pointer raw, long bytes, String site) {
            this.raw = raw;
            this.bytes = bytes;
            this.site = site;
        }

        @Override
        public void run() {
            if (!BufferPool.give(raw, bytes)) {
                Pointer.free(raw);
            }
            LIVE_BYTES.addAndGet(-bytes);
            LIVE_COUNT.decrementAndGet();
            NativeMemoryLimit.freed(site, bytes);
        }
    }

    /** Uninitialised buffer of {@code n} elements of {@code t}. */
    public static NativeBuffer allocate(DType t, long n) {
        return new NativeBuffer(Kind.of(t), n, false);
    }

    /** Zero-filled buffer of {@code n} elements of {@code t}. */
    public static NativeBuffer zeros(DType t, long n) {
        return new NativeBuffer(Kind.of(t), n, true);
    }

    /** Zero-filled buffer of {@code n} 32-bit integers. */
    public static NativeBuffer ints(long n) {
        return new NativeBuffer(Kind.I32, n, true);
    }

    /** A buffer over memory decomp4j does not own: never freed, pooled or counted as live. */
    private NativeBuffer(Kind kind, long elements, long address, Object keepAlive,
                         java.util.function.BooleanSupplier ownerAlive, String ownerName) {
        this.kind = kind;
        this.elements = elements;
        this.scalars = elements * kind.scalars;
        this.raw = new At(address, elements * kind.bytes);
        this.cleanable = null;
        this.keepAlive = keepAlive;
        this.ownerAlive = ownerAlive;
        this.ownerName = ownerName;
        this.chunkShift = CHUNK_SHIFT_BYTES - Integer.numberOfTrailingZeros(kind.bytes / kind.scalars);
        this.chunkMask = (1L << chunkShift) - 1;
    }

    /**
     * A buffer over a direct NIO buffer's memory, without copying: element 0 is the element at the
     * buffer's position, and the buffer holds {@code elements} elements of {@code t} from there
     * (a complex element is two scalars of the real type). The NIO buffer is kept reachable as
     * long as this one is; {@link #close()} frees nothing; the memory is not counted by
     * {@link #liveBytes()} or the native-memory limit. Later changes to the NIO buffer's position
     * or limit do not move this one.
     *
     * @param nio      a direct {@code ByteBuffer}, {@code DoubleBuffer} (F64, C128) or {@code FloatBuffer}
     *                 (F32, C64), in native byte order
     * @param t        the element type
     * @param elements elements to cover, ≥ 0
     * @throws IllegalArgumentException if the buffer is on the heap, of the wrong element type, in the
     *     wrong byte order, misaligned for {@code t}, or has fewer than the needed scalars remaining
     */
    public static NativeBuffer wrap(Buffer nio, DType t, long elements) {
        Kind kind = Kind.of(t);
        int unit; // bytes per position of the NIO buffer
        if (nio instanceof java.nio.ByteBuffer b) {
            unit = 1;
            requireNativeOrder(b.order(), "ByteBuffer");
        } else if (nio instanceof DoubleBuffer d) {
            unit = 8;
            if (!kind.doubles()) {
                throw new IllegalArgumentException("a DoubleBuffer holds float64 scalars, not " + t.numpyName());
            }
            requireNativeOrder(d.order(), "DoubleBuffer");
        } else if (nio instanceof FloatBuffer f) {
            unit = 4;
            if (!kind.floats()) {
                throw new IllegalArgumentException("a FloatBuffer holds float32 scalars, not " + t.numpyName());
            }
            requireNativeOrder(f.order(), "FloatBuffer");
        } else {
            throw new IllegalArgumentException("cannot wrap a " + nio.getClass().getSimpleName()
                    + ": use a ByteBuffer, DoubleBuffer or FloatBuffer");
        }
        if (!nio.isDirect()) {
            throw new IllegalArgumentException("a heap " + nio.getClass().getSimpleName() + " has no native address");
        }
        if (elements < 0 || elements > Long.MAX_VALUE / kind.bytes) {
            throw new IllegalArgumentException("cannot wrap " + elements + " elements");
        }
        long needBytes = elements * kind.bytes;
        long haveBytes = (long) nio.remaining() * unit;
        if (haveBytes < needBytes) {
            throw new IllegalArgumentException(String.format(
                    "%d %s elements need %d bytes (%d %s scalars); the buffer has %d remaining after its position %d"
                            + " (%s)", elements, t.numpyName(), needBytes, needBytes / (kind.bytes / kind.scalars),
                    t.real().numpyName(), haveBytes, nio.position(), unit == 1 ? "bytes" : "scalars"));
        }
        OpenBlas.requireLoaded(); // JavaCPP reads the address natively
        // JavaCPP's Pointer(Buffer) keeps the position apart from the address: ask with position 0
        Buffer whole = nio.duplicate().clear();
        long base = new Pointer(whole).address();
        if (base == 0 && elements > 0) {
            throw new IllegalArgumentException("the direct buffer has no native address");
        }
        long address = base + (long) nio.position() * unit;
        int align = kind.bytes / kind.scalars;
        if (address % align != 0) {
            throw new IllegalArgumentException(String.format(
                    "%s data must start at a multiple of %d bytes; the buffer's position %d is %d bytes past one",
                    t.numpyName(), align, nio.position(), address % align));
        }
        return new NativeBuffer(kind, elements, address, nio, null, null);
    }

    /**
     * A buffer over native memory owned by someone else (a {@code MemorySegment}), without copying.
     * {@code alive} is asked before every access, Java or native; once it says false, accesses
     * fail with an {@link IllegalStateException} naming {@code ownerName}. {@link #close()} frees
     * nothing; the memory is not counted as live.
     *
     * @param address   address of element 0, aligned to the scalar size
     * @param bytes     bytes available from {@code address}
     * @param t         element type
     * @param elements  elements to cover, with {@code elements · bytes(t) ≤ bytes}
     * @param keepAlive kept reachable as long as this buffer is (the segment)
     * @param alive     whether the owner's memory is still valid
     * @param ownerName what to call the owner in messages
     * @throws IllegalArgumentException on a null address, misalignment or too few bytes
     */
    public static NativeBuffer wrapAddress(long address, long bytes, DType t, long elements, Object keepAlive,
                                           java.util.function.BooleanSupplier alive, String ownerName) {
        Kind kind = Kind.of(t);
        if (elements < 0 || elements > Long.MAX_VALUE / kind.bytes) {
            throw new IllegalArgumentException("cannot wrap " + elements + " elements");
        }
        long needBytes = elements * kind.bytes;
        if (bytes < needBytes) {
            throw new IllegalArgumentException(String.format("%d %s elements need %d bytes; the %s has %d",
                    elements, t.numpyName(), needBytes, ownerName, bytes));
        }
        if (address == 0 && elements > 0) {
            throw new IllegalArgumentException("the " + ownerName + " has a null address");
        }
        int align = kind.bytes / kind.scalars;
        if (address % align != 0) {
            throw new IllegalArgumentException(String.format("%s data must start at a multiple of %d bytes; the %s"
                    + " starts %d bytes past one", t.numpyName(), align, ownerName, address % align));
        }
        OpenBlas.requireLoaded();
        return new NativeBuffer(kind, elements, address, keepAlive, java.util.Objects.requireNonNull(alive),
                ownerName);
    }

    private static void requireNativeOrder(java.nio.ByteOrder order, String what) {
        if (order != java.nio.ByteOrder.nativeOrder()) {
            throw new IllegalArgumentException(String.format(
                    "the %s is %s; LAPACK reads native order (%s): set .order(ByteOrder.nativeOrder()) on the"
                            + " ByteBuffer before wrapping (or before asDoubleBuffer()/asFloatBuffer())",
                    what, order, java.nio.ByteOrder.nativeOrder()));
        }
    }

    /**
     * True for a buffer over memory decomp4j does not own ({@link #wrap}, {@link #wrapAddress}):
     * closing it frees nothing.
     *
     * @return whether the memory belongs to someone else
     */
    public boolean isWrapped() {
        return cleanable == null;
    }

    /** Bytes currently allocated by all buffers and not yet freed. */
    public static long liveBytes() {
        return LIVE_BYTES.get();
    }

    /** Most bytes live at once since the JVM started or the last {@link #resetPeak()}. */
    public static long peakBytes() {
        return PEAK_BYTES.get();
    }

    /** Restarts {@link #peakBytes()} from the bytes live now. */
    public static void resetPeak() {
        PEAK_BYTES.set(LIVE_BYTES.get());
    }

    /** Bytes of freed buffers kept for reuse (not counted as live); see {@link #releasePooled()}. */
    public static long pooledBytes() {
        return BufferPool.pooledBytes();
    }

    /** Frees the buffers kept for reuse. */
    public static void releasePooled() {
        BufferPool.clear();
    }

    /** Buffers allocated since the JVM started (pooled or not), for tests of allocation-free paths. */
    public static long allocations() {
        return ALLOCATIONS.get();
    }

    /** Number of buffers currently allocated and not yet freed. */
    public static long liveCount() {
        return LIVE_COUNT.get();
    }

    /** Element kind. */
    public Kind kind() {
        return kind;
    }

    /** Capacity in elements (complex elements for a complex buffer). */
    public long length() {
        return elements;
    }

    /** Capacity in scalars, the index range of the Java accessors: {@code length() · kind().scalars()}. */
    public long scalars() {
        return scalars;
    }

    /** True once {@link #close()} has run (the memory may still be in use by a pinned call). */
    public boolean isClosed() {
        return state < 0;
    }

    /**
     * Marks the buffer closed and frees the memory now, or, if another thread holds a pin (a copy
     * or a native call in progress), as soon as that pin is released. Idempotent; never throws.
     */
    @Override
    public void close() {
        long s = state;
        while (s >= 0) {
            long seen = (long) STATE.compareAndExchange(this, s, s | CLOSED);
            if (seen == s) {
                if (s == 0) {
                    free();
                }
                return;
            }
            s = seen;
        }
    }

    private void free() {
        views = null;
        dbase = null;
        fbase = null;
        ibase = null;
        if (cleanable != null) {
            cleanable.clean();
        }
        keepAlive = null; // the caller's memory: nothing to free, only the reference to let go
    }

    /**
     * Holds the memory for one access: until {@link #release()}, {@link #close()} cannot free it.
     *
     * @throws IllegalStateException if the buffer is already closed
     */
    void acquire() {
        long s = state;
        while (true) {
            if (s < 0) {
                throw closedError();
            }
            long seen = (long) STATE.compareAndExchange(this, s, s + 1);
            if (seen == s) {
                break;
            }
            s = seen;
        }
        if (ownerAlive != null && !ownerAlive.getAsBoolean()) {
            release();
            throw new IllegalStateException(String.format("%s buffer of %d elements wraps a %s whose memory is gone"
                    + " (its arena was closed); wrap the data again, or copy() it while the owner is alive",
                    kind, elements, ownerName));
        }
    }

    /** Ends one {@link #acquire()}; frees the memory if the buffer was closed meanwhile and this was the last pin. */
    void release() {
        if ((long) STATE.getAndAdd(this, -1L) - 1 == CLOSED) {
            free();
        }
    }

    /**
     * Pins every non-null buffer for the duration of a native call (released by
     * {@link Pin#close()}); duplicates are fine. Every routine wrapper takes its pins before it
     * asks for a pointer, and pointers are refused to unpinned buffers.
     *
     * @throws IllegalStateException if one of them is closed (the others are released again)
     */
    public static Pin pin(NativeBuffer... buffers) {
        Pin p = new Pin(buffers.length);
        try {
            for (NativeBuffer b : buffers) {
                p.add(b);
            }
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
        return p;
    }

    /** {@link #pin(NativeBuffer...)} of the blocks' buffers; null blocks are skipped. */
    public static Pin pin(Block... blocks) {
        Pin p = new Pin(blocks.length);
        try {
            for (Block b : blocks) {
                if (b != null) {
                    p.add(b.buffer());
                }
            }
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
        return p;
    }

    /** Pins held for one native call; see {@link NativeBuffer#pin(NativeBuffer...)}. */
    public static final class Pin implements AutoCloseable {
        private NativeBuffer[] held;
        private int count;

        private Pin(int capacity) {
            held = new NativeBuffer[Math.max(capacity, 2)];
        }

        /** Pins {@code b} too (null is ignored); returns this pin. */
        public Pin and(NativeBuffer b) {
            try {
                add(b);
            } catch (RuntimeException e) {
                close();
                throw e;
            }
            return this;
        }

        /** Pins the buffer of {@code b} too (null is ignored); returns this pin. */
        public Pin and(Block b) {
            return and(b == null ? null : b.buffer());
        }

        private void add(NativeBuffer b) {
            if (b == null) {
                return;
            }
            b.acquire();
            if (count == held.length) {
                held = java.util.Arrays.copyOf(held, count * 2);
            }
            held[count++] = b;
        }

        /** Releases every pin, last first. */
        @Override
        public void close() {
            while (count > 0) {
                NativeBuffer b = held[--count];
                held[count] = null;
                b.release();
            }
        }
    }

    void checkOpen() {
        if (state < 0) {
            throw closedError();
        }
    }

    /** Pointers go to native code: only inside a pin (a wrapper that forgot one is a decomp4j bug). */
    private void requirePinned() {
        if ((state & Long.MAX_VALUE) == 0) {
            if (state < 0) {
                throw closedError();
            }
            throw new IllegalStateException("decomp4j bug: native pointer to an unpinned buffer");
        }
    }

    private IllegalStateException closedError() {
        return new IllegalStateException(String.format(
                "%s buffer of %d elements is closed: its matrix, result or workspace was closed (possibly by"
                        + " another thread); a buffer is usable until its owner's close()", kind, elements));
    }

    private void checkIndex(long i) {
        if (i < 0 || i >= scalars) {
            throw new IndexOutOfBoundsException("scalar " + i + " outside buffer of " + scalars);
        }
    }

    // ---- typed pointer views for the binding ---------------------------------------------

    /**
     * A double pointer at element {@code offset} of an F64 or C128 buffer (JavaCPP passes
     * LAPACKE's {@code lapack_complex_double*} as a {@code DoublePointer}: the position counts
     * scalars, two per complex element).
     */
    DoublePointer d(long offset) {
        requirePinned();
        if (!kind.doubles()) {
            throw new IllegalStateException("expected a float64 or complex128 buffer, got " + kind);
        }
        if (dbase == null) {
            dbase = new DoublePointer(raw).capacity(scalars);
        }
        return offset == 0 ? dbase : new DoublePointer(raw).capacity(scalars).position(offset * kind.scalars);
    }

    /** A float pointer at element {@code offset} of an F32 or C64 buffer (see {@link #d}). */
    FloatPointer f(long offset) {
        requirePinned();
        if (!kind.floats()) {
            throw new IllegalStateException("expected a float32 or complex64 buffer, got " + kind);
        }
        if (fbase == null) {
            fbase = new FloatPointer(raw).capacity(scalars);
        }
        return offset == 0 ? fbase : new FloatPointer(raw).capacity(scalars).position(offset * kind.scalars);
    }

    /**
     * An untyped pointer at element {@code offset}, position 0, for CBLAS's {@code void*}
     * parameters (the complex routines): JavaCPP does not scale the position of a pointer passed
     * as {@code void*} by its element size, so the address itself must be moved.
     */
    Pointer v(long offset) {
        requirePinned();
        if (offset < 0 || offset > elements) {
            throw new IndexOutOfBoundsException("element " + offset + " outside buffer of " + elements);
        }
        return new At(raw.address() + offset * kind.bytes, (elements - offset) * kind.bytes);
    }

    IntPointer i(long offset) {
        requirePinned();
        if (kind != Kind.I32) {
            throw new IllegalStateException("expected an int32 buffer, got " + kind);
        }
        if (ibase == null) {
            ibase = new IntPointer(raw).capacity(elements);
        }
        return offset == 0 ? ibase : new IntPointer(raw).capacity(elements).position(offset);
    }

    /**
     * A pointer at scalar {@code start} with position 0. JavaCPP's {@code asBuffer()} computes
     * byte offsets in 32 bits and returns an empty buffer for positions past 4 GiB, so views of
     * large buffers start from their own address instead of a position.
     */
    private Pointer at(long start, long count) {
        int b = kind.bytes / kind.scalars;
        return new At(raw.address() + start * b, count * b);
    }

    private static final class At extends Pointer {
        At(long address, long bytes) {
            this.address = address;
            this.limit = bytes;
            this.capacity = bytes;
        }
    }

    /** Byte-addressed view for memcpy/memset. */
    private BytePointer bytesAt(long byteOffset) {
        return new BytePointer(raw).position(byteOffset);
    }

    // ---- element access ------------------------------------------------------------------

    /** The NIO view holding element {@code i}, created on first use. */
    private Buffer chunk(long i) {
        int c = (int) (i >>> chunkShift);
        Buffer[] v = views;
        if (v == null || v[c] == null) {
            requirePinned();
            if (v == null) {
                v = new Buffer[(int) ((scalars + chunkMask) >>> chunkShift) + 1];
                views = v;
            }
            long start = (long) c << chunkShift;
            long count = Math.min(scalars, start + chunkMask + 1) - start;
            Pointer at = at(start, count);
            v[c] = switch (kind) {
                case F64, C128 -> new DoublePointer(at).capacity(count).asBuffer();
                case F32, C64 -> new FloatPointer(at).capacity(count).asBuffer();
                case I32 -> new IntPointer(at).capacity(count).asBuffer();
            };
        }
        return v[c];
    }

    private DoubleBuffer dview(long i) {
        if (!kind.doubles()) {
            throw new IllegalStateException("expected a float64 or complex128 buffer, got " + kind);
        }
        return (DoubleBuffer) chunk(i);
    }

    private FloatBuffer fview(long i) {
        if (!kind.floats()) {
            throw new IllegalStateException("expected a float32 or complex64 buffer, got " + kind);
        }
        return (FloatBuffer) chunk(i);
    }

    private IntBuffer iview(long i) {
        if (kind != Kind.I32) {
            throw new IllegalStateException("expected an int32 buffer, got " + kind);
        }
        return (IntBuffer) chunk(i);
    }

    /** Scalar {@code i} as a double (float32 widened); see the class comment on scalars. */
    public double get(long i) {
        checkIndex(i);
        acquire();
        try {
            return kind.doubles() ? dview(i).get((int) (i & chunkMask)) : fview(i).get((int) (i & chunkMask));
        } finally {
            release();
        }
    }

    /** Sets scalar {@code i} (rounded to float32 in a float32 or complex64 buffer). */
    public void set(long i, double v) {
        checkIndex(i);
        acquire();
        try {
            if (kind.doubles()) {
                dview(i).put((int) (i & chunkMask), v);
            } else {
                fview(i).put((int) (i & chunkMask), (float) v);
            }
        } finally {
            release();
        }
    }

    /** Integer element {@code i} of an int32 buffer. */
    public int getInt(long i) {
        checkIndex(i);
        acquire();
        try {
            return iview(i).get((int) (i & chunkMask));
        } finally {
            release();
        }
    }

    /** Sets integer element {@code i} of an int32 buffer. */
    public void setInt(long i, int v) {
        checkIndex(i);
        acquire();
        try {
            iview(i).put((int) (i & chunkMask), v);
        } finally {
            release();
        }
    }

    /**
     * Copies {@code len} scalars starting at scalar {@code offset} into {@code dst[dstOff..]},
     * widening float32.
     */
    public void read(long offset, double[] dst, int dstOff, int len) {
        checkRange(offset, len);
        java.util.Objects.checkFromIndexSize(dstOff, len, dst.length);
        acquire();
        try {
            int done = 0;
            while (done < len) {
                long at = offset + done;
                int within = (int) (at & chunkMask);
                int n = (int) Math.min(len - done, chunkMask + 1 - within);
                if (kind.doubles()) {
                    dview(at).get(within, dst, dstOff + done, n);
                } else {
                    FloatBuffer fb = fview(at);
                    for (int k = 0; k < n; k++) {
                        dst[dstOff + done + k] = fb.get(within + k);
                    }
                }
                done += n;
            }
        } finally {
            release();
        }
    }

    /** Copies {@code src[srcOff..srcOff+len)} into the buffer at scalar {@code offset}, rounding for float32. */
    public void write(long offset, double[] src, int srcOff, int len) {
        checkRange(offset, len);
        java.util.Objects.checkFromIndexSize(srcOff, len, src.length);
        acquire();
        try {
            int done = 0;
            while (done < len) {
                long at = offset + done;
                int within = (int) (at & chunkMask);
                int n = (int) Math.min(len - done, chunkMask + 1 - within);
                if (kind.doubles()) {
                    dview(at).put(within, src, srcOff + done, n);
                } else {
                    FloatBuffer fb = fview(at);
                    for (int k = 0; k < n; k++) {
                        fb.put(within + k, (float) src[srcOff + done + k]);
                    }
                }
                done += n;
            }
        } finally {
            release();
        }
    }

    /** Copies {@code len} scalars from scalar {@code offset} into {@code dst}, rounding doubles. */
    public void read(long offset, float[] dst, int dstOff, int len) {
        checkRange(offset, len);
        java.util.Objects.checkFromIndexSize(dstOff, len, dst.length);
        acquire();
        try {
            int done = 0;
            while (done < len) {
                long at = offset + done;
                int within = (int) (at & chunkMask);
                int n = (int) Math.min(len - done, chunkMask + 1 - within);
                if (kind.floats()) {
                    fview(at).get(within, dst, dstOff + done, n);
                } else {
                    DoubleBuffer db = dview(at);
                    for (int k = 0; k < n; k++) {
                        dst[dstOff + done + k] = (float) db.get(within + k);
                    }
                }
                done += n;
            }
        } finally {
            release();
        }
    }

    /** Copies {@code src[srcOff..srcOff+len)} into the buffer at scalar {@code offset}. */
    public void write(long offset, float[] src, int srcOff, int len) {
        checkRange(offset, len);
        java.util.Objects.checkFromIndexSize(srcOff, len, src.length);
        acquire();
        try {
            int done = 0;
            while (done < len) {
                long at = offset + done;
                int within = (int) (at & chunkMask);
                int n = (int) Math.min(len - done, chunkMask + 1 - within);
                if (kind.floats()) {
                    fview(at).put(within, src, srcOff + done, n);
                } else {
                    DoubleBuffer db = dview(at);
                    for (int k = 0; k < n; k++) {
                        db.put(within + k, src[srcOff + done + k]);
                    }
                }
                done += n;
            }
        } finally {
            release();
        }
    }

    /** Copies {@code len} integers into {@code dst} (I32 buffers only). */
    public void read(long offset, int[] dst, int dstOff, int len) {
        checkRange(offset, len);
        java.util.Objects.checkFromIndexSize(dstOff, len, dst.length);
        acquire();
        try {
            int done = 0;
            while (done < len) {
                long at = offset + done;
                int within = (int) (at & chunkMask);
                int n = (int) Math.min(len - done, chunkMask + 1 - within);
                iview(at).get(within, dst, dstOff + done, n);
                done += n;
            }
        } finally {
            release();
        }
    }

    /** Copies integers from {@code src} into the buffer at {@code offset} (I32 buffers only). */
    public void write(long offset, int[] src, int srcOff, int len) {
        checkRange(offset, len);
        java.util.Objects.checkFromIndexSize(srcOff, len, src.length);
        acquire();
        try {
            int done = 0;
            while (done < len) {
                long at = offset + done;
                int within = (int) (at & chunkMask);
                int n = (int) Math.min(len - done, chunkMask + 1 - within);
                iview(at).put(within, src, srcOff + done, n);
                done += n;
            }
        } finally {
            release();
        }
    }

    /**
     * Index of the first scalar in {@code [offset, offset+len)} (scalar indices) that is NaN or
     * infinite, or -1. Floating buffers only; for a complex buffer an even answer is a real part,
     * an odd one an imaginary part.
     */
    public long firstNonFinite(long offset, long len) {
        checkRange(offset, len);
        acquire();
        try {
            long done = 0;
            while (done < len) {
                long at = offset + done;
                int within = (int) (at & chunkMask);
                int n = (int) Math.min(len - done, chunkMask + 1 - within);
                if (kind.doubles()) {
                    // bulk copies into a Java array scan faster than element reads of the view
                    DoubleBuffer b = dview(at);
                    double[] s = SCAN.get();
                    for (int k = 0; k < n; k += s.length) {
                        int m = Math.min(s.length, n - k);
                        b.get(within + k, s, 0, m);
                        for (int q = 0; q < m; q++) {
                            double x = s[q];
                            if (x - x != 0) { // 0 for finite x; NaN for NaN or infinity
                                return at + k + q;
                            }
                        }
                    }
                } else if (kind.floats()) {
                    FloatBuffer b = fview(at);
                    for (int k = 0; k < n; k++) {
                        float x = b.get(within + k);
                        if (x - x != 0) {
                            return at + k;
                        }
                    }
                } else {
                    throw new IllegalStateException("finiteness of an int32 buffer");
                }
                done += n;
            }
            return -1;
        } finally {
            release();
        }
    }

    /** Checks a range of scalars (the Java accessors' unit). */
    private void checkRange(long offset, long len) {
        checkRange(offset, len, scalars);
    }

    private static void checkRange(long offset, long len, long limit) {
        if (len == 0 && offset >= 0) {
            return; // an empty range touches nothing; columns of a 0-row matrix start anywhere
        }
        if (offset < 0 || len < 0 || offset > limit - len) {
            throw new IndexOutOfBoundsException(
                    "range [" + offset + ", " + offset + "+" + len + ") outside buffer of " + limit);
        }
    }

    /**
     * Copies {@code count} elements between buffers of the same kind with {@code memcpy}.
     * Overlapping ranges in one buffer are not allowed.
     */
    public static void copy(NativeBuffer src, long srcOff, NativeBuffer dst, long dstOff, long count) {
        if (src.kind != dst.kind) {
            throw new IllegalArgumentException("copy from " + src.kind + " to " + dst.kind + " needs a conversion");
        }
        checkRange(srcOff, count, src.elements);
        checkRange(dstOff, count, dst.elements);
        if (count == 0) {
            src.checkOpen();
            dst.checkOpen();
            return;
        }
        int b = src.kind.bytes;
        try (Pin p = pin(src, dst)) {
            Pointer.memcpy(dst.bytesAt(dstOff * b), src.bytesAt(srcOff * b), count * b);
        }
    }

    /** Human-readable byte count, e.g. {@code 96.0 MiB} (no String.format: plans call it per SVD). */
    public static String formatBytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int u = 0;
        long scale = 1024;
        while (u < units.length - 1 && bytes / scale >= 1024) {
            scale <<= 10;
            u++;
        }
        long tenths = Math.round(bytes * 10.0 / scale);
        return (tenths / 10) + "." + (tenths % 10) + " " + units[u];
    }
}
