package org.decomp4j.lapack;

import java.net.URL;
import java.security.CodeSource;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.decomp4j.NativeMemoryLimitError;

/**
 * The lifetime safety net of native memory: a process-wide limit with back-pressure, and an
 * opt-in report of buffers collected without {@code close()}.
 *
 * <p><b>Limit</b> ({@code decomp4j.nativeMemoryLimit}, default {@code auto} = 3/4 of the physical
 * memory; a size such as {@code 8G}; {@code none}). A matrix forgotten without {@code close()} is
 * freed by the cleaner only after a garbage collection, and the Java heap, which sees only small
 * objects, has no reason to collect: without a limit, a loop that forgets its matrices grows to
 * the machine's memory ({@code -Xmx256m}, 3.9 GiB live measured). {@link NativeBuffer} asks
 * {@link #admits} before each new block from the C heap; when it would cross the limit, the same
 * path that handles a refused {@code malloc} runs (pool emptied, a GC, the cleaner given time,
 * retried), and only then {@link #exceeded} raises a {@link NativeMemoryLimitError} that names the
 * request, what is live, the limit and the setting. Live plus pooled bytes count against it. The
 * check and the allocation are not one atomic step: threads allocating at the same moment may
 * each pass it, so the limit can be exceeded by at most the blocks in flight.
 *
 * <p><b>Leak report</b> ({@code decomp4j.leakReport=true}, off by default because it captures a
 * stack walk per allocation): each buffer remembers the first stack frame outside decomp4j's
 * own classes that allocated it; when the cleaner frees a buffer that was never closed, that
 * site is logged once (per site) through {@link System.Logger} at {@code WARNING}, logger
 * {@code org.decomp4j.leaks}.
 */
public final class NativeMemoryLimit {
    /** The name of the cleaner's thread in {@link NativeBuffer}: a free on it means no close(). */
    static final String CLEANER_THREAD = "decomp4j-native-cleaner";

    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

    private NativeMemoryLimit() {
    }

    /**
     * Bytes every limit admits, known without asking for the physical memory: the limit itself when
     * it is a size or {@code none}, the floor of {@code auto} (256 MiB) otherwise. Asking costs the
     * JDK's platform MXBean with its container (cgroup) probes, about 40 ms of a first call, which
     * a process that never holds that much off-heap need not pay.
     */
    private static final class Floor {
        static final long BYTES = Config.nativeMemoryLimitFloor();
    }

    private static final class Settings {
        static final long LIMIT = Config.nativeMemoryLimit(PhysicalMemory.bytes());
    }

    private static final class Leaks {
        static final boolean ON = Config.leakReport();
        static final URL OWN = location(NativeBuffer.class);
    }

    /** The limit in force, in bytes ({@link Long#MAX_VALUE} for {@code none}). */
    public static long limit() {
        return Settings.LIMIT;
    }

    /** Whether the leak report is on. */
    public static boolean leakReportEnabled() {
        return Leaks.ON;
    }

    /** Whether a new block of {@code bytes} fits beside {@code live} bytes and the pool. */
    static boolean admits(long bytes, long live) {
        long floor = Floor.BYTES;
        long held = live + BufferPool.pooledBytes();
        if (bytes <= floor && held >= 0 && held <= floor - bytes) {
            return true;
        }
        long limit = Settings.LIMIT;
        return bytes <= limit && held <= limit - bytes;
    }

    /** The error for a request that still does not fit after the collection. */
    static NativeMemoryLimitError exceeded(long bytes, long elements, Object kind, long live, long liveCount,
                                           long freed) {
        long limit = Settings.LIMIT;
        return new NativeMemoryLimitError(bytes, live, limit, String.format(Locale.ROOT,
                "decomp4j: allocating %s off-heap for %d %s elements would exceed the native memory limit of %s:"
                        + " %s is live in %d buffers after a GC pass that freed %s of buffers never closed."
                        + " Close matrices, results and workspaces when done (try-with-resources);"
                        + " -Ddecomp4j.leakReport=true logs where forgotten ones were allocated. To allow more,"
                        + " set -D%s=SIZE (or in decomp4j.properties; auto = 3/4 of physical memory, none = no"
                        + " limit)", NativeBuffer.formatBytes(bytes), elements, kind, NativeBuffer.formatBytes(limit),
                NativeBuffer.formatBytes(live), liveCount, NativeBuffer.formatBytes(freed), Config.NATIVE_MEMORY_LIMIT));
    }

    /**
     * Where the buffer being created is allocated, for the leak report: the first frame outside
     * decomp4j's classes ("Caller.method(Caller.java:42)"); null when the report is off (nothing is
     * captured then).
     */
    static String site() {
        if (!Leaks.ON) {
            return null;
        }
        Optional<StackWalker.StackFrame> f = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(s -> s.filter(fr -> !ownClass(fr.getDeclaringClass())).findFirst());
        return f.map(fr -> fr.toStackTraceElement().toString()).orElse("(inside decomp4j)");
    }

    /**
     * Called as a buffer is freed: when that happens on the cleaner's thread (no close()) and the
     * buffer has a site, logs the site once.
     */
    static void freed(String site, long bytes) {
        if (site != null && Thread.currentThread().getName().equals(CLEANER_THREAD) && REPORTED.add(site)) {
            System.getLogger("org.decomp4j.leaks").log(System.Logger.Level.WARNING,
                    "decomp4j: a matrix or buffer of {0} was never closed; the garbage collector freed it. Allocated"
                            + " at {1} (reported once per place; close it, e.g. try-with-resources)",
                    NativeBuffer.formatBytes(bytes), site);
        }
    }

    /** decomp4j's own classes: those loaded from the jar or directory that holds this class. */
    private static boolean ownClass(Class<?> c) {
        URL own = Leaks.OWN;
        if (own == null) {
            return c.getName().startsWith("org.decomp4j.");
        }
        URL where = location(c);
        return own.equals(where) || c.getName().startsWith("java.") || c.getName().startsWith("jdk.");
    }

    private static URL location(Class<?> c) {
        CodeSource cs = c.getProtectionDomain().getCodeSource();
        return cs == null ? null : cs.getLocation();
    }
}
