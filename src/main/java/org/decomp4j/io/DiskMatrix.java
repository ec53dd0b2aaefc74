package org.decomp4j.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.decomp4j.DType;
import org.decomp4j.Layout;
import org.decomp4j.LinearOperator;
import org.decomp4j.Matrix;
import org.decomp4j.NativeConfig;
import org.decomp4j.ProgressListener;

/**
 * A read-only matrix that stays on disk: one {@code .npy} file, or an ordered set of {@code .npy}
 * row-block shards (as data pipelines write them), read in row blocks of at most
 * {@link #blockRows()} rows. It serves out-of-core methods both as a {@link LinearOperator}
 * ({@code A·X} and {@code Aᵀ·Y} by row blocks on BLAS-3 {@code gemm}, one pass over the file each)
 * and as a {@link RowBlockSource}. Nothing reads the whole file at once: memory is two block
 * buffers of {@code blockRows × n} elements ({@link #buffers()}; four when shards mix C and
 * Fortran order) plus a 1 MiB read buffer, whatever the file's size; files of more than 2³¹
 * elements are fine. A pass reads block i + 1 on a daemon thread while the caller works on
 * block i, so the disk and the products overlap.
 *
 * <p>Formats: {@code float64} gives F64 products, {@code float32} F32; integer dtypes are read as
 * F64. C and Fortran order, either byte order. Headers are parsed by {@link Npy}'s reader, with its
 * checks. Every file's size is checked against its header when opened; shards must agree in
 * column count and dtype. Each block re-checks its file's size and modification time, so a file
 * truncated or rewritten during a pass is refused, not read half old and half new.
 *
 * <p>Reads are positioned reads ({@link FileChannel#read(ByteBuffer, long)}): measured here as
 * fast as a memory map on a page-cached 400 MB file (see {@code benchmarks/results/out-of-core.md}),
 * with no mapping left for the garbage collector to unmap, and no page of a file truncated by
 * another process faulting inside native code (a memory map would crash the JVM there with
 * SIGBUS; a read returns short and becomes a typed error). float64 and float32 files in this
 * machine's byte order are read straight into the block buffer, which is direct memory the
 * block's matrix wraps (one copy, the kernel's); other encodings are decoded through the read
 * buffer.
 *
 * <p>Counters: {@link #passes()}, {@link #bytesRead()} and {@link #readNanos()} cover every pass
 * since the file was opened. Not thread-safe: one pass at a time.
 */
public final class DiskMatrix implements LinearOperator, RowBlockSource, AutoCloseable {
    /** Default block size, used when the caller names none: large enough for gemm to run at full speed. */
    public static final long DEFAULT_BLOCK_BYTES = 32L << 20;
    /** Bytes read per positioned read. */
    static final int READ_BYTES = 1 << 20;

    private final List<Part> parts;
    private final String source;
    private final int rows;
    private final int cols;
    private final DType dtype;
    private final Npy.Elem elem;
    private int blockRows;
    private final boolean anyColumnMajor;
    private final boolean anyRowMajor;
    private ProgressListener progress = ProgressListener.NONE;
    private int plannedPasses;
    private long passBase;
    private long bytesBase;
    private long passes;
    private long bytesRead;
    private long readNanos;
    private long waitNanos;
    private final Slot[] rowMajorSlots = new Slot[2];     // n × blockRows each: C-order blocks, used transposed
    private final Slot[] columnMajorSlots = new Slot[2];  // blockRows × n each: Fortran-order blocks
    private ThreadPoolExecutor reader;                    // reads block i + 1 while the caller uses block i
    private ByteBuffer io;
    private double[] doubles;
    private float[] floats;
    private boolean closed;

    /** One file of the matrix: its header, where its rows start, and what it looked like when opened. */
    private record Part(Path file, int index, Npy.Header header, FileChannel channel, int firstRow, long size,
                        FileTime modified) {
        boolean columnMajor() {
            return header.fortran() || header.cols() == 1;
        }

        int rows() {
            return header.rows();
        }
    }

    private DiskMatrix(List<Part> parts, String source, int rows, int cols, Npy.Elem elem, int blockRows) {
        this.parts = parts;
        this.source = source;
        this.rows = rows;
        this.cols = cols;
        this.elem = elem;
        this.dtype = elem.target();
        this.blockRows = blockRows;
        this.anyColumnMajor = parts.stream().anyMatch(Part::columnMajor);
        this.anyRowMajor = parts.stream().anyMatch(p -> !p.columnMajor());
    }

    /**
     * Opens {@code path}: a {@code .npy} file, or a directory whose {@code *.npy} files are the row
     * blocks in name order (digit runs compared as numbers, so {@code part-2} precedes
     * {@code part-10}). Blocks of about {@link #DEFAULT_BLOCK_BYTES}.
     *
     * @throws MatrixFormatException if a header is invalid, a file is shorter or longer than its
     *     header says, shards disagree in column count or dtype, a directory holds no {@code .npy}
     *     file, or the rows add up to more than {@link Integer#MAX_VALUE}
     * @throws IOException if a file cannot be read
     * @param path a .npy file, or a directory of .npy shards
     * @return the matrix, open until {@link #close()}
     */
    public static DiskMatrix open(Path path) throws IOException {
        return open(path, 0);
    }

    /**
     * As {@link #open(Path)}, with row blocks of at most {@code blockRows} rows ({@code 0}: about
     * {@link #DEFAULT_BLOCK_BYTES} per block).
     *
     * @throws IllegalArgumentException if {@code blockRows < 0}
     * @param blockRows rows per block (0: about DEFAULT_BLOCK_BYTES)
     * @param path a .npy file, or a directory of .npy shards
     * @return the matrix, open until {@link #close()}
     * @throws IOException if a file cannot be read or written
     */
    public static DiskMatrix open(Path path, int blockRows) throws IOException {
        Objects.requireNonNull(path, "path");
        if (Files.isDirectory(path)) {
            return openShards(shardFiles(path), path.toString(), blockRows);
        }
        return openShards(List.of(path), path.toString(), blockRows);
    }

    /**
     * Opens the shards {@code files}, in the order given, as the row blocks of one matrix.
     *
     * @throws MatrixFormatException as {@link #open(Path)}, naming the shard
     * @throws IllegalArgumentException if {@code files} is empty or {@code blockRows < 0}
     * @param blockRows rows per block (0: about DEFAULT_BLOCK_BYTES)
     * @param files the shard files, in row order
     * @return the matrix, open until {@link #close()}
     */
    public static DiskMatrix open(List<Path> files, int blockRows) throws IOException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no shard files given");
        }
        return openShards(List.copyOf(files), files.size() == 1 ? files.get(0).toString()
                : files.get(0).getParent() + " (" + files.size() + " shards)", blockRows);
    }

    /** The {@code *.npy} files of {@code dir} in natural name order. */
    static List<Path> shardFiles(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = new ArrayList<>(s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")
                    && Files.isRegularFile(p)).toList());
        }
        if (files.isEmpty()) {
            throw new MatrixFormatException(dir, "is a directory holding no .npy shard (a shard directory holds the"
                    + " *.npy row blocks of one matrix)");
        }
        files.sort(Comparator.comparing(p -> p.getFileName().toString(), DiskMatrix::naturalCompare));
        return files;
    }

    /** Compares names with their digit runs as numbers: {@code part-2} before {@code part-10}. */
    static int naturalCompare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                String da = a.substring(si, i).replaceFirst("^0+(?=.)", "");
                String db = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                int c = da.length() != db.length() ? Integer.compare(da.length(), db.length()) : da.compareTo(db);
                if (c != 0) {
                    return c;
                }
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static DiskMatrix openShards(List<Path> files, String source, int blockRows) throws IOException {
        if (blockRows < 0) {
            throw new IllegalArgumentException("blockRows must be ≥ 0, got " + blockRows);
        }
        List<Part> parts = new ArrayList<>();
        try {
            long rows = 0;
            Part first = null;
            for (int k = 0; k < files.size(); k++) {
                Part p = openPart(files.get(k), k, files.size(), rows);
                parts.add(p);
                if (first == null) {
                    first = p;
                } else {
                    checkConsistent(first, p, files.size());
                }
                rows += p.rows();
                if (rows > Integer.MAX_VALUE) {
                    throw new MatrixFormatException(p.file(), String.format(Locale.ROOT,
                            "the shards hold %d rows up to this one, more than %d, the most a matrix has",
                            rows, Integer.MAX_VALUE));
                }
            }
            int n = first.header().cols();
            Npy.Elem elem = first.header().elem();
            int block = blockRows > 0 ? blockRows : defaultBlockRows(n, elem.target());
            return new DiskMatrix(List.copyOf(parts), source, (int) rows, n, elem, block);
        } catch (IOException | RuntimeException | Error e) {
            for (Part p : parts) {
                try {
                    p.channel().close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** Rows per block so that a block holds about {@link #DEFAULT_BLOCK_BYTES}. */
    static int defaultBlockRows(int cols, DType t) {
        long row = Math.max(1, (long) cols * t.bytes());
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, DEFAULT_BLOCK_BYTES / row));
    }

    private static Part openPart(Path file, int index, int count, long firstRow) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            Npy.Header h = Npy.readHeader(file, ch);
            long available = attrs.size() - h.dataOffset();
            String which = count > 1 ? String.format(Locale.ROOT, "shard %d of %d: ", index + 1, count) : "";
            if (available < h.dataBytes()) {
                throw new MatrixFormatException(file, String.format(Locale.ROOT,
                        "%struncated: the header declares %s (%d bytes of data) but the file has %d",
                        which, h.describe(), h.dataBytes(), Math.max(0, available)));
            }
            if (available > h.dataBytes()) {
                throw new MatrixFormatException(file, String.format(Locale.ROOT,
                        "%s%d unexpected bytes after the data: the header declares %s (%d bytes of data)"
                                + " but the file has %d; is it several arrays appended?",
                        which, available - h.dataBytes(), h.describe(), h.dataBytes(), available));
            }
            return new Part(file, index, h, ch, (int) Math.min(Integer.MAX_VALUE, firstRow), attrs.size(),
                    attrs.lastModifiedTime());
        } catch (IOException | RuntimeException | Error e) {
            ch.close();
            throw e;
        }
    }

    private static void checkConsistent(Part first, Part p, int count) throws MatrixFormatException {
        Npy.Header a = first.header();
        Npy.Header b = p.header();
        if (a.cols() != b.cols()) {
            throw new MatrixFormatException(p.file(), String.format(Locale.ROOT,
                    "shard %d of %d has %d columns but shard 1 (%s) has %d; the shards of one matrix need equal"
                            + " widths", p.index() + 1, count, b.cols(), first.file().getFileName(), a.cols()));
        }
        if (a.elem() != b.elem()) {
            throw new MatrixFormatException(p.file(), String.format(Locale.ROOT,
                    "shard %d of %d is %s but shard 1 (%s) is %s; the shards of one matrix need one dtype",
                    p.index() + 1, count, b.elem().numpyName, first.file().getFileName(), a.elem().numpyName));
        }
    }

    // ---------------------------------------------------------------- shape and counters

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public int blockRows() {
        return blockRows;
    }

    /**
     * Changes the rows per block (a plan's choice) before the next pass; frees the block buffers.
     *
     * @throws IllegalArgumentException if {@code rows < 1}
     * @param rows rows per block, at least 1
     * @return this matrix
     */
    public DiskMatrix blockRows(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("blockRows must be ≥ 1, got " + rows);
        }
        checkOpen();
        if (rows != blockRows) {
            blockRows = rows;
            freeSlots();
        }
        return this;
    }

    /**
     * Block layouts the files need: 1, or 2 when they mix C and Fortran order.
     * @return block layouts the files need
     */
    public int layouts() {
        return (anyRowMajor ? 1 : 0) + (anyColumnMajor ? 1 : 0);
    }

    /**
     * Block buffers a pass holds: two per layout, one being read ahead while the caller uses the
     * other. What a plan prices the matrix's blocks with ({@link #bufferBytes()}).
     * @return block buffers a pass holds
     */
    public int buffers() {
        return 2 * layouts();
    }

    /**
     * The files read, in row order (one for a single {@code .npy}).
     * @return the files read, in row order (one for a single {@code .npy})
     */
    public List<Path> files() {
        return parts.stream().map(Part::file).toList();
    }

    /** Bytes of data (headers excluded) one pass reads: {@code m·n·itemsize}. */
    @Override
    public long bytesPerPass() {
        long total = 0;
        for (Part p : parts) {
            total += p.header().dataBytes();
        }
        return total;
    }

    /**
     * Bytes the block buffers take once a pass has run (the read buffer and the small heap arrays
     * aside): what a plan prices for the matrix itself, {@link #buffers()} blocks of
     * {@code blockRows × n}.
     * @return bytes of the block buffers
     */
    public long bufferBytes() {
        return bufferBytes(blockRows, cols, dtype, buffers());
    }

    /**
     * Bytes of {@code buffers} block buffers of {@code blockRows × cols}.
     * @param blockRows rows per block (0: about DEFAULT_BLOCK_BYTES)
     * @param cols columns
     * @param buffers block buffers ({@link #buffers()})
     * @param t the dtype
     * @return bytes of {@code buffers} block buffers of {@code blockRows × cols}
     */
    public static long bufferBytes(long blockRows, long cols, DType t, int buffers) {
        return buffers * blockRows * cols * t.bytes();
    }

    /**
     * Bytes of the block buffers held now in direct memory ({@link ByteBuffer#allocateDirect}), which
     * {@link NativeConfig#liveNativeBytes()} does not count: a run's native peak is that counter's
     * peak plus these. Buffers that did not fit the JVM's direct-memory limit are ordinary native
     * matrices, counted there.
     * @return bytes of the block buffers held in direct memory
     */
    public long directBufferBytes() {
        long total = 0;
        for (Slot[] slots : new Slot[][] {rowMajorSlots, columnMajorSlots}) {
            for (Slot s : slots) {
                total += s == null ? 0 : s.directBytes();
            }
        }
        return total;
    }

    /**
     * Complete passes (and partial ones that failed) since opening.
     * @return complete passes (and partial ones that failed) since opening
     */
    public long passes() {
        return passes;
    }

    /**
     * Bytes of data read since opening.
     * @return bytes of data read since opening
     */
    public long bytesRead() {
        return bytesRead;
    }

    /**
     * Nanoseconds spent in reads (decoding included) since opening, on whichever thread read: a
     * block is read while the caller works on the one before it, so this may overlap the caller's
     * time.
     * @return nanoseconds spent in reads (decoding included) since opening
     */
    public long readNanos() {
        return readNanos;
    }

    /**
     * Nanoseconds the passes waited for a block to be read since opening: the part of
     * {@link #readNanos()} the caller's work did not hide (the whole read time when the work is
     * quicker than the disk).
     * @return nanoseconds the passes waited for data since opening
     */
    public long waitNanos() {
        return waitNanos;
    }

    /**
     * Reports each block to {@code listener}: {@code done}/{@code total} are bytes read of
     * {@code plannedPasses × }{@link #bytesPerPass()} (counted from this call), the message says
     * {@code "pass i of p"} (i counted from this call), the
     * bytes of this pass and its throughput.
     * @param listener hears each block
     * @param plannedPasses passes the method will make (shown as "pass i of p")
     * @return this matrix
     */
    public DiskMatrix progress(ProgressListener listener, int plannedPasses) {
        this.progress = Objects.requireNonNull(listener, "listener");
        this.plannedPasses = plannedPasses;
        this.passBase = passes;   // "pass i of p" counts the passes of the method about to run
        this.bytesBase = bytesRead;
        return this;
    }

    // ---------------------------------------------------------------- passes

    @Override
    public void forEachBlock(BlockVisitor visitor) {
        Objects.requireNonNull(visitor, "visitor");
        checkOpen();
        requireReal();
        passes++;
        long passNumber = passes - passBase;
        for (Part p : parts) {
            checkUnchanged(p, -1);
        }
        List<BlockRef> blocks = new ArrayList<>();
        for (Part p : parts) {
            for (int r = 0; r < p.rows(); r += blockRows) {
                blocks.add(new BlockRef(p, r, Math.min(blockRows, p.rows() - r), blocks.size()));
            }
        }
        long passStartBytes = bytesRead;
        long passStart = System.nanoTime();
        long total = plannedPasses > 0 ? plannedPasses * bytesPerPass() : -1;
        // Block i goes to buffer i % 2 of its layout: while the caller uses one, the reader fills the
        // other. Every read runs on the reader, so that an interrupt of the caller never reaches a
        // FileChannel (which would close the file for good).
        Future<Fill> ahead = blocks.isEmpty() ? null : reader().submit(() -> fill(blocks.get(0), 0));
        try {
            for (int i = 0; i < blocks.size(); i++) {
                BlockRef ref = blocks.get(i);
                long w0 = System.nanoTime();
                Fill f = await(ahead, ref);
                ahead = null;
                waitNanos += System.nanoTime() - w0;
                bytesRead += f.bytes();
                readNanos += f.nanos();
                try (Matrix block = f.block(); Matrix ro = block.readOnly()) {
                    if (i + 1 < blocks.size()) {
                        BlockRef nextRef = blocks.get(i + 1);
                        int nextSlot = (i + 1) % 2;
                        ahead = reader().submit(() -> fill(nextRef, nextSlot));
                    }
                    visitor.block(ref.part().firstRow() + ref.row(), ro);
                }
                long done = bytesRead - passStartBytes;
                progress.progress(bytesRead - bytesBase, total, String.format(Locale.ROOT, "pass %d%s, %s of %s, %.2f GB/s",
                        passNumber, plannedPasses > 0 ? " of " + plannedPasses : "", NativeConfig.formatBytes(done),
                        NativeConfig.formatBytes(bytesPerPass()), done / (double) Math.max(1, System.nanoTime() - passStart)));
            }
        } finally {
            if (ahead != null) {
                settle(ahead);
            }
        }
    }

    /** One block of a pass: rows {@code row … row + rows − 1} of {@code part}, the {@code index}-th of the pass. */
    private record BlockRef(Part part, int row, int rows, int index) {
    }

    /** A block read into its buffer: the matrix over it (close it), and what the read cost. */
    private record Fill(Matrix block, long bytes, long nanos) {
    }

    /** The reader: one daemon thread, started by the first pass, gone after a second idle. */
    private ThreadPoolExecutor reader() {
        if (reader == null) {
            AtomicInteger count = new AtomicInteger();
            reader = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "decomp4j-disk-read-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            reader.allowCoreThreadTimeOut(true);
        }
        return reader;
    }

    /** The read-ahead's block, or its failure as the same typed exception a read on this thread throws. */
    private static Fill await(Future<Fill> ahead, BlockRef ref) {
        try {
            return ahead.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new DiskMatrixException(ref.part().file(), ref.index(), IoSupport.named(ref.part().file(),
                    c instanceof IOException io ? io : new IOException(c)));
        } catch (InterruptedException e) {
            settle(ahead);
            Thread.currentThread().interrupt();
            InterruptedIOException io = new InterruptedIOException("interrupted while reading block " + ref.index());
            throw new DiskMatrixException(ref.part().file(), ref.index(), io);
        }
    }

    /**
     * Waits for a read-ahead the pass no longer wants (the caller failed, or was interrupted), so
     * that no read is still writing into a buffer when the next pass starts; its result and
     * failure are dropped, the pass's own exception being what the caller sees.
     */
    private static void settle(Future<Fill> ahead) {
        boolean interrupted = false;
        while (true) {
            try {
                Fill f = ahead.get();
                f.block().close();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Rows {@code first … first + count − 1} as a new {@code count × n} matrix (the caller closes
     * it): random access that reads only those rows, counted in {@link #bytesRead()} but not as a
     * pass. The memory is the result's plus the block buffer's.
     *
     * @throws IndexOutOfBoundsException if the rows are not within {@code 0 … m − 1}
     * @throws DiskMatrixException as a pass does
     * @param count rows to read
     * @param first the first row
     * @return rows {@code first … first + count − 1} as a new {@code count × n} matrix (the caller closes it)
     */
    public Matrix readRows(int first, int count) {
        checkOpen();
        requireReal();
        java.util.Objects.checkFromIndexSize(first, count, rows);
        Matrix out = Matrix.zeros(count, cols, dtype);
        try {
            double[] column = new double[Math.min(count, blockRows)];
            for (Part p : parts) {
                int from = Math.max(first, p.firstRow());
                int to = Math.min(first + count, p.firstRow() + p.rows());
                for (int r = from; r < to; r += blockRows) {
                    int b = Math.min(blockRows, to - r);
                    Fill f = fill(new BlockRef(p, r - p.firstRow(), b, -1), 0);
                    bytesRead += f.bytes();
                    readNanos += f.nanos();
                    try (Matrix block = f.block()) {
                        for (int j = 0; j < cols; j++) {
                            block.getColumn(j, 0, column, 0, b);
                            out.setColumn(j, r - first, column, 0, b);
                        }
                    }
                }
            }
            return out;
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
    }

    /**
     * The whole matrix as one new m×n matrix (the caller closes it), read through a block buffer of
     * about 1 MiB (the rows per block are lowered to that first): what a plan that reads the file
     * whole uses, so that its memory is the result's, not the result's plus a full-size block.
     *
     * @throws DiskMatrixException as a pass does
     * @return the m×n matrix
     */
    public Matrix readAll() {
        checkOpen();
        int small = (int) Math.max(1, Math.min(rows, READ_BYTES / Math.max(1L, (long) cols * dtype.bytes())));
        if (blockRows > small) {
            blockRows(small);
        }
        return readRows(0, rows);
    }

    /**
     * Reads block {@code ref} into buffer {@code slot} of its layout; returns the block as a view
     * (close it). Runs on the read-ahead thread during a pass: it touches no counter, and the
     * scratch arrays it decodes through are used by one read at a time.
     */
    private Fill fill(BlockRef ref, int slot) {
        Part p = ref.part();
        int r = ref.row();
        int b = ref.rows();
        checkUnchanged(p, ref.index());
        long t0 = System.nanoTime();
        long bytes;
        Matrix block;
        if (p.columnMajor()) {
            Slot s = slot(columnMajorSlots, slot, blockRows, cols);
            block = s.matrix().view(0, 0, b, cols);
            try {
                bytes = readColumnMajor(p, r, b, s, block, ref.index());
            } catch (RuntimeException | Error e) {
                block.close();
                throw e;
            }
        } else {
            Slot s = slot(rowMajorSlots, slot, cols, blockRows);
            try (Matrix stored = s.matrix().view(0, 0, cols, b)) {
                bytes = readRowMajor(p, r, b, s, stored, ref.index());
                block = stored.transpose();
            }
        }
        try {
            // checked again after the read: a block read while the file changed is refused, not used
            checkUnchanged(p, ref.index());
        } catch (RuntimeException e) {
            block.close();
            throw e;
        }
        return new Fill(block, bytes, System.nanoTime() - t0);
    }

    private Slot slot(Slot[] slots, int i, int slotRows, int slotCols) {
        if (slots[i] == null) {
            slots[i] = Slot.allocate(slotRows, slotCols, dtype);
        }
        return slots[i];
    }

    /** True when the file's bytes are the matrix's: float64/float32 stored in this machine's byte order. */
    private boolean readsDirect(Part p, Slot s) {
        return s.bytes() != null && (elem == Npy.Elem.F8 || elem == Npy.Elem.F4)
                && p.header().order() == ByteOrder.nativeOrder();
    }

    /**
     * C order: rows r… are contiguous; row i of the block becomes column i of {@code stored} (n × b),
     * so the block's bytes are {@code stored}'s, read straight into it when the encoding allows.
     */
    private long readRowMajor(Part p, int r, int b, Slot s, Matrix stored, int blockIndex) {
        int size = elem.size;
        long rowBytes = (long) cols * size;
        long start = Npy.elementOffset(p.header().dataOffset(), (long) r * cols, size);
        if (readsDirect(p, s)) {
            ByteBuffer dst = s.bytes().duplicate();
            dst.clear().limit((int) (b * rowBytes));
            readInto(p, start, dst, blockIndex);
            return b * rowBytes;
        }
        int rowsPerRead = (int) Math.max(1, Math.min(b, READ_BYTES / Math.max(1, rowBytes)));
        ensureScratch((long) rowsPerRead * cols);
        for (int i = 0; i < b; i += rowsPerRead) {
            int nr = Math.min(rowsPerRead, b - i);
            long pos = Npy.elementOffset(p.header().dataOffset(), ((long) r + i) * cols, size);
            ByteBuffer bytes = readFully(p, pos, nr * rowBytes, blockIndex);
            decode(bytes, (int) ((long) nr * cols));
            for (int k = 0; k < nr; k++) {
                if (dtype == DType.F32) {
                    stored.setColumn(i + k, 0, floats, k * cols, cols);
                } else {
                    stored.setColumn(i + k, 0, doubles, k * cols, cols);
                }
            }
        }
        return b * rowBytes;
    }

    /** Fortran order (or one column): each column's rows r… are contiguous; read column by column. */
    private long readColumnMajor(Part p, int r, int b, Slot s, Matrix block, int blockIndex) {
        int size = elem.size;
        if (readsDirect(p, s)) {
            ByteBuffer dst = s.bytes().duplicate();
            long columnBytes = (long) blockRows * size;   // the slot's leading dimension is blockRows
            for (int j = 0; j < cols; j++) {
                long pos = Npy.elementOffset(p.header().dataOffset(), (long) j * p.rows() + r, size);
                dst.limit((int) (j * columnBytes + (long) b * size)).position((int) (j * columnBytes));
                readInto(p, pos, dst, blockIndex);
            }
            return (long) b * cols * size;
        }
        int perRead = Math.max(1, READ_BYTES / size);
        ensureScratch(Math.min(b, perRead));
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < b; i += perRead) {
                int len = Math.min(perRead, b - i);
                long pos = Npy.elementOffset(p.header().dataOffset(), (long) j * p.rows() + r + i, size);
                ByteBuffer bytes = readFully(p, pos, (long) len * size, blockIndex);
                decode(bytes, len);
                if (dtype == DType.F32) {
                    block.setColumn(j, i, floats, 0, len);
                } else {
                    block.setColumn(j, i, doubles, 0, len);
                }
            }
        }
        return (long) b * cols * size;
    }

    private void ensureScratch(long elements) {
        int need = (int) elements;
        if (dtype == DType.F32) {
            if (floats == null || floats.length < need) {
                floats = new float[need];
            }
        } else if (doubles == null || doubles.length < need) {
            doubles = new double[need];
        }
        long bytes = elements * elem.size;
        if (io == null || io.capacity() < bytes) {
            io = ByteBuffer.allocateDirect((int) Math.max(bytes, READ_BYTES));
        }
    }

    private void decode(ByteBuffer bytes, int n) {
        switch (elem) {
            case F8 -> bytes.asDoubleBuffer().get(doubles, 0, n);
            case F4 -> bytes.asFloatBuffer().get(floats, 0, n);
            default -> elem.decode(bytes, doubles, n);
        }
    }

    /** {@code len} bytes at {@code pos} of part {@code p}, in the scratch buffer at position 0, in the file's byte order. */
    private ByteBuffer readFully(Part p, long pos, long len, int blockIndex) {
        ByteBuffer b = io;
        b.clear().limit((int) len);
        readInto(p, pos, b, blockIndex);
        b.flip();
        return b.order(p.header().order());
    }

    /**
     * Fills {@code dst} from its position to its limit with the bytes at {@code pos} of part
     * {@code p}; a file that ends first (truncated during the pass) is a typed error naming the block.
     */
    private static void readInto(Part p, long pos, ByteBuffer dst, int blockIndex) {
        long start = pos - dst.position();
        long end = pos + dst.remaining();
        try {
            while (dst.hasRemaining()) {
                int got = p.channel().read(dst, start + dst.position());
                if (got < 0) {
                    long now = Files.size(p.file());
                    throw new DiskMatrixException(p.file(), blockIndex, new MatrixFormatException(p.file(),
                            String.format(Locale.ROOT, "truncated during a pass: block %d needs bytes up to %d but"
                                    + " the file now has %d (the header declares %s)", blockIndex, end, now,
                                    p.header().describe())));
                }
            }
        } catch (IOException e) {
            throw new DiskMatrixException(p.file(), blockIndex, IoSupport.named(p.file(), e));
        }
    }

    /** Refuses a part whose size or modification time differs from when it was opened. */
    private void checkUnchanged(Part p, int blockIndex) {
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(p.file(), BasicFileAttributes.class);
        } catch (IOException e) {
            throw new DiskMatrixException(p.file(), blockIndex, IoSupport.named(p.file(), e));
        }
        if (now.size() != p.size() || !now.lastModifiedTime().equals(p.modified())) {
            String where = blockIndex < 0 ? "before pass " + passes : "at block " + blockIndex + " of pass " + passes;
            throw new DiskMatrixException(p.file(), blockIndex, new MatrixFormatException(p.file(), String.format(
                    Locale.ROOT, "changed since it was opened (%s): size %d → %d bytes, modified %s → %s; the"
                            + " passes of one decomposition must read the same data, so rerun on the new file",
                    where, p.size(), now.size(), p.modified(), now.lastModifiedTime())));
        }
    }

    // ---------------------------------------------------------------- products

    /** {@code out ← A·x}, one pass: each row block's rows of {@code out} by {@code gemm}. */
    @Override
    public void multiply(Matrix x, Matrix out) {
        checkProduct(x, out, cols, rows, "A·X");
        forEachBlock((first, block) -> {
            try (Matrix o = out.view(first, 0, block.rows(), out.cols())) {
                block.multiplyInto(x, o, 1.0, 0.0);
            }
        });
    }

    /** {@code out ← Aᵀ·x}, one pass: {@code out} accumulates each block's {@code A_iᵀ·x_i} by {@code gemm}. */
    @Override
    public void multiplyTranspose(Matrix x, Matrix out) {
        checkProduct(x, out, rows, cols, "Aᵀ·X");
        zero(out);
        forEachBlock((first, block) -> {
            try (Matrix xi = x.view(first, 0, block.rows(), x.cols()); Matrix bt = block.transpose()) {
                bt.multiplyInto(xi, out, 1.0, 1.0);
            }
        });
    }

    /** Both products in one pass over the file. */
    @Override
    public void multiplyTransposeAndMultiply(Matrix y, Matrix outT, Matrix w, Matrix outW) {
        checkProduct(y, outT, rows, cols, "Aᵀ·Y");
        checkProduct(w, outW, cols, rows, "A·W");
        zero(outT);
        forEachBlock((first, block) -> {
            try (Matrix yi = y.view(first, 0, block.rows(), y.cols()); Matrix bt = block.transpose();
                 Matrix o = outW.view(first, 0, block.rows(), outW.cols())) {
                bt.multiplyInto(yi, outT, 1.0, 1.0);
                block.multiplyInto(w, o, 1.0, 0.0);
            }
        });
    }

    private void checkProduct(Matrix x, Matrix out, int xRows, int outRows, String what) {
        checkOpen();
        if (x.rows() != xRows || out.rows() != outRows || x.cols() != out.cols()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s of the %d×%d matrix %s: X is %d×%d"
                    + " and the output %d×%d; need %d×k and %d×k", what, rows, cols, source, x.rows(), x.cols(),
                    out.rows(), out.cols(), xRows, outRows));
        }
        if (x.dtype() != dtype || out.dtype() != dtype) {
            throw new IllegalArgumentException(what + " of the " + dtype + " matrix " + source + " needs " + dtype
                    + " operands, got " + x.dtype() + " and " + out.dtype());
        }
    }

    private static void zero(Matrix out) {
        double[] z = new double[out.rows()];
        for (int j = 0; j < out.cols(); j++) {
            out.setColumn(j, 0, z, 0, z.length);
        }
    }

    /** The block reads and products are real: a complex file is described, never read as if real. */
    private void requireReal() {
        if (dtype.isComplex()) {
            throw new IllegalArgumentException("the disk matrix " + source + " holds " + dtype.numpyName()
                    + ": out-of-core passes read float64 and float32 files only");
        }
    }

    private void freeSlots() {
        for (Slot[] slots : new Slot[][] {rowMajorSlots, columnMajorSlots}) {
            for (int i = 0; i < slots.length; i++) {
                if (slots[i] != null) {
                    slots[i].matrix().close();
                    slots[i] = null;
                }
            }
        }
    }

    /**
     * One block buffer. Where it can be, it is direct memory the file's bytes are read straight
     * into (one copy, by the kernel), and the matrix a pass hands out wraps it: no decoding and no
     * second copy on the way to {@code gemm}. A buffer over 2 GiB, or one the JVM's direct-memory
     * limit ({@code -XX:MaxDirectMemorySize}, the heap's size by default) refuses, is an ordinary
     * native matrix filled through the decoding path instead.
     */
    private record Slot(ByteBuffer bytes, Matrix matrix) {
        static Slot allocate(int rows, int cols, DType t) {
            long size = (long) rows * cols * t.bytes();
            if (size <= Integer.MAX_VALUE) {
                ByteBuffer b = null;
                try {
                    b = ByteBuffer.allocateDirect((int) size).order(ByteOrder.nativeOrder());
                } catch (OutOfMemoryError e) {
                    // over the direct-memory limit: the native matrix below is not subject to it
                }
                if (b != null) {
                    return new Slot(b, Matrix.wrap(b, rows, cols, t, Layout.COLUMN_MAJOR));
                }
            }
            return new Slot(null, Matrix.zeros(rows, cols, t));
        }

        long directBytes() {
            return bytes == null ? 0 : bytes.capacity();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the disk matrix " + source + " is closed");
        }
    }

    /** Closes the files and frees the block buffers. Idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (reader != null) {
            reader.shutdownNow();
        }
        freeSlots();
        IOException first = null;
        for (Part p : parts) {
            try {
                p.channel().close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "on-disk %d×%d %s %s (%d file%s, blocks of %d rows)", rows, cols,
                elem.numpyName, source, parts.size(), parts.size() == 1 ? "" : "s", blockRows);
    }
}
