package org.decomp4j.lapack;

import static org.bytedeco.openblas.global.openblas.LAPACKE_dgelsy_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_sgelsy_work;

import org.decomp4j.DType;

/**
 * {@code ?gelsy}: minimum-norm least squares {@code min ‖A·X − B‖₂} by a complete orthogonal
 * factorisation ({@code dgelsy}, {@code sgelsy}): QR with column pivoting {@code A·P = Q·R}, then
 * the trailing part of R is reduced to zero by orthogonal transformations from the right.
 *
 * <p>The rank is the order {@code r} of the largest leading triangle {@code R₁₁} of R whose
 * condition number, as estimated incrementally, stays below {@code 1/rcond}. That is an estimate
 * of the conditioning of the pivoted R factor, not a cutoff on singular values as in
 * {@link Gelsd} and {@link Gelss}: on most inputs the two agree, but they need not.
 *
 * <p>No singular values are computed. Cost about {@code 2·m·n² − 2n³/3} flops for full-rank
 * problems (a pivoted QR), several times less than an SVD-based driver.
 */
public final class Gelsy {
    private static final String[] ARGS = {
        "M", "N", "NRHS", "A", "LDA", "B", "LDB", "JPVT", "RCOND", "RANK", "WORK", "LWORK", "INFO"};

    private Gelsy() {
    }

    /** Asks LAPACK for the workspace length of an m×n system with nrhs right-hand sides. */
    public static long query(DType t, int m, int n, int nrhs) {
        String r = Lapack.realName(t, "gelsy");
        if (Lapack.emptyLeastSquares(r, m, n, nrhs)) {
            return 1;
        }
        OpenBlas.ensureLoaded();
        int ldb = Math.max(1, Math.max(m, n));
        try (NativeBuffer one = NativeBuffer.allocate(t, 1); NativeBuffer jp = NativeBuffer.ints(1);
             NativeBuffer rank = NativeBuffer.ints(1);
             NativeBuffer.Pin held = NativeBuffer.pin(one, jp, rank)) {
            int info = t == DType.F64
                    ? LAPACKE_dgelsy_work(Lapack.COL_MAJOR, m, n, nrhs, one.d(0), Math.max(1, m), one.d(0), ldb, jp.i(0),
                            -1.0, rank.i(0), one.d(0), -1)
                    : LAPACKE_sgelsy_work(Lapack.COL_MAJOR, m, n, nrhs, one.f(0), Math.max(1, m), one.f(0), ldb, jp.i(0),
                            -1.0f, rank.i(0), one.f(0), -1);
            Lapack.checkArgs(r, info, ARGS);
            return Lapack.lwork(r, t, one.get(0), minimalWork(m, n, nrhs));
        }
    }

    /** LAPACK's minimum: {@code max(mn + 3n + 1, 2·mn + nrhs)} with {@code mn = min(m, n)}. */
    static long minimalWork(long m, long n, long nrhs) {
        long mn = Math.min(m, n);
        return Math.max(1, Math.max(mn + 3 * n + 1, 2 * mn + nrhs));
    }

    /**
     * Solves in place: {@code a} (m×n) is destroyed (it holds the complete orthogonal
     * factorisation); {@code b} (max(m,n) × nrhs) holds B in its first m rows on entry and X in its
     * first n rows on exit. For {@code m > n} and full rank, rows n..m−1 hold the part of
     * {@code Qᵀ·B} whose squares sum to the residual, as for {@link Gelsd}.
     *
     * @param jpvt  n integers, zeroed by this method (every column free to pivot); on exit the
     *              permutation (1-based)
     * @param rcond the reciprocal condition bound that decides the rank (0 allowed; not NaN or negative)
     * @return the effective rank
     */
    public static int compute(Block a, Block b, NativeBuffer jpvt, double rcond, NativeBuffer work, long lwork) {
        DType t = a.dtype();
        String r = Lapack.realName(t, "gelsy");
        int m = a.rows();
        int n = a.cols();
        int nrhs = b.cols();
        Lapack.shape(r, "B", b, t, Math.max(m, n), nrhs);
        if (Double.isNaN(rcond) || rcond < 0) {
            throw new IllegalArgumentException(r + ": RCOND must be finite and non-negative, got " + rcond);
        }
        NativeBuffer.Kind kind = NativeBuffer.Kind.of(t);
        Lapack.vector(r, "JPVT", jpvt, NativeBuffer.Kind.I32, Math.max(1, n));
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
        for (int j = 0; j < n; j++) {
            jpvt.setInt(j, 0);
        }
        OpenBlas.ensureLoaded();
        try (NativeBuffer rank = NativeBuffer.ints(1);
             NativeBuffer.Pin held = NativeBuffer.pin(rank)) {
            int info;
            try (NativeBuffer.Pin pin = NativeBuffer.pin(a).and(b).and(jpvt).and(work)) {
                info = t == DType.F64
                        ? LAPACKE_dgelsy_work(Lapack.COL_MAJOR, m, n, nrhs, a.buffer().d(a.offset()), a.ld(),
                                b.buffer().d(b.offset()), b.ld(), jpvt.i(0), rcond, rank.i(0), work.d(0), (int) lwork)
                        : LAPACKE_sgelsy_work(Lapack.COL_MAJOR, m, n, nrhs, a.buffer().f(a.offset()), a.ld(),
                                b.buffer().f(b.offset()), b.ld(), jpvt.i(0), (float) rcond, rank.i(0), work.f(0),
                                (int) lwork);
            }
            Lapack.checkArgs(r, info, ARGS); // gelsy has no positive info
            return rank.getInt(0);
        }
    }
}
