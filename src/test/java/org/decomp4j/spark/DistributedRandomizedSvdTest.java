package org.decomp4j.spark;

import static org.decomp4j.spark.SparkTestSupport.byId;
import static org.decomp4j.spark.SparkTestSupport.dataset;
import static org.decomp4j.spark.SparkTestSupport.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.linalg.distributed.IndexedRow;
import org.apache.spark.mllib.linalg.distributed.IndexedRowMatrix;
import org.apache.spark.sql.SparkSession;
import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.Svd;
import org.decomp4j.TestMatrices;
import org.decomp4j.lowrank.LowRankSvd;
import org.decomp4j.lowrank.RandomizedSvd;
import org.decomp4j.lowrank.RandomizedSvdOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The distributed randomized SVD in local[2] on matrices with known spectra, tall and wide, dense
 * and sparse: values within the error estimate of the true ones and of the single-machine
 * {@link RandomizedSvd} (same Ω for the same seed), U and Vᵀ orthonormal, the estimate a true bound.
 */
class DistributedRandomizedSvdTest {
    private static final double EPS = DType.F64.eps();
    private static SparkSession spark;
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        spark = LocalSpark.session("local[2]", "DistributedRandomizedSvdTest");
        sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static double tol(long m, long n) {
        return 10.0 * Math.max(m, n) * EPS;
    }

    private static double[] decaying(int count, double ratio) {
        double[] s = new double[count];
        for (int i = 0; i < count; i++) {
            s[i] = Math.pow(ratio, i);
        }
        return s;
    }

    /**
     * σ_i within the estimate of the known σ_i (Weyl: |σ_i(Ã) − σ_i(A)| ≤ ‖A − Ã‖₂), and of the
     * single-machine randomized SVD's; U, Vᵀ orthonormal; the estimate bounds the true error.
     */
    private static void check(double[][] a, long[] ids, double[] known, DistributedSvd svd, RandomizedSvdOptions o) {
        int m = a.length;
        int n = a[0].length;
        int k = svd.rank();
        double est = svd.errorEstimate();
        assertTrue(Double.isFinite(est) && est > 0, "estimate " + est);
        double[] s = svd.singularValues();
        double[] single;
        double singleEstimate;
        try (Matrix am = Matrix.of(a); LowRankSvd ref = RandomizedSvd.of(am, o)) {
            single = ref.singularValues();
            singleEstimate = ref.errorEstimate();
        }
        // the same probes (their own seed, as RandomizedSvd's) and the same range: the same bound
        assertEquals(singleEstimate, est, 1e-6 * singleEstimate, "error estimate against RandomizedSvd's");
        for (int i = 0; i < k; i++) {
            assertEquals(known[i], s[i], est, "σ" + i + " against the known value");
            assertEquals(single[i], s[i], est, "σ" + i + " against single-machine RandomizedSvd");
            // the same Ω and the same steps: the same values up to rounding
            assertEquals(single[i], s[i], 1e-8 * known[0], "σ" + i + " against single-machine RandomizedSvd");
        }
        double[][] u = byId(svd.u(), ids);
        assertTrue(TestMatrices.orthogonalityError(u) <= tol(m, n), "‖UᵀU − I‖ = " + TestMatrices.orthogonalityError(u));
        double[][] v = TestMatrices.transpose(svd.vt());
        assertTrue(TestMatrices.orthogonalityError(v) <= tol(m, n), "‖VᵀV − I‖ = " + TestMatrices.orthogonalityError(v));
        double[][] vt = svd.vt();
        double[][] approx = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double t = 0;
                for (int c = 0; c < k; c++) {
                    t += u[i][c] * s[c] * vt[c][j];
                }
                approx[i][j] = t;
            }
        }
        double err;
        try (Matrix r = Matrix.of(TestMatrices.subtract(a, approx))) {
            err = Svd.values(r)[0];
        }
        assertTrue(err <= est, "‖A − UΣVᵀ‖₂ = " + err + " > estimate " + est);
        // the truncation to k cannot beat Eckart–Young
        double floor = k < known.length ? known[k] : 0;
        assertTrue(err >= floor * (1 - 1e-8), "error " + err + " below σ_{k+1} = " + floor);
    }

    @Test
    void tallDenseWithADecayingSpectrum() {
        double[] sigma = decaying(60, 0.8);
        double[][] a = TestMatrices.withSpectrum(600, 60, sigma, 31);
        long[] ids = ids(a.length, 5_000, 3);
        RandomizedSvdOptions o = RandomizedSvdOptions.rank(8).seed(42).powerIters(2);
        try (DistributedSvd svd = DistributedRandomizedSvd.svd(SparkRows.of(dataset(spark, a, ids, 4, false), "features", "id"), o)) {
            assertEquals(600, svd.rows());
            assertEquals(60, svd.cols());
            assertTrue(svd.plan().contains("distributed randomized SVD of 600×60") && svd.plan().contains("q = 2"), svd.plan());
            check(a, ids, sigma, svd, o);
        }
    }

    @Test
    void wideDenseAndItsSparseRowsAgree() {
        double[] sigma = decaying(50, 0.7);
        double[][] a = TestMatrices.transpose(TestMatrices.withSpectrum(400, 50, sigma, 8)); // 50 × 400
        long[] ids = ids(a.length, 0, 1);
        RandomizedSvdOptions o = RandomizedSvdOptions.rank(6).seed(3);
        try (DistributedSvd dense = DistributedRandomizedSvd.svd(SparkRows.of(dataset(spark, a, ids, 3, false), "features", "id"), o);
             DistributedSvd sparse = DistributedRandomizedSvd.svd(SparkRows.of(dataset(spark, a, ids, 3, true), "features", "id"), o)) {
            check(a, ids, sigma, dense, o);
            check(a, ids, sigma, sparse, o);
        }
    }

    @Test
    void sparseScaledPermutationStaysSparseAndHasItsKnownValues() {
        // 300 × 5000, one entry a row: row i holds 0.9^i at column 17·i mod 5000 (distinct columns),
        // so the singular values are 0.9^i exactly; the rows are never densified (5000 columns)
        int m = 300;
        int n = 5000;
        double[] sigma = decaying(m, 0.9);
        List<IndexedRow> rows = new ArrayList<>();
        double[][] a = new double[m][n];
        for (int i = 0; i < m; i++) {
            int j = (17 * i) % n;
            a[i][j] = sigma[i];
            rows.add(new IndexedRow(i, Vectors.sparse(n, new int[] {j}, new double[] {sigma[i]})));
        }
        RandomizedSvdOptions o = RandomizedSvdOptions.rank(10).seed(5).powerIters(3);
        try (DistributedSvd svd = DistributedRandomizedSvd.svd(SparkRows.of(new IndexedRowMatrix(sc.parallelize(rows, 4).rdd())), o)) {
            assertTrue(svd.plan().contains("300 stored entries"), svd.plan());
            check(a, ids(m, 0, 1), sigma, svd, o);
        }
    }

    @Test
    void emptyPartitionsAndASinglePartition() {
        double[] sigma = decaying(12, 0.5);
        double[][] a = TestMatrices.withSpectrum(90, 12, sigma, 2);
        List<IndexedRow> list = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            list.add(new IndexedRow(i, Vectors.dense(a[i].clone())));
        }
        RandomizedSvdOptions o = RandomizedSvdOptions.rank(4).seed(1).powerIters(1);
        // 12 partitions, every other one emptied: the rows kept are the known matrix's rows 
        JavaRDD<IndexedRow> holey = sc.parallelize(list, 12)
                .mapPartitionsWithIndex((p, it) -> p % 2 == 1 ? Collections.<IndexedRow>emptyIterator() : it, true);
        List<IndexedRow> kept = holey.collect();
        double[][] keptRows = new double[kept.size()][];
        long[] keptIds = new long[kept.size()];
        for (int i = 0; i < kept.size(); i++) {
            keptRows[i] = kept.get(i).vector().toArray();
            keptIds[i] = kept.get(i).index();
        }
        double[] keptSigma;
        try (Matrix km = Matrix.of(keptRows)) {
            keptSigma = Svd.values(km);
        }
        try (DistributedSvd svd = DistributedRandomizedSvd.svd(SparkRows.of(new IndexedRowMatrix(holey.rdd())), o)) {
            check(keptRows, keptIds, keptSigma, svd, o);
        }
        try (DistributedSvd one = DistributedRandomizedSvd.svd(SparkRows.of(new IndexedRowMatrix(sc.parallelize(list, 1).rdd())), o)) {
            check(a, ids(a.length, 0, 1), sigma, one, o);
        }
    }

    @Test
    void badInputIsATypedErrorSayingWhat() {
        double[][] a = TestMatrices.gaussian(30, 4, 1);
        long[] ids = ids(a.length, 0, 1);
        SparkRows rows = SparkRows.of(dataset(spark, a, ids, 2, false), "features", "id");
        IllegalArgumentException five = assertThrows(IllegalArgumentException.class,
                () -> DistributedRandomizedSvd.svd(rows, RandomizedSvdOptions.rank(5)));
        assertTrue(five.getMessage().contains("k = 5 is out of range for a 30×4 matrix: 1 ≤ k ≤ min(m, n) = 4"), five.getMessage());
        IllegalArgumentException lu = assertThrows(IllegalArgumentException.class, () -> DistributedRandomizedSvd.svd(rows,
                RandomizedSvdOptions.rank(2).normalizer(RandomizedSvdOptions.Normalizer.LU)));
        assertTrue(lu.getMessage().contains("normalizer LU is not supported"), lu.getMessage());
        List<IndexedRow> ragged = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ragged.add(new IndexedRow(100 + i, Vectors.dense(i == 13 ? new double[3] : new double[4])));
        }
        IllegalArgumentException len = assertThrows(IllegalArgumentException.class, () -> DistributedRandomizedSvd.svd(
                SparkRows.of(new IndexedRowMatrix(sc.parallelize(ragged, 1).rdd())), RandomizedSvdOptions.rank(2)));
        assertTrue(len.getMessage().contains("row id 113 has 3 entries"), len.getMessage());
        // the wide input TSQR refuses names the way out
        IllegalArgumentException wide = assertThrows(IllegalArgumentException.class, () -> DistributedTsqr.svd(
                SparkRows.of(dataset(spark, TestMatrices.transpose(a), ids(4, 0, 1), 1, false), "features", "id"), 2));
        assertTrue(wide.getMessage().contains("DistributedRandomizedSvd.svd"), wide.getMessage());
    }
}
