package org.decomp4j.lapack;

import static org.bytedeco.openblas.global.openblas.LAPACKE_cgelsd_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgelsd_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_sgelsd_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_zgelsd_work;

import org.decomp4j.DType;
import org.decomp4j.NotConvergedException;

/**
 * {@code ?gelsd}: minimum-norm least squares {@code min ‖A·X − B‖₂} by SVD with divide and
 * conquer ({@code dgelsd}, {@code sgelsd}, {@code zgelsd}, {@code cgelsd}). Handles
 * rank-deficient, over- and under-determined systems; singular values at or below
 * {@code rcond·σ₁} count as zero. The singular values are real (a buffer of the real dtype). The
 * complex routines also take a real workspace {@code RWORK}: its length is the larger of what the
 * query returns in {@code RWORK(1)} and the documented minimum ({@link #rworkLength}).
 */
public final class Gelsd {
    private static final String[] ARGS = {
        "M", "N", "NRHS", "A", "LDA", "B", "LDB", "S", "RCOND", "RANK", "WORK", "LWORK", "IWORK", "INFO"};
    private static final String[] COMPLEX_ARGS = {
        "M", "N", "NRHS", "A", "LDA", "B", "LDB", "S", "RCOND", "RANK", "WORK", "LWORK", "RWORK", "IWORK", "INFO"};
    /** LAPACK's SMLSIZ (ILAENV 9: the largest subproblem at the bottom of the divide-and-conquer tree). */
    private static final long SMLSIZ = 25;

    /**
     * Workspace lengths from LAPACK's query.
     *
     * @param lwork  floating workspace (elements of the system's dtype)
     * @param liwork integer workspace
     * @param lrwork real workspace of a complex system (1 for a real one)
     */
    public record Work(long lwork, long liwork, long lrwork) {
        /** A real system's workspace: no RWORK. */
        public Work(long lwork, long liwork) {
            this(lwork, liwork, 1);
        }
    }

    /**
     * The documented minimal {@code LRWORK} of {@code zgelsd}/{@code cgelsd} (its argument
     * description, with SMLSIZ = 25): {@code 10·mn + 2·mn·SMLSIZ + 8·mn·NLVL + 3·SMLSIZ·nrhs +
     * max((SMLSIZ+1)², n·(1+nrhs) + 2·nrhs)}, {@code mn = min(m, n)},
     * {@code NLVL = max(0, ⌊log₂(mn/(SMLSIZ+1))⌋ + 1)}. Pure; 64-bit.
     */
    public static long rworkLength(long m, long n, long nrhs) {
        long mn = Math.min(m, n);
        if (mn == 0) {
            return 1;
        }
        long nlvl = Math.max(0, (long) Math.floor(Math.log((double) mn / (SMLSIZ + 1)) / Math.log(2)) + 1);
        return 10 * mn + 2 * mn * SMLSIZ + 8 * mn * nlvl + 3 * SMLSIZ * nrhs
                + Math.max((SMLSIZ + 1) * (SMLSIZ + 1), n * (1 + nrhs) + 2 * nrhs);
    }

    private Gelsd() {
    }

    /** Asks LAPACK for the workspace of an m×n system with nrhs right-hand sides. */
    public static Work query(DType t, int m, int n, int nrhs) {
        String r = Lapack.name(t, "gelsd");
        if (Math.min(m, n) == 0) {
            return new Work(1, 1, 1);
        }
        OpenBlas.ensureLoaded();
        int ldb = Math.max(1, Math.max(m, n));
        int lda = Math.max(1, m);
        try (NativeBuffer one = NativeBuffer.allocate(t, 1); NativeBuffer iw = NativeBuffer.ints(1);
             NativeBuffer rank = NativeBuffer.ints(1); NativeBuffer rw = NativeBuffer.allocate(t.real(), 1);
             NativeBuffer.Pin held = NativeBuffer.pin(one, iw, rank, rw)) {
            int info = switch (t) {
                case F64 -> LAPACKE_dgelsd_work(Lapack.COL_MAJOR, m, n, nrhs, one.d(0), lda, one.d(0), ldb, one.d(0),
                        -1.0, rank.i(0), one.d(0), -1, iw.i(0));
                case F32 -> LAPACKE_sgelsd_work(Lapack.COL_MAJOR, m, n, nrhs, one.f(0), lda, one.f(0), ldb, one.f(0),
                        -1.0f, rank.i(0), one.f(0), -1, iw.i(0));
                case C128 -> LAPACKE_zgelsd_work(Lapack.COL_MAJOR, m, n, nrhs, one.d(0), lda, one.d(0), ldb, rw.d(0),
                        -1.0, rank.i(0), one.d(0), -1, rw.d(0), iw.i(0));
                case C64 -> LAPACKE_cgelsd_work(Lapack.COL_MAJOR, m, n, nrhs, one.f(0), lda, one.f(0), ldb, rw.f(0),
                        -1.0f, rank.i(0), one.f(0), -1, rw.f(0), iw.i(0));
            };
            Lapack.checkArgs(r, info, t.isComplex() ? COMPLEX_ARGS : ARGS);
            long lwork = Lapack.lwork(r, t, one.get(0), 1);
            long liwork = Lapack.int32(r, "LIWORK", Math.max(1, iw.getInt(0)));
            long lrwork = 1;
            if (t.isComplex()) { // RWORK(1) holds LRWORK; a float answer is rounded up like LWORK
                lrwork = Lapack.lwork(r, t, rw.get(0), rworkLength(m, n, nrhs));
            }
            return new Work(lwork, liwork, lrwork);
        }
    }

    /**
     * Solves a real system in place: {@code a} (m×n) is destroyed; {@code b} (max(m,n) × nrhs)
     * holds B in its first m rows on entry and X in its first n rows on exit.
     *
     * @param rcond singular values {@code ≤ rcond·σ₁} are treated as zero (negative: machine precision)
     * @param s     receives the min(m, n) singular values of A, non-increasing
     * @return the effective rank
     * @throws NotConvergedException if the SVD did not converge
     */
    public static int compute(Block a, Block b, NativeBuffer s, double rcond, NativeBuffer work, long lwork,
                              NativeBuffer iwork, long liwork) {
        return compute(a, b, s, rcond, work, lwork, null, 1, iwork, liwork);
    }

    /**
     * As {@link #compute(Block, Block, NativeBuffer, double, NativeBuffer, long, NativeBuffer, long)}
     * for any dtype: {@code s} of the real dtype and, for a complex system, the real workspace
     * {@code rwork} of {@code lrwork} elements (null for a real one).
     */
    public static int compute(Block a, Block b, NativeBuffer s, double rcond, NativeBuffer work, long lwork,
                              NativeBuffer rwork, long lrwork, NativeBuffer iwork, long liwork) {
        DType t = a.dtype();
        String r = Lapack.name(t, "gelsd");
        int m = a.rows();
        int n = a.cols();
        int nrhs = b.cols();
        Lapack.shape(r, "B", b, t, Math.max(m, n), nrhs);
        NativeBuffer.Kind kind = NativeBuffer.Kind.of(t);
        NativeBuffer.Kind realKind = NativeBuffer.Kind.of(t.real());
        Lapack.vector(r, "S", s, realKind, Math.min(m, n));
        Lapack.int32(r, "LWORK", lwork);
        Lapack.vector(r, "WORK", work, kind, Math.max(1, lwork));
        Lapack.vector(r, "IWORK", iwork, NativeBuffer.Kind.I32, Math.max(1, liwork));
        if (t.isComplex()) {
            long need = Math.max(lrwork, rworkLength(m, n, nrhs));
            Lapack.vector(r, "RWORK", rwork, realKind, Lapack.int32(r, "LRWORK", need));
        }
        a.buffer().checkOpen();
        if (Math.min(m, n) == 0) {
            b.buffer().checkOpen();
            return 0;
        }
        OpenBlas.ensureLoaded();
        try (NativeBuffer rank = NativeBuffer.ints(1);
             NativeBuffer.Pin held = NativeBuffer.pin(rank)) {
            int info;
            try (NativeBuffer.Pin pin = NativeBuffer.pin(a).and(b).and(s).and(work).and(iwork).and(rwork)) {
                int lw = (int) lwork;
                DeepStack.IntCall call = () -> switch (t) {
                    case F64 -> LAPACKE_dgelsd_work(Lapack.COL_MAJOR, m, n, nrhs, a.buffer().d(a.offset()), a.ld(),
                            b.buffer().d(b.offset()), b.ld(), s.d(0), rcond, rank.i(0), work.d(0), lw, iwork.i(0));
                    case F32 -> LAPACKE_sgelsd_work(Lapack.COL_MAJOR, m, n, nrhs, a.buffer().f(a.offset()), a.ld(),
                            b.buffer().f(b.offset()), b.ld(), s.f(0), (float) rcond, rank.i(0), work.f(0), lw,
                            iwork.i(0));
                    case C128 -> LAPACKE_zgelsd_work(Lapack.COL_MAJOR, m, n, nrhs, a.buffer().d(a.offset()), a.ld(),
                            b.buffer().d(b.offset()), b.ld(), s.d(0), rcond, rank.i(0), work.d(0), lw, rwork.d(0),
                            iwork.i(0));
                    case C64 -> LAPACKE_cgelsd_work(Lapack.COL_MAJOR, m, n, nrhs, a.buffer().f(a.offset()), a.ld(),
                            b.buffer().f(b.offset()), b.ld(), s.f(0), (float) rcond, rank.i(0), work.f(0), lw,
                            rwork.f(0), iwork.i(0));
                };
                info = DeepStack.runFrom(t.isComplex() ? (long) m * n : 0, DeepStack.ELEMENTS, call);
            }
            if (Lapack.checkArgs(r, info, t.isComplex() ? COMPLEX_ARGS : ARGS) > 0) {
                throw new NotConvergedException(r, info, String.format(
                        "%s: the SVD of the %d×%d matrix did not converge (%d off-diagonal elements left);"
                                + " try LinAlg.pinv", r, m, n, info));
            }
            return rank.getInt(0);
        }
    }
}
