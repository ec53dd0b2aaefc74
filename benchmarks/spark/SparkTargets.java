package org.decomp4j.bench.spark;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.feature.PCA;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.mllib.linalg.Matrix;
import org.apache.spark.mllib.linalg.SingularValueDecomposition;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.linalg.distributed.IndexedRow;
import org.apache.spark.mllib.linalg.distributed.IndexedRowMatrix;
import org.apache.spark.mllib.linalg.distributed.RowMatrix;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.decomp4j.batch.BatchInput;
import org.decomp4j.batch.BatchRunner;
import org.decomp4j.batch.BatchSummary;
import org.decomp4j.batch.Decompositions;
import org.decomp4j.io.AtomicFiles;
import org.decomp4j.lowrank.RandomizedSvdOptions;
import org.decomp4j.spark.DistributedRandomizedSvd;
import org.decomp4j.spark.DistributedSvd;
import org.decomp4j.spark.LocalSpark;
import org.decomp4j.spark.SparkBatch;
import org.decomp4j.spark.SparkDemo;
import org.decomp4j.spark.SparkRows;

/**
 * The two remaining Spark targets of issue 17, one mode per JVM (so that an OutOfMemoryError of
 * one side cannot take the others down), local[2], loopback only; run by
 * {@code benchmarks/run.sh spark-targets}, which then calls mode {@code report}.
 *
 * <ul>
 * <li>{@code sparse-decomp4j|sparse-mllib-svd|sparse-mllib-pca m n nnzPerRow k parts}: a sparse
 *     m × n matrix (nnzPerRow uniform columns a row, generated on the executors, cached), top k by
 *     decomp4j's DistributedRandomizedSvd (U materialised), MLlib's RowMatrix.computeSVD(k, true)
 *     or spark.ml's feature.PCA; prints one JSON line: status, seconds, peak heap (the heap pools'
 *     peaks) and peak RSS (VmHWM: heap, native and Spark together).</li>
 * <li>{@code batch count size parts reps}: count size × size SVDs as a Dataset (SparkBatch, array
 *     column, cached) against the in-process BatchRunner with 2 workers on the same matrices,
 *     alternating, after a warm-up of each; medians.</li>
 * <li>{@code report dir table}: the JSON lines of dir into a section of table (between markers,
 *     the rest of the file kept); when only the batch ran, only its paragraph (between its own
 *     markers) is replaced.</li>
 * </ul>
 */
public class SparkTargets {
    static final String BEGIN = "<!-- spark-targets: begin (benchmarks/run.sh spark-targets) -->";
    static final String END = "<!-- spark-targets: end -->";
    static final String BATCH_BEGIN = "<!-- spark-targets batch: begin -->";
    static final String BATCH_END = "<!-- spark-targets batch: end -->";

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "sparse-decomp4j", "sparse-mllib-svd", "sparse-mllib-pca" -> sparse(args);
            case "batch" -> batch(args);
            case "report" -> report(Path.of(args[1]), Path.of(args[2]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    static JavaRDD<IndexedRow> sparseRows(JavaSparkContext sc, int m, int n, int nnz, int parts) {
        List<Integer> ps = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            ps.add(p);
        }
        return sc.parallelize(ps, parts).flatMap(p -> {
            long from = (long) m * p / parts;
            long to = (long) m * (p + 1) / parts;
            List<IndexedRow> out = new ArrayList<>();
            for (long i = from; i < to; i++) {
                SplittableRandom r = new SplittableRandom(1_000_003L * i + 17);
                int[] idx = r.ints(0, n).distinct().limit(nnz).sorted().toArray();
                double[] val = new double[idx.length];
                for (int t = 0; t < val.length; t++) {
                    val[t] = r.nextDouble() + 0.1 * (1 + idx[t] % 7); // a few heavier column classes
                }
                out.add(new IndexedRow(i, Vectors.sparse(n, idx, val)));
            }
            return out.iterator();
        });
    }

    static void sparse(String[] a) {
        String mode = a[0];
        int m = Integer.parseInt(a[1]);
        int n = Integer.parseInt(a[2]);
        int nnz = Integer.parseInt(a[3]);
        int k = Integer.parseInt(a[4]);
        int parts = Integer.parseInt(a[5]);
        SparkSession spark = LocalSpark.session("local[2]", "decomp4j SparkTargets " + mode);
        String status = "ok";
        double seconds = Double.NaN;
        String extra = "";
        try {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            JavaRDD<IndexedRow> rows = sparseRows(sc, m, n, nnz, parts).persist(StorageLevel.MEMORY_AND_DISK());
            rows.count();
            long t0 = System.nanoTime();
            try {
                switch (mode) {
                    case "sparse-decomp4j" -> {
                        try (DistributedSvd svd = DistributedRandomizedSvd.svd(SparkRows.of(new IndexedRowMatrix(rows.rdd())),
                                RandomizedSvdOptions.rank(k).seed(1))) {
                            seconds = (System.nanoTime() - t0) / 1e9;
                            double orth = SparkDemo.orthogonality(svd.u());
                            extra = String.format(Locale.ROOT, ",\"sigma1\":%.6g,\"sigma_k\":%.6g,\"error_estimate\":%.3g,"
                                    + "\"u_orthogonality\":%.2g,\"plan\":\"%s\"", svd.singularValues()[0],
                                    svd.singularValues()[k - 1], svd.errorEstimate(), orth, svd.plan().replace("\"", "'"));
                        }
                    }
                    case "sparse-mllib-svd" -> {
                        RowMatrix rm = new RowMatrix(rows.map(IndexedRow::vector).rdd());
                        SingularValueDecomposition<RowMatrix, Matrix> svd = rm.computeSVD(k, true, 1e-9);
                        svd.U().rows().count();
                        seconds = (System.nanoTime() - t0) / 1e9;
                        extra = String.format(Locale.ROOT, ",\"sigma1\":%.6g,\"sigma_k\":%.6g", svd.s().apply(0), svd.s().apply(k - 1));
                    }
                    default -> {
                        StructType schema = new StructType().add("features", SQLDataTypes.VectorType(), false);
                        Dataset<Row> df = spark.createDataFrame(rows.map(r -> RowFactory.create(r.vector().asML())), schema);
                        new PCA().setInputCol("features").setOutputCol("pca").setK(k).fit(df);
                        seconds = (System.nanoTime() - t0) / 1e9;
                    }
                }
            } catch (Throwable e) { // the outcome is data here: OutOfMemoryError, MLlib's refusal
                seconds = (System.nanoTime() - t0) / 1e9;
                Throwable root = e;
                while (root.getCause() != null && root.getCause() != root) {
                    root = root.getCause();
                }
                status = "failed: " + root.getClass().getSimpleName() + ": " + String.valueOf(root.getMessage()).split("\n")[0];
            }
        } finally {
            spark.stop();
        }
        System.out.println(String.format(Locale.ROOT, "{\"mode\":\"%s\",\"rows\":%d,\"cols\":%d,\"nnz_per_row\":%d,\"k\":%d,"
                + "\"partitions\":%d,\"status\":\"%s\",\"seconds\":%.3f,\"heap_peak_mb\":%.0f,\"rss_peak_mb\":%.0f,"
                + "\"max_heap_mb\":%d%s}", mode, m, n, nnz, k, parts, status.replace("\"", "'"), seconds,
                heapPeak() / 1e6, rssPeak() / 1e6, Runtime.getRuntime().maxMemory() >> 20, extra));
    }

    static long heapPeak() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** Peak resident set of the process (VmHWM), bytes; -1 where /proc is missing. */
    static long rssPeak() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    static double[][] smallMatrix(int i, int size) {
        SplittableRandom r = new SplittableRandom(7_919L * i + 3);
        double[][] a = new double[size][size];
        for (double[] row : a) {
            for (int j = 0; j < size; j++) {
                row[j] = r.nextDouble() - 0.5;
            }
        }
        return a;
    }

    static void batch(String[] a) throws Exception {
        int count = Integer.parseInt(a[1]);
        int size = Integer.parseInt(a[2]);
        int parts = Integer.parseInt(a[3]);
        int reps = Integer.parseInt(a[4]);
        // warm-up rounds of each side, not counted: Spark's side has far more code to compile (its own
        // generated code among it) and measured ~25% slower for its first half-dozen rounds than after
        int warmups = a.length > 5 ? Integer.parseInt(a[5]) : 1;
        SparkSession spark = LocalSpark.session("local[2]", "decomp4j SparkTargets batch");
        List<Double> sparkSec = new ArrayList<>();
        List<Double> runnerSec = new ArrayList<>();
        long sparkErrors = -1;
        long runnerErrors = -1;
        try {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                idx.add(i);
            }
            StructType schema = new StructType().add("i", DataTypes.IntegerType, false)
                    .add("a", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType)), false);
            Dataset<Row> df = spark.createDataFrame(sc.parallelize(idx, parts).map(i -> RowFactory.create(i, smallMatrix(i, size))), schema)
                    .persist(StorageLevel.MEMORY_ONLY());
            df.count();
            double[][][] local = new double[count][][];
            for (int i = 0; i < count; i++) {
                local[i] = smallMatrix(i, size);
            }
            BatchRunner runner = BatchRunner.withJobs(2);
            for (int rep = 1 - warmups; rep <= reps; rep++) { // rep < 1: warm-up of each
                long t0 = System.nanoTime();
                long errs = SparkBatch.decompose(df, "a", SparkBatch.Kind.SVD).filter(functions.col("error").isNotNull()).count();
                double s = (System.nanoTime() - t0) / 1e9;
                t0 = System.nanoTime();
                BatchSummary sum = runner.run(inputs(local), Decompositions.svd(), r -> { });
                double b = (System.nanoTime() - t0) / 1e9;
                if (rep > 0) {
                    sparkSec.add(s);
                    runnerSec.add(b);
                }
                sparkErrors = errs;
                runnerErrors = sum.failed();
            }
        } finally {
            spark.stop();
        }
        double ms = median(sparkSec);
        double mb = median(runnerSec);
        System.out.println(String.format(Locale.ROOT, "{\"mode\":\"batch\",\"count\":%d,\"size\":%d,\"partitions\":%d,\"reps\":%d,\"warmups\":%d,"
                + "\"spark_seconds\":%.3f,\"runner_seconds\":%.3f,\"throughput_ratio\":%.2f,\"spark_errors\":%d,\"runner_errors\":%d,"
                + "\"spark_all_seconds\":%s,\"runner_all_seconds\":%s}", count, size, parts, reps, warmups, ms, mb, mb / ms, sparkErrors,
                runnerErrors, sparkSec, runnerSec));
    }

    static Iterator<BatchInput> inputs(double[][][] local) {
        return new Iterator<>() {
            int i = 0;

            @Override
            public boolean hasNext() {
                return i < local.length;
            }

            @Override
            public BatchInput next() {
                int at = i++;
                return new BatchInput() {
                    @Override
                    public String name() {
                        return "#" + at;
                    }

                    @Override
                    public org.decomp4j.Matrix open() {
                        return org.decomp4j.Matrix.of(local[at]);
                    }
                };
            }
        };
    }

    static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static void report(Path dir, Path table) throws Exception {
        String old = Files.exists(table) ? Files.readString(table) : "";
        int b = old.indexOf(BEGIN);
        int e = old.indexOf(END);
        String oldSection = b >= 0 && e > b ? old.substring(b, e + END.length()) : null;
        boolean sparseRun = false;
        for (String mode : List.of("sparse-decomp4j", "sparse-mllib-svd", "sparse-mllib-pca")) {
            sparseRun |= Files.exists(dir.resolve(mode + ".rc"));
        }
        String batch = Files.exists(dir.resolve("batch.rc")) ? batchBlock(dir) : null;
        String section;
        if (sparseRun || oldSection == null) {
            StringBuilder md = new StringBuilder(BEGIN).append("\n\n## Sparse randomized SVD and the batch of small SVDs (issue 17 targets)\n\n");
            md.append(sparseReport(dir));
            String kept = batch != null ? batch : oldSection == null ? null : oldBatch(oldSection);
            if (kept != null) {
                md.append("\n").append(kept).append("\n");
            }
            section = md.append("\n").append(END).toString();
        } else if (batch == null) {
            section = oldSection;
        } else {
            // the batch alone (SPARK_TARGETS_CASES=batch): the sparse table stays as it was
            String previous = oldBatch(oldSection);
            section = previous != null ? oldSection.replace(previous, batch)
                    : oldSection.replace(END, batch + "\n\n" + END);
        }
        String merged = oldSection != null ? old.substring(0, b) + section + old.substring(e + END.length())
                : old + (old.endsWith("\n") || old.isEmpty() ? "\n" : "\n\n") + section + "\n";
        AtomicFiles.write(table, out -> out.write(merged.getBytes(StandardCharsets.UTF_8)));
        System.out.print(section + "\n");
    }

    /** The batch paragraph of a section: between its markers, or (before they existed) the line starting "Batch: ". */
    static String oldBatch(String section) {
        int b = section.indexOf(BATCH_BEGIN);
        int e = section.indexOf(BATCH_END);
        if (b >= 0 && e > b) {
            return section.substring(b, e + BATCH_END.length());
        }
        int line = section.indexOf("\nBatch: ");
        if (line < 0) {
            return null;
        }
        int eol = section.indexOf('\n', line + 1);
        return section.substring(line + 1, eol < 0 ? section.length() : eol);
    }

    static String batchBlock(Path dir) throws Exception {
        String code = Files.readString(dir.resolve("batch.rc")).trim();
        Path json = dir.resolve("batch.json");
        String line = Files.exists(json) ? Files.readString(json).trim() : "";
        String note = System.getenv().getOrDefault("SPARK_TARGETS_NOTE", "");
        String text;
        if (line.isEmpty()) {
            text = String.format(Locale.ROOT, "Batch: the JVM exited with code %s and no result (%s).", code,
                    code.equals("124") ? "killed by the time limit, SPARK_TARGETS_TIMEOUT" : "see target/spark-targets/batch.log");
        } else {
            text = String.format(Locale.ROOT, "Batch: %s SVDs of %s × %s as a Dataset (`SparkBatch.decompose`, array column,"
                    + " cached, %s partitions, local[2]) against `BatchRunner.withJobs(2)` in process on the same matrices,"
                    + " alternating after %s warm-up rounds of each, median of %s: Spark %s s, runner %s s, **throughput ratio %s**"
                    + " (runs: Spark %s, runner %s; failures %s / %s; Java %s). %s",
                    field(line, "count"), field(line, "size"), field(line, "size"), field(line, "partitions"),
                    field(line, "warmups"), field(line, "reps"), field(line, "spark_seconds"), field(line, "runner_seconds"),
                    field(line, "throughput_ratio"), field(line, "spark_all_seconds"), field(line, "runner_all_seconds"),
                    field(line, "spark_errors"), field(line, "runner_errors"), System.getProperty("java.version"), note).trim();
        }
        return BATCH_BEGIN + "\n\n" + text + "\n\n" + BATCH_END;
    }

    static String sparseReport(Path dir) throws Exception {
        StringBuilder md = new StringBuilder();
        String note = System.getenv().getOrDefault("SPARK_TARGETS_NOTE", "");
        md.append("Command: `benchmarks/run.sh spark-targets` (local[2], Spark 4.0.1, Java ")
                .append(System.getProperty("java.version")).append(", OpenBLAS at one thread per task; each case in its own JVM). ")
                .append(note).append("\n\n");
        md.append("| case | status | seconds | peak heap MB | peak RSS MB | driver -Xmx MB | notes |\n|---|---|---|---|---|---|---|\n");
        for (String mode : List.of("sparse-decomp4j", "sparse-mllib-svd", "sparse-mllib-pca")) {
            Path json = dir.resolve(mode + ".json");
            Path rc = dir.resolve(mode + ".rc");
            String code = Files.exists(rc) ? Files.readString(rc).trim() : "?";
            String line = Files.exists(json) ? Files.readString(json).trim() : "";
            if (line.isEmpty()) {
                String log = Files.exists(dir.resolve(mode + ".log")) ? Files.readString(dir.resolve(mode + ".log")) : "";
                String why = log.contains("OutOfMemoryError") ? "OutOfMemoryError"
                        : code.equals("124") ? "killed by the time limit, SPARK_TARGETS_TIMEOUT" : "no result";
                md.append(String.format(Locale.ROOT, "| %s | JVM exited with code %s (%s) | | | | | |%n", mode, code, why));
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", mode, field(line, "status"),
                    field(line, "seconds"), field(line, "heap_peak_mb"), field(line, "rss_peak_mb"), field(line, "max_heap_mb"),
                    mode.equals("sparse-decomp4j") ? "σ1 " + field(line, "sigma1") + ", σk " + field(line, "sigma_k") + ", error estimate "
                            + field(line, "error_estimate") + ", ‖UᵀU − I‖max " + field(line, "u_orthogonality")
                            : line.contains("sigma1") ? "σ1 " + field(line, "sigma1") + ", σk " + field(line, "sigma_k") : ""));
        }
        String first = Files.exists(dir.resolve("sparse-decomp4j.json")) ? Files.readString(dir.resolve("sparse-decomp4j.json")).trim() : "";
        if (!first.isEmpty()) {
            md.append(String.format(Locale.ROOT, "%nSparse input: %s × %s, %s non-zeros a row (uniform columns), %s partitions, top %s.%n",
                    field(first, "rows"), field(first, "cols"), field(first, "nnz_per_row"), field(first, "partitions"), field(first, "k")));
        }
        return md.toString();
    }

    /** A field of a flat JSON object line, as written (strings without quotes). */
    static String field(String json, String key) {
        String k = "\"" + key + "\":";
        int i = json.indexOf(k);
        if (i < 0) {
            return "";
        }
        int s = i + k.length();
        if (json.charAt(s) == '"') {
            return json.substring(s + 1, json.indexOf('"', s + 1));
        }
        if (json.charAt(s) == '[') {
            return json.substring(s, json.indexOf(']', s) + 1);
        }
        int e = s;
        while (e < json.length() && ",}".indexOf(json.charAt(e)) < 0) {
            e++;
        }
        return json.substring(s, e);
    }
}
