package org.decomp4j.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.NativeConfig;

/**
 * The Matrix Market exchange format ({@code .mtx}), as specified at
 * <a href="https://math.nist.gov/MatrixMarket/formats.html">math.nist.gov/MatrixMarket</a>.
 *
 * <p>A file starts with the banner {@code %%MatrixMarket matrix <format> <field> <symmetry>},
 * then {@code %} comment lines, a size line, and the entries, one per line:
 * <ul>
 *   <li>format {@code array}: size {@code M N}, then the values in column-major order; for
 *       {@code symmetric} only the lower triangle with the diagonal is listed (column by column),
 *       for {@code skew-symmetric} only the strictly lower triangle;</li>
 *   <li>format {@code coordinate}: size {@code M N NNZ}, then {@code i j value} with 1-based
 *       indices ({@code i j} alone for the {@code pattern} field, value 1).</li>
 * </ul>
 * Fields {@code real}, {@code double}, {@code integer} and {@code pattern} are read into F64
 * matrices and {@code complex} ({@code re im} on each entry) into C128 ones; symmetries
 * {@code general}, {@code symmetric}, {@code skew-symmetric} and, for complex, {@code hermitian}
 * (mirrored entries conjugated, diagonal real) are expanded to the full matrix. A complex file
 * cannot be read as sparse coordinates ({@link #readCoordinate} is real). Comment lines may appear anywhere
 * after the banner and blank lines are ignored. Keywords are case-insensitive.
 *
 * <p>Errors are {@link MatrixFormatException}s with the line and the 1-based token on it.
 */
public final class MatrixMarket {
    private static final String BANNER = "%%MatrixMarket";
    private static final String BANNER_FORM = "'%%MatrixMarket matrix <format> <field> <symmetry>'";
    /** Java arrays hold slightly fewer than Integer.MAX_VALUE elements on common JVMs. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private MatrixMarket() {
    }

    /**
     * The entries of a coordinate file, not densified: entry {@code k} is
     * {@code values[k]} at 0-based {@code (rowIdx[k], colIdx[k])}. Symmetric and skew-symmetric
     * files are already expanded (each off-diagonal entry also appears mirrored, negated for
     * skew-symmetric). Entries are in file order and duplicates are kept; a consumer that
     * densifies should sum them, as {@link MatrixMarket#read} does.
     *
     * <p>The arrays are not copied: the record holds what it is given and hands out the same
     * arrays, and its {@code equals} compares them by identity.
     *
     * @param rows    number of rows
     * @param cols    number of columns
     * @param rowIdx  0-based row of each entry
     * @param colIdx  0-based column of each entry
     * @param values  value of each entry
     */
    public record Coordinate(int rows, int cols, int[] rowIdx, int[] colIdx, double[] values) {
        /**
         * Checks the invariants; cost O(nnz).
         *
         * @param rows number of rows, ≥ 0
         * @param cols number of columns, ≥ 0
         * @param rowIdx 0-based row of each entry, in {@code [0, rows)}; kept, not copied
         * @param colIdx 0-based column of each entry, in {@code [0, cols)}; kept, not copied
         * @param values value of each entry; kept, not copied
         * @throws IllegalArgumentException on a negative dimension, arrays of different lengths,
         *     or an index outside the shape (the message names the entry)
         */
        public Coordinate {
            Objects.requireNonNull(rowIdx, "rowIdx");
            Objects.requireNonNull(colIdx, "colIdx");
            Objects.requireNonNull(values, "values");
            if (rows < 0 || cols < 0) {
                throw new IllegalArgumentException("negative shape " + rows + "×" + cols);
            }
            if (rowIdx.length != values.length || colIdx.length != values.length) {
                throw new IllegalArgumentException(String.format(
                        "rowIdx, colIdx and values differ in length: %d, %d, %d",
                        rowIdx.length, colIdx.length, values.length));
            }
            for (int k = 0; k < values.length; k++) {
                if (rowIdx[k] < 0 || rowIdx[k] >= rows || colIdx[k] < 0 || colIdx[k] >= cols) {
                    throw new IllegalArgumentException(String.format(
                            "entry %d at (%d, %d) is outside %d×%d", k, rowIdx[k], colIdx[k], rows, cols));
                }
            }
        }

        /**
         * Number of entries, duplicates and mirrored entries included.
         *
         * @return the entry count, ≥ 0
         */
        public int nnz() {
            return values.length;
        }
    }

    private enum Format { ARRAY, COORDINATE }

    private enum Field { REAL, INTEGER, PATTERN, COMPLEX }

    private enum Symmetry { GENERAL, SYMMETRIC, SKEW, HERMITIAN }

    private record Banner(Format format, Field field, Symmetry symmetry) {
    }

    /** The size line: shape, number of listed entries, and where it was (for messages). */
    private record Size(int rows, int cols, long entries, long line) {
    }

    /** Receives each entry at 0-based (i, j), mirrored entries included. */
    @FunctionalInterface
    private interface Sink {
        void accept(int i, int j, double v) throws MatrixFormatException;
    }

    /** Receives each complex entry at 0-based (i, j), mirrored entries included. */
    @FunctionalInterface
    private interface ComplexSink {
        void accept(int i, int j, double re, double im) throws MatrixFormatException;
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads a Matrix Market file into a new dense F64 matrix, which the caller must close.
     * Coordinate entries at the same position are summed (as {@code scipy.io.mmread(...).toarray()}
     * does); absent entries are 0. Cost: one pass over the file, plus the dense matrix.
     *
     * @param file a Matrix Market file, {@code array} or {@code coordinate}
     * @return a new owning dense F64 matrix: close it
     * @throws java.nio.file.NoSuchFileException if {@code file} does not exist
     * @throws MatrixFormatException for a missing or garbled banner, a complex or hermitian
     *     matrix, a bad size line, an index out of range, a non-numeric value, fewer or more
     *     entries than declared, a nonzero diagonal in a skew-symmetric matrix, or a dense size
     *     beyond {@link NativeConfig#memoryBudget()} (checked before allocating)
     * @throws IOException if reading fails
     */
    public static Matrix read(Path file) throws IOException {
        try (TextLines in = new TextLines(file)) {
            return read(file, in);
        }
    }

    /**
     * Reads Matrix Market text from a stream, as {@link #read(Path)} reads a file; messages start
     * with {@code <stream>}. The stream is read to its end and not closed.
     *
     * @param in the text, starting at the banner
     * @return a new owning dense matrix: close it
     * @throws MatrixFormatException as {@link #read(Path)}
     * @throws IOException if reading fails
     */
    public static Matrix read(InputStream in) throws IOException {
        return read(in, IoSupport.STREAM);
    }

    /**
     * As {@link #read(InputStream)}, with messages naming {@code name} (e.g. a URL or an upload's
     * file name) instead of {@code <stream>}.
     *
     * @param in   the text, starting at the banner; read to its end, not closed
     * @param name what messages call the input
     * @return a new owning dense matrix: close it
     * @throws MatrixFormatException as {@link #read(Path)}, naming {@code name}
     * @throws IOException if reading fails
     */
    public static Matrix read(InputStream in, String name) throws IOException {
        Path where = IoSupport.streamName(name);
        try (TextLines lines = new TextLines(where, IoSupport.unclosed(in))) {
            return read(where, lines);
        }
    }

    private static Matrix read(Path file, TextLines in) throws IOException {
        Banner banner = readBanner(file, in);
        Size size = readSize(file, in, banner);
        DType t = banner.field() == Field.COMPLEX ? DType.C128 : DType.F64;
        IoSupport.checkBudget(file, size.rows(), size.cols(), t);
        Matrix m = Matrix.zeros(size.rows(), size.cols(), t);
        try {
            if (t.isComplex()) {
                ColumnMajorFiller filler = banner.format() == Format.ARRAY && banner.symmetry() == Symmetry.GENERAL
                        ? new ColumnMajorFiller(m) : null;
                readEntries(file, in, banner, size, (i, j, re, im) -> {
                    if (filler != null) {
                        filler.add(re);
                        filler.add(im);
                    } else if (banner.format() == Format.ARRAY) {
                        m.setComplex(i, j, re, im);
                    } else {
                        m.setComplex(i, j, m.getRe(i, j) + re, m.getIm(i, j) + im);
                    }
                });
                if (filler != null) {
                    filler.finish();
                }
            } else if (banner.format() == Format.ARRAY && banner.symmetry() == Symmetry.GENERAL) {
                // Listed in storage order: stream straight in, in bulk.
                ColumnMajorFiller filler = new ColumnMajorFiller(m);
                readEntries(file, in, banner, size, (i, j, v) -> filler.add(v));
                filler.finish();
            } else if (banner.format() == Format.ARRAY) {
                readEntries(file, in, banner, size, m::set);
            } else {
                readEntries(file, in, banner, size, (i, j, v) -> m.set(i, j, m.get(i, j) + v));
            }
        } catch (IOException | RuntimeException | Error e) {
            IoSupport.closeAfterFailure(m, e);
            throw e;
        }
        return m;
    }

    /**
     * Reads the entries of a coordinate file without densifying them, for sparse consumers.
     * Cost: one pass over the file; 16 bytes per entry (twice that for the off-diagonal entries
     * of a symmetric file).
     *
     * @param file a Matrix Market {@code coordinate} file
     * @return the shape and the entries, on the heap, with symmetric entries mirrored
     * @throws MatrixFormatException as {@link #read}, and also if the file is in {@code array}
     *     format, or its entries (after expanding the symmetry) exceed what a Java array holds or
     *     the memory budget
     * @throws IOException if reading fails
     */
    public static Coordinate readCoordinate(Path file) throws IOException {
        try (TextLines in = new TextLines(file)) {
            Banner banner = readBanner(file, in);
            if (banner.field() == Field.COMPLEX) {
                throw new MatrixFormatException(file, 1, 4, "complex coordinate files cannot be read as a sparse"
                        + " matrix (CsrMatrix is real); read them densely with MatrixMarket.read");
            }
            if (banner.format() != Format.COORDINATE) {
                throw new MatrixFormatException(file, 1, 3,
                        "the file is in 'array' (dense) format, not 'coordinate'; read it with MatrixMarket.read");
            }
            Size size = readSize(file, in, banner);
            checkSparseClaim(file, size);
            Triplets t = new Triplets(file, size.entries());
            readEntries(file, in, banner, size, (Sink) t::add);
            return t.toCoordinate(size.rows(), size.cols());
        }
    }

    /**
     * True if the file is in {@code coordinate} (sparse) format, false for {@code array}; reads
     * only the banner line.
     *
     * @param file a Matrix Market file
     * @return whether the banner says {@code coordinate}
     * @throws MatrixFormatException if the banner is missing, garbled or names an unsupported
     *     field or symmetry
     * @throws IOException if reading fails
     */
    public static boolean isCoordinate(Path file) throws IOException {
        try (TextLines in = new TextLines(file)) {
            return readBanner(file, in).format() == Format.COORDINATE;
        }
    }

    private static Banner readBanner(Path file, TextLines in) throws IOException {
        String line = in.next();
        if (line == null) {
            throw new MatrixFormatException(file, 1, -1, "empty file; expected the banner " + BANNER_FORM);
        }
        String[] words = line.strip().split("[ \t]+");
        if (!words[0].equalsIgnoreCase(BANNER)) {
            throw new MatrixFormatException(file, 1, 1, "missing the " + BANNER + " banner (" + BANNER_FORM
                    + "); the first line is " + IoSupport.quote(line));
        }
        if (words.length != 5) {
            throw new MatrixFormatException(file, 1, -1, "the banner needs 5 words, " + BANNER_FORM + ", found "
                    + words.length + ": " + IoSupport.quote(line));
        }
        String object = words[1].toLowerCase(Locale.ROOT);
        String format = words[2].toLowerCase(Locale.ROOT);
        String field = words[3].toLowerCase(Locale.ROOT);
        String symmetry = words[4].toLowerCase(Locale.ROOT);
        if (!object.equals("matrix")) {
            throw new MatrixFormatException(file, 1, 2, "object " + IoSupport.quote(words[1])
                    + " is not supported; only 'matrix'");
        }
        Format f = switch (format) {
            case "array" -> Format.ARRAY;
            case "coordinate" -> Format.COORDINATE;
            default -> throw new MatrixFormatException(file, 1, 3, "unknown format " + IoSupport.quote(words[2])
                    + "; expected 'array' or 'coordinate'");
        };
        Field d = switch (field) {
            case "real", "double" -> Field.REAL;
            case "integer" -> Field.INTEGER;
            case "pattern" -> Field.PATTERN;
            case "complex" -> Field.COMPLEX;
            default -> throw new MatrixFormatException(file, 1, 4, "unknown field " + IoSupport.quote(words[3])
                    + "; expected 'real', 'double', 'integer', 'complex' or 'pattern'");
        };
        Symmetry s = switch (symmetry) {
            case "general" -> Symmetry.GENERAL;
            case "symmetric" -> Symmetry.SYMMETRIC;
            case "skew-symmetric" -> Symmetry.SKEW;
            case "hermitian" -> Symmetry.HERMITIAN;
            default -> throw new MatrixFormatException(file, 1, 5, "unknown symmetry " + IoSupport.quote(words[4])
                    + "; expected 'general', 'symmetric', 'skew-symmetric' or 'hermitian'");
        };
        if (s == Symmetry.HERMITIAN && d != Field.COMPLEX) {
            throw new MatrixFormatException(file, 1, 5, "a 'hermitian' matrix must have the 'complex' field");
        }
        if (d == Field.PATTERN && f == Format.ARRAY) {
            throw new MatrixFormatException(file, 1, 4, "the 'pattern' field needs the 'coordinate' format");
        }
        if (d == Field.PATTERN && s == Symmetry.SKEW) {
            throw new MatrixFormatException(file, 1, 5, "a 'pattern' matrix cannot be 'skew-symmetric'");
        }
        return new Banner(f, d, s);
    }

    private static Size readSize(Path file, TextLines in, Banner banner) throws IOException {
        String line = nextContent(in);
        boolean coordinate = banner.format() == Format.COORDINATE;
        String form = coordinate ? "'rows columns entries'" : "'rows columns'";
        if (line == null) {
            throw new MatrixFormatException(file, in.number(), -1, "missing the size line " + form);
        }
        String[] tok = new String[4];
        int n = tokens(line, tok);
        int want = coordinate ? 3 : 2;
        if (n != want) {
            throw new MatrixFormatException(file, in.number(), -1, "the size line needs " + want + " integers "
                    + form + ", found " + n + " fields: " + IoSupport.quote(line.strip()));
        }
        long rows = sizeField(file, in.number(), 1, tok[0], "row count", Integer.MAX_VALUE);
        long cols = sizeField(file, in.number(), 2, tok[1], "column count", Integer.MAX_VALUE);
        long entries;
        if (coordinate) {
            entries = sizeField(file, in.number(), 3, tok[2], "entry count", Long.MAX_VALUE);
        } else {
            long n2 = rows;
            entries = switch (banner.symmetry()) {
                case GENERAL -> rows * cols;
                case SYMMETRIC, HERMITIAN -> n2 * (n2 + 1) / 2;
                case SKEW -> n2 * Math.max(n2 - 1, 0) / 2;
            };
        }
        if (banner.symmetry() != Symmetry.GENERAL && rows != cols) {
            throw new MatrixFormatException(file, in.number(), -1, "a " + (banner.symmetry() == Symmetry.SKEW
                    ? "skew-symmetric" : banner.symmetry() == Symmetry.HERMITIAN ? "hermitian" : "symmetric") + " matrix must be square, but the size line says "
                    + rows + "×" + cols);
        }
        return new Size((int) rows, (int) cols, entries, in.number());
    }

    /**
     * Refuses, before anything is allocated, a coordinate file whose size line claims more than
     * a sparse matrix of it could hold: 16 bytes per entry for the triplets, and the row and
     * column pointers a compressed (CSR/CSC) matrix needs whatever the entries, 4 bytes per row
     * and per column plus one each. A 2·10<sup>9</sup>-square claim with three entries needs 15
     * GiB of pointers; it must fail here with a message, not later with an OutOfMemoryError.
     * The limit is the memory budget, or the Java heap where that is smaller (these are Java
     * arrays).
     */
    private static void checkSparseClaim(Path file, Size size) throws MatrixFormatException {
        long pointers = 4L * ((long) size.rows() + 1) + 4L * ((long) size.cols() + 1);
        long entries = IoSupport.denseBytes(size.entries(), 1, 16);
        long needed = entries == Long.MAX_VALUE ? Long.MAX_VALUE : pointers + entries;
        long budget = NativeConfig.memoryBudget();
        long heap = Runtime.getRuntime().maxMemory();
        long limit = Math.min(budget, heap);
        if (needed > limit) {
            throw new MatrixFormatException(file, size.line(), -1, String.format(Locale.ROOT,
                    "the size line claims a %d×%d sparse matrix with %d entries, which needs %s (%s for the"
                            + " row and column pointers, 16 bytes per entry), more than the %s of %s;"
                            + " raise it with %s",
                    size.rows(), size.cols(), size.entries(), IoSupport.formatBytes(needed),
                    IoSupport.formatBytes(pointers), limit == budget ? "memory budget" : "Java heap (-Xmx)",
                    IoSupport.formatBytes(limit),
                    limit == budget ? "-Ddecomp4j.memoryBudget=<bytes> or NativeConfig.setMemoryBudget" : "-Xmx"));
        }
    }

    private static long sizeField(Path file, long line, int column, String text, String what, long max)
            throws MatrixFormatException {
        if (!text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new MatrixFormatException(file, line, column, what + " " + IoSupport.quote(text)
                    + " is not a non-negative integer");
        }
        long v = text.length() > 18 ? Long.MAX_VALUE : Long.parseLong(text);
        if (v > max || text.length() > 18) {
            throw new MatrixFormatException(file, line, column, what + " " + text + " exceeds " + max
                    + (max == Integer.MAX_VALUE ? ", the largest matrix dimension (LAPACK uses 32-bit integers)" : ""));
        }
        return v;
    }

    /**
     * Reads the listed entries, checks them, and passes each to {@code sink} at its 0-based
     * position, adding the mirrored entry of a symmetric or skew-symmetric matrix.
     */
    private static void readEntries(Path file, TextLines in, Banner banner, Size size, Sink sink)
            throws IOException {
        readEntries(file, in, banner, size, (ComplexSink) (i, j, re, im) -> sink.accept(i, j, re));
    }

    private static void readEntries(Path file, TextLines in, Banner banner, Size size, ComplexSink sink)
            throws IOException {
        boolean coordinate = banner.format() == Format.COORDINATE;
        boolean complex = banner.field() == Field.COMPLEX;
        int want = (!coordinate ? 1 : banner.field() == Field.PATTERN ? 2 : 3) + (complex ? 1 : 0);
        String form = !coordinate ? (complex ? "re im" : "value")
                : want == 2 ? "row column" : complex ? "row column re im" : "row column value";
        double mirror = banner.symmetry() == Symmetry.SKEW ? -1.0 : 1.0;
        double mirrorIm = banner.symmetry() == Symmetry.SKEW || banner.symmetry() == Symmetry.HERMITIAN ? -1.0 : 1.0;
        boolean expand = banner.symmetry() != Symmetry.GENERAL;
        // Next position in the listing of an array file (column-major, lower triangle if symmetric).
        int ai = banner.symmetry() == Symmetry.SKEW ? 1 : 0;
        int aj = 0;
        String[] tok = new String[5];
        long count = 0;
        String line;
        while ((line = nextContent(in)) != null) {
            long ln = in.number();
            if (count == size.entries()) {
                throw new MatrixFormatException(file, ln, -1, "more entries than the " + size.entries()
                        + " declared on the size line (line " + size.line() + ")");
            }
            int n = tokens(line, tok);
            if (n != want) {
                throw new MatrixFormatException(file, ln, n < want ? -1 : want + 1, "an entry is '" + form
                        + "' (" + want + (want == 1 ? " field" : " fields") + "), this line has " + n
                        + ": " + IoSupport.quote(line.strip()));
            }
            int i;
            int j;
            if (coordinate) {
                i = index(file, ln, 1, tok[0], "row", size.rows());
                j = index(file, ln, 2, tok[1], "column", size.cols());
            } else {
                i = ai;
                j = aj;
                ai++;
                if (ai == size.rows()) {
                    aj++;
                    ai = banner.symmetry() == Symmetry.GENERAL ? 0 : banner.symmetry() == Symmetry.SKEW ? aj + 1
                            : aj;
                }
            }
            int vAt = complex ? want - 1 : want; // 1-based token of the (real part of the) value
            double v = banner.field() == Field.PATTERN ? 1.0 : value(file, ln, vAt, tok[vAt - 1], banner.field());
            double im = complex ? value(file, ln, want, tok[want - 1], banner.field()) : 0;
            count++;
            if (i == j && banner.symmetry() == Symmetry.HERMITIAN && im != 0) {
                throw new MatrixFormatException(file, ln, want, String.format(Locale.ROOT,
                        "hermitian matrix with the non-real diagonal entry (%d, %d) = %s %s %si; its diagonal must"
                                + " be real", i + 1, j + 1, Numbers.format(v), im < 0 ? "-" : "+",
                        Numbers.format(Math.abs(im))));
            }
            if (i == j && banner.symmetry() == Symmetry.SKEW) {
                if (v != 0 || im != 0) {
                    throw new MatrixFormatException(file, ln, -1, String.format(Locale.ROOT,
                            "skew-symmetric matrix with the nonzero diagonal entry (%d, %d) = %s;"
                                    + " its diagonal must be zero", i + 1, j + 1, Numbers.format(v)));
                }
                continue;
            }
            sink.accept(i, j, v, im);
            if (expand && i != j) {
                sink.accept(j, i, mirror * v, mirrorIm * im);
            }
        }
        if (count < size.entries()) {
            throw new MatrixFormatException(file, in.number(), -1, "truncated: the size line (line " + size.line()
                    + ") declares " + size.entries() + " entries but the file has only " + count);
        }
    }

    private static int index(Path file, long line, int column, String text, String what, int bound)
            throws MatrixFormatException {
        if (!Numbers.isInteger(text)) {
            throw new MatrixFormatException(file, line, column, what + " index " + IoSupport.quote(text)
                    + " is not an integer");
        }
        String digits = text.startsWith("+") ? text.substring(1) : text;
        long v = digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
        if (v < 1 || v > bound) {
            String plural = what.equals("row") ? "rows" : "columns";
            throw new MatrixFormatException(file, line, column, what + " index " + text + " is out of range: "
                    + (bound == 0 ? "the matrix has no " + plural
                    : "the matrix has " + bound + " " + plural + " (indices 1.." + bound + ")"));
        }
        return (int) (v - 1);
    }

    private static double value(Path file, long line, int column, String text, Field field)
            throws MatrixFormatException {
        if (field == Field.INTEGER && !Numbers.isInteger(text)) {
            throw new MatrixFormatException(file, line, column, IoSupport.quote(text)
                    + " is not an integer (the banner declares an 'integer' matrix)");
        }
        try {
            return Numbers.parse(text);
        } catch (NumberFormatException e) {
            throw new MatrixFormatException(file, line, column, IoSupport.quote(text) + " is not a number");
        }
    }

    /** The next line that is neither blank nor a {@code %} comment, or null at the end. */
    private static String nextContent(TextLines in) throws IOException {
        String line;
        while ((line = in.next()) != null) {
            String s = line.stripLeading();
            if (!s.isEmpty() && s.charAt(0) != '%') {
                return line;
            }
        }
        return null;
    }

    /** Splits on blanks into {@code out}; returns the number of tokens (may exceed out.length). */
    private static int tokens(String line, String[] out) {
        int n = 0;
        int i = 0;
        int len = line.length();
        while (true) {
            while (i < len && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i == len) {
                return n;
            }
            int start = i;
            while (i < len && !Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (n < out.length) {
                out[n] = line.substring(start, i);
            }
            n++;
        }
    }

    /** Growing parallel arrays; starts small so a lying size line cannot force a huge allocation. */
    private static final class Triplets {
        private final Path file;
        private int[] rows;
        private int[] cols;
        private double[] values;
        private int n;

        Triplets(Path file, long declared) {
            this.file = file;
            int initial = (int) Math.min(Math.max(declared, 16), 1 << 20);
            rows = new int[initial];
            cols = new int[initial];
            values = new double[initial];
        }

        void add(int i, int j, double v) throws MatrixFormatException {
            if (n == values.length) {
                if (n == MAX_ARRAY) {
                    throw new MatrixFormatException(file, "more than " + MAX_ARRAY
                            + " entries (after expanding the symmetry): too many for Java arrays");
                }
                int grown = (int) Math.min(MAX_ARRAY, n + (long) n / 2 + 1);
                rows = Arrays.copyOf(rows, grown);
                cols = Arrays.copyOf(cols, grown);
                values = Arrays.copyOf(values, grown);
            }
            rows[n] = i;
            cols[n] = j;
            values[n] = v;
            n++;
        }

        Coordinate toCoordinate(int m, int k) {
            if (n != values.length) {
                rows = Arrays.copyOf(rows, n);
                cols = Arrays.copyOf(cols, n);
                values = Arrays.copyOf(values, n);
            }
            return new Coordinate(m, k, rows, cols, values);
        }
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes {@code m} as {@code %%MatrixMarket matrix array real general} ({@code complex general}
     * with {@code re im} per line for a complex matrix): the size line, then
     * every entry in column-major order, one per line, as text that parses back to exactly the
     * same double (an F32 entry is written as the double it widens to). Written atomically
     * ({@link AtomicFiles}). Cost: one pass over the matrix; about 20 bytes per entry.
     *
     * @param file the target; replaced whole, or left untouched on failure
     * @param m the matrix, open; not modified
     * @throws IllegalStateException if {@code m} is closed
     * @throws IOException if writing fails (no partial file is left behind)
     */
    public static void write(Path file, Matrix m) throws IOException {
        Objects.requireNonNull(m, "m");
        if (m.isClosed()) {
            throw new IllegalStateException("cannot write a closed matrix");
        }
        AtomicFiles.write(file, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.US_ASCII), 1 << 16);
            w.write(BANNER + " matrix array " + (m.dtype().isComplex() ? "complex" : "real") + " general\n");
            w.write(m.rows() + " " + m.cols() + "\n");
            if (m.dtype().isComplex()) {
                double[] col = new double[2 * m.rows()];
                for (int j = 0; j < m.cols(); j++) {
                    m.getColumnComplex(j, 0, col, 0, m.rows());
                    for (int i = 0; i < m.rows(); i++) {
                        w.write(Numbers.format(col[2 * i]) + " " + Numbers.format(col[2 * i + 1]) + "\n");
                    }
                }
            } else {
                IoSupport.writeText(w, m, false, ' ');
            }
            w.flush();
        });
    }
}
