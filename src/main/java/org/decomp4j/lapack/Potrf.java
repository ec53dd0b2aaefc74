package org.decomp4j.lapack;

import static org.bytedeco.openblas.global.openblas.LAPACKE_cpocon_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_cpotrf_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_cpotri_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_cpotrs_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dpocon_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dpotrf_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dpotri_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dpotrs_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_spocon_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_spotrf_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_spotri_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_spotrs_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_zpocon_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_zpotrf_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_zpotri_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_zpotrs_work;

import org.decomp4j.DType;
import org.decomp4j.NotPositiveDefiniteException;

/**
 * Cholesky factorization of a symmetric (complex: Hermitian) positive definite matrix and what
 * uses its factor.
 *
 * <table>
 * <caption>routines wrapped</caption>
 * <tr><th>method</th><th>F64</th><th>F32</th><th>C128</th><th>C64</th><th>does</th></tr>
 * <tr><td>{@link #potrf}</td><td>dpotrf</td><td>spotrf</td><td>zpotrf</td><td>cpotrf</td>
 *     <td>{@code A = L·Lᵀ} or {@code Uᵀ·U} ({@code L·Lᴴ}, {@code Uᴴ·U}), in place</td></tr>
 * <tr><td>{@link #potrs}</td><td>dpotrs</td><td>spotrs</td><td>zpotrs</td><td>cpotrs</td>
 *     <td>solve {@code A·X = B} from the factor</td></tr>
 * <tr><td>{@link #potri}</td><td>dpotri</td><td>spotri</td><td>zpotri</td><td>cpotri</td>
 *     <td>{@code A⁻¹} (one triangle) from the factor</td></tr>
 * <tr><td>{@link #pocon}</td><td>dpocon</td><td>spocon</td><td>zpocon</td><td>cpocon</td>
 *     <td>reciprocal condition estimate</td></tr>
 * </table>
 * {@code uplo} is {@code 'L'} or {@code 'U'}: only that triangle of {@code A} is read or written
 * (for a complex A, the imaginary parts of its diagonal are not read). Complex factorizations from
 * {@link DeepStack#ELEMENTS} elements run on a {@link DeepStack} thread.
 */
public final class Potrf {
    private static final String[] POTRF_ARGS = {"UPLO", "N", "A", "LDA", "INFO"};
    private static final String[] POTRS_ARGS = {"UPLO", "N", "NRHS", "A", "LDA", "B", "LDB", "INFO"};
    private static final String[] POCON_ARGS = {"UPLO", "N", "A", "LDA", "ANORM", "RCOND", "WORK", "IWORK", "INFO"};
    private static final String[] POCON_COMPLEX_ARGS = {"UPLO", "N", "A", "LDA", "ANORM", "RCOND", "WORK", "RWORK", "INFO"};

    private Potrf() {
    }

    private static void check(String r, char uplo, Block a) {
        if (uplo != 'L' && uplo != 'U') {
            throw new IllegalArgumentException(r + ": UPLO must be L or U; got '" + uplo + "'");
        }
        if (a.rows() != a.cols()) {
            throw new IllegalArgumentException(r + ": needs a square matrix, got " + a.rows() + "×" + a.cols());
        }
        a.buffer().checkOpen();
    }

    /**
     * Factors {@code a} in place; the other triangle is left untouched.
     *
     * @throws NotPositiveDefiniteException naming the order of the first leading minor that is not
     *     positive definite
     */
    public static void potrf(char uplo, Block a) {
        DType t = a.dtype();
        String r = Lapack.name(t, "potrf");
        check(r, uplo, a);
        int n = a.rows();
        if (n == 0) {
            return;
        }
        OpenBlas.ensureLoaded();
        int info;
        try (NativeBuffer.Pin pin = NativeBuffer.pin(a)) {
            byte ul = (byte) uplo;
            DeepStack.IntCall call = () -> switch (t) {
                case F64 -> LAPACKE_dpotrf_work(Lapack.COL_MAJOR, ul, n, a.buffer().d(a.offset()), a.ld());
                case F32 -> LAPACKE_spotrf_work(Lapack.COL_MAJOR, ul, n, a.buffer().f(a.offset()), a.ld());
                case C128 -> LAPACKE_zpotrf_work(Lapack.COL_MAJOR, ul, n, a.buffer().d(a.offset()), a.ld());
                case C64 -> LAPACKE_cpotrf_work(Lapack.COL_MAJOR, ul, n, a.buffer().f(a.offset()), a.ld());
            };
            info = DeepStack.runFrom(t.isComplex() ? (long) n * n : 0, DeepStack.ELEMENTS, call);
        }
        if (Lapack.checkArgs(r, info, POTRF_ARGS) > 0) {
            throw notPositiveDefinite(r, info, n);
        }
    }

    /** The exception for a failing leading minor of order {@code order} (1-based) of an n×n matrix. */
    public static NotPositiveDefiniteException notPositiveDefinite(String r, int order, int n) {
        return new NotPositiveDefiniteException(r, order, String.format(
                "%s: the leading minor of order %d of the %d×%d matrix is not positive definite;"
                        + " use Lu or Svd, or shift the diagonal (A + δI)", r, order, n, n));
    }

    /** Solves {@code A·X = B} in place in {@code b} from the factor in {@code f}. */
    public static void potrs(char uplo, Block f, Block b) {
        DType t = f.dtype();
        String r = Lapack.name(t, "potrs");
        check(r, uplo, f);
        int n = f.rows();
        Lapack.shape(r, "B", b, t, n, b.cols());
        if (n == 0 || b.cols() == 0) {
            return;
        }
        OpenBlas.ensureLoaded();
        int info;
        try (NativeBuffer.Pin pin = NativeBuffer.pin(f).and(b)) {
            byte ul = (byte) uplo;
            int nrhs = b.cols();
            info = switch (t) {
                case F64 -> LAPACKE_dpotrs_work(Lapack.COL_MAJOR, ul, n, nrhs, f.buffer().d(f.offset()), f.ld(),
                        b.buffer().d(b.offset()), b.ld());
                case F32 -> LAPACKE_spotrs_work(Lapack.COL_MAJOR, ul, n, nrhs, f.buffer().f(f.offset()), f.ld(),
                        b.buffer().f(b.offset()), b.ld());
                case C128 -> LAPACKE_zpotrs_work(Lapack.COL_MAJOR, ul, n, nrhs, f.buffer().d(f.offset()), f.ld(),
                        b.buffer().d(b.offset()), b.ld());
                case C64 -> LAPACKE_cpotrs_work(Lapack.COL_MAJOR, ul, n, nrhs, f.buffer().f(f.offset()), f.ld(),
                        b.buffer().f(b.offset()), b.ld());
            };
        }
        Lapack.checkArgs(r, info, POTRS_ARGS);
    }

    /**
     * Overwrites the {@code uplo} triangle of the factor {@code f} with that triangle of {@code A⁻¹}.
     *
     * @throws org.decomp4j.SingularMatrixException if the factor has a zero diagonal entry
     */
    public static void potri(char uplo, Block f) {
        DType t = f.dtype();
        String r = Lapack.name(t, "potri");
        check(r, uplo, f);
        int n = f.rows();
        if (n == 0) {
            return;
        }
        OpenBlas.ensureLoaded();
        int info;
        try (NativeBuffer.Pin pin = NativeBuffer.pin(f)) {
            byte ul = (byte) uplo;
            DeepStack.IntCall call = () -> switch (t) {
                case F64 -> LAPACKE_dpotri_work(Lapack.COL_MAJOR, ul, n, f.buffer().d(f.offset()), f.ld());
                case F32 -> LAPACKE_spotri_work(Lapack.COL_MAJOR, ul, n, f.buffer().f(f.offset()), f.ld());
                case C128 -> LAPACKE_zpotri_work(Lapack.COL_MAJOR, ul, n, f.buffer().d(f.offset()), f.ld());
                case C64 -> LAPACKE_cpotri_work(Lapack.COL_MAJOR, ul, n, f.buffer().f(f.offset()), f.ld());
            };
            info = DeepStack.runFrom(t.isComplex() ? (long) n * n : 0, DeepStack.ELEMENTS, call);
        }
        if (Lapack.checkArgs(r, info, POTRF_ARGS) > 0) {
            throw Getrf.singular(r, info - 1, n);
        }
    }

    /**
     * Reciprocal condition estimate in the 1-norm from the factor.
     *
     * @param anorm 1-norm of the original matrix
     */
    public static double pocon(char uplo, Block f, double anorm) {
        DType t = f.dtype();
        String r = Lapack.name(t, "pocon");
        check(r, uplo, f);
        int n = f.rows();
        if (n == 0) {
            return Double.POSITIVE_INFINITY;
        }
        if (!(anorm >= 0) || Double.isInfinite(anorm)) {
            throw new IllegalArgumentException(r + ": ANORM must be finite and non-negative, got " + anorm);
        }
        OpenBlas.ensureLoaded();
        // dpocon: WORK 3n real, IWORK n; zpocon: WORK 2n complex, RWORK n real
        boolean complex = t.isComplex();
        try (NativeBuffer work = NativeBuffer.allocate(t, complex ? 2L * n : 3L * n); NativeBuffer iwork = NativeBuffer.ints(n);
             NativeBuffer rwork = NativeBuffer.allocate(t.real(), complex ? n : 1);
             NativeBuffer rc = NativeBuffer.allocate(t.real(), 1);
             NativeBuffer.Pin held = NativeBuffer.pin(work, iwork, rwork, rc)) {
            int info;
            byte ul = (byte) uplo;
            try (NativeBuffer.Pin pin = NativeBuffer.pin(f)) {
                info = switch (t) {
                    case F64 -> LAPACKE_dpocon_work(Lapack.COL_MAJOR, ul, n, f.buffer().d(f.offset()), f.ld(), anorm,
                            rc.d(0), work.d(0), iwork.i(0));
                    case F32 -> LAPACKE_spocon_work(Lapack.COL_MAJOR, ul, n, f.buffer().f(f.offset()), f.ld(),
                            (float) anorm, rc.f(0), work.f(0), iwork.i(0));
                    case C128 -> LAPACKE_zpocon_work(Lapack.COL_MAJOR, ul, n, f.buffer().d(f.offset()), f.ld(), anorm,
                            rc.d(0), work.d(0), rwork.d(0));
                    case C64 -> LAPACKE_cpocon_work(Lapack.COL_MAJOR, ul, n, f.buffer().f(f.offset()), f.ld(),
                            (float) anorm, rc.f(0), work.f(0), rwork.f(0));
                };
            }
            Lapack.checkArgs(r, info, complex ? POCON_COMPLEX_ARGS : POCON_ARGS);
            return rc.get(0);
        }
    }
}
