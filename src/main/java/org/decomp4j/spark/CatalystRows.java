package org.decomp4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import org.apache.spark.TaskContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.TaskCompletionListener;
import org.decomp4j.batch.Factor;

/**
 * Spark's internal row API (Catalyst), used by {@link SparkBatch} and nothing else: matrices are
 * read straight from Spark's own rows ({@code UnsafeArrayData}, one primitive read per entry) and
 * factors written as Spark's own primitive arrays, instead of going through the {@code Row}
 * encoder, which boxes every double on the way in and again on the way out (with the garbage
 * collection that follows, that was about 70 % of the time of a batch of 16×16 SVDs).
 *
 * <p>Checked against Spark 4.0.1 (Scala 2.13). These are not public API and change between
 * releases: {@code QueryExecution.toRdd}, {@code classic.SparkSession.internalCreateDataFrame}
 * ({@code private[sql]} in Scala, public in the bytecode), {@code InternalRow}, {@code ArrayData},
 * {@code UnsafeArrayData.fromPrimitiveArray}, {@code ArrayBasedMapData}, {@code GenericArrayData},
 * {@code GenericInternalRow}, {@code JoinedRow} and {@code UTF8String}. {@code SparkBatchTest}
 * fails first when one of them moves.
 */
final class CatalystRows {
    private CatalystRows() {
    }

    /** Per-task work of {@link #appendFactors}: made at a task's first row, closed after its last. */
    interface RowTask extends AutoCloseable {
        /**
         * The factors of one row's matrix.
         *
         * @throws RuntimeException or IOException: the row's error, the task goes on
         */
        List<Factor> apply(MatrixCell cell) throws IOException;

        @Override
        void close();
    }

    /** Makes each task's {@link RowTask}; sent to the executors. */
    interface RowTaskFactory extends Serializable {
        RowTask open();
    }

    /**
     * {@code data} with two columns appended, a {@code map<string, struct<rows, cols, data>>} of
     * factors and a string error (the last two fields of {@code out}), computed per partition as
     * the task reads its rows (a partition is never held whole). A matrix that cannot be read or
     * decomposed has null factors and its error ("SimpleClassName: message").
     *
     * @param ordinal the matrix column: {@code array<array<double>>}, or {@code binary} when {@code binary}
     * @throws IllegalArgumentException if the session is not a classic (in-JVM) one, e.g. Spark Connect
     */
    static Dataset<Row> appendFactors(Dataset<Row> data, int ordinal, boolean binary, StructType out, RowTaskFactory tasks) {
        if (!(data.sparkSession() instanceof org.apache.spark.sql.classic.SparkSession session)) {
            throw new IllegalArgumentException("SparkBatch runs its tasks in the session's JVMs: it needs a classic"
                    + " SparkSession, not " + data.sparkSession().getClass().getName() + " (Spark Connect)");
        }
        RDD<InternalRow> rows = data.queryExecution().toRdd().toJavaRDD()
                .mapPartitions(it -> new Appender(it, ordinal, binary, tasks), true).rdd();
        // RDDScanExec copies each row into an UnsafeRow as it reads it: the rows may share the input's memory
        return session.internalCreateDataFrame(rows, out, false);
    }

    /**
     * One partition's rows with their factors appended. The input rows may be reused by the
     * iterator that gives them, so each is read and appended before the next is taken.
     */
    private static final class Appender implements Iterator<InternalRow> {
        private final Iterator<InternalRow> in;
        private final int ordinal;
        private final MatrixCell cell;
        private final RowTaskFactory tasks;
        private RowTask task;
        private boolean closed;

        Appender(Iterator<InternalRow> in, int ordinal, boolean binary, RowTaskFactory tasks) {
            this.in = in;
            this.ordinal = ordinal;
            this.cell = new MatrixCell(binary);
            this.tasks = tasks;
        }

        @Override
        public boolean hasNext() {
            boolean more = in.hasNext();
            if (!more) {
                close();
            }
            return more;
        }

        @Override
        public InternalRow next() {
            InternalRow row = in.next();
            if (task == null) {
                if (closed) {
                    throw new IllegalStateException("the partition's task is already closed");
                }
                task = tasks.open();
                TaskContext context = TaskContext.get();
                if (context != null) { // a task that ends before its last row (limit, failure) still closes
                    context.addTaskCompletionListener((TaskCompletionListener) c -> close());
                }
            }
            List<Factor> factors;
            String error = null;
            try {
                cell.read(row, ordinal);
                factors = task.apply(cell);
            } catch (RuntimeException | IOException e) {
                factors = null;
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            return append(row, factors, error);
        }

        private void close() {
            if (!closed) {
                closed = true;
                if (task != null) {
                    task.close();
                }
            }
        }
    }

    /** The input row, then the factors (or null) and the error (or null); shares the input row. */
    private static InternalRow append(InternalRow row, List<Factor> factors, String error) {
        ArrayBasedMapData map = null;
        if (factors != null) {
            Object[] names = new Object[factors.size()];
            Object[] values = new Object[factors.size()];
            for (int i = 0; i < names.length; i++) {
                Factor f = factors.get(i);
                names[i] = UTF8String.fromString(f.name());
                values[i] = new GenericInternalRow(new Object[] {f.rows(), f.cols(), UnsafeArrayData.fromPrimitiveArray(f.data())});
            }
            map = new ArrayBasedMapData(new GenericArrayData(names), new GenericArrayData(values));
        }
        return new JoinedRow(row, new GenericInternalRow(new Object[] {map, error == null ? null : UTF8String.fromString(error)}));
    }

    /**
     * One row's matrix as read from Spark: an {@code array<array<double>>} (row by row) copied into
     * a column-major array that is reused from row to row while the shape holds, or the bytes of a
     * {@code binary} column. Used by one task thread.
     */
    static final class MatrixCell {
        private final boolean binary;
        private int rows;
        private int cols;
        private double[] data = new double[0];
        private byte[] bytes;

        MatrixCell(boolean binary) {
            this.binary = binary;
        }

        /** Whether the column is {@code binary} ({@link #bytes()}) rather than an array ({@link #columnMajor()}). */
        boolean binary() {
            return binary;
        }

        /** The binary column's bytes (a copy). */
        byte[] bytes() {
            return bytes;
        }

        /** Rows of the last matrix read. */
        int rows() {
            return rows;
        }

        /** Columns of the last matrix read. */
        int cols() {
            return cols;
        }

        /** The last matrix read, column-major, in its first {@code rows·cols} entries; reused by the next read. */
        double[] columnMajor() {
            return data;
        }

        /**
         * Reads the matrix at {@code ordinal}; the array's checks (no rows, a null row or entry, rows
         * of different lengths) come here, the bytes' when they are parsed.
         *
         * @throws IllegalArgumentException naming what is wrong: a null matrix, no rows, a null row or
         *     entry, rows of different lengths, more than 2³¹ − 1 entries
         */
        void read(InternalRow row, int ordinal) {
            if (row.isNullAt(ordinal)) {
                throw new IllegalArgumentException("the matrix is null");
            }
            if (binary) {
                bytes = row.getBinary(ordinal);
                return;
            }
            ArrayData outer = row.getArray(ordinal);
            int m = outer.numElements();
            if (m == 0) {
                throw new IllegalArgumentException("the matrix has no rows");
            }
            int n = -1;
            for (int i = 0; i < m; i++) {
                if (outer.isNullAt(i)) {
                    throw new IllegalArgumentException("row " + i + " of the matrix is null");
                }
                ArrayData r = outer.getArray(i);
                int len = r.numElements();
                if (i == 0) {
                    n = len;
                    if ((long) m * n > Integer.MAX_VALUE) {
                        throw new IllegalArgumentException(String.format(Locale.ROOT, "the matrix is %d×%d: more than"
                                + " 2³¹ − 1 entries, past LAPACK's 32-bit sizes", m, n));
                    }
                    if (data.length < m * n) {
                        data = new double[m * n];
                    }
                } else if (len != n) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT, "row %d of the matrix has %d entries,"
                            + " row 0 has %d", i, len, n));
                }
                for (int j = 0; j < n; j++) {
                    if (r.isNullAt(j)) {
                        throw new IllegalArgumentException("entry (" + i + ", " + j + ") of the matrix is null");
                    }
                    data[j * m + i] = r.getDouble(j);
                }
            }
            rows = m;
            cols = n;
        }
    }
}
