package org.decomp4j.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.NativeConfig;

/**
 * Delimited text: one matrix row per line ({@code .csv}, {@code .tsv}, NumPy's
 * {@code savetxt} output).
 *
 * <p><b>Reading.</b> The delimiter is detected on the first data line: the first of {@code ,}
 * {@code ;} and tab that occurs there (outside quotes), otherwise runs of blanks. If no field of
 * the first non-blank line is a number ({@code x,y}), it is a header and is skipped; only that
 * line may be a header, and a first line with a number beside a malformed field
 * ({@code 1.2.3,1}) is an error at its line and column, not a header. Blank lines and lines starting with {@code #} (NumPy's comments) are skipped.
 * Fields may be wrapped in double quotes ({@code ""} inside quotes is a literal quote) and may
 * have blanks around them. Numbers are decimals ({@code 1}, {@code -2.5e3}, {@code .5}) or,
 * in any case, {@code nan}, {@code inf}, {@code infinity} with an optional sign; non-finite values
 * are read as such (decompositions refuse them later with their own error).
 *
 * <p>Error locations: lines are physical 1-based lines; columns are 1-based fields.
 */
public final class Csv {
    private Csv() {
    }

    /** A delimiter character, or {@link #BLANKS} for runs of spaces and tabs. */
    private static final char BLANKS = 0;

    /**
     * Reads delimited text into a new F64 matrix, which the caller must close. The file is opened
     * once and read in one pass, as a stream (a FIFO or {@code /dev/stdin} works): rows are
     * parsed into off-heap blocks as they arrive, since their count is unknown until the end,
     * then copied into the matrix. Cost: one pass over the file; transiently twice the matrix.
     *
     * @param file a delimited text file, or a FIFO
     * @return a new owning rows×cols F64 matrix: close it
     * @throws java.nio.file.NoSuchFileException if {@code file} does not exist
     * @throws MatrixFormatException for an empty file, a header without data rows, a row with a
     *     different number of fields than the first (naming both lines), a field that is not a
     *     number (line, column and text), an unterminated quote, a line longer than
     *     {@link TextLines#MAX_LINE_BYTES} or not UTF-8, more than {@link Integer#MAX_VALUE}
     *     rows, or a size beyond {@link org.decomp4j.NativeConfig#memoryBudget()} (refused at
     *     the row that passes it)
     * @throws IOException if reading fails
     */
    public static Matrix read(Path file) throws IOException {
        try (TextLines in = new TextLines(file)) {
            return read(file, in);
        }
    }

    /**
     * Reads delimited text from a stream, as {@link #read(Path)} reads a file (the delimiter is
     * detected from the content, as for a file); messages start with {@code <stream>}. The stream
     * is read to its end and not closed.
     *
     * @param in UTF-8 delimited text
     * @return a new owning rows×cols F64 matrix: close it
     * @throws MatrixFormatException as {@link #read(Path)}
     * @throws IOException if reading fails
     */
    public static Matrix read(InputStream in) throws IOException {
        return read(in, IoSupport.STREAM);
    }

    /**
     * As {@link #read(InputStream)}, with messages naming {@code name} instead of {@code <stream>}.
     *
     * @param in   UTF-8 delimited text; read to its end, not closed
     * @param name what messages call the input
     * @return a new owning rows×cols F64 matrix: close it
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
        try (RowBlocks blocks = new RowBlocks()) {
            List<String> fields = new ArrayList<>();
            String line = nextContent(in);
            if (line == null) {
                throw new MatrixFormatException(file, "empty file: no data rows");
            }
            char delimiter = detect(line);
            split(file, in.number(), line, delimiter, fields);
            // A header is a first row in which no field is a number: "x,y". A row with one number
            // and one malformed field ("1.2.3,1", "0x10,1") is a damaged data row, reported below
            // at its line and column, never dropped silently as a header. An empty field does not
            // make a header: "1,,3" is a data row with a missing value.
            boolean header = fields.stream().anyMatch(f -> !f.isEmpty())
                    && fields.stream().noneMatch(Numbers::isNumber);
            if (header) {
                long headerLine = in.number();
                String headerText = fieldsText(fields);
                line = nextContent(in);
                if (line == null) {
                    throw new MatrixFormatException(file, headerLine, -1,
                            "a header line and no data rows: " + IoSupport.quote(headerText));
                }
                delimiter = detect(line);
            }
            long firstDataLine = in.number();
            int cols = split(file, firstDataLine, line, delimiter, fields);
            long budget = NativeConfig.memoryBudget();
            long rows = 0;
            do {
                long ln = in.number();
                int n = rows == 0 ? cols : split(file, ln, line, delimiter, fields);
                if (n != cols) {
                    throw ragged(file, ln, n, cols, firstDataLine, delimiter);
                }
                if (rows == Integer.MAX_VALUE) {
                    throw new MatrixFormatException(file, ln, -1, "more than " + Integer.MAX_VALUE
                            + " rows, the largest matrix dimension (LAPACK uses 32-bit integers)");
                }
                if (IoSupport.denseBytes(rows + 1, cols, 8) > budget) {
                    IoSupport.checkBudget(file, rows + 1, cols, DType.F64);
                }
                double[] row = blocks.nextRow(cols);
                int at = blocks.offset();
                for (int k = 0; k < n; k++) {
                    String f = fields.get(k);
                    try {
                        row[at + k] = Numbers.parse(f);
                    } catch (NumberFormatException e) {
                        throw new MatrixFormatException(file, ln, k + 1,
                                f.isEmpty() ? "empty field" : IoSupport.quote(f) + " is not a number");
                    }
                }
                blocks.commitRow();
                rows++;
            } while ((line = nextContent(in)) != null);
            return blocks.toMatrix();
        }
    }

    /**
     * Rows of unknown count, gathered in off-heap blocks of about one chunk each (so no Java
     * array grows with the file) and copied into one matrix at the end. Open blocks are freed
     * on close, so a failed read leaks nothing.
     */
    private static final class RowBlocks implements AutoCloseable {
        private final List<Matrix> blocks = new ArrayList<>();
        private int cols;
        private int blockRows;
        private double[] staging; // row-major: (r, j) at r·cols + j
        private double[] column;
        private int staged;
        private long rows;

        /** A row buffer of {@code cols} values, to fill and then {@link #commitRow()}. */
        double[] nextRow(int cols) {
            if (staging == null) {
                this.cols = cols;
                this.blockRows = Math.max(1, IoSupport.CHUNK_ELEMENTS / Math.max(1, cols));
                this.staging = new double[blockRows * cols];
                this.column = new double[blockRows];
            }
            return staging;
        }

        /** Position of the next row in the array {@link #nextRow} returned. */
        int offset() {
            return staged * cols;
        }

        void commitRow() {
            staged++;
            rows++;
            if (staged == blockRows) {
                flush();
            }
        }

        /** Moves the staged rows into a new off-heap block, column by column. */
        private void flush() {
            if (staged == 0) {
                return;
            }
            Matrix b = Matrix.zeros(staged, cols, DType.F64);
            blocks.add(b);
            for (int j = 0; j < cols; j++) {
                for (int r = 0; r < staged; r++) {
                    column[r] = staging[r * cols + j];
                }
                b.setColumn(j, 0, column, 0, staged);
            }
            staged = 0;
        }

        /** The rows gathered, as one new matrix; the blocks are freed as they are copied. */
        Matrix toMatrix() {
            flush();
            Matrix m = Matrix.zeros((int) rows, cols, DType.F64);
            try {
                int r0 = 0;
                while (!blocks.isEmpty()) {
                    Matrix b = blocks.remove(0);
                    try {
                        int nr = b.rows();
                        for (int j = 0; j < cols; j++) {
                            b.getColumn(j, 0, column, 0, nr);
                            m.setColumn(j, r0, column, 0, nr);
                        }
                        r0 += nr;
                    } finally {
                        b.close();
                    }
                }
            } catch (RuntimeException | Error e) {
                IoSupport.closeAfterFailure(m, e);
                throw e;
            }
            return m;
        }

        @Override
        public void close() {
            for (Matrix b : blocks) {
                b.close();
            }
            blocks.clear();
        }
    }

    private static MatrixFormatException ragged(Path file, long line, int n, int cols, long firstDataLine,
                                                char delimiter) {
        return new MatrixFormatException(file, line, -1, String.format(
                "has %d field%s, expected %d as on line %d (delimiter %s)", n, n == 1 ? "" : "s", cols,
                firstDataLine, describe(delimiter)));
    }

    private static String describe(char delimiter) {
        return switch (delimiter) {
            case BLANKS -> "blanks";
            case '\t' -> "tab";
            default -> "'" + delimiter + "'";
        };
    }

    private static String fieldsText(List<String> fields) {
        return String.join(",", fields);
    }

    /** The next line that is neither blank nor a {@code #} comment, or null at the end. */
    private static String nextContent(TextLines in) throws IOException {
        String line;
        while ((line = in.next()) != null) {
            String s = line.strip();
            if (!s.isEmpty() && s.charAt(0) != '#') {
                return line;
            }
        }
        return null;
    }

    /** The first of ',' ';' tab found outside quotes, else blanks. */
    static char detect(String line) {
        for (char c : new char[] {',', ';', '\t'}) {
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char x = line.charAt(i);
                if (x == '"') {
                    quoted = !quoted;
                } else if (x == c && !quoted) {
                    return c;
                }
            }
        }
        return BLANKS;
    }

    /**
     * Splits {@code line} into fields, unquoted and stripped of surrounding blanks, into
     * {@code out} (cleared first; null to only count). Returns the number of fields.
     */
    static int split(Path file, long lineNumber, String line, char delimiter, List<String> out)
            throws MatrixFormatException {
        if (out != null) {
            out.clear();
        }
        int n = 0;
        int i = 0;
        int len = line.length();
        if (delimiter == BLANKS) {
            i = skipBlanks(line, i);
        }
        while (true) {
            if (delimiter != BLANKS) {
                i = skipBlanks(line, i);
            }
            StringBuilder field = out == null ? null : new StringBuilder();
            if (i < len && line.charAt(i) == '"') {
                int open = i;
                i++;
                while (true) {
                    if (i >= len) {
                        throw new MatrixFormatException(file, lineNumber, n + 1,
                                "unterminated quote (opened at character " + (open + 1) + ")");
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < len && line.charAt(i) == '"') {
                            i++;
                            append(field, '"');
                        } else {
                            break;
                        }
                    } else {
                        append(field, c);
                    }
                }
                if (delimiter != BLANKS) {
                    i = skipBlanks(line, i);
                }
                if (i < len && !isDelimiter(line.charAt(i), delimiter)) {
                    throw new MatrixFormatException(file, lineNumber, n + 1,
                            "text after the closing quote: " + IoSupport.quote(line.substring(open)));
                }
            } else {
                int start = i;
                while (i < len && !isDelimiter(line.charAt(i), delimiter)) {
                    i++;
                }
                if (field != null) {
                    field.append(line, start, i);
                }
            }
            n++;
            if (out != null) {
                out.add(field.toString().strip());
            }
            if (delimiter == BLANKS) {
                i = skipBlanks(line, i);
                if (i >= len) {
                    return n;
                }
            } else {
                if (i >= len) {
                    return n;
                }
                i++; // past the delimiter
            }
        }
    }

    private static void append(StringBuilder sb, char c) {
        if (sb != null) {
            sb.append(c);
        }
    }

    private static boolean isDelimiter(char c, char delimiter) {
        return delimiter == BLANKS ? c == ' ' || c == '\t' : c == delimiter;
    }

    private static int skipBlanks(String line, int i) {
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes {@code m} comma-separated, one row per line, no header, each entry as text that
     * parses back to exactly the same double (an F32 entry is written as the double it widens
     * to). Written atomically ({@link AtomicFiles}). A matrix without entries (0×n or m×0)
     * gives a file {@link #read} refuses: delimited text cannot record such a shape. Cost: one
     * pass over the matrix in row blocks.
     *
     * @param file the target; replaced whole, or left untouched on failure
     * @param m the matrix, open; not modified
     * @throws IllegalStateException if {@code m} is closed
     * @throws IOException if writing fails (no partial file is left behind)
     */
    public static void write(Path file, Matrix m) throws IOException {
        write(file, m, ',');
    }

    /**
     * As {@link #write(Path, Matrix)} with another delimiter, e.g. {@code '\t'} for {@code .tsv}
     * or {@code ' '} for NumPy's {@code savetxt} layout.
     *
     * @param file the target; replaced whole, or left untouched on failure
     * @param m the matrix, open; not modified
     * @param delimiter the field separator, e.g. {@code ','}, {@code '\t'} or {@code ' '}
     * @throws IllegalArgumentException if {@code delimiter} could appear in a number
     *     (a digit, sign, letter or '.')
     * @throws IllegalStateException if {@code m} is closed
     * @throws IOException if writing fails (no partial file is left behind)
     */
    public static void write(Path file, Matrix m, char delimiter) throws IOException {
        Objects.requireNonNull(m, "m");
        if (Character.isLetterOrDigit(delimiter) || "+-.\"\n\r".indexOf(delimiter) >= 0) {
            throw new IllegalArgumentException("delimiter '" + delimiter + "' could be read as part of a number");
        }
        if (m.isClosed()) {
            throw new IllegalStateException("cannot write a closed matrix");
        }
        AtomicFiles.write(file, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.US_ASCII), 1 << 16);
            IoSupport.writeText(w, m, true, delimiter);
            w.flush();
        });
    }
}
