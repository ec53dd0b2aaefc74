package org.decomp4j.batch;

import static org.decomp4j.TestMatrices.frobenius;
import static org.decomp4j.TestMatrices.multiply;
import static org.decomp4j.TestMatrices.orthogonalityError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.decomp4j.DType;
import org.decomp4j.Job;
import org.decomp4j.Matrix;
import org.decomp4j.NativeConfig;
import org.decomp4j.NonFiniteInputException;
import org.decomp4j.NotPositiveDefiniteException;
import org.decomp4j.Svd;
import org.decomp4j.SvdOptions;
import org.decomp4j.TestMatrices;
import org.decomp4j.engine.BlasThreadLease;
import org.decomp4j.lapack.NativeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The batch runner: factors that reconstruct their inputs, failures isolated per input, both
 * delivery orders, OpenBLAS single-threaded during a batch and restored after, no native
 * allocation per matrix once warm, and bit-identical results whatever the number of workers.
 */
class BatchRunnerTest {
    private final List<Matrix> open = new ArrayList<>();

    @AfterEach
    void closeAll() {
        open.forEach(Matrix::close);
        open.clear();
    }

    private Matrix keep(Matrix m) {
        open.add(m);
        return m;
    }

    private static double tol(DType t, int m, int n) {
        return 30 * Math.max(m, n) * t.eps();
    }

    /** Mixed shapes around the small-matrix crossover, tall and wide, both dtypes. */
    private List<Matrix> mixed(DType t, int count, long seed) {
        int[][] shapes = {{4, 4}, {16, 16}, {7, 3}, {3, 9}, {40, 25}, {1, 1}, {8, 8}, {30, 31}};
        List<Matrix> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int[] s = shapes[i % shapes.length];
            out.add(keep(Matrix.of(TestMatrices.gaussian(s[0], s[1], seed + i), t)));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void svdFactorsReconstructEveryInputAndMatchTheSingleCall(DType t) {
        List<Matrix> in = mixed(t, 24, 100);
        List<BatchResult> out = BatchRunner.withJobs(3).runAll(in, Decompositions.svd());
        assertEquals(in.size(), out.size());
        for (int i = 0; i < in.size(); i++) {
            BatchResult r = out.get(i);
            assertTrue(r.ok(), () -> r.errorMessage().orElse(""));
            assertEquals(i, r.index());
            assertEquals("#" + i, r.name());
            double[][] a = in.get(i).toArray();
            int m = a.length;
            int n = a[0].length;
            Factor s = r.factor("S");
            assertEquals(Factor.Kind.VECTOR, s.kind());
            assertEquals(t, s.dtype());
            double[][] u = r.factor("U").toArray();
            double[][] vt = r.factor("Vt").toArray();
            double res = TestMatrices.svdResidual(a, u, s.data(), vt);
            assertTrue(res <= tol(t, m, n) * frobenius(a), "residual " + res + " of input " + i);
            assertTrue(orthogonalityError(u) <= tol(t, m, n));
            // the same path as a single call on this thread: the same bits
            try (Svd ref = Svd.of(in.get(i))) {
                assertArrayEquals(ref.singularValues(), s.data(), 0.0, "input " + i);
                assertArrayEquals(ref.u().toColumnMajorArray(), r.factor("U").data(), 0.0, "U of input " + i);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F64", "F32"})
    void luQrCholeskyFactorsReconstruct(DType t) {
        List<Matrix> in = mixed(t, 16, 300);
        List<BatchResult> lu = BatchRunner.withJobs(2).runAll(in, Decompositions.lu());
        List<BatchResult> qr = BatchRunner.withJobs(2).runAll(in, Decompositions.qr());
        for (int i = 0; i < in.size(); i++) {
            double[][] a = in.get(i).toArray();
            int m = a.length;
            int n = a[0].length;
            double tol = tol(t, m, n) * frobenius(a);
            BatchResult l = lu.get(i);
            double[][] plu = multiply(l.factor("P").toArray(), multiply(l.factor("L").toArray(), l.factor("U").toArray()));
            assertTrue(TestMatrices.frobeniusDiff(a, plu) <= tol, "‖A − P·L·U‖ of input " + i);
            assertEquals(Math.min(m, n), l.factor("piv").toIntArray().length);
            BatchResult q = qr.get(i);
            double[][] qq = q.factor("Q").toArray();
            double[][] rr = q.factor("R").toArray();
            for (int r = 0; r < rr.length; r++) {
                for (int c = 0; c < Math.min(r, rr[0].length); c++) {
                    assertEquals(0.0, rr[r][c], "R is upper triangular");
                }
            }
            assertTrue(TestMatrices.frobeniusDiff(a, multiply(qq, rr)) <= tol, "‖A − Q·R‖ of input " + i);
            assertTrue(orthogonalityError(qq) <= tol(t, m, n));
        }
        List<Matrix> spd = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            spd.add(keep(Matrix.of(TestMatrices.spd(3 + 5 * i, 40 + i), t)));
        }
        List<BatchResult> ch = BatchRunner.withJobs(2).runAll(spd, Decompositions.cholesky());
        for (int i = 0; i < spd.size(); i++) {
            double[][] a = spd.get(i).toArray();
            double[][] l = ch.get(i).factor("L").toArray();
            for (int r = 0; r < l.length; r++) {
                for (int c = r + 1; c < l.length; c++) {
                    assertEquals(0.0, l[r][c], "L is lower triangular");
                }
            }
            assertTrue(TestMatrices.frobeniusDiff(a, multiply(l, TestMatrices.transpose(l)))
                    <= tol(t, a.length, a.length) * frobenius(a), "‖A − L·Lᵀ‖ of input " + i);
        }
    }

    @Test
    void oneBadInputIsReportedWithItsIndexAndNameAndTheOthersGoOn() {
        Matrix good = keep(Matrix.random(5, 5, 1));
        Matrix nan = keep(Matrix.random(5, 5, 2));
        nan.set(3, 1, Double.NaN);
        Matrix notSpd = keep(Matrix.of(new double[][] {{1, 2}, {2, 1}}));
        List<BatchInput> inputs = List.of(
                BatchInput.of("good-0", good),
                BatchInput.of("nan-1", nan),
                new BatchInput() {
                    @Override
                    public String name() {
                        return "unreadable-2";
                    }

                    @Override
                    public Matrix open() throws IOException {
                        throw new IOException("disk on fire");
                    }
                },
                BatchInput.of("good-3", good));
        List<BatchResult> got = Collections.synchronizedList(new ArrayList<>());
        BatchSummary sum = BatchRunner.withJobs(2).run(inputs.iterator(), Decompositions.svd(), got::add);
        assertEquals(2, sum.done());
        assertEquals(2, sum.failed());
        assertEquals(List.of("good-0", "nan-1", "unreadable-2", "good-3"), got.stream().map(BatchResult::name).toList());
        assertInstanceOf(NonFiniteInputException.class, got.get(1).error());
        assertTrue(got.get(1).error().getMessage().contains("(3, 1)") || got.get(1).error().getMessage().contains("3"),
                got.get(1).error().getMessage());
        assertInstanceOf(IOException.class, got.get(2).error());
        assertEquals(List.of(1L, 2L), sum.failures().stream().map(BatchResult::index).toList());
        assertTrue(got.get(3).ok());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> got.get(1).factor("S"));
        assertTrue(e.getMessage().contains("nan-1"), e.getMessage());

        List<BatchResult> ch = BatchRunner.withJobs(1).runAll(List.of(good, notSpd), Decompositions.cholesky());
        assertInstanceOf(NotPositiveDefiniteException.class, ch.get(1).error());
        assertEquals("#1", ch.get(1).name());
    }

    @Test
    void completionOrderDeliversEachResultOnceAndInputOrderInSequence() {
        List<Matrix> in = mixed(DType.F64, 40, 7);
        List<BatchInput> inputs = IntStream.range(0, in.size()).mapToObj(i -> BatchInput.of("m" + i, in.get(i))).toList();
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        BatchRunner.withJobs(4).order(BatchRunner.Order.COMPLETION).run(inputs.iterator(), Decompositions.qr(),
                r -> seen.add(r.index()));
        assertEquals(40, seen.size());
        assertEquals(40, new HashSet<>(seen).size());
        List<Long> inOrder = new ArrayList<>();
        BatchRunner.withJobs(4).run(inputs.iterator(), Decompositions.qr(), r -> inOrder.add(r.index()));
        assertEquals(LongStreamRange.of(40), inOrder);
    }

    /** 0..n-1 as a list of Long. */
    private static final class LongStreamRange {
        static List<Long> of(int n) {
            return java.util.stream.LongStream.range(0, n).boxed().toList();
        }
    }

    @Test
    void openBlasRunsOneThreadDuringTheBatchAndIsRestoredAfter() throws Exception {
        int before = NativeConfig.threads();
        try {
            NativeConfig.setThreads(2);
            Set<Integer> seen = Collections.synchronizedSet(new HashSet<>());
            Decomposition probe = probe(seen, null);
            List<Matrix> in = mixed(DType.F64, 8, 1);
            BatchRunner.withJobs(2).runAll(in, probe);
            assertEquals(Set.of(1), seen);
            assertEquals(2, NativeConfig.threads(), "restored");

            // two overlapping batches share the lease: the first's saved count comes back after the last
            CountDownLatch bothIn = new CountDownLatch(2);
            Decomposition waiting = probe(seen, bothIn);
            Thread other = new Thread(() -> BatchRunner.withJobs(1).runAll(List.of(in.get(0)), waiting));
            other.start();
            BatchRunner.withJobs(1).runAll(List.of(in.get(1)), waiting);
            other.join();
            assertEquals(Set.of(1), seen);
            assertEquals(0, BlasThreadLease.active());
            assertEquals(2, NativeConfig.threads(), "restored after both");
        } finally {
            NativeConfig.setThreads(before);
        }
    }

    @Test
    void aNullMatrixInRunAllFailsAloneWithItsIndex() {
        List<Matrix> in = new ArrayList<>(mixed(DType.F64, 3, 7));
        in.set(1, null);
        List<BatchResult> out = BatchRunner.withJobs(2).runAll(in, Decompositions.svd());
        assertEquals(3, out.size());
        assertTrue(out.get(0).ok() && out.get(2).ok());
        assertFalse(out.get(1).ok());
        assertEquals("#1", out.get(1).name());
        assertInstanceOf(NullPointerException.class, out.get(1).error());
    }

    @Test
    void manyCallersRunningBatchesAtOnceShareTheLeaseAndThePool() throws Exception {
        int before = NativeConfig.threads();
        try {
            NativeConfig.setThreads(2);
            List<Matrix> in = mixed(DType.F64, 12, 9);
            List<BatchResult> reference = BatchRunner.withJobs(1).runAll(in, Decompositions.svd());
            int callers = 8;
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(callers);
            try {
                List<java.util.concurrent.Future<Integer>> runs = new ArrayList<>();
                for (int c = 0; c < callers; c++) {
                    runs.add(pool.submit(() -> {
                        int batches = 0;
                        for (int b = 0; b < 25; b++) {
                            List<BatchResult> out = BatchRunner.withJobs(2).runAll(in, Decompositions.svd());
                            for (int k = 0; k < in.size(); k++) {
                                assertArrayEquals(reference.get(k).factor("S").data(), out.get(k).factor("S").data());
                                assertArrayEquals(reference.get(k).factor("U").data(), out.get(k).factor("U").data());
                            }
                            batches++;
                        }
                        return batches;
                    }));
                }
                for (var r : runs) {
                    assertEquals(25, r.get(120, java.util.concurrent.TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(0, BlasThreadLease.active(), "every lease released");
            assertEquals(2, NativeConfig.threads(), "the count from before the batches is back");
        } finally {
            NativeConfig.setThreads(before);
        }
    }

    @Test
    void workerThreadsAreKeptForTheNextBatch() {
        Set<Thread> first = Collections.synchronizedSet(new HashSet<>());
        Set<Thread> second = Collections.synchronizedSet(new HashSet<>());
        List<Matrix> in = mixed(DType.F64, 40, 5);
        List<BatchResult> a = BatchRunner.withJobs(2).runAll(in, recording(first));
        assertTrue(WorkerPool.idle() >= 2, "idle workers after the batch: " + WorkerPool.idle());
        List<BatchResult> b = BatchRunner.withJobs(2).runAll(in, recording(second));
        assertTrue(a.stream().allMatch(BatchResult::ok) && b.stream().allMatch(BatchResult::ok));
        assertEquals(2, first.size());
        assertEquals(first, second, "the second batch ran on the first one's threads");
        assertTrue(second.stream().allMatch(Thread::isDaemon));
        assertFalse(second.contains(Thread.currentThread()));
    }

    @Test
    void interruptingTheCallerStopsTheBatchAndKeepsTheFlag() throws Exception {
        List<Matrix> in = mixed(DType.F64, 2000, 6);
        Decomposition slow = svdAfter("slow", () -> java.util.concurrent.locks.LockSupport.parkNanos(2_000_000));
        Thread caller = Thread.currentThread();
        Thread interrupter = new Thread(() -> {
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000);
            caller.interrupt();
        });
        interrupter.start();
        long t0 = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> BatchRunner.withJobs(2).runAll(in, slow));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(Thread.interrupted(), "interrupt flag restored (and cleared here)");
        interrupter.join();
        assertInstanceOf(InterruptedException.class, e.getCause());
        assertTrue(ms < 1500, "stopped early, not after all 2000 inputs (≥ 2 s): " + ms + " ms");
        assertEquals(0, BlasThreadLease.active(), "lease released");
        // the workers it used are clean: the next batch is not interrupted
        assertTrue(BatchRunner.withJobs(2).runAll(in.subList(0, 8), Decompositions.svd()).stream()
                .allMatch(BatchResult::ok));
    }

    /**
     * The batch SVD on two workers that both start before either goes on (so neither can finish
     * the batch alone and be reused for the other's turn), recording their threads.
     */
    private static Decomposition recording(Set<Thread> threads) {
        Decomposition svd = Decompositions.svd();
        CountDownLatch bothStarted = new CountDownLatch(2);
        return new Decomposition() {
            @Override
            public String name() {
                return "recording";
            }

            @Override
            public BatchKernel newKernel() {
                threads.add(Thread.currentThread());
                bothStarted.countDown();
                try {
                    assertTrue(bothStarted.await(30, java.util.concurrent.TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return svd.newKernel();
            }
        };
    }

    private static Decomposition probe(Set<Integer> seen, CountDownLatch rendezvous) {
        return svdAfter("probe", () -> {
            if (rendezvous != null) {
                rendezvous.countDown();
                try {
                    assertTrue(rendezvous.await(30, java.util.concurrent.TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            seen.add(NativeConfig.threads());
        });
    }

    /** The batch SVD, with {@code before} run on the worker ahead of each matrix. */
    private static Decomposition svdAfter(String name, Runnable before) {
        return new Decomposition() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public BatchKernel newKernel() {
                BatchKernel svd = Decompositions.svd().newKernel();
                return new BatchKernel() {
                    @Override
                    public List<Factor> apply(Matrix a) {
                        before.run();
                        return svd.apply(a);
                    }

                    @Override
                    public void close() {
                        svd.close();
                    }
                };
            }
        };
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void warmWorkersAllocateNothingNativePerMatrix(Kind kind) {
        // same-shape inputs: after each worker's first matrix, the native allocation count must not move
        List<Matrix> in = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            int n = kind == Kind.SVD_LAPACK ? 40 : 6;
            in.add(keep(Matrix.of(kind == Kind.CHOLESKY ? TestMatrices.spd(n, i) : TestMatrices.gaussian(n, n, i))));
        }
        Decomposition d = switch (kind) {
            case SVD_SMALL, SVD_LAPACK -> Decompositions.svd();
            case SVD_FULL -> Decompositions.svd(SvdOptions.full());
            case LU -> Decompositions.lu();
            case QR -> Decompositions.qr();
            case CHOLESKY -> Decompositions.cholesky();
        };
        BatchRunner runner = BatchRunner.withJobs(2);
        long a0 = NativeBuffer.allocations();
        runner.runAll(in.subList(0, 2), d);
        long few = NativeBuffer.allocations() - a0;
        long a1 = NativeBuffer.allocations();
        List<Matrix> many = new ArrayList<>();
        for (int r = 0; r < 10; r++) {
            many.addAll(in);
        }
        List<BatchResult> out = runner.runAll(many, d);
        long lots = NativeBuffer.allocations() - a1;
        assertTrue(out.stream().allMatch(BatchResult::ok));
        // per batch: at most one set of workspace buffers per worker, never one per matrix
        assertTrue(lots <= few * 2, kind + ": " + lots + " native allocations for 640 matrices, " + few + " for 2");
        assertTrue(lots <= 2 * 8, kind + ": " + lots + " allocations for 640 matrices");
    }

    enum Kind { SVD_SMALL, SVD_LAPACK, SVD_FULL, LU, QR, CHOLESKY }

    @Test
    void resultsAreBitIdenticalWithOneAndEightWorkers() {
        for (DType t : new DType[] {DType.F64, DType.F32}) {
            List<Matrix> in = mixed(t, 48, 900);
            for (Decomposition d : List.of(Decompositions.svd(), Decompositions.lu(), Decompositions.qr(),
                    Decompositions.svd(SvdOptions.full()))) {
                List<BatchResult> one = BatchRunner.withJobs(1).runAll(in, d);
                List<BatchResult> eight = BatchRunner.withJobs(8).order(BatchRunner.Order.COMPLETION).runAll(in, d);
                for (int i = 0; i < in.size(); i++) {
                    List<Factor> a = one.get(i).factors();
                    List<Factor> b = eight.get(i).factors();
                    assertEquals(a.size(), b.size());
                    for (int f = 0; f < a.size(); f++) {
                        assertArrayEquals(a.get(f).data(), b.get(f).data(), 0.0,
                                d.name() + " " + t + " input " + i + " factor " + a.get(f).name());
                    }
                }
            }
        }
    }

    @Test
    void aThrowingSinkStopsTheBatchAndIsRethrown() {
        List<Matrix> in = mixed(DType.F64, 30, 3);
        List<BatchInput> inputs = IntStream.range(0, in.size()).mapToObj(i -> BatchInput.of("m" + i, in.get(i))).toList();
        AtomicInteger calls = new AtomicInteger();
        IllegalStateException boom = new IllegalStateException("sink full");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> BatchRunner.withJobs(2).run(inputs.iterator(), Decompositions.svd(), r -> {
                    if (calls.incrementAndGet() == 3) {
                        throw boom;
                    }
                }));
        assertSame(boom, e);
        assertTrue(calls.get() < 30, "stopped early: " + calls.get());
        assertEquals(0, BlasThreadLease.active(), "lease released");
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> BatchRunner.withJobs(0));
        assertThrows(NullPointerException.class, () -> BatchRunner.withJobs(1).order(null));
        Factor f = new Factor("x", Factor.Kind.MATRIX, 2, 2, DType.F64, new double[4]);
        assertThrows(IllegalStateException.class, f::toIntArray);
        assertThrows(IllegalArgumentException.class, () -> new Factor("x", Factor.Kind.MATRIX, 2, 3, DType.F64,
                new double[4]));
        BatchResult r = new BatchResult(0, "a", List.of(f), null, 0);
        assertThrows(IllegalArgumentException.class, () -> r.factor("nope"));
        assertFalse(r.errorMessage().isPresent());
        // a values-only SVD has S and nothing else
        List<BatchResult> v = BatchRunner.withJobs(1).runAll(List.of(keep(Matrix.random(5, 3, 1))),
                Decompositions.svd(SvdOptions.thin().job(Job.NONE)));
        assertEquals(List.of("S"), v.get(0).factors().stream().map(Factor::name).toList());
    }
}
