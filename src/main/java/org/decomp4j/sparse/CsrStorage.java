package org.decomp4j.sparse;

/**
 * Both orientations of one sparse matrix: the CSR, and its CSC copy built lazily on first use and
 * then shared by every view ({@link CsrMatrix#transpose()}, {@code withThreads}, …) of the matrix.
 */
final class CsrStorage {
    private final Compressed csr;
    private volatile Compressed csc;

    /** {@code csc} may be null: it is then built from {@code csr} when first asked for. */
    CsrStorage(Compressed csr, Compressed csc) {
        this.csr = csr;
        this.csc = csc;
    }

    Compressed csr() {
        return csr;
    }

    /** The CSC copy, built once ({@code O(nnz + rows + cols)}) by whichever thread asks first. */
    Compressed csc() {
        Compressed c = csc;
        if (c == null) {
            synchronized (this) {
                c = csc;
                if (c == null) {
                    c = csr.flip();
                    csc = c;
                }
            }
        }
        return c;
    }

    /** Bytes held by the arrays: the CSR, plus the CSC once it exists (not built by asking). */
    long bytes() {
        Compressed c = csc;
        return c == null ? csr.bytes() : csr.bytes() + c.bytes();
    }
}
