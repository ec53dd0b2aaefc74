package org.decomp4j.spark;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.linalg.distributed.IndexedRow;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.decomp4j.Matrix;
import org.decomp4j.Svd;
import org.decomp4j.SvdOptions;

/**
 * Distributed TSQR on generated data, printing the plan, the time and the accuracy. Locally
 * ({@code benchmarks/run.sh spark-demo}) it starts {@code local[2]} through {@link LocalSpark}
 * (loopback only); under {@code spark-submit} it uses the session the cluster gives:
 *
 * <pre>
 * spark-submit --class org.decomp4j.spark.SparkDemo target/decomp4j-cli.jar [rows cols k partitions]
 * </pre>
 *
 * Defaults: 100,000 × 100, k = 10, 8 partitions.
 */
public final class SparkDemo {
    private SparkDemo() {
    }

    /** Arguments: rows, cols, k, partitions (each optional, in this order). */
    public static void main(String[] args) {
        int m = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int k = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int parts = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        // spark-submit sets spark.master; run by hand there is none, and the demo starts local[2]
        boolean submitted = System.getProperty("spark.master") != null;
        SparkSession spark = submitted ? SparkSession.builder().appName("decomp4j SparkDemo").getOrCreate()
                : LocalSpark.session("local[2]", "decomp4j SparkDemo");
        try {
            run(spark, m, n, k, parts, System.out);
        } finally {
            spark.stop();
        }
    }

    static void run(SparkSession spark, int m, int n, int k, int parts, PrintStream out) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        out.printf(Locale.ROOT, "decomp4j on Spark %s, master %s: direct TSQR of a generated %d×%d matrix, top %d,"
                + " %d partitions%n", spark.version(), sc.master(), m, n, k, parts);
        JavaRDD<IndexedRow> rows = generate(sc, m, n, parts, 42).persist(StorageLevel.MEMORY_AND_DISK());
        rows.count();
        long t0 = System.nanoTime();
        try (DistributedSvd svd = DistributedTsqr.svd(SparkRows.of(new org.apache.spark.mllib.linalg.distributed
                .IndexedRowMatrix(rows.rdd())), k)) {
            double seconds = (System.nanoTime() - t0) / 1e9;
            out.println("plan: " + svd.plan());
            out.printf(Locale.ROOT, "time: %.2f s (U formed and persisted)%n", seconds);
            double[] s = svd.singularValues();
            out.printf(Locale.ROOT, "σ1 … σ%d: %.6g … %.6g%n", k, s[0], s[k - 1]);
            double orth = orthogonality(svd.u());
            out.printf(Locale.ROOT, "accuracy: ‖UᵀU − I‖max = %.2e (U computed per partition, never from AᵀA)%n", orth);
            if ((long) m * n <= 20_000_000L) {
                double[] ref = singleMachineValues(rows, m, n);
                double worst = 0;
                for (int i = 0; i < k; i++) {
                    worst = Math.max(worst, Math.abs(s[i] - ref[i]) / ref[i]);
                }
                out.printf(Locale.ROOT, "accuracy: max |σ − σ_ref|/σ_ref = %.2e against one gesdd of the collected rows%n", worst);
            }
        } finally {
            rows.unpersist(false);
        }
    }

    /**
     * An m × n matrix of Gaussian entries, column j scaled by {@code 1/(1 + j)} (a decaying
     * spectrum), generated in the partitions (each from its own seed: the same rows every time).
     */
    public static JavaRDD<IndexedRow> generate(JavaSparkContext sc, int m, int n, int parts, long seed) {
        List<Integer> ps = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            ps.add(p);
        }
        return sc.parallelize(ps, parts).flatMap(p -> {
            long from = (long) m * p / parts;
            long to = (long) m * (p + 1) / parts;
            SplittableRandom r = new SplittableRandom(seed * 1_000_003L + p);
            List<IndexedRow> out = new ArrayList<>();
            for (long i = from; i < to; i++) {
                double[] row = new double[n];
                for (int j = 0; j < n; j++) {
                    row[j] = gaussian(r) / (1 + j);
                }
                out.add(new IndexedRow(i, Vectors.dense(row)));
            }
            return out.iterator();
        });
    }

    private static double gaussian(SplittableRandom r) {
        // Box–Muller; SplittableRandom has no nextGaussian on Java 17
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** {@code max |UᵀU − I|}, with UᵀU summed over the partitions ({@code k × k} per partition). */
    public static double orthogonality(DistributedFactor u) {
        return orthogonality(u.indexedRows().map(r -> r.vector()), u.cols());
    }

    /**
     * {@code max |UᵀU − I|} of a distributed U given as its rows (decomp4j's or MLlib's), with UᵀU
     * summed over the partitions ({@code k × k} per partition).
     *
     * @param rows the rows of U, each of length {@code k}
     * @param k the columns of U
     * @return the largest entry of {@code |UᵀU − I|}
     */
    public static double orthogonality(JavaRDD<Vector> rows, int k) {
        double[] g = rows.mapPartitions(it -> {
            double[] acc = new double[k * k];
            while (it.hasNext()) {
                double[] x = it.next().toArray();
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b < k; b++) {
                        acc[a * k + b] += x[a] * x[b];
                    }
                }
            }
            return List.of(acc).iterator();
        }).reduce((x, y) -> {
            double[] z = x.clone();
            for (int i = 0; i < z.length; i++) {
                z[i] += y[i];
            }
            return z;
        });
        double worst = 0;
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                worst = Math.max(worst, Math.abs(g[a * k + b] - (a == b ? 1 : 0)));
            }
        }
        return worst;
    }

    /** Singular values of the collected rows by one local gesdd (for checking; the rows must fit the driver). */
    public static double[] singleMachineValues(JavaRDD<IndexedRow> rows, int m, int n) {
        double[][] a = new double[m][];
        for (IndexedRow r : rows.collect()) {
            a[(int) r.index()] = r.vector().toArray();
        }
        try (Matrix am = Matrix.of(a)) {
            return Svd.values(am, SvdOptions.valuesOnly().driver(org.decomp4j.Driver.GESDD));
        }
    }
}
