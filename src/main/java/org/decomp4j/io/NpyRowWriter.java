package org.decomp4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Objects;

import org.decomp4j.DType;
import org.decomp4j.Matrix;

/**
 * Writes an m×n C-order {@code .npy} file row block by row block, in any order, so that a matrix
 * larger than memory (the U of an out-of-core SVD) never exists whole. The header is written
 * first; {@link #finish()} checks that every row was written once. Memory: one row block's
 * copy plus a 1 MiB buffer. Write to a temporary name and move it into place when complete
 * ({@link OutputSet}, {@link AtomicFiles}).
 */
public final class NpyRowWriter implements AutoCloseable {
    private final Path file;
    private final FileChannel ch;
    private final int rows;
    private final int cols;
    private final DType dtype;
    private final long dataOffset;
    private final ByteBuffer buf;
    private long rowsWritten;

    private NpyRowWriter(Path file, FileChannel ch, int rows, int cols, DType dtype, long dataOffset) {
        this.file = file;
        this.ch = ch;
        this.rows = rows;
        this.cols = cols;
        this.dtype = dtype;
        this.dataOffset = dataOffset;
        this.buf = ByteBuffer.allocateDirect((int) Math.max(DiskMatrix.READ_BYTES, (long) cols * dtype.bytes()))
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Creates (or replaces) {@code file} holding the header of a {@code rows × cols} array of
     * {@code dtype} (little-endian, C order) and room for its data.
     *
     * @throws IOException if the file cannot be written
     * @param cols columns
     * @param dtype the dtype
     * @param file the file to write
     * @param rows rows
     * @return the writer, open until {@link #close()}
     */
    public static NpyRowWriter create(Path file, int rows, int cols, DType dtype) throws IOException {
        Objects.requireNonNull(file, "file");
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative shape " + rows + "×" + cols);
        }
        if (dtype.isComplex()) {
            throw new IllegalArgumentException("NpyRowWriter writes float64 and float32 rows, not " + dtype.numpyName());
        }
        byte[] header = Npy.header(dtype == DType.F32 ? Npy.Elem.F4 : Npy.Elem.F8, false,
                "(" + rows + ", " + cols + ")");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        try {
            ByteBuffer h = ByteBuffer.wrap(header);
            while (h.hasRemaining()) {
                ch.write(h, h.position());
            }
            return new NpyRowWriter(file, ch, rows, cols, dtype, header.length);
        } catch (IOException | RuntimeException | Error e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Writes {@code block} (b × n, this file's dtype) as rows {@code first … first + b − 1}.
     *
     * @throws IllegalArgumentException if the block's shape or dtype does not fit
     * @throws IOException if writing fails
     * @param block a b×n block of this file's dtype
     * @param first the first row
     */
    public void writeRows(int first, Matrix block) throws IOException {
        if (block.cols() != cols || block.dtype() != dtype || first < 0 || first > rows - block.rows()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "rows %d… of %s: a %d×%d %s block does"
                    + " not fit the %d×%d %s file", first, file, block.rows(), block.cols(), block.dtype(), rows, cols,
                    dtype));
        }
        int b = block.rows();
        // a transposed copy is the block's rows, each one contiguous column
        try (Matrix t = block.transpose().copy()) {
            int size = dtype.bytes();
            int perWrite = Math.max(1, buf.capacity() / (cols * size));
            double[] d = dtype == DType.F64 ? new double[cols * Math.min(perWrite, b)] : null;
            float[] f = dtype == DType.F32 ? new float[cols * Math.min(perWrite, b)] : null;
            for (int i = 0; i < b; i += perWrite) {
                int nr = Math.min(perWrite, b - i);
                for (int k = 0; k < nr; k++) {
                    if (d != null) {
                        t.getColumn(i + k, 0, d, k * cols, cols);
                    } else {
                        t.getColumn(i + k, 0, f, k * cols, cols);
                    }
                }
                buf.clear();
                if (d != null) {
                    buf.asDoubleBuffer().put(d, 0, nr * cols);
                } else {
                    buf.asFloatBuffer().put(f, 0, nr * cols);
                }
                buf.limit(nr * cols * size);
                long pos = Npy.elementOffset(dataOffset, ((long) first + i) * cols, size);
                while (buf.hasRemaining()) {
                    ch.write(buf, pos + buf.position());
                }
            }
        } catch (IOException e) {
            throw IoSupport.named(file, e);
        }
        rowsWritten += b;
    }

    /**
     * Forces the data to the device and checks the row count.
     *
     * @throws IOException if fewer or more rows were written than the header declares, or syncing fails
     */
    public void finish() throws IOException {
        if (rowsWritten != rows) {
            throw new IOException(file + ": " + rowsWritten + " rows written, the header declares " + rows);
        }
        ch.force(true);
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
