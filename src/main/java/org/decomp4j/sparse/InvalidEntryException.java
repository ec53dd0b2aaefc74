package org.decomp4j.sparse;

/**
 * A coordinate triplet that cannot belong to the sparse matrix being built: its row or column lies
 * outside the declared shape. The message and the accessors name the entry (its 0-based position
 * in the input arrays) and its indices.
 */
public class InvalidEntryException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    /** 0-based position of the triplet in the input. */
    private final int entry;
    /** The triplet's row index, as given. */
    private final long row;
    /** The triplet's column index, as given. */
    private final long column;

    /**
     * @param entry  0-based position of the triplet in the input
     * @param row    its row index
     * @param column its column index
     * @param rows   rows of the matrix
     * @param cols   columns of the matrix
     */
    public InvalidEntryException(int entry, long row, long column, int rows, int cols) {
        super(String.format("entry %d at (%d, %d) is outside the %d×%d matrix (indices are 0-based)",
                entry, row, column, rows, cols));
        this.entry = entry;
        this.row = row;
        this.column = column;
    }

    /**
     * 0-based position of the bad triplet in the input arrays.
     *
     * @return the position, 0-based
     */
    public int entry() {
        return entry;
    }

    /**
     * Its row index as given.
     *
     * @return the row, possibly negative or ≥ rows
     */
    public long row() {
        return row;
    }

    /**
     * Its column index as given.
     *
     * @return the column, possibly negative or ≥ cols
     */
    public long column() {
        return column;
    }
}
