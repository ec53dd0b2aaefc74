package org.decomp4j.lapack;

import java.nio.file.Files;
import java.nio.file.Path;

import org.decomp4j.Matrix;
import org.decomp4j.Svd;

/**
 * The child JVM of {@link CachedNativesTest}: loads OpenBLAS as the CLI does, then prints how
 * (JavaCPP's loader switched off or not), how many copies of OpenBLAS the process mapped, its
 * thread count, and the largest error of one LAPACK SVD's singular values against the known ones.
 */
public final class CachedNativesProbe {
    private CachedNativesProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            OpenBlas.loadFromJavaCppCache();   // as the CLI does; with an argument, only properties ask
        }
        OpenBlas.ensureLoaded();
        long copies = Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .filter(l -> l.contains("libopenblas")).map(l -> l.substring(l.lastIndexOf(' ') + 1))
                .distinct().count();
        int n = 64; // above the pure-Java small-SVD limit: gesdd runs
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            a[i][(5 * i) % n] = i + 1; // a permuted diagonal: singular values n, n-1, ..., 1 exactly
        }
        double residual = 0;
        try (Matrix m = Matrix.of(a); Svd s = Svd.of(m)) {
            double[] sv = s.singularValues();
            for (int i = 0; i < n; i++) {
                residual = Math.max(residual, Math.abs(sv[i] - (n - i)));
            }
        }
        System.out.println("loadLibraries=" + System.getProperty("org.bytedeco.javacpp.loadLibraries")
                + " copies=" + copies + " threads=" + OpenBlas.threads() + " residual=" + residual);
    }
}
