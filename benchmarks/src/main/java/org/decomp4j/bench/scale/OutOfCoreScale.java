package org.decomp4j.bench.scale;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.SplittableRandom;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.NativeConfig;
import org.decomp4j.ProgressListener;
import org.decomp4j.Svd;
import org.decomp4j.SvdOptions;
import org.decomp4j.io.DiskMatrix;
import org.decomp4j.io.Npy;
import org.decomp4j.lowrank.OutOfCoreSvd;
import org.decomp4j.lowrank.RandomizedSvdOptions;

/**
 * Issue 24 scale points, run once (not JMH): an SVD of a {@code .npy} file under a memory budget,
 * read by row blocks, against the physical limit {@code passes × size ÷ bandwidth} with the
 * bandwidth measured on the same file in the same run, and the peak anonymous memory
 * ({@code RssAnon} of /proc/self/status, sampled every 5 ms: file pages do not count).
 *
 * <pre>
 * java -Xmx512m -cp benchmarks/target/benchmarks.jar org.decomp4j.bench.scale.OutOfCoreScale \
 *      randomized FILE ROWS COLS f32|f64 K Q BUDGET [keep]     top-K randomized SVD, q power steps
 * java -Xmx512m -cp ... OutOfCoreScale exact FILE ROWS COLS f64 BUDGET [keep]   exact TSQR vs in-memory Svd.of
 * </pre>
 * The file is generated (seeded rank-10 signal with decaying spectrum plus noise, C order) unless it
 * exists with that shape, and deleted at the end unless {@code keep}. Each method runs twice,
 * alternating with the bandwidth read (and, for exact, with the in-memory SVD); means of the two are
 * printed. With {@code -Dooc.evict=true} the file's pages are dropped from the page cache before every
 * timed read ({@code posix_fadvise(DONTNEED)} through {@code python3}, no root needed), so each read
 * comes from the disk; without it a file smaller than the free memory is read from the cache. The
 * in-memory SVD overwrites its copy ({@link SvdOptions#overwriteInput()}) under
 * {@code -Dooc.inMemoryBudget} (default 20G), so an 8 GB file needs the data and U, not a second copy.
 */
public final class OutOfCoreScale {
    private OutOfCoreScale() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path file = Path.of(args[1]);
        int rows = Integer.parseInt(args[2]);
        int cols = Integer.parseInt(args[3]);
        DType t = args[4].equalsIgnoreCase("f32") ? DType.F32 : DType.F64;
        boolean exact = mode.equals("exact");
        int k = exact ? 0 : Integer.parseInt(args[5]);
        int q = exact ? 0 : Integer.parseInt(args[6]);
        long budget = NativeConfig.parseBytes("budget", args[exact ? 5 : 7]);
        boolean keep = args.length > (exact ? 6 : 8) && args[exact ? 6 : 8].equals("keep");
        System.out.printf(Locale.ROOT, "OutOfCoreScale %s %d×%d %s, k=%d q=%d, budget %s, %d cpus, OpenBLAS threads %d,"
                        + " max heap %s, load average %s%n", mode, rows, cols, t, k, q, NativeConfig.formatBytes(budget),
                Runtime.getRuntime().availableProcessors(), NativeConfig.threads(),
                MemoryProbe.mib(Runtime.getRuntime().maxMemory()), Files.readString(Path.of("/proc/loadavg")).strip());
        try {
            generate(file, rows, cols, t);
            long size = Files.size(file);
            long data = (long) rows * cols * t.bytes();
            double[] bw = new double[2];
            double[] wall = new double[2];
            double[] mem = new double[2];
            long anonPeak = 0;
            long nativePeak = 0;
            long passes = 0;
            double[] s0 = null;
            double orth = Double.NaN;
            for (int rep = 0; rep < 2; rep++) {
                evict(file);
                bw[rep] = readBandwidth(file);
                evict(file);
                System.gc();
                try (AnonProbe probe = new AnonProbe(); DiskMatrix a = DiskMatrix.open(file)) {
                    long t0 = System.nanoTime();
                    if (exact) {
                        Path u = file.resolveSibling("U-ooc.npy");
                        try (OutOfCoreSvd r = OutOfCoreSvd.exact(a, cols, u, file.getParent(), budget,
                                ProgressListener.NONE)) {
                            wall[rep] = (System.nanoTime() - t0) / 1e9;
                            passes = r.passes();
                            nativePeak = Math.max(nativePeak, r.peakNativeBytes());
                            s0 = r.singularValues();
                            System.out.println("  plan: " + r.plan());
                        }
                        if (rep == 0) {
                            orth = orthonormality(u, cols);
                        }
                        Files.deleteIfExists(u);
                    } else {
                        RandomizedSvdOptions o = RandomizedSvdOptions.rank(k).powerIters(q).seed(1);
                        try (OutOfCoreSvd r = OutOfCoreSvd.randomized(a, o, budget, ProgressListener.NONE)) {
                            wall[rep] = (System.nanoTime() - t0) / 1e9;
                            passes = r.passes();
                            nativePeak = Math.max(nativePeak, r.peakNativeBytes());
                            s0 = r.singularValues();
                            System.out.println("  plan: " + r.plan() + "; error estimate " + r.errorEstimate());
                            System.out.println("  " + values(s0));
                        }
                    }
                    anonPeak = Math.max(anonPeak, probe.peak());
                }
                if (exact) {
                    System.gc();
                    evict(file);
                    long t0 = System.nanoTime();
                    long inMemoryBudget = NativeConfig.parseBytes("ooc.inMemoryBudget",
                            System.getProperty("ooc.inMemoryBudget", "20G"));
                    try (Matrix whole = Npy.read(file);
                         Svd svd = Svd.of(whole, SvdOptions.thin().overwriteInput().memoryBudget(inMemoryBudget))) {
                        mem[rep] = (System.nanoTime() - t0) / 1e9;
                        double[] sm = svd.singularValues();
                        double worst = 0;
                        for (int i = 0; i < sm.length; i++) {
                            worst = Math.max(worst, Math.abs(sm[i] - s0[i]) / sm[0]);
                        }
                        System.out.printf(Locale.ROOT, "  in-memory Svd.of incl. read: %.2f s; max |σ_ooc − σ_mem|/σ₁ = %.2e%n",
                                mem[rep], worst);
                    }
                }
                System.out.printf(Locale.ROOT, "  rep %d: bandwidth %.2f GB/s, out-of-core %.2f s (%d passes)%n", rep,
                        bw[rep], wall[rep], passes);
            }
            double bwMed = (bw[0] + bw[1]) / 2;
            double wallMed = (wall[0] + wall[1]) / 2;
            double limit = passes * (data / 1e9) / bwMed;
            System.out.printf(Locale.ROOT, "RESULT %s %d×%d %s size %.2f GB: out-of-core %.2f s (mean of 2), %d passes,"
                            + " limit passes×size/bandwidth = %.2f s (bandwidth %.2f GB/s) → ratio %.2f; peak RssAnon %s,"
                            + " peak native %s, budget %s%n", mode, rows, cols, t, size / 1e9, wallMed, passes, limit, bwMed,
                    wallMed / limit, MemoryProbe.mib(anonPeak), MemoryProbe.mib(nativePeak), MemoryProbe.mib(budget));
            if (!exact) {
                double flops = (2.0 * q + 2) * 2.0 * rows * cols * (k + 10) + 2.0 * rows * cols * 10;
                System.out.printf(Locale.ROOT, "RESULT products: %.1f GFLOP at %.1f GFLOP/s%n", flops / 1e9,
                        flops / 1e9 / wallMed);
            } else {
                double memMed = (mem[0] + mem[1]) / 2;
                System.out.printf(Locale.ROOT, "RESULT in-memory %.2f s (mean of 2) → out-of-core/in-memory %.2f;"
                        + " ‖UᵀU − I‖_max = %.2e (m·ε = %.2e)%n", memMed, wallMed / memMed, orth, rows * 0x1p-52);
            }
        } finally {
            if (!keep) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** The values as the anchors print them: σ₁, σ_k and Σσ² of the k returned (larger is closer to A). */
    static String values(double[] s) {
        double sq = 0;
        for (double v : s) {
            sq += v * v;
        }
        return String.format(Locale.ROOT, "values: sigma_1 %.6e, sigma_%d %.6e, sum of squares %.9e", s[0], s.length,
                s[s.length - 1], sq);
    }

    /**
     * Drops {@code file}'s pages from the page cache (fsync, then {@code posix_fadvise(DONTNEED)}
     * via python3) when {@code -Dooc.evict=true}; says so when it cannot.
     */
    static void evict(Path file) {
        if (!Boolean.getBoolean("ooc.evict")) {
            return;
        }
        String py = "import os,sys; fd=os.open(sys.argv[1], os.O_RDONLY); os.fsync(fd);"
                + " os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED); os.close(fd)";
        try {
            Process p = new ProcessBuilder("python3", "-c", py, file.toString()).inheritIO().start();
            if (p.waitFor() != 0) {
                System.out.println("  (could not evict " + file + " from the page cache: python3 exited " + p.exitValue() + ")");
            }
        } catch (IOException e) {
            System.out.println("  (could not evict " + file + " from the page cache: " + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** ‖UᵀU − I‖_max of the C-order U file, UᵀU accumulated by row blocks. */
    private static double orthonormality(Path u, int n) throws IOException {
        try (DiskMatrix d = DiskMatrix.open(u); Matrix g = Matrix.zeros(n, n)) {
            d.forEachBlock((first, b) -> {
                try (Matrix bt = b.transpose()) {
                    bt.multiplyInto(b, g, 1.0, 1.0);
                }
            });
            double worst = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    worst = Math.max(worst, Math.abs(g.get(i, j) - (i == j ? 1 : 0)));
                }
            }
            return worst;
        }
    }

    /** Sequential read of the whole file in 1 MiB positioned reads: GB/s. */
    static double readBandwidth(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
        long t0 = System.nanoTime();
        long total = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            for (long pos = 0; pos < size; ) {
                b.clear();
                int got = ch.read(b, pos);
                if (got < 0) {
                    break;
                }
                pos += got;
                total += got;
            }
        }
        return total / (double) (System.nanoTime() - t0);
    }

    /** Writes the file unless it exists with this size: rank-10 signal, σ_s ∝ 0.8^s, plus N(0, 0.01²). */
    static void generate(Path file, int rows, int cols, DType t) throws IOException {
        byte[] header = headerOf(rows, cols, t);
        long want = header.length + (long) rows * cols * t.bytes();
        if (Files.exists(file) && Files.size(file) == want) {
            return;
        }
        int signal = 10;
        SplittableRandom rnd = new SplittableRandom(1);
        double[] w = new double[signal * cols];
        for (int s = 0; s < signal; s++) {
            for (int j = 0; j < cols; j++) {
                w[s * cols + j] = Math.pow(0.8, s) * rnd.nextGaussian();
            }
        }
        long t0 = System.nanoTime();
        ByteBuffer buf = ByteBuffer.allocateDirect(Math.max(1 << 20, cols * t.bytes())).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(header));
            double[] c = new double[signal];
            double[] row = new double[cols];
            for (int i = 0; i < rows; i++) {
                for (int s = 0; s < signal; s++) {
                    c[s] = rnd.nextGaussian();
                }
                for (int j = 0; j < cols; j++) {
                    double v = 0.01 * rnd.nextGaussian();
                    for (int s = 0; s < signal; s++) {
                        v += c[s] * w[s * cols + j];
                    }
                    row[j] = v;
                }
                if (buf.remaining() < cols * t.bytes()) {
                    buf.flip();
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                    buf.clear();
                }
                for (double v : row) {
                    if (t == DType.F32) {
                        buf.putFloat((float) v);
                    } else {
                        buf.putDouble(v);
                    }
                }
            }
            buf.flip();
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
        System.out.printf(Locale.ROOT, "  generated %s (%.2f GB) in %.1f s%n", file, Files.size(file) / 1e9,
                (System.nanoTime() - t0) / 1e9);
    }

    private static byte[] headerOf(int rows, int cols, DType t) {
        String dict = "{'descr': '<" + (t == DType.F32 ? "f4" : "f8") + "', 'fortran_order': False, 'shape': (" + rows
                + ", " + cols + "), }";
        int total = (10 + dict.length() + 1 + 63) / 64 * 64;
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) (total - 10));
        b.put(dict.getBytes(StandardCharsets.ISO_8859_1));
        while (b.position() < total - 1) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        return b.array();
    }

    /** Peak RssAnon (anonymous resident memory: heap, native buffers; not file pages), sampled every 5 ms. */
    private static final class AnonProbe implements AutoCloseable {
        private volatile boolean running = true;
        private volatile long peak;
        private final Thread thread;

        AnonProbe() {
            peak = MemoryProbe.status("RssAnon");
            thread = new Thread(() -> {
                while (running) {
                    peak = Math.max(peak, MemoryProbe.status("RssAnon"));
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "rss-anon-probe");
            thread.setDaemon(true);
            thread.start();
        }

        long peak() {
            return Math.max(peak, MemoryProbe.status("RssAnon"));
        }

        @Override
        public void close() {
            running = false;
        }
    }
}
