package org.decomp4j.bench.scale;

import java.nio.file.Path;
import java.util.Locale;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.NativeConfig;
import org.decomp4j.ProgressListener;
import org.decomp4j.Qr;
import org.decomp4j.engine.Orthonormal;
import org.decomp4j.io.DiskMatrix;
import org.decomp4j.lowrank.OutOfCoreSvd;
import org.decomp4j.lowrank.RandomizedSvdOptions;

/**
 * Where an out-of-core randomized SVD's time goes (issue 24), run once, not JMH.
 *
 * <pre>
 * # the benchmark's randomized SVD of FILE (k = 50, q = 1, budget 1.5 GiB), REPS times: wall time,
 * # the reader's time (on its own thread) and how long the products waited for data
 * java -Xss16m -Xmx512m -cp benchmarks/target/benchmarks.jar org.decomp4j.bench.scale.OutOfCoreProbe rsvd FILE REPS
 * # the sketch's orthonormalisation: TSQR (Orthonormal.Householder) against one geqrf + orgqr
 * java -Xss16m -cp benchmarks/target/benchmarks.jar org.decomp4j.bench.scale.OutOfCoreProbe tsqr ROWS COLS F32|F64 REPS
 * </pre>
 * Drop FILE from the page cache first to time the disk (e.g. {@code posix_fadvise(DONTNEED)}, as
 * {@link OutOfCoreScale} does with {@code -Dooc.evict=true}). {@code -Ddecomp4j.threads=N} sets the
 * OpenBLAS threads.
 */
public final class OutOfCoreProbe {
    private OutOfCoreProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 3 && args[0].equals("rsvd")) {
            rsvd(Path.of(args[1]), Integer.parseInt(args[2]));
        } else if (args.length >= 5 && args[0].equals("tsqr")) {
            tsqr(Integer.parseInt(args[1]), Integer.parseInt(args[2]), DType.valueOf(args[3]), Integer.parseInt(args[4]));
        } else {
            System.err.println("usage: OutOfCoreProbe rsvd FILE REPS | tsqr ROWS COLS F32|F64 REPS");
            System.exit(2);
        }
    }

    static void rsvd(Path file, int reps) throws Exception {
        for (int r = 0; r < reps; r++) {
            try (DiskMatrix d = DiskMatrix.open(file)) {
                long t0 = System.nanoTime();
                try (OutOfCoreSvd s = OutOfCoreSvd.randomized(d, RandomizedSvdOptions.rank(50).powerIters(1),
                        1536L << 20, ProgressListener.NONE)) {
                    long t = System.nanoTime() - t0;
                    System.out.printf(Locale.ROOT, "rsvd: wall %.2f s, %d passes, reader %.2f s (%.2f GB/s), products"
                                    + " waited %.2f s for data, OpenBLAS threads %d%n", t / 1e9, s.passes(),
                            d.readNanos() / 1e9, d.bytesRead() / (double) d.readNanos(), d.waitNanos() / 1e9,
                            NativeConfig.threads());
                }
            }
        }
    }

    static void tsqr(int m, int l, DType t, int reps) {
        try (Orthonormal.Householder h = new Orthonormal.Householder(t, l, m); Matrix x = Matrix.randomNormal(m, l, 1, t)) {
            for (int r = 0; r < reps; r++) {
                try (Matrix y = x.copy()) {
                    long t0 = System.nanoTime();
                    h.orthonormalize(y);
                    long t1 = System.nanoTime();
                    try (Qr q = Qr.of(x); Matrix qq = q.q()) {
                        long t2 = System.nanoTime();
                        System.out.printf(Locale.ROOT, "tsqr %d×%d %s: TSQR %.3f s, geqrf + orgqr %.3f s, OpenBLAS threads %d%n",
                                m, l, t, (t1 - t0) / 1e9, (t2 - t1) / 1e9, NativeConfig.threads());
                    }
                }
            }
        }
    }
}
