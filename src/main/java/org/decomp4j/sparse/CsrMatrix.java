package org.decomp4j.sparse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;

import org.decomp4j.DType;
import org.decomp4j.LinearOperator;
import org.decomp4j.Matrix;
import org.decomp4j.NonFiniteInputException;
import org.decomp4j.io.MatrixMarket;

/**
 * An immutable sparse matrix in compressed sparse row (CSR) form, usable wherever a
 * {@link LinearOperator} is: {@code A·X} and {@code Aᵀ·X} for a dense block {@code X}, on several
 * threads, without ever densifying {@code A}.
 *
 * <p><b>Storage.</b> Row pointers ({@code m+1} ints), column indices (one int per stored entry,
 * sorted within each row) and values. Values are kept as {@code double[]} for both dtypes: one
 * kernel serves F64 and F32, the products accumulate in double and round once into an F32 output,
 * and an F32 matrix costs only 4 more bytes per entry (16 instead of 12 with its index). The dtype
 * is the precision of the products' operands ({@link #dtype()}). Duplicated triplets are summed;
 * explicit zeros are kept (as SciPy's {@code sum_duplicates} does). {@link #nnz()} counts stored
 * entries.
 *
 * <p><b>Transpose.</b> {@link #transpose()} and {@link #multiplyTranspose} use the compressed
 * sparse column (CSC) copy of {@code A} (= the CSR of {@code Aᵀ}), built once on first use in
 * {@code O(nnz + m + n)} time and shared by every view of this matrix; memory stays {@code O(nnz)}
 * (at most twice the CSR arrays). {@link TransposeMode#SCATTER} instead accumulates per thread
 * ({@code threads·n·k} doubles of scratch per product, no copy of {@code A}).
 *
 * <p><b>Threads.</b> Products split the rows into {@link #threads()} ranges of about equal
 * non-zeros, run on a shared daemon {@link ForkJoinPool} of that parallelism; small products run
 * on the caller's thread. Instances are immutable and safe to share between threads.
 *
 * <p>Cost of {@code A·X} with {@code X} n×k: {@code 2·nnz·k} flops plus copying {@code X} and the
 * result between native and Java memory ({@code (m+n)·k} elements).
 */
public final class CsrMatrix implements LinearOperator {
    /** Below this many multiply-adds a product runs on the calling thread: forking costs more. */
    private static final long PARALLEL_MIN_WORK = 1L << 16;
    /** Java arrays hold slightly fewer than Integer.MAX_VALUE elements on common JVMs. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    /** Dense scratch per product (x and out copies) is capped at about this many doubles. */
    private static final int SCRATCH_ELEMENTS = 1 << 25;
    private static final ConcurrentHashMap<Integer, ForkJoinPool> POOLS = new ConcurrentHashMap<>();

    /** How {@link #multiplyTranspose} forms {@code Aᵀ·X}. */
    public enum TransposeMode {
        /**
         * Through the CSC copy of {@code A}, built once (default): fastest for the single vectors
         * of Krylov methods (measured 4–15 ms against 23–32 ms for scatter at 2M non-zeros).
         */
        CSC,
        /**
         * Scatter each row into a per-thread {@code n×k} accumulator, then sum them: no copy of A;
         * can be faster for wide blocks of a very tall matrix (gathering long rows of X through the
         * CSC is cache-hostile: 333 ms against 736 ms for k = 20 on 200000×50000, 2M non-zeros).
         */
        SCATTER
    }

    /** One compressed orientation: row pointers, sorted column indices, values. */
    private record Compressed(int rows, int cols, int[] ptr, int[] idx, double[] val) {
        int nnz() {
            return ptr[rows];
        }

        /** The other orientation (CSR ↔ CSC) by one counting pass; indices come out sorted. */
        Compressed flip() {
            int nnz = nnz();
            int[] ptrT = new int[cols + 1];
            for (int p = 0; p < nnz; p++) {
                ptrT[idx[p] + 1]++;
            }
            for (int j = 0; j < cols; j++) {
                ptrT[j + 1] += ptrT[j];
            }
            int[] next = java.util.Arrays.copyOf(ptrT, cols);
            int[] idxT = new int[nnz];
            double[] valT = new double[nnz];
            for (int i = 0; i < rows; i++) {
                for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                    int q = next[idx[p]]++;
                    idxT[q] = i;
                    valT[q] = val[p];
                }
            }
            return new Compressed(cols, rows, ptrT, idxT, valT);
        }
    }

    /** Both orientations, the second built lazily and shared by all views of one matrix. */
    private static final class Storage {
        private final Compressed csr;
        private volatile Compressed csc;

        Storage(Compressed csr, Compressed csc) {
            this.csr = csr;
            this.csc = csc;
        }

        Compressed csc() {
            Compressed c = csc;
            if (c == null) {
                synchronized (this) {
                    c = csc;
                    if (c == null) {
                        c = csr.flip();
                        csc = c;
                    }
                }
            }
            return c;
        }
    }

    private final Storage storage;
    /** True when this object is the transpose of {@code storage.csr}. */
    private final boolean transposed;
    private final DType dtype;
    private final int threads;
    private final TransposeMode mode;

    private CsrMatrix(Storage storage, boolean transposed, DType dtype, int threads, TransposeMode mode) {
        this.storage = storage;
        this.transposed = transposed;
        this.dtype = dtype;
        this.threads = threads;
        this.mode = mode;
    }

    private Compressed rowsForm() {
        return transposed ? storage.csc() : storage.csr;
    }

    private Compressed colsForm() {
        return transposed ? storage.csr : storage.csc();
    }

    // ---------------------------------------------------------------- construction

    /** F64 matrix from coordinate triplets; see {@link #fromTriplets(int, int, int[], int[], double[], DType)}. */
    public static CsrMatrix fromTriplets(int rows, int cols, int[] rowIdx, int[] colIdx, double[] values) {
        return fromTriplets(rows, cols, rowIdx, colIdx, values, DType.F64);
    }

    /**
     * Builds the {@code rows × cols} matrix with {@code values[k]} at 0-based
     * {@code (rowIdx[k], colIdx[k])}; triplets at the same position are summed. The arrays are
     * read, not kept. Cost: {@code O(nnz + rows + cols)} time (two counting passes, no sort),
     * about 28 bytes per triplet of transient memory.
     *
     * @throws IllegalArgumentException if a dimension is negative or the arrays differ in length
     * @throws InvalidEntryException    if a triplet lies outside the shape (names the triplet)
     * @throws NonFiniteInputException  if a value is NaN or infinite (names the triplet)
     */
    public static CsrMatrix fromTriplets(int rows, int cols, int[] rowIdx, int[] colIdx, double[] values,
                                         DType dtype) {
        Objects.requireNonNull(rowIdx, "rowIdx");
        Objects.requireNonNull(colIdx, "colIdx");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(dtype, "dtype");
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative sparse matrix shape " + rows + "×" + cols);
        }
        if (rowIdx.length != values.length || colIdx.length != values.length) {
            throw new IllegalArgumentException(String.format(
                    "rowIdx, colIdx and values differ in length: %d, %d, %d",
                    rowIdx.length, colIdx.length, values.length));
        }
        int nnz = values.length;
        for (int k = 0; k < nnz; k++) {
            int i = rowIdx[k];
            int j = colIdx[k];
            if (i < 0 || i >= rows || j < 0 || j >= cols) {
                throw new InvalidEntryException(k, i, j, rows, cols);
            }
            if (!Double.isFinite(values[k])) {
                throw new NonFiniteInputException("sparse triplet " + k, i, j, values[k], rows, cols);
            }
        }
        // Stable counting sort by column, then by row: rows come out with their columns sorted,
        // duplicates adjacent.
        int[] colPtr = new int[cols + 1];
        for (int k = 0; k < nnz; k++) {
            colPtr[colIdx[k] + 1]++;
        }
        for (int j = 0; j < cols; j++) {
            colPtr[j + 1] += colPtr[j];
        }
        int[] byColRow = new int[nnz];
        double[] byColVal = new double[nnz];
        int[] next = java.util.Arrays.copyOf(colPtr, cols);
        for (int k = 0; k < nnz; k++) {
            int q = next[colIdx[k]]++;
            byColRow[q] = rowIdx[k];
            byColVal[q] = values[k];
        }
        Compressed sortedCsc = new Compressed(cols, rows, colPtr, byColRow, byColVal);
        Compressed raw = sortedCsc.flip();
        return new CsrMatrix(new Storage(sumDuplicates(raw), null), false, dtype, defaultThreads(),
                TransposeMode.CSC);
    }

    /** Merges adjacent equal column indices within each row (their values summed). */
    private static Compressed sumDuplicates(Compressed c) {
        int[] ptr = c.ptr();
        int[] idx = c.idx();
        double[] val = c.val();
        int[] newPtr = new int[c.rows() + 1];
        int w = 0;
        for (int i = 0; i < c.rows(); i++) {
            int start = w;
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                if (w > start && idx[w - 1] == idx[p]) {
                    val[w - 1] += val[p];
                } else {
                    idx[w] = idx[p];
                    val[w] = val[p];
                    w++;
                }
            }
            newPtr[i + 1] = w;
        }
        if (w == idx.length) {
            return new Compressed(c.rows(), c.cols(), newPtr, idx, val);
        }
        return new Compressed(c.rows(), c.cols(), newPtr, java.util.Arrays.copyOf(idx, w),
                java.util.Arrays.copyOf(val, w));
    }

    /** F64 matrix from Matrix Market coordinate entries (duplicates summed). */
    public static CsrMatrix of(MatrixMarket.Coordinate c) {
        return of(c, DType.F64);
    }

    /** Matrix from Matrix Market coordinate entries, products in {@code dtype} (duplicates summed). */
    public static CsrMatrix of(MatrixMarket.Coordinate c, DType dtype) {
        Objects.requireNonNull(c, "c");
        return fromTriplets(c.rows(), c.cols(), c.rowIdx(), c.colIdx(), c.values(), dtype);
    }

    /**
     * Reads a Matrix Market coordinate file ({@link MatrixMarket#readCoordinate}) into an F64
     * sparse matrix, without densifying it.
     *
     * @throws org.decomp4j.io.MatrixFormatException for a malformed or dense ({@code array}) file
     * @throws IOException if reading fails
     */
    public static CsrMatrix read(Path file) throws IOException {
        return of(MatrixMarket.readCoordinate(file), DType.F64);
    }

    /** As {@link #read(Path)}, products in {@code dtype}. */
    public static CsrMatrix read(Path file, DType dtype) throws IOException {
        return of(MatrixMarket.readCoordinate(file), dtype);
    }

    /**
     * The non-zero entries of a dense matrix (exact zeros dropped), products in its dtype. Cost:
     * one pass over {@code a}.
     *
     * @throws NonFiniteInputException if {@code a} holds NaN or infinity
     */
    public static CsrMatrix fromDense(Matrix a) {
        Objects.requireNonNull(a, "a");
        int m = a.rows();
        int n = a.cols();
        int[] ptr = new int[n + 1];
        List<int[]> idxChunks = new ArrayList<>();
        List<double[]> valChunks = new ArrayList<>();
        double[] col = new double[m];
        long nnz = 0;
        for (int j = 0; j < n; j++) {
            a.getColumn(j, 0, col, 0, m);
            int cnt = 0;
            for (int i = 0; i < m; i++) {
                if (!Double.isFinite(col[i])) {
                    throw new NonFiniteInputException("dense input", i, j, col[i], m, n);
                }
                if (col[i] != 0) {
                    cnt++;
                }
            }
            int[] ci = new int[cnt];
            double[] cv = new double[cnt];
            int w = 0;
            for (int i = 0; i < m; i++) {
                if (col[i] != 0) {
                    ci[w] = i;
                    cv[w++] = col[i];
                }
            }
            idxChunks.add(ci);
            valChunks.add(cv);
            nnz += cnt;
            if (nnz > MAX_ARRAY) {
                throw new IllegalArgumentException(m + "×" + n + " has more non-zeros than a Java array holds");
            }
            ptr[j + 1] = (int) nnz;
        }
        int[] idx = new int[(int) nnz];
        double[] val = new double[(int) nnz];
        for (int j = 0; j < n; j++) {
            System.arraycopy(idxChunks.get(j), 0, idx, ptr[j], ptr[j + 1] - ptr[j]);
            System.arraycopy(valChunks.get(j), 0, val, ptr[j], ptr[j + 1] - ptr[j]);
        }
        Compressed csc = new Compressed(n, m, ptr, idx, val);
        return new CsrMatrix(new Storage(csc.flip(), csc), false, a.dtype(), defaultThreads(), TransposeMode.CSC);
    }

    private static int defaultThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    // ---------------------------------------------------------------- views and settings

    /**
     * {@code Aᵀ} as a sparse matrix sharing this one's storage; builds the CSC copy on first use
     * ({@code O(nnz)}), after which transposing is free.
     */
    public CsrMatrix transpose() {
        storage.csc();
        return new CsrMatrix(storage, !transposed, dtype, threads, mode);
    }

    /** The same matrix whose products use up to {@code threads} threads (shares storage). */
    public CsrMatrix withThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        }
        return new CsrMatrix(storage, transposed, dtype, threads, mode);
    }

    /** The same matrix whose products take and give {@code dtype} matrices (shares storage). */
    public CsrMatrix withDType(DType dtype) {
        return new CsrMatrix(storage, transposed, Objects.requireNonNull(dtype, "dtype"), threads, mode);
    }

    /** The same matrix whose {@link #multiplyTranspose} uses {@code mode} (shares storage). */
    public CsrMatrix withTransposeMode(TransposeMode mode) {
        return new CsrMatrix(storage, transposed, dtype, threads, Objects.requireNonNull(mode, "mode"));
    }

    /** Threads the products may use. */
    public int threads() {
        return threads;
    }

    /** How {@link #multiplyTranspose} works. */
    public TransposeMode transposeMode() {
        return mode;
    }

    // ---------------------------------------------------------------- accessors

    @Override
    public int rows() {
        return transposed ? storage.csr.cols() : storage.csr.rows();
    }

    @Override
    public int cols() {
        return transposed ? storage.csr.rows() : storage.csr.cols();
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    /** Stored entries (after summing duplicates; explicit zeros count). */
    public int nnz() {
        return storage.csr.nnz();
    }

    /**
     * Bytes held by the index and value arrays (both orientations once the CSC copy exists), for
     * memory accounting.
     */
    public long storageBytes() {
        long b = bytes(storage.csr);
        Compressed c = storage.csc;
        return c == null ? b : b + bytes(c);
    }

    private static long bytes(Compressed c) {
        return 4L * (c.rows() + 1) + 12L * c.nnz();
    }

    /** Entry {@code (i, j)} (0 when not stored); {@code O(log(row length))}. */
    public double get(int i, int j) {
        if (i < 0 || i >= rows() || j < 0 || j >= cols()) {
            throw new IndexOutOfBoundsException("(" + i + ", " + j + ") outside " + rows() + "×" + cols());
        }
        Compressed r = rowsForm();
        int p = java.util.Arrays.binarySearch(r.idx(), r.ptr()[i], r.ptr()[i + 1], j);
        return p >= 0 ? r.val()[p] : 0.0;
    }

    /**
     * The dense {@code m×n} matrix, in this dtype; the caller closes it. Only on request: it costs
     * {@code m·n} elements of native memory.
     */
    public Matrix toDense() {
        int m = rows();
        int n = cols();
        Matrix d = Matrix.zeros(m, n, dtype);
        try {
            Compressed c = colsForm();
            double[] col = new double[m];
            for (int j = 0; j < n; j++) {
                if (c.ptr()[j] == c.ptr()[j + 1]) {
                    continue;
                }
                java.util.Arrays.fill(col, 0.0);
                for (int p = c.ptr()[j]; p < c.ptr()[j + 1]; p++) {
                    col[c.idx()[p]] = c.val()[p];
                }
                d.setColumn(j, 0, col, 0, m);
            }
        } catch (RuntimeException | Error e) {
            d.close();
            throw e;
        }
        return d;
    }

    // ---------------------------------------------------------------- products

    /** {@code A·x} as a new m×k matrix in this dtype (the caller closes it). */
    public Matrix multiply(Matrix x) {
        Matrix out = Matrix.zeros(rows(), x.cols(), dtype);
        try {
            multiply(x, out);
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
        return out;
    }

    /**
     * {@code out ← A·x}; {@code x} is n×k, {@code out} m×k, both of this dtype. {@code x} is copied
     * before {@code out} is written, so they may even share storage.
     *
     * @throws IllegalArgumentException on a shape or dtype mismatch, or a read-only {@code out}
     */
    @Override
    public void multiply(Matrix x, Matrix out) {
        check(x, out, cols(), rows(), "A·X");
        product(rowsForm(), x, out);
    }

    /**
     * {@code out ← Aᵀ·x}; {@code x} is m×k, {@code out} n×k, both of this dtype. Uses the CSC copy
     * (built on first call) or per-thread scatter, as {@link #transposeMode()} says.
     *
     * @throws IllegalArgumentException on a shape or dtype mismatch, or a read-only {@code out}
     */
    @Override
    public void multiplyTranspose(Matrix x, Matrix out) {
        check(x, out, rows(), cols(), "Aᵀ·X");
        if (mode == TransposeMode.CSC) {
            product(colsForm(), x, out);
        } else {
            scatterProduct(rowsForm(), x, out);
        }
    }

    private void check(Matrix x, Matrix out, int xRows, int outRows, String what) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(out, "out");
        if (x.rows() != xRows || out.rows() != outRows || out.cols() != x.cols()) {
            throw new IllegalArgumentException(String.format(
                    "%s with A %d×%d: X is %d×%d, out %d×%d; expected X %d×k and out %d×k",
                    what, rows(), cols(), x.rows(), x.cols(), out.rows(), out.cols(), xRows, outRows));
        }
        if (x.dtype() != dtype || out.dtype() != dtype) {
            throw new IllegalArgumentException(String.format(
                    "%s: sparse matrix is %s, X %s, out %s; use withDType or Matrix.copy(DType)",
                    what, dtype, x.dtype(), out.dtype()));
        }
        if (out.isReadOnly()) {
            throw new IllegalArgumentException(what + ": the output is read-only");
        }
    }

    /** Columns of {@code X} handled per pass, so that scratch arrays stay bounded. */
    private static int columnChunk(int k, int longest, int copies) {
        long per = Math.max(1L, (long) longest * copies);
        return (int) Math.max(1, Math.min(k, SCRATCH_ELEMENTS / per));
    }

    /** {@code out ← S·x} for the compressed rows {@code s} (s.rows × s.cols). */
    private void product(Compressed s, Matrix x, Matrix out) {
        int m = s.rows();
        int n = s.cols();
        int k = x.cols();
        if (m == 0 || k == 0) {
            return;
        }
        int kc = columnChunk(k, Math.max(m, n), 1);
        double[] xr = new double[n * kc];
        double[] oc = new double[m * kc];
        double[] col = new double[n];
        for (int c0 = 0; c0 < k; c0 += kc) {
            int w = Math.min(kc, k - c0);
            loadRowMajor(x, c0, w, n, col, xr);
            int[] bounds = split(s, (long) s.nnz() * w);
            runAll(bounds.length - 1, t -> () -> {
                rowsKernel(s, xr, w, oc, bounds[t], bounds[t + 1]);
                return null;
            });
            for (int c = 0; c < w; c++) {
                out.setColumn(c0 + c, 0, oc, c * m, m);
            }
        }
    }

    /** Reads columns {@code c0..c0+w} of {@code x} (len rows) into row-major {@code xr[j·w + c]}. */
    private static void loadRowMajor(Matrix x, int c0, int w, int len, double[] col, double[] xr) {
        if (w == 1) {
            x.getColumn(c0, 0, xr, 0, len);
            return;
        }
        for (int c = 0; c < w; c++) {
            x.getColumn(c0 + c, 0, col, 0, len);
            for (int j = 0; j < len; j++) {
                xr[j * w + c] = col[j];
            }
        }
    }

    /** Rows {@code [from, to)} of {@code S·X}: {@code oc[c·m + i] = Σ_p val[p]·xr[idx[p]·w + c]}. */
    private static void rowsKernel(Compressed s, double[] xr, int w, double[] oc, int from, int to) {
        int[] ptr = s.ptr();
        int[] idx = s.idx();
        double[] val = s.val();
        int m = s.rows();
        if (w == 1) {
            for (int i = from; i < to; i++) {
                double acc = 0;
                for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                    acc += val[p] * xr[idx[p]];
                }
                oc[i] = acc;
            }
            return;
        }
        double[] acc = new double[w];
        for (int i = from; i < to; i++) {
            java.util.Arrays.fill(acc, 0.0);
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                double v = val[p];
                int base = idx[p] * w;
                for (int c = 0; c < w; c++) {
                    acc[c] += v * xr[base + c];
                }
            }
            for (int c = 0; c < w; c++) {
                oc[c * m + i] = acc[c];
            }
        }
    }

    /** {@code out ← Sᵀ·x} by scattering each row of {@code s} into per-thread accumulators. */
    private void scatterProduct(Compressed s, Matrix x, Matrix out) {
        int m = s.rows();
        int n = s.cols();
        int k = x.cols();
        if (n == 0 || k == 0) {
            return;
        }
        int[] bounds = split(s, (long) s.nnz() * k);
        int parts = bounds.length - 1;
        int kc = columnChunk(k, Math.max(m, n), parts + 1);
        double[] xr = new double[m * kc];
        double[][] acc = new double[parts][n * kc];
        double[] col = new double[m];
        double[] sum = new double[n];
        for (int c0 = 0; c0 < k; c0 += kc) {
            int w = Math.min(kc, k - c0);
            loadRowMajor(x, c0, w, m, col, xr);
            runAll(parts, t -> () -> {
                double[] a = acc[t];
                java.util.Arrays.fill(a, 0, n * w, 0.0);
                int[] ptr = s.ptr();
                int[] idx = s.idx();
                double[] val = s.val();
                for (int i = bounds[t]; i < bounds[t + 1]; i++) {
                    for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                        double v = val[p];
                        int j = idx[p];
                        for (int c = 0; c < w; c++) {
                            a[c * n + j] += v * xr[i * w + c];
                        }
                    }
                }
                return null;
            });
            for (int c = 0; c < w; c++) {
                System.arraycopy(acc[0], c * n, sum, 0, n);
                for (int t = 1; t < parts; t++) {
                    double[] a = acc[t];
                    for (int j = 0; j < n; j++) {
                        sum[j] += a[c * n + j];
                    }
                }
                out.setColumn(c0 + c, 0, sum, 0, n);
            }
        }
    }

    /** Row boundaries of up to {@link #threads} ranges with about equal non-zeros. */
    private int[] split(Compressed s, long work) {
        int m = s.rows();
        int parts = work < PARALLEL_MIN_WORK ? 1 : Math.min(threads, Math.max(1, m));
        int[] bounds = new int[parts + 1];
        bounds[parts] = m;
        int[] ptr = s.ptr();
        long nnz = s.nnz();
        for (int t = 1; t < parts; t++) {
            int target = (int) (nnz * t / parts);
            int lo = bounds[t - 1];
            int hi = m;
            while (lo < hi) { // first row whose start pointer reaches the target
                int mid = (lo + hi) >>> 1;
                if (ptr[mid] < target) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            bounds[t] = lo;
        }
        return bounds;
    }

    @FunctionalInterface
    private interface TaskFactory {
        Callable<Void> task(int t);
    }

    private void runAll(int parts, TaskFactory factory) {
        try {
            if (parts == 1) {
                factory.task(0).call();
                return;
            }
            ForkJoinPool pool = POOLS.computeIfAbsent(threads, ForkJoinPool::new);
            List<Callable<Void>> tasks = new ArrayList<>(parts);
            for (int t = 0; t < parts; t++) {
                tasks.add(factory.task(t));
            }
            for (Future<Void> f : pool.invokeAll(tasks)) {
                f.get();
            }
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("sparse product failed", c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during a sparse product", e);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("sparse product failed", e);
        }
    }

    @Override
    public String toString() {
        return String.format("sparse %d×%d %s, %d stored entries, %d threads", rows(), cols(), dtype, nnz(),
                threads);
    }
}
