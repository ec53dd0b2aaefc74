package org.decomp4j.lapack;

import static org.bytedeco.openblas.global.openblas.LAPACKE_dgesdd_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_sgesdd_work;

import org.decomp4j.DType;
import org.decomp4j.NotConvergedException;

/**
 * {@code ?gesdd}: SVD by divide and conquer ({@code dgesdd}, {@code sgesdd}).
 *
 * <p>{@code A = U·Σ·Vᵀ} for an {@code m × n} matrix {@code A}, {@code k = min(m, n)}. {@code jobz}
 * selects the vectors:
 * <table>
 * <caption>jobz and the shapes it yields</caption>
 * <tr><th>jobz</th><th>U</th><th>Vᵀ</th></tr>
 * <tr><td>A</td><td>m×m</td><td>n×n</td></tr>
 * <tr><td>S</td><td>m×k</td><td>k×n</td></tr>
 * <tr><td>O</td><td>m ≥ n: overwrites A (m×n); else m×m</td><td>m ≥ n: n×n; else overwrites A (m×n)</td></tr>
 * <tr><td>N</td><td>–</td><td>–</td></tr>
 * </table>
 * Fastest LAPACK SVD with vectors, at the price of workspace: about {@code 4k²} elements with
 * vectors ({@code 5k²} for {@code O}). {@code A} is destroyed.
 */
public final class Gesdd {
    private static final String[] ARGS = {
        "JOBZ", "M", "N", "A", "LDA", "S", "U", "LDU", "VT", "LDVT", "WORK", "LWORK", "IWORK", "INFO"};

    private Gesdd() {
    }

    /**
     * LAPACK's minimal {@code LWORK} for {@code jobz} and shape, per path of {@code dgesdd.f}
     * (LAPACK 3.7 and later). Pure: no native call. Computed in 64 bits so that a shape whose
     * workspace overflows LAPACK's integers is seen as such.
     */
    public static long minimalWork(char jobz, long m, long n) {
        long mn = Math.min(m, n);
        long mx = Math.max(m, n);
        if (mn == 0) {
            return 1;
        }
        boolean wantN = jobz == 'N';
        long bdspac = wantN ? 7 * mn : 3 * mn * mn + 4 * mn;
        long mnthr = (long) (mn * 11.0 / 6.0);
        if (mx >= mnthr) { // paths 1-4 (QR or LQ first)
            return switch (jobz) {
                case 'N' -> bdspac + mn;
                case 'O' -> bdspac + 2 * mn * mn + 3 * mn;
                case 'S' -> bdspac + mn * mn + 3 * mn;
                // LAPACK 3.7 changed this minimum; take the larger of the old and new formulas so
                // that the bundled version, whichever it is, never sees a short LWORK
                case 'A' -> Math.max(bdspac + mn * mn + (m >= n ? 2 * mn + mx : 3 * mn),
                        mn * mn + Math.max(3 * mn + bdspac, mn + mx));
                default -> throw badJob(jobz);
            };
        }
        return switch (jobz) { // path 5: bidiagonalise directly
            case 'N', 'S', 'A' -> 3 * mn + Math.max(mx, bdspac);
            case 'O' -> 3 * mn + Math.max(mx, mn * mn + bdspac);
            default -> throw badJob(jobz);
        };
    }

    /**
     * An upper bound on the {@code LWORK} a workspace query returns, assuming LAPACK block sizes of
     * at most 64 (reference {@code ilaenv} answers 32). Used to decide whether a query itself is
     * safe: LAPACK computes it in 32-bit integers.
     */
    public static long optimalWorkBound(char jobz, long m, long n) {
        long mn = Math.min(m, n);
        long mx = Math.max(m, n);
        return minimalWork(jobz, m, n) + 2 * mn * mn + 3 * mn + (mx + mn) * 64 * 2;
    }

    /** Length of the integer workspace: {@code 8·min(m, n)}. */
    public static long iworkLength(long m, long n) {
        return Math.max(1, 8 * Math.min(m, n));
    }

    private static IllegalArgumentException badJob(char jobz) {
        return new IllegalArgumentException("gesdd: JOBZ must be one of A, S, O, N; got '" + jobz + "'");
    }

    /**
     * Asks LAPACK for its preferred {@code LWORK} ({@code LWORK = -1}), never less than the
     * minimum; falls back to the minimum when the answer could overflow LAPACK's integers.
     */
    public static long query(DType t, char jobz, int m, int n) {
        String r = Lapack.realName(t, "gesdd");
        long min = minimalWork(jobz, m, n);
        Lapack.int32(r, "minimal workspace", min);
        if (optimalWorkBound(jobz, m, n) > Integer.MAX_VALUE) {
            return min; // the query's own arithmetic could overflow: use the documented minimum
        }
        return QueryCache.get(r, jobz, ' ', m, n, 0, () -> askLapack(t, jobz, m, n, min));
    }

    private static long askLapack(DType t, char jobz, int m, int n, long min) {
        String r = Lapack.realName(t, "gesdd");
        OpenBlas.ensureLoaded();
        int k = Math.min(m, n);
        int ldu = Math.max(1, m);
        int ldvt = Math.max(1, jobz == 'A' || (jobz == 'O' && m >= n) ? n : k);
        try (NativeBuffer one = NativeBuffer.allocate(t, 1); NativeBuffer iw = NativeBuffer.ints(1);
             NativeBuffer.Pin held = NativeBuffer.pin(one, iw)) {
            int info;
            if (t == DType.F64) {
                var p = one.d(0);
                info = LAPACKE_dgesdd_work(Lapack.COL_MAJOR, (byte) jobz, m, n, p, Math.max(1, m), p, p, ldu, p, ldvt,
                        p, -1, iw.i(0));
            } else {
                var p = one.f(0);
                info = LAPACKE_sgesdd_work(Lapack.COL_MAJOR, (byte) jobz, m, n, p, Math.max(1, m), p, p, ldu, p, ldvt,
                        p, -1, iw.i(0));
            }
            Lapack.checkArgs(r, info, ARGS);
            return Lapack.lwork(r, t, one.get(0), min);
        }
    }

    /**
     * Runs {@code ?gesdd}. {@code a} is overwritten (with U or Vᵀ for {@code jobz = 'O'}).
     *
     * @param jobz  'A', 'S', 'O' or 'N'
     * @param a     the m×n input
     * @param s     receives the k singular values, non-increasing
     * @param u     U block of the shape the table above gives, or null when not referenced
     * @param vt    Vᵀ block, or null when not referenced
     * @param work  workspace of at least {@code lwork} elements, dtype of {@code a}
     * @param lwork workspace length, at least {@link #minimalWork}
     * @param iwork integer workspace of {@link #iworkLength} elements
     * @throws NotConvergedException if the divide-and-conquer step did not converge
     */
    public static void compute(char jobz, Block a, NativeBuffer s, Block u, Block vt,
                               NativeBuffer work, long lwork, NativeBuffer iwork) {
        DType t = a.dtype();
        String r = Lapack.realName(t, "gesdd");
        int m = a.rows();
        int n = a.cols();
        int k = Math.min(m, n);
        NativeBuffer.Kind kind = NativeBuffer.Kind.of(t);
        boolean needU = jobz == 'A' || jobz == 'S' || (jobz == 'O' && m < n);
        boolean needVt = jobz == 'A' || jobz == 'S' || (jobz == 'O' && m >= n);
        switch (jobz) {
            case 'A' -> {
                Lapack.shape(r, "U", u, t, m, m);
                Lapack.shape(r, "VT", vt, t, n, n);
            }
            case 'S' -> {
                Lapack.shape(r, "U", u, t, m, k);
                Lapack.shape(r, "VT", vt, t, k, n);
            }
            case 'O' -> {
                if (m >= n) {
                    Lapack.shape(r, "VT", vt, t, n, n);
                } else {
                    Lapack.shape(r, "U", u, t, m, m);
                }
            }
            case 'N' -> { }
            default -> throw badJob(jobz);
        }
        Lapack.vector(r, "S", s, kind, k);
        long min = minimalWork(jobz, m, n);
        if (lwork < min) {
            throw new IllegalArgumentException(r + ": LWORK " + lwork + " below the minimum " + min);
        }
        Lapack.int32(r, "LWORK", lwork);
        Lapack.vector(r, "WORK", work, kind, lwork);
        Lapack.vector(r, "IWORK", iwork, NativeBuffer.Kind.I32, iworkLength(m, n));
        if (k == 0) {
            return;
        }
        OpenBlas.ensureLoaded();
        int ldu = needU ? u.ld() : 1;
        int ldvt = needVt ? vt.ld() : 1;
        int info;
        try (NativeBuffer.Pin pin = NativeBuffer.pin(a).and(s).and(u).and(vt).and(work).and(iwork)) {
            if (t == DType.F64) {
                var sp = s.d(0);
                info = LAPACKE_dgesdd_work(Lapack.COL_MAJOR, (byte) jobz, m, n, a.buffer().d(a.offset()), a.ld(), sp,
                        needU ? u.buffer().d(u.offset()) : sp, ldu, needVt ? vt.buffer().d(vt.offset()) : sp, ldvt,
                        work.d(0), (int) lwork, iwork.i(0));
            } else {
                var sp = s.f(0);
                info = LAPACKE_sgesdd_work(Lapack.COL_MAJOR, (byte) jobz, m, n, a.buffer().f(a.offset()), a.ld(), sp,
                        needU ? u.buffer().f(u.offset()) : sp, ldu, needVt ? vt.buffer().f(vt.offset()) : sp, ldvt,
                        work.f(0), (int) lwork, iwork.i(0));
            }
        }
        Lapack.nonFiniteA(r, info, 4);
        if (Lapack.checkArgs(r, info, ARGS) > 0) {
            throw new NotConvergedException(r, info, String.format(
                    "%s: the divide-and-conquer step (bdsdc) did not converge on the %d×%d matrix (info %d);"
                            + " gesvd (QR iteration) may succeed", r, m, n, info));
        }
    }
}
