package org.decomp4j.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A matrix file (or stream) that cannot be read as the format it claims to be: bad magic or
 * header, a value that is not a number, an index out of range, too few or too many entries, or a
 * declared size that does not fit the memory budget.
 *
 * <p>The message says what is wrong and where, in the form
 * {@code data.csv: line 3, column 2: 'abc' is not a number}; the parts are also available
 * separately. Lines are 1-based physical lines of a text file; columns are 1-based fields (CSV)
 * or whitespace-separated tokens (Matrix Market), not character positions. Binary formats have
 * no line or column.
 */
public class MatrixFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    /** The 1-based line of the problem, or -1. */
    private final long line;
    /** The 1-based field or token on that line, or -1. */
    private final int column;
    /** What is wrong, without the location. */
    private final String problem;

    /**
     * @param file    the file read, or {@code null} for a stream
     * @param line    1-based line, or -1 if not applicable
     * @param column  1-based field or token on that line, or -1 if not applicable
     * @param problem what is wrong, without the location (it is prefixed)
     */
    public MatrixFormatException(Path file, long line, int column, String problem) {
        super(format(file, line, column, problem));
        this.file = file;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    /**
     * A problem with the file as a whole (no line or column), e.g. a truncated binary file.
     *
     * @param file the file read, or {@code null} for a stream
     * @param problem what is wrong, without the location (it is prefixed)
     */
    public MatrixFormatException(Path file, String problem) {
        this(file, -1, -1, problem);
    }

    private static String format(Path file, long line, int column, String problem) {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file).append(": ");
        }
        if (line > 0) {
            sb.append("line ").append(line);
            if (column > 0) {
                sb.append(", column ").append(column);
            }
            sb.append(": ");
        }
        return sb.append(problem).toString();
    }

    /**
     * The file read; for a stream, its name as a path ({@code <stream>} unless the caller gave one).
     *
     * @return the path as given, or {@code null} if none was
     */
    public Path file() {
        return file;
    }

    /**
     * The 1-based line of the problem, or -1 for a binary file or a whole-file problem.
     *
     * @return the line, 1-based, or -1
     */
    public long line() {
        return line;
    }

    /**
     * The 1-based field or token on {@link #line()}, or -1 if the problem is not one field.
     *
     * @return the field, 1-based, or -1
     */
    public int column() {
        return column;
    }

    /**
     * What is wrong, without the file, line and column prefix.
     *
     * @return the description, never prefixed
     */
    public String problem() {
        return problem;
    }
}
