package org.decomp4j.bench.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.decomp4j.Matrix;
import org.decomp4j.batch.BatchInput;
import org.decomp4j.batch.BatchResult;
import org.decomp4j.batch.BatchRunner;
import org.decomp4j.batch.BatchSummary;
import org.decomp4j.batch.Decompositions;
import org.decomp4j.batch.Factor;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Batch throughput (issue "benchmarks", point 5): thin SVDs (U, S, Vᵀ) of distinct n×n float64
 * matrices, n = 4, 16, 64, on 1 thread and on every core, decomp4j's batch path
 * ({@link BatchRunner}, results delivered as completed, factors copied to the heap) against EJML
 * ({@code DecompositionFactory_DDRM.svd}, one reused decomposer per thread, U and V extracted; on
 * several threads the matrices are split into one contiguous share per thread, the way a user
 * would parallelise EJML, which has no batch API). Scores are ns per SVD; throughput is their
 * inverse. Each invocation is one batch of {@value #BATCH} SVDs cycling through {@value #COUNT}
 * distinct matrices (so per-batch costs, waking the workers and the OpenBLAS thread lease, are
 * spread as in a real batch); a point's measured iterations process well over 100,000. Inputs
 * are built once in setup, as a caller holds them; building 20,000 wrappers and names per batch
 * on the calling thread took 1–3 ms, serial work that is the caller's, not the batch's.
 *
 * <p>Each side checks its answers once in setup: ‖A − U·S·Vᵀ‖_max ≤ 64·n·ε·‖A‖_max on every
 * matrix of the set, so neither can win by skipping work.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'batch.BatchThroughputBenchmark' -rf json -rff throughput.json
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xmx2g"})
public class BatchThroughputBenchmark {
    static final int COUNT = 2000;
    static final int BATCH = 20_000;

    @Param({"4", "16", "64"})
    public int n;

    /** Worker threads; 0 = every available processor. */
    @Param({"1", "0"})
    public int threads;

    private int workers;
    private List<Matrix> mats;
    /** The batch's inputs, built once as a caller holds them (EJML's side gets its arrays the same way). */
    private List<BatchInput> inputs;
    private DMatrixRMaj[] ejmlIn;
    private BatchRunner runner;
    private ExecutorService pool;
    private SingularValueDecomposition_F64<DMatrixRMaj>[] ejml;
    private DMatrixRMaj[] ejmlWork;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() throws Exception {
        workers = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        Random rnd = new Random(7);
        mats = new ArrayList<>(COUNT);
        ejmlIn = new DMatrixRMaj[COUNT];
        for (int k = 0; k < COUNT; k++) {
            double[][] a = new double[n][n];
            for (double[] row : a) {
                for (int j = 0; j < n; j++) {
                    row[j] = rnd.nextGaussian();
                }
            }
            mats.add(Matrix.of(a));
            ejmlIn[k] = new DMatrixRMaj(a);
        }
        inputs = new ArrayList<>(BATCH);
        for (int k = 0; k < BATCH; k++) {
            inputs.add(BatchInput.of("#" + k, mats.get(k % COUNT)));
        }
        runner = BatchRunner.withJobs(workers).order(BatchRunner.Order.COMPLETION);
        pool = Executors.newFixedThreadPool(workers);
        ejml = new SingularValueDecomposition_F64[workers];
        ejmlWork = new DMatrixRMaj[workers];
        for (int t = 0; t < workers; t++) {
            ejml[t] = DecompositionFactory_DDRM.svd(n, n, true, true, true);
            ejmlWork[t] = new DMatrixRMaj(n, n);
        }
        checkDecomp4j();
        checkEjml();
    }

    private double tolerance(int k) {
        double max = 0;
        for (double v : ejmlIn[k].data) {
            max = Math.max(max, Math.abs(v));
        }
        return 64.0 * n * Math.ulp(1.0) * max;
    }

    private void checkDecomp4j() {
        List<BatchResult> all = runner.order(BatchRunner.Order.INPUT).runAll(mats, Decompositions.svd());
        runner = runner.order(BatchRunner.Order.COMPLETION);
        for (int k = 0; k < COUNT; k++) {
            BatchResult r = all.get(k);
            if (!r.ok()) {
                throw new IllegalStateException("decomp4j batch failed on #" + k + ": " + r.errorMessage().orElse(""));
            }
            Factor u = r.factor("U");
            Factor s = r.factor("S");
            Factor vt = r.factor("Vt");
            double err = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double x = 0;
                    for (int p = 0; p < n; p++) {
                        x += u.get(i, p) * s.data()[p] * vt.get(p, j);
                    }
                    err = Math.max(err, Math.abs(x - ejmlIn[k].get(i, j)));
                }
            }
            if (err > tolerance(k)) {
                throw new IllegalStateException("decomp4j batch: residual " + err + " on #" + k);
            }
        }
    }

    private void checkEjml() {
        SingularValueDecomposition_F64<DMatrixRMaj> d = ejml[0];
        for (int k = 0; k < COUNT; k++) {
            DMatrixRMaj w = ejmlIn[k].copy();
            if (!d.decompose(w)) {
                throw new IllegalStateException("EJML failed on #" + k);
            }
            DMatrixRMaj u = d.getU(null, false);
            DMatrixRMaj v = d.getV(null, false);
            double[] s = d.getSingularValues();
            double err = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double x = 0;
                    for (int p = 0; p < s.length; p++) {
                        x += u.get(i, p) * s[p] * v.get(j, p);
                    }
                    err = Math.max(err, Math.abs(x - ejmlIn[k].get(i, j)));
                }
            }
            if (err > tolerance(k)) {
                throw new IllegalStateException("EJML: residual " + err + " on #" + k);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.shutdownNow();
        mats.forEach(Matrix::close);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public BatchSummary decomp4jBatch() {
        return runner.run(inputs.iterator(), Decompositions.svd(), r -> { });
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double ejml() throws Exception {
        if (workers == 1) {
            return ejmlShare(0, 0, BATCH);
        }
        List<Future<Double>> parts = new ArrayList<>(workers);
        for (int t = 0; t < workers; t++) {
            int id = t;
            int from = (int) ((long) BATCH * t / workers);
            int to = (int) ((long) BATCH * (t + 1) / workers);
            parts.add(pool.submit(() -> ejmlShare(id, from, to)));
        }
        double sum = 0;
        for (Future<Double> f : parts) {
            sum += f.get();
        }
        return sum;
    }

    /** Matrices [from, to) on EJML decomposer {@code id}; returns a sum of σ₁ so nothing is dead code. */
    private double ejmlShare(int id, int from, int to) {
        SingularValueDecomposition_F64<DMatrixRMaj> d = ejml[id];
        DMatrixRMaj w = ejmlWork[id];
        double sum = 0;
        for (int k = from; k < to; k++) {
            w.setTo(ejmlIn[k % COUNT]);
            d.decompose(w);
            DMatrixRMaj u = d.getU(null, false);
            DMatrixRMaj v = d.getV(null, true);
            sum += d.getSingularValues()[0] + u.data[0] + v.data[0];
        }
        return sum;
    }
}
