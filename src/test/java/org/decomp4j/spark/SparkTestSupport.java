package org.decomp4j.spark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.mllib.linalg.distributed.IndexedRow;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Datasets from plain arrays, and factors collected back by row id. */
final class SparkTestSupport {
    private SparkTestSupport() {
    }

    /** A Dataset (id long, features vector) of the rows, id of row i = ids[i], in {@code parts} partitions (consecutive rows together). */
    static Dataset<Row> dataset(SparkSession spark, double[][] a, long[] ids, int parts, boolean sparse) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            Vector v = Vectors.dense(a[i].clone());
            rows.add(RowFactory.create(ids[i], sparse ? v.toSparse() : v));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType, false)
                .add("features", SQLDataTypes.VectorType(), false);
        // parallelize, not repartition: no shuffle, and the same rows in the same partitions every time
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return spark.createDataFrame(sc.parallelize(rows, parts), schema);
    }

    static long[] ids(int m, long first, long step) {
        long[] ids = new long[m];
        for (int i = 0; i < m; i++) {
            ids[i] = first + step * i;
        }
        return ids;
    }

    /** The factor's rows in the order of {@code ids}. */
    static double[][] byId(DistributedFactor f, long[] ids) {
        Map<Long, double[]> got = new HashMap<>();
        for (IndexedRow r : f.indexedRows().collect()) {
            if (got.put(r.index(), r.vector().toArray()) != null) {
                throw new AssertionError("row id " + r.index() + " twice");
            }
        }
        if (got.size() != ids.length) {
            throw new AssertionError(got.size() + " rows for " + ids.length + " ids");
        }
        double[][] out = new double[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            out[i] = got.get(ids[i]);
            if (out[i] == null) {
                throw new AssertionError("no row for id " + ids[i]);
            }
        }
        return out;
    }
}
