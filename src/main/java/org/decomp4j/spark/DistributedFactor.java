package org.decomp4j.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.mllib.linalg.distributed.IndexedRow;
import org.apache.spark.mllib.linalg.distributed.IndexedRowMatrix;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A tall factor (Q or U) held by Spark, one row per input row under the input row's id; persisted
 * ({@code MEMORY_AND_DISK}) until {@link #close()}.
 */
public final class DistributedFactor implements AutoCloseable {
    private final JavaRDD<IndexedRow> rows;
    private final long m;
    private final int cols;

    DistributedFactor(JavaRDD<IndexedRow> rows, long m, int cols) {
        this.rows = rows;
        this.m = m;
        this.cols = cols;
    }

    /** Rows m (as many as the input). */
    public long rows() {
        return m;
    }

    /** Columns. */
    public int cols() {
        return cols;
    }

    /** The rows, each under its input row's id ({@link IndexedRow#index()}), in the input's partitions. */
    public JavaRDD<IndexedRow> indexedRows() {
        return rows;
    }

    /** As an MLlib {@link IndexedRowMatrix} of {@code m × cols}. */
    public IndexedRowMatrix toIndexedRowMatrix() {
        return new IndexedRowMatrix(rows.rdd(), m, cols);
    }

    /** As a Dataset of two columns: {@code idColumn} (long) and {@code vectorColumn} (spark.ml vector), to join on the id. */
    public Dataset<Row> toDataset(SparkSession spark, String idColumn, String vectorColumn) {
        StructType schema = new StructType()
                .add(idColumn, DataTypes.LongType, false)
                .add(vectorColumn, SQLDataTypes.VectorType(), false);
        return spark.createDataFrame(rows.map(r -> RowFactory.create(r.index(), r.vector().asML())), schema);
    }

    /** Unpersists the rows (they are computed again, with the same bits, if used afterwards). */
    @Override
    public void close() {
        rows.unpersist(false);
    }
}
