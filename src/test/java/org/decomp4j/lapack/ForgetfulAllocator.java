package org.decomp4j.lapack;

import org.decomp4j.Matrix;

/**
 * Run in a child JVM by {@link NativeAllocationRetryTest} under an address-space limit: allocates
 * {@code args[0]} matrices of 8 MiB and forgets each (no close), as a careless caller does. The
 * Java heap sees only small objects, so no collection runs on its own; only the allocation retry
 * (GC, cleaner, retry) can free the forgotten blocks before the limit is hit.
 */
public final class ForgetfulAllocator {
    private ForgetfulAllocator() {
    }

    public static void main(String[] args) {
        int count = Integer.parseInt(args[0]);
        long peak = 0;
        for (int i = 0; i < count; i++) {
            Matrix m = Matrix.zeros(1024, 1024); // 8 MiB of float64, never closed
            m.set(0, 0, i);
            peak = Math.max(peak, NativeBuffer.liveBytes());
        }
        System.out.println("survived " + count + " forgotten matrices; peak live " + NativeBuffer.formatBytes(peak));
    }
}
