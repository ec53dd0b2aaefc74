package org.decomp4j.lapack;

import static org.bytedeco.openblas.global.openblas.LAPACKE_dgesvdx_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_sgesvdx_work;

import org.decomp4j.DType;
import org.decomp4j.NotConvergedException;

/**
 * {@code ?gesvdx}: selected singular triplets by index ({@code dgesvdx}, {@code sgesvdx}).
 *
 * <table>
 * <caption>routines wrapped</caption>
 * <tr><th>method</th><th>F64</th><th>F32</th><th>does</th></tr>
 * <tr><td>{@link #compute}</td><td>dgesvdx</td><td>sgesvdx</td><td>the largest {@code k} singular
 *     values and their vectors ({@code RANGE='I'}, {@code IL=1}, {@code IU=k})</td></tr>
 * </table>
 *
 * <p>{@code A} (m×n) is bidiagonalised as in {@code gesvd}, then {@code bdsvdx} finds the wanted
 * values of the bidiagonal by bisection and their vectors by inverse iteration, and only those
 * {@code k} vectors are transformed back: U is m×k, Vᵀ is k×n. {@code A} is destroyed. Workspace: about
 * {@code 3·min(m, n)²} elements; integer workspace {@code 12·min(m, n)}.
 */
public final class Gesvdx {
    private static final String[] ARGS = {
        "JOBU", "JOBVT", "RANGE", "M", "N", "A", "LDA", "VL", "VU", "IL", "IU", "NS", "S", "U", "LDU", "VT", "LDVT",
        "WORK", "LWORK", "IWORK", "INFO"};

    private Gesvdx() {
    }

    /**
     * LAPACK's minimal {@code LWORK} with vectors, as {@code dgesvdx.f} computes it (its argument
     * documentation gives smaller, outdated figures): {@code r·(3r + 20)} on the QR/LQ-first path
     * (one dimension much larger), {@code max(r·(2r + 19), 4r + max(m, n))} otherwise, with
     * {@code r = min(m, n)}. Which path runs depends on a block-size query, so the larger of the two
     * is returned. Pure, 64-bit.
     */
    public static long minimalWork(long m, long n) {
        long mn = Math.min(m, n);
        long mx = Math.max(m, n);
        if (mn == 0) {
            return 1;
        }
        return Math.max(mn * (3 * mn + 20), 4 * mn + mx);
    }

    /** Length of the integer workspace: {@code 12·min(m, n)}. */
    public static long iworkLength(long m, long n) {
        return Math.max(1, 12 * Math.min(m, n));
    }

    private static void checkK(String r, int m, int n, int k) {
        int mn = Math.min(m, n);
        if (k < 1 || k > mn) {
            throw new IllegalArgumentException(String.format(
                    "%s: the number of singular triplets k must satisfy 1 ≤ k ≤ min(m, n) = %d for a %d×%d matrix,"
                            + " got k = %d", r, mn, m, n, k));
        }
    }

    /**
     * Asks LAPACK for its preferred {@code LWORK} ({@code LWORK = -1}) for the top {@code k} triplets
     * with vectors, never less than {@link #minimalWork}.
     *
     * @throws IllegalArgumentException if k is outside {@code 1..min(m, n)} or a size overflows
     *     LAPACK's 32-bit integers
     */
    public static long query(DType t, int m, int n, int k) {
        String r = Lapack.realName(t, "gesvdx");
        checkK(r, m, n, k);
        long min = minimalWork(m, n);
        Lapack.int32(r, "minimal workspace", min);
        Lapack.int32(r, "integer workspace", iworkLength(m, n));
        return QueryCache.get(r, 'V', 'I', m, n, k, () -> askLapack(t, m, n, k, min));
    }

    private static long askLapack(DType t, int m, int n, int k, long min) {
        String r = Lapack.realName(t, "gesvdx");
        OpenBlas.ensureLoaded();
        try (NativeBuffer one = NativeBuffer.allocate(t, 1); NativeBuffer iw = NativeBuffer.ints(2);
             NativeBuffer.Pin held = NativeBuffer.pin(one, iw)) {
            int info;
            int ldu = Math.max(1, m);
            int ldvt = Math.max(1, k);
            if (t == DType.F64) {
                var p = one.d(0);
                info = LAPACKE_dgesvdx_work(Lapack.COL_MAJOR, (byte) 'V', (byte) 'V', (byte) 'I', m, n, p, Math.max(1, m),
                        0.0, 0.0, 1, k, iw.i(0), p, p, ldu, p, ldvt, p, -1, iw.i(1));
            } else {
                var p = one.f(0);
                info = LAPACKE_sgesvdx_work(Lapack.COL_MAJOR, (byte) 'V', (byte) 'V', (byte) 'I', m, n, p, Math.max(1, m),
                        0f, 0f, 1, k, iw.i(0), p, p, ldu, p, ldvt, p, -1, iw.i(1));
            }
            Lapack.checkArgs(r, info, ARGS);
            return Lapack.lwork(r, t, one.get(0), min);
        }
    }

    /**
     * Runs {@code ?gesvdx} with {@code JOBU = JOBVT = 'V'}, {@code RANGE = 'I'}, {@code IL = 1},
     * {@code IU = k}. {@code a} is overwritten.
     *
     * @param a     the m×n input (destroyed)
     * @param k     how many of the largest triplets, {@code 1 ≤ k ≤ min(m, n)}
     * @param s     receives the singular values, non-increasing, in its first k elements; needs
     *              {@code min(m, n)} elements (LAPACK's declared length)
     * @param u     m×k block for the left vectors
     * @param vt    k×n block for the right vectors (as rows)
     * @param work  workspace of at least {@code lwork} elements, dtype of {@code a}
     * @param lwork workspace length, at least {@link #minimalWork}
     * @param iwork integer workspace of {@link #iworkLength} elements
     * @return the number of triplets found, {@code k}
     * @throws NotConvergedException if inverse iteration left vectors unconverged, or
     *     {@code bdsvdx} reported an internal error
     */
    public static int compute(Block a, int k, NativeBuffer s, Block u, Block vt, NativeBuffer work, long lwork,
                              NativeBuffer iwork) {
        DType t = a.dtype();
        String r = Lapack.realName(t, "gesvdx");
        int m = a.rows();
        int n = a.cols();
        checkK(r, m, n, k);
        NativeBuffer.Kind kind = NativeBuffer.Kind.of(t);
        Lapack.shape(r, "U", u, t, m, k);
        Lapack.shape(r, "VT", vt, t, k, n);
        Lapack.vector(r, "S", s, kind, Math.min(m, n));
        long min = minimalWork(m, n);
        if (lwork < min) {
            throw new IllegalArgumentException(r + ": LWORK " + lwork + " below the minimum " + min);
        }
        Lapack.int32(r, "LWORK", lwork);
        Lapack.vector(r, "WORK", work, kind, lwork);
        Lapack.vector(r, "IWORK", iwork, NativeBuffer.Kind.I32, iworkLength(m, n));
        a.buffer().checkOpen();
        u.buffer().checkOpen();
        vt.buffer().checkOpen();
        OpenBlas.ensureLoaded();
        int info;
        try (NativeBuffer ns = NativeBuffer.ints(1);
             NativeBuffer.Pin held = NativeBuffer.pin(ns)) {
            try (NativeBuffer.Pin pin = NativeBuffer.pin(a).and(s).and(u).and(vt).and(work).and(iwork)) {
                if (t == DType.F64) {
                    info = LAPACKE_dgesvdx_work(Lapack.COL_MAJOR, (byte) 'V', (byte) 'V', (byte) 'I', m, n,
                            a.buffer().d(a.offset()), a.ld(), 0.0, 0.0, 1, k, ns.i(0), s.d(0), u.buffer().d(u.offset()),
                            u.ld(), vt.buffer().d(vt.offset()), vt.ld(), work.d(0), (int) lwork, iwork.i(0));
                } else {
                    info = LAPACKE_sgesvdx_work(Lapack.COL_MAJOR, (byte) 'V', (byte) 'V', (byte) 'I', m, n,
                            a.buffer().f(a.offset()), a.ld(), 0f, 0f, 1, k, ns.i(0), s.f(0), u.buffer().f(u.offset()),
                            u.ld(), vt.buffer().f(vt.offset()), vt.ld(), work.f(0), (int) lwork, iwork.i(0));
                }
            }
            Lapack.nonFiniteA(r, info, 6);
            if (Lapack.checkArgs(r, info, ARGS) > 0) {
                int mn = Math.min(m, n);
                String what = info == 2 * mn + 1
                        ? "bdsvdx reported an internal error"
                        : info + " singular vectors failed to converge in inverse iteration (bdsvdx/stevx)";
                throw new NotConvergedException(r, info, String.format(
                        "%s: %s on the %d×%d matrix (top %d, info %d); the full SVD (gesdd) may succeed",
                        r, what, m, n, k, info));
            }
            int found = ns.getInt(0);
            if (found != k) {
                throw new NotConvergedException(r, Math.abs(k - found), String.format(
                        "%s: asked for the top %d singular triplets of the %d×%d matrix, LAPACK returned %d;"
                                + " the full SVD (gesdd) may succeed", r, k, m, n, found));
            }
            return found;
        }
    }
}
