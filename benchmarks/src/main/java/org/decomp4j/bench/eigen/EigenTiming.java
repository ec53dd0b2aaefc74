package org.decomp4j.bench.eigen;

import java.util.Arrays;

import org.decomp4j.Eig;
import org.decomp4j.Eigh;
import org.decomp4j.EighOptions;
import org.decomp4j.Matrix;
import org.decomp4j.NativeConfig;

/**
 * Warm medians of eigh (all pairs), eigh (top 20 by syevr) and eig, printed as one line each
 * ({@code op n median_seconds}), for {@code run-eigen.sh}, which runs NumPy on the same inputs
 * (read from .npy files the script writes) alternately. Arguments: {@code threads reps files…}
 * where each file is {@code op:n:path.npy}.
 */
public final class EigenTiming {
    private EigenTiming() {
    }

    public static void main(String[] args) throws Exception {
        NativeConfig.setThreads(Integer.parseInt(args[0]));
        int reps = Integer.parseInt(args[1]);
        for (int k = 2; k < args.length; k++) {
            String[] spec = args[k].split(":", 3);
            String op = spec[0];
            try (Matrix a = org.decomp4j.io.Npy.read(java.nio.file.Path.of(spec[2]))) {
                int n = a.rows();
                Runnable call = switch (op) {
                    case "eigh" -> () -> Eigh.of(a).close();
                    case "eigh_top20" -> () -> Eigh.of(a, EighOptions.byIndex(n - 20, n - 1)).close();
                    case "eig" -> () -> Eig.of(a).close();
                    default -> throw new IllegalArgumentException(op);
                };
                call.run(); // warm-up
                double[] t = new double[reps];
                for (int r = 0; r < reps; r++) {
                    long t0 = System.nanoTime();
                    call.run();
                    t[r] = (System.nanoTime() - t0) / 1e9;
                }
                Arrays.sort(t);
                System.out.printf("%s %d %.4f%n", op, n, t[reps / 2]);
            }
        }
    }
}
