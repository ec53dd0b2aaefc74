package org.decomp4j.bench.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.decomp4j.DType;
import org.decomp4j.Driver;
import org.decomp4j.Matrix;
import org.decomp4j.SvdOptions;
import org.decomp4j.SvdWorkspace;
import org.decomp4j.batch.BatchResult;
import org.decomp4j.batch.BatchRunner;
import org.decomp4j.batch.Decompositions;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Thin SVDs (U, S, Vt) of {@value #COUNT} distinct n×n float64 matrices on one thread, per SVD:
 * EJML's {@code SvdImplicitQrDecompose_DDRM} (reused; the input copied first, since EJML
 * decomposes in place, and U and V extracted) against decomp4j's reusable {@link SvdWorkspace}
 * with the AUTO planner (the pure-Java QR SVD at these sizes), the pure-Java Jacobi path forced, gesdd forced, and the whole batch
 * API with one worker (factors copied to the heap). Each variant checks one answer in setup.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'batch.SmallSvdBenchmark' -rf json -rff small-svd.json
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xmx2g", "-Ddecomp4j.threads=1"})
public class SmallSvdBenchmark {
    static final int COUNT = 1000;

    @Param({"4", "16"})
    public int n;

    private List<Matrix> mats;
    private DMatrixRMaj[] ejmlIn;
    private DMatrixRMaj ejmlWork;
    private SingularValueDecomposition_F64<DMatrixRMaj> ejml;
    private SvdWorkspace auto;
    private SvdWorkspace java;
    private SvdWorkspace gesdd;
    private BatchRunner one;

    @Setup(Level.Trial)
    public void setUp() {
        Random rnd = new Random(42);
        mats = new ArrayList<>(COUNT);
        ejmlIn = new DMatrixRMaj[COUNT];
        for (int k = 0; k < COUNT; k++) {
            double[][] a = new double[n][n];
            ejmlIn[k] = new DMatrixRMaj(n, n);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    a[i][j] = rnd.nextGaussian();
                    ejmlIn[k].set(i, j, a[i][j]);
                }
            }
            mats.add(Matrix.of(a));
        }
        ejmlWork = new DMatrixRMaj(n, n);
        ejml = DecompositionFactory_DDRM.svd(n, n, true, true, true);
        auto = new SvdWorkspace(n, n, DType.F64, SvdOptions.thin());
        java = new SvdWorkspace(n, n, DType.F64, SvdOptions.thin().driver(Driver.JAVA_JACOBI));
        gesdd = new SvdWorkspace(n, n, DType.F64, SvdOptions.thin().driver(Driver.GESDD));
        one = BatchRunner.withJobs(1);
        // one answer checked: the largest singular value agrees across all paths
        ejmlWork.setTo(ejmlIn[0]);
        ejml.decompose(ejmlWork);
        double top = 0;
        for (double v : ejml.getSingularValues()) {
            top = Math.max(top, v);
        }
        for (SvdWorkspace w : new SvdWorkspace[] {auto, java, gesdd}) {
            w.compute(mats.get(0));
            double got = w.singularValues()[0];
            if (Math.abs(got - top) > 1e-12 * top) {
                throw new IllegalStateException(w.plan().routineName() + ": σ₁ " + got + " vs EJML " + top);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        mats.forEach(Matrix::close);
        auto.close();
        java.close();
        gesdd.close();
    }

    @Benchmark
    @OperationsPerInvocation(COUNT)
    public void ejml(Blackhole bh) {
        for (int k = 0; k < COUNT; k++) {
            ejmlWork.setTo(ejmlIn[k]);
            ejml.decompose(ejmlWork);
            bh.consume(ejml.getU(null, false));
            bh.consume(ejml.getV(null, true));
            bh.consume(ejml.getSingularValues());
        }
    }

    private static void run(SvdWorkspace w, List<Matrix> mats, Blackhole bh) {
        for (int k = 0; k < COUNT; k++) {
            w.compute(mats.get(k));
            bh.consume(w.u());
        }
    }

    @Benchmark
    @OperationsPerInvocation(COUNT)
    public void workspaceAuto(Blackhole bh) {
        run(auto, mats, bh);
    }

    @Benchmark
    @OperationsPerInvocation(COUNT)
    public void workspaceJavaJacobi(Blackhole bh) {
        run(java, mats, bh);
    }

    @Benchmark
    @OperationsPerInvocation(COUNT)
    public void workspaceGesdd(Blackhole bh) {
        run(gesdd, mats, bh);
    }

    @Benchmark
    @OperationsPerInvocation(COUNT)
    public List<BatchResult> batchApiOneWorker() {
        return one.runAll(mats, Decompositions.svd());
    }
}
