package org.decomp4j.bench.eigen;

import java.util.concurrent.TimeUnit;

import org.decomp4j.DType;
import org.decomp4j.Eig;
import org.decomp4j.Eigenvalues;
import org.decomp4j.Eigh;
import org.decomp4j.EighOptions;
import org.decomp4j.Matrix;
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
 * Symmetric and general eigen (issue 16 targets: eigh of 2000² all pairs ≤ 1.00× NumPy, top 20
 * by syevr ≥ 5× faster than all pairs, eig of 1000² ≤ 1.05× NumPy).
 *
 * <ul>
 * <li>{@code eighAll}: {@code Eigh.of(s)}, all pairs by syevd.</li>
 * <li>{@code eighTop20}: {@code Eigh.of(s, byIndex(n − 20, n − 1))}, syevr.</li>
 * <li>{@code eigvalsh}: {@code Eigh.values(s)}.</li>
 * <li>{@code eig}: {@code Eig.of(g)}, right vectors by geev, on a Gaussian n×n.</li>
 * </ul>
 * The inputs are not modified (each call copies them), so no per-invocation copy is needed; the
 * copy is part of what a user pays. {@code @Setup} checks once that the top-20 values agree with
 * the full solve's and that {@code Σλ = trace} for eig, and fails the trial otherwise.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 2, jvmArgsAppend = {"-Xmx4g"})
public class EigenBenchmark {
    @Param({"1024", "2000"})
    public int n;

    private Matrix s;
    private Matrix g;

    @Setup(Level.Trial)
    public void setup() {
        g = Matrix.randomNormal(n, n, 7, DType.F64);
        try (Matrix gt = g.transpose().copy()) {
            s = g.copy();
            for (int j = 0; j < n; j++) { // s = (g + gᵀ)/2, exactly symmetric
                double[] a = g.column(j);
                double[] b = gt.column(j);
                for (int i = 0; i < n; i++) {
                    a[i] = 0.5 * (a[i] + b[i]);
                }
                s.setColumn(j, 0, a, 0, n);
            }
        }
        double[] all = Eigh.values(s);
        double[] top = Eigh.values(s, EighOptions.byIndex(n - 20, n - 1));
        for (int i = 0; i < 20; i++) {
            if (Math.abs(all[n - 20 + i] - top[i]) > 1e-10 * Math.abs(all[n - 1])) {
                throw new IllegalStateException("syevr's top 20 disagree with syevd's at " + i);
            }
        }
        if (n <= 1024) {
            Eigenvalues w = Eig.values(g);
            double trace = 0;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                trace += g.get(i, i);
                sum += w.re(i);
            }
            if (Math.abs(trace - sum) > 1e-8 * n) {
                throw new IllegalStateException("eig: Σλ " + sum + " ≠ trace " + trace);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        s.close();
        g.close();
    }

    @Benchmark
    public Eigh eighAll() {
        try (Eigh e = Eigh.of(s)) {
            return e;
        }
    }

    @Benchmark
    public Eigh eighTop20() {
        try (Eigh e = Eigh.of(s, EighOptions.byIndex(n - 20, n - 1))) {
            return e;
        }
    }

    @Benchmark
    public double[] eigvalsh() {
        return Eigh.values(s);
    }

    @Benchmark
    public Eig eig() {
        try (Eig e = Eig.of(g)) {
            return e;
        }
    }
}
