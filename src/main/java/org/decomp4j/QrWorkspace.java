package org.decomp4j;

import java.util.Objects;

import org.decomp4j.engine.WorkspaceGuard;
import org.decomp4j.lapack.Blas;
import org.decomp4j.lapack.Block;
import org.decomp4j.lapack.Geqrf;
import org.decomp4j.lapack.NativeBuffer;

/**
 * Economy QR ({@code ?geqrf} then {@code ?orgqr}) of many matrices of one shape with every buffer
 * (working copy, τ, LAPACK workspace, explicit Q) allocated once: {@link #compute(Matrix)}
 * allocates nothing native. Q is m×k and R k×n, {@code k = min(m, n)}.
 *
 * <p>Results are overwritten by the next {@code compute}. Not thread-safe: one per thread.
 */
public final class QrWorkspace implements AutoCloseable {
    private final int rows;
    private final int cols;
    private final int k;
    private final DType dtype;
    private final FiniteCheck check;
    private final Block f;
    private final Block q;
    private final NativeBuffer tau;
    private final NativeBuffer work;
    private final long lwork;
    private final Matrix packedView;
    private final Matrix qView;
    private final WorkspaceGuard guard;

    /** Buffers for {@code rows × cols} matrices of {@code dtype}; {@code check} scans each input for NaN/Inf. */
    public QrWorkspace(int rows, int cols, DType dtype, FiniteCheck check) {
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.check = Objects.requireNonNull(check, "check");
        this.rows = rows;
        this.cols = cols;
        this.k = Math.min(rows, cols);
        long lw = 1;
        if (k > 0) {
            lw = Math.max(Geqrf.geqrfQuery(dtype, rows, cols), Geqrf.orgqrQuery(dtype, rows, k, k));
        }
        this.lwork = lw;
        Block fb = null;
        Block qb = null;
        NativeBuffer t = null;
        try {
            fb = Block.allocate(dtype, rows, cols);
            qb = Block.allocate(dtype, rows, k);
            t = NativeBuffer.allocate(dtype, Math.max(1, k));
            this.work = NativeBuffer.allocate(dtype, Math.max(1, lw));
        } catch (RuntimeException | Error e) {
            for (Block b : new Block[] {fb, qb}) {
                if (b != null) {
                    b.buffer().close();
                }
            }
            if (t != null) {
                t.close();
            }
            throw e;
        }
        this.f = fb;
        this.q = qb;
        this.tau = t;
        this.packedView = Matrix.own(f).readOnly();
        this.qView = Matrix.own(q).readOnly();
        this.guard = new WorkspaceGuard(String.format("QrWorkspace %d×%d %s", rows, cols, dtype), () -> {
            f.buffer().close();
            q.buffer().close();
            tau.close();
            work.close();
        });
    }

    /**
     * Factors {@code a} (untouched, converted to this dtype) into this workspace.
     *
     * @throws IllegalArgumentException if {@code a} is not {@code rows × cols}
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
            a.copyInto(f);
            Geqrf.geqrf(f, tau, work, lwork);
            Blas.copy(f.sub(0, 0, rows, k), q);
            Geqrf.orgqr(q, k, tau, work, lwork);
        } finally {
            guard.exit();
        }
    }

    /** The m×k Q of the last result, a read-only view overwritten by the next compute. */
    public Matrix q() {
        checkOpen();
        return qView;
    }

    /** The m×n result of geqrf: R on and above the diagonal (first k rows), reflectors below; a view. */
    public Matrix packed() {
        checkOpen();
        return packedView;
    }

    /** Precision of the factors. */
    public DType dtype() {
        return dtype;
    }

    private void checkOpen() {
        guard.checkOpen();
    }

    /** Frees the buffers (after the running {@code compute}, if another thread is in one). Idempotent. */
    @Override
    public void close() {
        guard.close();
    }
}
