package org.decomp4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * No off-heap growth across 100,000 small decompositions: decomp4j's own count of live native
 * bytes returns to where it started, and the process's resident memory (VmRSS) stays flat.
 * Surefire runs this class in its own JVM with a fixed, pre-touched heap (pom.xml), so that heap
 * pages touched for the first time cannot be mistaken for native growth.
 */
class NativeMemoryTest {
    private static final int ROUNDS = 100_000;

    private static long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }

    private static void oneRound(Matrix a, Matrix spd, Matrix b, int i) {
        switch (i % 5) {
            case 0 -> {
                try (Svd s = Svd.of(a)) {
                    assertEquals(4, s.singularValues().length);
                }
            }
            case 1 -> {
                try (Lu lu = Lu.of(a); Matrix x = lu.solve(b)) {
                    assertEquals(4, x.rows());
                }
            }
            case 2 -> {
                try (Qr qr = Qr.of(a)) {
                    assertEquals(4, qr.q().rows());
                }
            }
            case 3 -> {
                try (Cholesky c = Cholesky.of(spd); Matrix x = c.solve(b)) {
                    assertEquals(4, x.rows());
                }
            }
            default -> {
                try (Lstsq l = LinAlg.lstsq(a, b)) {
                    assertEquals(4, l.rank());
                }
            }
        }
    }

    @Test
    void hundredThousandSmallDecompositionsLeaveNoNativeMemoryBehind() throws IOException {
        try (Matrix a = Matrix.random(4, 4, 1); Matrix b = Matrix.random(4, 2, 2);
             Matrix spd = Matrix.of(TestMatrices.spd(4, 3))) {
            // Warm up first: the JIT compilers' own native arenas and the code cache grow for the
            // first ~100,000 calls (measured: RSS flat from then on over 800,000 more).
            for (int i = 0; i < ROUNDS; i++) {
                oneRound(a, spd, b, i);
            }
            long liveBefore = NativeConfig.liveNativeBytes();
            long rssBefore = rssBytes();
            for (int i = 0; i < ROUNDS; i++) {
                oneRound(a, spd, b, i);
            }
            long liveAfter = NativeConfig.liveNativeBytes();
            long rssAfter = rssBytes();
            assertEquals(liveBefore, liveAfter, "native bytes held by decomp4j grew");
            boolean preTouched = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()
                    .contains("-XX:+AlwaysPreTouch");
            org.junit.jupiter.api.Assumptions.assumeTrue(preTouched,
                    "RSS is only meaningful with a pre-touched heap: run through the native-memory surefire execution");
            // this test runs in a JVM with a pre-touched fixed heap (see pom.xml), so RSS moves only
            // with native memory; leaking one 4×4 buffer per call would add over 14 MiB
            assertTrue(rssAfter - rssBefore < 8L << 20,
                    String.format("RSS grew from %d to %d MiB", rssBefore >> 20, rssAfter >> 20));
        }
    }

    @Test
    void reusedWorkspaceAllocatesNothingPerCall() {
        try (Matrix a = Matrix.random(16, 16, 4);
             SvdWorkspace ws = new SvdWorkspace(16, 16, DType.F64, SvdOptions.thin())) {
            ws.compute(a);
            // allocations, not live buffers: the cleaner may free other tests' garbage meanwhile
            long allocations = org.decomp4j.lapack.NativeBuffer.allocations();
            double[] s = new double[16];
            for (int i = 0; i < ROUNDS / 10; i++) {
                ws.compute(a);
                ws.singularValues(s);
            }
            assertEquals(allocations, org.decomp4j.lapack.NativeBuffer.allocations(), "buffers allocated per call");
        }
    }

    @Test
    void forgottenMatricesAreFreedByTheCleaner() throws InterruptedException {
        long before = settledLiveBytes(); // let earlier tests' garbage be cleaned first
        java.util.List<Matrix> forgotten = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            forgotten.add(Matrix.random(64, 64, i)); // never closed: 32 KiB each
        }
        assertTrue(NativeConfig.liveNativeBytes() - before >= 1000L * 64 * 64 * 8, "the matrices should be live");
        forgotten.clear();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (NativeConfig.liveNativeBytes() - before > 0 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        // at most the starting level: the cleaner may also free other tests' garbage meanwhile
        assertTrue(NativeConfig.liveNativeBytes() <= before, "unreachable matrices were not freed by the cleaner: "
                + (NativeConfig.liveNativeBytes() - before) + " bytes left");
    }

    private static long settledLiveBytes() throws InterruptedException {
        long last = -1;
        for (int i = 0; i < 100; i++) {
            System.gc();
            Thread.sleep(20);
            long now = NativeConfig.liveNativeBytes();
            if (now == last) {
                return now;
            }
            last = now;
        }
        return last;
    }
}
