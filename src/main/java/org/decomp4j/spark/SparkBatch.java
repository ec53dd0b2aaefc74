package org.decomp4j.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.decomp4j.Matrix;
import org.decomp4j.batch.BatchKernel;
import org.decomp4j.batch.Decomposition;
import org.decomp4j.batch.Decompositions;
import org.decomp4j.batch.Factor;
import org.decomp4j.engine.BlasThreadLease;
import org.decomp4j.io.Npy;

/**
 * Many small decompositions on Spark: each row of a Dataset holds one matrix (a column of type
 * {@code array<array<double>>}, row by row, or a {@code binary} column holding the content of one
 * {@code .npy} file per row: float64, float32 or integers, C or Fortran order), and each task
 * decomposes its partition's matrices
 * with one {@link BatchKernel} (the batch runner's per-worker workspaces, reused across the
 * partition) at one OpenBLAS thread: Spark's tasks are the parallelism.
 *
 * <p>The result is the input with two columns added: {@value #FACTORS}, a map from factor name
 * ({@code U}, {@code S}, {@code Vt}; {@code P}, {@code L}, {@code U}, {@code piv}; {@code Q},
 * {@code R}; {@code L}, as {@link Decompositions}) to a struct {@code (rows, cols, data)} with
 * {@code data} column-major; and {@value #ERROR}, null on success, else the failure
 * ("NonFiniteInputException: …", a ragged or null matrix, bytes that are not a valid
 * {@code .npy} array ("MatrixFormatException: …"), not positive definite). A failed matrix
 * has null factors; the others go on: failures are data, not a failed job.
 */
public final class SparkBatch {
    /** The column of factors added to the input. */
    public static final String FACTORS = "factors";
    /** The column of per-row failures added to the input. */
    public static final String ERROR = "error";

    /** What to compute for each matrix (the {@link Decompositions} of the same name). */
    public enum Kind {
        /** Thin SVD: U, S, Vt. */
        SVD,
        /** Economy QR: Q, R. */
        QR,
        /** LU with partial pivoting: P, L, U, piv. */
        LU,
        /** Cholesky: L. */
        CHOLESKY;

        Decomposition decomposition() {
            return switch (this) {
                case SVD -> Decompositions.svd();
                case QR -> Decompositions.qr();
                case LU -> Decompositions.lu();
                case CHOLESKY -> Decompositions.cholesky();
            };
        }
    }

    private SparkBatch() {
    }

    /**
     * Decomposes the matrix in {@code column} of every row (lazy: a new Dataset, computed when an
     * action runs; same partitions as the input).
     *
     * @throws IllegalArgumentException if the column is missing, is not {@code array<array<double>>},
     *     or the input already has a {@value #FACTORS} or {@value #ERROR} column
     */
    public static Dataset<Row> decompose(Dataset<Row> data, String column, Kind kind) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(kind, "kind");
        StructType schema = data.schema();
        List<String> names = Arrays.asList(schema.fieldNames());
        if (!names.contains(column)) {
            throw new IllegalArgumentException("no column '" + column + "'; the Dataset has " + names);
        }
        DataType matrixType = DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType));
        DataType t = schema.apply(column).dataType();
        boolean npy = t.equals(DataTypes.BinaryType);
        if (!npy && !(t instanceof ArrayType outer && outer.elementType() instanceof ArrayType inner
                && inner.elementType().equals(DataTypes.DoubleType))) {
            throw new IllegalArgumentException("column '" + column + "' is " + t.simpleString() + "; it must be "
                    + matrixType.simpleString() + " (one matrix per row, row by row) or binary (the content of"
                    + " one .npy file per row)");
        }
        for (String c : List.of(FACTORS, ERROR)) {
            if (names.contains(c)) {
                throw new IllegalArgumentException("the input already has a column '" + c + "'; rename it first");
            }
        }
        StructType factor = new StructType()
                .add("rows", DataTypes.IntegerType, false)
                .add("cols", DataTypes.IntegerType, false)
                .add("data", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
        StructType out = schema.add(FACTORS, DataTypes.createMapType(DataTypes.StringType, factor, false), true)
                .add(ERROR, DataTypes.StringType, true);
        int index = schema.fieldIndex(column);
        JavaRDD<Row> rows = data.javaRDD().mapPartitions(it -> decomposePartition(it, index, kind, npy), true);
        return SparkSession.active().createDataFrame(rows, out);
    }

    private static Iterator<Row> decomposePartition(Iterator<Row> it, int index, Kind kind, boolean npy) {
        List<Row> out = new ArrayList<>();
        if (!it.hasNext()) {
            return out.iterator();
        }
        try (BlasThreadLease lease = BlasThreadLease.acquire();
             BatchKernel kernel = kind.decomposition().newKernel()) {
            while (it.hasNext()) {
                Row row = it.next();
                Map<String, Row> factors = null;
                String error = null;
                try {
                    try (Matrix m = npy ? npyMatrix(row, index) : Matrix.of(matrix(row, index))) {
                        factors = new LinkedHashMap<>();
                        for (Factor f : kernel.apply(m)) {
                            factors.put(f.name(), RowFactory.create(f.rows(), f.cols(), f.data()));
                        }
                    }
                } catch (RuntimeException | IOException e) {
                    factors = null;
                    error = e.getClass().getSimpleName() + ": " + e.getMessage();
                }
                Object[] values = new Object[row.size() + 2];
                for (int i = 0; i < row.size(); i++) {
                    values[i] = row.get(i);
                }
                values[row.size()] = factors == null ? null : scala.jdk.javaapi.CollectionConverters.asScala(factors);
                values[row.size() + 1] = error;
                out.add(RowFactory.create(values));
            }
        }
        return out.iterator();
    }

    /** A row's {@code .npy} bytes as a matrix (float64 or float32 as stored; integers as float64). */
    private static Matrix npyMatrix(Row row, int index) throws IOException {
        if (row.isNullAt(index)) {
            throw new IllegalArgumentException("the matrix is null");
        }
        return Npy.read((byte[]) row.get(index), "the .npy bytes");
    }

    private static double[][] matrix(Row row, int index) {
        if (row.isNullAt(index)) {
            throw new IllegalArgumentException("the matrix is null");
        }
        List<Object> rows = row.getList(index);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("the matrix has no rows");
        }
        double[][] a = new double[rows.size()][];
        for (int i = 0; i < a.length; i++) {
            Object r = rows.get(i);
            if (r == null) {
                throw new IllegalArgumentException("row " + i + " of the matrix is null");
            }
            List<Object> cells = scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Seq<Object>) r);
            a[i] = new double[cells.size()];
            if (a[i].length != a[0].length) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "row %d of the matrix has %d entries,"
                        + " row 0 has %d", i, a[i].length, a[0].length));
            }
            for (int j = 0; j < a[i].length; j++) {
                Object x = cells.get(j);
                if (x == null) {
                    throw new IllegalArgumentException("entry (" + i + ", " + j + ") of the matrix is null");
                }
                a[i][j] = (Double) x;
            }
        }
        return a;
    }
}
