package org.decomp4j.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.junit.jupiter.api.Test;

/**
 * PCA against an oracle computed here without the library: the eigen-decomposition of the sample
 * covariance by cyclic Jacobi rotations (Golub &amp; Van Loan, Matrix Computations, §8.5), whose
 * eigenvalues are σᵢ²/(n−1) and eigenvectors the principal axes up to sign.
 */
public class PcaTest {

    /** n×p data with features on different scales and correlations. */
    public static double[][] data(int n, int p, long seed) {
        Random r = new Random(seed);
        double[][] mix = new double[p][p];
        for (double[] row : mix) {
            for (int j = 0; j < p; j++) {
                row[j] = r.nextGaussian();
            }
        }
        double[][] x = new double[n][p];
        for (int i = 0; i < n; i++) {
            double[] z = new double[p];
            for (int j = 0; j < p; j++) {
                z[j] = r.nextGaussian() * (p - j); // decreasing latent scales
            }
            for (int j = 0; j < p; j++) {
                double v = 5 + 3 * j;
                for (int l = 0; l < p; l++) {
                    v += mix[j][l] * z[l];
                }
                x[i][j] = v;
            }
        }
        return x;
    }

    /** Eigenvalues (descending) and eigenvectors (rows) of the sample covariance, by Jacobi. */
    public static double[][] oracle(double[][] x, double[] values) {
        int n = x.length;
        int p = x[0].length;
        double[] mean = new double[p];
        for (double[] row : x) {
            for (int j = 0; j < p; j++) {
                mean[j] += row[j] / n;
            }
        }
        double[][] c = new double[p][p];
        for (double[] row : x) {
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    c[a][b] += (row[a] - mean[a]) * (row[b] - mean[b]) / (n - 1);
                }
            }
        }
        double[][] v = new double[p][p];
        for (int i = 0; i < p; i++) {
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int a = 0; a < p; a++) {
                for (int b = a + 1; b < p; b++) {
                    off += c[a][b] * c[a][b];
                }
            }
            if (off < 1e-30) {
                break;
            }
            for (int a = 0; a < p; a++) {
                for (int b = a + 1; b < p; b++) {
                    if (c[a][b] == 0) {
                        continue;
                    }
                    double theta = (c[b][b] - c[a][a]) / (2 * c[a][b]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double cs = 1 / Math.sqrt(t * t + 1);
                    double sn = t * cs;
                    for (int k = 0; k < p; k++) {
                        double ka = c[k][a];
                        double kb = c[k][b];
                        c[k][a] = cs * ka - sn * kb;
                        c[k][b] = sn * ka + cs * kb;
                    }
                    for (int k = 0; k < p; k++) {
                        double ak = c[a][k];
                        double bk = c[b][k];
                        c[a][k] = cs * ak - sn * bk;
                        c[b][k] = sn * ak + cs * bk;
                    }
                    for (int k = 0; k < p; k++) {
                        double ka = v[k][a];
                        double kb = v[k][b];
                        v[k][a] = cs * ka - sn * kb;
                        v[k][b] = sn * ka + cs * kb;
                    }
                }
            }
        }
        Integer[] order = new Integer[p];
        for (int i = 0; i < p; i++) {
            order[i] = i;
        }
        double[][] cc = c;
        Arrays.sort(order, (i, j) -> Double.compare(cc[j][j], cc[i][i]));
        double[][] vecs = new double[p][p];
        for (int r = 0; r < p; r++) {
            values[r] = c[order[r]][order[r]];
            for (int k = 0; k < p; k++) {
                vecs[r][k] = v[k][order[r]];
            }
        }
        return vecs;
    }

    @Test
    void matchesTheCovarianceOracleUpToSignInBothPrecisions() {
        double[][] x = data(80, 6, 3);
        double[] lambda = new double[6];
        double[][] axes = oracle(x, lambda);
        double total = Arrays.stream(lambda).sum();
        for (DType t : new DType[] {DType.F64, DType.F32}) {
            double tol = 200 * t.eps();
            try (Matrix xm = Matrix.of(x, t); Pca pca = Pca.fit(xm, PcaOptions.all())) {
                assertEquals(Pca.Solver.FULL, pca.solver());
                assertEquals(6, pca.componentCount());
                double[] ev = pca.explainedVariance();
                double[] ratio = pca.explainedVarianceRatio();
                double[] s = pca.singularValues();
                double[][] comp = pca.components().toArray();
                for (int i = 0; i < 6; i++) {
                    assertEquals(lambda[i], ev[i], tol * lambda[0], t + " variance " + i);
                    assertEquals(lambda[i] / total, ratio[i], tol, t + " ratio " + i);
                    assertEquals(Math.sqrt(lambda[i] * 79), s[i], tol * s[0], t + " sigma " + i);
                    double dot = 0;
                    int big = 0;
                    for (int k = 0; k < 6; k++) {
                        dot += comp[i][k] * axes[i][k];
                        if (Math.abs(comp[i][k]) > Math.abs(comp[i][big])) {
                            big = k;
                        }
                    }
                    assertEquals(1.0, Math.abs(dot), Math.sqrt(t.eps()) * 10, t + " axis " + i);
                    assertTrue(comp[i][big] > 0, "svd_flip sign: largest entry of each component positive");
                }
                assertEquals(0.0, pca.noiseVariance(), 0.0);
                double[] mean = pca.mean();
                assertEquals(5 + 3 * 2, mean[2], 5); // features sit around 5 + 3j
                try (Matrix scores = pca.transform(xm); Matrix back = pca.inverseTransform(scores)) {
                    assertEquals(80, scores.rows());
                    double[][] b = back.toArray();
                    for (int i = 0; i < 80; i++) {
                        for (int j = 0; j < 6; j++) {
                            assertEquals(x[i][j], b[i][j], tol * 100, t + " inverse_transform");
                        }
                    }
                }
            }
        }
    }

    @Test
    void truncationKeepsVarianceAndNoiseVarianceIsTheMeanDiscardedEigenvalue() {
        double[][] x = data(120, 7, 9);
        double[] lambda = new double[7];
        oracle(x, lambda);
        try (Matrix xm = Matrix.of(x); Pca pca = Pca.fit(xm, PcaOptions.components(3));
             Matrix scores = pca.transform(xm); Matrix back = pca.inverseTransform(scores)) {
            assertEquals(3, scores.cols());
            assertEquals((lambda[3] + lambda[4] + lambda[5] + lambda[6]) / 4, pca.noiseVariance(), 1e-10 * lambda[0]);
            // Eckart–Young: the squared reconstruction error is (n − 1)·Σ discarded eigenvalues
            double err = 0;
            double[][] b = back.toArray();
            for (int i = 0; i < 120; i++) {
                for (int j = 0; j < 7; j++) {
                    err += (x[i][j] - b[i][j]) * (x[i][j] - b[i][j]);
                }
            }
            assertEquals(119 * (lambda[3] + lambda[4] + lambda[5] + lambda[6]), err, 1e-9 * err);
            // scores are uncorrelated with variances = explained variance
            double[][] sc = scores.toArray();
            double[] ev = pca.explainedVariance();
            for (int a = 0; a < 3; a++) {
                for (int c = 0; c < 3; c++) {
                    double cov = 0;
                    for (double[] row : sc) {
                        cov += row[a] * row[c] / 119;
                    }
                    assertEquals(a == c ? ev[a] : 0, cov, 1e-9 * ev[0]);
                }
            }
        }
    }

    @Test
    void whiteningGivesUnitVarianceAndInvertsBack() {
        double[][] x = data(100, 5, 4);
        try (Matrix xm = Matrix.of(x); Pca pca = Pca.fit(xm, PcaOptions.components(4).whiten(true));
             Matrix w = pca.transform(xm); Matrix back = pca.inverseTransform(w);
             Pca plain = Pca.fit(xm, PcaOptions.components(4)); Matrix backPlain = plain.inverseTransform(
                     plain.transform(xm))) {
            double[][] s = w.toArray();
            for (int c = 0; c < 4; c++) {
                double var = 0;
                for (double[] row : s) {
                    var += row[c] * row[c] / 99;
                }
                assertEquals(1.0, var, 1e-10);
            }
            double[][] a = back.toArray();
            double[][] b = backPlain.toArray();
            for (int i = 0; i < 100; i++) {
                for (int j = 0; j < 5; j++) {
                    assertEquals(b[i][j], a[i][j], 1e-9);
                }
            }
        }
    }

    @Test
    void varianceFractionPicksScikitLearnsCount() {
        double[][] x = data(90, 6, 5);
        double[] lambda = new double[6];
        oracle(x, lambda);
        double total = Arrays.stream(lambda).sum();
        for (double f : new double[] {0.3, 0.5, 0.8, 0.95, 0.99}) {
            // searchsorted(cumsum, f, side="right") + 1: the first k with cumsum > f
            int expected = 0;
            double cum = 0;
            while (cum <= f) {
                cum += lambda[expected] / total;
                expected++;
            }
            try (Matrix xm = Matrix.of(x); Pca pca = Pca.fit(xm, PcaOptions.variance(f))) {
                assertEquals(expected, pca.componentCount(), "fraction " + f);
                assertEquals(Pca.Solver.FULL, pca.solver());
            }
        }
    }

    @Test
    void autoSolverFollowsScikitLearn() {
        assertEquals(Pca.Solver.FULL, Pca.resolve(Pca.Solver.AUTO, 400, 300, 10, false));
        assertEquals(Pca.Solver.RANDOMIZED, Pca.resolve(Pca.Solver.AUTO, 1000, 600, 10, false));
        assertEquals(Pca.Solver.FULL, Pca.resolve(Pca.Solver.AUTO, 1000, 600, 480, false)); // 480 = 0.8·600
        assertEquals(Pca.Solver.RANDOMIZED, Pca.resolve(Pca.Solver.AUTO, 1000, 600, 479, false));
        assertEquals(Pca.Solver.FULL, Pca.resolve(Pca.Solver.AUTO, 1000, 600, -1, true));
        assertEquals(Pca.Solver.FULL, Pca.resolve(Pca.Solver.FULL, 1000, 600, 10, false));
    }

    @Test
    void randomizedSolverAgreesWithFullOnAGappedSpectrum() {
        double[][] x = data(150, 8, 6);
        try (Matrix xm = Matrix.of(x);
             Pca full = Pca.fit(xm, PcaOptions.components(2).solver(Pca.Solver.FULL));
             Pca rnd = Pca.fit(xm, PcaOptions.components(2).solver(Pca.Solver.RANDOMIZED).seed(1))) {
            assertEquals(Pca.Solver.RANDOMIZED, rnd.solver());
            assertTrue(rnd.method().startsWith("randomized"), rnd.method());
            double[] a = full.explainedVariance();
            double[] b = rnd.explainedVariance();
            for (int i = 0; i < 2; i++) {
                assertEquals(a[i], b[i], 1e-6 * a[0]);
            }
            // ratios of the randomized solver use the total variance of the data, as scikit-learn does
            assertEquals(full.explainedVarianceRatio()[0], rnd.explainedVarianceRatio()[0], 1e-6);
            assertEquals(full.noiseVariance(), rnd.noiseVariance(), 1e-6 * a[0]);
        }
    }

    @Test
    void autoPicksRandomizedForALargeShapeAndMatchesFull() {
        // 600×60 with a fast-decaying planted spectrum: AUTO resolves to RANDOMIZED (max shape > 500,
        // k = 5 < 0.8·60), whose leading components must agree with the exact solver
        double[] spectrum = new double[60];
        for (int i = 0; i < 60; i++) {
            spectrum[i] = 100 * Math.pow(0.6, i);
        }
        double[][] x = org.decomp4j.TestMatrices.withSpectrum(600, 60, spectrum, 12);
        try (Matrix xm = Matrix.of(x); Pca auto = Pca.fit(xm, PcaOptions.components(5));
             Pca full = Pca.fit(xm, PcaOptions.components(5).solver(Pca.Solver.FULL))) {
            assertEquals(Pca.Solver.RANDOMIZED, auto.solver());
            double[] a = auto.explainedVariance();
            double[] f = full.explainedVariance();
            double[][] ca = auto.components().toArray();
            double[][] cf = full.components().toArray();
            for (int i = 0; i < 5; i++) {
                assertEquals(f[i], a[i], 1e-9 * f[0], "variance " + i);
                double dot = 0;
                for (int j = 0; j < 60; j++) {
                    dot += ca[i][j] * cf[i][j];
                }
                assertEquals(1.0, dot, 1e-8, "component " + i + " (same sign convention)");
            }
        }
    }

    @Test
    void badInputIsRefused() {
        try (Matrix x = Matrix.of(data(10, 4, 1))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Pca.fit(x, PcaOptions.components(5)));
            assertTrue(e.getMessage().contains("n_components=5 exceeds min(n_samples, n_features) = 4"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> Pca.fit(x, PcaOptions.variance(0.9).solver(Pca.Solver.RANDOMIZED)));
            try (Pca pca = Pca.fit(x, PcaOptions.components(2)); Matrix wrong = Matrix.zeros(3, 5)) {
                assertThrows(IllegalArgumentException.class, () -> pca.transform(wrong));
                assertThrows(IllegalArgumentException.class, () -> pca.inverseTransform(wrong));
            }
        }
        try (Matrix one = Matrix.of(new double[][] {{1, 2, 3}})) {
            assertThrows(IllegalArgumentException.class, () -> Pca.fit(one, PcaOptions.all()));
        }
        assertThrows(IllegalArgumentException.class, () -> PcaOptions.variance(1.0));
        assertThrows(IllegalArgumentException.class, () -> Pca.Solver.parse("arpack"));
        try (Matrix nan = Matrix.of(new double[][] {{1, Double.NaN}, {2, 3}})) {
            assertThrows(org.decomp4j.NonFiniteInputException.class, () -> Pca.fit(nan, PcaOptions.all()));
        }
    }

    @Test
    void theRandomizedSolverReportsEachPowerIteration() {
        java.util.List<String> seen = new java.util.ArrayList<>();
        try (Matrix x = Matrix.randomNormal(400, 60, 5, DType.F64);
             Pca pca = Pca.fit(x, PcaOptions.components(3).solver(Pca.Solver.RANDOMIZED).seed(1),
                     (done, total, message) -> seen.add(done + "/" + total))) {
            assertEquals(3, pca.componentCount());
        }
        // scikit-learn's rule: 7 power iterations when k < min(m, n)/10; each is reported once
        assertEquals(7, seen.size(), seen.toString());
        assertEquals("7/7", seen.get(seen.size() - 1));
        try (Matrix x = Matrix.randomNormal(40, 6, 5, DType.F64);
             Pca pca = Pca.fit(x, PcaOptions.components(2).solver(Pca.Solver.FULL), (d, t, m) -> seen.add("full"))) {
            assertTrue(!seen.contains("full"), "the full solver is one LAPACK call and reports nothing");
        }
    }
}
