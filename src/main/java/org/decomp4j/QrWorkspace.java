package org.decomp4j;

import java.util.Objects;

import org.decomp4j.engine.QrWork;
import org.decomp4j.engine.Storage;
import org.decomp4j.engine.WorkspaceGuard;

/**
 * Economy QR ({@code ?geqrf} then {@code ?orgqr}) of many matrices of one shape with every buffer
 * (working copy, τ, LAPACK workspace, explicit Q) allocated once: {@link #compute(Matrix)}
 * allocates nothing native. Q is m×k and R k×n, {@code k = min(m, n)}.
 *
 * <p>Results are overwritten by the next {@code compute}. One thread at a time: a {@code compute}
 * while another thread is in one fails with {@link IllegalStateException} naming that thread, and
 * a {@code close()} from another thread takes effect when it returns.
 */
public final class QrWorkspace implements AutoCloseable {
    private final int rows;
    private final int cols;
    private final int k;
    private final DType dtype;
    private final FiniteCheck check;
    private final QrWork work;
    private final Matrix q; // owns Q's storage
    private final Matrix packedView;
    private final Matrix qView;
    private final WorkspaceGuard guard;

    /**
     * Buffers for {@code rows × cols} matrices of {@code dtype}; {@code check} scans each input for NaN/Inf.
     *
     * @param rows m, ≥ 0
     * @param cols n, ≥ 0
     * @param dtype the precision of the factors; inputs of another dtype are converted
     * @param check {@link FiniteCheck#ON} to scan each input for NaN and infinity
     */
    public QrWorkspace(int rows, int cols, DType dtype, FiniteCheck check) {
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.check = Objects.requireNonNull(check, "check");
        this.rows = rows;
        this.cols = cols;
        this.k = Math.min(rows, cols);
        // its array accessors and the batch it serves are real; Qr.of and Qr.pivoted take complex
        org.decomp4j.engine.RealOnly.check("QrWorkspace", dtype, "use Qr.of for complex matrices");
        this.work = new QrWork(rows, cols, dtype, false);
        try {
            this.q = Storage.uninitialized(rows, k, dtype);
        } catch (RuntimeException | Error e) {
            work.close();
            throw e;
        }
        this.packedView = Storage.own(work.packed()).readOnly(); // the work and the guard free these
        this.qView = q.readOnly();
        this.guard = new WorkspaceGuard(String.format("QrWorkspace %d×%d %s", rows, cols, dtype), () -> {
            work.close();
            q.close();
        });
    }

    /**
     * Factors {@code a} (untouched, converted to this dtype) into this workspace.
     *
     * @param a the {@code rows × cols} matrix; not modified
     * @throws IllegalArgumentException if {@code a} is not {@code rows × cols}
     * @throws IllegalStateException    if another thread is computing with this workspace, or it is closed
     * @throws NonFiniteInputException  if the check is on and {@code a} holds NaN or infinity
     */
    public void compute(Matrix a) {
        guard.enter();
        try {
            WorkspaceGuard.checkShape(a, rows, cols);
            if (check == FiniteCheck.ON) {
                a.requireFinite("A");
            }
            if (k == 0) {
                return;
            }
            work.run(a);
            work.q(Storage.block(q));
        } finally {
            guard.exit();
        }
    }

    /**
     * The m×k Q of the last result, a read-only view overwritten by the next compute.
     *
     * @return a read-only m×k view, k = min(m, n)
     */
    public Matrix q() {
        guard.checkOpen();
        return qView;
    }

    /**
     * The m×n result of geqrf: R on and above the diagonal (first k rows), reflectors below; a view.
     *
     * @return a read-only m×n view, overwritten by the next compute
     */
    public Matrix packed() {
        guard.checkOpen();
        return packedView;
    }

    /**
     * Precision of the factors.
     *
     * @return F64 or F32, as given to the constructor
     */
    public DType dtype() {
        return dtype;
    }

    /** Frees the buffers (after the running {@code compute}, if another thread is in one). Idempotent. */
    @Override
    public void close() {
        guard.close();
    }
}
