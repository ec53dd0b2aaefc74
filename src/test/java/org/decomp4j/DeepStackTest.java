package org.decomp4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OpenBLAS's parallel getrf keeps megabytes on the calling thread's stack and, called from a
 * thread with Java's default stack, kills the JVM with SIGSEGV (measured: n = 256, 2 threads).
 * Every routine decomp4j calls is run here at n = 1024 with 2 OpenBLAS threads from threads with
 * the default stack and with a 256 KiB stack. A regression does not fail an assertion: it kills
 * the test JVM, which fails the build.
 */
class DeepStackTest {
    private static final int N = 1024;
    private int savedThreads;

    @BeforeEach
    void twoThreads() {
        savedThreads = NativeConfig.threads();
        NativeConfig.setThreads(2);
        assertEquals(2, NativeConfig.threads());
    }

    @AfterEach
    void restore() {
        NativeConfig.setThreads(savedThreads);
    }

    /** One pass over every routine; {@code slowVectors} adds gesvd and gesvj with vectors (tens of seconds). */
    private static void everyRoutine(boolean slowVectors) {
        try (Matrix a = Matrix.random(N, N, 1); Matrix b = Matrix.random(N, 3, 2)) {
            try (Lu lu = Lu.of(a); Matrix x = lu.solve(b); Matrix inv = lu.inverse()) { // getrf getrs getri
                assertTrue(lu.rcond() > 0); // gecon
                assertEquals(N, x.rows());
                assertEquals(N, inv.rows());
            }
            try (Qr qr = Qr.of(a); Matrix x = qr.solve(b)) { // geqrf or geqrt, ormqr, trtrs
                assertEquals(N, qr.q().rows()); // orgqr or larfb
                assertEquals(N, x.rows());
            }
            try (Qr p = Qr.pivoted(a)) { // geqp3
                assertEquals(N, p.rank());
            }
            try (Matrix ata = a.transpose().multiply(a); Matrix spd = ata.copy()) { // gemm
                for (int i = 0; i < N; i++) {
                    spd.set(i, i, spd.get(i, i) + N);
                }
                try (Cholesky c = Cholesky.of(spd); Matrix x = c.solve(b); Matrix inv = c.inverse()) { // potrf potrs potri
                    assertTrue(c.rcond() > 0); // pocon
                    assertEquals(N, x.rows());
                    assertEquals(N, inv.rows());
                }
                assertTrue(spd.normFrobenius() > 0); // lange
            }
            try (Svd s = Svd.of(a, SvdOptions.thin().driver(Driver.GESDD))) {
                assertEquals(N, s.singularValues().length);
            }
            assertEquals(N, Svd.values(a, SvdOptions.valuesOnly().driver(Driver.GESVD)).length);
            assertEquals(N, Svd.values(a, SvdOptions.valuesOnly().driver(Driver.GESVJ)).length);
            if (slowVectors) {
                try (Svd s = Svd.of(a, SvdOptions.thin().driver(Driver.GESVD))) {
                    assertEquals(N, s.u().cols());
                }
                try (Svd s = Svd.of(a, SvdOptions.thin().driver(Driver.GESVJ))) {
                    assertEquals(N, s.u().cols());
                }
            }
            try (Lstsq ls = LinAlg.lstsq(a, b)) { // gelsd
                assertEquals(N, ls.rank());
            }
        }
    }

    private static void runOn(long stackSize, boolean slowVectors) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable r = () -> {
            try {
                everyRoutine(slowVectors);
            } catch (Throwable e) {
                failure.set(e);
            }
        };
        Thread t = stackSize == 0 ? new Thread(r, "default-stack") : new Thread(null, r, "small-stack", stackSize);
        t.start();
        t.join();
        if (failure.get() != null) {
            throw new AssertionError("routine failed on " + t.getName(), failure.get());
        }
    }

    /**
     * LU by size: OpenBLAS getrf inline below 4096 elements, getrf2 up to 2048², OpenBLAS getrf on a
     * deep-stack thread above; the sizes around each switch, from a 256 KiB stack.
     */
    @Test
    void luOfEverySizeClassRunsOnASmallStack() throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                for (int n : new int[] {63, 64, 65, 99, 100, 101, 128, 256, 2048, 2049}) {
                    try (Matrix a = Matrix.random(n, n, n); Lu lu = Lu.of(a); Matrix x = lu.solve(a)) {
                        assertEquals(1.0, x.get(n - 1, n - 1), 1e-6, "A⁻¹A at n = " + n + " via " + lu.routine());
                    }
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "small-stack", 256 * 1024);
        t.start();
        t.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    @Test
    void everyRoutineRunsFromADefaultStackThread() throws InterruptedException {
        runOn(0, true);
    }

    @Test
    void everyRoutineRunsFromA256KiBStackThread() throws InterruptedException {
        runOn(256 * 1024, false);
    }
}
