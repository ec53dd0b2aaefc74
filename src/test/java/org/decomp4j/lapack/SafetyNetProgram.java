package org.decomp4j.lapack;

import org.decomp4j.Matrix;
import org.decomp4j.NativeMemoryLimitError;

/**
 * Run in a child JVM by {@link NativeMemoryLimitTest}, one scenario per run (each needs its own
 * settings, which are read once per process):
 * <ul>
 *   <li>{@code forget N}: N matrices of 8 MiB allocated and forgotten; prints the peak of live
 *       plus pooled bytes and the limit.</li>
 *   <li>{@code hold N}: N matrices of 8 MiB kept reachable; prints the error's message.</li>
 *   <li>{@code leak}: ten matrices forgotten in {@link #forgetOne}, then collections until the
 *       cleaner has freed them all.</li>
 *   <li>{@code idle}: one 1 MiB matrix closed into the pool; prints how long the pool kept it.</li>
 * </ul>
 */
public final class SafetyNetProgram {
    private SafetyNetProgram() {
    }

    public static void main(String[] args) throws InterruptedException {
        switch (args[0]) {
            case "forget" -> {
                int n = Integer.parseInt(args[1]);
                long peak = 0;
                for (int i = 0; i < n; i++) {
                    Matrix m = Matrix.zeros(1024, 1024); // never closed
                    m.set(0, 0, i);
                    peak = Math.max(peak, NativeBuffer.liveBytes() + NativeBuffer.pooledBytes());
                }
                System.out.println("finished " + n + " peak " + peak + " limit " + NativeMemoryLimit.limit());
            }
            case "hold" -> {
                int n = Integer.parseInt(args[1]);
                Matrix[] kept = new Matrix[n];
                try {
                    for (int i = 0; i < n; i++) {
                        kept[i] = Matrix.zeros(1024, 1024);
                    }
                    System.out.println("no error");
                } catch (NativeMemoryLimitError e) {
                    System.out.println("refused: " + e.getMessage() + " | live " + e.liveBytes() + " limit "
                            + e.limitBytes() + " requested " + e.requestedBytes());
                }
                System.out.println("kept " + kept.length);
            }
            case "leak" -> {
                for (int i = 0; i < 10; i++) {
                    forgetOne(i);
                }
                try (Matrix closed = Matrix.zeros(256, 256)) {
                    closed.set(0, 0, 1); // closed: never reported
                }
                for (int i = 0; i < 100 && NativeBuffer.liveCount() > 0; i++) {
                    System.gc();
                    Thread.sleep(20);
                }
                Thread.sleep(100); // let the logger print
                System.out.println("live after collection " + NativeBuffer.liveCount());
            }
            case "idle" -> {
                try (Matrix m = Matrix.zeros(512, 256)) { // 1 MiB: pooled when closed
                    m.set(0, 0, 1);
                }
                long pooled = NativeBuffer.pooledBytes();
                long t0 = System.nanoTime();
                while (NativeBuffer.pooledBytes() > 0 && System.nanoTime() - t0 < 5_000_000_000L) {
                    Thread.sleep(10);
                }
                System.out.println("pooled " + pooled + " then " + NativeBuffer.pooledBytes() + " after "
                        + (System.nanoTime() - t0) / 1_000_000 + " ms");
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** The allocation site the leak report must name. */
    static void forgetOne(int i) {
        Matrix m = Matrix.zeros(256, 256);
        m.set(0, 0, i);
    }
}
