package org.decomp4j.lapack;

import static org.bytedeco.openblas.global.openblas.LAPACKE_cgecon_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_cgetrf2_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_cgetrf_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_cgetri_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_cgetrs_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgecon_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgetrf2_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgetrf_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgetri_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgetrs_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_sgecon_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_sgetrf2_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_sgetrf_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_sgetri_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_sgetrs_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_zgecon_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_zgetrf2_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_zgetrf_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_zgetri_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_zgetrs_work;

import org.decomp4j.DType;
import org.decomp4j.SingularMatrixException;

/**
 * LU with partial pivoting and what uses its factors.
 *
 * <table>
 * <caption>routines wrapped</caption>
 * <tr><th>method</th><th>F64</th><th>F32</th><th>C128</th><th>C64</th><th>does</th></tr>
 * <tr><td>{@link #getrf}</td><td>dgetrf</td><td>sgetrf</td><td>zgetrf</td><td>cgetrf</td>
 *     <td>{@code A = P·L·U}, in place</td></tr>
 * <tr><td>{@link #getrs}</td><td>dgetrs</td><td>sgetrs</td><td>zgetrs</td><td>cgetrs</td>
 *     <td>solve {@code A·X = B} from the factors</td></tr>
 * <tr><td>{@link #getri}</td><td>dgetri</td><td>sgetri</td><td>zgetri</td><td>cgetri</td>
 *     <td>{@code A⁻¹} from the factors</td></tr>
 * <tr><td>{@link #gecon}</td><td>dgecon</td><td>sgecon</td><td>zgecon</td><td>cgecon</td>
 *     <td>reciprocal condition estimate</td></tr>
 * </table>
 * The complex routines take the same arguments on interleaved complex buffers ({@code zgecon}'s
 * workspace is 2n complex plus 2n real elements instead of 4n real plus n integers).
 *
 * <p>Which variant runs is {@code dispatch.LuPlanner}'s choice. One rule stays here because it
 * keeps the JVM alive whoever calls: OpenBLAS's parallel {@code getrf} keeps a multi-megabyte
 * array on the caller's stack and kills the JVM on a thread with Java's default 1 MiB stack, so
 * from {@link #SINGLE_THREAD_ELEMENTS} elements up {@code getrf} always runs on a
 * {@link DeepStack} thread.
 * Pivots are LAPACK's: 1-based, {@code ipiv[i] = j} meaning row {@code i} was swapped with row
 * {@code j - 1}.
 */
public final class Getrf {
    private static final String[] GETRF_ARGS = {"M", "N", "A", "LDA", "IPIV", "INFO"};
    private static final String[] GETRS_ARGS = {"TRANS", "N", "NRHS", "A", "LDA", "IPIV", "B", "LDB", "INFO"};
    private static final String[] GETRI_ARGS = {"N", "A", "LDA", "IPIV", "WORK", "LWORK", "INFO"};
    private static final String[] GECON_ARGS = {"NORM", "N", "A", "LDA", "ANORM", "RCOND", "WORK", "IWORK", "INFO"};
    private static final String[] GECON_COMPLEX_ARGS = {"NORM", "N", "A", "LDA", "ANORM", "RCOND", "WORK", "RWORK", "INFO"};
    /**
     * Below this many elements OpenBLAS's getrf runs single-threaded with a small stack (its own
     * threshold is 10000 elements; this keeps a margin); from here up it runs on a deep stack.
     */
    public static final long SINGLE_THREAD_ELEMENTS = 4096;

    /** The LU routines {@link #getrf} can run. */
    public enum Variant {
        /** OpenBLAS's {@code ?getrf} (on a deep-stack thread from {@link #SINGLE_THREAD_ELEMENTS} up). */
        GETRF,
        /** LAPACK's recursive {@code ?getrf2}, light on the stack at every size. */
        GETRF2
    }

    private Getrf() {
    }

    /**
     * Factors the m×n {@code a} in place into unit-lower {@code L} and upper {@code U}.
     *
     * @param a    overwritten by L (below the diagonal, unit diagonal implied) and U
     * @param ipiv receives {@code min(m, n)} 1-based pivot indices
     * @param variant which routine runs ({@code dispatch.LuPlanner} chooses)
     * @return the 0-based index of the first exactly-zero pivot {@code U[i][i]}, or -1; a
     *     singular factorization is complete and valid, but cannot be used to solve
     */
    public static int getrf(Block a, NativeBuffer ipiv, Variant variant) {
        DType t = a.dtype();
        String r = Lapack.name(t, variant == Variant.GETRF2 ? "getrf2" : "getrf");
        int m = a.rows();
        int n = a.cols();
        Lapack.vector(r, "IPIV", ipiv, NativeBuffer.Kind.I32, Math.min(m, n));
        a.buffer().checkOpen();
        if (Math.min(m, n) == 0) {
            return -1;
        }
        OpenBlas.ensureLoaded();
        long size = (long) m * n;
        int info;
        try (NativeBuffer.Pin pin = NativeBuffer.pin(a).and(ipiv)) {
            if (variant == Variant.GETRF && size < SINGLE_THREAD_ELEMENTS) {
                info = getrfNow(t, a, ipiv);
            } else if (variant == Variant.GETRF2) {
                info = switch (t) {
                    case F64 -> LAPACKE_dgetrf2_work(Lapack.COL_MAJOR, m, n, a.buffer().d(a.offset()), a.ld(), ipiv.i(0));
                    case F32 -> LAPACKE_sgetrf2_work(Lapack.COL_MAJOR, m, n, a.buffer().f(a.offset()), a.ld(), ipiv.i(0));
                    case C128 -> LAPACKE_zgetrf2_work(Lapack.COL_MAJOR, m, n, a.buffer().d(a.offset()), a.ld(), ipiv.i(0));
                    case C64 -> LAPACKE_cgetrf2_work(Lapack.COL_MAJOR, m, n, a.buffer().f(a.offset()), a.ld(), ipiv.i(0));
                };
            } else if (DeepStack.onDeepStack()) {
                info = getrfNow(t, a, ipiv);
            } else {
                info = DeepStack.run(() -> getrfNow(t, a, ipiv));
            }
        }
        return Lapack.checkArgs(r, info, GETRF_ARGS) > 0 ? info - 1 : -1;
    }

    private static int getrfNow(DType t, Block a, NativeBuffer ipiv) {
        int m = a.rows();
        int n = a.cols();
        return switch (t) {
            case F64 -> LAPACKE_dgetrf_work(Lapack.COL_MAJOR, m, n, a.buffer().d(a.offset()), a.ld(), ipiv.i(0));
            case F32 -> LAPACKE_sgetrf_work(Lapack.COL_MAJOR, m, n, a.buffer().f(a.offset()), a.ld(), ipiv.i(0));
            case C128 -> LAPACKE_zgetrf_work(Lapack.COL_MAJOR, m, n, a.buffer().d(a.offset()), a.ld(), ipiv.i(0));
            case C64 -> LAPACKE_cgetrf_work(Lapack.COL_MAJOR, m, n, a.buffer().f(a.offset()), a.ld(), ipiv.i(0));
        };
    }

    /**
     * Solves {@code A·X = B} ({@code trans = 'N'}), {@code Aᵀ·X = B} ({@code 'T'}) or, for a
     * complex {@code A}, {@code Aᴴ·X = B} ({@code 'C'}) in place in {@code b}, from the factors of
     * a square, nonsingular {@code A}. The caller must have checked that no pivot is zero
     * ({@code getrs} itself would divide by it).
     */
    public static void getrs(char trans, Block lu, NativeBuffer ipiv, Block b) {
        DType t = lu.dtype();
        String r = Lapack.name(t, "getrs");
        int n = lu.rows();
        square(r, lu);
        Lapack.shape(r, "B", b, t, n, b.cols());
        if (trans != 'N' && trans != 'T' && !(trans == 'C' && t.isComplex())) {
            throw new IllegalArgumentException(r + ": TRANS must be N or T" + (t.isComplex() ? " or C" : "")
                    + "; got '" + trans + "'");
        }
        Lapack.vector(r, "IPIV", ipiv, NativeBuffer.Kind.I32, n);
        if (n == 0 || b.cols() == 0) {
            return;
        }
        OpenBlas.ensureLoaded();
        int info;
        try (NativeBuffer.Pin pin = NativeBuffer.pin(lu).and(ipiv).and(b)) {
            info = switch (t) {
                case F64 -> LAPACKE_dgetrs_work(Lapack.COL_MAJOR, (byte) trans, n, b.cols(), lu.buffer().d(lu.offset()),
                        lu.ld(), ipiv.i(0), b.buffer().d(b.offset()), b.ld());
                case F32 -> LAPACKE_sgetrs_work(Lapack.COL_MAJOR, (byte) trans, n, b.cols(), lu.buffer().f(lu.offset()),
                        lu.ld(), ipiv.i(0), b.buffer().f(b.offset()), b.ld());
                case C128 -> LAPACKE_zgetrs_work(Lapack.COL_MAJOR, (byte) trans, n, b.cols(), lu.buffer().d(lu.offset()),
                        lu.ld(), ipiv.i(0), b.buffer().d(b.offset()), b.ld());
                case C64 -> LAPACKE_cgetrs_work(Lapack.COL_MAJOR, (byte) trans, n, b.cols(), lu.buffer().f(lu.offset()),
                        lu.ld(), ipiv.i(0), b.buffer().f(b.offset()), b.ld());
            };
        }
        Lapack.checkArgs(r, info, GETRS_ARGS);
    }

    /** Preferred {@code LWORK} of {@code getri} for order {@code n} (at least n). */
    public static long getriQuery(DType t, int n) {
        String r = Lapack.name(t, "getri");
        if (n == 0) {
            return 1;
        }
        OpenBlas.ensureLoaded();
        // one element of t holds the answer (a complex one in its real part, scalar 0)
        try (NativeBuffer one = NativeBuffer.allocate(t, 1); NativeBuffer ip = NativeBuffer.ints(1);
             NativeBuffer.Pin held = NativeBuffer.pin(one, ip)) {
            int info = switch (t) {
                case F64 -> LAPACKE_dgetri_work(Lapack.COL_MAJOR, n, one.d(0), n, ip.i(0), one.d(0), -1);
                case F32 -> LAPACKE_sgetri_work(Lapack.COL_MAJOR, n, one.f(0), n, ip.i(0), one.f(0), -1);
                case C128 -> LAPACKE_zgetri_work(Lapack.COL_MAJOR, n, one.d(0), n, ip.i(0), one.d(0), -1);
                case C64 -> LAPACKE_cgetri_work(Lapack.COL_MAJOR, n, one.f(0), n, ip.i(0), one.f(0), -1);
            };
            Lapack.checkArgs(r, info, GETRI_ARGS);
            return Lapack.lwork(r, t, one.get(0), n);
        }
    }

    /**
     * Overwrites the factors in {@code lu} with {@code A⁻¹}.
     *
     * @throws SingularMatrixException if a pivot is exactly zero
     */
    public static void getri(Block lu, NativeBuffer ipiv, NativeBuffer work, long lwork) {
        DType t = lu.dtype();
        String r = Lapack.name(t, "getri");
        int n = lu.rows();
        square(r, lu);
        Lapack.vector(r, "IPIV", ipiv, NativeBuffer.Kind.I32, n);
        if (lwork < Math.max(1, n)) {
            throw new IllegalArgumentException(r + ": LWORK " + lwork + " below the minimum " + Math.max(1, n));
        }
        Lapack.int32(r, "LWORK", lwork);
        Lapack.vector(r, "WORK", work, NativeBuffer.Kind.of(t), lwork);
        if (n == 0) {
            return;
        }
        OpenBlas.ensureLoaded();
        int info;
        try (NativeBuffer.Pin pin = NativeBuffer.pin(lu).and(ipiv).and(work)) {
            int lw = (int) lwork;
            info = switch (t) {
                case F64 -> LAPACKE_dgetri_work(Lapack.COL_MAJOR, n, lu.buffer().d(lu.offset()), lu.ld(), ipiv.i(0),
                        work.d(0), lw);
                case F32 -> LAPACKE_sgetri_work(Lapack.COL_MAJOR, n, lu.buffer().f(lu.offset()), lu.ld(), ipiv.i(0),
                        work.f(0), lw);
                case C128 -> LAPACKE_zgetri_work(Lapack.COL_MAJOR, n, lu.buffer().d(lu.offset()), lu.ld(), ipiv.i(0),
                        work.d(0), lw);
                case C64 -> LAPACKE_cgetri_work(Lapack.COL_MAJOR, n, lu.buffer().f(lu.offset()), lu.ld(), ipiv.i(0),
                        work.f(0), lw);
            };
        }
        if (Lapack.checkArgs(r, info, GETRI_ARGS) > 0) {
            throw singular(r, info - 1, n);
        }
    }

    /**
     * Estimates the reciprocal condition number in the 1-norm from the factors.
     *
     * @param anorm 1-norm of the original matrix
     * @return {@code 1 / (‖A‖₁·‖A⁻¹‖₁)} estimate, 0 for a singular matrix
     */
    public static double gecon(Block lu, double anorm) {
        DType t = lu.dtype();
        String r = Lapack.name(t, "gecon");
        int n = lu.rows();
        square(r, lu);
        if (n == 0) {
            return Double.POSITIVE_INFINITY;
        }
        if (!(anorm >= 0) || Double.isInfinite(anorm)) {
            throw new IllegalArgumentException(r + ": ANORM must be finite and non-negative, got " + anorm);
        }
        OpenBlas.ensureLoaded();
        // dgecon: WORK 4n real, IWORK n; zgecon: WORK 2n complex, RWORK 2n real
        boolean complex = t.isComplex();
        try (NativeBuffer work = NativeBuffer.allocate(t, complex ? 2L * n : 4L * n);
             NativeBuffer iwork = NativeBuffer.ints(n);
             NativeBuffer rwork = NativeBuffer.allocate(t.real(), complex ? 2L * n : 1);
             NativeBuffer rc = NativeBuffer.allocate(t.real(), 1);
             NativeBuffer.Pin held = NativeBuffer.pin(work, iwork, rwork, rc)) {
            int info;
            try (NativeBuffer.Pin pin = NativeBuffer.pin(lu)) {
                info = switch (t) {
                    case F64 -> LAPACKE_dgecon_work(Lapack.COL_MAJOR, (byte) '1', n, lu.buffer().d(lu.offset()), lu.ld(),
                            anorm, rc.d(0), work.d(0), iwork.i(0));
                    case F32 -> LAPACKE_sgecon_work(Lapack.COL_MAJOR, (byte) '1', n, lu.buffer().f(lu.offset()), lu.ld(),
                            (float) anorm, rc.f(0), work.f(0), iwork.i(0));
                    case C128 -> LAPACKE_zgecon_work(Lapack.COL_MAJOR, (byte) '1', n, lu.buffer().d(lu.offset()),
                            lu.ld(), anorm, rc.d(0), work.d(0), rwork.d(0));
                    case C64 -> LAPACKE_cgecon_work(Lapack.COL_MAJOR, (byte) '1', n, lu.buffer().f(lu.offset()),
                            lu.ld(), (float) anorm, rc.f(0), work.f(0), rwork.f(0));
                };
            }
            Lapack.checkArgs(r, info, complex ? GECON_COMPLEX_ARGS : GECON_ARGS);
            return rc.get(0);
        }
    }

    private static void square(String r, Block a) {
        if (a.rows() != a.cols()) {
            throw new IllegalArgumentException(r + ": needs a square matrix, got " + a.rows() + "×" + a.cols());
        }
    }

    /** The exception for a zero pivot at 0-based {@code i} of an n×n factorization. */
    public static SingularMatrixException singular(String routine, int i, int n) {
        return new SingularMatrixException(routine, i, String.format(
                "%s: the %d×%d matrix is singular: U[%d][%d] is exactly zero (pivot %d, 0-based);"
                        + " use LinAlg.lstsq or LinAlg.pinv for a least-squares answer", routine, n, n, i, i, i));
    }
}
