package org.decomp4j.bench.lstsq;

import static org.bytedeco.openblas.global.openblas.LAPACKE_dgelsy_work;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.decomp4j.LinAlg;
import org.decomp4j.Lstsq;
import org.decomp4j.LstsqDriver;
import org.decomp4j.LstsqOptions;
import org.decomp4j.Matrix;
import org.decomp4j.NativeConfig;

/**
 * The lstsq drivers side by side in one JVM, in interleaved rounds so that the drift of a shared
 * machine cancels: decomp4j {@code LinAlg.lstsq} with gelsy (its full-rank fast path), with gelsy
 * forced to the pivoted {@code dgelsy} ({@code LstsqOptions.fastPath(false)}) and with gelsd, Smile 3.1.1's
 * {@code Matrix.qr(false).solve(b)} (Householder QR without pivoting, geqrf + ormqr + trtrs), and
 * raw {@code LAPACKE_dgelsy_work} with preallocated buffers (A and b copied per call, as decomp4j
 * does). All on the same OpenBLAS, with the same thread count; one right-hand side; F64.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.decomp4j.bench.lstsq.LstsqDrivers M N [rounds] [threads]
 * </pre>
 *
 * Prints the median time of each side and the median over rounds of the within-round ratio. Each
 * side's answer is checked once ({@code ‖Aᵀ(A·x − b)‖ ≤ 8·max(m,n)·ε·‖A‖·(‖A‖·‖x‖ + ‖b‖)}).
 */
public final class LstsqDrivers {
    private LstsqDrivers() {
    }

    public static void main(String[] args) {
        int m = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : Runtime.getRuntime().availableProcessors();
        NativeConfig.setThreads(threads);
        Random rnd = new Random(42);
        double[] acol = new double[m * n];
        for (int i = 0; i < acol.length; i++) {
            acol[i] = rnd.nextGaussian();
        }
        double[] bvec = new double[m];
        for (int i = 0; i < m; i++) {
            bvec[i] = rnd.nextGaussian();
        }
        double[][] rows = new double[m][n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                rows[i][j] = acol[i + j * m];
            }
        }
        double[][] brows = new double[m][1];
        for (int i = 0; i < m; i++) {
            brows[i][0] = bvec[i];
        }
        try (Matrix a = Matrix.of(rows); Matrix b = Matrix.of(brows); Raw raw = new Raw(m, n, acol, bvec)) {
            smile.math.matrix.Matrix sa = new smile.math.matrix.Matrix(m, n, m, acol.clone());
            List<String> names = List.of("decomp4j gelsy", "decomp4j gelsd", "Smile qr.solve", "raw dgelsy_work",
                    "d4j gelsy pivoted");
            LstsqOptions pivoted = LstsqOptions.driver(LstsqDriver.GELSY).fastPath(false);
            List<Side> sides = List.of(
                    () -> {
                        try (Lstsq l = LinAlg.lstsq(a, b, LstsqDriver.GELSY)) {
                            return l.x().toColumnMajorArray();
                        }
                    },
                    () -> {
                        try (Lstsq l = LinAlg.lstsq(a, b, LstsqDriver.GELSD)) {
                            return l.x().toColumnMajorArray();
                        }
                    },
                    () -> sa.qr(false).solve(bvec.clone()),
                    raw::solve,
                    () -> {
                        try (Lstsq l = LinAlg.lstsq(a, b, pivoted)) { // the fast path turned off: dgelsy
                            return l.x().toColumnMajorArray();
                        }
                    });
            for (int s = 0; s < sides.size(); s++) { // warm up and check each answer
                sides.get(s).run();
                check(names.get(s), acol, bvec, sides.get(s).run(), m, n);
            }
            double[][] t = new double[sides.size()][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < sides.size(); k++) {
                    int s = (k + r) % sides.size(); // rotate the order each round
                    long t0 = System.nanoTime();
                    sides.get(s).run();
                    t[s][r] = (System.nanoTime() - t0) / 1e6;
                }
            }
            System.out.printf(Locale.ROOT, "%d×%d F64, nrhs 1, OpenBLAS threads %d, %d rounds%n", m, n, threads, rounds);
            try (Lstsq l = LinAlg.lstsq(a, b, LstsqDriver.GELSY)) { // which route "decomp4j gelsy" took
                System.out.printf(Locale.ROOT, "  decomp4j gelsy ran %s (fast path %b, estimated 1/cond %.3g, bound %.3g)%n",
                        l.routine(), l.fastPath(), l.rcondEstimate(), l.fastPathBound());
            }
            for (int s = 0; s < sides.size(); s++) {
                System.out.printf(Locale.ROOT, "  %-16s median %9.3f ms  (min %9.3f)%n", names.get(s), median(t[s]),
                        Arrays.stream(t[s]).min().orElse(0));
            }
            ratio("gelsy / Smile qr.solve", t[0], t[2]);
            ratio("gelsd / Smile qr.solve", t[1], t[2]);
            ratio("gelsy / raw dgelsy_work", t[0], t[3]);
            ratio("gelsd / gelsy", t[1], t[0]);
            ratio("gelsy / gelsy pivoted", t[0], t[4]);
            ratio("gelsy pivoted / raw dgelsy", t[4], t[3]);
        }
    }

    /** One side of a round: a full solve returning x. */
    @FunctionalInterface
    private interface Side {
        double[] run();
    }

    private static void ratio(String what, double[] x, double[] y) {
        double[] r = new double[x.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = x[i] / y[i];
        }
        double[] sorted = r.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "  ratio %-24s median %.3f  (IQR %.3f–%.3f)%n", what, median(r),
                sorted[sorted.length / 4], sorted[(3 * sorted.length) / 4]);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int k = s.length;
        return k % 2 == 1 ? s[k / 2] : (s[k / 2 - 1] + s[k / 2]) / 2;
    }

    private static void check(String who, double[] a, double[] b, double[] x, int m, int n) {
        double[] r = b.clone();
        double na = 0;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                r[i] -= a[i + j * m] * x[j];
                na += a[i + j * m] * a[i + j * m];
            }
        }
        na = Math.sqrt(na);
        double g = 0;
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int i = 0; i < m; i++) {
                s += a[i + j * m] * r[i];
            }
            g += s * s;
        }
        double nx = Math.sqrt(Arrays.stream(x, 0, n).map(v -> v * v).sum());
        double nb = Math.sqrt(Arrays.stream(b).map(v -> v * v).sum());
        double bound = 8 * Math.max(m, n) * Math.ulp(1.0) / 2 * na * (na * nx + nb);
        if (!(Math.sqrt(g) <= bound)) {
            throw new IllegalStateException(who + ": ‖Aᵀr‖ = " + Math.sqrt(g) + " > " + bound);
        }
    }

    /** {@code LAPACKE_dgelsy_work} on preallocated buffers; A and b are copied in per call. */
    private static final class Raw implements AutoCloseable {
        private final int m;
        private final int n;
        private final DoublePointer asrc;
        private final DoublePointer bsrc;
        private final DoublePointer aw;
        private final DoublePointer bw;
        private final IntPointer jpvt;
        private final IntPointer rank = new IntPointer(1);
        private final DoublePointer work;
        private final int lwork;
        private final List<Pointer> all = new ArrayList<>();

        Raw(int m, int n, double[] a, double[] b) {
            this.m = m;
            this.n = n;
            asrc = keep(new DoublePointer(a));
            bsrc = keep(new DoublePointer(Math.max(m, n)));
            bsrc.put(b, 0, m);
            aw = keep(new DoublePointer((long) m * n));
            bw = keep(new DoublePointer(Math.max(m, n)));
            jpvt = keep(new IntPointer(n));
            keep(rank);
            DoublePointer q = new DoublePointer(1);
            int info = LAPACKE_dgelsy_work(102, m, n, 1, aw, m, bw, Math.max(m, n), jpvt, Math.max(m, n) * 0x1p-52,
                    rank, q, -1);
            if (info != 0) {
                throw new IllegalStateException("dgelsy query info " + info);
            }
            lwork = (int) Math.ceil(q.get(0));
            q.deallocate();
            work = keep(new DoublePointer(lwork));
        }

        private <P extends Pointer> P keep(P p) {
            all.add(p);
            return p;
        }

        double[] solve() {
            Pointer.memcpy(aw, asrc, 8L * m * n);
            Pointer.memcpy(bw, bsrc, 8L * Math.max(m, n));
            Pointer.memset(jpvt, 0, 4L * n);
            int info = LAPACKE_dgelsy_work(102, m, n, 1, aw, m, bw, Math.max(m, n), jpvt,
                    Math.max(m, n) * 0x1p-52, rank, work, lwork);
            if (info != 0) {
                throw new IllegalStateException("dgelsy info " + info);
            }
            double[] x = new double[n];
            bw.get(x, 0, n);
            return x;
        }

        @Override
        public void close() {
            all.forEach(Pointer::deallocate);
        }
    }
}
