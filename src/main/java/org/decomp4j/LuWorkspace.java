package org.decomp4j;

import java.util.Objects;

import org.decomp4j.engine.LuWork;
import org.decomp4j.engine.Storage;
import org.decomp4j.engine.WorkspaceGuard;

/**
 * LU factorizations of many {@code rows × cols} matrices into buffers allocated once (the batch
 * path). Results are overwritten by the next {@link #compute}. One thread at a time: a
 * {@code compute} while another thread is in one fails with {@link IllegalStateException} naming
 * that thread, and a {@code close()} from another thread takes effect when it returns.
 */
public final class LuWorkspace implements AutoCloseable {
    private final int rows;
    private final int cols;
    private final DType dtype;
    private final FiniteCheck check;
    private final LuWork work;
    private final Matrix view;
    private final WorkspaceGuard guard;

    /**
     * Buffers for {@code rows × cols} matrices of {@code dtype}; {@code check} scans each input for NaN/Inf.
     *
     * @param rows m, ≥ 0
     * @param cols n, ≥ 0
     * @param dtype the precision of the factors; inputs of another dtype are converted
     * @param check {@link FiniteCheck#ON} to scan each input for NaN and infinity
     */
    public LuWorkspace(int rows, int cols, DType dtype, FiniteCheck check) {
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        // its array accessors (pivots aside) and the batch it serves are real; Lu.of takes complex
        org.decomp4j.engine.RealOnly.check("LuWorkspace", dtype, "use Lu.of for complex matrices");
        this.check = Objects.requireNonNull(check, "check");
        this.rows = rows;
        this.cols = cols;
        this.work = new LuWork(rows, cols, dtype);
        this.view = Storage.own(work.packed()).readOnly(); // the work frees the storage
        this.guard = new WorkspaceGuard(String.format("LuWorkspace %d×%d %s", rows, cols, dtype), work::close);
    }

    /**
     * Factors {@code a} (untouched, converted to this dtype) into this workspace. A singular
     * matrix is not an error: {@link #zeroPivot()} says where.
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
            work.run(a);
        } finally {
            guard.exit();
        }
    }

    /**
     * L and U packed as LAPACK leaves them (see {@link Lu#packed()}); a view overwritten by the next compute.
     *
     * @return a read-only {@code rows × cols} view
     */
    public Matrix packed() {
        guard.checkOpen();
        return view;
    }

    /**
     * 0-based index of the first exactly-zero pivot of the last result, or -1.
     *
     * @return the pivot index, 0-based, or -1 if none is zero
     */
    public int zeroPivot() {
        return work.zeroPivot();
    }

    /**
     * The last result's {@code min(rows, cols)} row interchanges, 0-based, into {@code dst}.
     *
     * @param dst receives the interchanges; length at least {@code min(rows, cols)}
     */
    public void pivots(int[] dst) {
        guard.checkOpen();
        work.pivots(dst);
    }

    /**
     * The last result as {@link Lu#p()}, {@link Lu#l()} and {@link Lu#u()} give it, into
     * zero-filled column-major arrays: {@code p} m×m, {@code l} m×k, {@code u} k×n (k = min(m, n));
     * pass null to skip one.
     *
     * @param p receives P (m×m), or null
     * @param l receives L (m×k), or null
     * @param u receives U (k×n), or null
     * @throws IllegalArgumentException if an array is too short
     */
    public void factors(double[] p, double[] l, double[] u) {
        guard.checkOpen();
        int k = Math.min(rows, cols);
        check("p", p, (long) rows * rows);
        check("l", l, (long) rows * k);
        check("u", u, (long) k * cols);
        if (p != null) {
            work.p(LuWork.into(p, rows));
        }
        if (l != null) {
            work.l(LuWork.into(l, rows));
        }
        if (u != null) {
            work.u(LuWork.into(u, k));
        }
    }

    private static void check(String name, double[] a, long need) {
        if (a != null && a.length < need) {
            throw new IllegalArgumentException(name + " has " + a.length + " slots, needs " + need);
        }
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
