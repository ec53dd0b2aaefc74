package org.decomp4j.bench.spark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.linalg.Matrix;
import org.apache.spark.mllib.linalg.SingularValueDecomposition;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.distributed.IndexedRow;
import org.apache.spark.mllib.linalg.distributed.RowMatrix;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.decomp4j.io.AtomicFiles;
import org.decomp4j.spark.DistributedSvd;
import org.decomp4j.spark.DistributedTsqr;
import org.decomp4j.spark.LocalSpark;
import org.decomp4j.spark.SparkDemo;
import org.decomp4j.spark.SparkRows;

/**
 * decomp4j's distributed TSQR SVD against MLlib's RowMatrix.computeSVD(k, computeU = true) on the
 * same cached rows, same session (local[2], loopback only), alternating A/B after one warm-up of
 * each; medians. Both sides are timed until U is materialised (decomp4j persists and counts U;
 * MLlib's U is lazy, so its rows are counted). Accuracy against one gesdd of the collected rows.
 * Run by benchmarks/run.sh spark; the last line printed is one JSON object.
 *
 * Arguments: rows cols k partitions reps results-file.
 */
public class SparkBench {
    public static void main(String[] args) throws Exception {
        int m = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        int k = Integer.parseInt(args[2]);
        int parts = Integer.parseInt(args[3]);
        int reps = Integer.parseInt(args[4]);
        Path table = Path.of(args[5]);
        String master = "local[2]";
        SparkSession spark = LocalSpark.session(master, "decomp4j SparkBench");
        try {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            JavaRDD<IndexedRow> indexed = SparkDemo.generate(sc, m, n, parts, 42).persist(StorageLevel.MEMORY_AND_DISK());
            JavaRDD<Vector> vectors = indexed.map(IndexedRow::vector).persist(StorageLevel.MEMORY_AND_DISK());
            vectors.count();
            double[] ref = SparkDemo.singleMachineValues(indexed, m, n);
            indexed.unpersist(true);

            List<Double> ours = new ArrayList<>();
            List<Double> theirs = new ArrayList<>();
            double[] acc = new double[4];
            for (int rep = 0; rep <= reps; rep++) { // rep 0: warm-up of each, not counted
                long t0 = System.nanoTime();
                double oursSec;
                try (DistributedSvd svd = DistributedTsqr.svd(SparkRows.of(vectors), k)) {
                    oursSec = (System.nanoTime() - t0) / 1e9;
                    if (rep > 0) {
                        ours.add(oursSec);
                    }
                    if (rep == reps) {
                        acc[0] = relError(svd.singularValues(), ref, k);
                        acc[1] = SparkDemo.orthogonality(svd.u());
                        System.out.println("decomp4j plan: " + svd.plan());
                    }
                }
                t0 = System.nanoTime();
                SingularValueDecomposition<RowMatrix, Matrix> mllib = new RowMatrix(vectors.rdd()).computeSVD(k, true, 1e-9);
                JavaRDD<Vector> u = mllib.U().rows().toJavaRDD().persist(StorageLevel.MEMORY_AND_DISK());
                u.count();
                double sec = (System.nanoTime() - t0) / 1e9;
                if (rep > 0) {
                    theirs.add(sec);
                }
                if (rep == reps) {
                    acc[2] = relError(mllib.s().toArray(), ref, Math.min(k, mllib.s().size()));
                    acc[3] = SparkDemo.orthogonality(u, mllib.s().size());
                }
                u.unpersist(false);
                System.out.printf(Locale.ROOT, "rep %d: decomp4j %.2f s, MLlib %.2f s%s%n", rep,
                        oursSec, sec, rep == 0 ? " (warm-up)" : "");
            }
            double a = median(ours);
            double b = median(theirs);
            String json = String.format(Locale.ROOT, "{\"rows\":%d,\"cols\":%d,\"k\":%d,\"partitions\":%d,\"master\":\"%s\","
                    + "\"reps\":%d,\"decomp4j_seconds\":%.3f,\"mllib_seconds\":%.3f,\"speedup\":%.2f,"
                    + "\"sigma_rel_error\":%.3e,\"u_orthogonality\":%.3e,"
                    + "\"mllib_sigma_rel_error\":%.3e,\"mllib_u_orthogonality\":%.3e,"
                    + "\"decomp4j_all_seconds\":%s,\"mllib_all_seconds\":%s}",
                    m, n, k, parts, master, reps, a, b, b / a, acc[0], acc[1], acc[2], acc[3], ours, theirs);
            String md = String.format(Locale.ROOT, """
                    # decomp4j on Spark: tall-skinny SVD against MLlib (issue 17)

                    Command: `benchmarks/run.sh spark` (%s, %d partitions, -Xmx4g, Spark %s, Java %s,
                    OpenBLAS at one thread per task). Machine: the shared development VM, 2 cores, with
                    other sessions' builds running at the same time (load not controlled): indicative figures.
                    Input: %d × %d Gaussian, column j scaled by 1/(1+j), cached; both sides read the same
                    cached `RDD<Vector>`, alternating, after one warm-up each; median of %d. Timed until U
                    is materialised (decomp4j persists and counts U; MLlib's lazy U is persisted and counted).
                    Accuracy: against one `gesdd` of the collected rows (max relative error over the top %d
                    values) and max |UᵀU − I|.

                    | method | median s | all runs s | σ max rel. error | ‖UᵀU − I‖max |
                    |---|---|---|---|---|
                    | decomp4j `DistributedTsqr.svd(rows, %d)` | %.2f | %s | %.1e | %.1e |
                    | MLlib `RowMatrix.computeSVD(%d, true)` | %.2f | %s | %.1e | %.1e |

                    Speed-up (median ratio): %.2f×.

                    JSON: `%s`
                    """, master, parts, spark.version(), System.getProperty("java.version"), m, n, reps, k,
                    k, a, ours, acc[0], acc[1], k, b, theirs, acc[2], acc[3], b / a, json);
            // keep the section benchmarks/run.sh spark-targets writes (SparkTargets), if any
            String old = Files.exists(table) ? Files.readString(table) : "";
            int keep = old.indexOf("<!-- spark-targets: begin");
            String all = keep < 0 ? md : md + (md.endsWith("\n") ? "\n" : "\n\n") + old.substring(keep);
            AtomicFiles.write(table, out -> out.write(all.getBytes(StandardCharsets.UTF_8)));
            System.out.println("table: " + table);
            System.out.println(json);
        } finally {
            spark.stop();
        }
    }

    static double relError(double[] s, double[] ref, int k) {
        double worst = 0;
        for (int i = 0; i < k; i++) {
            worst = Math.max(worst, Math.abs(s[i] - ref[i]) / ref[i]);
        }
        return worst;
    }

    static double median(List<Double> xs) {
        double[] v = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
