package org.decomp4j.batch;

import java.util.Objects;

import org.decomp4j.DType;
import org.decomp4j.Matrix;

/**
 * One factor of a batch result, copied to the Java heap so that it outlives the worker's reusable
 * native buffers: a matrix ({@code U}, {@code L}, …), a vector ({@code S}) or an integer vector
 * ({@code piv}). Values are column-major in {@link #data()}; F32 factors hold their float values
 * exactly (widened). Names are the file stems the single CLI commands write ({@code U}, {@code S},
 * {@code Vt}; {@code P}, {@code L}, {@code U}, {@code piv}; {@code Q}, {@code R}; {@code L}).
 *
 * @param name  factor name, e.g. {@code "U"}
 * @param kind  matrix, vector or integer vector
 * @param rows  rows (the length for vectors)
 * @param cols  columns (1 for vectors)
 * @param dtype precision of the decomposition that produced it
 * @param data  {@code rows·cols} values, column-major; not copied, do not modify
 */
public record Factor(String name, Kind kind, int rows, int cols, DType dtype, double[] data) {
    /** What a factor is. */
    public enum Kind {
        /** A rows×cols matrix. */
        MATRIX,
        /** A vector of {@code rows} floating values (singular values). */
        VECTOR,
        /** A vector of {@code rows} integers (pivots), stored exactly as doubles. */
        INT_VECTOR
    }

    /**
     * Validates the shape against the data.
     *
     * @param name factor name, not {@code null}
     * @param kind matrix, vector or integer vector, not {@code null}
     * @param rows rows, ≥ 0
     * @param cols columns, ≥ 0
     * @param dtype precision, not {@code null}
     * @param data exactly {@code rows·cols} values, column-major; kept, not copied
     */
    public Factor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(data, "data");
        if (rows < 0 || cols < 0 || (long) rows * cols != data.length) {
            throw new IllegalArgumentException(name + ": " + rows + "×" + cols + " does not match " + data.length
                    + " values");
        }
    }

    /**
     * Copies a (possibly strided or transposed) matrix view to the heap.
     *
     * @param name factor name, e.g. {@code "U"}
     * @param m the matrix; read, not closed
     * @return a MATRIX factor with a copy of {@code m}'s entries
     */
    public static Factor copyOf(String name, Matrix m) {
        return new Factor(name, Kind.MATRIX, m.rows(), m.cols(), m.dtype(), m.toColumnMajorArray());
    }

    /**
     * Entry (i, j).
     *
     * @param i the row, in {@code [0, rows)}
     * @param j the column, in {@code [0, cols)}
     * @return the entry
     */
    public double get(int i, int j) {
        Objects.checkIndex(i, rows);
        Objects.checkIndex(j, cols);
        return data[j * rows + i];
    }

    /**
     * A row-major copy as {@code double[rows][cols]}.
     *
     * @return a new {@code rows × cols} array
     */
    public double[][] toArray() {
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[i][j] = data[j * rows + i];
            }
        }
        return out;
    }

    /**
     * The integers of an {@link Kind#INT_VECTOR}.
     *
     * @return a new array of {@code rows·cols} integers
     * @throws IllegalStateException if this factor is not an INT_VECTOR
     */
    public int[] toIntArray() {
        if (kind != Kind.INT_VECTOR) {
            throw new IllegalStateException(name + " is a " + kind + ", not an integer vector");
        }
        int[] out = new int[data.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) data[i];
        }
        return out;
    }

    /**
     * A new off-heap matrix (rows×cols; a vector becomes a column) of this factor's dtype; the caller closes it.
     *
     * @return a new owning matrix: close it
     */
    public Matrix toMatrix() {
        try (Matrix m = Matrix.fromColumnMajor(rows, cols, data)) {
            return dtype == DType.F64 ? m.copy() : m.copy(dtype);
        }
    }
}
