package org.decomp4j.dispatch;

import org.decomp4j.DType;
import org.decomp4j.lapack.Getrf;

/**
 * Which LU routine factors an m×n matrix: a pure function of the shape, like {@link SvdPlanner}.
 *
 * <p>OpenBLAS's parallel {@code getrf} keeps a multi-megabyte array on the caller's stack, which
 * kills the JVM on a thread with Java's default 1 MiB stack (n ≥ 256 with 2 threads), so:
 * <ol>
 * <li>below {@link #SINGLE_THREAD_ELEMENTS} elements: OpenBLAS {@code getrf}, which runs such
 *     sizes single-threaded with a small stack, on the calling thread;</li>
 * <li>up to {@link #RECURSIVE_MAX_ELEMENTS}: LAPACK's recursive {@code getrf2} on the calling
 *     thread. It needs little stack (tested at n = 4096 on a 256 KiB thread) and measured as fast
 *     as OpenBLAS's {@code getrf} or faster here from n = 256 to 2048 (0.76–1.0×), without the
 *     ~50 µs hop to another thread;</li>
 * <li>above: OpenBLAS {@code getrf}, faster there (1.08× at n = 3072), on a deep-stack thread
 *     (the binding makes that hop for every {@code getrf} of this size, whoever asks).</li>
 * </ol>
 */
public final class LuPlanner {
    /**
     * Below this many elements OpenBLAS's getrf runs single-threaded with a small stack (its own
     * threshold is 10000 elements; this keeps a margin).
     */
    public static final long SINGLE_THREAD_ELEMENTS = Getrf.SINGLE_THREAD_ELEMENTS;
    /** Up to this many elements the recursive getrf2 runs instead. */
    public static final long RECURSIVE_MAX_ELEMENTS = 2048L * 2048;

    private LuPlanner() {
    }

    /** Which LU routine runs. */
    public enum Variant {
        /** OpenBLAS's {@code ?getrf} (on a deep-stack thread from {@link #SINGLE_THREAD_ELEMENTS} up). */
        GETRF,
        /** LAPACK's recursive {@code ?getrf2}, light on the stack at every size. */
        GETRF2
    }

    /** The LU routine and why. */
    public record LuPlan(Variant variant, String routine, String reason) {
    }

    /**
     * The plan for an m×n matrix of {@code t}; no native call.
     *
     * @param t the dtype, which gives the routine's prefix
     * @param m rows, ≥ 0
     * @param n columns, ≥ 0
     * @return the variant, routine name and reason
     */
    public static LuPlan plan(DType t, long m, long n) {
        long size = m * n;
        if (size < SINGLE_THREAD_ELEMENTS) {
            return new LuPlan(Variant.GETRF, t.prefix() + "getrf",
                    size + " elements: OpenBLAS getrf runs single-threaded on the calling thread");
        }
        if (size <= RECURSIVE_MAX_ELEMENTS) {
            return new LuPlan(Variant.GETRF2, t.prefix() + "getrf2",
                    size + " elements: recursive getrf2, as fast here and light on the stack");
        }
        return new LuPlan(Variant.GETRF, t.prefix() + "getrf",
                size + " elements: OpenBLAS getrf on a deep-stack thread");
    }
}
