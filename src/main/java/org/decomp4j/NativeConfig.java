package org.decomp4j;


import org.decomp4j.lapack.Config;
import org.decomp4j.lapack.NativeBuffer;
import org.decomp4j.lapack.NativeMemoryLimit;
import org.decomp4j.lapack.OpenBlas;

/**
 * The one place for decomp4j's native settings: OpenBLAS threads, the default memory budget,
 * and a description of the native library in use.
 *
 * <p>Defaults come from {@code native-config/decomp4j.properties} inside the jar, each overridable
 * by a system property of the same name ({@code -Ddecomp4j.threads=1},
 * {@code -Ddecomp4j.memoryBudget=2G}, {@code -Ddecomp4j.nativeStackSize=64M}). To load another
 * BLAS/LAPACK instead of the bundled OpenBLAS, JavaCPP reads
 * {@code -Dorg.bytedeco.openblas.load=<library>} (for example {@code mkl_rt}); decomp4j never sets
 * it.
 *
 * <p><b>Threads and determinism.</b> Every public entry point of decomp4j may be called from many
 * Java threads at once; shared state (plan and workspace-query caches, the buffer pool, this
 * configuration) is thread-safe, and results never share buffers with other calls (the reusable
 * workspaces are the documented exception: one per thread). The same input with the same
 * settings gives the same output bits, whichever thread runs it and whatever runs beside it, when
 * OpenBLAS has one thread ({@code setThreads(1)}, as batches do); this is tested from 1 and from 8
 * concurrent threads. With more OpenBLAS threads, results may differ in the last bits between
 * thread counts, since OpenBLAS may split a reduction differently.
 */
public final class NativeConfig {
    private static volatile long budgetOverride = -1;

    private NativeConfig() {
    }

    /** The most OpenBLAS threads {@link #setThreads} takes. */
    public static final int MAX_THREADS = OpenBlas.MAX_THREADS;

    /**
     * OpenBLAS's current thread count (process-wide): 1 while a batch runs; after the last batch
     * ends, the count from before it (restored by this call if no decomposition has restored it).
     *
     * @return the OpenBLAS thread count, ≥ 1
     */
    public static int threads() {
        return OpenBlas.threads();
    }

    /**
     * Sets OpenBLAS's thread count for the whole process. With several Java threads decomposing at
     * once, 1 avoids oversubscribing the cores. Called while a batch runs, it takes effect when the
     * last running batch ends (batches keep OpenBLAS on one thread).
     *
     * @param n the thread count, ≥ 1
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static void setThreads(int n) {
        OpenBlas.setThreads(n);
    }

    /**
     * Default memory budget of one decomposition, in bytes: {@link #setMemoryBudget} if called,
     * else {@code decomp4j.memoryBudget} ({@code auto} = half of the physical memory), read once
     * at first use.
     *
     * @return the budget in bytes
     */
    public static long memoryBudget() {
        long o = budgetOverride;
        if (o > 0) {
            return o;
        }
        return ConfiguredBudget.BYTES;
    }

    /** The configured default, resolved once: reading it per call would parse /proc/meminfo each time. */
    private static final class ConfiguredBudget {
        static final long BYTES = resolve();

        private static long resolve() {
            String v = Config.get(Config.MEMORY_BUDGET, "auto");
            if (v.equalsIgnoreCase("auto")) {
                return Math.max(64L << 20, physicalMemory() / 2);
            }
            long b = Config.parseBytes(Config.MEMORY_BUDGET, v);
            if (b <= 0) {
                throw new IllegalArgumentException(Config.MEMORY_BUDGET + " must be positive or 'auto', got '" + v + "'");
            }
            return b;
        }
    }

    /**
     * Replaces the default memory budget for this process; {@code bytes ≤ 0} restores the
     * configured default.
     *
     * @param bytes the new budget in bytes; {@code ≤ 0} restores the configured default
     */
    public static void setMemoryBudget(long bytes) {
        budgetOverride = bytes;
    }

    /**
     * Total physical memory in bytes, as the operating system reports it: the machine's, or its
     * control group's limit when lower (read from {@code /proc} and {@code /sys/fs/cgroup} on Linux,
     * as the JDK's {@code OperatingSystemMXBean} reports it elsewhere).
     *
     * @return bytes (four times the JVM's maximum heap where the OS bean does not report it)
     */
    public static long physicalMemory() {
        return org.decomp4j.lapack.PhysicalMemory.bytes();
    }

    /**
     * What runs underneath, e.g. for logs and bug reports.
     *
     * @param openblasVersion  OpenBLAS version of the binding
     * @param coreName         kernel OpenBLAS selected at run time (e.g. COOPERLAKE), or "unknown"
     * @param compiledCoreName build target in the binding's headers (not what runs)
     * @param dynamicArch      whether the library selects its kernel at run time
     * @param threads          OpenBLAS threads now
     * @param processors       processors the JVM sees
     * @param platform         JavaCPP platform, e.g. linux-x86_64
     * @param memoryBudget     default memory budget, bytes
     * @param nativeStackSize  stack of decomp4j's deep-stack threads, bytes
     * @param liveNativeBytes  native bytes held by decomp4j buffers now
     */
    public record Info(String openblasVersion, String coreName, String compiledCoreName, boolean dynamicArch,
                       int threads, int processors, String platform, long memoryBudget, long nativeStackSize,
                       long liveNativeBytes) {
        /** Multi-line human description. */
        @Override
        public String toString() {
            return String.join("\n",
                    "OpenBLAS " + openblasVersion + (dynamicArch ? " (DYNAMIC_ARCH)" : ""),
                    "core: " + coreName + " (selected at run time; the binding's compile-time constant says "
                            + compiledCoreName + ")",
                    "threads: " + threads + " OpenBLAS, " + processors + " processors",
                    "platform: " + platform,
                    "memory budget: " + NativeBuffer.formatBytes(memoryBudget),
                    "native stack for deep-stack calls: " + NativeBuffer.formatBytes(nativeStackSize),
                    "live native memory: " + NativeBuffer.formatBytes(liveNativeBytes));
        }
    }

    /**
     * Describes the loaded native library and the settings in force (loads OpenBLAS if needed).
     *
     * @return a snapshot, taken now
     */
    public static Info info() {
        return new Info(OpenBlas.version(), OpenBlas.coreName(), OpenBlas.compiledCoreName(), OpenBlas.dynamicArch(),
                OpenBlas.threads(), Runtime.getRuntime().availableProcessors(), OpenBlas.platform(), memoryBudget(),
                Config.nativeStackSize(), NativeBuffer.liveBytes());
    }

    /**
     * Bytes of freed buffers decomp4j keeps for reuse (bounded by {@code decomp4j.bufferPool},
     * default 256 MiB), not counted in {@link #liveNativeBytes()}.
     *
     * @return bytes pooled now, ≥ 0
     */
    public static long pooledNativeBytes() {
        return NativeBuffer.pooledBytes();
    }

    /**
     * The process-wide limit of live native memory, in bytes ({@code decomp4j.nativeMemoryLimit};
     * {@code auto} = 3/4 of the physical memory, {@link Long#MAX_VALUE} for {@code none}). An
     * allocation that would cross it, after a GC has freed the matrices forgotten without
     * {@code close()}, throws {@link NativeMemoryLimitError}. Read once, at first use.
     *
     * @return the limit in bytes
     */
    public static long nativeMemoryLimit() {
        return NativeMemoryLimit.limit();
    }

    /** Frees the buffers kept for reuse, e.g. after a burst of large decompositions. */
    public static void releasePooledMemory() {
        NativeBuffer.releasePooled();
    }

    /**
     * Parses a byte count as the settings take it: digits with an optional K, M, G or T suffix
     * (powers of 1024; {@code KiB}/{@code KB} forms accepted), e.g. {@code 512M}.
     *
     * @param what named in the message, e.g. {@code "--budget"}
     * @param value the text to parse, e.g. {@code "512M"} or {@code "1073741824"}
     * @return the count in bytes, ≥ 0
     * @throws IllegalArgumentException if {@code value} is not a non-negative byte count
     */
    public static long parseBytes(String what, String value) {
        return Config.parseBytes(what, value);
    }

    /**
     * A byte count for people, e.g. {@code 96.0 MiB}: the form plans and reports use.
     *
     * @param bytes a byte count
     * @return whole bytes below 1 KiB (e.g. {@code 512 B}), else one decimal in KiB to EiB
     */
    public static String formatBytes(long bytes) {
        return NativeBuffer.formatBytes(bytes);
    }

    /**
     * Native bytes currently held by decomp4j matrices, factors and workspaces.
     *
     * @return bytes held now, ≥ 0
     */
    public static long liveNativeBytes() {
        return NativeBuffer.liveBytes();
    }

    /**
     * The most native bytes decomp4j held at once since the JVM started or the last
     * {@link #resetPeakNativeBytes()}: what a memory budget bounds. Process-wide, so a reading
     * covers every thread's work in the interval.
     * @return the most native bytes decomp4j held at once since the JVM started or the last {@link #resetPeakNativeBytes()}
     */
    public static long peakNativeBytes() {
        return NativeBuffer.peakBytes();
    }

    /** Restarts {@link #peakNativeBytes()} from the bytes live now, e.g. before one run. */
    public static void resetPeakNativeBytes() {
        NativeBuffer.resetPeak();
    }
}
