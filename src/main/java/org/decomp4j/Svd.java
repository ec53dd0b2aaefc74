package org.decomp4j;

import java.util.Objects;
import java.util.Optional;

import org.decomp4j.dispatch.Plan;
import org.decomp4j.dispatch.SvdPlanner;
import org.decomp4j.dispatch.SvdRequest;
import org.decomp4j.engine.SvdWork;

/**
 * Singular value decomposition {@code A = U·Σ·Vᵀ} of an {@code m × n} matrix, {@code k = min(m, n)}.
 *
 * <pre>{@code
 * try (Matrix a = Matrix.of(rows); Svd svd = Svd.of(a)) {
 *     double[] s = svd.singularValues();       // k values, non-increasing, ≥ 0
 *     Matrix u = svd.u(), vt = svd.vt();       // m×k and k×n (thin), read-only views
 *     System.out.println(svd.plan());          // routine, flags, memory, reason
 * }
 * }</pre>
 *
 * <p>Shapes by {@link Job}: ALL gives U m×m and Vᵀ n×n, THIN U m×k and Vᵀ k×n, NONE values only.
 * The driver is chosen by {@link SvdPlanner} unless {@link SvdOptions#driver} names one; if
 * gesdd does not converge the SVD is retried with gesvd and {@link #fallback()} says so. By
 * default signs follow scikit-learn's {@code svd_flip}: the largest-magnitude entry of each row
 * of Vᵀ is positive.
 *
 * <p>Empty input ({@code k = 0}) is answered without LAPACK, as NumPy does: no singular values,
 * THIN factors m×0 and 0×n, ALL factors the identities of order m and n.
 *
 * <p>Cost: {@code O(m·n·k)} flops (about {@code 4mn² + 8n³}-ish with vectors for gesdd, m ≥ n);
 * memory as {@link #plan()} reports. The result is immutable; it owns its factors, freed by
 * {@link #close()}.
 *
 * @see SvdOptions
 */
public final class Svd implements AutoCloseable {
    private final int rows;
    private final int cols;
    private final DType dtype;
    private final Job job;
    private final Plan plan;
    private final String fallback;
    private final double[] s;
    private final Matrix u;
    private final Matrix vt;
    private final long workspaceBytes;
    private final String routine;

    private Svd(int rows, int cols, DType dtype, Job job, Plan plan, String routine, String fallback, double[] s,
                Matrix u, Matrix vt, long workspaceBytes) {
        this.rows = rows;
        this.cols = cols;
        this.dtype = dtype;
        this.job = job;
        this.plan = plan;
        this.fallback = fallback;
        this.s = s;
        this.u = u;
        this.vt = vt;
        this.workspaceBytes = workspaceBytes;
        this.routine = routine;
    }

    /**
     * Thin SVD with the AUTO driver; see {@link #of(Matrix, SvdOptions)}.
     *
     * @param a the m×n matrix, any shape; not modified
     * @return the thin factors (U m×k, Vᵀ k×n, k = min(m, n)), owning native memory: close them
     */
    public static Svd of(Matrix a) {
        return of(a, SvdOptions.thin());
    }

    /**
     * Computes the SVD of {@code a} (left untouched unless {@link SvdOptions#overwriteInput()}).
     *
     * @param a the m×n matrix, any shape; not modified unless the options allow it
     * @param options job, driver, budget, finite check, sign convention, overwrite
     * @return the factors, owning native memory: close them
     * @throws NonFiniteInputException if {@code a} holds NaN or infinity (unless the check is off)
     * @throws MemoryBudgetException   if no driver fits the memory budget (nothing is allocated)
     * @throws NotConvergedException   if the driver (and, after gesdd, gesvd) did not converge
     * @throws IllegalArgumentException if the shape exceeds 32-bit LAPACK
     */
    public static Svd of(Matrix a, SvdOptions options) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(options, "options");
        if (options.finiteCheck() == FiniteCheck.ON) {
            a.requireFinite("A");
        }
        boolean inPlace = options.overwrite() && !a.isReadOnly() && !a.isTransposed();
        SvdRequest req = request(a, options, inPlace);
        Plan plan = SvdPlanner.cachedPlan(req);
        try (SvdWork w = SvdWork.forOneRun(plan, req, options.signFlip(), a, inPlace)) {
            w.run(a);
            double[] values = new double[Math.min(a.rows(), a.cols())];
            w.values(values);
            long lapackBytes = w.lapackBytes();
            Matrix u = w.takeU();
            Matrix vt = w.takeVt();
            return new Svd(a.rows(), a.cols(), a.dtype(), options.job(), w.lastPlan(), w.routine(), w.fallback(),
                    values, u, vt, lapackBytes);
        }
    }

    /**
     * Singular values only (gesdd with JOBZ=N under AUTO), non-increasing.
     *
     * @param a the m×n matrix; not modified
     * @return a new array of k = min(m, n) values, non-increasing, ≥ 0
     */
    public static double[] values(Matrix a) {
        return values(a, SvdOptions.valuesOnly());
    }

    /**
     * Singular values only, with these options (their job is ignored).
     *
     * @param a the m×n matrix; not modified
     * @param options driver, budget and checks; the job is replaced by NONE
     * @return a new array of k = min(m, n) values, non-increasing, ≥ 0
     */
    public static double[] values(Matrix a, SvdOptions options) {
        try (Svd svd = of(a, options.job(Job.NONE))) {
            return svd.singularValues();
        }
    }

    /**
     * The plan {@link #of(Matrix, SvdOptions)} would follow, without running it (no native call).
     *
     * @param a the m×n matrix whose shape, dtype and flags are planned for; not read
     * @param options as for {@link #of(Matrix, SvdOptions)}
     * @return the routine, flags, memory and reason that would be chosen
     * @throws MemoryBudgetException if no driver fits the budget
     */
    public static Plan plan(Matrix a, SvdOptions options) {
        boolean inPlace = options.overwrite() && !a.isReadOnly() && !a.isTransposed();
        return SvdPlanner.plan(request(a, options, inPlace));
    }

    private static SvdRequest request(Matrix a, SvdOptions o, boolean inPlace) {
        long budget = o.memoryBudget() > 0 ? o.memoryBudget() : NativeConfig.memoryBudget();
        return new SvdRequest(a.rows(), a.cols(), o.job(), a.dtype(), o.driver(), budget, inPlace);
    }

    // ---------------------------------------------------------------- results

    /**
     * Rows m of the decomposed matrix.
     *
     * @return m, ≥ 0
     */
    public int rows() {
        return rows;
    }

    /**
     * Columns n of the decomposed matrix.
     *
     * @return n, ≥ 0
     */
    public int cols() {
        return cols;
    }

    /**
     * Precision the SVD was computed in.
     *
     * @return the dtype of the input
     */
    public DType dtype() {
        return dtype;
    }

    /**
     * The vectors computed.
     *
     * @return ALL, THIN or NONE, as requested
     */
    public Job job() {
        return job;
    }

    /**
     * The plan that produced this result: routine, flags, memory, reason (the retry plan after a fallback).
     *
     * @return the plan that ran
     */
    public Plan plan() {
        return plan;
    }

    /**
     * What produced the result: a LAPACK routine ({@code "dgesdd"}, {@code "sgesvd"}, …),
     * {@code "java_qr"} or {@code "java_jacobi"} for the pure-Java drivers, {@code "none"} when
     * the matrix is empty (see {@link Plan#routineName()}); the routines joined by {@code +} where
     * the plan's gesdd went by a faster path: a real tall matrix (m ≥ 2n, n ≥ 128) QR first
     * ({@code "dgeqrt+dgesdd+dlarfb"}), real singular values alone from n = 1024 by a two-stage
     * reduction ({@code "dgeqrt+dgelq2+dlarft+dlarfb+dgbbrd+dbdsqr"}).
     *
     * @return the routine name, e.g. {@code "dgesdd"}
     */
    public String routine() {
        return routine;
    }

    /**
     * The routine's name, as {@link #routine()}.
     *
     * @return the routine name, e.g. {@code "dgesdd"}
     * @deprecated a name, not a {@link Driver} (which {@link SvdOptions#driver()} returns); use {@link #routine()}
     */
    @Deprecated
    public String driver() {
        return routine();
    }

    /**
     * Why the first driver was abandoned, if gesdd failed and gesvd produced this result.
     *
     * @return gesdd's failure as text, or empty when the first driver succeeded
     */
    public Optional<String> fallback() {
        return Optional.ofNullable(fallback);
    }

    /**
     * Bytes of LAPACK workspace actually allocated.
     *
     * @return bytes, ≥ 0
     */
    public long workspaceBytes() {
        return workspaceBytes;
    }

    /**
     * The k singular values, non-increasing and non-negative (a copy).
     *
     * @return a new array of k = min(m, n) values
     */
    public double[] singularValues() {
        return s.clone();
    }

    /**
     * U (m×m for ALL, m×k for THIN) as a read-only view, valid until this result is closed.
     *
     * @return a read-only view, valid until {@link #close()}
     * @throws IllegalStateException if computed without vectors
     */
    public Matrix u() {
        return vectors(u).readOnly();
    }

    /**
     * Vᵀ (n×n for ALL, k×n for THIN) as a read-only view.
     *
     * @return a read-only view, valid until {@link #close()}
     */
    public Matrix vt() {
        return vectors(vt).readOnly();
    }

    /**
     * V = (Vᵀ)ᵀ as a read-only transposed view (no copy). For a complex SVD, whose {@link #vt()}
     * holds Vᴴ, V = (Vᴴ)ᴴ is a new matrix the caller closes (a conjugate transpose is a copy).
     *
     * @return a read-only n×n (ALL) or n×k (THIN) view, valid until {@link #close()}; for a complex
     *     SVD a new owning matrix
     */
    public Matrix v() {
        if (dtype.isComplex()) {
            return vectors(vt).conjugateTranspose();
        }
        return vectors(vt).readOnly().transpose();
    }

    private Matrix vectors(Matrix x) {
        if (x == null) {
            throw new IllegalStateException("this SVD was computed without singular vectors (Job.NONE);"
                    + " use SvdOptions.thin() or full()");
        }
        if (x.isClosed()) {
            throw new IllegalStateException("this SVD is closed");
        }
        return x;
    }

    /**
     * Numerical rank with NumPy's default tolerance {@code σ₁·max(m, n)·eps}
     * ({@code numpy.linalg.matrix_rank}).
     *
     * @return the rank, in {@code [0, k]}
     */
    public int rank() {
        if (s.length == 0) {
            return 0;
        }
        return rank(s[0] * Math.max(rows, cols) * dtype.eps());
    }

    /**
     * Number of singular values strictly greater than {@code tol}.
     *
     * @param tol the threshold, ≥ 0 (not NaN), in the units of the singular values
     * @return the count, in {@code [0, k]}
     * @throws IllegalArgumentException if {@code tol} is negative or NaN
     */
    public int rank(double tol) {
        if (!(tol >= 0)) {
            throw new IllegalArgumentException("rank tolerance must be non-negative, got " + tol);
        }
        int r = 0;
        for (double v : s) {
            if (v > tol) {
                r++;
            }
        }
        return r;
    }

    /**
     * 2-norm condition number {@code σ₁ / σ_k}; {@code +∞} when {@code σ_k = 0} (NumPy's
     * {@code cond}).
     *
     * @return {@code σ₁ / σ_k}, ≥ 1, or {@code +∞}
     * @throws IllegalStateException for an empty matrix
     */
    public double cond() {
        if (s.length == 0) {
            throw new IllegalStateException("condition number of an empty " + rows + "×" + cols + " matrix is undefined");
        }
        double smin = s[s.length - 1];
        return smin == 0 ? Double.POSITIVE_INFINITY : s[0] / smin;
    }

    /**
     * Moore–Penrose pseudo-inverse (n×m) with {@code rcond = max(m, n)·eps}, NumPy 2's default.
     *
     * @return a new n×m matrix of this dtype, owned by the caller
     */
    public Matrix pinv() {
        return pinv(Math.max(rows, cols) * dtype.eps());
    }

    /**
     * Moore–Penrose pseudo-inverse {@code V·Σ⁺·Uᵀ} (n×m): singular values {@code ≤ rcond·σ₁} count
     * as zero. Cost {@code 2·m·n·k} flops.
     *
     * @param rcond relative cutoff, ≥ 0 (not NaN)
     * @return a new n×m matrix of this dtype, owned by the caller
     * @throws IllegalArgumentException if {@code rcond} is negative or NaN
     */
    public Matrix pinv(double rcond) {
        if (!(rcond >= 0)) {
            throw new IllegalArgumentException("rcond must be non-negative, got " + rcond);
        }
        Matrix uu = vectors(u);
        Matrix vv = vectors(vt);
        int k = s.length;
        Matrix x = Matrix.zeros(cols, rows, dtype);
        if (k == 0) {
            return x;
        }
        try {
            SvdWork.pinv(uu, s, vv, rcond * s[0], x);
        } catch (RuntimeException | Error e) {
            x.close();
            throw e;
        }
        return x;
    }

    /**
     * The best rank-{@code r} approximation {@code U_r·Σ_r·V_rᵀ} (m×n), Eckart–Young.
     *
     * @param r the rank, in {@code [0, k]}
     * @return a new m×n matrix of this dtype, owned by the caller
     * @throws IllegalArgumentException unless {@code 0 ≤ r ≤ k}
     */
    public Matrix reconstruct(int r) {
        checkRank(r);
        Matrix uu = vectors(u);
        Matrix vv = vectors(vt);
        Matrix x = Matrix.zeros(rows, cols, dtype);
        if (r == 0) {
            return x;
        }
        try {
            SvdWork.reconstruct(uu, s, vv, r, x);
        } catch (RuntimeException | Error e) {
            x.close();
            throw e;
        }
        return x;
    }

    /**
     * Frobenius error of the best rank-{@code r} approximation, {@code sqrt(Σ_{i ≥ r} σᵢ²)}, from the
     * tail singular values (no reconstruction needed).
     *
     * @param r the rank, in {@code [0, k]}
     * @return the error, ≥ 0; 0 for {@code r = k}
     * @throws IllegalArgumentException unless {@code 0 ≤ r ≤ k}
     */
    public double truncationError(int r) {
        checkRank(r);
        if (r == s.length) {
            return 0;
        }
        double scale = s[r]; // largest tail value: scaling avoids overflow and underflow
        if (scale == 0) {
            return 0;
        }
        double sum = 0;
        for (int i = r; i < s.length; i++) {
            double q = s[i] / scale;
            sum += q * q;
        }
        return scale * Math.sqrt(sum);
    }

    private void checkRank(int r) {
        if (r < 0 || r > s.length) {
            throw new IllegalArgumentException("rank " + r + " outside 0.." + s.length + " for a " + rows + "×" + cols
                    + " matrix");
        }
    }

    /** Frees the factors. Idempotent. */
    @Override
    public void close() {
        if (u != null) {
            u.close();
        }
        if (vt != null) {
            vt.close();
        }
    }

    @Override
    public String toString() {
        return String.format("Svd %d×%d %s %s via %s", rows, cols, dtype, job, routine);
    }
}
