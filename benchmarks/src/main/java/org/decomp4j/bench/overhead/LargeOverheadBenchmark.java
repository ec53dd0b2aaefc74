package org.decomp4j.bench.overhead;

import static org.bytedeco.openblas.global.openblas.LAPACKE_dgeqrf;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgesdd;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgetrf;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgetrf2;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgetrf_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dpotrf;
import static org.bytedeco.openblas.global.openblas.LAPACK_COL_MAJOR;

import java.util.concurrent.TimeUnit;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.decomp4j.Cholesky;
import org.decomp4j.Lu;
import org.decomp4j.Matrix;
import org.decomp4j.Qr;
import org.decomp4j.Svd;
import org.decomp4j.bench.compare.RawLapacke;
import org.decomp4j.dispatch.LuPlanner;
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
 * decomp4j against the same LAPACKE call on the same data, at n ≥ 256 (target: at most 1.03×).
 *
 * <p>Each raw variant copies the input first, as decomp4j does: the routines overwrite their
 * input, and factoring an already factored matrix would measure the wrong thing (JMH sample 38).
 * {@code copyOnly} times that copy alone.
 * <ul>
 * <li>{@code decomp4j}: the public one-call API ({@code Svd.of} thin, {@code Lu.of},
 *     {@code Qr.of}, {@code Cholesky.of}), result closed inside the benchmark. Includes the NaN
 *     scan, the copy, output allocation, the deterministic sign flip (SVD) and, for LU, the
 *     hop to a deep-stack thread.</li>
 * <li>{@code lapacke}: the high-level LAPACKE call ({@code LAPACKE_dgesdd} etc.), which also scans
 *     for NaN and allocates its workspace per call — "the same raw LAPACKE call". For LU it is the
 *     routine decomp4j picks for the size: {@code dgetrf2} (recursive) from 4096 to 2048² elements,
 *     {@code dgetrf} otherwise ({@link #lapackeGetrfWork()} times OpenBLAS's getrf for reference).</li>
 * <li>{@code lapackeWork}: the {@code _work} entry point with workspace allocated once: the
 *     physical limit of this binding ({@link RawLapacke}, shared with the library comparison).</li>
 * </ul>
 * The forks run with {@code -Xss16m}: without it the raw {@code LAPACKE_dgetrf} itself kills the
 * JVM at n ≥ 256 with 2 OpenBLAS threads (decomp4j does not depend on it).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xss16m", "-Xmx2g"})
public class LargeOverheadBenchmark {
    /** Decomposition measured. */
    public enum Op { SVD, LU, QR, CHOLESKY }

    @Param({"256", "512", "1024"})
    public int n;

    @Param({"SVD", "LU", "QR", "CHOLESKY"})
    public Op op;

    /** OpenBLAS threads for both sides; 1 removes the scheduling noise of a shared 2-core machine. */
    @Param({"2"})
    public int threads;

    private Matrix a;
    private DoublePointer src;
    private DoublePointer work;
    private DoublePointer s;
    private DoublePointer u;
    private DoublePointer vt;
    private DoublePointer tau;
    private IntPointer ipiv;
    private boolean recursiveLu;
    private RawLapacke raw;

    @Setup(Level.Trial)
    public void setUp() {
        org.decomp4j.NativeConfig.setThreads(threads);
        try (Matrix r = Matrix.random(n, n, 42)) {
            if (op == Op.CHOLESKY) { // rᵀr + n·I is symmetric positive definite
                a = r.transpose().multiply(r);
                for (int i = 0; i < n; i++) {
                    a.set(i, i, a.get(i, i) + n);
                }
            } else {
                a = r.copy();
            }
        }
        long nn = (long) n * n;
        src = new DoublePointer(nn);
        src.put(a.toColumnMajorArray());
        work = new DoublePointer(nn);
        s = new DoublePointer(n);
        u = new DoublePointer(nn);
        vt = new DoublePointer(nn);
        tau = new DoublePointer(n);
        ipiv = new IntPointer(n);
        recursiveLu = LuPlanner.plan(org.decomp4j.DType.F64, n, n).routine().endsWith("getrf2");
        org.decomp4j.bench.compare.Op rawOp = switch (op) {
            case SVD -> org.decomp4j.bench.compare.Op.SVD_THIN;
            case LU -> org.decomp4j.bench.compare.Op.LU;
            case QR -> org.decomp4j.bench.compare.Op.QR;
            case CHOLESKY -> org.decomp4j.bench.compare.Op.CHOLESKY;
        };
        raw = new RawLapacke(rawOp, n, n, org.decomp4j.DType.F64, a.toColumnMajorArray(), null);
        check();
    }

    /** Checks once that both sides compute the same thing, so a fast wrong answer cannot win. */
    private void check() {
        double ours;
        if (op == Op.CHOLESKY) {
            try (Cholesky c = Cholesky.of(a)) {
                ours = c.factor().get(0, 0);
            }
        } else {
            ours = decomp4j();
        }
        double raw = lapacke();
        double rawWork = lapackeWork();
        double scale = Math.max(1, Math.abs(raw));
        if (Math.abs(ours - raw) > 1e-8 * scale || Math.abs(rawWork - raw) > 1e-8 * scale) {
            throw new IllegalStateException(op + " n=" + n + ": decomp4j " + ours + ", LAPACKE " + raw + ", _work "
                    + rawWork);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        a.close();
        for (Pointer p : new Pointer[] {src, work, s, u, vt, tau, ipiv}) {
            p.deallocate();
        }
        raw.close();
    }

    private void copy() {
        Pointer.memcpy(work, src, 8L * n * n);
    }

    /** The copy every variant pays: a baseline, not a result. */
    @Benchmark
    public double copyOnly() {
        copy();
        return work.get(0);
    }

    /** decomp4j's public API. Returns a value every variant shares (σ₁ or |U₁₁|/L₁₁/R₁₁). */
    @Benchmark
    public double decomp4j() {
        switch (op) {
            case SVD -> {
                try (Svd svd = Svd.of(a)) {
                    return svd.singularValues()[0];
                }
            }
            case LU -> {
                try (Lu lu = Lu.of(a)) {
                    return Math.abs(lu.packed().get(0, 0));
                }
            }
            case QR -> {
                try (Qr qr = Qr.of(a)) {
                    return Math.abs(qr.packed().get(0, 0));
                }
            }
            default -> {
                try (Cholesky c = Cholesky.of(a)) {
                    // not factor(): that clears the triangle potrf leaves alone, which the raw call
                    // does not do either; check() compares the factor itself
                    return c.logDeterminant();
                }
            }
        }
    }

    /** The high-level LAPACKE call (NaN check and workspace allocation inside LAPACKE). */
    @Benchmark
    public double lapacke() {
        copy();
        switch (op) {
            case SVD -> {
                LAPACKE_dgesdd(LAPACK_COL_MAJOR, (byte) 'S', n, n, work, n, s, u, n, vt, n);
                return s.get(0);
            }
            case LU -> {
                if (recursiveLu) {
                    LAPACKE_dgetrf2(LAPACK_COL_MAJOR, n, n, work, n, ipiv);
                } else {
                    LAPACKE_dgetrf(LAPACK_COL_MAJOR, n, n, work, n, ipiv);
                }
                return Math.abs(work.get(0));
            }
            case QR -> {
                LAPACKE_dgeqrf(LAPACK_COL_MAJOR, n, n, work, n, tau);
                return Math.abs(work.get(0));
            }
            default -> {
                LAPACKE_dpotrf(LAPACK_COL_MAJOR, (byte) 'L', n, work, n);
                return work.get(0);
            }
        }
    }

    /** The {@code _work} entry point with preallocated workspace: the binding's physical limit. */
    @Benchmark
    public double lapackeWork() {
        double v = raw.run();
        // the value every variant returns: σ₁, |U₁₁|, |R₁₁| or L₁₁
        return op == Op.SVD || op == Op.CHOLESKY ? v : Math.abs(v);
    }

    /** OpenBLAS's own {@code dgetrf}, whatever the size (needs -Xss16m at n ≥ 256). */
    public double lapackeGetrfWork() {
        copy();
        LAPACKE_dgetrf_work(LAPACK_COL_MAJOR, n, n, work, n, ipiv);
        return Math.abs(work.get(0));
    }
}
