package org.decomp4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.decomp4j.TestMatrices;
import org.decomp4j.lowrank.RandomizedSvdOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's Spark examples ({@code spark-java} blocks: they need Spark's JVM flags, so
 * ReadmeSnippetsTest, in the main JVM, does not take them) stand verbatim here and run.
 */
class SparkReadmeTest {
    private static final Pattern BLOCK = Pattern.compile("```spark-java\\n(.*?)```", Pattern.DOTALL);
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.session("local[2]", "SparkReadmeTest");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static List<String> stripped(String text) {
        return Arrays.stream(text.split("\n")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    @Test
    void everySparkBlockOfTheReadmeStandsHere() throws IOException {
        List<String> source = stripped(Files.readString(Path.of("src/test/java/org/decomp4j/spark/SparkReadmeTest.java")));
        Matcher m = BLOCK.matcher(Files.readString(Path.of("README.md")));
        List<List<String>> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(stripped(m.group(1)));
        }
        assertEquals(3, blocks.size(), "spark-java blocks in README.md");
        for (List<String> b : blocks) {
            assertTrue(Collections.indexOfSubList(source, b) >= 0, "not in SparkReadmeTest.java:\n" + String.join("\n", b));
        }
    }

    @Test
    void tsqrExample() {
        double[][] a = TestMatrices.gaussian(400, 60, 3);
        Dataset<Row> df = SparkTestSupport.dataset(spark, a, SparkTestSupport.ids(400, 0, 1), 3, false);
        // README, Spark section, first block:
        SparkRows rows = SparkRows.of(df, "features", "id");       // or a JavaRDD<Vector>, RowMatrix, IndexedRowMatrix
        try (DistributedSvd svd = DistributedTsqr.svd(rows, 50)) {  // thin SVD, top 50
            double[] s = svd.singularValues();                      // local: Σ (k) and Vᵀ (k × n)
            Dataset<Row> u = svd.u().toDataset(spark, "id", "u");   // U stays in Spark, one row per input id
            System.out.println(svd.plan());
        }
        DistributedQr qr = DistributedTsqr.qr(rows);                // Q in Spark, R (n × n) local
        assertEquals(60, qr.r().length);
        assertEquals(400, qr.q().toIndexedRowMatrix().numRows());
        qr.close();
    }

    @Test
    void batchExample() {
        StructType schema = new StructType().add("a", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType)));
        List<Row> in = List.of(RowFactory.create((Object) new double[][] {{3, 0}, {0, 4}}),
                RowFactory.create((Object) new double[][] {{1, Double.NaN}, {0, 1}}));
        Dataset<Row> matrices = spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(in, 2), schema);
        // README, Spark section, third block:
        Dataset<Row> out = SparkBatch.decompose(matrices, "a", SparkBatch.Kind.SVD);   // adds "factors", "error"
        out.filter("error IS NOT NULL").show();                     // the failures, as data
        assertEquals(1, out.filter("error IS NOT NULL").count());
    }

    @Test
    void randomizedAndPcaExample() {
        double[][] a = TestMatrices.gaussian(400, 60, 4);
        Dataset<Row> df = SparkTestSupport.dataset(spark, a, SparkTestSupport.ids(400, 0, 1), 3, true);
        SparkRows rows = SparkRows.of(df, "features", "id");
        // README, Spark section, second block:
        RandomizedSvdOptions o = RandomizedSvdOptions.rank(20).seed(7);  // sparse rows stay sparse
        try (DistributedSvd svd = DistributedRandomizedSvd.svd(rows, o)) {
            double bound = svd.errorEstimate();                     // ‖A − UΣVᵀ‖₂ ≤ bound, probability ≥ 1 − 10⁻¹⁰
        }
        PipelineModel pca = new Pipeline().setStages(new PipelineStage[] {
                new PcaEstimator().setInputCol("features").setOutputCol("pca").setK(20)}).fit(df);
        Dataset<Row> scored = pca.transform(df);                    // adds "pca", the scores (20 a row)
        assertEquals(20, ((org.apache.spark.ml.linalg.Vector) scored.select("pca").first().get(0)).size());
    }
}
