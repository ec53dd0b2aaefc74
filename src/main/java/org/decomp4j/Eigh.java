package org.decomp4j;

import java.util.Objects;

import org.decomp4j.dispatch.EighPlan;
import org.decomp4j.dispatch.EighPlanner;
import org.decomp4j.dispatch.EighRequest;
import org.decomp4j.dispatch.EighRoutine;
import org.decomp4j.engine.EighWork;
import org.decomp4j.engine.Hermitian;

/**
 * Eigendecomposition of a real symmetric or complex Hermitian n×n matrix, {@code A = V·Λ·Vᵀ}
 * ({@code V·Λ·Vᴴ}), and of the generalized symmetric-definite (Hermitian-definite) problem
 * {@code A·x = λ·B·x} (NumPy's {@code eigh}/{@code eigvalsh}, SciPy's
 * {@code eigh(a, b, subset_by_index=…, subset_by_value=…)}).
 *
 * <pre>{@code
 * try (Matrix a = Matrix.of(rows); Eigh e = Eigh.of(a)) {
 *     double[] w = e.values();          // n eigenvalues, ascending
 *     Matrix v = e.vectors();           // n×n, eigenvector j in column j, orthonormal
 *     System.out.println(e.plan());     // routine, flags, memory, reason
 * }
 * double[] top = Eigh.of(a, EighOptions.byIndex(n - 20, n - 1)).values(); // 20 largest (syevr)
 * }</pre>
 *
 * <p>Eigenvalues are ascending, as NumPy's; eigenvector {@code j} is column {@code j} of
 * {@link #vectors()} (n×k for k delivered pairs), of unit norm, with LAPACK's signs. For
 * {@code A·x = λ·B·x} the vectors are B-orthonormal: {@code VᵀBV = I}. The routine is chosen by
 * {@link EighPlanner} (syevd for all pairs, syevr for a subset, sygvd for the generalized
 * problem) and reported by {@link #plan()}.
 *
 * <p>Symmetry: by default A (and B) must be symmetric to within {@code 10·n·ε·‖A‖_F}, else an
 * {@link IllegalArgumentException} names the worst entry; {@link EighOptions#lower()} or
 * {@link EighOptions#upper()} read one triangle as it is and skip the check (SciPy's
 * {@code lower=}).
 *
 * <p>Complex input ({@link DType#C128}, {@link DType#C64}) must be Hermitian (the same tolerance,
 * diagonal real) unless a triangle is named, and runs the Hermitian twins ({@code zheevd},
 * {@code zheevr}, {@code zhegvd}; {@code c…} for C64): eigenvalues are real ({@code double[]}, at
 * the real precision of the dtype), eigenvectors complex and unitary ({@code VᴴV = I}, or
 * {@code VᴴBV = I} for the generalized problem); the workspace adds a real {@code RWORK} and
 * complex elements take twice the memory.
 *
 * <p>Cost: {@code 4n³/3} flops for the reduction to tridiagonal form, then about {@code 4n³}
 * more for all vectors (syevd) or {@code O(n·k)} for k of them (syevr) plus {@code 2n²k} for the
 * back-transformation; memory as {@link #plan()} reports (syevd: about three n² matrices).
 * The result is immutable and owns its vectors, freed by {@link #close()}.
 */
public final class Eigh implements AutoCloseable {
    private final int n;
    private final DType dtype;
    private final EighPlan plan;
    private final double[] w;
    private final Matrix v;
    private final long workspaceBytes;

    private Eigh(int n, DType dtype, EighPlan plan, double[] w, Matrix v, long workspaceBytes) {
        this.n = n;
        this.dtype = dtype;
        this.plan = plan;
        this.w = w;
        this.v = v;
        this.workspaceBytes = workspaceBytes;
    }

    /**
     * All eigenpairs of the symmetric {@code a} (syevd).
     *
     * @param a the symmetric n×n matrix, untouched
     * @return all eigenpairs
     */
    public static Eigh of(Matrix a) {
        return of(a, EighOptions.all());
    }

    /**
     * Eigenpairs of the symmetric {@code a} (untouched) as the options say.
     *
     * @throws IllegalArgumentException if {@code a} is not square, not symmetric (not Hermitian if
     *     complex) unless a triangle is chosen, or the index range exceeds its order
     * @throws NonFiniteInputException  if {@code a} holds NaN or infinity (unless the check is off)
     * @throws MemoryBudgetException    if the routine does not fit the memory budget (nothing is allocated)
     * @throws NotConvergedException    if LAPACK's eigensolver did not converge
     * @param a the symmetric n×n matrix, untouched
     * @param options subset, vectors, triangle, driver, budget, finiteness scan
     * @return the eigenpairs asked for
     */
    public static Eigh of(Matrix a, EighOptions options) {
        return solve(a, null, options);
    }

    /**
     * All pairs of {@code A·x = λ·B·x}, B symmetric positive definite (sygvd); SciPy's {@code eigh(a, b)}.
     *
     * @param a the symmetric n×n A, untouched
     * @param b the symmetric positive definite n×n B, untouched
     * @return all eigenpairs of the pencil
     */
    public static Eigh of(Matrix a, Matrix b) {
        return of(a, b, EighOptions.all());
    }

    /**
     * Eigenpairs of {@code A·x = λ·B·x} (ITYPE 1), A symmetric, B symmetric positive definite,
     * both untouched: {@code sygvd} computes every pair (a subset is cut from them), vectors
     * normalised so that {@code VᵀBV = I}.
     *
     * @throws NotPositiveDefiniteException if B is not positive definite, naming the failing minor
     * @throws IllegalArgumentException     if the shapes or dtypes differ, or A or B is not symmetric
     *     (Hermitian)
     * @param a the symmetric n×n A, untouched
     * @param b the symmetric positive definite n×n B, untouched
     * @param options subset, vectors, triangle, budget, finiteness scan (the driver is sygvd)
     * @return the eigenpairs asked for
     */
    public static Eigh of(Matrix a, Matrix b, EighOptions options) {
        Objects.requireNonNull(b, "b");
        return solve(a, b, options);
    }

    /**
     * All eigenvalues of the symmetric {@code a}, ascending (NumPy's {@code eigvalsh}).
     *
     * @param a the symmetric n×n matrix, untouched
     * @return n eigenvalues, ascending
     */
    public static double[] values(Matrix a) {
        return values(a, EighOptions.valuesOnly());
    }

    /**
     * Eigenvalues only, with these options (their vector choice is ignored).
     *
     * @param a the symmetric n×n matrix, untouched
     * @param options subset, triangle, driver, budget, finiteness scan
     * @return the eigenvalues asked for, ascending
     */
    public static double[] values(Matrix a, EighOptions options) {
        try (Eigh e = of(a, options.vectors(false))) {
            return e.values();
        }
    }

    /**
     * The plan {@link #of(Matrix, EighOptions)} would follow, without running it (no native call).
     *
     * @throws MemoryBudgetException if the routine does not fit the budget
     * @param a the matrix (only its shape and dtype are read)
     * @param options the options
     * @return the plan
     */
    public static EighPlan plan(Matrix a, EighOptions options) {
        return EighPlanner.plan(request(a, false, options));
    }

    private static Eigh solve(Matrix a, Matrix b, EighOptions o) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(o, "options");
        check(a, "A");
        if (b != null) {
            check(b, "B");
            if (b.rows() != a.rows()) {
                throw new IllegalArgumentException(String.format(
                        "eigh: A is %d×%d but B is %d×%d; A·x = λ·B·x needs both n×n", a.rows(), a.cols(), b.rows(), b.cols()));
            }
            if (b.dtype().isComplex() != a.dtype().isComplex()) {
                throw new IllegalArgumentException(String.format(
                        "eigh: A is %s but B is %s; A·x = λ·B·x needs both real or both complex (convert one)",
                        a.dtype().numpyName(), b.dtype().numpyName()));
            }
        }
        if (o.subset() == EighRequest.Subset.INDEX && o.toIndex() >= a.rows()) {
            throw new IllegalArgumentException(String.format(
                    "eigh: index subset %d..%d (0-based, inclusive) exceeds the %d eigenvalues of a %d×%d matrix",
                    o.fromIndex(), o.toIndex(), a.rows(), a.rows(), a.rows()));
        }
        if (o.finiteCheck() == FiniteCheck.ON) {
            a.requireFinite("A");
            if (b != null) {
                b.requireFinite("B");
            }
        }
        if (o.triangle() == null) {
            requireSymmetric(a, "A");
            if (b != null) {
                requireSymmetric(b, "B");
            }
        }
        EighPlan plan = EighPlanner.plan(request(a, b != null, o));
        char uplo = o.triangle() == null ? 'L' : o.triangle().lapack();
        EighWork.Subset subset = new EighWork.Subset(o.subset(), o.fromIndex(), o.toIndex(), o.fromValue(), o.toValue());
        try (EighWork w = new EighWork(plan, uplo, subset)) {
            w.run(a, b);
            double[] values = w.values();
            Matrix v = o.vectors() ? w.vectors() : null;
            return new Eigh(a.rows(), a.dtype(), plan, values, v, w.workspaceBytes());
        }
    }

    private static void requireSymmetric(Matrix m, String what) {
        if (m.dtype().isComplex()) {
            Hermitian.require(m, "eigh (" + what + ")", "pass a triangle (EighOptions.lower() or upper(), SciPy's"
                    + " lower=) to use one triangle as it is, or use Eig for a general matrix");
        } else {
            EighWork.requireSymmetric(m, what);
        }
    }

    private static void check(Matrix m, String what) {
        if (m.rows() != m.cols()) {
            throw new IllegalArgumentException("eigh: " + what + " must be square, got " + m.rows() + "×" + m.cols());
        }
    }

    private static EighRequest request(Matrix a, boolean generalized, EighOptions o) {
        long budget = o.memoryBudget() > 0 ? o.memoryBudget() : NativeConfig.memoryBudget();
        EighRoutine routine = generalized ? null : switch (o.driver()) {
            case AUTO -> null;
            case SYEVD -> EighRoutine.SYEVD;
            case SYEVR -> EighRoutine.SYEVR;
            case STEDC -> EighRoutine.STEDC;
        };
        int count = o.subset() == EighRequest.Subset.INDEX ? Math.min(a.rows(), o.toIndex() - o.fromIndex() + 1) : 0;
        return new EighRequest(a.dtype(), a.rows(), o.vectors(), o.subset(), count, generalized, routine, budget);
    }

    // ---------------------------------------------------------------- results

    /**
     * Order n of A.
     *
     * @return n
     */
    public int size() {
        return n;
    }

    /**
     * Number of eigenpairs delivered (n, or the subset's size).
     *
     * @return k
     */
    public int count() {
        return w.length;
    }

    /**
     * Dtype the problem was solved in (the vectors'; the eigenvalues are of its real precision).
     *
     * @return F64, F32, C128 or C64
     */
    public DType dtype() {
        return dtype;
    }

    /**
     * The plan that produced this result: routine, flags, memory, reason.
     *
     * @return the plan
     */
    public EighPlan plan() {
        return plan;
    }

    /**
     * The routine that ran, e.g. {@code "dsyevd"}; {@code "none"} for an empty matrix.
     *
     * @return the routine's name
     */
    public String routine() {
        return plan.routineName();
    }

    /**
     * Bytes of LAPACK workspace actually allocated.
     *
     * @return bytes
     */
    public long workspaceBytes() {
        return workspaceBytes;
    }

    /**
     * The delivered eigenvalues, ascending (a copy).
     *
     * @return k eigenvalues, ascending
     */
    public double[] values() {
        return w.clone();
    }

    /**
     * The eigenvectors as the columns of an n×k matrix (k = {@link #count()}), in the order of
     * {@link #values()}; a read-only view valid until this result is closed.
     *
     * @throws IllegalStateException if computed without vectors, or closed
     * @return n×k read-only view
     */
    public Matrix vectors() {
        if (v == null) {
            throw new IllegalStateException("these eigenvalues were computed without vectors (EighOptions.vectors(false))");
        }
        if (v.isClosed()) {
            throw new IllegalStateException("this Eigh is closed");
        }
        return v.readOnly();
    }

    /** Frees the vectors. Idempotent. */
    @Override
    public void close() {
        if (v != null) {
            v.close();
        }
    }

    @Override
    public String toString() {
        return String.format("Eigh %d×%d %s, %d pairs via %s", n, n, dtype, w.length, plan.routineName());
    }
}
