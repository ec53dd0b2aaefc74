package org.decomp4j.bench.scale;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

import org.decomp4j.DType;
import org.decomp4j.Job;
import org.decomp4j.Matrix;
import org.decomp4j.Svd;
import org.decomp4j.SvdOptions;
import org.decomp4j.dispatch.Plan;
import org.decomp4j.io.Npy;

/**
 * The opt-in huge-matrix run (too big and slow for CI): singular values of an m×n float32 matrix
 * of more than 2^31 elements (default 5,000,000×500 = 2.5·10⁹, a 10 GB file), read from .npy
 * without any Java array of its size, decomposed with the input overwritten so that no 10 GB
 * working copy is needed. Prints the plan, the time of each phase and the peak resident memory
 * (VmHWM).
 *
 * <p>The matrix has independent entries of mean 0 and variance 1 (uniform on ±√3), so its singular values must lie near the
 * Marchenko–Pastur edges √m ± √n (2258.4 and 2213.6 at the default size); the program checks both
 * ends within 1%.
 *
 * <pre>
 * free -g   # needs about 11 GB of free memory and 10 GB of disk
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar org.decomp4j.bench.scale.HugeSvd /tmp/huge.npy [m n]
 * </pre>
 */
public final class HugeSvd {
    private HugeSvd() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "huge.npy");
        long m = args.length > 2 ? Long.parseLong(args[1]) : 5_000_000L;
        long n = args.length > 2 ? Long.parseLong(args[2]) : 500L;
        System.out.printf("m×n = %d×%d float32, %.3g elements (2^31 = %d)%n", m, n, (double) m * n, 1L << 31);
        long t0 = System.nanoTime();
        if (!Files.exists(file)) {
            write(file, m, n);
            System.out.printf("wrote %s (%.1f GB) in %.1f s%n", file, Files.size(file) / 1e9, (System.nanoTime() - t0) / 1e9);
        }
        long t1 = System.nanoTime();
        try (Matrix a = Npy.read(file)) {
            long t2 = System.nanoTime();
            System.out.printf("read in %.1f s; VmHWM %s%n", (t2 - t1) / 1e9, peak());
            SvdOptions o = SvdOptions.valuesOnly().overwriteInput();
            Plan p = Svd.plan(a, o);
            System.out.println("plan: " + p);
            double[] s;
            try (Svd svd = Svd.of(a, o)) {
                s = svd.singularValues();
            }
            long t3 = System.nanoTime();
            double hi = Math.sqrt(m) + Math.sqrt(n);
            double lo = Math.sqrt(m) - Math.sqrt(n);
            System.out.printf("SVD (values only) in %.1f s; σ₁ = %.2f (edge %.2f), σ_min = %.2f (edge %.2f); VmHWM %s%n",
                    (t3 - t2) / 1e9, s[0], hi, s[s.length - 1], lo, peak());
            if (Math.abs(s[0] - hi) > 0.01 * hi || Math.abs(s[s.length - 1] - lo) > 0.01 * lo) {
                throw new IllegalStateException("singular values off the Marchenko–Pastur edges");
            }
            System.out.printf("total %.1f s (read + SVD)%n", (t3 - t1) / 1e9);
        }
    }

    private static String peak() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return line.substring(6).trim();
            }
        }
        return "?";
    }

    /** Streams a Fortran-order float32 .npy of random values, 8 MiB at a time. */
    private static void write(Path file, long m, long n) throws IOException {
        String dict = "{'descr': '<f4', 'fortran_order': True, 'shape': (" + m + ", " + n + "), }";
        StringBuilder h = new StringBuilder(dict);
        while ((10 + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer pre = ByteBuffer.allocate(10 + h.length()).order(ByteOrder.LITTLE_ENDIAN);
            pre.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) h.length())
                    .put(h.toString().getBytes(StandardCharsets.ISO_8859_1)).flip();
            while (pre.hasRemaining()) {
                ch.write(pre);
            }
            ByteBuffer buf = ByteBuffer.allocateDirect(8 << 20).order(ByteOrder.LITTLE_ENDIAN);
            SplittableRandom rnd = new SplittableRandom(2026);
            double root3 = Math.sqrt(3);
            long left = m * n;
            while (left > 0) {
                buf.clear();
                int k = (int) Math.min(left, buf.capacity() / 4);
                for (int i = 0; i < k; i++) {
                    buf.putFloat((float) (root3 * (2 * rnd.nextDouble() - 1))); // mean 0, variance 1
                }
                buf.flip();
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                left -= k;
            }
        }
        Files.move(tmp, file);
    }
}
