package org.decomp4j.spark;

import static org.decomp4j.spark.SparkTestSupport.dataset;
import static org.decomp4j.spark.SparkTestSupport.ids;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.decomp4j.Matrix;
import org.decomp4j.TestMatrices;
import org.decomp4j.apps.Pca;
import org.decomp4j.apps.PcaOptions;
import org.decomp4j.lowrank.RandomizedSvdOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Distributed PCA in local[2] against the single-machine {@link Pca} (exact, FULL solver) of the
 * same data, dense and sparse (centring applied inside the products), and as a Pipeline stage.
 */
class DistributedPcaTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.session("local[2]", "DistributedPcaTest");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** A decaying spectrum around a mean far from zero (so that centring matters). */
    private static double[][] shifted(int m, int n, long seed) {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = 10 * Math.pow(0.6, i);
        }
        double[][] a = TestMatrices.withSpectrum(m, n, s, seed);
        for (double[] row : a) {
            for (int j = 0; j < n; j++) {
                row[j] += 3 + j;
            }
        }
        return a;
    }

    @Test
    void denseMatchesTheSingleMachinePca() {
        double[][] x = shifted(400, 25, 6);
        DistributedPca pca = DistributedPca.fit(SparkRows.of(dataset(spark, x, ids(x.length, 0, 1), 4, false), "features", "id"),
                RandomizedSvdOptions.rank(4).seed(2));
        try (Matrix xm = Matrix.of(x); Pca ref = Pca.fit(xm, PcaOptions.components(4).solver(Pca.Solver.FULL))) {
            double[] ev = pca.explainedVariance();
            double[] ratio = pca.explainedVarianceRatio();
            for (int i = 0; i < 4; i++) {
                assertEquals(ref.explainedVariance()[i], ev[i], 1e-9 * ref.explainedVariance()[0], "explained variance " + i);
                assertEquals(ref.explainedVarianceRatio()[i], ratio[i], 1e-9, "ratio " + i);
            }
            assertArrayEquals(ref.mean(), pca.mean(), 1e-12 * 30);
            double[][] c = pca.components();
            double[][] rc = ref.components().toArray();
            for (int i = 0; i < 4; i++) {
                assertArrayEquals(rc[i], c[i], 1e-8, "component " + i + " (same sign convention)");
            }
        }
        assertEquals(400, pca.samples());
        assertTrue(pca.plan().contains("centred"), pca.plan());
    }

    @Test
    void sparseRowsAreCentredWithoutDensifyingAndMatch() {
        int m = 300;
        int n = 120;
        double[][] x = new double[m][n];
        SplittableRandom r = new SplittableRandom(4);
        for (double[] row : x) {
            for (int j = 0; j < n; j++) {
                if (r.nextInt(20) == 0) {
                    row[j] = 1 + r.nextDouble();
                }
            }
        }
        RandomizedSvdOptions o = RandomizedSvdOptions.rank(5).seed(8).powerIters(6);
        DistributedPca pca = DistributedPca.fit(SparkRows.of(dataset(spark, x, ids(m, 0, 1), 3, true), "features", "id"), o);
        try (Matrix xm = Matrix.of(x); Pca ref = Pca.fit(xm, PcaOptions.components(5).solver(Pca.Solver.FULL))) {
            // Weyl: each σ within the estimate, so σ² within est·(σ + σ_ref)
            double est = pca.errorEstimate();
            double[] s = pca.singularValues();
            double[] rs = ref.singularValues();
            for (int i = 0; i < 5; i++) {
                assertEquals(rs[i], s[i], est, "σ" + i);
                double tolEv = est * (s[i] + rs[i]) / (m - 1) + 1e-12;
                assertEquals(ref.explainedVariance()[i], pca.explainedVariance()[i], tolEv, "explained variance " + i);
            }
            // the total variance (the ratio's denominator) is exact, not estimated
            double refTotal = ref.explainedVariance()[0] / ref.explainedVarianceRatio()[0];
            double total = pca.explainedVariance()[0] / pca.explainedVarianceRatio()[0];
            assertEquals(refTotal, total, 1e-12 * refTotal);
            assertArrayEquals(ref.mean(), pca.mean(), 1e-14 * n);
        }
    }

    @Test
    void aPipelineFitsAndTransformsLikeTheSingleMachinePca() {
        double[][] x = shifted(300, 12, 9);
        Dataset<Row> df = dataset(spark, x, ids(x.length, 0, 1), 3, false);
        PcaEstimator est = new PcaEstimator().setInputCol("features").setOutputCol("scores").setK(3).setSeed(5);
        PipelineModel model = new Pipeline().setStages(new PipelineStage[] {est}).fit(df);
        PcaModel pm = (PcaModel) model.stages()[0];
        assertEquals(est.uid(), pm.uid());
        assertEquals(3, pm.pca().componentCount());
        Dataset<Row> out = model.transform(df);
        assertTrue(List.of(out.schema().fieldNames()).contains("scores"));
        List<Row> rows = out.select("id", "scores").collectAsList();
        assertEquals(300, rows.size());
        try (Matrix xm = Matrix.of(x); Pca ref = Pca.fit(xm, PcaOptions.components(3).solver(Pca.Solver.FULL));
             Matrix t = ref.transform(xm)) {
            double[][] want = t.toArray();
            for (Row row : rows) {
                int id = (int) row.getLong(0);
                double[] got = ((Vector) row.get(1)).toArray();
                assertArrayEquals(want[id], got, 1e-7 * 10, "scores of row " + id);
            }
        }
        // the copy protocol spark.ml uses (e.g. for param grids)
        PcaEstimator copy = est.copy(new org.apache.spark.ml.param.ParamMap());
        assertEquals("scores", copy.getOrDefault(copy.outputCol()));
    }

    @Test
    void badParamsAreClearErrors() {
        double[][] x = shifted(30, 4, 1);
        Dataset<Row> df = dataset(spark, x, ids(x.length, 0, 1), 2, false);
        IllegalArgumentException noK = assertThrows(IllegalArgumentException.class, () -> new PcaEstimator().fit(df));
        assertTrue(noK.getMessage().contains("k is not set"), noK.getMessage());
        IllegalArgumentException col = assertThrows(IllegalArgumentException.class,
                () -> new PcaEstimator().setInputCol("id").setK(2).fit(df));
        assertTrue(col.getMessage().contains("column 'id' is bigint"), col.getMessage());
        IllegalArgumentException exists = assertThrows(IllegalArgumentException.class,
                () -> new PcaEstimator().setOutputCol("id").setK(2).fit(df));
        assertTrue(exists.getMessage().contains("output column 'id' already exists"), exists.getMessage());
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class, () -> new PcaEstimator().setK(5).fit(df));
        assertTrue(big.getMessage().contains("k = 5 is out of range for a 30×4 matrix"), big.getMessage());
    }
}
