package org.decomp4j;

/**
 * How a flat run of elements maps to matrix entries, for {@link Matrix#wrap} over memory the
 * caller owns.
 */
public enum Layout {
    /**
     * Element {@code (i, j)} at {@code i + j·rows}: LAPACK's, Fortran's and NumPy's {@code order='F'}.
     * A wrapped column-major matrix is handed to LAPACK as it is.
     */
    COLUMN_MAJOR,
    /**
     * Element {@code (i, j)} at {@code i·cols + j}: C's, NumPy's default {@code order='C'}, EJML's
     * {@code DMatrixRMaj}. A wrapped row-major matrix is the transposed view of its column-major
     * reading (no copy); a decomposition, which needs column-major input, copies it once.
     */
    ROW_MAJOR
}
