package org.decomp4j.bench.compare;

import java.util.concurrent.TimeUnit;

import org.decomp4j.DType;
import org.decomp4j.NativeConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One library, one operation, one shape, one dtype: the unit of the library comparison. The
 * {@link Compare} runner picks the parameter sets (not every library has every operation) and
 * the iteration counts of a profile; run alone it measures the defaults below.
 *
 * <p>{@code @Setup} builds the input in the library's own matrix type (outside the timing), sets
 * the OpenBLAS threads, runs the call twice and validates the second result ({@link Check}):
 * a fast wrong answer, or a library that destroyed its input, fails the run instead of winning.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xss16m", "-Xmx6g"})
public class CompareBenchmark {
    @Param({"decomp4j"})
    public String lib;

    @Param({"SVD_THIN"})
    public Op op;

    @Param({"256"})
    public String shape;

    @Param({"F64"})
    public DType dtype;

    /** OpenBLAS threads (decomp4j, LAPACKE, Smile); 0 leaves OpenBLAS's default (one per core). */
    @Param({"0"})
    public int threads;

    private Task task;

    @Setup(Level.Trial)
    public void setUp() {
        if (threads > 0) {
            NativeConfig.setThreads(threads);
        }
        Library l = Library.of(lib);
        Shape s = Shape.parse(shape);
        if (!op.accepts(s.rows(), s.cols()) || !l.supports(op, dtype, s)) {
            throw new IllegalArgumentException(lib + " does not measure " + op + " " + dtype + " " + shape);
        }
        task = l.task(new Problem(op, s, dtype, 20261123L));
        task.check();
    }

    /** The timed call; a result holding native memory is closed here (part of its cost). */
    @Benchmark
    public Object run() {
        Object r = task.compute().get();
        Task.release(r);
        return r;
    }
}
