package org.decomp4j;

/**
 * The input holds NaN or an infinity, which LAPACK cannot decompose meaningfully (it may return
 * garbage, fail to converge, or loop). Thrown before any native call, with the 0-based row and
 * column of the first offending entry in column-major order. Callers that have already checked
 * may skip the scan with {@link FiniteCheck#OFF}.
 */
public class NonFiniteInputException extends DecompositionException {
    private static final long serialVersionUID = 1L;
    /** 0-based row of the first non-finite entry, or -1. */
    private final long row;
    /** 0-based column of the first non-finite entry, or -1. */
    private final long column;
    /** The offending entry: NaN or ±infinity. */
    private final double value;

    /**
     * @param what    name of the input, e.g. {@code "A"} or {@code "b"}
     * @param row     0-based row of the first non-finite entry
     * @param column  0-based column of the first non-finite entry
     * @param value   the entry (NaN or ±infinity)
     * @param rows    rows of the input
     * @param cols    columns of the input
     */
    public NonFiniteInputException(String what, long row, long column, double value, long rows, long cols) {
        super("check_finite", String.format(
                "%s (%d×%d) holds %s at row %d, column %d (0-based); LAPACK needs finite input."
                        + " Clean or impute the data, or pass FiniteCheck.OFF if you accept undefined results",
                what, rows, cols, Double.isNaN(value) ? "NaN" : (value > 0 ? "+Inf" : "-Inf"), row, column));
        this.row = row;
        this.column = column;
        this.value = value;
    }

    /**
     * For NaN or infinity found by LAPACK itself (when the caller turned the scan off), whose
     * position is unknown: {@link #row()} and {@link #column()} are -1.
     *
     * @param routine the routine that refused the input, e.g. {@code "dgesdd"}
     * @param message full message
     */
    public NonFiniteInputException(String routine, String message) {
        super(routine, message);
        this.row = -1;
        this.column = -1;
        this.value = Double.NaN;
    }

    /**
     * 0-based row of the first non-finite entry, or -1 if unknown.
     *
     * @return the row, 0-based, or -1
     */
    public long row() {
        return row;
    }

    /**
     * 0-based column of the first non-finite entry, or -1 if unknown.
     *
     * @return the column, 0-based, or -1
     */
    public long column() {
        return column;
    }

    /**
     * The offending value: NaN, +Inf or -Inf.
     *
     * @return the entry; NaN also when the position is unknown
     */
    public double value() {
        return value;
    }
}
