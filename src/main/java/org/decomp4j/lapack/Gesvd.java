package org.decomp4j.lapack;

import static org.bytedeco.openblas.global.openblas.LAPACKE_dgesvd_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_cgesvd_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_sgesvd_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_zgesvd_work;

import org.decomp4j.DType;
import org.decomp4j.NotConvergedException;

/**
 * {@code ?gesvd}: SVD by implicit QR iteration on the bidiagonal form ({@code dgesvd},
 * {@code sgesvd}, {@code zgesvd}, {@code cgesvd}; the complex ones return Vᴴ, real singular
 * values, and take a real workspace {@code RWORK} of {@link #rworkLength} elements).
 *
 * <p>{@code jobu}/{@code jobvt}: {@code 'A'} all m (n) vectors, {@code 'S'} the first
 * {@code k = min(m, n)}, {@code 'N'} none ({@code 'O'} is not used by decomp4j). Needs little
 * workspace ({@code max(3k + max(m, n), 5k)} elements at least) but, with vectors, is much slower
 * than {@link Gesdd} on square matrices: the vector update runs on one core. {@code A} is
 * destroyed.
 */
public final class Gesvd {
    private static final String[] ARGS = {
        "JOBU", "JOBVT", "M", "N", "A", "LDA", "S", "U", "LDU", "VT", "LDVT", "WORK", "LWORK", "INFO"};
    private static final String[] COMPLEX_ARGS = {
        "JOBU", "JOBVT", "M", "N", "A", "LDA", "S", "U", "LDU", "VT", "LDVT", "WORK", "LWORK", "RWORK", "INFO"};

    private Gesvd() {
    }

    /** LAPACK's documented minimal {@code LWORK}: {@code max(1, 3k + max(m, n), 5k)}. Pure. */
    public static long minimalWork(long m, long n) {
        long mn = Math.min(m, n);
        long mx = Math.max(m, n);
        return Math.max(1, Math.max(3 * mn + mx, 5 * mn));
    }

    /**
     * Minimal {@code LWORK} for dtype {@code t}: {@link #minimalWork(long, long)} for a real one;
     * {@code max(1, 2·mn + mx)} complex elements for a complex one ({@code zgesvd.f}).
     */
    public static long minimalWork(DType t, long m, long n) {
        if (!t.isComplex()) {
            return minimalWork(m, n);
        }
        return Math.max(1, 2 * Math.min(m, n) + Math.max(m, n));
    }

    /** Length of {@code zgesvd}'s real workspace {@code RWORK}: {@code 5·min(m, n)} ({@code zgesvd.f}). */
    public static long rworkLength(long m, long n) {
        return Math.max(1, 5 * Math.min(m, n));
    }

    /**
     * Upper bound on the optimal {@code LWORK} a query may return (block sizes up to 64, plus the
     * {@code k²} scratch square of the tall and wide paths).
     */
    public static long optimalWorkBound(long m, long n) {
        long mn = Math.min(m, n);
        long mx = Math.max(m, n);
        return minimalWork(m, n) + 2 * mn * mn + (mx + mn) * 64 * 2;
    }

    private static void checkJob(String r, char job, String name) {
        if (job != 'A' && job != 'S' && job != 'N') {
            throw new IllegalArgumentException(r + ": " + name + " must be A, S or N; got '" + job + "'");
        }
    }

    /** Preferred {@code LWORK} from LAPACK's query, never below the minimum. */
    public static long query(DType t, char jobu, char jobvt, int m, int n) {
        String r = Lapack.name(t, "gesvd");
        checkJob(r, jobu, "JOBU");
        checkJob(r, jobvt, "JOBVT");
        long min = minimalWork(t, m, n);
        Lapack.int32(r, "minimal workspace", min);
        if (optimalWorkBound(m, n) > Integer.MAX_VALUE) {
            return min;
        }
        return QueryCache.get(r, jobu, jobvt, m, n, 0, () -> askLapack(t, jobu, jobvt, m, n, min));
    }

    private static long askLapack(DType t, char jobu, char jobvt, int m, int n, long min) {
        String r = Lapack.name(t, "gesvd");
        OpenBlas.ensureLoaded();
        int k = Math.min(m, n);
        int ldu = Math.max(1, m);
        int ldvt = Math.max(1, jobvt == 'A' ? n : k);
        try (NativeBuffer one = NativeBuffer.allocate(t, 1); NativeBuffer rw = NativeBuffer.allocate(t.real(), 1);
             NativeBuffer.Pin held = NativeBuffer.pin(one, rw)) {
            int lda = Math.max(1, m);
            byte ju = (byte) jobu;
            byte jv = (byte) jobvt;
            int info = switch (t) {
                case F64 -> {
                    var p = one.d(0);
                    yield LAPACKE_dgesvd_work(Lapack.COL_MAJOR, ju, jv, m, n, p, lda, p, p, ldu, p, ldvt, p, -1);
                }
                case F32 -> {
                    var p = one.f(0);
                    yield LAPACKE_sgesvd_work(Lapack.COL_MAJOR, ju, jv, m, n, p, lda, p, p, ldu, p, ldvt, p, -1);
                }
                case C128 -> {
                    var p = one.d(0);
                    var q = rw.d(0);
                    yield LAPACKE_zgesvd_work(Lapack.COL_MAJOR, ju, jv, m, n, p, lda, q, p, ldu, p, ldvt, p, -1, q);
                }
                case C64 -> {
                    var p = one.f(0);
                    var q = rw.f(0);
                    yield LAPACKE_cgesvd_work(Lapack.COL_MAJOR, ju, jv, m, n, p, lda, q, p, ldu, p, ldvt, p, -1, q);
                }
            };
            Lapack.checkArgs(r, info, t.isComplex() ? COMPLEX_ARGS : ARGS);
            return Lapack.lwork(r, t, one.get(0), min);
        }
    }

    /**
     * Runs {@code ?gesvd}; {@code a} is destroyed.
     *
     * @param jobu  'A' (u is m×m), 'S' (u is m×k) or 'N' (u null)
     * @param jobvt 'A' (vt is n×n), 'S' (vt is k×n) or 'N' (vt null)
     * @param a     the m×n input
     * @param s     receives the k singular values, non-increasing
     * @param u     U, or null
     * @param vt    Vᵀ, or null
     * @param work  workspace of at least {@code lwork} elements
     * @param lwork at least {@link #minimalWork}
     * @throws NotConvergedException if some superdiagonals of the bidiagonal form did not converge
     */
    public static void compute(char jobu, char jobvt, Block a, NativeBuffer s, Block u, Block vt,
                               NativeBuffer work, long lwork) {
        compute(jobu, jobvt, a, s, u, vt, work, lwork, null);
    }

    /**
     * As {@link #compute(char, char, Block, NativeBuffer, Block, Block, NativeBuffer, long)} for any
     * dtype: {@code s} of the real dtype and, for a complex {@code a}, the real workspace
     * {@code rwork} of at least {@link #rworkLength} elements (null for a real one). Complex calls
     * from {@link DeepStack#ELEMENTS} elements run on a deep-stack thread.
     */
    public static void compute(char jobu, char jobvt, Block a, NativeBuffer s, Block u, Block vt,
                               NativeBuffer work, long lwork, NativeBuffer rwork) {
        DType t = a.dtype();
        String r = Lapack.name(t, "gesvd");
        checkJob(r, jobu, "JOBU");
        checkJob(r, jobvt, "JOBVT");
        int m = a.rows();
        int n = a.cols();
        int k = Math.min(m, n);
        NativeBuffer.Kind kind = NativeBuffer.Kind.of(t);
        NativeBuffer.Kind realKind = NativeBuffer.Kind.of(t.real());
        if (jobu != 'N') {
            Lapack.shape(r, "U", u, t, m, jobu == 'A' ? m : k);
        }
        if (jobvt != 'N') {
            Lapack.shape(r, "VT", vt, t, jobvt == 'A' ? n : k, n);
        }
        Lapack.vector(r, "S", s, realKind, k);
        long min = minimalWork(t, m, n);
        if (lwork < min) {
            throw new IllegalArgumentException(r + ": LWORK " + lwork + " below the minimum " + min);
        }
        Lapack.int32(r, "LWORK", lwork);
        Lapack.vector(r, "WORK", work, kind, lwork);
        if (t.isComplex()) {
            Lapack.vector(r, "RWORK", rwork, realKind, rworkLength(m, n));
        }
        if (k == 0) {
            return;
        }
        OpenBlas.ensureLoaded();
        int info;
        try (NativeBuffer.Pin pin = NativeBuffer.pin(a).and(s).and(u).and(vt).and(work).and(rwork)) {
            if (t.isComplex()) {
                DeepStack.IntCall call = () -> complexNow(jobu, jobvt, a, s, u, vt, work, (int) lwork, rwork);
                info = DeepStack.runFrom((long) m * n, DeepStack.ELEMENTS, call);
            } else if (t == DType.F64) {
                var sp = s.d(0);
                info = LAPACKE_dgesvd_work(Lapack.COL_MAJOR, (byte) jobu, (byte) jobvt, m, n, a.buffer().d(a.offset()),
                        a.ld(), sp, jobu != 'N' ? u.buffer().d(u.offset()) : sp, jobu != 'N' ? u.ld() : 1,
                        jobvt != 'N' ? vt.buffer().d(vt.offset()) : sp, jobvt != 'N' ? vt.ld() : 1, work.d(0), (int) lwork);
            } else {
                var sp = s.f(0);
                info = LAPACKE_sgesvd_work(Lapack.COL_MAJOR, (byte) jobu, (byte) jobvt, m, n, a.buffer().f(a.offset()),
                        a.ld(), sp, jobu != 'N' ? u.buffer().f(u.offset()) : sp, jobu != 'N' ? u.ld() : 1,
                        jobvt != 'N' ? vt.buffer().f(vt.offset()) : sp, jobvt != 'N' ? vt.ld() : 1, work.f(0), (int) lwork);
            }
        }
        if (Lapack.checkArgs(r, info, t.isComplex() ? COMPLEX_ARGS : ARGS) > 0) {
            throw new NotConvergedException(r, info, String.format(
                    "%s: QR iteration left %d superdiagonal(s) of the bidiagonal form unconverged on the %d×%d"
                            + " matrix; try the Jacobi driver (Driver.GESVJ)", r, info, m, n));
        }
    }

    private static int complexNow(char jobu, char jobvt, Block a, NativeBuffer s, Block u, Block vt,
                                  NativeBuffer work, int lwork, NativeBuffer rwork) {
        int m = a.rows();
        int n = a.cols();
        int ldu = jobu != 'N' ? u.ld() : 1;
        int ldvt = jobvt != 'N' ? vt.ld() : 1;
        if (a.dtype() == DType.C128) {
            var w = work.d(0);
            return LAPACKE_zgesvd_work(Lapack.COL_MAJOR, (byte) jobu, (byte) jobvt, m, n, a.buffer().d(a.offset()),
                    a.ld(), s.d(0), jobu != 'N' ? u.buffer().d(u.offset()) : w, ldu,
                    jobvt != 'N' ? vt.buffer().d(vt.offset()) : w, ldvt, w, lwork, rwork.d(0));
        }
        var w = work.f(0);
        return LAPACKE_cgesvd_work(Lapack.COL_MAJOR, (byte) jobu, (byte) jobvt, m, n, a.buffer().f(a.offset()),
                a.ld(), s.f(0), jobu != 'N' ? u.buffer().f(u.offset()) : w, ldu,
                jobvt != 'N' ? vt.buffer().f(vt.offset()) : w, ldvt, w, lwork, rwork.f(0));
    }
}
