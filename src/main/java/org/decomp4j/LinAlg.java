package org.decomp4j;

import java.util.Objects;

import org.decomp4j.engine.LstsqWork;

/**
 * NumPy-style one-call functions ({@code numpy.linalg.lstsq}, {@code solve}, {@code inv},
 * {@code det}, {@code pinv}, {@code matrix_rank}, {@code cond}). Each returns a new matrix the
 * caller owns, leaves its inputs untouched and scans them for NaN/Inf first.
 *
 * <p>Mixed precision: when A and B differ in dtype, both are computed in the wider one as NumPy
 * promotes (F64 for real inputs; C128, or C64 for F32 with C64, when either is complex).
 */
public final class LinAlg {
    private LinAlg() {
    }

    /**
     * {@link #lstsq(Matrix, Matrix, LstsqOptions)} with gelsd and NumPy's default {@code rcond = max(m, n)·eps}.
     *
     * @param a m×n
     * @param b m×nrhs, as many rows as {@code a}
     * @return X (n×nrhs), residual sums, rank and singular values, owning native memory: close it
     */
    public static Lstsq lstsq(Matrix a, Matrix b) {
        return lstsq(a, b, LstsqOptions.defaults());
    }

    /**
     * Minimum-norm least squares {@code min ‖A·X − B‖₂} by SVD ({@code gelsd}): handles
     * over-determined, under-determined and rank-deficient systems.
     *
     * @param a     m×n
     * @param b     m×nrhs
     * @param rcond singular values {@code ≤ rcond·σ₁} count as zero; negative for
     *              {@code max(m, n)·eps}
     * @return X (n×nrhs), residual sums, rank and singular values
     * @throws IllegalArgumentException if b's rows differ from a's
     * @throws NotConvergedException    if the SVD inside gelsd did not converge
     */
    public static Lstsq lstsq(Matrix a, Matrix b, double rcond) {
        if (Double.isNaN(rcond)) {
            throw new IllegalArgumentException("lstsq: rcond is NaN");
        }
        return lstsq(a, b, LstsqOptions.defaults().rcond(rcond));
    }

    /**
     * {@link #lstsq(Matrix, Matrix, LstsqOptions)} with the given driver and the default rcond.
     *
     * @param a m×n
     * @param b m×nrhs, as many rows as {@code a}
     * @param driver GELSD, GELSY or GELSS
     * @return X (n×nrhs), residual sums, rank and (gelsd, gelss) singular values; close it
     */
    public static Lstsq lstsq(Matrix a, Matrix b, LstsqDriver driver) {
        return lstsq(a, b, LstsqOptions.driver(driver));
    }

    /**
     * Minimum-norm least squares {@code min ‖A·X − B‖₂} with the chosen LAPACK driver, as SciPy's
     * {@code scipy.linalg.lstsq(a, b, cond, lapack_driver)}: {@link LstsqDriver#GELSD} (default,
     * SVD by divide and conquer), {@link LstsqDriver#GELSY} (complete orthogonal factorisation,
     * several times faster when A has full rank) or {@link LstsqDriver#GELSS} (SVD by QR
     * iteration). Every driver handles over-determined, under-determined and rank-deficient
     * systems and returns the minimum-norm solution.
     *
     * <p>The rank: gelsd and gelss count singular values {@code > rcond·σ₁}; gelsy takes the
     * largest leading triangle of its pivoted R factor whose estimated condition number is
     * {@code < 1/rcond}. The result names the routine that ran ({@link Lstsq#routine()}); gelsy's
     * {@link Lstsq#singularValues()} is empty.
     *
     * <p>Cost: gelsy about {@code 2mn² − 2n³/3} flops when full rank (m ≥ n), by its fast path
     * (unpivoted blocked QR, see {@link LstsqDriver#GELSY}) when A is well conditioned; gelsd and
     * gelss an SVD on top of a QR. Workspace: a copy of A, B padded to {@code max(m, n)} rows, and
     * LAPACK's queried workspace.
     *
     * @param a       m×n
     * @param b       m×nrhs
     * @param options the driver and rcond ({@link LstsqOptions#defaults()}: gelsd, {@code max(m, n)·eps})
     * @return X (n×nrhs), residual sums (as NumPy: only when the rank is n and m &gt; n), rank,
     *         singular values (gelsd, gelss) and the routine
     * @throws IllegalArgumentException  if b's rows differ from a's, or options is null
     * @throws NonFiniteInputException   if A or b holds NaN or infinity
     * @throws NotConvergedException     if the SVD inside gelsd or gelss did not converge
     */
    public static Lstsq lstsq(Matrix a, Matrix b, LstsqOptions options) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (options == null) {
            throw new IllegalArgumentException("lstsq: options must not be null (use LstsqOptions.defaults())");
        }
        int m = a.rows();
        int n = a.cols();
        if (b.rows() != m) {
            throw new IllegalArgumentException(String.format(
                    "lstsq: A is %d×%d but b has %d rows (they must match)", m, n, b.rows()));
        }
        a.requireFinite("A");
        b.requireFinite("b");
        DType t = common(a, b);
        double rc = options.rcond() < 0 ? Math.max(m, n) * t.eps() : options.rcond();
        LstsqWork.Result r = LstsqWork.solve(a, b, t, rc, options.driver(), options.fastPath());
        return new Lstsq(r.x(), r.residuals(), r.rank(), r.singularValues(), r.routine(), options.driver(), rc,
                r.rcondEstimate(), r.fastPathBound());
    }

    /**
     * Solves the square system {@code A·X = B} by LU with partial pivoting ({@code getrf} +
     * {@code getrs}).
     *
     * @param a the n×n matrix; not modified
     * @param b the n×nrhs right-hand side; not modified
     * @return X, a new n×nrhs matrix (the inputs' dtype if they share one, else F64), owned by the
     *         caller
     * @throws SingularMatrixException  if A is singular (names the zero pivot)
     * @throws IllegalArgumentException if A is not square or the shapes differ
     */
    public static Matrix solve(Matrix a, Matrix b) {
        Objects.requireNonNull(b, "b");
        requireSquare("solve", a);
        if (b.rows() != a.rows()) {
            throw new IllegalArgumentException(String.format(
                    "solve: A is %d×%d but b has %d rows (they must match)", a.rows(), a.cols(), b.rows()));
        }
        b.requireFinite("b");
        DType t = common(a, b);
        try (Matrix ac = a.dtype() == t ? null : a.copy(t); Lu lu = Lu.of(ac == null ? a : ac)) {
            return lu.solve(b);
        }
    }

    /**
     * Inverse of a square matrix via LU ({@code getri}). Throws {@link SingularMatrixException} if singular.
     *
     * @param a the n×n matrix; not modified
     * @return a new n×n matrix of a's dtype, owned by the caller
     * @throws IllegalArgumentException if {@code a} is not square
     * @throws SingularMatrixException if {@code a} is singular
     */
    public static Matrix inv(Matrix a) {
        requireSquare("inv", a);
        try (Lu lu = Lu.of(a)) {
            return lu.inverse();
        }
    }

    /**
     * Determinant of a square matrix via LU (0 when singular; may overflow, see {@link Lu#logAbsDeterminant()}).
     *
     * @param a the n×n matrix; not modified
     * @return the determinant; 0 if singular
     * @throws IllegalArgumentException if {@code a} is not square
     */
    public static double det(Matrix a) {
        requireSquare("det", a);
        org.decomp4j.engine.RealOnly.check("LinAlg.det", a, "its determinant is complex: use Lu.of(a).complexDeterminant()");
        try (Lu lu = Lu.of(a)) {
            return lu.determinant();
        }
    }

    /**
     * Pseudo-inverse with NumPy 2's default {@code rcond = max(m, n)·eps} (thin SVD).
     *
     * @param a the m×n matrix; not modified
     * @return a new n×m matrix of a's dtype, owned by the caller
     */
    public static Matrix pinv(Matrix a) {
        try (Svd svd = Svd.of(a)) {
            return svd.pinv();
        }
    }

    /**
     * Pseudo-inverse: singular values {@code ≤ rcond·σ₁} count as zero.
     *
     * @param a the m×n matrix; not modified
     * @param rcond relative cutoff, ≥ 0
     * @return a new n×m matrix of a's dtype, owned by the caller
     */
    public static Matrix pinv(Matrix a, double rcond) {
        try (Svd svd = Svd.of(a)) {
            return svd.pinv(rcond);
        }
    }

    /**
     * Numerical rank with NumPy's {@code matrix_rank} default tolerance {@code σ₁·max(m, n)·eps}.
     *
     * @param a the m×n matrix; not modified
     * @return the rank, in {@code [0, min(m, n)]}
     */
    public static int rank(Matrix a) {
        try (Svd svd = Svd.of(a, SvdOptions.valuesOnly())) {
            return svd.rank();
        }
    }

    /**
     * Number of singular values greater than {@code tol}.
     *
     * @param a the m×n matrix; not modified
     * @param tol absolute threshold, ≥ 0
     * @return the count, in {@code [0, min(m, n)]}
     */
    public static int rank(Matrix a, double tol) {
        try (Svd svd = Svd.of(a, SvdOptions.valuesOnly())) {
            return svd.rank(tol);
        }
    }

    /**
     * 2-norm condition number {@code σ₁/σ_k} ({@code +∞} for a singular matrix).
     *
     * @param a the m×n matrix; not modified
     * @return {@code σ₁/σ_k}, ≥ 1, or {@code +∞}
     */
    public static double cond(Matrix a) {
        try (Svd svd = Svd.of(a, SvdOptions.valuesOnly())) {
            return svd.cond();
        }
    }

    private static DType common(Matrix a, Matrix b) {
        return DType.promote(a.dtype(), b.dtype());
    }

    private static void requireSquare(String what, Matrix a) {
        Objects.requireNonNull(a, "a");
        if (a.rows() != a.cols()) {
            throw new IllegalArgumentException(what + " needs a square matrix, got " + a.rows() + "×" + a.cols()
                    + (what.equals("solve") ? " (use lstsq for rectangular systems)" : ""));
        }
    }
}
