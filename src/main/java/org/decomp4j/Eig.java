package org.decomp4j;

import java.util.Objects;

import org.decomp4j.engine.EigWork;

/**
 * Eigendecomposition of a general real or complex n×n matrix, {@code A·v = λ·v} and optionally
 * {@code uᴴ·A = λ·uᴴ}, by LAPACK's {@code ?geev} (NumPy's {@code eig}/{@code eigvals}, SciPy's
 * {@code eig(a, left=True)}).
 *
 * <pre>{@code
 * try (Matrix a = Matrix.of(rows); Eig e = Eig.of(a)) {
 *     Eigenvalues w = e.values();        // complex, in LAPACK's order
 *     Matrix re = e.vectorsRe(), im = e.vectorsIm();   // column j belongs to w(j)
 * }
 * }</pre>
 *
 * <p>Eigenvalues of a real matrix are real or come in conjugate pairs {@code a ± ib}; they are
 * returned in LAPACK's order, unsorted (as NumPy's), a pair adjacent with {@code b > 0} first.
 * {@link #vectors()} is LAPACK's real layout: a real eigenvalue's vector in its column; for a
 * pair in columns {@code (j, j+1)} the vectors are {@code v(:,j) ± i·v(:,j+1)}.
 * {@link #vectorsRe()} and {@link #vectorsIm()} unpack that into the real and imaginary parts of
 * the n complex vectors (NumPy's {@code v.real}, {@code v.imag}); {@link #complexVectors()}
 * assembles them into one complex matrix (C128 for F64 input, C64 for F32: NumPy's {@code v}).
 * Each vector has Euclidean norm 1 and its largest component real.
 *
 * <p>A complex A ({@link DType#C128}, {@link DType#C64}) runs {@code zgeev}/{@code cgeev}: the
 * eigenvalues are complex in no particular order (no conjugate pairing), and {@link #vectors()}
 * is the complex matrix of eigenvectors itself, column j for eigenvalue j; {@link #vectorsRe()},
 * {@link #vectorsIm()} and {@link #complexVectors()} are its parts and a copy.
 *
 * <p>geev always balances A first (permutation and scaling, {@code gebal} JOB=B), which improves
 * the accuracy of the eigenvalues of badly scaled matrices. A defective eigenvalue of a Jordan
 * block of size k is only determined to about {@code ε^(1/k)}: results are finite but carry that
 * error. Cost: about {@code 10n³} flops for the values, {@code 25n³} with right vectors;
 * memory: the input copy, the vectors and {@code 4n} workspace elements (more at LAPACK's
 * preferred size). The result owns its vectors, freed by {@link #close()}.
 */
public final class Eig implements AutoCloseable {
    private final int n;
    private final DType dtype;
    private final String routine;
    private final Eigenvalues w;
    private final double[] wi;
    private final Matrix right;
    private final Matrix left;
    private final long workspaceBytes;

    private Eig(int n, DType dtype, String routine, double[] wr, double[] wi, Matrix right, Matrix left,
                long workspaceBytes) {
        this.n = n;
        this.dtype = dtype;
        this.routine = routine;
        this.w = new Eigenvalues(wr, wi);
        this.wi = wi;
        this.right = right;
        this.left = left;
        this.workspaceBytes = workspaceBytes;
    }

    /**
     * Eigenvalues and right eigenvectors.
     *
     * @param a the n×n matrix, untouched
     * @return eigenvalues and right eigenvectors
     */
    public static Eig of(Matrix a) {
        return of(a, EigOptions.rightVectors());
    }

    /**
     * Solves the eigenproblem of {@code a} (untouched).
     *
     * @throws IllegalArgumentException if {@code a} is not square
     * @throws NonFiniteInputException  if {@code a} holds NaN or infinity (unless the check is off)
     * @throws MemoryBudgetException    if the copy, vectors and workspace exceed the budget
     * @throws NotConvergedException    if the QR algorithm did not compute every eigenvalue
     * @param a the n×n matrix, untouched
     * @param options which vectors, budget, finiteness scan
     * @return the eigenvalues and the vectors asked for
     */
    public static Eig of(Matrix a, EigOptions options) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(options, "options");
        if (a.rows() != a.cols()) {
            throw new IllegalArgumentException("eig: A must be square, got " + a.rows() + "×" + a.cols());
        }
        if (options.finiteCheck() == FiniteCheck.ON) {
            a.requireFinite("A");
        }
        long budget = options.memoryBudget() > 0 ? options.memoryBudget() : NativeConfig.memoryBudget();
        try (EigWork work = new EigWork(a.rows(), a.dtype(), options.left(), options.right(), budget)) {
            work.run(a);
            Matrix r = work.takeRight();
            Matrix l = null;
            try {
                l = work.takeLeft();
                return new Eig(a.rows(), a.dtype(), work.routine(), work.real(), work.imaginary(), r, l,
                        work.workspaceBytes());
            } catch (RuntimeException | Error e) {
                if (r != null) {
                    r.close();
                }
                if (l != null) {
                    l.close();
                }
                throw e;
            }
        }
    }

    /**
     * The eigenvalues only (NumPy's {@code eigvals}).
     *
     * @param a the n×n matrix, untouched
     * @return its n eigenvalues
     */
    public static Eigenvalues values(Matrix a) {
        try (Eig e = of(a, EigOptions.valuesOnly())) {
            return e.values();
        }
    }

    /**
     * Order n.
     *
     * @return n
     */
    public int size() {
        return n;
    }

    /**
     * Precision of the computation.
     *
     * @return the input's dtype
     */
    public DType dtype() {
        return dtype;
    }

    /**
     * The routine that ran, e.g. {@code "dgeev"}.
     *
     * @return dgeev, sgeev, zgeev or cgeev
     */
    public String routine() {
        return routine;
    }

    /**
     * Why that routine: one line, as the plans of the other decompositions.
     *
     * @return the reason
     */
    public String reason() {
        return "general " + (dtype.isComplex() ? "complex" : "real")
                + " matrix: balancing, Hessenberg reduction and the QR algorithm (geev)";
    }

    /**
     * Bytes of LAPACK workspace allocated.
     *
     * @return bytes
     */
    public long workspaceBytes() {
        return workspaceBytes;
    }

    /**
     * The n eigenvalues.
     *
     * @return the n eigenvalues, LAPACK's order
     */
    public Eigenvalues values() {
        return w;
    }

    /**
     * The right eigenvectors in LAPACK's layout (see the class comment: the real pair layout for
     * a real A, the complex vectors themselves for a complex one), n×n, read-only, valid until
     * this result is closed.
     *
     * @throws IllegalStateException if computed without right vectors, or closed
     * @return n×n read-only view
     */
    public Matrix vectors() {
        return open(right, "right").readOnly();
    }

    /**
     * Real parts of the n complex right eigenvectors, column j for eigenvalue j; a new n×n matrix.
     *
     * @return n×n matrix owned by the caller
     */
    public Matrix vectorsRe() {
        Matrix v = open(right, "right");
        return dtype.isComplex() ? v.realPart() : EigWork.part(v, wi, false);
    }

    /**
     * Imaginary parts of the n complex right eigenvectors (zero columns for real eigenvalues); a new matrix.
     *
     * @return n×n matrix owned by the caller
     */
    public Matrix vectorsIm() {
        Matrix v = open(right, "right");
        return dtype.isComplex() ? v.imagPart() : EigWork.part(v, wi, true);
    }

    /**
     * The n right eigenvectors as one complex n×n matrix, column j for eigenvalue j (NumPy's
     * {@code v}): C128 for F64 and C128 input, C64 for F32 and C64. A new matrix owned by the
     * caller.
     *
     * @return n×n complex matrix owned by the caller
     * @throws IllegalStateException if computed without right vectors, or closed
     */
    public Matrix complexVectors() {
        return EigWork.complex(open(right, "right"), wi);
    }

    /**
     * The left eigenvectors {@code uᴴ·A = λ·uᴴ} in LAPACK's real layout, read-only.
     *
     * @return n×n read-only view
     */
    public Matrix leftVectors() {
        return open(left, "left").readOnly();
    }

    /**
     * Real parts of the n complex left eigenvectors; a new n×n matrix.
     *
     * @return n×n matrix owned by the caller
     */
    public Matrix leftVectorsRe() {
        Matrix v = open(left, "left");
        return dtype.isComplex() ? v.realPart() : EigWork.part(v, wi, false);
    }

    /**
     * Imaginary parts of the n complex left eigenvectors; a new n×n matrix.
     *
     * @return n×n matrix owned by the caller
     */
    public Matrix leftVectorsIm() {
        Matrix v = open(left, "left");
        return dtype.isComplex() ? v.imagPart() : EigWork.part(v, wi, true);
    }

    /**
     * The n left eigenvectors as one complex n×n matrix ({@code uᴴ·A = λ·uᴴ}, column j for
     * eigenvalue j). A new matrix owned by the caller.
     *
     * @return n×n complex matrix owned by the caller
     * @throws IllegalStateException if computed without left vectors, or closed
     */
    public Matrix complexLeftVectors() {
        return EigWork.complex(open(left, "left"), wi);
    }

    private Matrix open(Matrix m, String which) {
        if (m == null) {
            throw new IllegalStateException("this Eig was computed without " + which + " eigenvectors; use EigOptions."
                    + ("left".equals(which) ? "bothVectors()" : "rightVectors()"));
        }
        if (m.isClosed()) {
            throw new IllegalStateException("this Eig is closed");
        }
        return m;
    }

    /** Frees the vectors. Idempotent. */
    @Override
    public void close() {
        if (right != null) {
            right.close();
        }
        if (left != null) {
            left.close();
        }
    }

    @Override
    public String toString() {
        return String.format("Eig %d×%d %s via %s", n, n, dtype, routine);
    }
}
