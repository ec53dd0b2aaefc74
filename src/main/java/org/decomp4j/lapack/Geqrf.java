package org.decomp4j.lapack;

import static org.bytedeco.openblas.global.openblas.LAPACKE_cgeqp3_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_cgeqrf_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_cungqr_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_cunmqr_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgeqp3_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgeqrf_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dorgqr_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dormqr_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_sgeqp3_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_sgeqrf_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_sorgqr_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_sormqr_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_zgeqp3_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_zgeqrf_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_zungqr_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_zunmqr_work;

import org.decomp4j.DType;

/**
 * Householder QR and what uses its reflectors.
 *
 * <table>
 * <caption>routines wrapped</caption>
 * <tr><th>method</th><th>F64</th><th>F32</th><th>C128</th><th>C64</th><th>does</th></tr>
 * <tr><td>{@link #geqrf}</td><td>dgeqrf</td><td>sgeqrf</td><td>zgeqrf</td><td>cgeqrf</td>
 *     <td>{@code A = Q·R}: R above the diagonal, reflectors below</td></tr>
 * <tr><td>{@link #geqp3}</td><td>dgeqp3</td><td>sgeqp3</td><td>zgeqp3</td><td>cgeqp3</td>
 *     <td>{@code A·P = Q·R} with column pivoting</td></tr>
 * <tr><td>{@link #orgqr}</td><td>dorgqr</td><td>sorgqr</td><td>zungqr</td><td>cungqr</td>
 *     <td>forms the first columns of Q explicitly (unitary for complex)</td></tr>
 * <tr><td>{@link #ormqr}</td><td>dormqr</td><td>sormqr</td><td>zunmqr</td><td>cunmqr</td>
 *     <td>applies Q, Qᵀ or (complex) Qᴴ to a matrix</td></tr>
 * </table>
 * Every workspace length comes from LAPACK's own query ({@code LWORK = -1}; a complex query
 * answers in the real part of one complex element). {@code zgeqp3}/{@code cgeqp3} also take a
 * real workspace {@code RWORK} of {@code 2n} elements (its documentation), allocated here per
 * call. Complex calls from {@link DeepStack#ELEMENTS} elements run on a {@link DeepStack}
 * thread, as complex SVD does.
 */
public final class Geqrf {
    private static final String[] GEQRF_ARGS = {"M", "N", "A", "LDA", "TAU", "WORK", "LWORK", "INFO"};
    private static final String[] GEQP3_ARGS = {"M", "N", "A", "LDA", "JPVT", "TAU", "WORK", "LWORK", "INFO"};
    private static final String[] ORGQR_ARGS = {"M", "N", "K", "A", "LDA", "TAU", "WORK", "LWORK", "INFO"};
    private static final String[] ORMQR_ARGS = {
        "SIDE", "TRANS", "M", "N", "K", "A", "LDA", "TAU", "C", "LDC", "WORK", "LWORK", "INFO"};
    private static final String[] GEQP3_COMPLEX_ARGS = {
        "M", "N", "A", "LDA", "JPVT", "TAU", "WORK", "LWORK", "RWORK", "INFO"};

    /** Runs a complex call on a deep stack from {@link DeepStack#ELEMENTS} elements (the real path as before). */
    private static int run(DType t, long elements, DeepStack.IntCall call) {
        return DeepStack.runFrom(t.isComplex() ? elements : 0, DeepStack.ELEMENTS, call);
    }

    /** {@code orgqr} for a real dtype, {@code ungqr} for a complex one. */
    private static String orgqrName(DType t) {
        return Lapack.name(t, t.isComplex() ? "ungqr" : "orgqr");
    }

    /** {@code ormqr} for a real dtype, {@code unmqr} for a complex one. */
    private static String ormqrName(DType t) {
        return Lapack.name(t, t.isComplex() ? "unmqr" : "ormqr");
    }

    private Geqrf() {
    }

    /** Preferred {@code LWORK} of {@code geqrf} for an m×n matrix (at least n). */
    public static long geqrfQuery(DType t, int m, int n) {
        String r = Lapack.name(t, "geqrf");
        if (Math.min(m, n) == 0) {
            return 1;
        }
        return QueryCache.get(r, ' ', ' ', m, n, 0, () -> geqrfAsk(t, m, n));
    }

    private static long geqrfAsk(DType t, int m, int n) {
        String r = Lapack.name(t, "geqrf");
        OpenBlas.ensureLoaded();
        try (NativeBuffer one = NativeBuffer.allocate(t, 1);
             NativeBuffer.Pin held = NativeBuffer.pin(one)) {
            int lda = Math.max(1, m);
            int info = switch (t) {
                case F64 -> LAPACKE_dgeqrf_work(Lapack.COL_MAJOR, m, n, one.d(0), lda, one.d(0), one.d(0), -1);
                case F32 -> LAPACKE_sgeqrf_work(Lapack.COL_MAJOR, m, n, one.f(0), lda, one.f(0), one.f(0), -1);
                case C128 -> LAPACKE_zgeqrf_work(Lapack.COL_MAJOR, m, n, one.d(0), lda, one.d(0), one.d(0), -1);
                case C64 -> LAPACKE_cgeqrf_work(Lapack.COL_MAJOR, m, n, one.f(0), lda, one.f(0), one.f(0), -1);
            };
            Lapack.checkArgs(r, info, GEQRF_ARGS);
            return Lapack.lwork(r, t, one.get(0), n);
        }
    }

    /**
     * QR in place: {@code R} on and above the diagonal of {@code a}, the reflectors below it and
     * their scalars in {@code tau} (length {@code min(m, n)}).
     */
    public static void geqrf(Block a, NativeBuffer tau, NativeBuffer work, long lwork) {
        DType t = a.dtype();
        String r = Lapack.name(t, "geqrf");
        int m = a.rows();
        int n = a.cols();
        NativeBuffer.Kind kind = NativeBuffer.Kind.of(t);
        Lapack.vector(r, "TAU", tau, kind, Math.min(m, n));
        a.buffer().checkOpen();
        if (Math.min(m, n) == 0) {
            return; // before the workspace check: the query answers 1 for an empty matrix
        }
        checkWork(r, work, kind, lwork, n);
        OpenBlas.ensureLoaded();
        int info;
        try (NativeBuffer.Pin pin = NativeBuffer.pin(a).and(tau).and(work)) {
            int lw = (int) lwork;
            info = run(t, (long) m * n, () -> switch (t) {
                case F64 -> LAPACKE_dgeqrf_work(Lapack.COL_MAJOR, m, n, a.buffer().d(a.offset()), a.ld(), tau.d(0),
                        work.d(0), lw);
                case F32 -> LAPACKE_sgeqrf_work(Lapack.COL_MAJOR, m, n, a.buffer().f(a.offset()), a.ld(), tau.f(0),
                        work.f(0), lw);
                case C128 -> LAPACKE_zgeqrf_work(Lapack.COL_MAJOR, m, n, a.buffer().d(a.offset()), a.ld(), tau.d(0),
                        work.d(0), lw);
                case C64 -> LAPACKE_cgeqrf_work(Lapack.COL_MAJOR, m, n, a.buffer().f(a.offset()), a.ld(), tau.f(0),
                        work.f(0), lw);
            });
        }
        Lapack.checkArgs(r, info, GEQRF_ARGS);
    }

    /** The documented minimal {@code LWORK} of {@code geqp3}: {@code 3n + 1} real, {@code n + 1} complex. */
    static long geqp3MinimalWork(DType t, int n) {
        return t.isComplex() ? n + 1L : 3L * n + 1;
    }

    /** Preferred {@code LWORK} of {@code geqp3} for an m×n matrix (at least 3n + 1; n + 1 complex). */
    public static long geqp3Query(DType t, int m, int n) {
        String r = Lapack.name(t, "geqp3");
        if (Math.min(m, n) == 0) {
            return 1;
        }
        return QueryCache.get(r, ' ', ' ', m, n, 0, () -> geqp3Ask(t, m, n));
    }

    private static long geqp3Ask(DType t, int m, int n) {
        String r = Lapack.name(t, "geqp3");
        OpenBlas.ensureLoaded();
        try (NativeBuffer one = NativeBuffer.allocate(t, 1); NativeBuffer jp = NativeBuffer.ints(1);
             NativeBuffer rw = NativeBuffer.allocate(t.real(), 1);
             NativeBuffer.Pin held = NativeBuffer.pin(one, jp, rw)) {
            int lda = Math.max(1, m);
            int info = switch (t) {
                case F64 -> LAPACKE_dgeqp3_work(Lapack.COL_MAJOR, m, n, one.d(0), lda, jp.i(0), one.d(0), one.d(0), -1);
                case F32 -> LAPACKE_sgeqp3_work(Lapack.COL_MAJOR, m, n, one.f(0), lda, jp.i(0), one.f(0), one.f(0), -1);
                case C128 -> LAPACKE_zgeqp3_work(Lapack.COL_MAJOR, m, n, one.d(0), lda, jp.i(0), one.d(0), one.d(0), -1,
                        rw.d(0));
                case C64 -> LAPACKE_cgeqp3_work(Lapack.COL_MAJOR, m, n, one.f(0), lda, jp.i(0), one.f(0), one.f(0), -1,
                        rw.f(0));
            };
            Lapack.checkArgs(r, info, t.isComplex() ? GEQP3_COMPLEX_ARGS : GEQP3_ARGS);
            return Lapack.lwork(r, t, one.get(0), geqp3MinimalWork(t, n));
        }
    }

    /**
     * Column-pivoted QR in place: {@code A·P = Q·R}, {@code |R[0][0]| ≥ |R[1][1]| ≥ …}.
     *
     * @param jpvt n integers; zero on entry (every column free); on exit {@code jpvt[j] = k}
     *             means column {@code j} of {@code A·P} is column {@code k - 1} of {@code A}
     */
    public static void geqp3(Block a, NativeBuffer jpvt, NativeBuffer tau, NativeBuffer work, long lwork) {
        DType t = a.dtype();
        String r = Lapack.name(t, "geqp3");
        int m = a.rows();
        int n = a.cols();
        NativeBuffer.Kind kind = NativeBuffer.Kind.of(t);
        Lapack.vector(r, "JPVT", jpvt, NativeBuffer.Kind.I32, n);
        Lapack.vector(r, "TAU", tau, kind, Math.min(m, n));
        a.buffer().checkOpen();
        if (Math.min(m, n) == 0) {
            for (int j = 0; j < n; j++) {
                jpvt.setInt(j, j + 1);
            }
            return; // before the workspace check: the query answers 1 for an empty matrix
        }
        checkWork(r, work, kind, lwork, geqp3MinimalWork(t, n));
        OpenBlas.ensureLoaded();
        int info;
        // zgeqp3's RWORK: 2n real elements (LAPACK documentation)
        try (NativeBuffer rwork = NativeBuffer.allocate(t.real(), t.isComplex() ? 2L * n : 1);
             NativeBuffer.Pin pin = NativeBuffer.pin(a).and(jpvt).and(tau).and(work).and(rwork)) {
            int lw = (int) lwork;
            info = run(t, (long) m * n, () -> switch (t) {
                case F64 -> LAPACKE_dgeqp3_work(Lapack.COL_MAJOR, m, n, a.buffer().d(a.offset()), a.ld(), jpvt.i(0),
                        tau.d(0), work.d(0), lw);
                case F32 -> LAPACKE_sgeqp3_work(Lapack.COL_MAJOR, m, n, a.buffer().f(a.offset()), a.ld(), jpvt.i(0),
                        tau.f(0), work.f(0), lw);
                case C128 -> LAPACKE_zgeqp3_work(Lapack.COL_MAJOR, m, n, a.buffer().d(a.offset()), a.ld(), jpvt.i(0),
                        tau.d(0), work.d(0), lw, rwork.d(0));
                case C64 -> LAPACKE_cgeqp3_work(Lapack.COL_MAJOR, m, n, a.buffer().f(a.offset()), a.ld(), jpvt.i(0),
                        tau.f(0), work.f(0), lw, rwork.f(0));
            });
        }
        Lapack.checkArgs(r, info, t.isComplex() ? GEQP3_COMPLEX_ARGS : GEQP3_ARGS);
    }

    /** Preferred {@code LWORK} of {@code orgqr} forming m×n Q from k reflectors (at least n). */
    public static long orgqrQuery(DType t, int m, int n, int k) {
        String r = orgqrName(t);
        checkOrgqrShape(r, m, n, k);
        if (n == 0) {
            return 1;
        }
        return QueryCache.get(r, ' ', ' ', m, n, k, () -> orgqrAsk(t, m, n, k));
    }

    private static long orgqrAsk(DType t, int m, int n, int k) {
        String r = orgqrName(t);
        OpenBlas.ensureLoaded();
        try (NativeBuffer one = NativeBuffer.allocate(t, 1);
             NativeBuffer.Pin held = NativeBuffer.pin(one)) {
            int lda = Math.max(1, m);
            int info = switch (t) {
                case F64 -> LAPACKE_dorgqr_work(Lapack.COL_MAJOR, m, n, k, one.d(0), lda, one.d(0), one.d(0), -1);
                case F32 -> LAPACKE_sorgqr_work(Lapack.COL_MAJOR, m, n, k, one.f(0), lda, one.f(0), one.f(0), -1);
                case C128 -> LAPACKE_zungqr_work(Lapack.COL_MAJOR, m, n, k, one.d(0), lda, one.d(0), one.d(0), -1);
                case C64 -> LAPACKE_cungqr_work(Lapack.COL_MAJOR, m, n, k, one.f(0), lda, one.f(0), one.f(0), -1);
            };
            Lapack.checkArgs(r, info, ORGQR_ARGS);
            return Lapack.lwork(r, t, one.get(0), n);
        }
    }

    private static void checkOrgqrShape(String r, int m, int n, int k) {
        if (n > m || k > n || k < 0) {
            throw new IllegalArgumentException(String.format(
                    "%s: needs m >= n >= k >= 0, got m=%d n=%d k=%d", r, m, n, k));
        }
    }

    /**
     * Overwrites the m×n {@code a} (the first k columns holding reflectors from {@code geqrf} or
     * {@code geqp3}) with the first n columns of {@code Q = H(1)···H(k)}.
     */
    public static void orgqr(Block a, int k, NativeBuffer tau, NativeBuffer work, long lwork) {
        DType t = a.dtype();
        String r = orgqrName(t);
        int m = a.rows();
        int n = a.cols();
        checkOrgqrShape(r, m, n, k);
        NativeBuffer.Kind kind = NativeBuffer.Kind.of(t);
        Lapack.vector(r, "TAU", tau, kind, k);
        checkWork(r, work, kind, lwork, n);
        a.buffer().checkOpen();
        if (n == 0) {
            return;
        }
        OpenBlas.ensureLoaded();
        int info;
        try (NativeBuffer.Pin pin = NativeBuffer.pin(a).and(tau).and(work)) {
            int lw = (int) lwork;
            info = run(t, (long) m * n, () -> switch (t) {
                case F64 -> LAPACKE_dorgqr_work(Lapack.COL_MAJOR, m, n, k, a.buffer().d(a.offset()), a.ld(), tau.d(0),
                        work.d(0), lw);
                case F32 -> LAPACKE_sorgqr_work(Lapack.COL_MAJOR, m, n, k, a.buffer().f(a.offset()), a.ld(), tau.f(0),
                        work.f(0), lw);
                case C128 -> LAPACKE_zungqr_work(Lapack.COL_MAJOR, m, n, k, a.buffer().d(a.offset()), a.ld(), tau.d(0),
                        work.d(0), lw);
                case C64 -> LAPACKE_cungqr_work(Lapack.COL_MAJOR, m, n, k, a.buffer().f(a.offset()), a.ld(), tau.f(0),
                        work.f(0), lw);
            });
        }
        Lapack.checkArgs(r, info, ORGQR_ARGS);
    }

    /** Preferred {@code LWORK} of {@code ormqr} applying k reflectors to the left of an m×n C. */
    public static long ormqrQuery(DType t, char trans, int m, int n, int k) {
        String r = ormqrName(t);
        if (Math.min(m, n) == 0 || k == 0) {
            return 1;
        }
        return QueryCache.get(r, trans, ' ', m, n, k, () -> ormqrAsk(t, trans, m, n, k));
    }

    private static long ormqrAsk(DType t, char trans, int m, int n, int k) {
        String r = ormqrName(t);
        OpenBlas.ensureLoaded();
        try (NativeBuffer one = NativeBuffer.allocate(t, 1);
             NativeBuffer.Pin held = NativeBuffer.pin(one)) {
            int ld = Math.max(1, m);
            byte tr = (byte) trans;
            int info = switch (t) {
                case F64 -> LAPACKE_dormqr_work(Lapack.COL_MAJOR, (byte) 'L', tr, m, n, k, one.d(0), ld, one.d(0), one.d(0),
                        ld, one.d(0), -1);
                case F32 -> LAPACKE_sormqr_work(Lapack.COL_MAJOR, (byte) 'L', tr, m, n, k, one.f(0), ld, one.f(0), one.f(0),
                        ld, one.f(0), -1);
                case C128 -> LAPACKE_zunmqr_work(Lapack.COL_MAJOR, (byte) 'L', tr, m, n, k, one.d(0), ld, one.d(0),
                        one.d(0), ld, one.d(0), -1);
                case C64 -> LAPACKE_cunmqr_work(Lapack.COL_MAJOR, (byte) 'L', tr, m, n, k, one.f(0), ld, one.f(0),
                        one.f(0), ld, one.f(0), -1);
            };
            Lapack.checkArgs(r, info, ORMQR_ARGS);
            return Lapack.lwork(r, t, one.get(0), n);
        }
    }

    /**
     * {@code C ← Q·C} ({@code trans = 'N'}) or {@code C ← Qᵀ·C} ({@code 'T'}; for a complex Q,
     * {@code 'C'} for {@code Qᴴ}: LAPACK's {@code unmqr} takes N or C only) in place, Q given by
     * the first k reflectors stored in the m×k' block {@code qr} (k ≤ k').
     */
    public static void ormqr(char trans, Block qr, int k, NativeBuffer tau, Block c, NativeBuffer work, long lwork) {
        DType t = qr.dtype();
        String r = ormqrName(t);
        char other = t.isComplex() ? 'C' : 'T';
        if (trans != 'N' && trans != other) {
            throw new IllegalArgumentException(r + ": TRANS must be N or " + other + "; got '" + trans + "'");
        }
        int m = c.rows();
        int n = c.cols();
        if (qr.rows() != m || k > Math.min(qr.cols(), m) || k < 0) {
            throw new IllegalArgumentException(String.format(
                    "%s: reflectors %d×%d (k=%d) do not match C %d×%d", r, qr.rows(), qr.cols(), k, m, n));
        }
        Lapack.shape(r, "C", c, t, m, n);
        NativeBuffer.Kind kind = NativeBuffer.Kind.of(t);
        Lapack.vector(r, "TAU", tau, kind, k);
        checkWork(r, work, kind, lwork, n);
        qr.buffer().checkOpen();
        if (Math.min(m, n) == 0 || k == 0) {
            return;
        }
        OpenBlas.ensureLoaded();
        int info;
        try (NativeBuffer.Pin pin = NativeBuffer.pin(qr).and(tau).and(c).and(work)) {
            int lw = (int) lwork;
            byte tr = (byte) trans;
            info = run(t, (long) m * Math.max(n, k), () -> switch (t) {
                case F64 -> LAPACKE_dormqr_work(Lapack.COL_MAJOR, (byte) 'L', tr, m, n, k, qr.buffer().d(qr.offset()),
                        qr.ld(), tau.d(0), c.buffer().d(c.offset()), c.ld(), work.d(0), lw);
                case F32 -> LAPACKE_sormqr_work(Lapack.COL_MAJOR, (byte) 'L', tr, m, n, k, qr.buffer().f(qr.offset()),
                        qr.ld(), tau.f(0), c.buffer().f(c.offset()), c.ld(), work.f(0), lw);
                case C128 -> LAPACKE_zunmqr_work(Lapack.COL_MAJOR, (byte) 'L', tr, m, n, k, qr.buffer().d(qr.offset()),
                        qr.ld(), tau.d(0), c.buffer().d(c.offset()), c.ld(), work.d(0), lw);
                case C64 -> LAPACKE_cunmqr_work(Lapack.COL_MAJOR, (byte) 'L', tr, m, n, k, qr.buffer().f(qr.offset()),
                        qr.ld(), tau.f(0), c.buffer().f(c.offset()), c.ld(), work.f(0), lw);
            });
        }
        Lapack.checkArgs(r, info, ORMQR_ARGS);
    }

    private static void checkWork(String r, NativeBuffer work, NativeBuffer.Kind kind, long lwork, long min) {
        if (lwork < Math.max(1, min)) {
            throw new IllegalArgumentException(r + ": LWORK " + lwork + " below the minimum " + Math.max(1, min));
        }
        Lapack.int32(r, "LWORK", lwork);
        Lapack.vector(r, "WORK", work, kind, lwork);
    }
}
