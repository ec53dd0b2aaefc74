package org.decomp4j.lapack;

import org.decomp4j.DType;

/**
 * Reusable LAPACK workspace: one floating buffer per dtype and one integer buffer, each grown
 * on demand and kept. A caller that decomposes many matrices of one shape (a batch worker) keeps
 * one Workspace and allocates nothing per matrix once warm. Not thread-safe: one per thread.
 */
public final class Workspace implements AutoCloseable {
    private final NativeBuffer[] floating = new NativeBuffer[DType.values().length];
    private NativeBuffer i32;

    /** A floating buffer of dtype {@code t} with at least {@code n} elements. */
    public NativeBuffer floats(DType t, long n) {
        long need = Math.max(1, n);
        int k = t.ordinal();
        if (floating[k] == null || floating[k].length() < need) {
            close(floating[k]);
            floating[k] = NativeBuffer.allocate(t, need);
        }
        return floating[k];
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
        long b = i32 == null ? 0 : i32.length() * 4;
        for (DType t : DType.values()) {
            NativeBuffer f = floating[t.ordinal()];
            b += f == null ? 0 : f.length() * t.bytes();
        }
        return b;
    }

    private static void close(NativeBuffer b) {
        if (b != null) {
            b.close();
        }
    }

    /** Frees every buffer. */
    @Override
    public void close() {
        for (int k = 0; k < floating.length; k++) {
            close(floating[k]);
            floating[k] = null;
        }
        close(i32);
        i32 = null;
    }
}
