package org.decomp4j.dispatch;

import org.decomp4j.DType;

/**
 * When an unpivoted QR goes by {@code geqrt} in blocks of our size, with Q formed by
 * {@code larfb} ({@code lapack.Geqrt}), instead of {@code geqrf} + {@code orgqr}, and with which
 * block size: a pure function of dtype and shape.
 *
 * <p>Why: {@code geqrf}'s and {@code orgqr}'s panels are level-2 BLAS in blocks of 32, which
 * OpenBLAS 0.3.31 runs on two threads at little more than one thread's speed; {@code geqrt}'s
 * panel is recursive (matrix products) and Q by {@code larfb} is matrix products throughout.
 * Measured on the development machine (2 OpenBLAS threads, float64, medians of 5, ms,
 * {@code geqrf} / {@code geqrt} at nb 32, 64, 128, then {@code orgqr} / {@code larfb} Q):
 * 256² 1.6 / 1.3, 1.3, 1.4 and 1.6 / 1.0; 512² 8.7 / 7.6, 7.0, 6.9 and 8.7 / 5.8;
 * 1024² 48.1 / 44.6, 38.9, 36.0 and 48.5 / 31.5; 2048² 333 / 315, 272, 244 and 310 / 206;
 * 4000×500 77.0 / 45.4, 46.1, 49.0 and 75.9 / 31.0; 10000×300 74.2 / 54.4, 57.0, 61.8 and
 * 74.7 / 33.5. So: blocks of 128 from k = min(m, n) = 1024, of 64 from 384, of 32 below.
 *
 * <p>Real dtypes only: the complex routines keep {@code geqrf} ({@code zlarfb} was not measured).
 */
public final class QrBlocking {
    /** Below this k = min(m, n), {@code geqrf} + {@code orgqr} (a QR that small takes microseconds either way). */
    public static final int MIN_K = 128;

    private QrBlocking() {
    }

    /**
     * The block size for an unpivoted QR of a {@code rows × cols} matrix, or 0 for
     * {@code geqrf} + {@code orgqr}.
     *
     * @param t    the dtype
     * @param rows m
     * @param cols n
     * @return 128, 64 or 32 (never more than min(m, n)), or 0
     */
    public static int blockSize(DType t, long rows, long cols) {
        long k = Math.min(rows, cols);
        if (t.isComplex() || k < MIN_K) {
            return 0;
        }
        return k >= 1024 ? 128 : k >= 384 ? 64 : 32;
    }

    /**
     * Elements the blocked path holds besides the plain path's: the block factors T
     * ({@code nb × k}). Its workspace ({@code nb·max(n, k)}) replaces the plain path's.
     *
     * @param t    the dtype
     * @param rows m
     * @param cols n
     * @return extra elements, 0 when the plain path runs
     */
    public static long extraElements(DType t, long rows, long cols) {
        return (long) blockSize(t, rows, cols) * Math.min(rows, cols);
    }
}
