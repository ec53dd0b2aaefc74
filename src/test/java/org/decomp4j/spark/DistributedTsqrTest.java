package org.decomp4j.spark;

import static org.decomp4j.spark.SparkTestSupport.byId;
import static org.decomp4j.spark.SparkTestSupport.dataset;
import static org.decomp4j.spark.SparkTestSupport.ids;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.linalg.distributed.IndexedRow;
import org.apache.spark.mllib.linalg.distributed.IndexedRowMatrix;
import org.apache.spark.mllib.linalg.distributed.RowMatrix;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.NonFiniteInputException;
import org.decomp4j.Svd;
import org.decomp4j.TestMatrices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Direct TSQR on Spark in local[2] against the single-machine SVD of the same rows and against
 * constructed spectra; U and Q orthonormal, rows keeping their ids; the input errors.
 */
class DistributedTsqrTest {
    private static final double EPS = DType.F64.eps();
    private static SparkSession spark;
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        spark = LocalSpark.session("local[2]", "DistributedTsqrTest");
        sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static double tol(int m, int n) {
        return 10.0 * Math.max(m, n) * EPS;
    }

    /** Values within 1e-10 relative of Svd.of, U and Vᵀ orthonormal, A = U·Σ·Vᵀ, all by id. */
    private static void checkAgainstSingleMachine(double[][] a, long[] ids, DistributedSvd svd) {
        int m = a.length;
        int n = a[0].length;
        int k = svd.rank();
        double[] ref;
        try (Matrix am = Matrix.of(a); Svd s = Svd.of(am)) {
            ref = s.singularValues();
        }
        double[] s = svd.singularValues();
        for (int i = 0; i < k; i++) {
            assertEquals(ref[i], s[i], 1e-10 * ref[i] + tol(m, n) * ref[0], "σ" + i);
        }
        double[][] u = byId(svd.u(), ids);
        assertTrue(TestMatrices.orthogonalityError(u) <= tol(m, n), "‖UᵀU − I‖ = " + TestMatrices.orthogonalityError(u));
        assertTrue(TestMatrices.orthogonalityError(TestMatrices.transpose(svd.vt())) <= tol(m, n), "Vᵀ rows orthonormal");
        if (k == n) {
            double res = TestMatrices.svdResidual(a, u, s, svd.vt()) / TestMatrices.frobenius(a);
            assertTrue(res <= tol(m, n), "‖A − UΣVᵀ‖/‖A‖ = " + res);
        } else {
            // the rank-k truncation's error is the dropped values (Eckart–Young)
            double dropped = 0;
            for (int i = k; i < ref.length; i++) {
                dropped += ref[i] * ref[i];
            }
            double res = TestMatrices.svdResidual(a, u, s, svd.vt());
            assertEquals(Math.sqrt(dropped), res, tol(m, n) * TestMatrices.frobenius(a));
        }
    }

    @Test
    void denseDatasetMatchesTheSingleMachineSvdAndKeepsTheIds() {
        double[][] a = TestMatrices.gaussian(3000, 24, 11);
        long[] ids = ids(a.length, 1_000_000, 7); // not positions: U must follow the ids
        try (DistributedSvd svd = DistributedTsqr.svd(SparkRows.of(dataset(spark, a, ids, 5, false), "features", "id"), 24)) {
            assertEquals(3000, svd.rows());
            assertEquals(24, svd.cols());
            assertTrue(svd.plan().contains("direct TSQR of 3000×24"), svd.plan());
            checkAgainstSingleMachine(a, ids, svd);
        }
    }

    @Test
    void constructedSpectrumIsFoundAndTopKTruncates() {
        // singular values 1, 1/2, …, 1/2^15 by construction: TSQR never squares them, so even
        // 3e-5 comes out to working precision (AᵀA would hold 1e-9 next to 1)
        double[] spectrum = new double[16];
        for (int i = 0; i < spectrum.length; i++) {
            spectrum[i] = Math.pow(0.5, i);
        }
        double[][] a = TestMatrices.withSpectrum(400, 16, spectrum, 5);
        long[] ids = ids(a.length, 0, 1);
        try (DistributedSvd svd = DistributedTsqr.svd(SparkRows.of(dataset(spark, a, ids, 3, false), "features", "id"), 16)) {
            double[] s = svd.singularValues();
            for (int i = 0; i < 16; i++) {
                assertEquals(spectrum[i], s[i], tol(400, 16), "σ" + i);
            }
        }
        try (DistributedSvd svd = DistributedTsqr.svd(SparkRows.of(dataset(spark, a, ids, 3, false), "features", "id"), 5)) {
            assertEquals(5, svd.rank());
            assertEquals(5, svd.vt().length);
            checkAgainstSingleMachine(a, ids, svd);
        }
    }

    @Test
    void sparseRowsGiveTheSameFactorsAsDense() {
        double[][] a = TestMatrices.gaussian(800, 20, 3);
        java.util.SplittableRandom r = new java.util.SplittableRandom(9);
        for (double[] row : a) {
            for (int j = 0; j < row.length; j++) {
                if (r.nextInt(5) != 0) {
                    row[j] = 0; // ~80% zeros
                }
            }
        }
        java.util.Arrays.fill(a[17], 0); // an all-zero row
        long[] ids = ids(a.length, 0, 1);
        try (DistributedSvd sparse = DistributedTsqr.svd(SparkRows.of(dataset(spark, a, ids, 4, true), "features", "id"), 20);
             DistributedSvd dense = DistributedTsqr.svd(SparkRows.of(dataset(spark, a, ids, 4, false), "features", "id"), 20)) {
            checkAgainstSingleMachine(a, ids, sparse);
            checkAgainstSingleMachine(a, ids, dense);
            // same rows in the same partitions: the same blocks, so the same bits
            assertArrayEquals(dense.singularValues(), sparse.singularValues());
        }
    }

    @Test
    void rddRowMatrixAndIndexedRowMatrixInputs() {
        double[][] a = TestMatrices.gaussian(500, 10, 21);
        List<Vector> vectors = new ArrayList<>();
        List<IndexedRow> indexed = new ArrayList<>();
        long[] ids = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            vectors.add(Vectors.dense(a[i].clone()));
            ids[i] = 10L * (a.length - i); // descending ids
            indexed.add(new IndexedRow(ids[i], Vectors.dense(a[i].clone())));
        }
        JavaRDD<Vector> rdd = sc.parallelize(vectors, 3);
        try (DistributedSvd fromRdd = DistributedTsqr.svd(SparkRows.of(rdd), 10);
             DistributedSvd fromRowMatrix = DistributedTsqr.svd(SparkRows.of(new RowMatrix(rdd.rdd())), 10);
             DistributedSvd fromIndexed = DistributedTsqr.svd(
                     SparkRows.of(new IndexedRowMatrix(sc.parallelize(indexed, 3).rdd())), 10)) {
            checkAgainstSingleMachine(a, ids(a.length, 0, 1), fromRdd); // ids are positions
            checkAgainstSingleMachine(a, ids(a.length, 0, 1), fromRowMatrix);
            checkAgainstSingleMachine(a, ids, fromIndexed);
            assertArrayEquals(fromRdd.singularValues(), fromRowMatrix.singularValues());
            IndexedRowMatrix u = fromIndexed.u().toIndexedRowMatrix();
            assertEquals(500, u.numRows() > 0 ? fromIndexed.rows() : -1);
            assertEquals(10, u.numCols());
            Dataset<Row> ud = fromIndexed.u().toDataset(spark, "id", "u");
            assertEquals(500, ud.count());
            assertEquals(1, ud.filter("id = 5000").count()); // id of input row 0
        }
    }

    @Test
    void emptyPartitionsAndPartitionsShorterThanTheColumnsAndATwoLevelTree() {
        // 40 rows of 6 in 24 partitions: most hold 1 or 2 rows (fewer than 6: R is short), and
        // every third is emptied; 16 non-empty partitions make a tree of two levels
        double[][] a = TestMatrices.gaussian(40, 6, 4);
        List<Vector> vectors = new ArrayList<>();
        for (double[] row : a) {
            vectors.add(Vectors.dense(row.clone()));
        }
        JavaRDD<IndexedRow> rows = sc.parallelize(vectors, 24).zipWithIndex()
                .map(t -> new IndexedRow(t._2(), t._1()))
                .mapPartitionsWithIndex((p, it) -> p % 3 == 1 ? Collections.<IndexedRow>emptyIterator() : it, true);
        List<IndexedRow> kept = rows.collect();
        double[][] keptRows = new double[kept.size()][];
        long[] keptIds = new long[kept.size()];
        for (int i = 0; i < kept.size(); i++) {
            keptRows[i] = kept.get(i).vector().toArray();
            keptIds[i] = kept.get(i).index();
        }
        assertTrue(keptRows.length < 40 && keptRows.length >= 6, "rows kept: " + keptRows.length);
        try (DistributedSvd svd = DistributedTsqr.svd(SparkRows.of(new IndexedRowMatrix(rows.rdd())), 6)) {
            assertTrue(svd.plan().contains("(2 levels)"), svd.plan());
            checkAgainstSingleMachine(keptRows, keptIds, svd);
        }
    }

    @Test
    void onePartitionNeedsNoTree() {
        double[][] a = TestMatrices.gaussian(200, 8, 8);
        long[] ids = ids(a.length, 0, 1);
        try (DistributedSvd svd = DistributedTsqr.svd(SparkRows.of(dataset(spark, a, ids, 1, false), "features", "id"), 8)) {
            assertTrue(svd.plan().contains("(0 levels)"), svd.plan());
            checkAgainstSingleMachine(a, ids, svd);
        }
    }

    @Test
    void qrGivesOrthonormalQAndTriangularRThatRebuildA() {
        double[][] a = TestMatrices.gaussian(700, 9, 13);
        long[] ids = ids(a.length, 0, 1);
        try (DistributedQr qr = DistributedTsqr.qr(SparkRows.of(dataset(spark, a, ids, 4, true), "features", "id"))) {
            double[][] q = byId(qr.q(), ids);
            double[][] r = qr.r();
            assertTrue(TestMatrices.orthogonalityError(q) <= tol(700, 9));
            for (int i = 0; i < 9; i++) {
                for (int j = 0; j < i; j++) {
                    assertEquals(0.0, r[i][j], "R[" + i + "][" + j + "]");
                }
            }
            double res = TestMatrices.frobeniusDiff(a, TestMatrices.multiply(q, r)) / TestMatrices.frobenius(a);
            assertTrue(res <= tol(700, 9), "‖A − QR‖/‖A‖ = " + res);
        }
    }

    @Test
    void wideInputIsRejectedWithTheWayOut() {
        double[][] a = TestMatrices.gaussian(5, 12, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DistributedTsqr.svd(SparkRows.of(dataset(spark, a, ids(5, 0, 1), 2, false), "features", "id"), 3));
        assertTrue(e.getMessage().contains("5×12 (wide)") && e.getMessage().contains("randomized"), e.getMessage());
    }

    @Test
    void kOutOfRangeIsATypedError() {
        double[][] a = TestMatrices.gaussian(30, 4, 1);
        SparkRows rows = SparkRows.of(dataset(spark, a, ids(30, 0, 1), 2, false), "features", "id");
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> DistributedTsqr.svd(rows, 0));
        assertTrue(zero.getMessage().contains("k = 0 is out of range"), zero.getMessage());
        IllegalArgumentException five = assertThrows(IllegalArgumentException.class, () -> DistributedTsqr.svd(rows, 5));
        assertTrue(five.getMessage().contains("k = 5 is out of range for a 30×4 matrix"), five.getMessage());
    }

    @Test
    void rowsOfInconsistentLengthAreNamed() {
        List<IndexedRow> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(new IndexedRow(100 + i, Vectors.dense(new double[i == 17 ? 3 : 4])));
        }
        // one partition: the task finds it
        IllegalArgumentException inTask = assertThrows(IllegalArgumentException.class,
                () -> DistributedTsqr.svd(SparkRows.of(new IndexedRowMatrix(sc.parallelize(rows, 1).rdd())), 2));
        assertTrue(inTask.getMessage().contains("row id 117 has 3 entries"), inTask.getMessage());
        // a partition of short rows only: the driver compares the partitions
        List<IndexedRow> split = new ArrayList<>(rows.subList(0, 10));
        for (int i = 10; i < 20; i++) {
            split.add(new IndexedRow(100 + i, Vectors.dense(new double[3])));
        }
        IllegalArgumentException across = assertThrows(IllegalArgumentException.class,
                () -> DistributedTsqr.svd(SparkRows.of(new IndexedRowMatrix(sc.parallelize(split, 2).rdd())), 2));
        assertTrue(across.getMessage().contains("row id 110 has 3 entries, but row id 100 has 4"), across.getMessage());
    }

    @Test
    void nonFiniteEntryNamesTheRowId() {
        double[][] a = TestMatrices.gaussian(50, 3, 2);
        a[31][2] = Double.NaN;
        NonFiniteInputException e = assertThrows(NonFiniteInputException.class,
                () -> DistributedTsqr.svd(SparkRows.of(dataset(spark, a, ids(50, 500, 1), 2, false), "features", "id"), 2));
        assertTrue(e.getMessage().contains("row id 531 holds NaN at column 2"), e.getMessage());
    }

    @Test
    void emptyInputAndWrongColumnsAreRejected() {
        double[][] a = TestMatrices.gaussian(10, 3, 2);
        Dataset<Row> df = dataset(spark, a, ids(10, 0, 1), 2, false);
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> DistributedTsqr.svd(SparkRows.of(df.filter("id < 0"), "features", "id"), 1));
        assertTrue(empty.getMessage().startsWith("no rows"), empty.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> SparkRows.of(df, "x", "id"));
        assertTrue(missing.getMessage().contains("no column 'x'"), missing.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> SparkRows.of(df, "id"));
        assertTrue(type.getMessage().contains("column 'id' is bigint"), type.getMessage());
    }

    @Test
    void localSessionsBindToTheLoopbackAlone() {
        assertEquals("127.0.0.1", spark.conf().get("spark.driver.bindAddress"));
        assertEquals("127.0.0.1", spark.conf().get("spark.driver.host"));
        assertEquals("false", spark.conf().get("spark.ui.enabled"));
        assertThrows(IllegalArgumentException.class, () -> LocalSpark.session("spark://example:7077", "x"));
    }
}
