package org.decomp4j.lapack;

import static org.bytedeco.openblas.global.openblas.LAPACKE_dgelsd_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_sgelsd_work;

import org.decomp4j.DType;
import org.decomp4j.NotConvergedException;

/**
 * {@code ?gelsd}: minimum-norm least squares {@code min ‖A·X − B‖₂} by SVD with divide and
 * conquer ({@code dgelsd}, {@code sgelsd}). Handles rank-deficient, over- and under-determined
 * systems; singular values at or below {@code rcond·σ₁} count as zero.
 */
public final class Gelsd {
    private static final String[] ARGS = {
        "M", "N", "NRHS", "A", "LDA", "B", "LDB", "S", "RCOND", "RANK", "WORK", "LWORK", "IWORK", "INFO"};

    /**
     * Workspace lengths from LAPACK's query.
     *
     * @param lwork  floating workspace
     * @param liwork integer workspace
     */
    public record Work(long lwork, long liwork) {
    }

    private Gelsd() {
    }

    /** Asks LAPACK for the workspace of an m×n system with nrhs right-hand sides. */
    public static Work query(DType t, int m, int n, int nrhs) {
        String r = Lapack.realName(t, "gelsd");
        if (Math.min(m, n) == 0) {
            return new Work(1, 1);
        }
        OpenBlas.ensureLoaded();
        int ldb = Math.max(1, Math.max(m, n));
        try (NativeBuffer one = NativeBuffer.allocate(t, 1); NativeBuffer iw = NativeBuffer.ints(1);
             NativeBuffer rank = NativeBuffer.ints(1);
             NativeBuffer.Pin held = NativeBuffer.pin(one, iw, rank)) {
            int info = t == DType.F64
                    ? LAPACKE_dgelsd_work(Lapack.COL_MAJOR, m, n, nrhs, one.d(0), Math.max(1, m), one.d(0), ldb, one.d(0),
                            -1.0, rank.i(0), one.d(0), -1, iw.i(0))
                    : LAPACKE_sgelsd_work(Lapack.COL_MAJOR, m, n, nrhs, one.f(0), Math.max(1, m), one.f(0), ldb, one.f(0),
                            -1.0f, rank.i(0), one.f(0), -1, iw.i(0));
            Lapack.checkArgs(r, info, ARGS);
            long lwork = Lapack.lwork(r, t, one.get(0), 1);
            long liwork = Lapack.int32(r, "LIWORK", Math.max(1, iw.getInt(0)));
            return new Work(lwork, liwork);
        }
    }

    /**
     * Solves in place: {@code a} (m×n) is destroyed; {@code b} (max(m,n) × nrhs) holds B in its
     * first m rows on entry and X in its first n rows on exit.
     *
     * @param rcond singular values {@code ≤ rcond·σ₁} are treated as zero (negative: machine precision)
     * @param s     receives the min(m, n) singular values of A, non-increasing
     * @return the effective rank
     * @throws NotConvergedException if the SVD did not converge
     */
    public static int compute(Block a, Block b, NativeBuffer s, double rcond, NativeBuffer work, long lwork,
                              NativeBuffer iwork, long liwork) {
        DType t = a.dtype();
        String r = Lapack.realName(t, "gelsd");
        int m = a.rows();
        int n = a.cols();
        int nrhs = b.cols();
        Lapack.shape(r, "B", b, t, Math.max(m, n), nrhs);
        NativeBuffer.Kind kind = NativeBuffer.Kind.of(t);
        Lapack.vector(r, "S", s, kind, Math.min(m, n));
        Lapack.int32(r, "LWORK", lwork);
        Lapack.vector(r, "WORK", work, kind, Math.max(1, lwork));
        Lapack.vector(r, "IWORK", iwork, NativeBuffer.Kind.I32, Math.max(1, liwork));
        a.buffer().checkOpen();
        if (Math.min(m, n) == 0) {
            b.buffer().checkOpen();
            return 0;
        }
        OpenBlas.ensureLoaded();
        try (NativeBuffer rank = NativeBuffer.ints(1);
             NativeBuffer.Pin held = NativeBuffer.pin(rank)) {
            int info;
            try (NativeBuffer.Pin pin = NativeBuffer.pin(a).and(b).and(s).and(work).and(iwork)) {
                info = t == DType.F64
                        ? LAPACKE_dgelsd_work(Lapack.COL_MAJOR, m, n, nrhs, a.buffer().d(a.offset()), a.ld(),
                                b.buffer().d(b.offset()), b.ld(), s.d(0), rcond, rank.i(0), work.d(0), (int) lwork, iwork.i(0))
                        : LAPACKE_sgelsd_work(Lapack.COL_MAJOR, m, n, nrhs, a.buffer().f(a.offset()), a.ld(),
                                b.buffer().f(b.offset()), b.ld(), s.f(0), (float) rcond, rank.i(0), work.f(0), (int) lwork,
                                iwork.i(0));
            }
            if (Lapack.checkArgs(r, info, ARGS) > 0) {
                throw new NotConvergedException(r, info, String.format(
                        "%s: the SVD of the %d×%d matrix did not converge (%d off-diagonal elements left);"
                                + " try LinAlg.pinv", r, m, n, info));
            }
            return rank.getInt(0);
        }
    }
}
