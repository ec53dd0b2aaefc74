package org.decomp4j.lapack;

import org.decomp4j.DType;

/**
 * Reusable LAPACK workspace: one floating buffer per dtype and one integer buffer, each grown
 * on demand and kept. A caller that decomposes many matrices of one shape (a batch worker) keeps
 * one Workspace and allocates nothing per matrix once warm. Not thread-safe: one per thread.
 */
public final class Workspace implements AutoCloseable {
    private NativeBuffer f64;
    private NativeBuffer f32;
    private NativeBuffer i32;

    /** A floating buffer of dtype {@code t} with at least {@code n} elements. */
    public NativeBuffer floats(DType t, long n) {
        long need = Math.max(1, n);
        if (t == DType.F64) {
            if (f64 == null || f64.length() < need) {
                close(f64);
                f64 = NativeBuffer.allocate(t, need);
            }
            return f64;
        }
        if (f32 == null || f32.length() < need) {
            close(f32);
            f32 = NativeBuffer.allocate(t, need);
        }
        return f32;
    }

    /** An integer buffer with at least {@code n} elements. */
    public NativeBuffer ints(long n) {
        long need = Math.max(1, n);
        if (i32 == null || i32.length() < need) {
            close(i32);
            i32 = NativeBuffer.ints(need);
        }
        return i32;
    }

    /** Bytes held. */
    public long bytes() {
        return (f64 == null ? 0 : f64.length() * 8) + (f32 == null ? 0 : f32.length() * 4)
                + (i32 == null ? 0 : i32.length() * 4);
    }

    private static void close(NativeBuffer b) {
        if (b != null) {
            b.close();
        }
    }

    /** Frees every buffer. */
    @Override
    public void close() {
        close(f64);
        close(f32);
        close(i32);
        f64 = null;
        f32 = null;
        i32 = null;
    }
}
