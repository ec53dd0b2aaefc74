package org.decomp4j.sparse;

import java.util.Arrays;

/**
 * One compressed orientation of a sparse matrix: row pointers ({@code rows + 1}), column indices
 * sorted within each row, and values. CSR of A, or (as the CSR of Aᵀ) its CSC. The arrays are
 * shared, never copied; nothing writes them once a {@link CsrMatrix} holds them.
 */
record Compressed(int rows, int cols, int[] ptr, int[] idx, double[] val) {
    int nnz() {
        return ptr[rows];
    }

    /** Bytes held by the three arrays. */
    long bytes() {
        return 4L * (rows + 1) + 12L * nnz();
    }

    /** The other orientation (CSR ↔ CSC) by one counting pass; indices come out sorted. */
    Compressed flip() {
        int nnz = nnz();
        int[] ptrT = new int[cols + 1];
        for (int p = 0; p < nnz; p++) {
            ptrT[idx[p] + 1]++;
        }
        for (int j = 0; j < cols; j++) {
            ptrT[j + 1] += ptrT[j];
        }
        int[] next = Arrays.copyOf(ptrT, cols);
        int[] idxT = new int[nnz];
        double[] valT = new double[nnz];
        for (int i = 0; i < rows; i++) {
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                int q = next[idx[p]]++;
                idxT[q] = i;
                valT[q] = val[p];
            }
        }
        return new Compressed(cols, rows, ptrT, idxT, valT);
    }
}
