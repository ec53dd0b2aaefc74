package org.decomp4j.spark;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
 * <p>Cost per matrix: the decomposition, plus its entries read once from Spark's own row format
 * and its factors written once into it; a task streams its partition (one matrix in memory at a
 * time) and boxes nothing. On 2 cores a Dataset of 16×16 SVDs runs at about 0.8× the throughput
 * of the in-process {@link org.decomp4j.batch.BatchRunner} (benchmarks/results/spark.md).
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
     * action runs; same partitions as the input, every input column kept, failed rows included).
     *
     * @throws IllegalArgumentException if the column is missing, is not {@code array<array<double>>}
     *     or {@code binary}, the input already has a {@value #FACTORS} or {@value #ERROR} column, or
     *     the session is not a classic one (Spark Connect: the tasks must run decomp4j in the
     *     session's JVMs)
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
        return CatalystRows.appendFactors(data, index, npy, out, () -> new KernelTask(kind));
    }

    /**
     * A task's decompositions: the one-thread lease, one kernel (the batch runner's per-worker
     * workspaces) and one native input matrix reused while the shape holds.
     */
    private static final class KernelTask implements CatalystRows.RowTask {
        private final BlasThreadLease lease;
        private final BatchKernel kernel;
        private Matrix input;

        KernelTask(Kind kind) {
            lease = BlasThreadLease.acquire();
            try {
                kernel = kind.decomposition().newKernel();
            } catch (RuntimeException e) {
                lease.close();
                throw e;
            }
        }

        @Override
        public List<Factor> apply(CatalystRows.MatrixCell cell) throws IOException {
            if (cell.binary()) {
                try (Matrix m = Npy.read(cell.bytes(), "the .npy bytes")) {
                    return kernel.apply(m);
                }
            }
            int m = cell.rows();
            int n = cell.cols();
            if (input == null || input.rows() != m || input.cols() != n) {
                if (input != null) {
                    input.close();
                    input = null;
                }
                input = Matrix.zeros(m, n);
            }
            double[] a = cell.columnMajor();
            for (int j = 0; j < n; j++) {
                input.setColumn(j, 0, a, j * m, m);
            }
            return kernel.apply(input);
        }

        @Override
        public void close() {
            try {
                if (input != null) {
                    input.close();
                }
                kernel.close();
            } finally {
                lease.close();
            }
        }
    }
}
