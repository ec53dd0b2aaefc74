package org.decomp4j.bench.firstcall;

import java.util.Locale;
import java.util.Random;

import org.decomp4j.Lu;
import org.decomp4j.Matrix;
import org.decomp4j.Svd;
import org.decomp4j.SvdOptions;

/**
 * A library's first call in a fresh JVM, as the native-peers comparison times it: the seeded n×n
 * input is built in plain Java first, then the clock runs from before the input enters
 * {@code Matrix} (decomp4j's classes and natives loaded on the way) to the end of the first
 * {@code Lu.of} (or, with a second argument {@code svd}, the first thin {@code Svd.of}). Prints the milliseconds. Run it in fresh processes, e.g. with and without
 * {@code -Ddecomp4j.loadFromCache=true}:
 *
 * <pre>
 * java -cp target/classes:JAVACPP_AND_OPENBLAS_JARS org.decomp4j.bench.firstcall.LibraryFirstCall 4
 * </pre>
 */
public final class LibraryFirstCall {
    private LibraryFirstCall() {
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        double[][] x = new double[n][n];
        Random r = new Random(1);
        for (double[] row : x) {
            for (int j = 0; j < n; j++) {
                row[j] = r.nextGaussian();
            }
        }
        boolean svd = args.length > 1 && args[1].equals("svd");
        long t0 = System.nanoTime();
        if (svd) {
            try (Matrix m = Matrix.of(x); Svd s = Svd.of(m, SvdOptions.thin())) {
                System.out.printf(Locale.ROOT, "%.1f%n", (System.nanoTime() - t0) / 1e6);
            }
            return;
        }
        try (Matrix m = Matrix.of(x); Lu lu = Lu.of(m)) {
            System.out.printf(Locale.ROOT, "%.1f%n", (System.nanoTime() - t0) / 1e6);
        }
    }
}
