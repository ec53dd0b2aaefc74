package org.decomp4j.bench.scale;

import java.util.concurrent.TimeUnit;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.Svd;
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
 * Thin SVD of a dense complex n×n matrix ({@code zgesdd}/{@code cgesdd} through {@code Svd.of}),
 * the issue-16 target: complex SVD 1000×1000 thin within 1.05× of NumPy's
 * {@code np.linalg.svd(a, full_matrices=False)} (which also calls {@code zgesdd}) on the same
 * machine and OpenBLAS thread count. {@code realF64} is the same-size real SVD, for scale.
 *
 * <p>Entries are standard normal in both parts, seeded. {@code Svd.of} copies its input (the
 * default), so one matrix serves every invocation. {@code @Setup} checks the answer once:
 * {@code ‖A − UΣVᴴ‖_F / ‖A‖_F ≤ 10·n·ε}. Seconds per call, so the mode is single-shot.
 * Run with {@code -Ddecomp4j.threads=2} (or {@code OPENBLAS_NUM_THREADS=2}) and the same for NumPy.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 2, jvmArgsAppend = {"-Xmx2g"})
public class ComplexSvdBenchmark {
    @Param({"1000"})
    public int n;

    @Param({"C128", "C64"})
    public DType dtype;

    private Matrix a;
    private Matrix real;

    @Setup(Level.Trial)
    public void setup() {
        a = Matrix.randomNormal(n, n, 42, dtype);
        real = Matrix.randomNormal(n, n, 42, DType.F64);
        try (Svd svd = Svd.of(a); Matrix u = svd.u().copy()) {
            double[] s = svd.singularValues();
            for (int j = 0; j < s.length; j++) {
                for (int i = 0; i < n; i++) {
                    u.setComplex(i, j, u.getRe(i, j) * s[j], u.getIm(i, j) * s[j]);
                }
            }
            try (Matrix r = u.multiply(svd.vt()); Matrix d = a.subtract(r)) {
                double rel = d.normFrobenius() / a.normFrobenius();
                if (!(rel <= 10.0 * n * dtype.eps())) {
                    throw new IllegalStateException("complex SVD residual " + rel + " above 10·n·eps");
                }
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        a.close();
        real.close();
    }

    /** {@code Svd.of(a)}: thin, AUTO (plans zgesdd JOBZ=S, or cgesdd for C64). */
    @Benchmark
    public double[] complexThin() {
        try (Svd svd = Svd.of(a)) {
            return svd.singularValues();
        }
    }

    /** The real F64 thin SVD of the same size, for scale. */
    @Benchmark
    public double[] realF64Thin() {
        try (Svd svd = Svd.of(real)) {
            return svd.singularValues();
        }
    }
}
