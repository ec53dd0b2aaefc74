package org.decomp4j.sparse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.decomp4j.Matrix;
import org.decomp4j.NonFiniteInputException;

/**
 * Builds and validates the storage of a {@link CsrMatrix}: from coordinate triplets (two stable
 * counting passes, duplicates summed) or from a dense matrix (exact zeros dropped). Every entry is
 * checked (position, finiteness) before any array is built, so a bad input names its entry.
 */
final class CsrBuilder {
    /** Java arrays hold slightly fewer than Integer.MAX_VALUE elements on common JVMs. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private CsrBuilder() {
    }

    /**
     * The storage of the {@code rows × cols} matrix with {@code values[k]} at
     * {@code (rowIdx[k], colIdx[k])}, triplets at one position summed; see
     * {@link CsrMatrix#fromTriplets(int, int, int[], int[], double[], org.decomp4j.DType)}, which
     * has checked the arrays for null.
     *
     * @throws IllegalArgumentException if a dimension is negative or the arrays differ in length
     * @throws InvalidEntryException    if a triplet lies outside the shape
     * @throws NonFiniteInputException  if a value is NaN or infinite
     */
    static CsrStorage fromTriplets(int rows, int cols, int[] rowIdx, int[] colIdx, double[] values) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative sparse matrix shape " + rows + "×" + cols);
        }
        if (rowIdx.length != values.length || colIdx.length != values.length) {
            throw new IllegalArgumentException(String.format(
                    "rowIdx, colIdx and values differ in length: %d, %d, %d",
                    rowIdx.length, colIdx.length, values.length));
        }
        int nnz = values.length;
        for (int k = 0; k < nnz; k++) {
            int i = rowIdx[k];
            int j = colIdx[k];
            if (i < 0 || i >= rows || j < 0 || j >= cols) {
                throw new InvalidEntryException(k, i, j, rows, cols);
            }
            if (!Double.isFinite(values[k])) {
                throw new NonFiniteInputException("sparse triplet " + k, i, j, values[k], rows, cols);
            }
        }
        // Stable counting sort by column, then by row: rows come out with their columns sorted,
        // duplicates adjacent.
        int[] colPtr = new int[cols + 1];
        for (int k = 0; k < nnz; k++) {
            colPtr[colIdx[k] + 1]++;
        }
        for (int j = 0; j < cols; j++) {
            colPtr[j + 1] += colPtr[j];
        }
        int[] byColRow = new int[nnz];
        double[] byColVal = new double[nnz];
        int[] next = Arrays.copyOf(colPtr, cols);
        for (int k = 0; k < nnz; k++) {
            int q = next[colIdx[k]]++;
            byColRow[q] = rowIdx[k];
            byColVal[q] = values[k];
        }
        Compressed sortedCsc = new Compressed(cols, rows, colPtr, byColRow, byColVal);
        Compressed raw = sortedCsc.flip();
        return new CsrStorage(sumDuplicates(raw), null);
    }

    /** Merges adjacent equal column indices within each row (their values summed). */
    private static Compressed sumDuplicates(Compressed c) {
        int[] ptr = c.ptr();
        int[] idx = c.idx();
        double[] val = c.val();
        int[] newPtr = new int[c.rows() + 1];
        int w = 0;
        for (int i = 0; i < c.rows(); i++) {
            int start = w;
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                if (w > start && idx[w - 1] == idx[p]) {
                    val[w - 1] += val[p];
                } else {
                    idx[w] = idx[p];
                    val[w] = val[p];
                    w++;
                }
            }
            newPtr[i + 1] = w;
        }
        if (w == idx.length) {
            return new Compressed(c.rows(), c.cols(), newPtr, idx, val);
        }
        return new Compressed(c.rows(), c.cols(), newPtr, Arrays.copyOf(idx, w),
                Arrays.copyOf(val, w));
    }

    /**
     * The storage of the non-zero entries of dense {@code a} (exact zeros dropped), both orientations
     * built (the CSC is what one pass over the columns gives).
     *
     * @throws NonFiniteInputException if {@code a} holds NaN or infinity
     */
    static CsrStorage fromDense(Matrix a) {
        Objects.requireNonNull(a, "a");
        int m = a.rows();
        int n = a.cols();
        int[] ptr = new int[n + 1];
        List<int[]> idxChunks = new ArrayList<>();
        List<double[]> valChunks = new ArrayList<>();
        double[] col = new double[m];
        long nnz = 0;
        for (int j = 0; j < n; j++) {
            a.getColumn(j, 0, col, 0, m);
            int cnt = 0;
            for (int i = 0; i < m; i++) {
                if (!Double.isFinite(col[i])) {
                    throw new NonFiniteInputException("dense input", i, j, col[i], m, n);
                }
                if (col[i] != 0) {
                    cnt++;
                }
            }
            int[] ci = new int[cnt];
            double[] cv = new double[cnt];
            int w = 0;
            for (int i = 0; i < m; i++) {
                if (col[i] != 0) {
                    ci[w] = i;
                    cv[w++] = col[i];
                }
            }
            idxChunks.add(ci);
            valChunks.add(cv);
            nnz += cnt;
            if (nnz > MAX_ARRAY) {
                throw new IllegalArgumentException(m + "×" + n + " has more non-zeros than a Java array holds");
            }
            ptr[j + 1] = (int) nnz;
        }
        int[] idx = new int[(int) nnz];
        double[] val = new double[(int) nnz];
        for (int j = 0; j < n; j++) {
            System.arraycopy(idxChunks.get(j), 0, idx, ptr[j], ptr[j + 1] - ptr[j]);
            System.arraycopy(valChunks.get(j), 0, val, ptr[j], ptr[j + 1] - ptr[j]);
        }
        Compressed csc = new Compressed(n, m, ptr, idx, val);
        return new CsrStorage(csc.flip(), csc);
    }
}
