package org.decomp4j.lapack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas;

/**
 * The loaded OpenBLAS: loading, its process-wide thread count, and what it really runs on.
 *
 * <p>The bytedeco binding exposes neither {@code openblas_get_corename} nor
 * {@code openblas_get_config}, and its compile-time constant {@code OPENBLAS_CHAR_CORENAME} names
 * the build target ({@code NEHALEM}), not the kernel chosen at run time. The bundled library is a
 * {@code DYNAMIC_ARCH} build: at load it points the exported {@code gotoblas} at one of the exported
 * per-core tables {@code gotoblas_<CORE>}. {@link #coreName()} compares those addresses, read
 * through {@code dlsym}; with another BLAS (e.g. {@code -Dorg.bytedeco.openblas.load=mkl_rt}) the
 * symbols are absent and it answers {@code "unknown"}. The thread count is read from OpenBLAS's
 * exported {@code blas_cpu_number}, which {@code openblas_get_num_threads} returns.
 */
public final class OpenBlas {
    // x86_64 DYNAMIC_ARCH targets of OpenBLAS 0.3.x (the per-core tables exported by the library)
    private static final String[] CORES = {
        "SAPPHIRERAPIDS", "COOPERLAKE", "SKYLAKEX", "HASWELL", "ZEN", "SANDYBRIDGE", "NEHALEM",
        "EXCAVATOR", "STEAMROLLER", "PILEDRIVER", "BULLDOZER", "BARCELONA", "ATOM", "DUNNINGTON",
        "PENRYN", "CORE2", "OPTERON_SSE3", "OPTERON", "PRESCOTT", "NORTHWOOD", "BANIAS", "COPPERMINE",
        "KATMAI", "ATHLON", "NANO",
        // arm64 and others: harmless lookups where absent
        "NEOVERSEN2", "NEOVERSEV1", "NEOVERSEN1", "THUNDERX2T99", "CORTEXA57", "CORTEXA53", "ARMV8",
        "VORTEX", "A64FX", "POWER10", "POWER9", "POWER8"
    };

    /**
     * Most OpenBLAS threads decomp4j sets: OpenBLAS's own build limit ({@code NUM_THREADS}) is at
     * most this in the bundled builds, and each thread gets per-thread buffers of tens of MiB.
     */
    public static final int MAX_THREADS = 1024;

    private OpenBlas() {
    }

    private static final class Loaded {
        static final Throwable FAILURE = load();

        private static Throwable load() {
            try {
                // the CLI asks in code; an application that owns its JVM may ask by property
                boolean fromCache = OpenBlas.fromCache || Config.loadFromCache();
                boolean direct = fromCache && CachedNatives.tryLoad(cacheDir(), Loader.getPlatform());
                Loader.load(openblas.class); // after a direct load JavaCPP's loader is off: this only initialises classes
                if (fromCache && !direct) {
                    CachedNatives.record(cacheDir(), Loader.getPlatform()); // for the next process
                }
                // clamped, not refused: a bad property must not make OpenBLAS unloadable
                int t = Math.min(Config.threads(), MAX_THREADS);
                if (t > 0) {
                    org.bytedeco.openblas.presets.openblas.blas_set_num_threads(t);
                }
                return null;
            } catch (Throwable e) { // UnsatisfiedLinkError, or a platform without binaries
                return e;
            }
        }
    }

    private static volatile boolean fromCache;

    /**
     * For a process that owns its JVM and uses no other JavaCPP preset (the command line): the next
     * first load takes the libraries an earlier run recorded straight from JavaCPP's cache, and
     * switches JavaCPP's loader off for the rest of the process (see {@code CachedNatives}: about
     * 0.06 s instead of 0.19 s). Without a valid record it loads as always and writes one. Has no
     * effect once OpenBLAS is loaded.
     */
    public static void loadFromJavaCppCache() {
        fromCache = true;
    }

    /**
     * Loads OpenBLAS once (and applies {@code decomp4j.threads}); every wrapper calls this first.
     *
     * @throws NativeLoadError if OpenBLAS cannot load: naming JavaCPP's cache directory and
     *     {@code -Dorg.bytedeco.javacpp.cachedir} when that directory cannot be written, else the
     *     platform and the dependency to add
     */
    public static void ensureLoaded() {
        checkLoaded();
        if (restorePending) { // a native call outside any batch: give it the caller's thread count back
            restoreIfPending();
        }
    }

    /** JavaCPP's system property naming its cache directory (default {@code ~/.javacpp/cache}). */
    static final String CACHE_DIR_PROPERTY = "org.bytedeco.javacpp.cachedir";

    /**
     * Loads the natives if needed and fails with the explained load error if they are missing; no
     * other side effect (buffers call it before their first {@code malloc}, which needs JavaCPP's
     * natives and would otherwise fail with a bare {@code UnsatisfiedLinkError}).
     */
    static void requireLoaded() {
        checkLoaded();
    }

    private static void checkLoaded() {
        Throwable f = Loaded.FAILURE;
        if (f == null) {
            return;
        }
        throw loadError(f, cacheDir());
    }

    /**
     * The error for a failed load. JavaCPP extracts the bundled libraries into its cache directory
     * before loading them; a read-only home (a locked-down container) makes every load fail with a
     * message that points at the classpath. So the cache directory is inspected first: when it
     * cannot be written, that is the cause and the message says how to move it.
     */
    static NativeLoadError loadError(Throwable f, Path cache) {
        String platform = Loader.getPlatform();
        Optional<String> why = unwritable(cache);
        if (why.isPresent()) {
            return new NativeLoadError("decomp4j could not load OpenBLAS: JavaCPP extracts it into its cache directory "
                    + cache + ", which " + why.get() + ". Point the cache at a writable directory: java -D"
                    + CACHE_DIR_PROPERTY + "=/path/to/writable/dir ... (JavaCPP said: " + f.getMessage() + ")",
                    cache, f);
        }
        return new NativeLoadError("decomp4j could not load OpenBLAS for platform '" + platform + "': " + f
                + ". Add org.bytedeco:openblas:" + openblasVersionOfJar() + ":" + platform
                + " to the classpath (build with -Djavacpp.platform=" + platform + " or -Pall-platforms).", null, f);
    }

    /** JavaCPP's cache directory: {@value #CACHE_DIR_PROPERTY}, else {@code ~/.javacpp/cache}. */
    static Path cacheDir() {
        String p = System.getProperty(CACHE_DIR_PROPERTY);
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        return Path.of(System.getProperty("user.home", ""), ".javacpp", "cache");
    }

    /**
     * Why {@code dir} cannot serve as a cache, or empty if it can: it exists and is not a writable
     * directory, or its nearest existing ancestor is not a writable directory (so it cannot be
     * created). Root ignores permission bits, and {@code isWritable} says so; a file in the path
     * stops even root.
     */
    static Optional<String> unwritable(Path dir) {
        Path d = dir.toAbsolutePath();
        if (Files.exists(d)) {
            if (!Files.isDirectory(d)) {
                return Optional.of("is not a directory");
            }
            return Files.isWritable(d) ? Optional.empty() : Optional.of("is not writable");
        }
        Path up = d.getParent();
        while (up != null && !Files.exists(up)) {
            up = up.getParent();
        }
        if (up == null) {
            return Optional.of("cannot be created");
        }
        if (!Files.isDirectory(up)) {
            return Optional.of("cannot be created: " + up + " is not a directory");
        }
        return Files.isWritable(up) ? Optional.empty()
                : Optional.of("cannot be created: " + up + " is not writable");
    }

    private static String openblasVersionOfJar() {
        Package p = openblas.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "<version>" : v;
    }

    /** OpenBLAS's current process-wide thread count. */
    public static int threads() {
        ensureLoaded();
        return threadsNow();
    }

    static int threadsNow() { // without applying a pending restore
        Pointer p = Loader.addressof("blas_cpu_number");
        if (p != null && !p.isNull()) {
            int n = new IntPointer(p).get(0);
            if (n > 0) {
                return n;
            }
        }
        int n = org.bytedeco.openblas.presets.openblas.blas_get_num_threads();
        return n > 0 ? n : Runtime.getRuntime().availableProcessors();
    }

    /**
     * Sets OpenBLAS's thread count for the whole process. While a single-thread lease is held (a
     * batch is running) the count is recorded and applied when the last lease ends.
     *
     * @param n threads, from 1 to {@value #MAX_THREADS}
     * @throws IllegalArgumentException if {@code n} is outside that range
     */
    public static void setThreads(int n) {
        if (n < 1 || n > MAX_THREADS) {
            throw new IllegalArgumentException("OpenBLAS thread count must be between 1 and " + MAX_THREADS
                    + ", got " + n);
        }
        checkLoaded();
        synchronized (LEASE) {
            if (leases > 0) {
                saved = n; // the batches keep one thread; this is what the last one leaves
                return;
            }
            restorePending = false;
            org.bytedeco.openblas.presets.openblas.blas_set_num_threads(n);
        }
    }

    // The single-thread lease of batch runs. Changing OpenBLAS's thread count costs 0.3–0.5 ms
    // (it reallocates per-thread buffers; measured on OpenBLAS 0.3.31), as much as a batch of a few
    // hundred small matrices: back-to-back batches would pay it twice each. So the count is put
    // back lazily: by the first native call made outside any batch (every wrapper passes through
    // ensureLoaded), by threads() or setThreads(), or by a timer restoreDelayMillis (100 ms) after the
    // last lease ended, whichever comes first; a batch that starts before then finds one thread set and
    // changes nothing.
    private static final Object LEASE = new Object();
    private static int leases; // guarded by LEASE
    private static int saved; // guarded by LEASE: the count to restore
    private static volatile boolean restorePending;
    private static long lastEndNanos; // guarded by LEASE: when the last lease last ended
    private static long timerDueNanos; // guarded by LEASE: when the armed timer fires, 0 if none
    private static long timerGen; // guarded by LEASE: the armed timer's number; others are stale
    /** Milliseconds after the last lease ends at which the timer restores the count. */
    static volatile long restoreDelayMillis = 100;

    private static final class Restorer {
        static final ScheduledThreadPoolExecutor TIMER = timer();

        private static ScheduledThreadPoolExecutor timer() {
            ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(null, r, "decomp4j-openblas-threads", 0, false);
                t.setDaemon(true);
                return t;
            });
            e.setKeepAliveTime(30, TimeUnit.SECONDS); // no thread left behind once batches stop
            e.allowCoreThreadTimeOut(true);
            return e;
        }
    }

    /**
     * Takes the process-wide single-thread lease: OpenBLAS runs one thread until the last holder
     * {@link #releaseSingleThread() releases} it. Leases nest and may overlap across threads.
     */
    public static void acquireSingleThread() {
        checkLoaded(); // not ensureLoaded: a pending restore would be set and at once undone
        synchronized (LEASE) {
            if (leases == 0) {
                if (restorePending) {
                    restorePending = false; // still one thread since the last lease: nothing to change
                } else {
                    saved = threadsNow();
                    if (saved != 1) {
                        org.bytedeco.openblas.presets.openblas.blas_set_num_threads(1);
                    }
                }
            }
            leases++;
        }
    }

    /**
     * Releases one lease. When the last one goes, the thread count found by the first is restored
     * before the next native call made outside a lease, by {@link #threads()}, or by a timer
     * {@code restoreDelayMillis} (100 ms) later, whichever comes first.
     */
    public static void releaseSingleThread() {
        synchronized (LEASE) {
            if (leases == 0) {
                throw new IllegalStateException("single-thread lease released more often than taken");
            }
            if (--leases == 0) {
                restorePending = saved != 1;
                if (restorePending) {
                    lastEndNanos = System.nanoTime();
                    armTimer(restoreDelayMillis);
                }
            }
        }
    }

    /** Leases held now. */
    public static int singleThreadLeases() {
        synchronized (LEASE) {
            return leases;
        }
    }

    private static void restoreIfPending() {
        synchronized (LEASE) {
            if (restorePending && leases == 0) {
                restorePending = false;
                org.bytedeco.openblas.presets.openblas.blas_set_num_threads(saved);
            }
        }
    }

    /** Arms the restore timer unless one armed already fires by then: one task however many batches end. */
    private static void armTimer(long delayMillis) { // under LEASE
        long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis);
        if (timerDueNanos != 0 && timerDueNanos - due <= 0) {
            return;
        }
        long gen = ++timerGen;
        timerDueNanos = due;
        Restorer.TIMER.schedule(() -> onTimer(gen), delayMillis, TimeUnit.MILLISECONDS);
    }

    /** Restores once the last lease has been over for the delay; if one ended since, waits the rest. */
    private static void onTimer(long gen) {
        synchronized (LEASE) {
            if (gen != timerGen) {
                return; // superseded by a timer due earlier
            }
            timerDueNanos = 0;
            if (!restorePending || leases > 0) {
                return; // restored meanwhile, or a batch runs: its end arms the timer again
            }
            long left = restoreDelayMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastEndNanos);
            if (left > 0) {
                armTimer(left);
            } else {
                restoreIfPending();
            }
        }
    }

    /** OpenBLAS version, e.g. {@code "0.3.31"}. */
    public static String version() {
        ensureLoaded();
        return openblas.OPENBLAS_VERSION.trim().replaceFirst("^OpenBLAS\\s+", "");
    }

    /** The kernel OpenBLAS chose at run time, e.g. {@code "COOPERLAKE"}, or {@code "unknown"}. */
    public static String coreName() {
        ensureLoaded();
        Pointer g = Loader.addressof("gotoblas");
        if (g == null || g.isNull()) {
            return "unknown";
        }
        long active = new LongPointer(g).get(0);
        for (String core : CORES) {
            Pointer table = Loader.addressof("gotoblas_" + core);
            if (table != null && !table.isNull() && table.address() == active) {
                return core;
            }
        }
        return "unknown";
    }

    /** The build target baked into the binding's headers (not the kernel in use). */
    public static String compiledCoreName() {
        return openblas.OPENBLAS_CHAR_CORENAME;
    }

    /** True when the library was built with {@code DYNAMIC_ARCH} (runtime kernel selection). */
    public static boolean dynamicArch() {
        ensureLoaded();
        Pointer g = Loader.addressof("gotoblas");
        return g != null && !g.isNull();
    }

    /** The JavaCPP platform string, e.g. {@code "linux-x86_64"}. */
    public static String platform() {
        return Loader.getPlatform();
    }
}
