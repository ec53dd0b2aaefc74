package org.decomp4j.readme;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import javax.imageio.ImageIO;

import org.decomp4j.Matrix;
import org.decomp4j.io.Npy;

/**
 * The small input files the README's examples name ({@code A.npy}, {@code X.csv}, {@code u.data},
 * {@code corpus/}…), written into one directory so that every README line and snippet can run as
 * written. Each is small (the whole set takes well under a second to decompose) but shaped as its
 * command needs: {@code A.npy} is square and well conditioned (solve, rank 50 + 10 oversampling),
 * {@code A.mtx} a sparse coordinate file wide enough for a rank-20 Lanczos run, {@code u.data} has a
 * user "196".
 */
final class ReadmeFixtures {
    /** File name (directories end with '/') → what it is; a README line naming another input fails the test. */
    static final Map<String, String> INPUTS = new TreeMap<>(Map.ofEntries(
            Map.entry("A.npy", "100×100 float64, well conditioned"),
            Map.entry("A.csv", "6×4 comma-separated"),
            Map.entry("A.mtx", "120×90 sparse coordinate Matrix Market"),
            Map.entry("S.npy", "50×50 symmetric positive definite"),
            Map.entry("B.npy", "100×3 right-hand sides for A.npy"),
            Map.entry("X.csv", "200×10 samples with a header row"),
            Map.entry("u.data", "MovieLens-style user, item, rating, timestamp"),
            Map.entry("corpus/", "eight short text documents"),
            Map.entry("photo.png", "64×48 RGB image"),
            Map.entry("noisy.npy", "60×40 rank-3 matrix plus noise"),
            Map.entry("clean.npy", "the rank-3 matrix of noisy.npy"),
            Map.entry("matrices/", "three small .npy matrices")));

    private ReadmeFixtures() {
    }

    /** Writes every input of {@link #INPUTS} into {@code dir}. */
    static void write(Path dir) throws IOException {
        Random rnd = new Random(20261206L);
        int n = 100;
        double[][] a = gaussian(rnd, n, n);
        for (int i = 0; i < n; i++) {
            a[i][i] += 2 * Math.sqrt(n); // keeps σ_min well away from zero: solve and cond are well posed
        }
        npy(dir.resolve("A.npy"), a);
        npy(dir.resolve("B.npy"), gaussian(rnd, n, 3));
        csv(dir.resolve("A.csv"), gaussian(rnd, 6, 4), null);
        double[][] g = gaussian(rnd, 50, 50);
        double[][] spd = new double[50][50];
        for (int i = 0; i < 50; i++) {
            for (int j = 0; j < 50; j++) {
                double s = i == j ? 50 : 0;
                for (int k = 0; k < 50; k++) {
                    s += g[k][i] * g[k][j];
                }
                spd[i][j] = s;
            }
        }
        npy(dir.resolve("S.npy"), spd);
        coordinate(dir.resolve("A.mtx"), rnd, 120, 90, 6);
        String[] header = new String[10];
        for (int j = 0; j < 10; j++) {
            header[j] = "f" + j;
        }
        csv(dir.resolve("X.csv"), lowRankPlusNoise(rnd, 200, 10, 3, 0.05), header);
        ratings(dir.resolve("u.data"), rnd);
        corpus(dir.resolve("corpus"));
        image(dir.resolve("photo.png"));
        double[][] clean = lowRankPlusNoise(rnd, 60, 40, 3, 0);
        double[][] noisy = new double[60][40];
        for (int i = 0; i < 60; i++) {
            for (int j = 0; j < 40; j++) {
                noisy[i][j] = clean[i][j] + 0.1 * rnd.nextGaussian();
            }
        }
        npy(dir.resolve("clean.npy"), clean);
        npy(dir.resolve("noisy.npy"), noisy);
        Path matrices = Files.createDirectories(dir.resolve("matrices"));
        npy(matrices.resolve("m1.npy"), gaussian(rnd, 8, 8));
        npy(matrices.resolve("m2.npy"), gaussian(rnd, 30, 12));
        npy(matrices.resolve("m3.npy"), gaussian(rnd, 5, 9));
    }

    static double[][] gaussian(Random rnd, int m, int n) {
        double[][] a = new double[m][n];
        for (double[] row : a) {
            for (int j = 0; j < n; j++) {
                row[j] = rnd.nextGaussian();
            }
        }
        return a;
    }

    private static double[][] lowRankPlusNoise(Random rnd, int m, int n, int r, double noise) {
        double[][] u = gaussian(rnd, m, r);
        double[][] v = gaussian(rnd, r, n);
        double[][] a = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = noise * rnd.nextGaussian();
                for (int k = 0; k < r; k++) {
                    s += u[i][k] * v[k][j] * (r - k);
                }
                a[i][j] = s;
            }
        }
        return a;
    }

    private static void npy(Path f, double[][] a) throws IOException {
        try (Matrix m = Matrix.of(a)) {
            Npy.write(f, m);
        }
    }

    private static void csv(Path f, double[][] a, String[] header) throws IOException {
        StringBuilder sb = new StringBuilder();
        if (header != null) {
            sb.append(String.join(",", header)).append('\n');
        }
        for (double[] row : a) {
            for (int j = 0; j < row.length; j++) {
                sb.append(j == 0 ? "" : ",").append(row[j]);
            }
            sb.append('\n');
        }
        Files.writeString(f, sb);
    }

    private static void coordinate(Path f, Random rnd, int m, int n, int perRow) throws IOException {
        StringBuilder sb = new StringBuilder("%%MatrixMarket matrix coordinate real general\n");
        sb.append(m).append(' ').append(n).append(' ').append(m * perRow).append('\n');
        for (int i = 1; i <= m; i++) {
            int[] cols = rnd.ints(1, n + 1).distinct().limit(perRow).toArray();
            for (int j : cols) {
                sb.append(i).append(' ').append(j).append(' ').append(rnd.nextGaussian()).append('\n');
            }
        }
        Files.writeString(f, sb);
    }

    private static void ratings(Path f, Random rnd) throws IOException {
        // 60 users (ids 150..209, so "196" exists) × 50 items, each user rating ~40% of the items
        StringBuilder sb = new StringBuilder();
        long t = 881250949L;
        for (int u = 150; u < 210; u++) {
            double taste = rnd.nextGaussian();
            for (int i = 1; i <= 50; i++) {
                if (rnd.nextDouble() < 0.4) {
                    int r = (int) Math.max(1, Math.min(5, Math.round(3 + taste * Math.sin(i) + 0.5 * rnd.nextGaussian())));
                    sb.append(u).append('\t').append(i).append('\t').append(r).append('\t').append(t++).append('\n');
                }
            }
        }
        Files.writeString(f, sb);
    }

    private static void corpus(Path dir) throws IOException {
        Files.createDirectories(dir);
        String[] docs = {
            "The automobile engine and the car body were repaired at the garage.",
            "A fast car with a powerful engine won the race on the track.",
            "The mechanic fixed the brakes and tires of the vehicle.",
            "Drivers park the car near the garage after the race.",
            "The orchestra played a symphony with violins and a piano.",
            "The pianist and the violinist rehearsed the concerto.",
            "Music lovers filled the concert hall for the symphony.",
            "The composer wrote a new piece for piano and orchestra.",
        };
        for (int i = 0; i < docs.length; i++) {
            Files.writeString(dir.resolve(String.format(Locale.ROOT, "doc%d.txt", i + 1)), docs[i]);
        }
    }

    private static void image(Path f) throws IOException {
        int w = 64;
        int h = 48;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (int) (127 + 120 * Math.sin(x / 7.0));
                int gr = (int) (127 + 120 * Math.cos(y / 5.0));
                int b = (x * y) % 256;
                img.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
        ImageIO.write(img, "png", f.toFile());
    }
}
