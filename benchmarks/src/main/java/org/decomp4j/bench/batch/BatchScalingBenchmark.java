package org.decomp4j.bench.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.decomp4j.Matrix;
import org.decomp4j.batch.BatchRunner;
import org.decomp4j.batch.BatchSummary;
import org.decomp4j.batch.Decompositions;
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
 * Batch throughput against the number of workers: {@value #COUNT} thin SVDs of distinct n×n
 * float64 matrices through {@link BatchRunner} (results delivered as completed and dropped), per
 * SVD. The scaling from 1 to 2 workers is the ratio of the two scores (target ≥ 1.8 on 2 cores).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'batch.BatchScalingBenchmark' -rf json -rff scaling.json
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xmx2g"})
public class BatchScalingBenchmark {
    static final int COUNT = 10_000;

    @Param({"4", "16"})
    public int n;

    @Param({"1", "2"})
    public int jobs;

    private List<Matrix> mats;
    private BatchRunner runner;

    @Setup(Level.Trial)
    public void setUp() {
        mats = new ArrayList<>(COUNT);
        for (int k = 0; k < COUNT; k++) {
            mats.add(Matrix.random(n, n, k));
        }
        runner = BatchRunner.withJobs(jobs).order(BatchRunner.Order.COMPLETION);
        BatchSummary s = run();
        if (s.failed() != 0 || s.done() != COUNT) {
            throw new IllegalStateException("batch check failed: " + s);
        }
    }

    private BatchSummary run() {
        List<org.decomp4j.batch.BatchInput> in = new ArrayList<>(COUNT);
        for (int k = 0; k < COUNT; k++) {
            in.add(org.decomp4j.batch.BatchInput.of("#" + k, mats.get(k)));
        }
        return runner.run(in.iterator(), Decompositions.svd(), r -> { });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        mats.forEach(Matrix::close);
    }

    @Benchmark
    @OperationsPerInvocation(COUNT)
    public BatchSummary batch() {
        return run();
    }
}
