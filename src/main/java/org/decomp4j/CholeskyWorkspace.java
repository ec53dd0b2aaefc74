package org.decomp4j;

import java.util.Objects;

import org.decomp4j.engine.CholeskyWork;
import org.decomp4j.engine.Storage;
import org.decomp4j.engine.WorkspaceGuard;

/**
 * Cholesky factorization {@code A = L·Lᵀ} ({@code ?potrf}, lower triangle) of many n×n matrices
 * with the working copy allocated once: {@link #compute(Matrix)} allocates nothing native.
 *
 * <p>Results are overwritten by the next {@code compute}. One thread at a time: a {@code compute}
 * while another thread is in one fails with {@link IllegalStateException} naming that thread, and
 * a {@code close()} from another thread takes effect when it returns.
 */
public final class CholeskyWorkspace implements AutoCloseable {
    private final int n;
    private final DType dtype;
    private final FiniteCheck check;
    private final CholeskyWork work;
    private final Matrix view;
    private final WorkspaceGuard guard;

    /**
     * Buffers for n×n matrices of {@code dtype}; {@code check} scans each input for NaN/Inf.
     *
     * @param n the order of the matrices to factor, ≥ 0
     * @param dtype the precision of the factor; inputs of another dtype are converted
     * @param check {@link FiniteCheck#ON} to scan each input for NaN and infinity
     */
    public CholeskyWorkspace(int n, DType dtype, FiniteCheck check) {
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.check = Objects.requireNonNull(check, "check");
        this.n = n;
        // its array accessors and the batch it serves are real; Cholesky.of takes complex
        org.decomp4j.engine.RealOnly.check("CholeskyWorkspace", dtype, "use Cholesky.of for complex matrices");
        this.work = new CholeskyWork(n, dtype, 'L');
        this.view = Storage.own(work.packed()).readOnly(); // the work frees the storage
        this.guard = new WorkspaceGuard(String.format("CholeskyWorkspace %d×%d %s", n, n, dtype),
                work::close);
    }

    /**
     * Factors {@code a} (untouched; only its lower triangle is read by LAPACK).
     *
     * @param a the n×n symmetric positive definite matrix; not modified
     * @throws IllegalArgumentException     if {@code a} is not n×n
     * @throws NonFiniteInputException      if the check is on and {@code a} holds NaN or infinity
     * @throws NotPositiveDefiniteException with the order of the failing leading minor
     */
    public void compute(Matrix a) {
        guard.enter();
        try {
            WorkspaceGuard.checkShape(a, n, n);
            if (check == FiniteCheck.ON) {
                a.requireFinite("A");
            }
            work.run(a, false);
        } finally {
            guard.exit();
        }
    }

    /**
     * The last result: L on and below the diagonal; the strict upper triangle holds A's and is not part of it.
     *
     * @return a read-only n×n view, overwritten by the next {@link #compute}
     */
    public Matrix packed() {
        checkOpen();
        return view;
    }

    /**
     * Precision of the factor.
     *
     * @return F64 or F32, as given to the constructor
     */
    public DType dtype() {
        return dtype;
    }

    private void checkOpen() {
        guard.checkOpen();
    }

    /** Frees the buffer (after the running {@code compute}, if another thread is in one). Idempotent. */
    @Override
    public void close() {
        guard.close();
    }
}
