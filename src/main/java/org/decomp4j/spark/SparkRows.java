package org.decomp4j.spark;

import java.util.Arrays;
import java.util.Objects;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.mllib.linalg.distributed.IndexedRowMatrix;
import org.apache.spark.mllib.linalg.distributed.RowMatrix;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

import scala.Tuple2;

/**
 * The rows of a distributed matrix, each with a {@code long} id that its row of U keeps, so that
 * U joins back to the input. Made from what Spark users hold: a {@code Dataset<Row>} with a
 * spark.ml {@link Vector} column (dense or sparse), a {@code JavaRDD} of MLlib vectors, a
 * {@link RowMatrix} or an {@link IndexedRowMatrix}. Nothing is read until a decomposition runs;
 * the partitions of the input are the partitions of the computation.
 */
public final class SparkRows {
    private final JavaRDD<Tuple2<Long, Vector>> rows;
    private final String source;

    private SparkRows(JavaRDD<Tuple2<Long, Vector>> rows, String source) {
        this.rows = rows;
        this.source = source;
    }

    /**
     * Rows of a Dataset's vector column, ids from the column {@code idColumn} (an integer type).
     *
     * @throws IllegalArgumentException if a column is missing or has the wrong type
     */
    public static SparkRows of(Dataset<Row> data, String vectorColumn, String idColumn) {
        Objects.requireNonNull(data, "data");
        StructType schema = data.schema();
        checkVectorColumn(schema, vectorColumn);
        requireColumn(schema, idColumn);
        DataType t = schema.apply(idColumn).dataType();
        String type = t.typeName();
        if (!(type.equals("long") || type.equals("integer") || type.equals("short") || type.equals("byte"))) {
            throw new IllegalArgumentException("id column '" + idColumn + "' is " + t.simpleString()
                    + "; it must be an integer type (long, int, short or byte)");
        }
        JavaRDD<Tuple2<Long, Vector>> r = data.select(idColumn, vectorColumn).javaRDD().map(row -> {
            if (row.isNullAt(0)) {
                throw new IllegalArgumentException("a row has a null id in column '" + idColumn + "'");
            }
            long id = ((Number) row.get(0)).longValue();
            return new Tuple2<>(id, vectorAt(row, 1, id, vectorColumn));
        });
        return new SparkRows(r, "Dataset column '" + vectorColumn + "', ids '" + idColumn + "'");
    }

    /**
     * Rows of a Dataset's vector column; a row's id is its 0-based position in the Dataset's order
     * ({@code zipWithIndex}: one extra pass to count the partitions' rows). Use
     * {@link #of(Dataset, String, String)} when the rows have ids of their own.
     */
    public static SparkRows of(Dataset<Row> data, String vectorColumn) {
        Objects.requireNonNull(data, "data");
        checkVectorColumn(data.schema(), vectorColumn);
        JavaRDD<Tuple2<Long, Vector>> r = data.select(vectorColumn).javaRDD().zipWithIndex()
                .map(t -> new Tuple2<>(t._2(), vectorAt(t._1(), 0, t._2(), vectorColumn)));
        return new SparkRows(r, "Dataset column '" + vectorColumn + "', ids = positions");
    }

    /** MLlib vectors; a row's id is its 0-based position ({@code zipWithIndex}). */
    public static SparkRows of(JavaRDD<org.apache.spark.mllib.linalg.Vector> vectors) {
        Objects.requireNonNull(vectors, "vectors");
        JavaRDD<Tuple2<Long, Vector>> r = vectors.zipWithIndex().map(t -> {
            if (t._1() == null) {
                throw new IllegalArgumentException("row " + t._2() + " is null");
            }
            return new Tuple2<>(t._2(), t._1().asML());
        });
        return new SparkRows(r, "JavaRDD of vectors, ids = positions");
    }

    /** The rows of a RowMatrix; a row's id is its 0-based position ({@code zipWithIndex}). */
    public static SparkRows of(RowMatrix matrix) {
        Objects.requireNonNull(matrix, "matrix");
        return of(matrix.rows().toJavaRDD());
    }

    /** The rows of an IndexedRowMatrix; a row's id is its index. */
    public static SparkRows of(IndexedRowMatrix matrix) {
        Objects.requireNonNull(matrix, "matrix");
        JavaRDD<Tuple2<Long, Vector>> r = matrix.rows().toJavaRDD().map(row -> {
            if (row.vector() == null) {
                throw new IllegalArgumentException("row id " + row.index() + " is null");
            }
            return new Tuple2<>(row.index(), row.vector().asML());
        });
        return new SparkRows(r, "IndexedRowMatrix");
    }

    /** The Spark context the rows live in. */
    public JavaSparkContext context() {
        return JavaSparkContext.fromSparkContext(rows.context());
    }

    /** Partitions of the input (empty ones included). */
    public int partitions() {
        return rows.getNumPartitions();
    }

    /** Where the rows come from, for plans and messages. */
    public String source() {
        return source;
    }

    JavaRDD<Tuple2<Long, Vector>> rdd() {
        return rows;
    }

    private static Vector vectorAt(Row row, int i, long id, String column) {
        if (row.isNullAt(i)) {
            throw new IllegalArgumentException("row id " + id + " has a null vector in column '" + column + "'");
        }
        return (Vector) row.get(i);
    }

    private static void requireColumn(StructType schema, String column) {
        Objects.requireNonNull(column, "column");
        if (!Arrays.asList(schema.fieldNames()).contains(column)) {
            throw new IllegalArgumentException("no column '" + column + "'; the Dataset has " + Arrays.toString(schema.fieldNames()));
        }
    }

    private static void checkVectorColumn(StructType schema, String column) {
        requireColumn(schema, column);
        DataType t = schema.apply(column).dataType();
        if (!t.equals(SQLDataTypes.VectorType())) {
            throw new IllegalArgumentException("column '" + column + "' is " + t.simpleString()
                    + "; it must hold spark.ml vectors (org.apache.spark.ml.linalg.Vector; VectorAssembler makes them)");
        }
    }
}
