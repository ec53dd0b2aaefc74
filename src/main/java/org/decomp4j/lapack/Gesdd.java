package org.decomp4j.lapack;

import static org.bytedeco.openblas.global.openblas.LAPACKE_dgesdd_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_cgesdd_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_sgesdd_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_zgesdd_work;

import org.decomp4j.DType;
import org.decomp4j.NotConvergedException;

/**
 * {@code ?gesdd}: SVD by divide and conquer ({@code dgesdd}, {@code sgesdd}, {@code zgesdd},
 * {@code cgesdd}).
 *
 * <p>{@code A = U·Σ·Vᵀ} for an {@code m × n} matrix {@code A} ({@code U·Σ·Vᴴ} for a complex one,
 * Vᴴ returned in the {@code VT} slot), {@code k = min(m, n)}. The singular values are real, in a
 * buffer of the real dtype ({@code F64} for {@code zgesdd}); the complex routines also take a real
 * workspace {@code RWORK} of {@link #rworkLength} elements. {@code jobz}
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
    private static final String[] COMPLEX_ARGS = {
        "JOBZ", "M", "N", "A", "LDA", "S", "U", "LDU", "VT", "LDVT", "WORK", "LWORK", "RWORK", "IWORK", "INFO"};

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
     * Minimal {@code LWORK} for dtype {@code t}: {@link #minimalWork(char, long, long)} for a real
     * dtype; for a complex one, in complex elements, from {@code zgesdd.f}'s documentation:
     * {@code 2·mn + mx} (N), {@code 2·mn² + 2·mn + mx} (O), {@code mn² + 2·mn + mx} (S, A).
     */
    public static long minimalWork(DType t, char jobz, long m, long n) {
        if (!t.isComplex()) {
            return minimalWork(jobz, m, n);
        }
        long mn = Math.min(m, n);
        long mx = Math.max(m, n);
        if (mn == 0) {
            return 1;
        }
        return switch (jobz) {
            case 'N' -> 2 * mn + mx;
            case 'O' -> 2 * mn * mn + 2 * mn + mx;
            case 'S', 'A' -> mn * mn + 2 * mn + mx;
            default -> throw badJob(jobz);
        };
    }

    /**
     * Length of the real workspace {@code RWORK} of {@code zgesdd}/{@code cgesdd}, per its
     * documentation: {@code 7·mn} without vectors (LAPACK 3.6 and older; 3.7 needs {@code 5·mn}),
     * else the larger of the old {@code 5·mn² + 7·mn} and the 3.7 formula
     * {@code max(5·mn² + 5·mn, 2·mx·mn + 2·mn² + mn)}, so that either version is served.
     */
    public static long rworkLength(char jobz, long m, long n) {
        long mn = Math.min(m, n);
        long mx = Math.max(m, n);
        if (mn == 0) {
            return 1;
        }
        if (jobz == 'N') {
            return 7 * mn;
        }
        return Math.max(5 * mn * mn + 7 * mn, 2 * mx * mn + 2 * mn * mn + mn);
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
        String r = Lapack.name(t, "gesdd");
        long min = minimalWork(t, jobz, m, n);
        Lapack.int32(r, "minimal workspace", min);
        if (optimalWorkBound(jobz, m, n) > Integer.MAX_VALUE) {
            return min; // the query's own arithmetic could overflow: use the documented minimum
        }
        return QueryCache.get(r, jobz, ' ', m, n, 0, () -> askLapack(t, jobz, m, n, min));
    }

    private static long askLapack(DType t, char jobz, int m, int n, long min) {
        String r = Lapack.name(t, "gesdd");
        OpenBlas.ensureLoaded();
        int k = Math.min(m, n);
        int ldu = Math.max(1, m);
        int ldvt = Math.max(1, jobz == 'A' || (jobz == 'O' && m >= n) ? n : k);
        // one element of t holds the answer (a complex one returns it in its real part)
        try (NativeBuffer one = NativeBuffer.allocate(t, 1); NativeBuffer rw = NativeBuffer.allocate(t.real(), 1);
             NativeBuffer iw = NativeBuffer.ints(1); NativeBuffer.Pin held = NativeBuffer.pin(one, rw, iw)) {
            int lda = Math.max(1, m);
            int info = switch (t) {
                case F64 -> {
                    var p = one.d(0);
                    yield LAPACKE_dgesdd_work(Lapack.COL_MAJOR, (byte) jobz, m, n, p, lda, p, p, ldu, p, ldvt, p, -1,
                            iw.i(0));
                }
                case F32 -> {
                    var p = one.f(0);
                    yield LAPACKE_sgesdd_work(Lapack.COL_MAJOR, (byte) jobz, m, n, p, lda, p, p, ldu, p, ldvt, p, -1,
                            iw.i(0));
                }
                case C128 -> {
                    var p = one.d(0);
                    var q = rw.d(0);
                    yield LAPACKE_zgesdd_work(Lapack.COL_MAJOR, (byte) jobz, m, n, p, lda, q, p, ldu, p, ldvt, p, -1,
                            q, iw.i(0));
                }
                case C64 -> {
                    var p = one.f(0);
                    var q = rw.f(0);
                    yield LAPACKE_cgesdd_work(Lapack.COL_MAJOR, (byte) jobz, m, n, p, lda, q, p, ldu, p, ldvt, p, -1,
                            q, iw.i(0));
                }
            };
            Lapack.checkArgs(r, info, t.isComplex() ? COMPLEX_ARGS : ARGS);
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
        compute(jobz, a, s, u, vt, work, lwork, null, iwork);
    }

    /**
     * Runs {@code ?gesdd} for any dtype: as {@link #compute(char, Block, NativeBuffer, Block, Block,
     * NativeBuffer, long, NativeBuffer)}, with {@code s} of the real dtype and, for a complex
     * {@code a}, the real workspace {@code rwork} of at least {@link #rworkLength} elements (null
     * for a real one). Complex calls from {@link DeepStack#ELEMENTS} elements run on a
     * deep-stack thread.
     */
    public static void compute(char jobz, Block a, NativeBuffer s, Block u, Block vt,
                               NativeBuffer work, long lwork, NativeBuffer rwork, NativeBuffer iwork) {
        DType t = a.dtype();
        String r = Lapack.name(t, "gesdd");
        int m = a.rows();
        int n = a.cols();
        int k = Math.min(m, n);
        NativeBuffer.Kind kind = NativeBuffer.Kind.of(t);
        NativeBuffer.Kind realKind = NativeBuffer.Kind.of(t.real());
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
        Lapack.vector(r, "S", s, realKind, k);
        long min = minimalWork(t, jobz, m, n);
        if (lwork < min) {
            throw new IllegalArgumentException(r + ": LWORK " + lwork + " below the minimum " + min);
        }
        Lapack.int32(r, "LWORK", lwork);
        Lapack.vector(r, "WORK", work, kind, lwork);
        Lapack.vector(r, "IWORK", iwork, NativeBuffer.Kind.I32, iworkLength(m, n));
        if (t.isComplex()) {
            Lapack.vector(r, "RWORK", rwork, realKind, Lapack.int32(r, "LRWORK", rworkLength(jobz, m, n)));
        }
        if (k == 0) {
            return;
        }
        OpenBlas.ensureLoaded();
        int ldu = needU ? u.ld() : 1;
        int ldvt = needVt ? vt.ld() : 1;
        int info;
        try (NativeBuffer.Pin pin = NativeBuffer.pin(a).and(s).and(u).and(vt).and(work).and(iwork).and(rwork)) {
            if (t == DType.F64) {
                var sp = s.d(0);
                info = LAPACKE_dgesdd_work(Lapack.COL_MAJOR, (byte) jobz, m, n, a.buffer().d(a.offset()), a.ld(), sp,
                        needU ? u.buffer().d(u.offset()) : sp, ldu, needVt ? vt.buffer().d(vt.offset()) : sp, ldvt,
                        work.d(0), (int) lwork, iwork.i(0));
            } else if (t == DType.F32) {
                var sp = s.f(0);
                info = LAPACKE_sgesdd_work(Lapack.COL_MAJOR, (byte) jobz, m, n, a.buffer().f(a.offset()), a.ld(), sp,
                        needU ? u.buffer().f(u.offset()) : sp, ldu, needVt ? vt.buffer().f(vt.offset()) : sp, ldvt,
                        work.f(0), (int) lwork, iwork.i(0));
            } else {
                DeepStack.IntCall call = () -> complexNow(jobz, a, s, needU ? u : null, needVt ? vt : null, ldu, ldvt,
                        work, (int) lwork, rwork, iwork);
                info = DeepStack.runFrom((long) m * n, DeepStack.ELEMENTS, call);
            }
        }
        Lapack.nonFiniteA(r, info, 4);
        if (Lapack.checkArgs(r, info, t.isComplex() ? COMPLEX_ARGS : ARGS) > 0) {
            throw new NotConvergedException(r, info, String.format(
                    "%s: the divide-and-conquer step (bdsdc) did not converge on the %d×%d matrix (info %d);"
                            + " gesvd (QR iteration) may succeed", r, m, n, info));
        }
    }

    /** zgesdd/cgesdd on pinned buffers; {@code u}/{@code vt} null when not referenced. */
    private static int complexNow(char jobz, Block a, NativeBuffer s, Block u, Block vt, int ldu, int ldvt,
                                  NativeBuffer work, int lwork, NativeBuffer rwork, NativeBuffer iwork) {
        int m = a.rows();
        int n = a.cols();
        if (a.dtype() == DType.C128) {
            var sp = s.d(0);
            var dummy = work.d(0); // never referenced by LAPACK when the factor is not wanted
            return LAPACKE_zgesdd_work(Lapack.COL_MAJOR, (byte) jobz, m, n, a.buffer().d(a.offset()), a.ld(), sp,
                    u != null ? u.buffer().d(u.offset()) : dummy, ldu, vt != null ? vt.buffer().d(vt.offset()) : dummy,
                    ldvt, work.d(0), lwork, rwork.d(0), iwork.i(0));
        }
        var sp = s.f(0);
        var dummy = work.f(0);
        return LAPACKE_cgesdd_work(Lapack.COL_MAJOR, (byte) jobz, m, n, a.buffer().f(a.offset()), a.ld(), sp,
                u != null ? u.buffer().f(u.offset()) : dummy, ldu, vt != null ? vt.buffer().f(vt.offset()) : dummy,
                ldvt, work.f(0), lwork, rwork.f(0), iwork.i(0));
    }
}
