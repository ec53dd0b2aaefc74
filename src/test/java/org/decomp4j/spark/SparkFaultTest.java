package org.decomp4j.spark;

import static org.decomp4j.spark.SparkTestSupport.byId;
import static org.decomp4j.spark.SparkTestSupport.ids;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.linalg.distributed.IndexedRow;
import org.apache.spark.mllib.linalg.distributed.IndexedRowMatrix;
import org.apache.spark.sql.SparkSession;
import org.decomp4j.TestMatrices;
import org.decomp4j.lowrank.RandomizedSvdOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A task that fails on its first attempt is retried by Spark ({@code local[2,2]}: two attempts per
 * task), and the factors are bit-identical to those of a run without the failure.
 */
class SparkFaultTest {
    /** Failures injected so far (local mode: the tasks run in this JVM). */
    static final AtomicInteger INJECTED = new AtomicInteger();
    private static SparkSession spark;
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        spark = LocalSpark.session("local[2,2]", "SparkFaultTest");
        sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static JavaRDD<IndexedRow> rows(double[][] a, boolean failFirstAttemptOfPartition2) {
        List<IndexedRow> list = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            list.add(new IndexedRow(i, Vectors.dense(a[i].clone())));
        }
        return sc.parallelize(list, 4).mapPartitionsWithIndex((p, it) -> {
            TaskContext t = TaskContext.get();
            if (failFirstAttemptOfPartition2 && p == 2 && t.attemptNumber() == 0) {
                INJECTED.incrementAndGet();
                throw new IllegalStateException("injected failure of partition 2, attempt 0");
            }
            return it;
        }, true);
    }

    @Test
    void aRetriedTaskGivesTheSameBits() {
        int before = INJECTED.get();
        double[][] a = TestMatrices.gaussian(2000, 16, 77);
        long[] ids = ids(a.length, 0, 1);
        double[] s0;
        double[][] vt0;
        double[][] u0;
        try (DistributedSvd clean = DistributedTsqr.svd(SparkRows.of(new IndexedRowMatrix(rows(a, false).rdd())), 8)) {
            s0 = clean.singularValues();
            vt0 = clean.vt();
            u0 = byId(clean.u(), ids);
        }
        assertEquals(before, INJECTED.get());
        try (DistributedSvd retried = DistributedTsqr.svd(SparkRows.of(new IndexedRowMatrix(rows(a, true).rdd())), 8)) {
            assertEquals(before + 1, INJECTED.get(), "the first attempt of partition 2 failed once");
            assertArrayEquals(s0, retried.singularValues());
            double[][] vt = retried.vt();
            double[][] u = byId(retried.u(), ids);
            for (int i = 0; i < vt0.length; i++) {
                assertArrayEquals(vt0[i], vt[i], "Vᵀ row " + i);
            }
            for (int i = 0; i < u0.length; i++) {
                assertArrayEquals(u0[i], u[i], "U row id " + i);
            }
        }
    }

    @Test
    void aRetriedTaskGivesTheSameBitsInTheRandomizedSvd() {
        double[][] a = TestMatrices.gaussian(1200, 40, 78);
        long[] ids = ids(a.length, 0, 1);
        RandomizedSvdOptions o = RandomizedSvdOptions.rank(5).seed(9).powerIters(2);
        int before = INJECTED.get();
        double[] s0;
        double[][] vt0;
        double[][] u0;
        double e0;
        try (DistributedSvd clean = DistributedRandomizedSvd.svd(SparkRows.of(new IndexedRowMatrix(rows(a, false).rdd())), o)) {
            s0 = clean.singularValues();
            vt0 = clean.vt();
            u0 = byId(clean.u(), ids);
            e0 = clean.errorEstimate();
        }
        assertEquals(before, INJECTED.get());
        try (DistributedSvd retried = DistributedRandomizedSvd.svd(SparkRows.of(new IndexedRowMatrix(rows(a, true).rdd())), o)) {
            assertEquals(before + 1, INJECTED.get(), "the first attempt of partition 2 failed once");
            assertArrayEquals(s0, retried.singularValues());
            assertEquals(e0, retried.errorEstimate());
            double[][] vt = retried.vt();
            double[][] u = byId(retried.u(), ids);
            for (int i = 0; i < vt0.length; i++) {
                assertArrayEquals(vt0[i], vt[i], "Vᵀ row " + i);
            }
            for (int i = 0; i < u0.length; i++) {
                assertArrayEquals(u0[i], u[i], "U row id " + i);
            }
        }
    }
}
