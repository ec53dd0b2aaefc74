package org.decomp4j.lapack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Properties;

/**
 * The runtime defaults of native-config/decomp4j.properties, each overridable by a JVM system
 * property of the same name. Read once, on first use; reading has no side effect.
 */
public final class Config {
    /** Key: OpenBLAS threads at first load (0 = OpenBLAS's own default). */
    public static final String THREADS = "decomp4j.threads";
    /** Key: default memory budget of one decomposition ("auto" = half the physical memory). */
    public static final String MEMORY_BUDGET = "decomp4j.memoryBudget";
    /** Key: stack size of the threads that run deep-stack OpenBLAS routines. */
    public static final String NATIVE_STACK_SIZE = "decomp4j.nativeStackSize";

    /** Key: bytes of freed large buffers kept for reuse (0 disables the pool). */
    public static final String BUFFER_POOL = "decomp4j.bufferPool";
    /** Key: idle time after which pooled buffers go back to the C heap (0 keeps them). */
    public static final String BUFFER_POOL_IDLE = "decomp4j.bufferPoolIdle";
    /** Key: process-wide limit of live native memory ("auto" = 3/4 of physical memory, "none"). */
    public static final String NATIVE_MEMORY_LIMIT = "decomp4j.nativeMemoryLimit";
    /** Key: log where each buffer collected without close() was allocated (true/false). */
    public static final String LEAK_REPORT = "decomp4j.leakReport";
    /** {@code true}: load OpenBLAS straight from JavaCPP's cache, as the CLI does (see {@link #loadFromCache()}). */
    public static final String LOAD_FROM_CACHE = "decomp4j.loadFromCache";

    private static final String RESOURCE = "decomp4j.properties";

    private Config() {
    }

    private static final class Holder {
        static final Properties DEFAULTS = load();

        private static Properties load() {
            Properties p = new Properties();
            try (InputStream in = Config.class.getResourceAsStream(RESOURCE)) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the packaged " + RESOURCE, e);
            }
            return p;
        }
    }

    /** The effective value of {@code key}: system property first, then the packaged default. */
    public static String get(String key, String fallback) {
        String v = System.getProperty(key);
        if (v == null || v.isBlank()) {
            v = Holder.DEFAULTS.getProperty(key);
        }
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    /** Configured OpenBLAS thread count; 0 means leave OpenBLAS's default. */
    public static int threads() {
        String v = get(THREADS, "0");
        try {
            int t = Integer.parseInt(v);
            if (t < 0) {
                throw new NumberFormatException();
            }
            return t;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(THREADS + " must be a non-negative integer, got '" + v + "'");
        }
    }

    /** Configured stack size, in bytes, of decomp4j's native-call threads. */
    public static long nativeStackSize() {
        long s = parseBytes(NATIVE_STACK_SIZE, get(NATIVE_STACK_SIZE, "64M"));
        if (s < (8L << 20)) {
            throw new IllegalArgumentException(NATIVE_STACK_SIZE + " must be at least 8M (OpenBLAS's parallel getrf"
                    + " needs 4-6 MiB of stack), got " + s + " bytes");
        }
        return s;
    }

    /** Configured capacity, in bytes, of the pool of freed buffers kept for reuse. */
    public static long bufferPool() {
        return parseBytes(BUFFER_POOL, get(BUFFER_POOL, "256M"));
    }

    /**
     * Configured idle time, in milliseconds, after which the buffer pool is emptied: a plain
     * number of milliseconds or a number with an {@code ms}, {@code s} or {@code m} suffix.
     */
    public static long bufferPoolIdleMillis() {
        String v = get(BUFFER_POOL_IDLE, "10s").toLowerCase(Locale.ROOT);
        try {
            long mult = 1;
            if (v.endsWith("ms")) {
                v = v.substring(0, v.length() - 2);
            } else if (v.endsWith("s")) {
                v = v.substring(0, v.length() - 1);
                mult = 1000;
            } else if (v.endsWith("m")) {
                v = v.substring(0, v.length() - 1);
                mult = 60_000;
            }
            long n = Long.parseLong(v.trim());
            if (n < 0 || n > Long.MAX_VALUE / mult) {
                throw new NumberFormatException();
            }
            return n * mult;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(BUFFER_POOL_IDLE + " must be a duration such as 10s, 500ms or 2m"
                    + " (0 keeps pooled buffers), got '" + get(BUFFER_POOL_IDLE, "10s") + "'");
        }
    }

    /**
     * Bytes that {@link #nativeMemoryLimit} admits whatever the physical memory: the limit itself
     * for a size or {@code none} ({@link Long#MAX_VALUE}), {@code auto}'s floor of 256 MiB for
     * {@code auto}.
     *
     * @return bytes
     */
    public static long nativeMemoryLimitFloor() {
        return get(NATIVE_MEMORY_LIMIT, "auto").equalsIgnoreCase("auto") ? 256L << 20 : nativeMemoryLimit(0);
    }

    /**
     * Configured process-wide limit of live native memory, in bytes: a size, {@code auto} (3/4 of
     * {@code physicalBytes}) or {@code none} ({@link Long#MAX_VALUE}).
     */
    public static long nativeMemoryLimit(long physicalBytes) {
        String v = get(NATIVE_MEMORY_LIMIT, "auto");
        if (v.equalsIgnoreCase("auto")) {
            return Math.max(256L << 20, physicalBytes / 4 * 3);
        }
        if (v.equalsIgnoreCase("none")) {
            return Long.MAX_VALUE;
        }
        long n = parseBytes(NATIVE_MEMORY_LIMIT, v);
        if (n < (1L << 20)) {
            throw new IllegalArgumentException(NATIVE_MEMORY_LIMIT + " must be at least 1M (or auto, or none), got '"
                    + v + "'");
        }
        return n;
    }

    /**
     * Whether OpenBLAS loads straight from JavaCPP's cache ({@code decomp4j.loadFromCache}, default
     * {@code false}): about 0.13 s less on a process's first call, but JavaCPP's loader is off for
     * the rest of the process, so only for applications that use no other JavaCPP preset.
     */
    public static boolean loadFromCache() {
        String v = get(LOAD_FROM_CACHE, "false");
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(LOAD_FROM_CACHE + " must be true or false, got '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    /** Whether the leak report is on. */
    public static boolean leakReport() {
        String v = get(LEAK_REPORT, "false");
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(LEAK_REPORT + " must be true or false, got '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    /**
     * Parses a byte count with an optional K/M/G/T suffix (powers of 1024), e.g. {@code 512M}.
     *
     * @param what  name used in the error message
     * @param value text to parse
     * @return the size in bytes
     * @throws IllegalArgumentException if the text is not a size
     */
    public static long parseBytes(String what, String value) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        if (v.endsWith("B")) {
            v = v.substring(0, v.length() - 1);
        }
        if (v.endsWith("I")) { // accept KiB, MiB, GiB
            v = v.substring(0, v.length() - 1);
        }
        long mult = 1;
        if (!v.isEmpty()) {
            char c = v.charAt(v.length() - 1);
            int shift = switch (c) {
                case 'K' -> 10;
                case 'M' -> 20;
                case 'G' -> 30;
                case 'T' -> 40;
                default -> 0;
            };
            if (shift > 0) {
                mult = 1L << shift;
                v = v.substring(0, v.length() - 1).trim();
            }
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0 || n > Long.MAX_VALUE / mult) {
                throw new NumberFormatException();
            }
            return n * mult;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": '" + value
                    + "' is not a byte count (use e.g. 1073741824, 512M, 4G)");
        }
    }
}
