package org.decomp4j;

import java.util.Objects;

import org.decomp4j.dispatch.LuPlanner;
import org.decomp4j.engine.WorkspaceGuard;
import org.decomp4j.lapack.Block;
import org.decomp4j.lapack.Getrf;
import org.decomp4j.lapack.NativeBuffer;

/**
 * LU with partial pivoting ({@code ?getrf}) of many matrices of one shape, with the working copy
 * and the pivot vector allocated once: {@link #compute(Matrix)} allocates nothing native. The
 * batch path's per-thread LU buffers, as {@link SvdWorkspace} is for the SVD.
 *
 * <p>Results are overwritten by the next {@code compute}. Not thread-safe: one per thread.
 */
public final class LuWorkspace implements AutoCloseable {
    private final int rows;
    private final int cols;
    private final DType dtype;
    private final FiniteCheck check;
    private final Block f;
    private final NativeBuffer ipiv;
    private final Matrix view;
    private final WorkspaceGuard guard;
    private final Getrf.Variant variant;
    private int zeroPivot = -1;

    /** Buffers for {@code rows × cols} matrices of {@code dtype}; {@code check} scans each input for NaN/Inf. */
    public LuWorkspace(int rows, int cols, DType dtype, FiniteCheck check) {
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.check = Objects.requireNonNull(check, "check");
        this.rows = rows;
        this.cols = cols;
        this.variant = LuPlanner.plan(dtype, rows, cols).variant();
        this.f = Block.allocate(dtype, rows, cols);
        NativeBuffer p = null;
        try {
            p = NativeBuffer.ints(Math.max(1, Math.min(rows, cols)));
        } catch (RuntimeException | Error e) {
            f.buffer().close();
            throw e;
        }
        this.ipiv = p;
        this.view = Matrix.own(f).readOnly();
        this.guard = new WorkspaceGuard(String.format("LuWorkspace %d×%d %s", rows, cols, dtype), () -> {
            f.buffer().close();
            ipiv.close();
        });
    }

    /**
     * Factors {@code a} (untouched, converted to this dtype) into this workspace. A singular
     * matrix is not an error: {@link #zeroPivot()} says where.
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
            a.copyInto(f);
            zeroPivot = Getrf.getrf(f, ipiv, variant);
        } finally {
            guard.exit();
        }
    }

    /** L and U packed as LAPACK leaves them (see {@link Lu#packed()}); a view overwritten by the next compute. */
    public Matrix packed() {
        checkOpen();
        return view;
    }

    /** 0-based index of the first exactly-zero pivot of the last result, or -1. */
    public int zeroPivot() {
        return zeroPivot;
    }

    /** The last result's {@code min(rows, cols)} row interchanges, 0-based, into {@code dst}. */
    public void pivots(int[] dst) {
        checkOpen();
        int k = Math.min(rows, cols);
        if (dst.length < k) {
            throw new IllegalArgumentException("destination has " + dst.length + " slots, needs " + k);
        }
        if (k > 0) {
            ipiv.read(0, dst, 0, k);
        }
        for (int i = 0; i < k; i++) {
            dst[i] -= 1;
        }
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
