package org.decomp4j.bench.overhead;

import static org.bytedeco.openblas.global.openblas.LAPACKE_dgesdd;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgesdd_work;
import static org.bytedeco.openblas.global.openblas.LAPACK_COL_MAJOR;

import java.util.concurrent.TimeUnit;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.decomp4j.DType;
import org.decomp4j.Driver;
import org.decomp4j.FiniteCheck;
import org.decomp4j.Matrix;
import org.decomp4j.Svd;
import org.decomp4j.SvdOptions;
import org.decomp4j.SvdWorkspace;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-call overhead at n = 4 and 16, reusing buffers (target: under 1 µs over raw LAPACKE).
 *
 * <p>Each variant produces the thin SVD of the same matrix and copies the singular values into a
 * Java array. {@code lapackeWork} is the floor: a memcpy of the input and
 * {@code LAPACKE_dgesdd_work} with every buffer preallocated. {@code workspaceGesdd} is
 * {@link SvdWorkspace#compute} running the same routine (driver forced to GESDD) with default
 * options (NaN scan and deterministic signs included): the binding's overhead on the same
 * arithmetic. {@code workspaceBare} is that with both turned off, to show what they cost.
 * {@code workspace} is what a caller gets by default: AUTO, which at these sizes runs the
 * pure-Java QR SVD instead of LAPACK. {@code oneShot} is
 * {@code Svd.of}, which allocates its result; {@code lapacke} is the high-level call, which
 * allocates its workspace per call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xmx1g"})
public class SmallOverheadBenchmark {
    @Param({"4", "16"})
    public int n;

    private Matrix a;
    private SvdWorkspace ws;
    private SvdWorkspace bare;
    private SvdWorkspace gesdd;
    private DoublePointer src;
    private DoublePointer work;
    private DoublePointer s;
    private DoublePointer u;
    private DoublePointer vt;
    private DoublePointer lw;
    private IntPointer iwork;
    private int lwork;
    private double[] out;

    @Setup(Level.Trial)
    public void setUp() {
        a = Matrix.random(n, n, 7);
        ws = new SvdWorkspace(n, n, DType.F64, SvdOptions.thin());
        gesdd = new SvdWorkspace(n, n, DType.F64, SvdOptions.thin().driver(Driver.GESDD));
        bare = new SvdWorkspace(n, n, DType.F64,
                SvdOptions.thin().driver(Driver.GESDD).finiteCheck(FiniteCheck.OFF).signFlip(false));
        long nn = (long) n * n;
        src = new DoublePointer(nn);
        src.put(a.toColumnMajorArray());
        work = new DoublePointer(nn);
        s = new DoublePointer(n);
        u = new DoublePointer(nn);
        vt = new DoublePointer(nn);
        iwork = new IntPointer(8L * n);
        DoublePointer q = new DoublePointer(1);
        LAPACKE_dgesdd_work(LAPACK_COL_MAJOR, (byte) 'S', n, n, work, n, s, u, n, vt, n, q, -1, iwork);
        lwork = (int) q.get(0);
        lw = new DoublePointer(lwork);
        out = new double[n];
        double expected = lapackeWork();
        for (double got : new double[] {workspace(), workspaceGesdd(), workspaceBare(), oneShot(), lapacke()}) {
            if (Math.abs(got - expected) > 1e-12 * expected) {
                throw new IllegalStateException("σ₁ differs: " + got + " vs " + expected);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ws.close();
        gesdd.close();
        bare.close();
        a.close();
        for (Pointer p : new Pointer[] {src, work, s, u, vt, lw, iwork}) {
            p.deallocate();
        }
    }

    @Benchmark
    public double lapackeWork() {
        Pointer.memcpy(work, src, 8L * n * n);
        LAPACKE_dgesdd_work(LAPACK_COL_MAJOR, (byte) 'S', n, n, work, n, s, u, n, vt, n, lw, lwork, iwork);
        s.get(out);
        return out[0];
    }

    @Benchmark
    public double lapacke() {
        Pointer.memcpy(work, src, 8L * n * n);
        LAPACKE_dgesdd(LAPACK_COL_MAJOR, (byte) 'S', n, n, work, n, s, u, n, vt, n);
        s.get(out);
        return out[0];
    }

    @Benchmark
    public double workspace() {
        ws.compute(a);
        ws.singularValues(out);
        return out[0];
    }

    @Benchmark
    public double workspaceGesdd() {
        gesdd.compute(a);
        gesdd.singularValues(out);
        return out[0];
    }

    @Benchmark
    public double workspaceBare() {
        bare.compute(a);
        bare.singularValues(out);
        return out[0];
    }

    @Benchmark
    public double oneShot() {
        try (Svd svd = Svd.of(a)) {
            return svd.singularValues()[0];
        }
    }
}
