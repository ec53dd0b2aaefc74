package org.decomp4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.decomp4j.DType;
import org.decomp4j.Matrix;

/**
 * NumPy's {@code .npy} format (versions 1.0, 2.0 and 3.0), read and written in chunks so that a
 * matrix of more than 2<sup>31</sup> elements, or a file of more than 2 GiB, needs no Java array
 * of its size: file offsets are {@code long} and data moves through a 1 MiB buffer.
 *
 * <p>A file is a 6-byte magic {@code \x93NUMPY}, a version, a little-endian header length, a
 * header holding a Python dict literal {@code {'descr': '<f8', 'fortran_order': False,
 * 'shape': (3, 4), }}, then the raw elements. See
 * <a href="https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html">numpy.lib.format</a>.
 *
 * <p>Shapes: a 2-D array {@code (m, n)} is read as an {@code m×n} matrix, a 1-D array
 * {@code (n,)} as an {@code n×1} column. Dimensions of 0 are allowed ({@code (0, 5)} gives a 0×5
 * matrix).
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy pads the header so that the data starts at a multiple of this, for aligned mmap. */
    private static final int ALIGN = 64;
    /** NumPy itself refuses headers over 10 000 bytes by default; anything near this is garbage. */
    private static final int MAX_HEADER_BYTES = 1 << 20;
    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

    private Npy() {
    }

    /**
     * Element types read; float32 becomes an F32 matrix, complex128 and complex64 C128 and C64
     * matrices, all others F64.
     */
    enum Elem {
        F8('f', 8, "float64"), F4('f', 4, "float32"),
        C16('c', 16, "complex128"), C8('c', 8, "complex64"),
        I1('i', 1, "int8"), I2('i', 2, "int16"), I4('i', 4, "int32"), I8('i', 8, "int64"),
        U1('u', 1, "uint8"), U2('u', 2, "uint16"), U4('u', 4, "uint32"), U8('u', 8, "uint64");

        final char kind;
        final int size;
        final String numpyName;

        Elem(char kind, int size, String numpyName) {
            this.kind = kind;
            this.size = size;
            this.numpyName = numpyName;
        }

        DType target() {
            return switch (this) {
                case F4 -> DType.F32;
                case C16 -> DType.C128;
                case C8 -> DType.C64;
                default -> DType.F64;
            };
        }

        /** Scalars decoded per element: 2 ({@code re, im}) for a complex type. */
        int scalars() {
            return kind == 'c' ? 2 : 1;
        }

        /** The element type {@link #write} stores for a matrix of dtype {@code t}. */
        static Elem of(DType t) {
            return switch (t) {
                case F64 -> F8;
                case F32 -> F4;
                case C128 -> C16;
                case C64 -> C8;
            };
        }

        static Elem of(char kind, int size) {
            for (Elem e : values()) {
                if (e.kind == kind && e.size == size) {
                    return e;
                }
            }
            return null;
        }

        /**
         * Decodes {@code n} elements from {@code b} (position 0, its byte order) into {@code out}:
         * {@code n} values, or {@code 2n} interleaved {@code re, im} scalars for a complex type.
         */
        void decode(ByteBuffer b, double[] out, int n) {
            switch (this) {
                case F8 -> b.asDoubleBuffer().get(out, 0, n);
                case C16 -> b.asDoubleBuffer().get(out, 0, 2 * n);
                case C8 -> {
                    FloatBuffer f = b.asFloatBuffer();
                    for (int k = 0; k < 2 * n; k++) {
                        out[k] = f.get(k);
                    }
                }
                case F4 -> {
                    FloatBuffer f = b.asFloatBuffer();
                    for (int k = 0; k < n; k++) {
                        out[k] = f.get(k);
                    }
                }
                case I1 -> {
                    for (int k = 0; k < n; k++) {
                        out[k] = b.get(k);
                    }
                }
                case U1 -> {
                    for (int k = 0; k < n; k++) {
                        out[k] = b.get(k) & 0xff;
                    }
                }
                case I2 -> {
                    for (int k = 0; k < n; k++) {
                        out[k] = b.getShort(2 * k);
                    }
                }
                case U2 -> {
                    for (int k = 0; k < n; k++) {
                        out[k] = b.getShort(2 * k) & 0xffff;
                    }
                }
                case I4 -> {
                    for (int k = 0; k < n; k++) {
                        out[k] = b.getInt(4 * k);
                    }
                }
                case U4 -> {
                    for (int k = 0; k < n; k++) {
                        out[k] = b.getInt(4 * k) & 0xffffffffL;
                    }
                }
                case I8 -> {
                    for (int k = 0; k < n; k++) {
                        out[k] = b.getLong(8 * k);
                    }
                }
                case U8 -> {
                    for (int k = 0; k < n; k++) {
                        out[k] = unsignedToDouble(b.getLong(8 * k));
                    }
                }
                default -> throw new AssertionError(this);
            }
        }
    }

    /** A parsed header; {@code rows × cols} is the matrix shape ({@code n × 1} for 1-D). */
    record Header(int major, int minor, long dataOffset, Elem elem, ByteOrder order, boolean fortran,
                  int ndim, int rows, int cols) {
        long dataBytes() {
            return IoSupport.denseBytes(rows, cols, elem.size);
        }

        String describe() {
            String shape = ndim == 1 ? "(" + rows + ",)" : rows + "×" + cols;
            return shape + " " + elem.numpyName;
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads a {@code .npy} file into a new matrix, which the caller must close.
     *
     * <p>{@code float64} ({@code <f8}, {@code >f8}) gives an F64 matrix and {@code float32} an F32
     * matrix, {@code complex128} ({@code <c16}) a C128 and {@code complex64} ({@code <c8}) a C64
     * matrix, byte order converted. Integer dtypes ({@code i1 i2 i4 i8 u1 u2 u4 u8}, either byte
     * order) are converted to F64; values beyond 2<sup>53</sup> round to the nearest double. C and
     * Fortran order are both read. Cost: one pass over the file in 1 MiB chunks, plus the matrix.
     *
     * @param file a {@code .npy} file, or a FIFO
     * @return a new owning matrix (a 1-D array becomes a column): close it
     * @throws java.nio.file.NoSuchFileException if {@code file} does not exist
     * @throws MatrixFormatException if the file is not a valid .npy array this reader supports:
     *     bad magic, unsupported version, garbled header or missing keys, a bool, complex256, float16,
     *     string, object or structured dtype, a 0-D or ≥3-D shape, a negative or non-integer
     *     dimension, one above {@link Integer#MAX_VALUE}, data shorter or longer than declared,
     *     or a matrix larger than {@link org.decomp4j.NativeConfig#memoryBudget()}
     * @throws IOException if reading fails
     */
    public static Matrix read(Path file) throws IOException {
        // One open, read front to back: a FIFO or /dev/stdin works, and a regular file's size
        // (known without reading) lets truncation be refused before anything is allocated.
        try (InputStream in = IoSupport.open(file)) {
            long size = Files.isRegularFile(file) ? Files.size(file) : -1;
            return read(file, in, size);
        }
    }

    /**
     * Reads a {@code .npy} array held in memory (the bytes of a file, a database blob, a binary
     * column of a Spark Dataset) into a new matrix, as {@link #read(Path)} reads a file.
     *
     * @param content the whole {@code .npy} content, nothing before or after it
     * @param name what messages call it (a row id, a key); not opened
     * @return a new owning matrix (a 1-D array becomes a column): close it
     * @throws MatrixFormatException for content that is not one valid .npy array this reader
     *     supports (as {@link #read(Path)}), or data shorter or longer than declared
     * @throws IOException never in practice (the content is in memory)
     */
    public static Matrix read(byte[] content, String name) throws IOException {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(name, "name");
        return read(IoSupport.streamName(name), new java.io.ByteArrayInputStream(content), content.length);
    }

    /**
     * Reads one {@code .npy} array from a stream, as {@link #read(Path)} reads a file; messages
     * start with {@code <stream>}. The stream must end with the array (trailing bytes are refused,
     * as for a file); it is not closed. Cost: one pass in 1 MiB chunks, plus the matrix.
     *
     * @param in the array, starting at its magic {@code \x93NUMPY}
     * @return a new owning matrix: close it
     * @throws MatrixFormatException as {@link #read(Path)}
     * @throws IOException if reading fails
     */
    public static Matrix read(InputStream in) throws IOException {
        return read(in, IoSupport.STREAM);
    }

    /**
     * As {@link #read(InputStream)}, with messages naming {@code name} instead of {@code <stream>}.
     *
     * @param in   the array, starting at its magic; read to its end, not closed
     * @param name what messages call the input
     * @return a new owning matrix: close it
     * @throws MatrixFormatException as {@link #read(Path)}, naming {@code name}
     * @throws IOException if reading fails
     */
    public static Matrix read(InputStream in, String name) throws IOException {
        java.util.Objects.requireNonNull(in, "in");
        return read(IoSupport.streamName(name), in, -1);
    }

    /**
     * Reads one array from {@code in}, positioned at its magic, reading no byte past the
     * {@code size} bytes of the array if that is known ({@code -1} if not: a stream).
     *
     * @param where named in messages (a file, or {@code archive.npz!entry.npy})
     */
    static Matrix read(Path where, InputStream in, long size) throws IOException {
        Header h = readHeader(where, in);
        long dataBytes = h.dataBytes();
        // The claim first: a header declaring more than the budget is refused as such, whatever follows.
        IoSupport.checkBudget(where, h.rows(), h.cols(), h.elem().target());
        if (size >= 0) {
            long available = size - h.dataOffset();
            if (available < dataBytes) {
                throw truncated(where, h, available);
            }
            if (available > dataBytes) {
                throw new MatrixFormatException(where, String.format(
                        "%d unexpected bytes after the data: the header declares %s (%d bytes of data)"
                                + " but the file has %d; is it several arrays appended?",
                        available - dataBytes, h.describe(), dataBytes, available));
            }
        }
        Matrix m = Matrix.zeros(h.rows(), h.cols(), h.elem().target());
        try {
            readData(where, in, h, m);
            if (size < 0 && IoSupport.read(where, in, new byte[1], 0, 1) > 0) {
                throw new MatrixFormatException(where, String.format(
                        "unexpected bytes after the data: the header declares %s (%d bytes of data);"
                                + " is it several arrays appended?", h.describe(), dataBytes));
            }
        } catch (IOException | RuntimeException | Error e) {
            IoSupport.closeAfterFailure(m, e);
            throw e;
        }
        return m;
    }

    private static MatrixFormatException truncated(Path where, Header h, long available) {
        return new MatrixFormatException(where, String.format(
                "truncated: the header declares %s (%d bytes of data) but the file has %d",
                h.describe(), h.dataBytes(), available));
    }

    /** Reads and validates the preamble and header of a file opened as {@code ch}, at position 0. */
    static Header readHeader(Path file, FileChannel ch) throws IOException {
        return readHeader(file, Channels.newInputStream(ch));
    }

    /** Reads and validates the preamble and header; leaves the data unread. */
    static Header readHeader(Path file, InputStream in) throws IOException {
        ByteBuffer pre = ByteBuffer.allocate(MAGIC.length + 2 + 4).order(ByteOrder.LITTLE_ENDIAN);
        // The magic and version first: a version-1 preamble is only 10 bytes, and reading past
        // it would eat the header of a tiny file.
        int got = readUpTo(file, in, pre.array(), 0, MAGIC.length + 2);
        for (int k = 0; k < Math.min(got, MAGIC.length); k++) {
            if (pre.get(k) != MAGIC[k]) {
                throw new MatrixFormatException(file, badMagic(pre, got));
            }
        }
        if (got < MAGIC.length + 2) {
            throw new MatrixFormatException(file, got == 0 ? "empty file, not a .npy array"
                    : "truncated: the file ends after " + got + " bytes, inside the .npy preamble");
        }
        int major = pre.get(6) & 0xff;
        int minor = pre.get(7) & 0xff;
        if (major < 1 || major > 3 || minor != 0) {
            throw new MatrixFormatException(file, "unsupported .npy format version " + major + "." + minor
                    + " (supported: 1.0, 2.0, 3.0)");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        got += readUpTo(file, in, pre.array(), got, lengthBytes);
        if (got < MAGIC.length + 2 + lengthBytes) {
            throw new MatrixFormatException(file, "truncated: the file ends after " + got
                    + " bytes, inside the .npy preamble");
        }
        long headerLength = major == 1 ? pre.getShort(8) & 0xffff : pre.getInt(8) & 0xffffffffL;
        if (headerLength > MAX_HEADER_BYTES) {
            throw new MatrixFormatException(file, "header length " + headerLength + " bytes is implausible (limit "
                    + MAX_HEADER_BYTES + "); the file is corrupt");
        }
        long dataOffset = MAGIC.length + 2 + lengthBytes + headerLength;
        byte[] hb = new byte[(int) headerLength];
        int headerGot = readUpTo(file, in, hb, 0, hb.length);
        if (headerGot < headerLength) {
            throw new MatrixFormatException(file, "truncated: the header should be " + headerLength
                    + " bytes but the file ends after " + headerGot + " of them");
        }
        // Versions 1 and 2 store the header in latin-1, version 3 in UTF-8 (the spec's only change).
        String text = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return parseHeader(file, text, major, minor, dataOffset);
    }

    private static String badMagic(ByteBuffer pre, int got) {
        StringBuilder hex = new StringBuilder();
        for (int k = 0; k < Math.min(got, MAGIC.length); k++) {
            hex.append(String.format("%s%02x", k > 0 ? " " : "", pre.get(k) & 0xff));
        }
        String hint = got >= 2 && pre.get(0) == 'P' && pre.get(1) == 'K'
                ? "; it looks like a zip archive (an .npz?): extract the arrays with numpy.load first" : "";
        return "not a .npy file: it starts with bytes " + hex + ", not the magic \\x93NUMPY" + hint;
    }

    /** Validates the header dict as NumPy does: exactly the three keys, each of the right type. */
    static Header parseHeader(Path file, String text, int major, int minor, long dataOffset)
            throws MatrixFormatException {
        Object parsed;
        try {
            parsed = PyLiteral.parse(text);
        } catch (ParseException e) {
            throw new MatrixFormatException(file, "garbled header: " + e.getMessage() + "; header: "
                    + IoSupport.quote(text.strip()));
        }
        if (!(parsed instanceof Map<?, ?> dict)) {
            throw new MatrixFormatException(file, "header is not a dict: " + IoSupport.quote(text.strip()));
        }
        for (String key : List.of("descr", "fortran_order", "shape")) {
            if (!dict.containsKey(key)) {
                throw new MatrixFormatException(file, "header lacks the key '" + key + "': "
                        + IoSupport.quote(text.strip()));
            }
        }
        for (Object key : dict.keySet()) {
            if (!KEYS.contains(key)) {
                throw new MatrixFormatException(file, "header has the unexpected key " + PyLiteral.repr(key)
                        + " (allowed: 'descr', 'fortran_order', 'shape')");
            }
        }
        Object fortran = dict.get("fortran_order");
        if (!(fortran instanceof Boolean fortranOrder)) {
            throw new MatrixFormatException(file, "'fortran_order' must be True or False, not "
                    + PyLiteral.repr(fortran));
        }
        Object descr = dict.get("descr");
        if (descr instanceof List<?>) {
            throw new MatrixFormatException(file, "structured dtype " + PyLiteral.repr(descr)
                    + " is not supported; save a plain numeric array");
        }
        if (!(descr instanceof String d)) {
            throw new MatrixFormatException(file, "'descr' must be a dtype string, not " + PyLiteral.repr(descr));
        }
        ByteOrder order = byteOrder(file, d);
        Elem elem = elem(file, d);
        int[] shape = shape(file, dict.get("shape"));
        int rows = shape[0];
        int cols = shape.length == 2 ? shape[1] : 1;
        return new Header(major, minor, dataOffset, elem, order, fortranOrder, shape.length, rows, cols);
    }

    private static ByteOrder byteOrder(Path file, String descr) throws MatrixFormatException {
        if (descr.isEmpty()) {
            throw new MatrixFormatException(file, "'descr' is empty");
        }
        return switch (descr.charAt(0)) {
            case '<' -> ByteOrder.LITTLE_ENDIAN;
            case '>' -> ByteOrder.BIG_ENDIAN;
            // '|' means "not applicable" (single bytes); NumPy reads '|' and '=' as native order.
            default -> ByteOrder.nativeOrder();
        };
    }

    private static Elem elem(Path file, String descr) throws MatrixFormatException {
        String code = "<>|=".indexOf(descr.charAt(0)) >= 0 ? descr.substring(1) : descr;
        String quoted = "'" + descr + "'";
        if (code.isEmpty()) {
            throw new MatrixFormatException(file, "dtype " + quoted + " names no type");
        }
        char kind = code.charAt(0);
        String sizeText = code.substring(1);
        int size = sizeText.matches("[0-9]{1,3}") ? Integer.parseInt(sizeText) : -1;
        Elem e = Elem.of(kind, size);
        if (e != null) {
            return e;
        }
        String why = switch (kind) {
            case 'f' -> size == 2 ? "float16 is not supported; convert with a.astype(np.float32)"
                    : "float of " + size + " bytes (long double?) is not supported; convert with a.astype(np.float64)";
            case 'b' -> "bool arrays are not supported; convert with a.astype(np.float64)";
            case 'c' -> "complex of " + size + " bytes is not supported (complex64 and complex128 are);"
                    + " convert with a.astype(np.complex128)";
            case 'O' -> "object arrays are not supported (they hold pickled Python objects)";
            case 'U', 'S', 'a' -> "string arrays are not supported";
            case 'V' -> "void (structured or raw bytes) arrays are not supported";
            case 'M', 'm' -> "datetime and timedelta arrays are not supported";
            case 'i', 'u' -> "integers of " + size + " bytes do not exist";
            default -> "unknown dtype";
        };
        throw new MatrixFormatException(file, "dtype " + quoted + ": " + why);
    }

    private static int[] shape(Path file, Object shape) throws MatrixFormatException {
        if (!(shape instanceof PyLiteral.Tuple t)) {
            throw new MatrixFormatException(file, "'shape' must be a tuple of integers, not " + PyLiteral.repr(shape));
        }
        List<Object> dims = t.items();
        if (dims.isEmpty()) {
            throw new MatrixFormatException(file, "0-dimensional (scalar) arrays are not supported; need 1-D or 2-D");
        }
        if (dims.size() > 2) {
            throw new MatrixFormatException(file, dims.size() + "-dimensional shape " + t
                    + " is not supported; need 1-D or 2-D (reshape it first)");
        }
        int[] out = new int[dims.size()];
        for (int k = 0; k < out.length; k++) {
            if (!(dims.get(k) instanceof BigInteger d)) {
                throw new MatrixFormatException(file, "'shape' must be a tuple of integers, not " + t);
            }
            if (d.signum() < 0) {
                throw new MatrixFormatException(file, "'shape' " + t + " has a negative dimension");
            }
            if (d.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
                throw new MatrixFormatException(file, "'shape' " + t + ": dimension " + d + " exceeds "
                        + Integer.MAX_VALUE + ", the largest matrix dimension (LAPACK uses 32-bit integers)");
            }
            out[k] = d.intValue();
        }
        return out;
    }

    private static void readData(Path file, InputStream in, Header h, Matrix m) throws IOException {
        long total = m.size();
        if (total == 0) {
            return;
        }
        int size = h.elem().size;
        int chunk = (int) Math.min(total, IoSupport.CHUNK_ELEMENTS);
        ByteBuffer bytes = ByteBuffer.allocate(chunk * size).order(h.order());
        double[] values = new double[chunk * h.elem().scalars()];
        // A single row or column is laid out the same in C and Fortran order.
        boolean columnMajor = h.fortran() || h.rows() == 1 || h.cols() == 1;
        ColumnMajorFiller byColumn = columnMajor ? new ColumnMajorFiller(m) : null;
        RowMajorFiller byRow = columnMajor ? null : new RowMajorFiller(m);
        for (long done = 0; done < total; ) {
            int n = (int) Math.min(chunk, total - done);
            int got = readUpTo(file, in, bytes.array(), 0, n * size);
            if (got < n * size) {
                throw truncated(file, h, elementOffset(0, done, size) + got);
            }
            bytes.clear();
            h.elem().decode(bytes, values, n);
            int scalars = n * h.elem().scalars();
            if (columnMajor) {
                byColumn.add(values, 0, scalars);
            } else {
                byRow.add(values, 0, scalars);
            }
            done += n;
        }
    }

    /**
     * Byte offset of element {@code index} of data starting at {@code dataOffset}: computed in
     * {@code long} and checked, since {@code index · itemSize} passes 2<sup>31</sup> for any
     * file over 2 GiB.
     *
     * @throws ArithmeticException on overflow of a {@code long}
     */
    static long elementOffset(long dataOffset, long index, int itemSize) {
        return Math.addExact(dataOffset, Math.multiplyExact(index, (long) itemSize));
    }

    /** Reads {@code len} bytes into {@code b} unless the stream ends first; returns bytes read. */
    private static int readUpTo(Path file, InputStream in, byte[] b, int off, int len) throws IOException {
        int done = 0;
        while (done < len) {
            int r = IoSupport.read(file, in, b, off + done, len - done);
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    /** A uint64 as the nearest double (the OR keeps the dropped bit so rounding stays correct). */
    static double unsignedToDouble(long v) {
        return v >= 0 ? v : (double) ((v >>> 1) | (v & 1)) * 2.0;
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes {@code m} as a version-1.0 {@code .npy} file in Fortran order: {@code <f8} for an F64
     * matrix, {@code <f4} for F32, {@code <c16} for C128, {@code <c8} for C64, shape {@code (rows, cols)}. The header is padded so the data
     * starts at a multiple of 64 bytes, as NumPy writes it. The file is written atomically
     * ({@link AtomicFiles}). Cost: one pass over the matrix in 1 MiB chunks.
     *
     * @param file the target; replaced whole, or left untouched on failure
     * @param m the matrix, open; not modified
     * @throws IllegalStateException if {@code m} is closed
     * @throws IOException if writing fails (no partial file is left behind)
     */
    public static void write(Path file, Matrix m) throws IOException {
        requireOpen(m);
        Elem elem = Elem.of(m.dtype());
        byte[] header = header(elem, true, "(" + m.rows() + ", " + m.cols() + ")");
        AtomicFiles.write(file, out -> {
            out.write(header);
            writeColumns(out, m);
        });
    }

    /**
     * Writes {@code m} as {@link #write(Path, Matrix)} does, to a stream the caller owns (not
     * closed, not forced to disk): for writers that provide atomicity themselves, such as the
     * batch CLI's staging directory.
     *
     * @param out the stream; written to, not closed
     * @param m the matrix, open; not modified
     * @throws IllegalStateException if {@code m} is closed
     * @throws IOException if writing to {@code out} fails
     */
    public static void write(OutputStream out, Matrix m) throws IOException {
        requireOpen(m);
        Elem elem = Elem.of(m.dtype());
        out.write(header(elem, true, "(" + m.rows() + ", " + m.cols() + ")"));
        writeColumns(out, m);
    }

    /**
     * Writes {@code v} as a 1-D array of shape {@code (n,)}: {@code <f8} for {@link DType#F64}
     * (and C128, whose singular values are float64), {@code <f4} for {@link DType#F32} and C64
     * (values rounded to float). Written atomically.
     *
     * @param file the target; replaced whole, or left untouched on failure
     * @param v the values; not modified
     * @param dtype the stored precision: F64 ({@code <f8}) or F32 ({@code <f4})
     * @throws IOException if writing fails (no partial file is left behind)
     */
    public static void writeVector(Path file, double[] v, DType dtype) throws IOException {
        Objects.requireNonNull(v, "v");
        AtomicFiles.write(file, out -> writeVector(out, v, dtype));
    }

    /**
     * {@link #writeVector(Path, double[], DType)} to a stream the caller owns (not closed, not forced).
     *
     * @param out the stream; written to, not closed
     * @param v the values; not modified
     * @param dtype the stored precision: F64 ({@code <f8}) or F32 ({@code <f4})
     * @throws IOException if writing to {@code out} fails
     */
    public static void writeVector(OutputStream out, double[] v, DType dtype) throws IOException {
        Objects.requireNonNull(v, "v");
        Elem elem = Elem.of(dtype.real()); // a real vector of a complex result: its real precision
        out.write(header(elem, false, "(" + v.length + ",)"));
        int chunk = Math.max(1, Math.min(v.length, IoSupport.CHUNK_ELEMENTS));
        ByteBuffer bytes = ByteBuffer.allocate(chunk * elem.size).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < v.length; from += chunk) {
            int n = Math.min(chunk, v.length - from);
            if (elem == Elem.F8) {
                bytes.asDoubleBuffer().put(v, from, n);
            } else {
                FloatBuffer f = bytes.asFloatBuffer();
                for (int k = 0; k < n; k++) {
                    f.put(k, (float) v[from + k]);
                }
            }
            out.write(bytes.array(), 0, n * elem.size);
        }
    }

    /**
     * Writes a 1-D complex array of shape {@code (n,)} from its real and imaginary parts (e.g. the
     * eigenvalues of a real matrix): {@code <c16} for a C128 or F64 {@code dtype}, {@code <c8} for C64
     * or F32, each element {@code re, im} interleaved as NumPy stores complex numbers. Written
     * atomically.
     *
     * @param file the target; replaced whole, or left untouched on failure
     * @param re the real parts; not modified
     * @param im the imaginary parts, as many as {@code re}; not modified
     * @param dtype the precision stored: a complex dtype or its real counterpart
     * @throws IllegalArgumentException if the parts differ in length
     * @throws IOException if writing fails (no partial file is left behind)
     */
    public static void writeComplexVector(Path file, double[] re, double[] im, DType dtype) throws IOException {
        Objects.requireNonNull(re, "re");
        Objects.requireNonNull(im, "im");
        if (re.length != im.length) {
            throw new IllegalArgumentException("real part has " + re.length + " values but imaginary part " + im.length);
        }
        Elem elem = Elem.of(dtype.isComplex() ? dtype : dtype.complex());
        AtomicFiles.write(file, out -> {
            out.write(header(elem, false, "(" + re.length + ",)"));
            int chunk = Math.max(1, Math.min(re.length, IoSupport.CHUNK_ELEMENTS));
            ByteBuffer bytes = ByteBuffer.allocate(chunk * elem.size).order(ByteOrder.LITTLE_ENDIAN);
            for (int from = 0; from < re.length; from += chunk) {
                int n = Math.min(chunk, re.length - from);
                bytes.clear();
                for (int k = from; k < from + n; k++) {
                    if (elem == Elem.C16) {
                        bytes.putDouble(re[k]).putDouble(im[k]);
                    } else {
                        bytes.putFloat((float) re[k]).putFloat((float) im[k]);
                    }
                }
                out.write(bytes.array(), 0, n * elem.size);
            }
        });
    }

    /**
     * Writes {@code v} as a 1-D {@code <i4} array of shape {@code (n,)} (e.g. pivot indices).
     * Written atomically.
     *
     * @param file the target; replaced whole, or left untouched on failure
     * @param v the values; not modified
     * @throws IOException if writing fails (no partial file is left behind)
     */
    public static void writeInts(Path file, int[] v) throws IOException {
        Objects.requireNonNull(v, "v");
        AtomicFiles.write(file, out -> writeInts(out, v));
    }

    /**
     * {@link #writeInts(Path, int[])} to a stream the caller owns (not closed, not forced).
     *
     * @param out the stream; written to, not closed
     * @param v the values; not modified
     * @throws IOException if writing to {@code out} fails
     */
    public static void writeInts(OutputStream out, int[] v) throws IOException {
        Objects.requireNonNull(v, "v");
        out.write(header(Elem.I4, false, "(" + v.length + ",)"));
        int chunk = Math.max(1, Math.min(v.length, IoSupport.CHUNK_ELEMENTS));
        ByteBuffer bytes = ByteBuffer.allocate(chunk * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < v.length; from += chunk) {
            int n = Math.min(chunk, v.length - from);
            bytes.asIntBuffer().put(v, from, n);
            out.write(bytes.array(), 0, n * 4);
        }
    }

    /**
     * A whole {@code .npy} file (header and data) in memory, ready to be written with one channel
     * write: for writers of many small files (the batch CLI), where per-file streams and chunk
     * buffers cost more than the data. {@code shape} is {@code {n}} (a 1-D array) or
     * {@code {rows, cols}} (Fortran order, {@code data} column-major). {@code kind} {@code 'f'}
     * stores {@code <f8} for {@link DType#F64} and {@code <f4} (rounded) for {@link DType#F32};
     * {@code 'i'} stores {@code <i4} (the values must be integers in int range). The returned
     * buffer is {@code reuse} when large enough (cleared and refilled), else a new one; it is
     * positioned at 0 with the file's length as limit. Cost: one pass over {@code data}.
     *
     * @param data the values, column-major for a 2-D shape; not modified
     * @param shape {@code {n}} or {@code {rows, cols}}
     * @param dtype the stored precision for kind {@code 'f'}
     * @param kind {@code 'f'} (floating) or {@code 'i'} ({@code <i4})
     * @param reuse a buffer to refill, or {@code null}
     * @return {@code reuse} or a new heap buffer, holding the whole file between 0 and its limit
     * @throws IllegalArgumentException if the shape does not match {@code data.length} or the kind is unknown
     */
    public static ByteBuffer encode(double[] data, int[] shape, DType dtype, char kind, ByteBuffer reuse) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(dtype, "dtype");
        long count = 1;
        for (int s : shape) {
            count *= s;
        }
        if (shape.length < 1 || shape.length > 2 || count != data.length) {
            throw new IllegalArgumentException("shape " + java.util.Arrays.toString(shape) + " does not match "
                    + data.length + " values");
        }
        Elem elem = switch (kind) {
            case 'f' -> Elem.of(dtype.real());
            case 'i' -> Elem.I4;
            default -> throw new IllegalArgumentException("kind must be 'f' or 'i', got '" + kind + "'");
        };
        byte[] header = shape.length == 1 ? header(elem, false, "(" + shape[0] + ",)")
                : header(elem, true, "(" + shape[0] + ", " + shape[1] + ")");
        long bytes = header.length + (long) data.length * elem.size;
        if (bytes > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException(bytes + " bytes is too large for an in-memory .npy; use write(Path, Matrix)");
        }
        ByteBuffer b = reuse != null && reuse.capacity() >= bytes ? reuse.clear() : ByteBuffer.allocate((int) bytes);
        b.order(ByteOrder.LITTLE_ENDIAN).put(header);
        switch (elem) {
            case F8 -> b.asDoubleBuffer().put(data);
            case F4 -> {
                java.nio.FloatBuffer f = b.asFloatBuffer();
                for (int k = 0; k < data.length; k++) {
                    f.put(k, (float) data[k]);
                }
            }
            default -> {
                java.nio.IntBuffer ib = b.asIntBuffer();
                for (int k = 0; k < data.length; k++) {
                    ib.put(k, (int) data[k]);
                }
            }
        }
        b.position(0).limit((int) bytes);
        return b;
    }

    private static void requireOpen(Matrix m) {
        Objects.requireNonNull(m, "m");
        if (m.isClosed()) {
            throw new IllegalStateException("cannot write a closed matrix");
        }
    }

    /** Magic, version 1.0, length, dict, padded with spaces and ended by '\n' to a multiple of 64. */
    static byte[] header(Elem elem, boolean fortran, String shape) {
        String dict = "{'descr': '<" + elem.kind + elem.size + "', 'fortran_order': " + (fortran ? "True" : "False")
                + ", 'shape': " + shape + ", }";
        int preamble = MAGIC.length + 2 + 2;
        int unpadded = preamble + dict.length() + 1;
        int total = (unpadded + ALIGN - 1) / ALIGN * ALIGN;
        int headerLength = total - preamble;
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) headerLength);
        b.put(dict.getBytes(StandardCharsets.ISO_8859_1));
        while (b.position() < total - 1) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        return b.array();
    }

    /** Streams the matrix out column after column, packing several short columns per chunk. */
    private static void writeColumns(OutputStream out, Matrix m) throws IOException {
        long total = m.size();
        if (total == 0) {
            return;
        }
        if (m.dtype().isComplex()) {
            writeComplexColumns(out, m);
            return;
        }
        int rows = m.rows();
        int chunk = (int) Math.min(total, IoSupport.CHUNK_ELEMENTS);
        boolean f64 = m.dtype() == DType.F64;
        int size = f64 ? 8 : 4;
        ByteBuffer bytes = ByteBuffer.allocate(chunk * size).order(ByteOrder.LITTLE_ENDIAN);
        DoubleBuffer doubles = bytes.asDoubleBuffer();
        FloatBuffer floats = bytes.asFloatBuffer();
        double[] dbuf = f64 ? new double[chunk] : null;
        float[] fbuf = f64 ? null : new float[chunk];
        int filled = 0;
        for (int j = 0; j < m.cols(); j++) {
            for (int from = 0; from < rows; ) {
                int len = Math.min(rows - from, chunk - filled);
                if (f64) {
                    m.getColumn(j, from, dbuf, filled, len);
                } else {
                    m.getColumn(j, from, fbuf, filled, len);
                }
                filled += len;
                from += len;
                if (filled == chunk) {
                    emit(out, bytes, doubles, floats, dbuf, fbuf, filled);
                    filled = 0;
                }
            }
        }
        if (filled > 0) {
            emit(out, bytes, doubles, floats, dbuf, fbuf, filled);
        }
    }

    /** Complex columns as interleaved {@code re, im} scalars, one column at a time. */
    private static void writeComplexColumns(OutputStream out, Matrix m) throws IOException {
        int rows = m.rows();
        boolean doubles = m.dtype() == DType.C128;
        double[] col = new double[2 * rows];
        ByteBuffer bytes = ByteBuffer.allocate(2 * rows * (doubles ? 8 : 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (int j = 0; j < m.cols(); j++) {
            m.getColumnComplex(j, 0, col, 0, rows);
            if (doubles) {
                bytes.asDoubleBuffer().put(col);
            } else {
                FloatBuffer f = bytes.asFloatBuffer();
                for (int k = 0; k < col.length; k++) {
                    f.put(k, (float) col[k]);
                }
            }
            out.write(bytes.array(), 0, bytes.capacity());
        }
    }

    private static void emit(OutputStream out, ByteBuffer bytes, DoubleBuffer doubles, FloatBuffer floats,
                             double[] dbuf, float[] fbuf, int n) throws IOException {
        if (dbuf != null) {
            doubles.clear();
            doubles.put(dbuf, 0, n);
            out.write(bytes.array(), 0, n * 8);
        } else {
            floats.clear();
            floats.put(fbuf, 0, n);
            out.write(bytes.array(), 0, n * 4);
        }
    }
}
