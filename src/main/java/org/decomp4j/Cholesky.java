package org.decomp4j;

import java.util.Objects;

import org.decomp4j.lapack.Blas;
import org.decomp4j.lapack.Block;
import org.decomp4j.lapack.Potrf;

/**
 * Cholesky factorization of a symmetric positive definite n×n matrix: {@code A = L·Lᵀ}
 * ({@link Triangle#LOWER}, the default) or {@code A = Uᵀ·U} ({@link Triangle#UPPER}), LAPACK
 * {@code potrf}.
 *
 * <p>Only the chosen triangle of {@code A} is read — and scanned for NaN/Inf — as in LAPACK and
 * NumPy: symmetry is assumed, not checked. A matrix that is not positive definite raises
 * {@link NotPositiveDefiniteException} with the order of the first failing leading minor; use
 * {@link #isPositiveDefinite(Matrix)} to test without an exception. Cost: {@code n³/3} flops.
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

        /** LAPACK's UPLO character. */
        public char lapack() {
            return lapack;
        }
    }

    private final Block f;
    private final Triangle triangle;
    private final Matrix owner;
    private volatile double anorm = -1; // ‖A‖₁, rebuilt from the factor on first rcond()
    private boolean otherTriangleZeroed;

    private Cholesky(Block f, Triangle triangle) {
        this.f = f;
        this.triangle = triangle;
        this.owner = Matrix.own(f);
    }

    /** {@code A = L·Lᵀ}. */
    public static Cholesky of(Matrix a) {
        return of(a, Triangle.LOWER, FiniteCheck.ON);
    }

    /** Factor in the given triangle. */
    public static Cholesky of(Matrix a, Triangle triangle) {
        return of(a, triangle, FiniteCheck.ON);
    }

    /**
     * Factors {@code a} (untouched).
     *
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
        Block f = a.denseCopy(a.dtype());
        try {
            if (check == FiniteCheck.ON) {
                requireFiniteTriangle(f, triangle);
            }
            Potrf.potrf(triangle.lapack(), f);
            return new Cholesky(f, triangle);
        } catch (RuntimeException | Error e) {
            f.buffer().close();
            throw e;
        }
    }

    /**
     * True if {@code a} is symmetric positive definite as far as its {@code LOWER} triangle says
     * (Cholesky succeeds); false also for non-square input. Cost of a factorization.
     */
    public static boolean isPositiveDefinite(Matrix a) {
        if (a.rows() != a.cols()) {
            return false;
        }
        try (Cholesky c = of(a)) {
            return true;
        } catch (NotPositiveDefiniteException | NonFiniteInputException e) {
            return false;
        }
    }

    /**
     * Scans the triangle potrf reads, as LAPACKE's own check does. One vectorised {@code ?asum}
     * over the whole copy settles the usual case; only when it is not finite are the columns of
     * the triangle summed, and searched where their sum is not finite.
     */
    private static void requireFiniteTriangle(Block f, Triangle t) {
        int n = f.rows();
        if (Double.isFinite(Blas.asum(f.buffer(), f.offset(), f.size(), 1))) {
            return; // one call over the whole (contiguous) copy: every entry finite
        }
        for (int j = 0; j < n; j++) {
            int from = t == Triangle.LOWER ? j : 0;
            int count = t == Triangle.LOWER ? n - j : j + 1;
            if (!Double.isFinite(Blas.asum(f.buffer(), f.index(from, j), count, 1))) {
                for (int i = from; i < from + count; i++) {
                    double v = f.get(i, j);
                    if (!Double.isFinite(v)) {
                        throw new NonFiniteInputException("A", i, j, v, n, n);
                    }
                }
            }
        }
    }

    /** Order n. */
    public int size() {
        return f.rows();
    }

    /** Precision of the factor. */
    public DType dtype() {
        return f.dtype();
    }

    /** Which triangle the factor is. */
    public Triangle triangle() {
        return triangle;
    }

    /** The factor (L or U, zeros in the other triangle), read-only. */
    public Matrix factor() {
        checkOpen();
        synchronized (this) {
            if (!otherTriangleZeroed) { // potrf leaves the other triangle as it was; clear it once
                Blas.zeroStrictTriangle(triangle == Triangle.LOWER ? 'U' : 'L', f);
                otherTriangleZeroed = true;
            }
        }
        return owner.readOnly();
    }

    /**
     * Solves {@code A·X = B} ({@code potrs}, {@code 2n²} flops per column); {@code b} is converted to
     * the factor's dtype and left untouched.
     */
    public Matrix solve(Matrix b) {
        checkOpen();
        Objects.requireNonNull(b, "b");
        if (b.rows() != size()) {
            throw new IllegalArgumentException(String.format(
                    "solve: A is %d×%d but b has %d rows", size(), size(), b.rows()));
        }
        Matrix x = b.copy(dtype());
        Potrf.potrs(triangle.lapack(), f, x.stored());
        return x;
    }

    /** {@code A⁻¹} (n×n, symmetric) from the factor ({@code potri}, {@code 2n³/3} flops). */
    public Matrix inverse() {
        checkOpen();
        int n = size();
        Matrix inv = Matrix.zeros(n, n, dtype());
        try {
            Blas.copy(f, inv.stored());
            Potrf.potri(triangle.lapack(), inv.stored());
            for (int j = 0; j < n; j++) { // potri fills one triangle; mirror it
                for (int i = j + 1; i < n; i++) {
                    if (triangle == Triangle.LOWER) {
                        inv.set(j, i, inv.get(i, j));
                    } else {
                        inv.set(i, j, inv.get(j, i));
                    }
                }
            }
            return inv;
        } catch (RuntimeException | Error e) {
            inv.close();
            throw e;
        }
    }

    /** {@code det A = ∏ f_ii²} (may overflow; see {@link #logDeterminant()}). */
    public double determinant() {
        checkOpen();
        double d = 1;
        for (int i = 0; i < size(); i++) {
            double v = f.get(i, i);
            d *= v * v;
        }
        return d;
    }

    /** {@code log det A = 2·Σ log f_ii}, without overflow. */
    public double logDeterminant() {
        checkOpen();
        double s = 0;
        for (int i = 0; i < size(); i++) {
            s += Math.log(f.get(i, i));
        }
        return 2 * s;
    }

    /**
     * Reciprocal condition estimate in the 1-norm ({@code pocon}). The estimate needs {@code ‖A‖₁};
     * rather than computing it on every factorization, the first call rebuilds A's triangle from
     * the factor ({@code syrk}, {@code n³/3} flops, as much as the factorization) and keeps the
     * norm; later calls cost {@code O(n²)}.
     */
    public double rcond() {
        checkOpen();
        double norm = anorm;
        if (norm < 0) {
            int n = size();
            char uplo = triangle.lapack();
            Block a = Block.allocate(dtype(), n, n);
            try {
                Blas.syrk(uplo, triangle == Triangle.UPPER, 1.0, f, 0.0, a); // L·Lᵀ or Uᵀ·U
                norm = Blas.lansy('1', uplo, a);
            } finally {
                a.buffer().close();
            }
            anorm = norm;
        }
        return Double.isFinite(norm) ? Potrf.pocon(triangle.lapack(), f, norm) : 0.0;
    }

    private void checkOpen() {
        if (f.buffer().isClosed()) {
            throw new IllegalStateException("this Cholesky factorization is closed");
        }
    }

    /** Frees the factor. Idempotent. */
    @Override
    public void close() {
        owner.close();
    }

    @Override
    public String toString() {
        return String.format("Cholesky %d×%d %s %s", size(), size(), dtype(), triangle);
    }
}
