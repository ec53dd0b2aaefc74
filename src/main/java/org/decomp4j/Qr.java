package org.decomp4j;

import java.util.Objects;

import org.decomp4j.engine.QrWork;
import org.decomp4j.engine.Storage;

/**
 * QR factorization {@code A = Q·R} of an {@code m × n} matrix ({@code k = min(m, n)}) by Householder
 * reflections ({@code geqrf}, Q formed by {@code orgqr}), optionally with column pivoting
 * {@code A·P = Q·R} ({@code geqp3}), as SciPy's {@code scipy.linalg.qr}. A real unpivoted QR with
 * k ≥ 128 runs {@code geqrt} in blocks of 32–128 columns and forms Q from its block reflectors
 * ({@code larfb}): the same factors (R, reflectors below it), 1.3–1.5× faster here than
 * {@code geqrf} + {@code orgqr}, whose level-2 panels OpenBLAS 0.3.31 threads poorly
 * ({@link #routine()} says which ran).
 *
 * <table>
 * <caption>shapes by mode</caption>
 * <tr><th>mode</th><th>Q</th><th>R</th></tr>
 * <tr><td>ECONOMY</td><td>m×k, orthonormal columns</td><td>k×n upper triangular</td></tr>
 * <tr><td>COMPLETE</td><td>m×m orthogonal</td><td>m×n upper triangular</td></tr>
 * </table>
 *
 * <p>Pivoted: {@code |R[0][0]| ≥ |R[1][1]| ≥ …}, which reveals the numerical rank
 * ({@link #rank()}); {@link #permutation()} gives the column order with
 * {@code A[:, perm] = Q·R}. Cost: {@code 2mn² − 2n³/3} flops for the factorization, as much again
 * to form Q.
 *
 * <p>Complex input ({@link DType#C128}, {@link DType#C64}) runs {@code zgeqrf}/{@code cgeqrf}
 * ({@code zgeqp3} pivoted), Q is formed by {@code zungqr} and is unitary ({@code QᴴQ = I}), R's
 * diagonal is complex, and {@link #solve} applies {@code Qᴴ} ({@code zunmqr}). The shapes are the
 * real ones.
 */
public final class Qr implements AutoCloseable {
    /** Shape of Q and R. */
    public enum Mode {
        /** Q m×k, R k×n (NumPy's {@code mode='reduced'}, SciPy's {@code 'economic'}). */
        ECONOMY,
        /** Q m×m, R m×n (NumPy's {@code 'complete'}, SciPy's {@code 'full'}). */
        COMPLETE
    }

    private final QrWork work;
    private final Matrix packedView;
    private final int[] perm;
    private final Mode mode;
    private final int rows;
    private final int cols;
    private Matrix qView;
    private Matrix rView;

    private Qr(QrWork work, Mode mode, int rows, int cols) {
        this.work = work;
        this.packedView = Storage.own(work.packed()).readOnly(); // the work frees the storage
        this.perm = work.permutation();
        this.mode = mode;
        this.rows = rows;
        this.cols = cols;
    }

    /**
     * Economy QR without pivoting.
     *
     * @param a the m×n matrix, any shape; not modified
     * @return the factors (Q m×k, R k×n), owning native memory: close them
     */
    public static Qr of(Matrix a) {
        return of(a, Mode.ECONOMY, FiniteCheck.ON);
    }

    /**
     * QR without pivoting in the given mode.
     *
     * @param a the m×n matrix, any shape; not modified
     * @param mode the shapes of Q and R
     * @return the factors, owning native memory: close them
     */
    public static Qr of(Matrix a, Mode mode) {
        return of(a, mode, FiniteCheck.ON);
    }

    /**
     * QR without pivoting; {@code a} is untouched.
     *
     * @param a the m×n matrix, any shape; not modified
     * @param mode the shapes of Q and R
     * @param check {@link FiniteCheck#ON} to scan {@code a} for NaN and infinity first
     * @return the factors, owning native memory: close them
     * @throws NonFiniteInputException if {@code check} is ON and {@code a} holds NaN or infinity
     */
    public static Qr of(Matrix a, Mode mode, FiniteCheck check) {
        return factor(a, mode, check, false);
    }

    /**
     * Column-pivoted economy QR, {@code A·P = Q·R}.
     *
     * @param a the m×n matrix, any shape; not modified
     * @return the factors (Q m×k, R k×n, the permutation), owning native memory: close them
     */
    public static Qr pivoted(Matrix a) {
        return factor(a, Mode.ECONOMY, FiniteCheck.ON, true);
    }

    /**
     * Column-pivoted QR in the given mode.
     *
     * @param a the m×n matrix, any shape; not modified
     * @param mode the shapes of Q and R
     * @return the factors, owning native memory: close them
     */
    public static Qr pivoted(Matrix a, Mode mode) {
        return factor(a, mode, FiniteCheck.ON, true);
    }

    /**
     * Column-pivoted QR; {@code a} is untouched.
     *
     * @param a the m×n matrix, any shape; not modified
     * @param mode the shapes of Q and R
     * @param check {@link FiniteCheck#ON} to scan {@code a} for NaN and infinity first
     * @return the factors, owning native memory: close them
     * @throws NonFiniteInputException if {@code check} is ON and {@code a} holds NaN or infinity
     */
    public static Qr pivoted(Matrix a, Mode mode, FiniteCheck check) {
        return factor(a, mode, check, true);
    }

    private static Qr factor(Matrix a, Mode mode, FiniteCheck check, boolean pivot) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(mode, "mode");
        if (check == FiniteCheck.ON) {
            a.requireFinite("A");
        }
        QrWork w = new QrWork(a.rows(), a.cols(), a.dtype(), pivot);
        try {
            w.run(a);
            return new Qr(w, mode, a.rows(), a.cols());
        } catch (RuntimeException | Error e) {
            w.close();
            throw e;
        }
    }

    /**
     * Rows m.
     *
     * @return m, ≥ 0
     */
    public int rows() {
        return rows;
    }

    /**
     * Columns n.
     *
     * @return n, ≥ 0
     */
    public int cols() {
        return cols;
    }

    /**
     * Precision of the factors.
     *
     * @return the dtype of the input
     */
    public DType dtype() {
        return packedView.dtype();
    }

    /**
     * The mode the factors were requested in.
     *
     * @return ECONOMY or COMPLETE
     */
    public Mode mode() {
        return mode;
    }

    /**
     * True for a column-pivoted factorization.
     *
     * @return whether the columns were pivoted
     */
    public boolean isPivoted() {
        return perm != null;
    }

    /**
     * The LAPACK routine that factored A: {@code dgeqrt} (blocked), {@code dgeqrf}, {@code dgeqp3}
     * (pivoted), or their {@code s}/{@code z}/{@code c} versions.
     *
     * @return the routine name, e.g. {@code "dgeqrt"}
     */
    public String routine() {
        return work.routine();
    }

    /**
     * The routine that forms Q ({@link #q()}): {@code dlarfb} after {@code dgeqrt}, else
     * {@code dorgqr} ({@code zungqr} complex), with the dtype's prefix.
     *
     * @return the routine name, e.g. {@code "dlarfb"}
     */
    public String qRoutine() {
        return work.qRoutine();
    }

    /**
     * Column order, 0-based: {@code A[:, perm] = Q·R}. The identity for an unpivoted QR. A copy.
     *
     * @return a new array of n column indices, a permutation of {@code 0..n-1}
     */
    public int[] permutation() {
        if (perm != null) {
            return perm.clone();
        }
        int[] id = new int[cols];
        for (int j = 0; j < cols; j++) {
            id[j] = j;
        }
        return id;
    }

    /**
     * The factorization in LAPACK's compact form, an m×n read-only view (NumPy's
     * {@code mode='raw'} without τ): R on and above the diagonal, the Householder vectors below.
     * No copy; valid until {@link #close()}.
     *
     * @return a read-only m×n view
     */
    public Matrix packed() {
        checkOpen();
        return packedView.readOnly(); // a view of its own: closing it leaves this result intact
    }

    /**
     * Q (m×k economy, m×m complete), read-only; formed on first call ({@link #qRoutine()}).
     *
     * @return a read-only view, valid until {@link #close()}
     */
    public Matrix q() {
        checkOpen();
        if (qView == null) {
            int k = Math.min(rows, cols);
            int qc = mode == Mode.COMPLETE ? rows : k;
            Matrix q = Matrix.zeros(rows, qc, dtype());
            try {
                work.q(q.stored());
            } catch (RuntimeException | Error e) {
                q.close();
                throw e;
            }
            qView = q;
        }
        return qView.readOnly();
    }

    /**
     * R (k×n economy, m×n complete), upper triangular, read-only.
     *
     * @return a read-only view, valid until {@link #close()}
     */
    public Matrix r() {
        checkOpen();
        if (rView == null) {
            int k = Math.min(rows, cols);
            int rr = mode == Mode.COMPLETE ? rows : k;
            Matrix r = Matrix.zeros(rr, cols, dtype());
            work.r(Storage.writable(r));
            rView = r;
        }
        return rView.readOnly();
    }

    /**
     * Numerical rank from a pivoted factorization: diagonal entries of R with
     * {@code |R[i][i]| > |R[0][0]|·max(m, n)·eps}.
     *
     * @return the rank, in {@code [0, min(m, n)]}
     * @throws IllegalStateException for an unpivoted QR, whose R does not reveal rank
     */
    public int rank() {
        checkOpen();
        if (perm == null) {
            throw new IllegalStateException("rank needs a column-pivoted QR (Qr.pivoted)");
        }
        return work.rank();
    }

    /**
     * Least-squares solution of {@code min ‖A·X − B‖₂} for {@code m ≥ n} and full column rank:
     * {@code X = R⁻¹·(Qᵀ·B)[0:n]} ({@code ormqr} + {@code trtrs}), un-permuted for a pivoted QR.
     * X is n×nrhs; {@code b} is converted to the factors' dtype and left untouched.
     *
     * @param b the m×nrhs right-hand side; not modified
     * @return X, a new n×nrhs matrix of the factors' dtype, owned by the caller
     * @throws IllegalArgumentException if {@code m < n} (use {@link LinAlg#lstsq}) or b has the
     *     wrong number of rows
     * @throws SingularMatrixException  if R has an exactly-zero diagonal entry (rank deficient)
     */
    public Matrix solve(Matrix b) {
        checkOpen();
        Objects.requireNonNull(b, "b");
        if (rows < cols) {
            throw new IllegalArgumentException(String.format(
                    "QR solve needs m >= n, A is %d×%d (under-determined): use LinAlg.lstsq for the minimum-norm"
                            + " solution", rows, cols));
        }
        if (b.rows() != rows) {
            throw new IllegalArgumentException(String.format("solve: A is %d×%d but b has %d rows", rows, cols, b.rows()));
        }
        try (Matrix c = b.copy(dtype())) {
            return work.solve(c);
        }
    }

    private void checkOpen() {
        if (work.isClosed()) {
            throw new IllegalStateException("this QR is closed");
        }
    }

    /** Frees the factors and any matrix derived from them. Idempotent. */
    @Override
    public void close() {
        work.close();
        if (qView != null) {
            qView.close();
        }
        if (rView != null) {
            rView.close();
        }
    }

    @Override
    public String toString() {
        return String.format("Qr %d×%d %s %s%s", rows, cols, dtype(), mode, isPivoted() ? " pivoted" : "");
    }
}
