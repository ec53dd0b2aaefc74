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
}
