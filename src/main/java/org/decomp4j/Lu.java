package org.decomp4j;

import java.util.Objects;
import java.util.OptionalInt;

import org.decomp4j.engine.LuWork;
import org.decomp4j.engine.Storage;

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
 *
 * <p>Complex input ({@link DType#C128}, {@link DType#C64}) runs {@code zgetrf}/{@code cgetrf}:
 * the factors are complex, P stays a real permutation stored in the input's dtype, and the
 * determinant is a complex value, read with {@link #complexDeterminant()} ({@link #determinant()}
 * and {@link #determinantSign()} refuse a complex LU rather than drop an imaginary part).
 */
public final class Lu implements AutoCloseable {
    private final LuWork work;
    private final Matrix packedView;
    private final int rows;
    private final int cols;
    private Matrix lView;
    private Matrix uView;
    private Matrix pView;

    private Lu(LuWork work, int rows, int cols) {
        this(work, rows, cols, Storage.own(work.packed()).readOnly()); // the work frees the storage
    }

    private Lu(LuWork work, int rows, int cols, Matrix packedView) {
        this.work = work;
        this.packedView = packedView;
        this.rows = rows;
        this.cols = cols;
    }

    /**
     * Factors {@code a} (untouched), scanning it for NaN/Inf first.
     *
     * @param a the m×n matrix, any shape; not modified
     * @return the factors, owning native memory: close them
     */
    public static Lu of(Matrix a) {
        return of(a, FiniteCheck.ON);
    }

    /**
     * Factors {@code a} (untouched).
     *
     * @param a the m×n matrix, any shape; not modified
     * @param check {@link FiniteCheck#ON} to scan {@code a} for NaN and infinity first
     * @return the factors, owning native memory: close them
     * @throws NonFiniteInputException if {@code check} is ON and {@code a} holds NaN or infinity
     */
    public static Lu of(Matrix a, FiniteCheck check) {
        Objects.requireNonNull(a, "a");
        if (check == FiniteCheck.ON) {
            a.requireFinite("A");
        }
        LuWork w = new LuWork(a.rows(), a.cols(), a.dtype());
        try {
            w.run(a);
            return new Lu(w, a.rows(), a.cols());
        } catch (RuntimeException | Error e) {
            w.close();
            throw e;
        }
    }

    /**
     * Factors {@code a} in its own storage, as SciPy's {@code lu_factor(a, overwrite_a=True)}:
     * {@code a}'s elements become the packed factors ({@link #packed()}: U on and above the
     * diagonal, L's multipliers below), which saves the m×n copy and its memory: for a large
     * matrix, the time of touching fresh memory too. A read-only or transposed view cannot be
     * written in LAPACK's layout and is copied, as {@link #of(Matrix, FiniteCheck)} does.
     *
     * <p>The result reads {@code a}'s storage: keep {@code a} open while it is used (closing
     * {@code a} first makes the result report itself closed), and do not write {@code a}
     * meanwhile. Closing the result leaves {@code a} open, holding the packed factors.
     *
     * @param a the m×n matrix, any shape; overwritten unless a read-only or transposed view
     * @param check {@link FiniteCheck#ON} to scan {@code a} for NaN and infinity first
     * @return the factors: close them (before or after {@code a})
     * @throws NonFiniteInputException if {@code check} is ON and {@code a} holds NaN or infinity
     *     ({@code a} is then untouched)
     */
    public static Lu overwriting(Matrix a, FiniteCheck check) {
        Objects.requireNonNull(a, "a");
        if (a.isReadOnly() || a.isTransposed()) {
            return of(a, check);
        }
        if (check == FiniteCheck.ON) {
            a.requireFinite("A");
        }
        LuWork w = LuWork.inPlace(a);
        try {
            w.runInPlace();
            return new Lu(w, a.rows(), a.cols(), a.readOnly());
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
     * True if some pivot {@code U[i][i]} is exactly zero.
     *
     * @return whether U has an exactly zero diagonal entry
     */
    public boolean isSingular() {
        return work.zeroPivot() >= 0;
    }

    /**
     * 0-based index of the first exactly-zero pivot, if any.
     *
     * @return the index in {@code [0, k)}, or empty if no pivot is zero
     */
    public OptionalInt zeroPivot() {
        return isSingular() ? OptionalInt.of(work.zeroPivot()) : OptionalInt.empty();
    }

    /**
     * LAPACK's row interchanges, 0-based: during factorization row {@code i} was swapped with row
     * {@code pivots()[i]} (SciPy's {@code lu_factor} piv). A copy of length k.
     *
     * @return a new array of k = min(m, n) row indices
     */
    public int[] pivots() {
        checkOpen();
        int[] p = new int[Math.min(rows, cols)];
        work.pivots(p);
        return p;
    }

    /**
     * The row order: {@code (L·U)[i][:] = A[perm[i]][:]}, i.e. {@code P[perm[i]][i] = 1}. A copy of
     * length m.
     *
     * @return a new array of m row indices, a permutation of {@code 0..m-1}
     */
    public int[] permutation() {
        checkOpen();
        return work.permutation();
    }

    /**
     * L and U packed in one m×n read-only view, as LAPACK leaves them and SciPy's
     * {@code lu_factor} returns them: U on and above the diagonal, L's multipliers below (its unit
     * diagonal implied). No copy; valid until {@link #close()}.
     *
     * @return a read-only m×n view
     */
    public Matrix packed() {
        checkOpen();
        return packedView.readOnly(); // a view of its own: closing it leaves this result intact
    }

    /**
     * P (m×m) with {@code A = P·L·U}, read-only.
     *
     * @return a read-only m×m view, valid until {@link #close()}
     */
    public Matrix p() {
        checkOpen();
        if (pView == null) {
            pView = unpacked(rows, rows, work::p);
        }
        return pView.readOnly();
    }

    /**
     * L (m×k), unit lower triangular, read-only.
     *
     * @return a read-only m×k view, k = min(m, n), valid until {@link #close()}
     */
    public Matrix l() {
        checkOpen();
        if (lView == null) {
            lView = unpacked(rows, Math.min(rows, cols), work::l);
        }
        return lView.readOnly();
    }

    /**
     * U (k×n), upper triangular, read-only.
     *
     * @return a read-only k×n view, k = min(m, n), valid until {@link #close()}
     */
    public Matrix u() {
        checkOpen();
        if (uView == null) {
            uView = unpacked(Math.min(rows, cols), cols, work::u);
        }
        return uView.readOnly();
    }

    private Matrix unpacked(int r, int c, java.util.function.Consumer<org.decomp4j.lapack.Block> write) {
        Matrix m = Matrix.zeros(r, c, dtype());
        try {
            write.accept(Storage.writable(m));
            return m;
        } catch (RuntimeException | Error e) {
            m.close();
            throw e;
        }
    }

    /**
     * Determinant of a square real matrix: {@code ±∏ U[i][i]} (0 if singular; may overflow to ±∞).
     *
     * @return the determinant; 0 if singular
     * @throws IllegalArgumentException if A is not square, or complex (use {@link #complexDeterminant()})
     */
    public double determinant() {
        requireSquare("determinant");
        requireReal("determinant");
        if (isSingular()) {
            return 0.0;
        }
        double d = 1.0;
        int[] piv = pivots();
        for (int i = 0; i < rows; i++) {
            d *= packedView.get(i, i);
            if (piv[i] != i) {
                d = -d;
            }
        }
        return d;
    }

    /**
     * Determinant of a square matrix of any dtype as a complex value: {@code ±∏ U[i][i]} (0 if
     * singular; may overflow). For a real matrix the imaginary part is 0 and the real part is
     * {@link #determinant()}.
     *
     * @return the determinant, {@code re + i·im}
     * @throws IllegalArgumentException if A is not square
     */
    public Complex complexDeterminant() {
        requireSquare("complexDeterminant");
        if (isSingular()) {
            return Complex.ZERO;
        }
        double re = 1.0;
        double im = 0.0;
        int[] piv = pivots();
        for (int i = 0; i < rows; i++) {
            double ur = packedView.getRe(i, i);
            double ui = packedView.getIm(i, i);
            double t = re * ur - im * ui;
            im = re * ui + im * ur;
            re = t;
            if (piv[i] != i) {
                re = -re;
                im = -im;
            }
        }
        return new Complex(re, im);
    }

    /**
     * {@code log|det A|} of a square matrix of any dtype, without overflow ({@code -∞} if
     * singular); with {@link #determinantSign()} this is NumPy's {@code slogdet}.
     *
     * @return {@code log|det A|}; {@code -∞} if singular
     * @throws IllegalArgumentException if A is not square
     */
    public double logAbsDeterminant() {
        requireSquare("logAbsDeterminant");
        if (isSingular()) {
            return Double.NEGATIVE_INFINITY;
        }
        double s = 0;
        for (int i = 0; i < rows; i++) {
            s += Math.log(Math.hypot(packedView.getRe(i, i), packedView.getIm(i, i)));
        }
        return s;
    }

    /**
     * Sign of the determinant of a real matrix: +1, −1, or 0 if singular.
     *
     * @return +1, −1, or 0
     * @throws IllegalArgumentException if A is not square, or complex (its phase is that of
     *     {@link #complexDeterminant()})
     */
    public double determinantSign() {
        requireSquare("determinantSign");
        requireReal("determinantSign");
        if (isSingular()) {
            return 0.0;
        }
        double sign = 1;
        int[] piv = pivots();
        for (int i = 0; i < rows; i++) {
            if (packedView.get(i, i) < 0) {
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
     * column). {@code b} is converted to the factors' dtype and left untouched (a real b for
     * complex factors gets zero imaginary parts; a complex b for real factors is refused).
     *
     * @param b the n×nrhs right-hand side; not modified
     * @return X, a new n×nrhs matrix of the factors' dtype, owned by the caller
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
        Matrix x = b.copy(dtype());
        try {
            work.solve(x.stored());
            return x;
        } catch (RuntimeException | Error e) {
            x.close();
            throw e;
        }
    }

    /**
     * The inverse (n×n) from the factors ({@code getri}, about {@code 4n³/3} flops). Prefer
     * {@link #solve} for systems: it is faster and more accurate.
     *
     * @return a new n×n matrix of the factors' dtype, owned by the caller
     * @throws SingularMatrixException if a pivot is exactly zero
     */
    public Matrix inverse() {
        requireSquare("inverse");
        Matrix inv = Matrix.uninitialized(rows, cols, dtype());
        try {
            work.inverse(inv.stored());
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
     *
     * @return the estimate, in {@code [0, 1]}
     * @throws IllegalArgumentException if A is not square
     */
    public double rcond() {
        requireSquare("rcond");
        return work.rcond();
    }

    private void requireReal(String what) {
        if (dtype().isComplex()) {
            throw new IllegalArgumentException(what + ": the determinant of a " + dtype().numpyName()
                    + " matrix is complex; use complexDeterminant()");
        }
    }

    private void requireSquare(String what) {
        checkOpen();
        if (rows != cols) {
            throw new IllegalArgumentException(what + " needs a square matrix; this LU is of a " + rows + "×" + cols
                    + " matrix (use LinAlg.lstsq for rectangular systems)");
        }
    }

    /**
     * The LAPACK routine that factored the matrix: {@code dgetrf}, or {@code dgetrf2} for mid sizes
     * ({@code z}/{@code c} prefixes for complex input).
     *
     * @return the routine name with its precision prefix, e.g. {@code "dgetrf"} or {@code
     *         "sgetrf2"}
     */
    public String routine() {
        return work.routine();
    }

    private void checkOpen() {
        if (work.isClosed()) {
            throw new IllegalStateException("this LU is closed");
        }
    }

    /** Frees the factors and any matrix derived from them. Idempotent. */
    @Override
    public void close() {
        work.close();
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
