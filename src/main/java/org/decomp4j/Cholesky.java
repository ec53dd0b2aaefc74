package org.decomp4j;

import java.util.Objects;

import org.decomp4j.engine.CholeskyWork;
import org.decomp4j.engine.Storage;

/**
 * Cholesky factorization of a symmetric positive definite n×n matrix: {@code A = L·Lᵀ}
 * ({@link Triangle#LOWER}, the default) or {@code A = Uᵀ·U} ({@link Triangle#UPPER}), LAPACK
 * {@code potrf}.
 *
 * <p>Only the chosen triangle of {@code A} is read — and scanned for NaN/Inf — as in LAPACK and
 * NumPy: symmetry is assumed, not checked. A matrix that is not positive definite raises
 * {@link NotPositiveDefiniteException} with the order of the first failing leading minor; use
 * {@link #isPositiveDefinite(Matrix)} to test without an exception. Cost: {@code n³/3} flops.
 *
 * <p>Complex input ({@link DType#C128}, {@link DType#C64}) must be Hermitian positive definite:
 * {@code zpotrf}/{@code cpotrf} give {@code A = L·Lᴴ} or {@code Uᴴ·U} with a real positive
 * diagonal, and {@link #solve}, {@link #inverse()} (Hermitian), {@link #determinant()} (real) and
 * {@link #rcond()} follow. {@link #of(Matrix)} checks that a complex A is Hermitian (to
 * {@code 10·n·ε·‖A‖_F}) and refuses it with an {@link IllegalArgumentException} otherwise, since
 * one triangle would be silently ignored; {@link #of(Matrix, Triangle)} reads the chosen triangle
 * as it is (the imaginary parts of the diagonal are not read), as LAPACK and SciPy's
 * {@code lower=} do.
 */
public final class Cholesky implements AutoCloseable {
    /** Which triangle holds the factor. */
    public enum Triangle {
        /** {@code A = L·Lᵀ}, L lower triangular. */
        LOWER('L'),
        /** {@code A = Uᵀ·U}, U upper triangular. */
        UPPER('U');

        private final char lapack;

        Triangle(char lapack) {
            this.lapack = lapack;
        }

        /**
         * LAPACK's UPLO character.
         *
         * @return {@code 'L'} or {@code 'U'}
         */
        public char lapack() {
            return lapack;
        }
    }

    private final CholeskyWork work;
    private final Triangle triangle;
    private final Matrix view;
    private final int n;

    private Cholesky(CholeskyWork work, Triangle triangle, int n) {
        this.work = work;
        this.triangle = triangle;
        this.view = Storage.own(work.packed()).readOnly(); // the work frees the storage
        this.n = n;
    }

    /**
     * {@code A = L·Lᵀ} ({@code L·Lᴴ} for a complex A).
     *
     * @param a the n×n symmetric positive definite matrix (lower triangle read), or a Hermitian
     *     positive definite complex one (checked); not modified
     * @return the factor, owning native memory: close it
     * @throws IllegalArgumentException     if {@code a} is not square, or complex and not Hermitian
     *     (naming the worst pair; pass a {@link Triangle} to read one triangle as it is)
     * @throws NotPositiveDefiniteException naming the order of the first failing leading minor
     * @throws NonFiniteInputException      if {@code a} holds NaN or infinity
     */
    public static Cholesky of(Matrix a) {
        Objects.requireNonNull(a, "a");
        if (a.dtype().isComplex() && a.rows() == a.cols()) {
            a.requireFinite("A"); // both triangles are read by the Hermitian test: scan them first
            org.decomp4j.engine.Hermitian.require(a, "Cholesky",
                    "pass a triangle (Cholesky.of(a, Triangle.LOWER) or UPPER) to use one triangle as it is");
        }
        return of(a, Triangle.LOWER, FiniteCheck.ON);
    }

    /**
     * Factor in the given triangle.
     *
     * @param a the n×n symmetric positive definite matrix; not modified
     * @param triangle which triangle of {@code a} is read and factored
     * @return the factor, owning native memory: close it
     */
    public static Cholesky of(Matrix a, Triangle triangle) {
        return of(a, triangle, FiniteCheck.ON);
    }

    /**
     * Factors {@code a} (untouched).
     *
     * @param a the n×n symmetric positive definite matrix; not modified
     * @param triangle which triangle of {@code a} is read and factored
     * @param check {@link FiniteCheck#ON} to scan {@code a} for NaN and infinity first
     * @return the factor, owning native memory: close it
     * @throws IllegalArgumentException     if {@code a} is not square
     * @throws NotPositiveDefiniteException naming the order of the first failing leading minor
     * @throws NonFiniteInputException      if {@code check} is ON and {@code a} holds NaN or infinity
     */
    public static Cholesky of(Matrix a, Triangle triangle, FiniteCheck check) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(triangle, "triangle");
        if (a.rows() != a.cols()) {
            throw new IllegalArgumentException("Cholesky needs a square matrix, got " + a.rows() + "×" + a.cols());
        }
        CholeskyWork w = new CholeskyWork(a.rows(), a.dtype(), triangle.lapack());
        try {
            w.run(a, check == FiniteCheck.ON);
            return new Cholesky(w, triangle, a.rows());
        } catch (RuntimeException | Error e) {
            w.close();
            throw e;
        }
    }

    /**
     * True if {@code a} is symmetric positive definite as far as its {@code LOWER} triangle says
     * (Cholesky succeeds); false also for non-square input. Cost of a factorization.
     *
     * @param a any matrix; not modified
     * @return whether the Cholesky factorization of the lower triangle succeeds
     */
    public static boolean isPositiveDefinite(Matrix a) {
        if (a.rows() != a.cols()) {
            return false;
        }
        try (Cholesky c = of(a, Triangle.LOWER)) {
            return true;
        } catch (NotPositiveDefiniteException | NonFiniteInputException e) {
            return false;
        }
    }

    /**
     * Order n.
     *
     * @return n, ≥ 0
     */
    public int size() {
        return n;
    }

    /**
     * Precision of the factor.
     *
     * @return the dtype of the input
     */
    public DType dtype() {
        return view.dtype();
    }

    /**
     * Which triangle the factor is.
     *
     * @return the triangle given at factorization
     */
    public Triangle triangle() {
        return triangle;
    }

    /**
     * The factor (L or U, zeros in the other triangle), read-only.
     *
     * @return a read-only n×n view, valid until {@link #close()}
     */
    public Matrix factor() {
        checkOpen();
        work.factor(); // clears the other triangle, once
        return view.readOnly(); // a view of its own: closing it leaves this result intact
    }

    /**
     * Solves {@code A·X = B} ({@code potrs}, {@code 2n²} flops per column); {@code b} is converted to
     * the factor's dtype and left untouched.
     *
     * @param b the n×nrhs right-hand side; not modified
     * @return X, a new n×nrhs matrix of the factor's dtype, owned by the caller
     */
    public Matrix solve(Matrix b) {
        checkOpen();
        Objects.requireNonNull(b, "b");
        if (b.rows() != size()) {
            throw new IllegalArgumentException(String.format(
                    "solve: A is %d×%d but b has %d rows", size(), size(), b.rows()));
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
     * {@code A⁻¹} (n×n, symmetric) from the factor ({@code potri}, {@code 2n³/3} flops).
     *
     * @return a new n×n matrix of the factor's dtype, owned by the caller
     */
    public Matrix inverse() {
        checkOpen();
        int n = size();
        Matrix inv = Matrix.zeros(n, n, dtype());
        try {
            work.inverse(inv.stored());
            return inv;
        } catch (RuntimeException | Error e) {
            inv.close();
            throw e;
        }
    }

    /**
     * {@code det A = ∏ f_ii²} (may overflow; see {@link #logDeterminant()}).
     *
     * @return the determinant, ≥ 0 (may overflow to +∞)
     */
    public double determinant() {
        checkOpen();
        double d = 1;
        for (int i = 0; i < size(); i++) {
            double v = work.diagonal(i);
            d *= v * v;
        }
        return d;
    }

    /**
     * {@code log det A = 2·Σ log f_ii}, without overflow.
     *
     * @return the log of the determinant
     */
    public double logDeterminant() {
        checkOpen();
        double s = 0;
        for (int i = 0; i < size(); i++) {
            s += Math.log(work.diagonal(i));
        }
        return 2 * s;
    }

    /**
     * Reciprocal condition estimate in the 1-norm ({@code pocon}). The estimate needs {@code ‖A‖₁};
     * rather than computing it on every factorization, the first call rebuilds A's triangle from
     * the factor ({@code syrk}, {@code n³/3} flops, as much as the factorization) and keeps the
     * norm; later calls cost {@code O(n²)}.
     *
     * @return the estimate, in {@code [0, 1]}
     */
    public double rcond() {
        checkOpen();
        return work.rcond();
    }

    private void checkOpen() {
        if (work.isClosed()) {
            throw new IllegalStateException("this Cholesky factorization is closed");
        }
    }

    /** Frees the factor. Idempotent. */
    @Override
    public void close() {
        work.close();
    }

    @Override
    public String toString() {
        return String.format("Cholesky %d×%d %s %s", size(), size(), dtype(), triangle);
    }
}
