package org.decomp4j.lapack;

import static org.bytedeco.openblas.global.openblas.LAPACKE_dgelss_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_sgelss_work;

import org.decomp4j.DType;
import org.decomp4j.NotConvergedException;

/**
 * {@code ?gelss}: minimum-norm least squares {@code min ‖A·X − B‖₂} by the SVD computed with QR
 * iteration ({@code dgelss}, {@code sgelss}), the algorithm of {@code gesvd}; singular values at or
 * below {@code rcond·σ₁} count as zero. Same answer as {@link Gelsd}, usually slower on large
 * problems, with a smaller workspace ({@code 3·min(m,n) + max(2·min(m,n), max(m,n), nrhs)}
 * elements at least) and no integer workspace.
 */
public final class Gelss {
    private static final String[] ARGS = {
        "M", "N", "NRHS", "A", "LDA", "B", "LDB", "S", "RCOND", "RANK", "WORK", "LWORK", "INFO"};

    private Gelss() {
    }

    /** Asks LAPACK for the workspace length of an m×n system with nrhs right-hand sides. */
    public static long query(DType t, int m, int n, int nrhs) {
        String r = Lapack.realName(t, "gelss");
        if (Lapack.emptyLeastSquares(r, m, n, nrhs)) {
            return 1;
        }
        OpenBlas.ensureLoaded();
        int ldb = Math.max(1, Math.max(m, n));
        try (NativeBuffer one = NativeBuffer.allocate(t, 1); NativeBuffer rank = NativeBuffer.ints(1);
             NativeBuffer.Pin held = NativeBuffer.pin(one, rank)) {
            int info = t == DType.F64
                    ? LAPACKE_dgelss_work(Lapack.COL_MAJOR, m, n, nrhs, one.d(0), Math.max(1, m), one.d(0), ldb, one.d(0),
                            -1.0, rank.i(0), one.d(0), -1)
                    : LAPACKE_sgelss_work(Lapack.COL_MAJOR, m, n, nrhs, one.f(0), Math.max(1, m), one.f(0), ldb, one.f(0),
                            -1.0f, rank.i(0), one.f(0), -1);
            Lapack.checkArgs(r, info, ARGS);
            return Lapack.lwork(r, t, one.get(0), minimalWork(m, n, nrhs));
        }
    }

    /** LAPACK's minimum: {@code 3·mn + max(2·mn, max(m, n), nrhs)} with {@code mn = min(m, n)}. */
    static long minimalWork(long m, long n, long nrhs) {
        long mn = Math.min(m, n);
        return Math.max(1, 3 * mn + Math.max(2 * mn, Math.max(Math.max(m, n), nrhs)));
    }

    /**
     * Solves in place: {@code a} (m×n) is destroyed (its first min(m,n) rows hold Vᵀ);
     * {@code b} (max(m,n) × nrhs) holds B in its first m rows on entry and X in its first n rows on
     * exit (rows n..m−1 give the residual when m &gt; n and the rank is n).
     *
     * @param s     receives the min(m, n) singular values of A, non-increasing
     * @param rcond singular values {@code ≤ rcond·σ₁} are treated as zero (negative: machine precision)
     * @return the effective rank
     * @throws NotConvergedException if the bidiagonal QR iteration did not converge
     */
    public static int compute(Block a, Block b, NativeBuffer s, double rcond, NativeBuffer work, long lwork) {
        DType t = a.dtype();
        String r = Lapack.realName(t, "gelss");
        int m = a.rows();
        int n = a.cols();
        int nrhs = b.cols();
        Lapack.shape(r, "B", b, t, Math.max(m, n), nrhs);
        if (Double.isNaN(rcond)) {
            throw new IllegalArgumentException(r + ": RCOND is NaN");
        }
        NativeBuffer.Kind kind = NativeBuffer.Kind.of(t);
        Lapack.vector(r, "S", s, kind, Math.min(m, n));
        Lapack.int32(r, "LWORK", lwork);
        if (lwork < minimalWork(m, n, nrhs) && Math.min(m, n) > 0) {
            throw new IllegalArgumentException(String.format(
                    "%s: LWORK %d is below the minimum %d", r, lwork, minimalWork(m, n, nrhs)));
        }
        Lapack.vector(r, "WORK", work, kind, Math.max(1, lwork));
        a.buffer().checkOpen();
        b.buffer().checkOpen();
        if (Math.min(m, n) == 0) {
            return 0;
        }
        OpenBlas.ensureLoaded();
        try (NativeBuffer rank = NativeBuffer.ints(1);
             NativeBuffer.Pin held = NativeBuffer.pin(rank)) {
            int info;
            try (NativeBuffer.Pin pin = NativeBuffer.pin(a).and(b).and(s).and(work)) {
                info = t == DType.F64
                        ? LAPACKE_dgelss_work(Lapack.COL_MAJOR, m, n, nrhs, a.buffer().d(a.offset()), a.ld(),
                                b.buffer().d(b.offset()), b.ld(), s.d(0), rcond, rank.i(0), work.d(0), (int) lwork)
                        : LAPACKE_sgelss_work(Lapack.COL_MAJOR, m, n, nrhs, a.buffer().f(a.offset()), a.ld(),
                                b.buffer().f(b.offset()), b.ld(), s.f(0), (float) rcond, rank.i(0), work.f(0),
                                (int) lwork);
            }
            if (Lapack.checkArgs(r, info, ARGS) > 0) {
                throw new NotConvergedException(r, info, String.format(
                        "%s: the SVD of the %d×%d matrix did not converge (%d superdiagonals of the bidiagonal form"
                                + " left); try the gelsd driver or LinAlg.pinv", r, m, n, info));
            }
            return rank.getInt(0);
        }
    }
}
