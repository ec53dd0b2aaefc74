package org.decomp4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.decomp4j.lowrank.LowRankSvd;
import org.decomp4j.lowrank.RandomizedSvd;
import org.decomp4j.lowrank.RandomizedSvdOptions;
import org.decomp4j.lowrank.TruncatedSvd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code close()} raced against every public entry point that reads or writes native memory, and
 * two threads in one workspace. Before buffers were pinned for each access these races killed the
 * JVM (SIGSEGV in {@code memcpy}, {@code dlasd2_}, {@code dlaswp_plus}) once the freed block went
 * back to the system, or silently read a block the pool had handed to the next allocation.
 *
 * <p>The surefire execution {@code close-race} runs this class with the buffer pool off and glibc
 * told to map every block of 64 KiB and more on its own ({@code MALLOC_MMAP_THRESHOLD_}), so a
 * premature free unmaps the pages and a use after it faults at once instead of reading stale data.
 * Each round closes the object after a random delay within the call's own duration; every call
 * must end in its correct result (the close was deferred) or an {@link IllegalStateException}
 * saying the object is closed — the JVM surviving the suite is the other half of the assertion.
 */
class CloseRaceTest {
    private static final int ROUNDS = 24;
    private static final int N = 160; // 200 KiB per matrix: past the pool's and mmap's 64 KiB floor
    private static final ExecutorService POOL = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "close-race-worker");
        t.setDaemon(true);
        return t;
    });
    private static final SplittableRandom RND = new SplittableRandom(20261204);

    private static int threadsBefore;

    @BeforeAll
    static void oneBlasThread() {
        // the racing thread spins while the call runs: with OpenBLAS's own threads on top, 2 cores
        // are oversubscribed and its kernels slow down by orders of magnitude
        threadsBefore = NativeConfig.threads();
        NativeConfig.setThreads(1);
    }

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
        NativeConfig.setThreads(threadsBefore);
    }

    private static Matrix square(long seed) {
        return Matrix.randomNormal(N, N, seed, DType.F64);
    }

    private static Matrix spd(long seed) {
        try (Matrix b = square(seed)) {
            Matrix s = b.multiply(b.transpose());
            for (int i = 0; i < N; i++) {
                s.set(i, i, s.get(i, i) + N);
            }
            return s;
        }
    }

    private static double[] flat(Matrix m) {
        try (m) {
            return m.toColumnMajorArray();
        }
    }

    private static double[] flatView(Matrix view) {
        return view.toColumnMajorArray();
    }

    private static double[] scalar(double v) {
        return new double[] {v};
    }

    /** Matrix operations, each on the matrix the race closes. */
    static Stream<Arguments> matrixOps() {
        List<Arguments> ops = new ArrayList<>();
        ops.add(op("Matrix.copy", m -> flat(m.copy())));
        ops.add(op("Matrix.copy(F32)", m -> flat(m.copy(DType.F32))));
        ops.add(op("Matrix.transpose().copy()", m -> flat(m.transpose().copy())));
        ops.add(op("Matrix.view().copy()", m -> flat(m.view(3, 5, N - 10, N - 20).copy())));
        ops.add(op("Matrix.toColumnMajorArray", Matrix::toColumnMajorArray));
        ops.add(op("Matrix.toArray", m -> Stream.of(m.toArray()).flatMapToDouble(java.util.Arrays::stream).toArray()));
        ops.add(op("Matrix.get loop", m -> {
            double[] out = new double[N];
            for (int j = 0; j < N; j++) {
                for (int i = 0; i < N; i++) {
                    out[j] += m.get(i, j);
                }
            }
            return out;
        }));
        ops.add(op("Matrix.normFrobenius", m -> scalar(m.normFrobenius())));
        ops.add(op("Matrix.norm1", m -> scalar(m.norm1())));
        ops.add(op("Matrix.multiply", m -> flat(m.multiply(m))));
        ops.add(op("Matrix.subtract", m -> flat(m.subtract(m.transpose()))));
        ops.add(op("Matrix.requireFinite", m -> {
            m.requireFinite("A");
            return new double[0];
        }));
        ops.add(op("Svd.values", Svd::values));
        ops.add(op("Svd.of", m -> {
            try (Svd s = Svd.of(m)) {
                return s.u().toColumnMajorArray();
            }
        }));
        ops.add(op("Svd.of overwriteInput", m -> {
            try (Svd s = Svd.of(m, SvdOptions.thin().overwriteInput())) {
                return s.singularValues();
            }
        }));
        ops.add(op("Lu.of", m -> {
            try (Lu lu = Lu.of(m)) {
                return flat(lu.u());
            }
        }));
        ops.add(op("Qr.of", m -> {
            try (Qr qr = Qr.of(m)) {
                return flat(qr.r());
            }
        }));
        ops.add(op("Qr.pivoted", m -> {
            try (Qr qr = Qr.pivoted(m)) {
                return flat(qr.r());
            }
        }));
        ops.add(op("LinAlg.solve", m -> flat(LinAlg.solve(m, m.transpose()))));
        ops.add(op("LinAlg.inv", m -> flat(LinAlg.inv(m))));
        ops.add(op("LinAlg.det", m -> scalar(LinAlg.det(m))));
        ops.add(op("LinAlg.pinv", m -> flat(LinAlg.pinv(m))));
        ops.add(op("LinAlg.rank", m -> scalar(LinAlg.rank(m))));
        ops.add(op("LinAlg.cond", m -> scalar(LinAlg.cond(m))));
        ops.add(op("LinAlg.lstsq", m -> {
            try (Lstsq ls = LinAlg.lstsq(m, m.view(0, 0, N, 3))) {
                return ls.x().toColumnMajorArray();
            }
        }));
        ops.add(op("TruncatedSvd.of", m -> {
            try (LowRankSvd t = TruncatedSvd.of(m, 4)) {
                return t.singularValues();
            }
        }));
        ops.add(op("RandomizedSvd.of", m -> {
            try (LowRankSvd t = RandomizedSvd.of(m, RandomizedSvdOptions.rank(4).seed(7))) {
                return t.singularValues();
            }
        }));
        return ops.stream();
    }

    private static Arguments op(String name, Function<Matrix, double[]> f) {
        return Arguments.of(name, f);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrixOps")
    void closingTheInputDuringAnOperation(String name, Function<Matrix, double[]> op) throws Exception {
        race(name, () -> square(11), op);
    }

    @Test
    void closingTheInputDuringCholesky() throws Exception {
        race("Cholesky.of", () -> spd(12), m -> {
            try (Cholesky c = Cholesky.of(m)) {
                return flat(c.factor().copy());
            }
        });
        race("Cholesky.isPositiveDefinite", () -> spd(12), m -> scalar(Cholesky.isPositiveDefinite(m) ? 1 : 0));
    }

    @Test
    void closingAResultWhileItsFactorsAreRead() throws Exception {
        race("Svd.u() copy", () -> withInput(Svd::of), s -> flat(s.u().copy()));
        race("Svd.pinv", () -> withInput(Svd::of), s -> flat(s.pinv()));
        race("Svd.vt() read", () -> withInput(Svd::of), s -> flatView(s.vt()));
        race("Lu.solve", () -> withInput(Lu::of), lu -> {
            try (Matrix b = Matrix.randomNormal(N, 4, 3, DType.F64)) {
                return flat(lu.solve(b));
            }
        });
        race("Lu.inverse", () -> withInput(Lu::of), lu -> flat(lu.inverse()));
        race("Lu.l", () -> withInput(Lu::of), lu -> flat(lu.l()));
        race("Qr.q", () -> withInput(Qr::of), qr -> flat(qr.q().copy()));
        race("Qr.solve", () -> withInput(Qr::of), qr -> {
            try (Matrix b = Matrix.randomNormal(N, 4, 3, DType.F64)) {
                return flat(qr.solve(b));
            }
        });
        race("Cholesky.solve", () -> {
            try (Matrix a = spd(4)) {
                return Cholesky.of(a);
            }
        }, c -> {
            try (Matrix b = Matrix.randomNormal(N, 4, 3, DType.F64)) {
                return flat(c.solve(b));
            }
        });
        race("Lstsq.x", () -> {
            try (Matrix a = square(5); Matrix b = Matrix.randomNormal(N, 3, 6, DType.F64)) {
                return LinAlg.lstsq(a, b);
            }
        }, ls -> flat(ls.x().copy()));
        race("LowRankSvd.u", () -> {
            try (Matrix a = square(5)) {
                return TruncatedSvd.of(a, 5);
            }
        }, t -> flat(t.u().copy()));
    }

    private static <T> T withInput(Function<Matrix, T> make) {
        try (Matrix a = square(5)) {
            return make.apply(a);
        }
    }

    @Test
    void closingAWorkspaceDuringCompute() throws Exception {
        race("SvdWorkspace.compute", () -> new SvdWorkspace(N, N, DType.F64, SvdOptions.thin()), w -> {
            try (Matrix a = square(21)) {
                w.compute(a);
            }
            return flat(w.u().copy());
        });
        race("SvdWorkspace.compute(arrays)", () -> new SvdWorkspace(N, N, DType.F64, SvdOptions.thin()), w -> {
            double[] s = new double[N];
            double[] u = new double[N * N];
            double[] vt = new double[N * N];
            try (Matrix a = square(21)) {
                w.compute(a, s, u, vt);
            }
            return u;
        });
        race("LuWorkspace.compute", () -> new LuWorkspace(N, N, DType.F64, FiniteCheck.ON), w -> {
            try (Matrix a = square(22)) {
                w.compute(a);
            }
            return flat(w.packed().copy());
        });
        race("QrWorkspace.compute", () -> new QrWorkspace(N, N, DType.F64, FiniteCheck.ON), w -> {
            try (Matrix a = square(23)) {
                w.compute(a);
            }
            return flat(w.q().copy());
        });
        race("CholeskyWorkspace.compute", () -> new CholeskyWorkspace(N, DType.F64, FiniteCheck.ON), w -> {
            try (Matrix a = spd(24)) {
                w.compute(a);
            }
            return flat(w.packed().copy());
        });
    }

    /**
     * Runs {@code op} once on its own for the expected answer and its duration, then
     * {@link #ROUNDS} times on a fresh object that another thread closes after a random delay of
     * up to 1.5 durations (so the close lands before, during and after the call).
     */
    private static <T extends AutoCloseable> void race(String name, Supplier<T> make, Function<T, double[]> op)
            throws Exception {
        double[] expected;
        long nanos;
        try (T t = make.get()) {
            op.apply(t); // warm
        }
        try (T t = make.get()) { // afresh: some operations consume their input
            long t0 = System.nanoTime();
            expected = op.apply(t);
            nanos = System.nanoTime() - t0;
        }
        int completed = 0;
        int refused = 0;
        for (int round = 0; round < ROUNDS; round++) {
            T t = make.get();
            CountDownLatch started = new CountDownLatch(1);
            Future<double[]> f = POOL.submit(() -> {
                started.countDown();
                return op.apply(t);
            });
            started.await();
            spin(RND.nextLong(nanos + nanos / 2 + 1));
            t.close();
            try {
                double[] got = f.get(60, TimeUnit.SECONDS);
                assertSame(name, expected, got);
                completed++;
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (!(c instanceof IllegalStateException) || c.getMessage() == null
                        || !c.getMessage().contains("closed")) {
                    throw new AssertionError(name + ": the racing call ended in " + c
                            + " instead of its result or an IllegalStateException saying 'closed'", c);
                }
                refused++;
            }
        }
        assertEquals(ROUNDS, completed + refused, name);
    }

    private static void assertSame(String name, double[] expected, double[] got) {
        assertEquals(expected.length, got.length, name + ": length");
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        // the same call on the same input with the same threads: equal up to rounding of the
        // order of operations at most (a read of recycled memory would be off by O(1))
        double tol = 64 * N * Math.ulp(1.0) * Math.max(1, scale);
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - got[i]) <= tol)) {
                fail(String.format("%s: element %d is %s, expected %s: the call read memory freed under it", name, i,
                        got[i], expected[i]));
            }
        }
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    @Test
    void twoThreadsInOneSvdWorkspaceAreRefusedNotCrashed() throws Exception {
        try (SvdWorkspace w = new SvdWorkspace(64, 64, DType.F64, SvdOptions.thin().driver(Driver.GESDD));
             Matrix a = Matrix.randomNormal(64, 64, 1, DType.F64);
             Matrix b = Matrix.randomNormal(64, 64, 2, DType.F64)) {
            double[] sa = Svd.values(a);
            double[] sb = Svd.values(b);
            AtomicInteger refusals = new AtomicInteger();
            List<Future<?>> fs = new ArrayList<>();
            for (Matrix m : new Matrix[] {a, b}) {
                double[] want = m == a ? sa : sb;
                fs.add(POOL.submit(() -> {
                    double[] s = new double[64];
                    for (int i = 0; i < 400; i++) {
                        try {
                            w.compute(m, s, null, null);
                        } catch (IllegalStateException e) {
                            assertTrue(e.getMessage().contains("SvdWorkspace 64×64") && e.getMessage()
                                    .contains("in use by thread 'close-race-worker'"), e.getMessage());
                            refusals.incrementAndGet();
                            continue;
                        }
                        // a call that was let in ran alone: its values are its own matrix's
                        assertSame("SvdWorkspace shared", want, s);
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(120, TimeUnit.SECONDS);
            }
            assertTrue(refusals.get() > 0, "800 overlapping computes, none refused: the race did not happen");
            w.compute(a);
            assertSame("after the race", sa, w.singularValues());
        }
    }

    @Test
    void twoThreadsInOneLuWorkspaceAreRefused() throws Exception {
        try (LuWorkspace w = new LuWorkspace(N, N, DType.F64, FiniteCheck.ON); Matrix a = square(3)) {
            AtomicInteger refusals = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                fs.add(POOL.submit(() -> {
                    go.await();
                    for (int i = 0; i < 200; i++) {
                        try {
                            w.compute(a);
                        } catch (IllegalStateException e) {
                            assertTrue(e.getMessage().contains("LuWorkspace") && e.getMessage().contains("in use"),
                                    e.getMessage());
                            refusals.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : fs) {
                f.get(120, TimeUnit.SECONDS);
            }
            assertTrue(refusals.get() > 0, "no overlap seen in 400 computes");
        }
    }

    @Test
    void aClosedWorkspaceRefusesLaterCalls() {
        SvdWorkspace w = new SvdWorkspace(8, 8, DType.F64, SvdOptions.thin());
        w.close();
        w.close();
        try (Matrix a = Matrix.random(8, 8, 1)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.compute(a));
            assertTrue(e.getMessage().contains("SvdWorkspace 8×8 F64 is closed"), e.getMessage());
        }
    }

    @Test
    void aMatrixClosedDuringACallIsFreedWhenTheCallEnds() throws Exception {
        long before = NativeConfig.liveNativeBytes();
        for (int i = 0; i < 8; i++) {
            Matrix a = square(40 + i);
            Future<double[]> f = POOL.submit(() -> Svd.values(a));
            spin(200_000);
            a.close();
            try {
                f.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertInstanceOf(IllegalStateException.class, e.getCause());
            }
        }
        assertEquals(before, NativeConfig.liveNativeBytes(), "a deferred free was lost");
    }

    @Test
    void multiplyIntoAnOperandIsRefused() {
        try (Matrix a = Matrix.random(20, 20, 1); Matrix b = Matrix.random(20, 20, 2)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> a.multiplyInto(b, a, 1, 0));
            assertTrue(e.getMessage().contains("shares memory"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> a.multiplyInto(b, b.view(0, 0, 20, 20), 1, 0));
            try (Matrix big = Matrix.zeros(40, 20)) {
                // disjoint halves of one buffer are fine
                Matrix top = big.view(0, 0, 20, 20);
                top.multiplyInto(b, big.view(20, 0, 20, 20), 1, 0);
            }
        }
    }
}
