package org.decomp4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.decomp4j.DType;
import org.decomp4j.TestMatrices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Many small decompositions in Spark tasks; bad matrices become rows with an error, not a failed job. */
class SparkBatchTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.session("local[2]", "SparkBatchTest");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static double[][] rows(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    private static Dataset<Row> matrices(List<Row> rows) {
        StructType schema = new StructType().add("name", DataTypes.StringType, false)
                .add("a", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType)), true);
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 3), schema);
    }

    @Test
    void svdOfEveryRowWithFailuresInTheErrorColumn() {
        List<Row> in = new ArrayList<>();
        Map<String, double[]> spectra = new HashMap<>();
        for (int i = 0; i < 60; i++) {
            // known singular values: 6 × 4 with spectrum (4 + i, 3, 2, 1) by construction
            double[] s = {4 + i, 3, 2, 1};
            spectra.put("m" + i, s);
            in.add(RowFactory.create("m" + i, rows(TestMatrices.withSpectrum(6, 4, s, i))));
        }
        double[][] nan = TestMatrices.gaussian(3, 3, 1);
        nan[1][2] = Double.NaN;
        in.add(RowFactory.create("nan", rows(nan)));
        double[][] ragged = rows(TestMatrices.gaussian(3, 3, 2));
        ragged[2] = new double[] {1, 2};
        in.add(RowFactory.create("ragged", ragged));
        in.add(RowFactory.create("null", null));
        Dataset<Row> out = SparkBatch.decompose(matrices(in), "a", SparkBatch.Kind.SVD);
        assertEquals(List.of("name", "a", "factors", "error"), List.of(out.schema().fieldNames()));
        Map<String, Row> byName = new HashMap<>();
        for (Row r : out.collectAsList()) {
            byName.put(r.getString(0), r);
        }
        assertEquals(63, byName.size());
        double tol = 10 * 6 * DType.F64.eps();
        for (Map.Entry<String, double[]> e : spectra.entrySet()) {
            Row r = byName.get(e.getKey());
            assertNull(r.get(3), e.getKey());
            Map<String, Row> f = r.getJavaMap(2);
            assertEquals(java.util.Set.of("U", "S", "Vt"), f.keySet());
            List<Double> s = f.get("S").getList(2);
            assertEquals(4, s.size());
            for (int i = 0; i < 4; i++) {
                assertEquals(e.getValue()[i], s.get(i), tol * e.getValue()[0], e.getKey() + " σ" + i);
            }
            assertEquals(6, f.get("U").getInt(0));
            assertEquals(4, f.get("U").getInt(1));
        }
        assertTrue(byName.get("nan").getString(3).startsWith("NonFiniteInputException"), byName.get("nan").getString(3));
        assertNull(byName.get("nan").get(2));
        assertTrue(byName.get("ragged").getString(3).contains("row 2 of the matrix has 2 entries, row 0 has 3"),
                byName.get("ragged").getString(3));
        assertTrue(byName.get("null").getString(3).contains("the matrix is null"), byName.get("null").getString(3));
    }

    @Test
    void choleskyOfAMatrixThatIsNotPositiveDefiniteIsARowError() {
        List<Row> in = List.of(
                RowFactory.create("spd", rows(new double[][] {{4, 2}, {2, 3}})),
                RowFactory.create("indefinite", rows(new double[][] {{1, 2}, {2, 1}})));
        Map<String, Row> byName = new HashMap<>();
        for (Row r : SparkBatch.decompose(matrices(in), "a", SparkBatch.Kind.CHOLESKY).collectAsList()) {
            byName.put(r.getString(0), r);
        }
        // L = [[2, 0], [1, √2]] by hand; data column-major
        List<Double> l = byName.get("spd").<String, Row>getJavaMap(2).get("L").getList(2);
        assertEquals(2, l.get(0), 1e-15);
        assertEquals(1, l.get(1), 1e-15);
        assertEquals(0, l.get(2), 0);
        assertEquals(Math.sqrt(2), l.get(3), 1e-15);
        assertTrue(byName.get("indefinite").getString(3).startsWith("NotPositiveDefiniteException"),
                byName.get("indefinite").getString(3));
    }

    @Test
    void wrongColumnsAreRejectedBeforeAnyJob() {
        Dataset<Row> in = matrices(List.of(RowFactory.create("x", rows(new double[][] {{1}}))));
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> SparkBatch.decompose(in, "name", SparkBatch.Kind.QR));
        assertTrue(type.getMessage().contains("column 'name' is string; it must be array<array<double>>"), type.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SparkBatch.decompose(in, "b", SparkBatch.Kind.QR));
    }

    @Test
    void npyBytesPerRowWithBadBytesAsRowErrors() throws java.io.IOException {
        List<Row> in = new ArrayList<>();
        Map<String, double[]> spectra = new HashMap<>();
        for (int i = 0; i < 12; i++) {
            double[] s = {5 + i, 2, 0.5};
            spectra.put("m" + i, s);
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (org.decomp4j.Matrix m = org.decomp4j.Matrix.of(TestMatrices.withSpectrum(5, 3, s, i))) {
                org.decomp4j.io.Npy.write(bytes, m);
            }
            in.add(RowFactory.create("m" + i, bytes.toByteArray()));
        }
        in.add(RowFactory.create("garbage", new byte[] {1, 2, 3, 4}));
        in.add(RowFactory.create("null", null));
        StructType schema = new StructType().add("name", DataTypes.StringType, false).add("npy", DataTypes.BinaryType, true);
        Dataset<Row> data = spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(in, 2), schema);
        Map<String, Row> byName = new HashMap<>();
        for (Row r : SparkBatch.decompose(data, "npy", SparkBatch.Kind.SVD).collectAsList()) {
            byName.put(r.getString(0), r);
        }
        assertEquals(14, byName.size());
        double tol = 10 * 5 * DType.F64.eps();
        for (Map.Entry<String, double[]> e : spectra.entrySet()) {
            Row r = byName.get(e.getKey());
            assertNull(r.get(3), e.getKey());
            List<Double> s = r.<String, Row>getJavaMap(2).get("S").getList(2);
            for (int i = 0; i < 3; i++) {
                assertEquals(e.getValue()[i], s.get(i), tol * e.getValue()[0], e.getKey() + " σ" + i);
            }
        }
        assertTrue(byName.get("garbage").getString(3).startsWith("MatrixFormatException"), byName.get("garbage").getString(3));
        assertNull(byName.get("garbage").get(2));
        assertTrue(byName.get("null").getString(3).contains("the matrix is null"), byName.get("null").getString(3));
    }

    /** Factor {@code name} of a collected output row, row by row. */
    private static double[][] factor(Row r, String name) {
        Row f = r.<String, Row>getJavaMap(r.fieldIndex(SparkBatch.FACTORS)).get(name);
        int m = f.getInt(0);
        int n = f.getInt(1);
        List<Double> data = f.getList(2);
        double[][] a = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = data.get(j * m + i);
            }
        }
        return a;
    }

    private static byte[] npy(double[][] a) throws java.io.IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (org.decomp4j.Matrix m = org.decomp4j.Matrix.of(a)) {
            org.decomp4j.io.Npy.write(bytes, m);
        }
        return bytes.toByteArray();
    }

    private static Map<Long, Row> byId(Dataset<Row> out) {
        Map<Long, Row> byId = new HashMap<>();
        for (Row r : out.collectAsList()) {
            if (byId.put(r.getLong(0), r) != null) {
                throw new AssertionError("id " + r.getLong(0) + " twice");
            }
        }
        return byId;
    }

    @Test
    void factorsMatchTheSingleMachineSvdFromArraysAndNpyBytesAlike() throws java.io.IOException {
        // 16×16 and 7×4 interleaved in every partition, so each task's reused input changes shape;
        // spectra with unit gaps: the singular vectors are determined to ε·σ₁/gap
        int count = 240;
        double[][][] a = new double[count][][];
        List<Row> in = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int m = i % 3 == 2 ? 7 : 16;
            int n = i % 3 == 2 ? 4 : 16;
            double[] s = new double[n];
            for (int k = 0; k < n; k++) {
                s[k] = (n - k) * (1 + 0.01 * (i % 5));
            }
            a[i] = TestMatrices.withSpectrum(m, n, s, 1000 + i);
            in.add(RowFactory.create((long) i, rows(a[i]), npy(a[i])));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType, false)
                .add("a", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType, false), false), false)
                .add("npy", DataTypes.BinaryType, false);
        Dataset<Row> data = spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(in, 3), schema);
        Map<Long, Row> fromArrays = byId(SparkBatch.decompose(data, "a", SparkBatch.Kind.SVD));
        Map<Long, Row> fromNpy = byId(SparkBatch.decompose(data, "npy", SparkBatch.Kind.SVD));
        assertEquals(count, fromArrays.size());
        assertEquals(count, fromNpy.size());
        double eps = DType.F64.eps();
        for (int i = 0; i < count; i++) {
            Row r = fromArrays.get((long) i);
            assertNull(r.get(r.fieldIndex(SparkBatch.ERROR)), "matrix " + i);
            int m = a[i].length;
            int n = a[i][0].length;
            double[][] u = factor(r, "U");
            double[][] s = factor(r, "S");
            double[][] vt = factor(r, "Vt");
            double[] sigma = new double[n];
            for (int k = 0; k < n; k++) {
                sigma[k] = s[k][0];
            }
            try (org.decomp4j.Matrix am = org.decomp4j.Matrix.of(a[i]); org.decomp4j.Svd ref = org.decomp4j.Svd.of(am)) {
                double[] rs = ref.singularValues();
                double[][] ru = ref.u().toArray();
                double[][] rvt = ref.vt().toArray();
                double s1 = rs[0];
                for (int k = 0; k < n; k++) {
                    assertEquals(rs[k], sigma[k], 10 * n * eps * s1, "matrix " + i + " σ" + k);
                    // the same singular vector up to its sign; gap ≥ 1, σ₁ ≤ 17
                    double sign = 0;
                    for (int x = 0; x < m; x++) {
                        sign += u[x][k] * ru[x][k];
                    }
                    sign = Math.signum(sign);
                    for (int x = 0; x < m; x++) {
                        assertEquals(sign * ru[x][k], u[x][k], 10 * m * eps * s1, "matrix " + i + " U(" + x + ", " + k + ")");
                    }
                    for (int y = 0; y < n; y++) {
                        assertEquals(sign * rvt[k][y], vt[k][y], 10 * m * eps * s1, "matrix " + i + " Vt(" + k + ", " + y + ")");
                    }
                }
            }
            assertTrue(TestMatrices.svdResidual(a[i], u, sigma, vt) <= 10 * m * eps * TestMatrices.frobenius(a[i]), "matrix " + i);
            assertTrue(TestMatrices.orthogonalityError(u) <= 10 * m * eps, "matrix " + i);
            // the same bits from the .npy bytes: the same kernel on the same entries
            Row q = fromNpy.get((long) i);
            assertNull(q.get(q.fieldIndex(SparkBatch.ERROR)), "npy matrix " + i);
            for (String f : List.of("U", "S", "Vt")) {
                assertTrue(java.util.Arrays.deepEquals(factor(r, f), factor(q, f)), "matrix " + i + " " + f);
            }
        }
    }

    @Test
    void eachBadMatrixIsItsRowsErrorAndTheRowsAfterItStillDecompose() {
        // one partition: every failure sits between good matrices of the same task
        double[][] good = TestMatrices.withSpectrum(3, 3, new double[] {3, 2, 1}, 5);
        double[][] wide = TestMatrices.withSpectrum(2, 4, new double[] {2, 1}, 6);
        double[][] nan = rows(good);
        nan[0][1] = Double.NaN;
        Double[][] nullEntry = {{1.0, 2.0}, {3.0, null}};
        Double[][] nullRow = {{1.0, 2.0}, null};
        double[][] ragged = {{1, 2, 3}, {4, 5}};
        Object[][] cases = {
            {0L, boxed(good)}, {1L, boxed(nan)}, {2L, boxed(wide)}, {3L, nullEntry}, {4L, boxed(good)},
            {5L, nullRow}, {6L, boxed(ragged)}, {7L, new Double[0][]}, {8L, null}, {9L, boxed(wide)}, {10L, boxed(good)}};
        List<Row> in = new ArrayList<>();
        for (Object[] c : cases) {
            in.add(RowFactory.create(c[0], c[1]));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType, false)
                .add("a", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType)), true);
        Dataset<Row> data = spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(in, 1), schema);
        Map<Long, Row> out = byId(SparkBatch.decompose(data, "a", SparkBatch.Kind.SVD));
        assertEquals(cases.length, out.size());
        Map<Long, String> errors = Map.of(1L, "NonFiniteInputException", 3L, "entry (1, 1) of the matrix is null",
                5L, "row 1 of the matrix is null", 6L, "row 1 of the matrix has 2 entries, row 0 has 3",
                7L, "the matrix has no rows", 8L, "the matrix is null");
        double tol = 10 * 4 * DType.F64.eps() * 3;
        for (long id = 0; id < cases.length; id++) {
            Row r = out.get(id);
            String error = r.getString(3);
            if (errors.containsKey(id)) {
                assertTrue(error != null && error.contains(errors.get(id)), id + ": " + error);
                assertNull(r.get(2), "factors of failed row " + id);
                continue;
            }
            assertNull(error, "row " + id);
            double[] expected = id == 2 || id == 9 ? new double[] {2, 1} : new double[] {3, 2, 1};
            double[][] s = factor(r, "S");
            assertEquals(expected.length, s.length, "row " + id);
            for (int k = 0; k < expected.length; k++) {
                assertEquals(expected[k], s[k][0], tol, "row " + id + " σ" + k);
            }
        }
        // the input columns come back as they went in, failed rows included
        assertTrue(java.util.Arrays.deepEquals(boxed(ragged), toArray(out.get(6L).getList(1))));
    }

    private static Double[][] boxed(double[][] a) {
        Double[][] b = new Double[a.length][];
        for (int i = 0; i < a.length; i++) {
            b[i] = new Double[a[i].length];
            for (int j = 0; j < a[i].length; j++) {
                b[i][j] = a[i][j];
            }
        }
        return b;
    }

    private static Double[][] toArray(List<Object> rows) {
        Double[][] b = new Double[rows.size()][];
        for (int i = 0; i < b.length; i++) {
            List<Object> r = scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Seq<Object>) rows.get(i));
            b[i] = r.toArray(new Double[0]);
        }
        return b;
    }

    @Test
    void emptyPartitionsAndAnEmptyDatasetGiveNoRowsAndNoErrors() {
        List<Row> three = new ArrayList<>();
        for (long i = 0; i < 3; i++) {
            three.add(RowFactory.create(i, boxed(TestMatrices.withSpectrum(2, 2, new double[] {2 + i, 1}, i))));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType, false)
                .add("a", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType)), true);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // 3 rows in 8 partitions: at least 5 partitions are empty
        Map<Long, Row> out = byId(SparkBatch.decompose(spark.createDataFrame(sc.parallelize(three, 8), schema), "a",
                SparkBatch.Kind.SVD));
        assertEquals(3, out.size());
        for (long i = 0; i < 3; i++) {
            assertNull(out.get(i).get(3));
            assertEquals(2 + i, factor(out.get(i), "S")[0][0], 1e-14);
        }
        Dataset<Row> none = SparkBatch.decompose(spark.createDataFrame(sc.parallelize(new ArrayList<Row>(), 4), schema), "a",
                SparkBatch.Kind.QR);
        assertEquals(List.of("id", "a", "factors", "error"), List.of(none.schema().fieldNames()));
        assertEquals(0, none.count());
        assertEquals(0, org.decomp4j.engine.BlasThreadLease.active(), "no task holds the one-thread lease");
    }

    @Test
    void aTaskStoppedBeforeItsLastRowGivesBackTheLease() {
        List<Row> in = new ArrayList<>();
        for (long i = 0; i < 50; i++) {
            in.add(RowFactory.create(i, boxed(TestMatrices.gaussian(4, 4, i))));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType, false)
                .add("a", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType)), true);
        Dataset<Row> data = spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(in, 2), schema);
        // take(1) reads one row of the first partition and ends its task there
        List<Row> first = SparkBatch.decompose(data, "a", SparkBatch.Kind.LU).limit(1).collectAsList();
        assertEquals(1, first.size());
        assertNull(first.get(0).get(3));
        assertEquals(0, org.decomp4j.engine.BlasThreadLease.active(), "the stopped task still holds the one-thread lease");
    }

    @Test
    void cachedAndShuffledInputsGiveTheSameBitsAndTheFactorsWorkInSql() {
        // the cache hands out rows decoded from its column batches and a shuffle its own reused
        // rows: each path's rows must be read before the next one overwrites them
        List<Row> in = new ArrayList<>();
        for (long i = 0; i < 90; i++) {
            in.add(RowFactory.create(i, boxed(TestMatrices.withSpectrum(5, 5, new double[] {5 + i, 4, 3, 2, 1}, 300 + i))));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType, false)
                .add("a", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType)), true);
        Dataset<Row> plain = spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(in, 3), schema);
        Dataset<Row> cached = plain.persist(org.apache.spark.storage.StorageLevel.MEMORY_ONLY());
        try {
            cached.count();
            Map<Long, Row> reference = byId(SparkBatch.decompose(plain.repartition(1), "a", SparkBatch.Kind.SVD));
            for (Dataset<Row> data : List.of(cached, plain.repartition(4))) {
                Map<Long, Row> got = byId(SparkBatch.decompose(data, "a", SparkBatch.Kind.SVD));
                assertEquals(90, got.size());
                for (long i = 0; i < 90; i++) {
                    for (String f : List.of("U", "S", "Vt")) {
                        assertTrue(java.util.Arrays.deepEquals(factor(reference.get(i), f), factor(got.get(i), f)), i + " " + f);
                    }
                }
            }
            // the factors column is an ordinary map of structs to Spark SQL
            List<Row> s1 = SparkBatch.decompose(cached, "a", SparkBatch.Kind.SVD)
                    .selectExpr("id", "factors['S'].data[0] AS s1", "factors['U'].rows AS m").orderBy("id").collectAsList();
            for (int i = 0; i < 90; i++) {
                assertEquals(i, s1.get(i).getLong(0));
                assertEquals(5.0 + i, s1.get(i).getDouble(1), 10 * 5 * DType.F64.eps() * (5 + i));
                assertEquals(5, s1.get(i).getInt(2));
            }
        } finally {
            cached.unpersist(true);
        }
    }
}
