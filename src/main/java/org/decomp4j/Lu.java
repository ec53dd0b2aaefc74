package org.decomp4j;

import java.util.Objects;
import java.util.OptionalInt;

import org.decomp4j.dispatch.LuPlanner;
import org.decomp4j.lapack.Blas;
import org.decomp4j.lapack.Block;
import org.decomp4j.lapack.Getrf;
import org.decomp4j.lapack.NativeBuffer;

/**
 * LU factorization with partial pivoting, {@code A = P·L·U}, of an {@code m × n} matrix
 * ({@code k = min(m, n)}): {@code P} m×m permutation, {@code L} m×k unit lower triangular,
 * {@code U} k×n upper triangular (LAPACK {@code getrf}, as SciPy's {@code scipy.linalg.lu}).
 *
 * <pre>{@code
 * try (Lu lu = Lu.of(a)) {
 *     Matrix x = lu.solve(b);        // reuses the factors for any number of right-hand sides
 *     double d = lu.determinant();
 * }
 * }</pre>
 *
 * <p>A singular matrix still factors: {@link #isSingular()} is true, {@link #determinant()} is 0,
 * and {@link #solve}, {@link #inverse()} throw {@link SingularMatrixException} naming the zero
 * pivot. Cost: about {@code m·n² − n³/3} flops; memory one m×n copy.
 */
public final class Lu implements AutoCloseable {
    private final Block lu;
    private final Matrix packedOwner;
    private final NativeBuffer ipiv;
    private final int rows;
    private final int cols;
    private final int zeroPivot;
    private volatile double anorm = -1; // ‖A‖₁, rebuilt from the factors on first rcond()
    private Matrix lView;
    private Matrix uView;
    private Matrix pView;

    private Lu(Block lu, NativeBuffer ipiv, int zeroPivot) {
        this.lu = lu;
        this.packedOwner = Matrix.own(lu);
        this.ipiv = ipiv;
        this.rows = lu.rows();
        this.cols = lu.cols();
        this.zeroPivot = zeroPivot;
    }

    /** Factors {@code a} (untouched), scanning it for NaN/Inf first. */
    public static Lu of(Matrix a) {
        return of(a, FiniteCheck.ON);
    }

    /**
     * Factors {@code a} (untouched).
     *
     * @throws NonFiniteInputException if {@code check} is ON and {@code a} holds NaN or infinity
     */
    public static Lu of(Matrix a, FiniteCheck check) {
        Objects.requireNonNull(a, "a");
        if (check == FiniteCheck.ON) {
            a.requireFinite("A");
        }
        Block f = a.denseCopy(a.dtype());
        NativeBuffer piv = null;
        try {
            piv = NativeBuffer.ints(Math.min(a.rows(), a.cols()));
            int zero = Getrf.getrf(f, piv, LuPlanner.plan(a.dtype(), a.rows(), a.cols()).variant());
            return new Lu(f, piv, zero);
        } catch (RuntimeException | Error e) {
            f.buffer().close();
            if (piv != null) {
                piv.close();
            }
            throw e;
        }
    }

    /** Rows m. */
    public int rows() {
        return rows;
    }

    /** Columns n. */
    public int cols() {
        return cols;
    }

    /** Precision of the factors. */
    public DType dtype() {
        return lu.dtype();
    }

    /** True if some pivot {@code U[i][i]} is exactly zero. */
    public boolean isSingular() {
        return zeroPivot >= 0;
    }

    /** 0-based index of the first exactly-zero pivot, if any. */
    public OptionalInt zeroPivot() {
        return zeroPivot >= 0 ? OptionalInt.of(zeroPivot) : OptionalInt.empty();
    }

    /**
     * LAPACK's row interchanges, 0-based: during factorization row {@code i} was swapped with row
     * {@code pivots()[i]} (SciPy's {@code lu_factor} piv). A copy of length k.
     */
    public int[] pivots() {
        int k = Math.min(rows, cols);
        int[] p = new int[k];
        ipiv.read(0, p, 0, k);
        for (int i = 0; i < k; i++) {
            p[i] -= 1;
        }
        return p;
    }

    /**
     * The row order: {@code (L·U)[i][:] = A[perm[i]][:]}, i.e. {@code P[perm[i]][i] = 1}. A copy of
     * length m.
     */
    public int[] permutation() {
        int[] perm = new int[rows];
        for (int i = 0; i < rows; i++) {
            perm[i] = i;
        }
        int[] piv = pivots();
        for (int i = 0; i < piv.length; i++) {
            int t = perm[i];
            perm[i] = perm[piv[i]];
            perm[piv[i]] = t;
        }
        return perm;
    }

    /**
     * L and U packed in one m×n read-only view, as LAPACK leaves them and SciPy's
     * {@code lu_factor} returns them: U on and above the diagonal, L's multipliers below (its unit
     * diagonal implied). No copy; valid until {@link #close()}.
     */
    public Matrix packed() {
        checkOpen();
        return packedOwner.readOnly();
    }

    /** P (m×m) with {@code A = P·L·U}, read-only. */
    public Matrix p() {
        checkOpen();
        if (pView == null) {
            Matrix p = Matrix.zeros(rows, rows, dtype());
            int[] perm = permutation();
            for (int i = 0; i < rows; i++) {
                p.set(perm[i], i, 1.0);
            }
            pView = p;
        }
        return pView.readOnly();
    }

    /** L (m×k), unit lower triangular, read-only. */
    public Matrix l() {
        checkOpen();
        if (lView == null) {
            int k = Math.min(rows, cols);
            Matrix l = Matrix.zeros(rows, k, dtype());
            double[] col = new double[rows];
            for (int j = 0; j < k; j++) { // column pieces in bulk: each element access pins the buffer
                l.set(j, j, 1.0);
                lu.buffer().read(lu.index(Math.min(j + 1, rows), j), col, 0, rows - j - 1);
                l.setColumn(j, j + 1, col, 0, rows - j - 1);
            }
            lView = l;
        }
        return lView.readOnly();
    }

    /** U (k×n), upper triangular, read-only. */
    public Matrix u() {
        checkOpen();
        if (uView == null) {
            int k = Math.min(rows, cols);
            Matrix u = Matrix.zeros(k, cols, dtype());
            double[] col = new double[k];
            for (int j = 0; j < cols; j++) {
                int len = Math.min(j, k - 1) + 1;
                lu.buffer().read(lu.index(0, j), col, 0, len);
                u.setColumn(j, 0, col, 0, len);
            }
            uView = u;
        }
        return uView.readOnly();
    }

    /** Determinant of a square matrix: {@code ±∏ U[i][i]} (0 if singular; may overflow to ±∞). */
    public double determinant() {
        requireSquare("determinant");
        if (isSingular()) {
            return 0.0;
        }
        double d = 1.0;
        int[] piv = pivots();
        for (int i = 0; i < rows; i++) {
            d *= lu.get(i, i);
            if (piv[i] != i) {
                d = -d;
            }
        }
        return d;
    }

    /**
     * {@code log|det A|} of a square matrix, without overflow ({@code -∞} if singular); with
     * {@link #determinantSign()} this is NumPy's {@code slogdet}.
     */
    public double logAbsDeterminant() {
        requireSquare("logAbsDeterminant");
        if (isSingular()) {
            return Double.NEGATIVE_INFINITY;
        }
        double s = 0;
        for (int i = 0; i < rows; i++) {
            s += Math.log(Math.abs(lu.get(i, i)));
        }
        return s;
    }

    /** Sign of the determinant: +1, −1, or 0 if singular. */
    public double determinantSign() {
        requireSquare("determinantSign");
        if (isSingular()) {
            return 0.0;
        }
        double sign = 1;
        int[] piv = pivots();
        for (int i = 0; i < rows; i++) {
            if (lu.get(i, i) < 0) {
                sign = -sign;
            }
            if (piv[i] != i) {
                sign = -sign;
            }
        }
        return sign;
    }

    /**
     * Solves {@code A·X = B} for X (n×nrhs) from the factors ({@code getrs}, {@code 2n²} flops per
     * column). {@code b} is converted to the factors' dtype and left untouched.
     *
     * @throws IllegalArgumentException if A is not square or b has the wrong number of rows
     * @throws SingularMatrixException  if a pivot is exactly zero
     */
    public Matrix solve(Matrix b) {
        requireSquare("solve");
        Objects.requireNonNull(b, "b");
        if (b.rows() != rows) {
            throw new IllegalArgumentException(String.format(
                    "solve: A is %d×%d but b has %d rows", rows, cols, b.rows()));
        }
        requireNonsingular();
        Matrix x = b.copy(dtype());
        Getrf.getrs('N', lu, ipiv, x.stored());
        return x;
    }

    /**
     * The inverse (n×n) from the factors ({@code getri}, about {@code 4n³/3} flops). Prefer
     * {@link #solve} for systems: it is faster and more accurate.
     *
     * @throws SingularMatrixException if a pivot is exactly zero
     */
    public Matrix inverse() {
        requireSquare("inverse");
        requireNonsingular();
        Matrix inv = Matrix.uninitialized(rows, cols, dtype());
        try {
            Blas.copy(lu, inv.stored());
            long lwork = Getrf.getriQuery(dtype(), rows);
            try (NativeBuffer work = NativeBuffer.allocate(dtype(), lwork)) {
                Getrf.getri(inv.stored(), ipiv, work, lwork);
            }
            return inv;
        } catch (RuntimeException | Error e) {
            inv.close();
            throw e;
        }
    }

    /**
     * Estimate of the reciprocal condition number {@code 1/(‖A‖₁·‖A⁻¹‖₁)} ({@code gecon},
     * {@code O(n²)}); 0 for a singular matrix. Small values (below {@code eps}) mean solutions
     * may have no correct digits. The estimate needs {@code ‖A‖₁}: rather than computing it on
     * every factorization, the first call rebuilds {@code L·U} ({@code trmm}, {@code 2n³/3} flops,
     * as much as the factorization; row swaps do not change column sums) and keeps the norm.
     */
    public double rcond() {
        requireSquare("rcond");
        if (isSingular()) {
            return 0.0;
        }
        double norm = anorm;
        if (norm < 0) {
            int n = rows;
            Block prod = Block.zeros(dtype(), n, n);
            try {
                for (int j = 0; j < n; j++) { // U, the upper triangle of the packed factors
                    NativeBuffer.copy(lu.buffer(), lu.index(0, j), prod.buffer(), prod.index(0, j), j + 1);
                }
                Blas.trmmLeft('L', true, lu, prod); // L·U = Pᵀ·A
                norm = Blas.lange('1', prod);
            } finally {
                prod.buffer().close();
            }
            anorm = norm;
        }
        if (norm == Double.POSITIVE_INFINITY) {
            return 0.0; // an overflowing norm: as ill-conditioned as it gets in this precision
        }
        if (Double.isNaN(norm)) {
            return Double.NaN; // non-finite input let through with FiniteCheck.OFF
        }
        return Getrf.gecon(lu, norm);
    }

    private void requireSquare(String what) {
        checkOpen();
        if (rows != cols) {
            throw new IllegalArgumentException(what + " needs a square matrix; this LU is of a " + rows + "×" + cols
                    + " matrix (use LinAlg.lstsq for rectangular systems)");
        }
    }

    /** The LAPACK routine that factored the matrix: {@code dgetrf}, or {@code dgetrf2} for mid sizes. */
    public String routine() {
        return LuPlanner.plan(dtype(), rows, cols).routine();
    }

    private void requireNonsingular() {
        if (isSingular()) {
            throw Getrf.singular(routine(), zeroPivot, rows);
        }
    }

    private void checkOpen() {
        if (lu.buffer().isClosed()) {
            throw new IllegalStateException("this LU is closed");
        }
    }

    /** Frees the factors and any matrix derived from them. Idempotent. */
    @Override
    public void close() {
        packedOwner.close();
        ipiv.close();
        for (Matrix m : new Matrix[] {lView, uView, pView}) {
            if (m != null) {
                m.close();
            }
        }
    }

    @Override
    public String toString() {
        return String.format("Lu %d×%d %s%s", rows, cols, dtype(), isSingular() ? " (singular)" : "");
    }
}
