package org.decomp4j.lapack;

import static org.bytedeco.openblas.global.openblas.CblasColMajor;
import static org.bytedeco.openblas.global.openblas.CblasLeft;
import static org.bytedeco.openblas.global.openblas.CblasLower;
import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasNonUnit;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.CblasUpper;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dlacpy_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dlaset_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dstedc_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dsytrd_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_slacpy_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_slaset_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_sstedc_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_ssytrd_work;
import static org.bytedeco.openblas.global.openblas.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas.cblas_dsyrk;
import static org.bytedeco.openblas.global.openblas.cblas_dtrmm;
import static org.bytedeco.openblas.global.openblas.cblas_sgemm;
import static org.bytedeco.openblas.global.openblas.cblas_ssyrk;
import static org.bytedeco.openblas.global.openblas.cblas_strmm;

import org.decomp4j.DType;
import org.decomp4j.NotConvergedException;

/**
 * The symmetric eigenproblem in three stages, for real matrices: reduction to tridiagonal form,
 * the tridiagonal's eigenvectors by divide and conquer, and the back-transformation that turns
 * them into A's. {@code ?syevd} runs the same three stages in one call; these wrappers exist
 * because its last stage ({@code ?ormtr}) applies the reflectors 32 at a time: each block is a
 * rank-32 update that streams the whole n×n eigenvector matrix through memory, a third of GEMM's
 * speed at n = 1024 ({@code benchmarks/results/eigen.md}). {@link #backTransform} applies them in
 * panels of {@link #PANEL} as two GEMMs and a small triangular product each.
 *
 * <table>
 * <caption>routines wrapped</caption>
 * <tr><th>method</th><th>F64</th><th>F32</th><th>does</th><th>workspace (n &gt; 1)</th></tr>
 * <tr><td>{@link #sytrd}</td><td>dsytrd</td><td>ssytrd</td><td>{@code A = Q·T·Qᵀ}: T's diagonal into D,
 *     off-diagonal into E, Q's reflectors into A's {@code uplo} triangle and TAU</td><td>at least 1
 *     ({@link #sytrdQuery} for the blocked length)</td></tr>
 * <tr><td>{@link #stedc}</td><td>dstedc</td><td>sstedc</td><td>COMPZ=I: all eigenvalues (ascending, into D)
 *     and eigenvectors (into Z) of the tridiagonal</td><td>{@code 1 + 4n + n²} floating,
 *     {@code 3 + 5n} int</td></tr>
 * <tr><td>{@link #backTransform}</td><td colspan="2">dlacpy, dlaset, cblas_dsyrk, cblas_dgemm, cblas_dtrmm (s- for
 *     F32)</td><td>{@code C ← Q·C}, Q from sytrd (what {@code ?ormtr} SIDE=L TRANS=N does)</td>
 *     <td>{@link #backTransformWork}: {@code nb·(2n − 1 + nb)}</td></tr>
 * </table>
 *
 * <p>Every call on an n×n matrix with {@code n² ≥ }{@link Getrf#SINGLE_THREAD_ELEMENTS} runs on a
 * {@link DeepStack} thread, as {@link Syev}'s do: all three call OpenBLAS's parallel kernels.
 */
public final class Tridiagonal {
    /**
     * Reflectors per panel of {@link #backTransform} by default: 64 measured fastest at n = 1024
     * on 2 OpenBLAS threads (34.9 ms against 36.3, 37.5 and 39.9 for 96, 128 and 192), within 3 %
     * of the best (128) at n = 2000 ({@code bench.eigen.EighProfile}, {@code benchmarks/results/eigen.md}).
     */
    public static final int PANEL = 64;

    private static final String[] SYTRD_ARGS = {"UPLO", "N", "A", "LDA", "D", "E", "TAU", "WORK", "LWORK", "INFO"};
    private static final String[] STEDC_ARGS = {"COMPZ", "N", "D", "E", "Z", "LDZ", "WORK", "LWORK", "IWORK", "LIWORK",
        "INFO"};
    private static final String[] LACPY_ARGS = {"UPLO", "M", "N", "A", "LDA", "B", "LDB"};

    private Tridiagonal() {
    }

    // ------------------------------------------------------------------ sizes (pure)

    /** Minimal stedc COMPZ=I workspace for order n: {@code 1 + 4n + n²} floating, {@code 3 + 5n} int (1 and 1 for n ≤ 1). */
    public static Syev.Sizes stedcMinimal(long n) {
        return n <= 1 ? new Syev.Sizes(1, 1) : new Syev.Sizes(1 + 4 * n + n * n, 3 + 5 * n);
    }

    /**
     * Floating workspace {@link #backTransform} needs for order n and panels of {@code nb}: a
     * dense (n−1)×nb copy of the panel, the nb×n product {@code Vᵀ·C} and the nb×nb triangle T.
     */
    public static long backTransformWork(long n, int nb) {
        if (nb < 1) {
            throw new IllegalArgumentException("back-transformation: panel width must be ≥ 1, got " + nb);
        }
        return n <= 1 ? 1 : (long) nb * (2 * n - 1 + nb);
    }

    // ------------------------------------------------------------------ sytrd

    /**
     * LAPACK's preferred sytrd workspace for order n (the blocked length, {@code n·nb}), never
     * below 1.
     *
     * @param t F64 or F32
     * @param n order
     * @return LWORK in elements
     */
    public static long sytrdQuery(DType t, int n) {
        String r = Lapack.realName(t, "sytrd");
        if (n <= 1) {
            return 1;
        }
        return QueryCache.get(r, 'V', 'A', n, 0, 0, () -> {
            OpenBlas.ensureLoaded();
            try (NativeBuffer one = NativeBuffer.allocate(t, 2); NativeBuffer.Pin pin = NativeBuffer.pin(one)) {
                int info = t == DType.F64
                        ? LAPACKE_dsytrd_work(Lapack.COL_MAJOR, (byte) 'L', n, one.d(1), n, one.d(1), one.d(1), one.d(1),
                                one.d(0), -1)
                        : LAPACKE_ssytrd_work(Lapack.COL_MAJOR, (byte) 'L', n, one.f(1), n, one.f(1), one.f(1), one.f(1),
                                one.f(0), -1);
                Lapack.checkArgs(r, info, SYTRD_ARGS);
                return Lapack.lwork(r, t, one.get(0), 1);
            }
        });
    }

    /**
     * Runs {@code ?sytrd}: reduces the symmetric n×n {@code a} (its {@code uplo} triangle read) to
     * tridiagonal form {@code T = Qᵀ·A·Q}; T's diagonal into {@code d}, its off-diagonal into
     * {@code e}, Q as n−1 elementary reflectors into the {@code uplo} triangle of {@code a} and
     * {@code tau}.
     *
     * @param uplo  'L' or 'U'
     * @param a     the n×n matrix, overwritten
     * @param d     at least n elements of A's dtype
     * @param e     at least n−1 elements (1 when n ≤ 1)
     * @param tau   at least n−1 elements (1 when n ≤ 1)
     * @param work  {@code lwork} elements
     * @param lwork at least 1; {@link #sytrdQuery} for speed
     */
    public static void sytrd(char uplo, Block a, NativeBuffer d, NativeBuffer e, NativeBuffer tau, NativeBuffer work,
                             long lwork) {
        DType t = a.dtype();
        String r = Lapack.realName(t, "sytrd");
        Lapack.uplo(r, uplo);
        int n = Lapack.square(r, "A", a);
        NativeBuffer.Kind k = NativeBuffer.Kind.of(t);
        Lapack.vector(r, "D", d, k, n);
        Lapack.vector(r, "E", e, k, Math.max(1, n - 1));
        Lapack.vector(r, "TAU", tau, k, Math.max(1, n - 1));
        if (lwork < 1) {
            throw new IllegalArgumentException(r + ": LWORK " + lwork + " below the minimum 1");
        }
        Lapack.int32(r, "LWORK", lwork);
        Lapack.vector(r, "WORK", work, k, lwork);
        if (n == 0) {
            return;
        }
        OpenBlas.ensureLoaded();
        int info;
        try (NativeBuffer.Pin pin = NativeBuffer.pin(a).and(d).and(e).and(tau).and(work)) {
            info = Lapack.deepFromSquare(n, () -> t == DType.F64
                    ? LAPACKE_dsytrd_work(Lapack.COL_MAJOR, (byte) uplo, n, a.buffer().d(a.offset()), a.ld(), d.d(0),
                            e.d(0), tau.d(0), work.d(0), (int) lwork)
                    : LAPACKE_ssytrd_work(Lapack.COL_MAJOR, (byte) uplo, n, a.buffer().f(a.offset()), a.ld(), d.f(0),
                            e.f(0), tau.f(0), work.f(0), (int) lwork));
        }
        Lapack.checkArgs(r, info, SYTRD_ARGS); // sytrd has no positive info
    }

    // ------------------------------------------------------------------ stedc

    /**
     * LAPACK's preferred stedc COMPZ=I workspace for order n, never below {@link #stedcMinimal}.
     *
     * @param t F64 or F32
     * @param n order
     * @return the lengths (no RWORK)
     * @throws IllegalArgumentException if the minimum exceeds LAPACK's 32-bit integers
     */
    public static Syev.Sizes stedcQuery(DType t, int n) {
        String r = Lapack.realName(t, "stedc");
        Syev.Sizes min = stedcMinimal(n);
        Lapack.int32(r, "minimal workspace (LWORK)", min.lwork());
        if (n <= 1) {
            return min;
        }
        long packed = QueryCache.get(r, 'I', 'A', n, 0, 0, () -> {
            OpenBlas.ensureLoaded();
            try (NativeBuffer one = NativeBuffer.allocate(t, 2); NativeBuffer iw = NativeBuffer.ints(2);
                 NativeBuffer.Pin pin = NativeBuffer.pin(one, iw)) {
                int info = t == DType.F64
                        ? LAPACKE_dstedc_work(Lapack.COL_MAJOR, (byte) 'I', n, one.d(1), one.d(1), one.d(1), n,
                                one.d(0), -1, iw.i(0), -1)
                        : LAPACKE_sstedc_work(Lapack.COL_MAJOR, (byte) 'I', n, one.f(1), one.f(1), one.f(1), n,
                                one.f(0), -1, iw.i(0), -1);
                Lapack.checkArgs(r, info, STEDC_ARGS);
                long lw = Lapack.lwork(r, t, one.get(0), min.lwork());
                long liw = Lapack.int32(r, "integer workspace (LIWORK)", Math.max(iw.getInt(0), min.liwork()));
                return (lw << 32) | liw;
            }
        });
        return new Syev.Sizes(packed >>> 32, packed & 0xFFFF_FFFFL);
    }

    /**
     * Runs {@code ?stedc} with COMPZ=I: all eigenvalues of the symmetric tridiagonal matrix with
     * diagonal {@code d} and off-diagonal {@code e} into {@code d} (ascending), its orthonormal
     * eigenvectors into the columns of {@code z}; {@code e} is destroyed.
     *
     * @param d      n elements of Z's dtype
     * @param e      at least n−1 elements (1 when n ≤ 1)
     * @param z      n×n, written
     * @param work   {@code lwork} elements
     * @param lwork  at least {@link #stedcMinimal}'s
     * @param iwork  {@code liwork} ints
     * @param liwork at least {@link #stedcMinimal}'s
     * @throws NotConvergedException if divide and conquer failed on a submatrix
     */
    public static void stedc(NativeBuffer d, NativeBuffer e, Block z, NativeBuffer work, long lwork, NativeBuffer iwork,
                             long liwork) {
        DType t = z.dtype();
        String r = Lapack.realName(t, "stedc");
        int n = Lapack.square(r, "Z", z);
        NativeBuffer.Kind k = NativeBuffer.Kind.of(t);
        Lapack.vector(r, "D", d, k, n);
        Lapack.vector(r, "E", e, k, Math.max(1, n - 1));
        Syev.workspace(r, t, stedcMinimal(n), work, lwork, iwork, liwork);
        if (n == 0) {
            return;
        }
        OpenBlas.ensureLoaded();
        int info;
        try (NativeBuffer.Pin pin = NativeBuffer.pin(z).and(d).and(e).and(work).and(iwork)) {
            info = Lapack.deepFromSquare(n, () -> t == DType.F64
                    ? LAPACKE_dstedc_work(Lapack.COL_MAJOR, (byte) 'I', n, d.d(0), e.d(0), z.buffer().d(z.offset()),
                            z.ld(), work.d(0), (int) lwork, iwork.i(0), (int) liwork)
                    : LAPACKE_sstedc_work(Lapack.COL_MAJOR, (byte) 'I', n, d.f(0), e.f(0), z.buffer().f(z.offset()),
                            z.ld(), work.f(0), (int) lwork, iwork.i(0), (int) liwork));
        }
        info = Lapack.checkArgs(r, info, STEDC_ARGS);
        if (info > 0) {
            int from = info / (n + 1);
            int to = info % (n + 1);
            throw new NotConvergedException(r, info, String.format(
                    "%s: divide and conquer failed on the submatrix in rows and columns %d to %d of the %d×%d"
                            + " tridiagonal (info %d); syevr (MRRR) may succeed, or scale the matrix",
                    r, from, to, n, n, info));
        }
    }

    // ------------------------------------------------------------------ back-transformation

    /**
     * {@code C ← Q·C} with Q the orthogonal matrix {@link #sytrd} left in {@code a} and
     * {@code tau} (what {@code ?ormtr} does with SIDE=L, TRANS=N), applied in panels of
     * {@code nb} reflectors: each panel is copied into {@code work} as a dense matrix V (its
     * implied zeros and unit diagonal written out), its triangular factor T is formed
     * ({@code ?larft}'s recurrence, its inner products {@code VᵀV} from one {@code ?syrk}), and
     * {@code C ← C − V·(T·(Vᵀ·C))} runs as two GEMMs and a TRMM. For
     * {@code uplo = 'L'} the reflectors act on C's rows 1..n−1 and are applied last panel first;
     * for {@code 'U'} on rows 0..n−2, first panel first (ormqr's and ormql's orders).
     *
     * <p>Cost: {@code 2n²·m} flops for an n×m C at GEMM speed, plus {@code n²·nb/2} for the
     * panels' {@code VᵀV} (SYRK) and {@code n·nb²/6} in Java for their triangles.
     *
     * @param uplo  the triangle sytrd was called with, 'L' or 'U'
     * @param a     sytrd's n×n output (only the reflectors in the {@code uplo} triangle are read)
     * @param tau   sytrd's n−1 scalars
     * @param c     n×m, overwritten by {@code Q·C}; not sharing memory with {@code a}
     * @param nb    reflectors per panel, ≥ 1
     * @param work  at least {@link #backTransformWork}{@code (n, nb)} elements (for an n×m C with
     *              m &gt; n: {@code nb·(n − 1 + m + nb)})
     * @param lwork its length
     */
    public static void backTransform(char uplo, Block a, NativeBuffer tau, Block c, int nb, NativeBuffer work,
                                     long lwork) {
        DType t = a.dtype();
        String r = Lapack.realName(t, "ormtr") + " (blocked back-transformation)";
        Lapack.uplo(r, uplo);
        int n = Lapack.square(r, "A", a);
        if (c == null) {
            throw new IllegalArgumentException(r + ": C is required");
        }
        int m = c.cols();
        Lapack.shape(r, "C", c, t, n, m);
        c.buffer().checkOpen();
        if (nb < 1) {
            throw new IllegalArgumentException(r + ": panel width must be ≥ 1, got " + nb);
        }
        NativeBuffer.Kind k = NativeBuffer.Kind.of(t);
        Lapack.vector(r, "TAU", tau, k, Math.max(1, n - 1));
        if (Blas.overlaps(a, c)) {
            throw new IllegalArgumentException(r + ": C shares memory with A; write into a separate matrix");
        }
        int width = Math.min(nb, Math.max(1, n - 1));
        long need = n <= 1 ? 1 : (long) width * (n - 1 + m + width);
        if (lwork < need) {
            throw new IllegalArgumentException(r + ": LWORK " + lwork + " below the " + need + " that panels of "
                    + width + " need");
        }
        Lapack.vector(r, "WORK", work, k, lwork);
        if (n <= 1 || m == 0) {
            return; // Q = I
        }
        Lapack.int32(r, "panel elements", (long) (n - 1) * width);
        OpenBlas.ensureLoaded();
        int info;
        try (NativeBuffer.Pin pin = NativeBuffer.pin(a).and(tau).and(c).and(work)) {
            info = Lapack.deepFromSquare(n, () -> t == DType.F64 ? applyD(uplo, n, m, width, a, tau, c, work)
                    : applyS(uplo, n, m, width, a, tau, c, work));
        }
        Lapack.checkArgs(Lapack.name(t, "lacpy"), info, LACPY_ARGS);
    }

    /**
     * One panel's coordinates: reflectors {@code j..j+ib−1} (0-based), stored in A from row
     * {@code row0} and column {@code col0}, acting on the first {@code rows} rows from {@code row0}.
     */
    private record Panel(int j, int ib, int row0, int col0, int rows) {
        /** The panels in the order they are applied. */
        static Panel[] of(char uplo, int n, int nb) {
            int k = n - 1;
            Panel[] p = new Panel[(k + nb - 1) / nb];
            for (int q = 0; q < p.length; q++) {
                if (uplo == 'L') { // Q = H(0)···H(k−1): last panel first; V below the subdiagonal, unit on top
                    int j = (p.length - 1 - q) * nb;
                    int ib = Math.min(nb, k - j);
                    p[q] = new Panel(j, ib, 1 + j, j, k - j);
                } else { // Q = H(k−1)···H(0): first panel first; V above the superdiagonal, unit at the bottom
                    int j = q * nb;
                    int ib = Math.min(nb, k - j);
                    p[q] = new Panel(j, ib, 0, j + 1, j + ib);
                }
            }
            return p;
        }
    }

    /**
     * Turns {@code st}, holding the {@code uplo} triangle of {@code S = VᵀV} for panel {@code p}
     * (leading dimension {@code nb}), into the panel's triangular factor T in place, column by
     * column: {@code T(i,i) = τᵢ} and, forward (upper T), {@code T(0:i, i) = −τᵢ·T(0:i, 0:i)·S(0:i, i)};
     * backward (lower T), {@code T(i+1:k, i) = −τᵢ·T(i+1:k, i+1:k)·S(i+1:k, i)}. This is
     * {@code ?larft}'s recurrence with its inner products taken from one level-3 {@code ?syrk}
     * instead of a level-2 {@code ?gemv} per column over the panel's full height. Column i of S is
     * read before column i of T overwrites it; the columns on T's side are already T.
     */
    private static void triangle(boolean lower, Panel p, int nb, double[] st, NativeBuffer tau, double[] tmp) {
        int k = p.ib();
        if (lower) {
            for (int i = 0; i < k; i++) {
                double ti = tau.get(p.j() + i);
                int col = i * nb;
                for (int r = 0; r < i; r++) {
                    tmp[r] = -ti * st[r + col];
                }
                for (int r = 0; r < i; r++) {
                    double acc = 0;
                    for (int c = r; c < i; c++) {
                        acc += st[r + c * nb] * tmp[c];
                    }
                    st[r + col] = acc;
                }
                st[i + col] = ti;
            }
        } else {
            for (int i = k - 1; i >= 0; i--) {
                double ti = tau.get(p.j() + i);
                int col = i * nb;
                for (int r = i + 1; r < k; r++) {
                    tmp[r] = -ti * st[r + col];
                }
                for (int r = i + 1; r < k; r++) {
                    double acc = 0;
                    for (int c = i + 1; c <= r; c++) {
                        acc += st[r + c * nb] * tmp[c];
                    }
                    st[r + col] = acc;
                }
                st[i + col] = ti;
            }
        }
    }

    private static int applyD(char uplo, int n, int m, int nb, Block a, NativeBuffer tau, Block c, NativeBuffer work) {
        boolean lower = uplo == 'L';
        int ldv = n - 1;
        long wOff = (long) ldv * nb;
        long tOff = wOff + (long) nb * m;
        var v = work.d(0);
        var w = work.d(wOff);
        var tm = work.d(tOff);
        double[] st = new double[nb * nb];
        double[] tmp = new double[nb];
        for (Panel p : Panel.of(uplo, n, nb)) {
            int info = LAPACKE_dlacpy_work(Lapack.COL_MAJOR, (byte) 'A', p.rows(), p.ib(),
                    a.buffer().d(a.index(p.row0(), p.col0())), a.ld(), v, ldv);
            if (info != 0) {
                return info;
            }
            // the implied part: zeros on the far side of the unit diagonal, which sits in the panel's top
            // (lower) or bottom (upper) ib×ib square
            long sq = lower ? 0 : p.rows() - p.ib();
            LAPACKE_dlaset_work(Lapack.COL_MAJOR, (byte) (lower ? 'U' : 'L'), p.ib(), p.ib(), 0.0, 1.0, work.d(sq), ldv);
            cblas_dsyrk(CblasColMajor, lower ? CblasUpper : CblasLower, CblasTrans, p.ib(), p.rows(), 1.0, v, ldv, 0.0,
                    tm, nb);
            work.read(tOff, st, 0, nb * p.ib());
            triangle(lower, p, nb, st, tau, tmp);
            work.write(tOff, st, 0, nb * p.ib());
            var cp = c.buffer().d(c.index(p.row0(), 0));
            cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, p.ib(), m, p.rows(), 1.0, v, ldv, cp, c.ld(), 0.0, w,
                    nb);
            cblas_dtrmm(CblasColMajor, CblasLeft, lower ? CblasUpper : CblasLower, CblasNoTrans, CblasNonUnit, p.ib(),
                    m, 1.0, tm, nb, w, nb);
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, p.rows(), m, p.ib(), -1.0, v, ldv, w, nb, 1.0, cp,
                    c.ld());
        }
        return 0;
    }

    private static int applyS(char uplo, int n, int m, int nb, Block a, NativeBuffer tau, Block c, NativeBuffer work) {
        boolean lower = uplo == 'L';
        int ldv = n - 1;
        long wOff = (long) ldv * nb;
        long tOff = wOff + (long) nb * m;
        var v = work.f(0);
        var w = work.f(wOff);
        var tm = work.f(tOff);
        double[] st = new double[nb * nb];
        float[] sf = new float[nb * nb];
        double[] tmp = new double[nb];
        for (Panel p : Panel.of(uplo, n, nb)) {
            int info = LAPACKE_slacpy_work(Lapack.COL_MAJOR, (byte) 'A', p.rows(), p.ib(),
                    a.buffer().f(a.index(p.row0(), p.col0())), a.ld(), v, ldv);
            if (info != 0) {
                return info;
            }
            long sq = lower ? 0 : p.rows() - p.ib();
            LAPACKE_slaset_work(Lapack.COL_MAJOR, (byte) (lower ? 'U' : 'L'), p.ib(), p.ib(), 0f, 1f, work.f(sq), ldv);
            cblas_ssyrk(CblasColMajor, lower ? CblasUpper : CblasLower, CblasTrans, p.ib(), p.rows(), 1f, v, ldv, 0f,
                    tm, nb);
            work.read(tOff, sf, 0, nb * p.ib());
            for (int i = 0; i < nb * p.ib(); i++) {
                st[i] = sf[i];
            }
            triangle(lower, p, nb, st, tau, tmp);
            for (int i = 0; i < nb * p.ib(); i++) {
                sf[i] = (float) st[i];
            }
            work.write(tOff, sf, 0, nb * p.ib());
            var cp = c.buffer().f(c.index(p.row0(), 0));
            cblas_sgemm(CblasColMajor, CblasTrans, CblasNoTrans, p.ib(), m, p.rows(), 1f, v, ldv, cp, c.ld(), 0f, w,
                    nb);
            cblas_strmm(CblasColMajor, CblasLeft, lower ? CblasUpper : CblasLower, CblasNoTrans, CblasNonUnit, p.ib(),
                    m, 1f, tm, nb, w, nb);
            cblas_sgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, p.rows(), m, p.ib(), -1f, v, ldv, w, nb, 1f, cp,
                    c.ld());
        }
        return 0;
    }
}
