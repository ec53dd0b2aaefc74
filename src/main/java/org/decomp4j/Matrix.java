package org.decomp4j;

import java.util.Locale;
import java.util.SplittableRandom;

import org.decomp4j.engine.Storage;
import org.decomp4j.lapack.Blas;
import org.decomp4j.lapack.Block;
import org.decomp4j.lapack.NativeBuffer;

/**
 * A dense matrix stored off-heap in column-major order, in {@link DType#F64} or
 * {@link DType#F32}.
 *
 * <p>Element {@code (i, j)} of a matrix owning its storage lives at {@code i + j·rows}; indices are
 * computed in {@code long}, so one matrix may hold more than 2<sup>31</sup> elements (each
 * dimension is an {@code int}, as LAPACK requires). A matrix built by a factory owns its native
 * buffer; {@link #view}, {@link #transpose()} and {@link #readOnly()} return views that share it.
 *
 * <p><b>Lifetime.</b> Call {@link #close()} (or use try-with-resources) to free the memory at once.
 * A forgotten matrix is freed by a cleaner after it becomes unreachable, but the garbage collector
 * does not see native memory and may run late: do not rely on it in loops. Closing the owner
 * invalidates its views; closing a view frees nothing. Using a closed matrix throws
 * {@link IllegalStateException}.
 *
 * <p><b>Threads.</b> Concurrent reads are safe. Concurrent writes need external synchronisation
 * (the answer is undefined, the process safe). {@code close()} may come from any thread at any
 * time: a copy, product or decomposition already reading the storage finishes on it, the memory
 * is freed when that call ends, and calls after the close fail with
 * {@link IllegalStateException}.
 */
public final class Matrix implements AutoCloseable {
    /** Below this many elements the finiteness scan runs in Java: a BLAS call costs more. */
    private static final long JAVA_SCAN_MAX = 1024;

    private final NativeBuffer buffer;
    private final long offset;
    private final int rows;
    private final int cols;
    private final int ld;
    private final boolean transposed;
    private final boolean readOnly;
    private final boolean owner;
    private final DType dtype;
    private boolean closed;

    static {
        // the engine and decomp4j's other layers reach a matrix's storage through this grant only
        Storage.grant(new Storage.Access() {
            @Override
            public Block stored(Matrix m) {
                return m.stored();
            }

            @Override
            public boolean isTransposed(Matrix m) {
                return m.transposed;
            }

            @Override
            public Matrix own(Block b) {
                return Matrix.own(b);
            }

            @Override
            public Block denseCopy(Matrix m, DType t) {
                return m.denseCopy(t);
            }

            @Override
            public void copyInto(Matrix m, Block dst) {
                m.copyInto(dst);
            }
        });
    }

    private Matrix(NativeBuffer buffer, DType dtype, long offset, int rows, int cols, int ld, boolean transposed,
                   boolean readOnly, boolean owner) {
        this.buffer = buffer;
        this.dtype = dtype;
        this.offset = offset;
        this.rows = rows;
        this.cols = cols;
        this.ld = ld;
        this.transposed = transposed;
        this.readOnly = readOnly;
        this.owner = owner;
    }

    /** Takes ownership of a dense block (package use: results). */
    static Matrix own(Block b) {
        return new Matrix(b.buffer(), b.dtype(), b.offset(), b.rows(), b.cols(), b.ld(), false, false, true);
    }

    private static void checkShape(long rows, long cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative matrix shape " + rows + "×" + cols);
        }
        if (rows > Integer.MAX_VALUE || cols > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(String.format(
                    "%d×%d: each dimension must fit a 32-bit integer (at most %d), as LAPACK requires",
                    rows, cols, Integer.MAX_VALUE));
        }
    }

    // ---------------------------------------------------------------- factories

    /** Uninitialised {@code rows × cols} matrix (contents undefined). */
    static Matrix uninitialized(int rows, int cols, DType dtype) {
        checkShape(rows, cols);
        return own(Block.allocate(dtype, rows, cols));
    }

    /**
     * A {@code rows × cols} F64 matrix of zeros.
     *
     * @param rows m, ≥ 0
     * @param cols n, ≥ 0
     * @return a new owning matrix: close it
     */
    public static Matrix zeros(int rows, int cols) {
        return zeros(rows, cols, DType.F64);
    }

    /**
     * A {@code rows × cols} matrix of zeros of the given dtype.
     *
     * @param rows m, ≥ 0
     * @param cols n, ≥ 0
     * @param dtype F64 or F32
     * @return a new owning matrix: close it
     */
    public static Matrix zeros(int rows, int cols, DType dtype) {
        checkShape(rows, cols);
        return own(Block.zeros(dtype, rows, cols));
    }

    /**
     * The F64 identity of order {@code n}.
     *
     * @param n the order, ≥ 0
     * @return a new owning n×n matrix: close it
     */
    public static Matrix identity(int n) {
        return identity(n, DType.F64);
    }

    /**
     * The identity of order {@code n} and the given dtype.
     *
     * @param n the order, ≥ 0
     * @param dtype F64 or F32
     * @return a new owning n×n matrix: close it
     */
    public static Matrix identity(int n, DType dtype) {
        Matrix m = zeros(n, n, dtype);
        for (int i = 0; i < n; i++) {
            m.set(i, i, 1.0);
        }
        return m;
    }

    /**
     * A square F64 matrix with {@code d} on its diagonal.
     *
     * @param d the diagonal entries; its length is the order
     * @return a new owning matrix: close it
     */
    public static Matrix diagonal(double... d) {
        Matrix m = zeros(d.length, d.length);
        for (int i = 0; i < d.length; i++) {
            m.set(i, i, d[i]);
        }
        return m;
    }

    /**
     * An F64 matrix copied from {@code rows[i][j]}.
     *
     * @param rows the entries, row by row; not kept
     * @return a new owning {@code rows.length × rows[0].length} matrix: close it
     * @throws IllegalArgumentException if the rows differ in length (the message names the row)
     */
    public static Matrix of(double[][] rows) {
        return of(rows, DType.F64);
    }

    /**
     * A matrix of the given dtype copied from {@code rows[i][j]} (rounded for F32).
     *
     * @param rows the entries, row by row; not kept
     * @param dtype F64 or F32
     * @return a new owning {@code rows.length × rows[0].length} matrix: close it
     * @throws IllegalArgumentException if the rows differ in length (the message names the row)
     */
    public static Matrix of(double[][] rows, DType dtype) {
        int m = rows.length;
        int n = m == 0 ? 0 : rows[0].length;
        for (int i = 0; i < m; i++) {
            if (rows[i] == null || rows[i].length != n) {
                throw new IllegalArgumentException(String.format(
                        "ragged input: row 0 has %d columns, row %d has %s", n, i,
                        rows[i] == null ? "none (null)" : String.valueOf(rows[i].length)));
            }
        }
        Matrix a = uninitialized(m, n, dtype);
        double[] col = new double[m];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                col[i] = rows[i][j];
            }
            a.buffer.write(a.offset + (long) j * a.ld, col, 0, m);
        }
        return a;
    }

    /**
     * An F64 matrix from row-major data: element {@code (i, j)} is {@code data[i·cols + j]}.
     *
     * @param rows m, ≥ 0
     * @param cols n, ≥ 0
     * @param data m·n entries, row-major; copied, not kept
     * @return a new owning matrix: close it
     * @throws IllegalArgumentException if {@code data.length ≠ rows·cols}
     */
    public static Matrix fromRowMajor(int rows, int cols, double[] data) {
        checkLength(rows, cols, data.length);
        Matrix a = uninitialized(rows, cols, DType.F64);
        double[] col = new double[rows];
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                col[i] = data[i * cols + j];
            }
            a.buffer.write((long) j * rows, col, 0, rows);
        }
        return a;
    }

    /**
     * An F32 matrix from row-major data: element {@code (i, j)} is {@code data[i·cols + j]}.
     *
     * @param rows m, ≥ 0
     * @param cols n, ≥ 0
     * @param data m·n entries, row-major; copied, not kept
     * @return a new owning matrix: close it
     * @throws IllegalArgumentException if {@code data.length ≠ rows·cols}
     */
    public static Matrix fromRowMajor(int rows, int cols, float[] data) {
        checkLength(rows, cols, data.length);
        Matrix a = uninitialized(rows, cols, DType.F32);
        float[] col = new float[rows];
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                col[i] = data[i * cols + j];
            }
            a.buffer.write((long) j * rows, col, 0, rows);
        }
        return a;
    }

    /**
     * An F64 matrix from column-major data: element {@code (i, j)} is {@code data[i + j·rows]}.
     *
     * @param rows m, ≥ 0
     * @param cols n, ≥ 0
     * @param data m·n entries, column-major; copied, not kept
     * @return a new owning matrix: close it
     * @throws IllegalArgumentException if {@code data.length ≠ rows·cols}
     */
    public static Matrix fromColumnMajor(int rows, int cols, double[] data) {
        checkLength(rows, cols, data.length);
        Matrix a = uninitialized(rows, cols, DType.F64);
        a.buffer.write(0, data, 0, data.length);
        return a;
    }

    /**
     * An F32 matrix from column-major data: element {@code (i, j)} is {@code data[i + j·rows]}.
     *
     * @param rows m, ≥ 0
     * @param cols n, ≥ 0
     * @param data m·n entries, column-major; copied, not kept
     * @return a new owning matrix: close it
     * @throws IllegalArgumentException if {@code data.length ≠ rows·cols}
     */
    public static Matrix fromColumnMajor(int rows, int cols, float[] data) {
        checkLength(rows, cols, data.length);
        Matrix a = uninitialized(rows, cols, DType.F32);
        a.buffer.write(0, data, 0, data.length);
        return a;
    }

    private static void checkLength(int rows, int cols, int length) {
        checkShape(rows, cols);
        if ((long) rows * cols != length) {
            throw new IllegalArgumentException(String.format(
                    "%d×%d matrix needs %d elements, the array has %d", rows, cols, (long) rows * cols, length));
        }
    }

    /**
     * A seeded F64 matrix of independent uniform [0, 1) entries, filled in column-major order from
     * {@link SplittableRandom}: the same seed gives the same matrix on every run and platform.
     *
     * @param rows m, ≥ 0
     * @param cols n, ≥ 0
     * @param seed the {@link SplittableRandom} seed
     * @return a new owning matrix: close it
     */
    public static Matrix random(int rows, int cols, long seed) {
        return random(rows, cols, seed, DType.F64);
    }

    /**
     * As {@link #random(int, int, long)}, in the given dtype.
     *
     * @param rows m, ≥ 0
     * @param cols n, ≥ 0
     * @param seed the {@link SplittableRandom} seed
     * @param dtype F64 or F32
     * @return a new owning matrix: close it
     */
    public static Matrix random(int rows, int cols, long seed, DType dtype) {
        SplittableRandom rng = new SplittableRandom(seed);
        return fill(rows, cols, dtype, rng::nextDouble);
    }

    /**
     * A seeded matrix of independent standard normal entries (column-major fill, reproducible).
     *
     * @param rows m, ≥ 0
     * @param cols n, ≥ 0
     * @param seed the {@link SplittableRandom} seed
     * @param dtype F64 or F32
     * @return a new owning matrix: close it
     */
    public static Matrix randomNormal(int rows, int cols, long seed, DType dtype) {
        SplittableRandom rng = new SplittableRandom(seed);
        return fill(rows, cols, dtype, rng::nextGaussian);
    }

    private static Matrix fill(int rows, int cols, DType dtype, java.util.function.DoubleSupplier gen) {
        Matrix a = uninitialized(rows, cols, dtype);
        double[] col = new double[rows];
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                col[i] = gen.getAsDouble();
            }
            a.buffer.write((long) j * rows, col, 0, rows);
        }
        return a;
    }

    // ---------------------------------------------------------------- shape and access

    /**
     * Number of rows.
     *
     * @return m, ≥ 0
     */
    public int rows() {
        return rows;
    }

    /**
     * Number of columns.
     *
     * @return n, ≥ 0
     */
    public int cols() {
        return cols;
    }

    /**
     * Number of elements, {@code rows·cols}, as a long.
     *
     * @return {@code rows·cols}, ≥ 0
     */
    public long size() {
        return (long) rows * cols;
    }

    /**
     * Element type.
     *
     * @return F64 or F32
     */
    public DType dtype() {
        return dtype;
    }

    /**
     * True for views (sub-blocks, transposes, read-only views): closing one frees nothing.
     *
     * @return whether this matrix shares storage it does not own
     */
    public boolean isView() {
        return !owner;
    }

    /**
     * True if {@link #set} is refused (factors of a decomposition are read-only).
     *
     * @return whether writes are refused
     */
    public boolean isReadOnly() {
        return readOnly;
    }

    /**
     * True once closed, or once the matrix that owns the storage is closed.
     *
     * @return whether the storage is gone
     */
    public boolean isClosed() {
        return closed || buffer.isClosed();
    }

    private void checkOpen() {
        if (isClosed()) {
            throw new IllegalStateException("matrix " + rows + "×" + cols + " is closed"
                    + (owner ? "" : " (or the matrix it views was closed)"));
        }
    }

    private long index(int i, int j) {
        if (i < 0 || i >= rows || j < 0 || j >= cols) {
            throw new IndexOutOfBoundsException("(" + i + ", " + j + ") outside " + rows + "×" + cols);
        }
        return transposed ? offset + (long) i * ld + j : offset + (long) j * ld + i;
    }

    /**
     * Element {@code (i, j)} (F32 widened to double). Each call pins the storage against a
     * concurrent {@code close()} (two atomic operations, ~9 ns here): loops over many elements
     * should read whole columns ({@link #getColumn}) or arrays ({@link #toColumnMajorArray()}).
     *
     * @param i the row, in {@code [0, rows)}
     * @param j the column, in {@code [0, cols)}
     * @return the entry
     */
    public double get(int i, int j) {
        if (closed) {
            checkOpen();
        }
        return buffer.get(index(i, j));
    }

    /**
     * Sets element {@code (i, j)} (rounded in an F32 matrix).
     *
     * @param i the row, in {@code [0, rows)}
     * @param j the column, in {@code [0, cols)}
     * @param v the new value
     * @throws UnsupportedOperationException on a read-only matrix
     */
    public void set(int i, int j, double v) {
        if (readOnly || closed) {
            checkWritable();
        }
        buffer.set(index(i, j), v);
    }

    /**
     * The elements as a new {@code double[rows][cols]} (copies).
     *
     * @return a new {@code rows × cols} array
     */
    public double[][] toArray() {
        checkOpen();
        double[][] out = new double[rows][cols];
        double[] col = new double[rows];
        for (int j = 0; j < cols; j++) {
            readColumn(j, col);
            for (int i = 0; i < rows; i++) {
                out[i][j] = col[i];
            }
        }
        return out;
    }

    /**
     * The elements in column-major order as a new array (copies; needs {@code rows·cols < 2³¹}).
     *
     * @return a new array of {@code rows·cols} entries
     */
    public double[] toColumnMajorArray() {
        checkOpen();
        double[] out = new double[arrayLength()];
        if (!transposed && (ld == rows || cols == 1)) {
            buffer.read(offset, out, 0, out.length); // contiguous: one bulk copy
            return out;
        }
        for (int j = 0; j < cols; j++) {
            getColumn(j, 0, out, j * rows, rows);
        }
        return out;
    }

    /**
     * The elements in row-major order as a new array (copies; needs {@code rows·cols < 2³¹}).
     *
     * @return a new array of {@code rows·cols} entries
     */
    public double[] toRowMajorArray() {
        checkOpen();
        double[] out = new double[arrayLength()];
        double[] col = new double[rows];
        for (int j = 0; j < cols; j++) {
            readColumn(j, col);
            for (int i = 0; i < rows; i++) {
                out[i * cols + j] = col[i];
            }
        }
        return out;
    }

    /**
     * Column {@code j} as a new array (copies).
     *
     * @param j the column, in {@code [0, cols)}
     * @return a new array of {@code rows} entries
     * @throws IndexOutOfBoundsException if {@code j} is outside the matrix
     */
    public double[] column(int j) {
        checkOpen();
        if (j < 0 || j >= cols) {
            throw new IndexOutOfBoundsException("column " + j + " outside " + rows + "×" + cols);
        }
        double[] col = new double[rows];
        readColumn(j, col);
        return col;
    }

    private void checkSegment(int j, int fromRow, int len, int arrayLength, int off) {
        if (j < 0 || j >= cols || fromRow < 0 || len < 0 || fromRow > rows - len) {
            throw new IndexOutOfBoundsException(String.format(
                    "column %d rows [%d, %d) outside %d×%d", j, fromRow, (long) fromRow + len, rows, cols));
        }
        java.util.Objects.checkFromIndexSize(off, len, arrayLength);
    }

    /**
     * Copies {@code len} entries of column {@code j}, from row {@code fromRow}, into
     * {@code dst[off..]} (bulk: one native copy for a plain matrix).
     *
     * @param j the column, in {@code [0, cols)}
     * @param fromRow the first row read, ≥ 0
     * @param dst the destination array
     * @param off the first index of {@code dst} written
     * @param len entries to copy, with {@code fromRow + len ≤ rows}
     * @throws IndexOutOfBoundsException if the segment lies outside the matrix or {@code dst}
     */
    public void getColumn(int j, int fromRow, double[] dst, int off, int len) {
        checkOpen();
        checkSegment(j, fromRow, len, dst.length, off);
        if (!transposed) {
            buffer.read(offset + (long) j * ld + fromRow, dst, off, len);
        } else {
            for (int i = 0; i < len; i++) {
                dst[off + i] = buffer.get(offset + (long) (fromRow + i) * ld + j);
            }
        }
    }

    /**
     * As {@link #getColumn(int, int, double[], int, int)}, into a float array (F64 rounded).
     *
     * @param j the column, in {@code [0, cols)}
     * @param fromRow the first row read, ≥ 0
     * @param dst the destination array
     * @param off the first index of {@code dst} written
     * @param len entries to copy, with {@code fromRow + len ≤ rows}
     * @throws IndexOutOfBoundsException if the segment lies outside the matrix or {@code dst}
     */
    public void getColumn(int j, int fromRow, float[] dst, int off, int len) {
        checkOpen();
        checkSegment(j, fromRow, len, dst.length, off);
        if (!transposed) {
            buffer.read(offset + (long) j * ld + fromRow, dst, off, len);
        } else {
            for (int i = 0; i < len; i++) {
                dst[off + i] = (float) buffer.get(offset + (long) (fromRow + i) * ld + j);
            }
        }
    }

    /**
     * Writes {@code src[off..off+len)} into column {@code j} from row {@code fromRow} (bulk; rounded
     * in an F32 matrix).
     *
     * @param j the column, in {@code [0, cols)}
     * @param fromRow the first row written, ≥ 0
     * @param src the source array; not kept
     * @param off the first index of {@code src} read
     * @param len entries to copy, with {@code fromRow + len ≤ rows}
     * @throws UnsupportedOperationException on a read-only matrix
     * @throws IndexOutOfBoundsException if the segment lies outside the matrix or {@code src}
     */
    public void setColumn(int j, int fromRow, double[] src, int off, int len) {
        checkWritable();
        checkSegment(j, fromRow, len, src.length, off);
        if (!transposed) {
            buffer.write(offset + (long) j * ld + fromRow, src, off, len);
        } else {
            for (int i = 0; i < len; i++) {
                buffer.set(offset + (long) (fromRow + i) * ld + j, src[off + i]);
            }
        }
    }

    /**
     * As {@link #setColumn(int, int, double[], int, int)}, from a float array.
     *
     * @param j the column, in {@code [0, cols)}
     * @param fromRow the first row written, ≥ 0
     * @param src the source array; not kept
     * @param off the first index of {@code src} read
     * @param len entries to copy, with {@code fromRow + len ≤ rows}
     * @throws IndexOutOfBoundsException if the segment lies outside the matrix or {@code src}
     */
    public void setColumn(int j, int fromRow, float[] src, int off, int len) {
        checkWritable();
        checkSegment(j, fromRow, len, src.length, off);
        if (!transposed) {
            buffer.write(offset + (long) j * ld + fromRow, src, off, len);
        } else {
            for (int i = 0; i < len; i++) {
                buffer.set(offset + (long) (fromRow + i) * ld + j, src[off + i]);
            }
        }
    }

    private void checkWritable() {
        if (readOnly) {
            throw new UnsupportedOperationException("read-only matrix (a factor of a decomposition); copy() it first");
        }
        checkOpen();
    }

    private void readColumn(int j, double[] dst) {
        if (!transposed) {
            buffer.read(offset + (long) j * ld, dst, 0, rows);
        } else {
            for (int i = 0; i < rows; i++) {
                dst[i] = buffer.get(offset + (long) i * ld + j);
            }
        }
    }

    private int arrayLength() {
        long n = size();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(rows + "×" + cols + " has " + n + " elements, more than a Java array holds");
        }
        return (int) n;
    }

    // ---------------------------------------------------------------- views and copies

    /**
     * A read-write view of the {@code r × c} block starting at {@code (i, j)}; shares storage.
     *
     * @param i the first row, ≥ 0
     * @param j the first column, ≥ 0
     * @param r rows of the block, with {@code i + r ≤ rows}
     * @param c columns of the block, with {@code j + c ≤ cols}
     * @return an r×c view, read-only if this matrix is; closing it frees nothing
     * @throws IndexOutOfBoundsException if the block lies outside the matrix
     */
    public Matrix view(int i, int j, int r, int c) {
        checkOpen();
        if (i < 0 || j < 0 || r < 0 || c < 0 || i > rows - r || j > cols - c) {
            throw new IndexOutOfBoundsException(String.format(
                    "view (%d, %d) of %d×%d outside %d×%d", i, j, r, c, rows, cols));
        }
        long off = transposed ? offset + (long) i * ld + j : offset + (long) j * ld + i;
        return new Matrix(buffer, dtype, off, r, c, ld, transposed, readOnly, false);
    }

    /**
     * The transpose as a view sharing storage (no copy).
     *
     * @return a cols×rows view; closing it frees nothing
     */
    public Matrix transpose() {
        checkOpen();
        return new Matrix(buffer, dtype, offset, cols, rows, ld, !transposed, readOnly, false);
    }

    /**
     * A read-only view of this matrix.
     *
     * @return a view; closing it frees nothing
     */
    public Matrix readOnly() {
        checkOpen();
        return new Matrix(buffer, dtype, offset, rows, cols, ld, transposed, true, false);
    }

    /**
     * A new, owning, dense copy.
     *
     * @return a new owning matrix of this dtype: close it
     */
    public Matrix copy() {
        return copy(dtype);
    }

    /**
     * A new, owning, dense copy converted to {@code target} (F64→F32 rounds to nearest).
     *
     * @param target the dtype of the copy
     * @return a new owning matrix: close it
     */
    public Matrix copy(DType target) {
        return own(denseCopy(target));
    }

    /**
     * A new dense column-major block with this matrix's contents in dtype {@code target}; the
     * caller owns it. This is how inputs reach LAPACK, which overwrites what it is given.
     */
    Block denseCopy(DType target) {
        checkOpen();
        Block dst = Block.allocate(target, rows, cols);
        try {
            copyInto(dst);
        } catch (RuntimeException | Error e) {
            dst.buffer().close();
            throw e;
        }
        return dst;
    }

    /** Copies this matrix into {@code dst} (same shape; dtype converted). */
    void copyInto(Block dst) {
        checkOpen();
        if (transposed) {
            Blas.transpose(stored(), dst);
        } else {
            Blas.copy(stored(), dst);
        }
    }

    /** The storage as a block: the matrix itself, or its transpose for a transposed view. */
    Block stored() {
        checkOpen();
        return transposed ? new Block(buffer, offset, cols, rows, ld) : new Block(buffer, offset, rows, cols, ld);
    }

    /** True for a transposed view: {@link #stored()} then holds the transpose. */
    boolean isTransposed() {
        return transposed;
    }

    // ---------------------------------------------------------------- arithmetic and norms

    /**
     * The product {@code this · b} as a new matrix (BLAS {@code gemm}; transposed views are passed
     * as transpose flags, not copied). Cost: {@code 2·m·n·k} flops.
     *
     * @param b the k×n right factor, of this dtype; not modified
     * @return a new owning m×n matrix of this dtype: close it
     * @throws IllegalArgumentException if the inner dimensions or the dtypes differ
     */
    public Matrix multiply(Matrix b) {
        checkOpen();
        b.checkOpen();
        if (cols != b.rows) {
            throw new IllegalArgumentException(String.format(
                    "cannot multiply %d×%d by %d×%d: inner dimensions differ", rows, cols, b.rows, b.cols));
        }
        if (dtype != b.dtype) {
            throw new IllegalArgumentException("cannot multiply " + dtype + " by " + b.dtype + "; convert with copy(DType)");
        }
        Matrix c = zeros(rows, b.cols, dtype);
        Blas.gemm(transposed, b.transposed, 1.0, stored(), b.stored(), 0.0, c.stored());
        return c;
    }

    /**
     * {@code out ← α·this·b + β·out} in place (BLAS {@code gemm}), the allocation-free form of
     * {@link #multiply}: hot loops (power iterations, Krylov steps, batch workers) reuse {@code out}.
     * Transposed views of {@code this} and {@code b} are passed as flags; {@code out} must not be a
     * transposed or read-only view and must not share storage with the operands.
     *
     * @param b the k×n right factor, of this dtype; not modified
     * @param out the m×n result, overwritten
     * @param alpha the factor of the product
     * @param beta the factor of {@code out}'s old contents (0: they are not read)
     * @throws IllegalArgumentException if the shapes or dtypes do not match, {@code out} is a
     *     transposed or read-only view, or {@code out} shares an element with {@code this} or
     *     {@code b} (BLAS would read entries it has already overwritten)
     */
    public void multiplyInto(Matrix b, Matrix out, double alpha, double beta) {
        checkOpen();
        b.checkOpen();
        out.checkOpen();
        if (cols != b.rows || out.rows != rows || out.cols != b.cols) {
            throw new IllegalArgumentException(String.format(
                    "cannot multiply %d×%d by %d×%d into %d×%d", rows, cols, b.rows, b.cols, out.rows, out.cols));
        }
        if (dtype != b.dtype || dtype != out.dtype) {
            throw new IllegalArgumentException("cannot multiply " + dtype + " by " + b.dtype + " into " + out.dtype
                    + "; convert with copy(DType)");
        }
        if (out.transposed || out.readOnly) {
            throw new IllegalArgumentException("multiplyInto: the output must be a writable, untransposed matrix");
        }
        Blas.gemm(transposed, b.transposed, alpha, stored(), b.stored(), beta, out.stored());
    }

    /**
     * {@code this − b} as a new matrix of this dtype.
     *
     * @param b a matrix of the same shape; not modified
     * @return a new owning matrix: close it
     * @throws IllegalArgumentException if the shapes differ
     */
    public Matrix subtract(Matrix b) {
        checkOpen();
        b.checkOpen();
        if (rows != b.rows || cols != b.cols) {
            throw new IllegalArgumentException(String.format(
                    "cannot subtract %d×%d from %d×%d", b.rows, b.cols, rows, cols));
        }
        Matrix c = copy();
        double[] x = new double[rows];
        double[] y = new double[rows];
        for (int j = 0; j < cols; j++) {
            c.readColumn(j, x);
            b.readColumn(j, y);
            for (int i = 0; i < rows; i++) {
                x[i] -= y[i];
            }
            c.buffer.write((long) j * c.ld, x, 0, rows);
        }
        return c;
    }

    /**
     * Frobenius norm {@code sqrt(Σ a_ij²)}, computed without overflow (LAPACK {@code lange}).
     *
     * @return the norm, ≥ 0
     */
    public double normFrobenius() {
        return Blas.lange('F', stored());
    }

    /**
     * Largest absolute entry (NaN if any entry is NaN).
     *
     * @return the norm, ≥ 0, or NaN
     */
    public double normMax() {
        return Blas.lange('M', stored());
    }

    /**
     * 1-norm: the largest absolute column sum.
     *
     * @return the norm, ≥ 0
     */
    public double norm1() {
        return Blas.lange(transposed ? 'I' : '1', stored());
    }

    /**
     * Throws if any entry is NaN or infinite.
     *
     * @param what name of this input in the message, e.g. {@code "A"}
     * @throws NonFiniteInputException with the 0-based row and column of the first bad entry,
     *     scanning columns in order (rows in order for a transposed view)
     */
    public void requireFinite(String what) {
        checkOpen();
        Block s = stored();
        if (s.rows() == 0 || s.cols() == 0) {
            return;
        }
        if (s.size() > JAVA_SCAN_MAX) {
            // a finite Σ|a_ij| proves every entry finite; only a non-finite sum (or an overflowing
            // one) needs the exact scan below, which locates the entry
            double sum = 0;
            if (s.contiguous()) {
                sum = Blas.asum(buffer, s.offset(), s.size(), 1);
            } else {
                for (int j = 0; j < s.cols() && Double.isFinite(sum); j++) {
                    sum += Blas.asum(buffer, s.index(0, j), s.rows(), 1);
                }
            }
            if (Double.isFinite(sum)) {
                return;
            }
        }
        long bad = -1;
        int si = 0;
        int sj = 0;
        if (s.contiguous()) {
            bad = buffer.firstNonFinite(s.offset(), s.size());
            if (bad >= 0) {
                long rel = bad - s.offset();
                si = (int) (rel % s.rows());
                sj = (int) (rel / s.rows());
            }
        } else {
            for (int j = 0; j < s.cols() && bad < 0; j++) {
                bad = buffer.firstNonFinite(s.index(0, j), s.rows());
                if (bad >= 0) {
                    si = (int) (bad - s.index(0, j));
                    sj = j;
                }
            }
        }
        if (bad >= 0) {
            int row = transposed ? sj : si;
            int col = transposed ? si : sj;
            throw new NonFiniteInputException(what, row, col, buffer.get(bad), rows, cols);
        }
    }

    /** Frees the storage if this matrix owns it; marks a view closed. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (owner) {
                buffer.close();
            }
        }
    }

    /** Shape, dtype and (for small matrices) the entries. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("Matrix ").append(rows).append('×').append(cols).append(' ').append(dtype);
        if (isClosed()) {
            return sb.append(" (closed)").toString();
        }
        int show = 6;
        for (int i = 0; i < Math.min(rows, show); i++) {
            sb.append(i == 0 ? "\n[" : "\n ");
            for (int j = 0; j < Math.min(cols, show); j++) {
                sb.append(String.format(Locale.ROOT, "%12.5g", get(i, j)));
            }
            if (cols > show) {
                sb.append("  …");
            }
        }
        if (rows > show) {
            sb.append("\n  …");
        }
        if (rows > 0) {
            sb.append(']');
        }
        return sb.toString();
    }
}
