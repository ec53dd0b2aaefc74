package org.decomp4j;

import java.util.Locale;
import java.util.SplittableRandom;

import org.decomp4j.engine.Elementwise;
import org.decomp4j.engine.Storage;
import org.decomp4j.lapack.Blas;
import org.decomp4j.lapack.Block;
import org.decomp4j.lapack.NativeBuffer;

/**
 * A dense matrix stored off-heap in column-major order, in {@link DType#F64}, {@link DType#F32}
 * or complex {@link DType#C128}, {@link DType#C64}.
 *
 * <p><b>Complex matrices</b> store each element as two interleaved components {@code re, im},
 * as LAPACK and NumPy do; shapes, views and leading dimensions count complex elements. They are
 * built from re/im arrays ({@link #ofComplex(double[][], double[][], DType)}), from rows of
 * {@code (re, im)} pairs ({@link #ofComplex(double[][], DType)}: row {@code i} is
 * {@code [re(i,0), im(i,0), re(i,1), im(i,1), …]}, the layout of a C-order NumPy row), or from a
 * real matrix by {@link #copy(DType)} (zero imaginary parts). Read them with {@link #getRe},
 * {@link #getIm}, {@link #toComplexArray()}, {@link #realPart()} and {@link #imagPart()}; the
 * real-valued accessors ({@link #get}, {@link #toArray()}, {@link #getColumn} …) refuse a complex
 * matrix rather than drop its imaginary parts, and so does {@link #copy(DType)} to a real dtype.
 * {@link #transpose()} is the plain transpose (a view); {@link #conjugateTranspose()} is a copy.
 *
 * <p>Element {@code (i, j)} of a matrix owning its storage lives at {@code i + j·rows}; indices are
 * computed in {@code long}, so one matrix may hold more than 2<sup>31</sup> elements (each
 * dimension is an {@code int}, as LAPACK requires). A matrix built by a factory owns its native
 * buffer; {@link #view}, {@link #transpose()} and {@link #readOnly()} return views that share it.
 * {@link #wrap(java.nio.DoubleBuffer, int, int, Layout) wrap} builds a matrix over a direct NIO
 * buffer the caller owns, in column- or row-major layout, without copying.
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
    private final int width; // scalars per element: 2 for a complex dtype
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
        this.width = dtype.components();
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
     * A matrix of the given dtype copied from {@code rows[i][j]} (rounded for F32; zero imaginary
     * parts for a complex dtype).
     *
     * @param rows the entries, row by row; not kept
     * @param dtype F64 or F32
     * @return a new owning {@code rows.length × rows[0].length} matrix: close it
     * @throws IllegalArgumentException if the rows differ in length (the message names the row)
     */
    public static Matrix of(double[][] rows, DType dtype) {
        int m = rows.length;
        int n = checkRows("rows", rows, m == 0 ? 0 : lengthOf(rows[0]));
        if (dtype.isComplex()) {
            return ofComplex(rows, null, dtype);
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

    private static int lengthOf(double[] row) {
        return row == null ? 0 : row.length;
    }

    /** Checks that every row has {@code n} entries; returns {@code n}. */
    private static int checkRows(String what, double[][] rows, int n) {
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null || rows[i].length != n) {
                throw new IllegalArgumentException(String.format(
                        "ragged input%s: row 0 has %d columns, row %d has %s", what.equals("rows") ? "" : " (" + what + ")",
                        n, i, rows[i] == null ? "none (null)" : String.valueOf(rows[i].length)));
            }
        }
        return n;
    }

    private static DType requireComplex(DType dtype) {
        if (!dtype.isComplex()) {
            throw new IllegalArgumentException("a complex matrix needs C128 or C64, got " + dtype);
        }
        return dtype;
    }

    /**
     * A complex matrix from separate real and imaginary parts: element {@code (i, j)} is
     * {@code re[i][j] + i·im[i][j]}; {@code im} may be null (zero imaginary parts).
     *
     * @param re    real parts, {@code re[i][j]}, rectangular
     * @param im    imaginary parts of the same shape, or null
     * @param dtype {@link DType#C128} or {@link DType#C64} (components rounded to float)
     * @return a new owning matrix: close it
     * @throws IllegalArgumentException if the arrays are ragged or differ in shape, or the dtype is real
     */
    public static Matrix ofComplex(double[][] re, double[][] im, DType dtype) {
        requireComplex(dtype);
        int m = re.length;
        int n = checkRows("re", re, m == 0 ? 0 : lengthOf(re[0]));
        if (im != null) {
            if (im.length != m) {
                throw new IllegalArgumentException("re has " + m + " rows, im has " + im.length);
            }
            checkRows("im", im, n);
        }
        Matrix a = uninitialized(m, n, dtype);
        double[] col = new double[2 * m];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                col[2 * i] = re[i][j];
                col[2 * i + 1] = im == null ? 0 : im[i][j];
            }
            a.buffer.write(2 * ((long) j * a.ld), col, 0, 2 * m);
        }
        return a;
    }

    /**
     * A complex matrix from rows of interleaved pairs: row {@code i} is
     * {@code [re(i,0), im(i,0), re(i,1), im(i,1), …]}, so {@code pairs[i].length == 2·cols} (the
     * memory layout of a C-order NumPy complex row).
     *
     * @param pairs rows of interleaved {@code re, im} pairs, each of length {@code 2·cols}
     * @param dtype {@link DType#C128} or {@link DType#C64}
     * @return a new owning matrix: close it
     * @throws IllegalArgumentException if a row has an odd or different length, or the dtype is real
     */
    public static Matrix ofComplex(double[][] pairs, DType dtype) {
        requireComplex(dtype);
        int m = pairs.length;
        int w = checkRows("pairs", pairs, m == 0 ? 0 : lengthOf(pairs[0]));
        if (w % 2 != 0) {
            throw new IllegalArgumentException("rows of (re, im) pairs need an even length, got " + w);
        }
        int n = w / 2;
        Matrix a = uninitialized(m, n, dtype);
        double[] col = new double[2 * m];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                col[2 * i] = pairs[i][2 * j];
                col[2 * i + 1] = pairs[i][2 * j + 1];
            }
            a.buffer.write(2 * ((long) j * a.ld), col, 0, 2 * m);
        }
        return a;
    }

    /**
     * A complex matrix from column-major interleaved data: element {@code (i, j)} is
     * {@code data[2(i + j·rows)] + i·data[2(i + j·rows) + 1]} (LAPACK's and Fortran-order NumPy's layout).
     *
     * @param rows  m, ≥ 0
     * @param cols  n, ≥ 0
     * @param data  {@code 2·m·n} components; copied, not kept
     * @param dtype {@link DType#C128} or {@link DType#C64}
     * @return a new owning matrix: close it
     * @throws IllegalArgumentException if {@code data.length ≠ 2·rows·cols} or the dtype is real
     */
    public static Matrix fromColumnMajorComplex(int rows, int cols, double[] data, DType dtype) {
        requireComplex(dtype);
        checkShape(rows, cols);
        if (2L * rows * cols != data.length) {
            throw new IllegalArgumentException(String.format(
                    "%d×%d complex matrix needs %d components, the array has %d", rows, cols, 2L * rows * cols,
                    data.length));
        }
        Matrix a = uninitialized(rows, cols, dtype);
        a.buffer.write(0, data, 0, data.length);
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

    // ---------------------------------------------------------------- wrapping caller memory

    /**
     * An F64 matrix over a direct {@link java.nio.DoubleBuffer}, <b>without copying</b>: writes
     * through the buffer show in the matrix and writes through the matrix ({@link #set},
     * {@link #setColumn}) land in the buffer. Element {@code (0, 0)} is the buffer's element at its
     * position; the matrix covers the next {@code rows·cols} elements in {@code layout}, whatever
     * the buffer's position and limit become later.
     *
     * <p><b>Lifetime.</b> The matrix keeps the buffer reachable until it is closed (and its views
     * with it). {@link #close()} lets go of the buffer and frees nothing: the memory stays the
     * caller's, and is not counted by the native-memory limit or the leak report. A read-only
     * buffer gives a read-only matrix.
     *
     * <p><b>What decompositions do with it.</b> As with any matrix, a decomposition leaves its input
     * untouched: it copies it into its own column-major workspace (one copy, also needed for a
     * row-major layout). Only {@link SvdOptions#overwriteInput()} on a column-major wrap lets LAPACK
     * write into the caller's buffer. Products and BLAS-1 operations read the buffer in place
     * (a row-major wrap passes as a transpose flag).
     *
     * @param buffer a direct buffer in native byte order (as {@code ByteBuffer.allocateDirect(n)
     *               .order(ByteOrder.nativeOrder()).asDoubleBuffer()} makes), with at least
     *               {@code rows·cols} elements remaining
     * @param rows   m, ≥ 0
     * @param cols   n, ≥ 0
     * @param layout how the elements are ordered
     * @return a matrix sharing the buffer's memory: close it when done (it frees nothing)
     * @throws IllegalArgumentException for a heap buffer (use {@link #fromColumnMajor(int, int, double[])}
     *     or {@link #of(double[][])}, which copy), a non-native byte order, a misaligned start or too
     *     few elements remaining
     */
    public static Matrix wrap(java.nio.DoubleBuffer buffer, int rows, int cols, Layout layout) {
        return wrapBuffer(buffer, DType.F64, rows, cols, layout);
    }

    /**
     * An F32 matrix over a direct {@link java.nio.FloatBuffer}, without copying; as
     * {@link #wrap(java.nio.DoubleBuffer, int, int, Layout)}.
     *
     * @param buffer a direct buffer in native byte order with at least {@code rows·cols} elements remaining
     * @param rows   m, ≥ 0
     * @param cols   n, ≥ 0
     * @param layout how the elements are ordered
     * @return a matrix sharing the buffer's memory: close it when done (it frees nothing)
     * @throws IllegalArgumentException for a heap buffer (use {@link #fromColumnMajor(int, int, float[])},
     *     which copies), a non-native byte order, a misaligned start or too few elements remaining
     */
    public static Matrix wrap(java.nio.FloatBuffer buffer, int rows, int cols, Layout layout) {
        return wrapBuffer(buffer, DType.F32, rows, cols, layout);
    }

    /**
     * A complex matrix over a direct buffer of interleaved {@code re, im} pairs, without copying:
     * {@link DType#C128} over a {@code DoubleBuffer}, {@link DType#C64} over a {@code FloatBuffer}
     * (NumPy's {@code complex128}/{@code complex64} memory). Element {@code k} of the layout is the
     * pair at scalars {@code 2k, 2k+1} from the position; otherwise as
     * {@link #wrap(java.nio.DoubleBuffer, int, int, Layout)}.
     *
     * @param buffer a direct {@code DoubleBuffer} or {@code FloatBuffer} in native byte order with at
     *               least {@code 2·rows·cols} scalars remaining
     * @param rows   m, ≥ 0
     * @param cols   n, ≥ 0
     * @param layout how the elements are ordered
     * @return a complex matrix sharing the buffer's memory: close it when done (it frees nothing)
     * @throws IllegalArgumentException for a heap buffer (use {@link #fromColumnMajorComplex}, which
     *     copies), another buffer type, a non-native byte order, a misaligned start or too few scalars
     */
    public static Matrix wrapComplex(java.nio.Buffer buffer, int rows, int cols, Layout layout) {
        DType t;
        if (buffer instanceof java.nio.DoubleBuffer) {
            t = DType.C128;
        } else if (buffer instanceof java.nio.FloatBuffer) {
            t = DType.C64;
        } else {
            throw new IllegalArgumentException("wrapComplex takes a DoubleBuffer (complex128) or a FloatBuffer"
                    + " (complex64) of interleaved re, im pairs; got " + describe(buffer)
                    + " (a ByteBuffer goes through wrap(ByteBuffer, rows, cols, dtype, layout))");
        }
        return wrapBuffer(buffer, t, rows, cols, layout);
    }

    /**
     * A matrix of any dtype over a direct {@link java.nio.ByteBuffer}, without copying: the bytes from
     * the buffer's position hold {@code rows·cols} elements of {@code dtype} in {@code layout}
     * (complex as interleaved pairs), in native byte order. Otherwise as
     * {@link #wrap(java.nio.DoubleBuffer, int, int, Layout)}.
     *
     * @param buffer a direct buffer whose {@code order()} is {@code ByteOrder.nativeOrder()}, with at
     *               least {@code rows·cols·dtype.bytes()} bytes remaining, its position aligned to the
     *               scalar size (8 or 4 bytes)
     * @param rows   m, ≥ 0
     * @param cols   n, ≥ 0
     * @param dtype  the element type
     * @param layout how the elements are ordered
     * @return a matrix sharing the buffer's memory: close it when done (it frees nothing)
     * @throws IllegalArgumentException for a heap buffer, a non-native byte order (the message says
     *     which call fixes it), a misaligned position or too few bytes remaining
     */
    public static Matrix wrap(java.nio.ByteBuffer buffer, int rows, int cols, DType dtype, Layout layout) {
        return wrapBuffer(buffer, dtype, rows, cols, layout);
    }

    private static String describe(java.nio.Buffer b) {
        return b == null ? "null" : (b.isDirect() ? "a direct " : "a heap ") + b.getClass().getSimpleName();
    }

    private static Matrix wrapBuffer(java.nio.Buffer buffer, DType dtype, int rows, int cols, Layout layout) {
        java.util.Objects.requireNonNull(buffer, "buffer");
        java.util.Objects.requireNonNull(dtype, "dtype");
        java.util.Objects.requireNonNull(layout, "layout");
        checkShape(rows, cols);
        if (!buffer.isDirect()) {
            String copy = buffer instanceof java.nio.FloatBuffer ? "Matrix.fromColumnMajor(rows, cols, float[])"
                    : dtype.isComplex() ? "Matrix.fromColumnMajorComplex(rows, cols, double[], dtype)"
                    : "Matrix.of(double[][]) or Matrix.fromColumnMajor(rows, cols, double[])";
            throw new IllegalArgumentException("Matrix.wrap needs a direct buffer, got " + describe(buffer)
                    + ", whose memory the JVM may move: allocate it with ByteBuffer.allocateDirect, or use " + copy
                    + ", which copies");
        }
        return fromWrapped(NativeBuffer.wrap(buffer, dtype, (long) rows * cols), dtype, rows, cols, layout,
                buffer.isReadOnly());
    }

    /**
     * The matrix over a wrapped buffer: the buffer's owner, so closing it lets go of the caller's
     * memory; a row-major layout is the transpose of a {@code cols × rows} column-major reading.
     */
    static Matrix fromWrapped(NativeBuffer b, DType dtype, int rows, int cols, Layout layout, boolean readOnly) {
        return layout == Layout.COLUMN_MAJOR
                ? new Matrix(b, dtype, 0, rows, cols, Math.max(1, rows), false, readOnly, true)
                : new Matrix(b, dtype, 0, rows, cols, Math.max(1, cols), true, readOnly, true);
    }

    /**
     * A matrix over a {@code java.lang.foreign.MemorySegment} (Java 22+), <b>without copying</b>, as
     * {@link #wrap(java.nio.ByteBuffer, int, int, DType, Layout)} over a buffer: the segment's bytes
     * from offset 0 hold {@code rows·cols} elements of {@code dtype} in {@code layout}, native byte
     * order. The parameter is typed {@code Object} because decomp4j is built for Java 17, where the
     * type does not exist; it must be a native {@code MemorySegment}.
     *
     * <p><b>Lifetime.</b> The matrix keeps the segment reachable (so an automatic arena stays open)
     * and checks {@code segment.scope().isAlive()} before every access, Java or native: once its
     * arena is closed, use fails with an {@link IllegalStateException} instead of reading freed
     * memory. decomp4j cannot hold a shared arena open during a call (the JDK offers no public
     * way), so close an arena only after the calls on its matrices have returned. {@link #close()}
     * frees nothing; the memory is not counted by the native-memory limit. A read-only segment
     * gives a read-only matrix. Decompositions copy their input as for any matrix.
     *
     * @param memorySegment a native {@code java.lang.foreign.MemorySegment}
     * @param rows   m, ≥ 0
     * @param cols   n, ≥ 0
     * @param dtype  the element type
     * @param layout how the elements are ordered
     * @return a matrix sharing the segment's memory: close it when done (it frees nothing)
     * @throws UnsupportedOperationException before Java 22
     * @throws IllegalArgumentException if the object is not a native memory segment, or it is too
     *     small or misaligned for {@code dtype}
     * @throws IllegalStateException if the segment's arena is already closed
     */
    public static Matrix wrapSegment(Object memorySegment, int rows, int cols, DType dtype, Layout layout) {
        java.util.Objects.requireNonNull(memorySegment, "memorySegment");
        java.util.Objects.requireNonNull(dtype, "dtype");
        java.util.Objects.requireNonNull(layout, "layout");
        checkShape(rows, cols);
        Segments s = Segments.get();
        if (!s.type.isInstance(memorySegment)) {
            throw new IllegalArgumentException("Matrix.wrapSegment takes a java.lang.foreign.MemorySegment, got "
                    + memorySegment.getClass().getName());
        }
        if (!s.alive(memorySegment)) {
            throw new IllegalStateException("the MemorySegment's arena is already closed");
        }
        if (!s.isNative(memorySegment)) {
            throw new IllegalArgumentException("a heap MemorySegment has no fixed native address; allocate it in an"
                    + " Arena, or use Matrix.fromColumnMajor/fromRowMajor, which copy");
        }
        NativeBuffer b = NativeBuffer.wrapAddress(s.address(memorySegment), s.byteSize(memorySegment), dtype,
                (long) rows * cols, memorySegment, () -> s.alive(memorySegment), "MemorySegment");
        return fromWrapped(b, dtype, rows, cols, layout, s.isReadOnly(memorySegment));
    }

    /** The {@code MemorySegment} methods wrapSegment needs, looked up once (Java 22+). */
    private static final class Segments {
        private static volatile Segments instance;
        final Class<?> type;
        private final java.lang.invoke.MethodHandle address;
        private final java.lang.invoke.MethodHandle byteSize;
        private final java.lang.invoke.MethodHandle isNative;
        private final java.lang.invoke.MethodHandle isReadOnly;
        private final java.lang.invoke.MethodHandle scope;
        private final java.lang.invoke.MethodHandle isAlive;

        private Segments() throws ReflectiveOperationException {
            type = Class.forName("java.lang.foreign.MemorySegment");
            Class<?> scopeType = Class.forName("java.lang.foreign.MemorySegment$Scope");
            java.lang.invoke.MethodHandles.Lookup l = java.lang.invoke.MethodHandles.publicLookup();
            java.lang.invoke.MethodType j = java.lang.invoke.MethodType.methodType(long.class);
            java.lang.invoke.MethodType z = java.lang.invoke.MethodType.methodType(boolean.class);
            address = l.findVirtual(type, "address", j);
            byteSize = l.findVirtual(type, "byteSize", j);
            isNative = l.findVirtual(type, "isNative", z);
            isReadOnly = l.findVirtual(type, "isReadOnly", z);
            scope = l.findVirtual(type, "scope", java.lang.invoke.MethodType.methodType(scopeType));
            isAlive = l.findVirtual(scopeType, "isAlive", z);
        }

        static Segments get() {
            Segments s = instance;
            if (s == null) {
                if (Runtime.version().feature() < 22) {
                    throw new UnsupportedOperationException("Matrix.wrapSegment needs Java 22 or later (the"
                            + " foreign-memory API); this is Java " + Runtime.version().feature()
                            + ": wrap a direct ByteBuffer instead (Matrix.wrap)");
                }
                try {
                    s = new Segments();
                } catch (ReflectiveOperationException e) {
                    throw new UnsupportedOperationException("java.lang.foreign.MemorySegment is not usable here: " + e, e);
                }
                instance = s;
            }
            return s;
        }

        long address(Object seg) {
            return (long) call(address, seg);
        }

        long byteSize(Object seg) {
            return (long) call(byteSize, seg);
        }

        boolean isNative(Object seg) {
            return (boolean) call(isNative, seg);
        }

        boolean isReadOnly(Object seg) {
            return (boolean) call(isReadOnly, seg);
        }

        boolean alive(Object seg) {
            return (boolean) call(isAlive, call(scope, seg));
        }

        private static Object call(java.lang.invoke.MethodHandle h, Object target) {
            try {
                return h.invoke(target);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }

    /**
     * True for a matrix made by {@link #wrap} (and its views): its memory belongs to the caller,
     * and closing it frees nothing.
     *
     * @return whether the storage is the caller's memory
     */
    public boolean isWrapped() {
        return buffer.isWrapped();
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

    /** Fills column by column; a complex entry draws its real part, then its imaginary part. */
    private static Matrix fill(int rows, int cols, DType dtype, java.util.function.DoubleSupplier gen) {
        Matrix a = uninitialized(rows, cols, dtype);
        int w = dtype.components();
        double[] col = new double[rows * w];
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < col.length; i++) {
                col[i] = gen.getAsDouble();
            }
            a.buffer.write((long) j * rows * w, col, 0, col.length);
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
     * @throws IllegalStateException on a complex matrix (use {@link #getRe} and {@link #getIm})
     */
    public double get(int i, int j) {
        if (closed || width != 1) {
            checkOpen();
            requireReal("get");
        }
        return buffer.get(index(i, j));
    }

    /**
     * Sets element {@code (i, j)} (rounded in an F32 matrix; {@code v + 0i} in a complex one).
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
        if (width == 1) {
            buffer.set(index(i, j), v);
        } else {
            setComplex(i, j, v, 0);
        }
    }

    /**
     * Real part of element {@code (i, j)}: the element itself in a real matrix.
     *
     * @param i the row, in {@code [0, rows)}
     * @param j the column, in {@code [0, cols)}
     * @return the real part
     */
    public double getRe(int i, int j) {
        checkOpen();
        return buffer.get(index(i, j) * width);
    }

    /**
     * Imaginary part of element {@code (i, j)}: 0 in a real matrix.
     *
     * @param i the row, in {@code [0, rows)}
     * @param j the column, in {@code [0, cols)}
     * @return the imaginary part
     */
    public double getIm(int i, int j) {
        checkOpen();
        return width == 1 ? 0 : buffer.get(index(i, j) * 2 + 1);
    }

    /**
     * Sets element {@code (i, j)} to {@code re + i·im}.
     *
     * @param i  the row, in {@code [0, rows)}
     * @param j  the column, in {@code [0, cols)}
     * @param re the real part
     * @param im the imaginary part
     * @throws UnsupportedOperationException on a read-only matrix
     * @throws IllegalArgumentException on a real matrix when {@code im ≠ 0}
     */
    public void setComplex(int i, int j, double re, double im) {
        checkWritable();
        if (width == 1) {
            if (im != 0) {
                throw new IllegalArgumentException(dtype + " matrix cannot hold the complex value " + re + " + " + im
                        + "i; convert with copy(DType." + dtype.complex() + ")");
            }
            buffer.set(index(i, j), re);
            return;
        }
        long at = index(i, j) * 2;
        buffer.set(at, re);
        buffer.set(at + 1, im);
    }

    /** Refuses a real-valued accessor on a complex matrix: it would drop the imaginary parts. */
    private void requireReal(String what) {
        if (width != 1) {
            throw new IllegalStateException(String.format(
                    "Matrix.%s: the matrix is %s; a real accessor would drop the imaginary parts. Use getRe/getIm,"
                            + " toComplexArray(), realPart() or imagPart()", what, dtype.numpyName()));
        }
    }

    /**
     * The elements as rows of interleaved pairs, {@code double[rows][2·cols]}: row {@code i} is
     * {@code [re(i,0), im(i,0), re(i,1), im(i,1), …]}, the shape {@link #ofComplex(double[][], DType)}
     * takes (copies; a real matrix gives zero imaginary parts).
     *
     * @return a new {@code rows × 2·cols} array
     */
    public double[][] toComplexArray() {
        checkOpen();
        double[][] out = new double[rows][2 * cols];
        double[] col = new double[rows * width];
        for (int j = 0; j < cols; j++) {
            readScalars(j, col);
            for (int i = 0; i < rows; i++) {
                out[i][2 * j] = col[i * width];
                out[i][2 * j + 1] = width == 1 ? 0 : col[2 * i + 1];
            }
        }
        return out;
    }

    /**
     * The elements in column-major order as interleaved {@code re, im} pairs (copies; needs
     * {@code 2·rows·cols < 2³¹}); the layout {@link #fromColumnMajorComplex} takes.
     *
     * @return a new array of {@code 2·rows·cols} components
     */
    public double[] toColumnMajorComplexArray() {
        checkOpen();
        long n = 2 * size();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(rows + "×" + cols + " complex has " + n + " components, more than a"
                    + " Java array holds");
        }
        double[] out = new double[(int) n];
        double[] col = new double[rows * width];
        for (int j = 0; j < cols; j++) {
            readScalars(j, col);
            for (int i = 0; i < rows; i++) {
                out[2 * (j * rows + i)] = col[i * width];
                out[2 * (j * rows + i) + 1] = width == 1 ? 0 : col[2 * i + 1];
            }
        }
        return out;
    }

    /**
     * The real parts as a new matrix of dtype {@code dtype().real()} (for a real matrix: a copy).
     *
     * @return a new owning matrix: close it
     */
    public Matrix realPart() {
        return part(0);
    }

    /**
     * The imaginary parts as a new matrix of dtype {@code dtype().real()} (zeros for a real matrix).
     *
     * @return a new owning matrix: close it
     */
    public Matrix imagPart() {
        return part(1);
    }

    private Matrix part(int which) {
        checkOpen();
        if (width == 1) {
            return which == 0 ? copy() : zeros(rows, cols, dtype);
        }
        Matrix p = uninitialized(rows, cols, dtype.real());
        double[] col = new double[2 * rows];
        double[] out = new double[rows];
        for (int j = 0; j < cols; j++) {
            readScalars(j, col);
            for (int i = 0; i < rows; i++) {
                out[i] = col[2 * i + which];
            }
            p.buffer.write((long) j * rows, out, 0, rows);
        }
        return p;
    }

    /**
     * The conjugate transpose {@code Aᴴ} as a new, owning matrix (copies; for a real matrix it
     * equals the transpose). Use {@link #transpose()} for the plain transpose, a view.
     *
     * @return a new owning cols×rows matrix: close it
     */
    public Matrix conjugateTranspose() {
        checkOpen();
        Matrix t = own(Block.allocate(dtype, cols, rows));
        try {
            if (transposed) {
                Blas.copy(stored(), t.stored()); // a transposed view stores Aᵀ already
            } else {
                Blas.transpose(stored(), t.stored());
            }
            if (width == 2) {
                double[] col = new double[2 * t.rows];
                for (int j = 0; j < t.cols; j++) {
                    t.buffer.read(2 * ((long) j * t.ld), col, 0, col.length);
                    for (int i = 1; i < col.length; i += 2) {
                        col[i] = -col[i];
                    }
                    t.buffer.write(2 * ((long) j * t.ld), col, 0, col.length);
                }
            }
        } catch (RuntimeException | Error e) {
            t.close();
            throw e;
        }
        return t;
    }

    /**
     * Copies {@code len} complex entries of column {@code j}, from row {@code fromRow}, into
     * {@code dst[off..off+2·len)} as interleaved {@code re, im} pairs.
     *
     * @param j       the column
     * @param fromRow the first row
     * @param dst     destination of {@code 2·len} components
     * @param off     where in {@code dst} the first real part goes
     * @param len     entries to copy
     * @throws IllegalStateException on a real matrix (use {@link #getColumn})
     */
    public void getColumnComplex(int j, int fromRow, double[] dst, int off, int len) {
        checkOpen();
        requireComplexStorage("getColumnComplex");
        checkSegment(j, fromRow, len, Integer.MAX_VALUE, 0);
        java.util.Objects.checkFromIndexSize(off, 2 * len, dst.length);
        if (!transposed) {
            buffer.read(2 * (offset + (long) j * ld + fromRow), dst, off, 2 * len);
        } else {
            for (int i = 0; i < len; i++) {
                long at = 2 * (offset + (long) (fromRow + i) * ld + j);
                dst[off + 2 * i] = buffer.get(at);
                dst[off + 2 * i + 1] = buffer.get(at + 1);
            }
        }
    }

    /**
     * Writes {@code len} complex entries given as interleaved pairs {@code src[off..off+2·len)}
     * into column {@code j} from row {@code fromRow}.
     *
     * @param j       the column
     * @param fromRow the first row
     * @param src     {@code 2·len} components
     * @param off     where in {@code src} the first real part is
     * @param len     entries to write
     * @throws IllegalStateException on a real matrix (use {@link #setColumn})
     */
    public void setColumnComplex(int j, int fromRow, double[] src, int off, int len) {
        checkWritable();
        requireComplexStorage("setColumnComplex");
        checkSegment(j, fromRow, len, Integer.MAX_VALUE, 0);
        java.util.Objects.checkFromIndexSize(off, 2 * len, src.length);
        if (!transposed) {
            buffer.write(2 * (offset + (long) j * ld + fromRow), src, off, 2 * len);
        } else {
            for (int i = 0; i < len; i++) {
                long at = 2 * (offset + (long) (fromRow + i) * ld + j);
                buffer.set(at, src[off + 2 * i]);
                buffer.set(at + 1, src[off + 2 * i + 1]);
            }
        }
    }

    private void requireComplexStorage(String what) {
        if (width != 2) {
            throw new IllegalStateException("Matrix." + what + ": the matrix is " + dtype.numpyName()
                    + ", not complex; use the real accessor");
        }
    }

    /**
     * The elements as a new {@code double[rows][cols]} (copies).
     *
     * @return a new {@code rows × cols} array
     */
    public double[][] toArray() {
        checkOpen();
        requireReal("toArray");
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
        requireReal("toColumnMajorArray");
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
        requireReal("toRowMajorArray");
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
     * Row {@code i} as a new array (copies; NumPy {@code a[i, :]}).
     *
     * @param i the row, in {@code [0, rows)}
     * @return a new array of {@code cols} entries
     * @throws IndexOutOfBoundsException if {@code i} is outside the rows
     */
    public double[] row(int i) {
        checkOpen();
        if (i < 0 || i >= rows) {
            throw new IndexOutOfBoundsException("row " + i + " outside " + rows + "×" + cols);
        }
        double[] r = new double[cols];
        for (int j = 0; j < cols; j++) {
            r[j] = get(i, j);
        }
        return r;
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
        requireReal("column");
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
        requireReal("getColumn");
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
        requireReal("getColumn");
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
        requireReal("setColumn");
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
        requireReal("setColumn");
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

    /** Column {@code j} as scalars ({@code rows·width}: interleaved pairs for a complex matrix). */
    private void readScalars(int j, double[] dst) {
        if (width == 1) {
            readColumn(j, dst);
        } else if (!transposed) {
            buffer.read(2 * (offset + (long) j * ld), dst, 0, 2 * rows);
        } else {
            for (int i = 0; i < rows; i++) {
                long at = 2 * (offset + (long) i * ld + j);
                dst[2 * i] = buffer.get(at);
                dst[2 * i + 1] = buffer.get(at + 1);
            }
        }
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
     * The transpose as a view sharing storage (no copy). For a complex matrix this is the plain
     * transpose {@code Aᵀ}, not conjugated; see {@link #conjugateTranspose()}.
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
     * A new, owning, dense copy converted to {@code target} (F64→F32 rounds to nearest; a real
     * matrix becomes complex with zero imaginary parts).
     *
     * @param target the dtype of the copy
     * @return a new owning matrix: close it
     * @throws IllegalArgumentException from a complex to a real dtype: the imaginary parts would be
     *     lost (NumPy warns, decomp4j refuses); take {@link #realPart()} explicitly
     */
    public Matrix copy(DType target) {
        if (width == 2 && !target.isComplex()) {
            throw new IllegalArgumentException("Matrix.copy: " + dtype.numpyName() + " to " + target.numpyName()
                    + " would discard the imaginary parts; use realPart() (or imagPart()) to ask for them explicitly");
        }
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
     * {@code this + b} as a new matrix (NumPy {@code a + b}, same shape, no broadcasting). As in
     * the other element-wise operations, the result is float32 when both are, else float64
     * (NumPy's promotion). Cost: one pass over both.
     *
     * @param b a matrix of the same shape; not modified
     * @return a new owning matrix: close it
     * @throws IllegalArgumentException if the shapes differ (the message names both)
     */
    public Matrix add(Matrix b) {
        return Elementwise.combine(Elementwise.Op.ADD, this, b);
    }

    /**
     * {@code this − b} as a new matrix (NumPy {@code a - b}, same shape).
     *
     * @param b a matrix of the same shape; not modified
     * @return a new owning matrix: close it
     * @throws IllegalArgumentException if the shapes differ (the message names both)
     */
    public Matrix subtract(Matrix b) {
        if (dtype.isComplex() || b.dtype.isComplex()) {
            return subtractScalars(b);
        }
        return Elementwise.combine(Elementwise.Op.SUBTRACT, this, b);
    }

    /** Complex (or mixed) subtraction: interleaved re, im scalars subtract component by component. */
    private Matrix subtractScalars(Matrix b) {
        checkOpen();
        b.checkOpen();
        if (rows != b.rows || cols != b.cols) {
            throw new IllegalArgumentException(String.format(
                    "cannot subtract %d×%d from %d×%d", b.rows, b.cols, rows, cols));
        }
        if (width != b.width) {
            throw new IllegalArgumentException("cannot subtract " + b.dtype + " from " + dtype
                    + "; convert with copy(DType)");
        }
        Matrix c = copy();
        double[] x = new double[rows * width];
        double[] y = new double[rows * width];
        for (int j = 0; j < cols; j++) {
            c.readScalars(j, x);
            b.readScalars(j, y);
            for (int i = 0; i < x.length; i++) {
                x[i] -= y[i];
            }
            c.buffer.write((long) j * c.ld * width, x, 0, x.length);
        }
        return c;
    }

    /**
     * The element-wise product {@code this ⊙ b} as a new matrix (NumPy {@code a * b};
     * {@link #multiply} is the matrix product, NumPy {@code a @ b}).
     *
     * @param b a matrix of the same shape; not modified
     * @return a new owning matrix: close it
     * @throws IllegalArgumentException if the shapes differ (the message names both)
     */
    public Matrix multiplyElements(Matrix b) {
        return Elementwise.combine(Elementwise.Op.MULTIPLY, this, b);
    }

    /**
     * The element-wise quotient as a new matrix (NumPy {@code a / b}; IEEE semantics: a zero
     * divisor gives ±Infinity or NaN, no exception).
     *
     * @param b the divisor, a matrix of the same shape; not modified
     * @return a new owning matrix: close it
     * @throws IllegalArgumentException if the shapes differ (the message names both)
     */
    public Matrix divideElements(Matrix b) {
        return Elementwise.combine(Elementwise.Op.DIVIDE, this, b);
    }

    /**
     * {@code alpha·this} as a new matrix (NumPy {@code alpha * a}): a copy scaled by BLAS
     * {@code scal}. For F32, {@code alpha} is rounded to float.
     *
     * @param alpha the factor
     * @return a new owning matrix of this dtype: close it
     */
    public Matrix scale(double alpha) {
        return Elementwise.scale(this, alpha);
    }

    /**
     * {@code f} applied to every entry, as a new matrix of this dtype (a NumPy ufunc such as
     * {@code np.exp(a)} is {@code a.map(Math::exp)}). For F32, {@code f} sees each entry as a
     * double and its result is rounded to float.
     *
     * @param f the function, called once per entry in column order
     * @return a new owning matrix of this dtype: close it
     */
    public Matrix map(java.util.function.DoubleUnaryOperator f) {
        return Elementwise.map(this, f);
    }

    /**
     * The matrices side by side (NumPy {@code np.hstack}): equal rows; a new matrix, float32 when
     * all are, else float64.
     *
     * @param matrices the matrices, left to right; not modified
     * @return a new owning matrix: close it
     * @throws IllegalArgumentException for none, or rows that differ (naming both shapes)
     */
    public static Matrix hstack(Matrix... matrices) {
        return Elementwise.hstack(matrices);
    }

    /**
     * The matrices one above the other (NumPy {@code np.vstack}): equal columns; a new matrix,
     * float32 when all are, else float64.
     *
     * @param matrices the matrices, top to bottom; not modified
     * @return a new owning matrix: close it
     * @throws IllegalArgumentException for none, or columns that differ (naming both shapes)
     */
    public static Matrix vstack(Matrix... matrices) {
        return Elementwise.vstack(matrices);
    }

    /**
     * The dot product of two vectors, each 1×n or n×1 (NumPy {@code np.dot} of 1-D arrays),
     * summed in double. For matrix products use {@link #multiply}.
     *
     * @param b a vector of the same length
     * @return {@code Σ this[i]·b[i]}
     * @throws IllegalArgumentException if either is not a vector, or the lengths differ
     */
    public double dot(Matrix b) {
        return Elementwise.dot(this, b);
    }

    /**
     * The sum of the diagonal (NumPy {@code np.trace}).
     *
     * @return {@code Σ a[i][i]} for {@code i < min(m, n)}; 0 for an empty matrix
     */
    public double trace() {
        return Elementwise.trace(this);
    }

    /**
     * NumPy's {@code np.allclose(a, b, rtol, atol)}: every entry satisfies
     * {@code |a − b| ≤ atol + rtol·|b|}; NaN is close to nothing, an infinity only to itself. The
     * shapes must agree (no broadcasting); the dtypes may differ.
     *
     * @param b    the matrix compared with, of the same shape
     * @param rtol relative tolerance, ≥ 0 (scales {@code |b|})
     * @param atol absolute tolerance, ≥ 0
     * @return whether every entry is close
     * @throws IllegalArgumentException if the shapes differ (the message names both), or a
     *     tolerance is negative or NaN
     */
    public boolean allClose(Matrix b, double rtol, double atol) {
        return Elementwise.allClose(this, b, rtol, atol);
    }

    /**
     * {@link #allClose(Matrix, double, double)} with NumPy's defaults, rtol = 1e-5, atol = 1e-8.
     *
     * @param b the matrix compared with, of the same shape
     * @return whether every entry is close
     */
    public boolean allClose(Matrix b) {
        return allClose(b, 1e-5, 1e-8);
    }

    /**
     * Frobenius norm {@code sqrt(Σ |a_ij|²)}, computed without overflow (LAPACK {@code lange}).
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
     * ∞-norm (NumPy {@code norm(a, np.inf)}; LAPACK {@code lange}).
     *
     * @return the largest absolute row sum
     */
    public double normInf() {
        return Blas.lange(transposed ? '1' : 'I', stored());
    }

    /**
     * 2-norm: the largest singular value (NumPy {@code norm(a, 2)}), 0 for an empty matrix.
     * Cost: the singular values, {@code O(mn·min(m, n))} flops (an SVD without vectors).
     *
     * @return σ₁
     * @throws NonFiniteInputException if an entry is NaN or infinite
     */
    public double norm2() {
        if (rows == 0 || cols == 0) {
            return 0;
        }
        return Svd.values(this)[0];
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
        // the scan counts scalars: w per element, the imaginary part of element e at w·e + 1
        int w = width;
        long bad = -1;
        int si = 0;
        int sj = 0;
        if (s.contiguous()) {
            bad = buffer.firstNonFinite(s.offset() * w, s.size() * w);
            if (bad >= 0) {
                long rel = bad / w - s.offset();
                si = (int) (rel % s.rows());
                sj = (int) (rel / s.rows());
            }
        } else {
            for (int j = 0; j < s.cols() && bad < 0; j++) {
                bad = buffer.firstNonFinite(s.index(0, j) * w, (long) s.rows() * w);
                if (bad >= 0) {
                    si = (int) (bad / w - s.index(0, j));
                    sj = j;
                }
            }
        }
        if (bad >= 0) {
            int row = transposed ? sj : si;
            int col = transposed ? si : sj;
            if (w == 2) {
                throw new NonFiniteInputException(what, bad % 2 == 0 ? "real part" : "imaginary part", row, col,
                        buffer.get(bad), rows, cols);
            }
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
                if (width == 1) {
                    sb.append(String.format(Locale.ROOT, "%12.5g", get(i, j)));
                } else {
                    double im = getIm(i, j);
                    sb.append(String.format(Locale.ROOT, "  %11.5g%s%.5gi", getRe(i, j), im < 0 ? "-" : "+",
                            Math.abs(im)));
                }
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
