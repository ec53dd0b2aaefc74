package org.decomp4j.lapack;

import static org.bytedeco.openblas.global.openblas.LAPACKE_dgeqrt_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dlarfb_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dlaset_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_sgeqrt_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_slarfb_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_slaset_work;

import org.decomp4j.DType;

/**
 * Householder QR in blocks of the caller's size with the blocks' triangular factors kept, and Q
 * formed from them by block reflectors: real dtypes.
 *
 * <table>
 * <caption>routines wrapped</caption>
 * <tr><th>method</th><th>F64</th><th>F32</th><th>does</th></tr>
 * <tr><td>{@link #geqrt}</td><td>dgeqrt</td><td>sgeqrt</td>
 *     <td>{@code A = Q·R} as {@code geqrf} leaves it (R above the diagonal, the same reflectors
 *     below), plus each block's T with {@code H(i)···H(i+nb−1) = I − V·T·Vᵀ}</td></tr>
 * <tr><td>{@link #formQ}</td><td>dlaset, dlarfb</td><td>slaset, slarfb</td>
 *     <td>the first columns of {@code Q = H(1)···H(k)}, as {@code orgqr} forms them</td></tr>
 * <tr><td>{@link #applyQ}</td><td>dlarfb</td><td>slarfb</td>
 *     <td>{@code C ← Q·C}, as {@code ormqr('L', 'N')} does</td></tr>
 * <tr><td>{@link #applyQTransposedFromRight}</td><td>dlarfb</td><td>slarfb</td>
 *     <td>{@code C ← C·Qᵀ}, as {@code ormqr('R', 'T')} does</td></tr>
 * <tr><td>{@link #zero}</td><td>dlaset</td><td>slaset</td><td>fills a block with zeros</td></tr>
 * </table>
 *
 * <p>Why not {@code geqrf} + {@code orgqr}: their panels are level-2 BLAS ({@code geqr2},
 * {@code org2r}) in blocks of the 32 that {@code ILAENV} fixes, and OpenBLAS 0.3.31 runs them on
 * two threads at little more than one thread's speed. {@code geqrt}'s panel is recursive
 * ({@code geqrt3}: matrix products only) and its block size is ours; Q formed backwards by
 * {@code larfb} in the same blocks is matrix products throughout. Measured here (2 OpenBLAS
 * threads, float64, medians): 2048×2048 {@code geqrf} 333 ms, {@code geqrt} (nb 128) 244 ms;
 * {@code orgqr} 310 ms, {@link #formQ} 206 ms; 4000×500 77 / 45 ms and 76 / 33 ms.
 *
 * <p>Every call validates shapes and workspace first; LAPACK's negative {@code info} becomes an
 * {@code IllegalArgumentException} naming the routine and argument. Calls from
 * {@link DeepStack#ELEMENTS} elements run on a {@link DeepStack} thread.
 */
public final class Geqrt {
    private static final String[] GEQRT_ARGS = {"M", "N", "NB", "A", "LDA", "T", "LDT", "WORK", "INFO"};
    private static final String[] LARFB_ARGS = {
        "SIDE", "TRANS", "DIRECT", "STOREV", "M", "N", "K", "V", "LDV", "T", "LDT", "C", "LDC", "WORK", "LDWORK"};
    private static final String[] LASET_ARGS = {"UPLO", "M", "N", "ALPHA", "BETA", "A", "LDA"};

    private Geqrt() {
    }

    private static void real(String r, DType t) {
        if (t.isComplex()) {
            throw new IllegalArgumentException(r + ": real dtypes only, got " + t);
        }
    }

    /** Elements of workspace {@link #geqrt} needs for an m×n matrix in blocks of nb: {@code nb·n}. */
    public static long geqrtWork(int n, int nb) {
        return Math.max(1L, (long) nb * n);
    }

    /** Elements of workspace {@link #formQ} needs for a Q of qc columns in blocks of nb: {@code qc·nb}. */
    public static long formQWork(int qc, int nb) {
        return Math.max(1L, (long) qc * nb);
    }

    /**
     * QR in place in blocks of {@code nb} columns: {@code R} on and above the diagonal of
     * {@code a}, the reflectors below it (as {@code geqrf} stores them), and in {@code t}
     * ({@code nb × k}, k = min(m, n)) each block's upper triangular factor: block {@code b}
     * (columns {@code b·nb} to {@code b·nb + ib − 1}, ib = min(nb, k − b·nb)) in
     * {@code t[0:ib, b·nb : b·nb + ib]}. Its diagonal holds the reflectors' τ.
     *
     * @param a    m×n, overwritten
     * @param nb   block size, 1 ≤ nb ≤ min(m, n) (any value when the matrix is empty)
     * @param t    nb × k block of a's dtype
     * @param work at least {@link #geqrtWork}{@code (n, nb)} elements
     */
    public static void geqrt(Block a, int nb, Block t, NativeBuffer work) {
        DType dt = a.dtype();
        String r = Lapack.name(dt, "geqrt");
        real(r, dt);
        int m = a.rows();
        int n = a.cols();
        int k = Math.min(m, n);
        a.buffer().checkOpen();
        if (k == 0) {
            return;
        }
        if (nb < 1 || nb > k) {
            throw new IllegalArgumentException(r + ": NB must be in 1.." + k + ", got " + nb);
        }
        Lapack.shape(r, "T", t, dt, nb, k);
        Lapack.vector(r, "WORK", work, NativeBuffer.Kind.of(dt), geqrtWork(n, nb));
        t.buffer().checkOpen();
        OpenBlas.ensureLoaded();
        int info;
        try (NativeBuffer.Pin pin = NativeBuffer.pin(a).and(t).and(work)) {
            info = DeepStack.runFrom((long) m * n, DeepStack.ELEMENTS,
                    () -> geqrtCall(m, n, nb, a.buffer(), a.offset(), a.ld(), t.buffer(), t.offset(), t.ld(), work, 0));
        }
        Lapack.checkArgs(r, info, GEQRT_ARGS);
    }

    /**
     * Overwrites {@code q} (m × qc, k ≤ qc ≤ m) with the first qc columns of
     * {@code Q = H(1)···H(k)}, the reflectors and factors {@link #geqrt} left in {@code v} and
     * {@code t} with the same {@code nb}: Q starts as the identity's first qc columns and the
     * blocks are applied last to first ({@code larfb}), block {@code b} only to the rows and
     * columns from {@code b·nb} on, which is all it changes.
     *
     * @param v    m × n' (n' ≥ k) holding the reflectors below its diagonal; read only
     * @param k    reflectors, 0 ≤ k ≤ min(m, n')
     * @param nb   the block size {@code geqrt} used (1 ≤ nb ≤ k when k &gt; 0)
     * @param t    nb × k', k' ≥ k: the factors from {@code geqrt}
     * @param q    m × qc, overwritten; must not overlap {@code v}
     * @param work at least {@link #formQWork}{@code (qc, nb)} elements
     */
    public static void formQ(Block v, int k, int nb, Block t, Block q, NativeBuffer work) {
        DType dt = v.dtype();
        String r = Lapack.name(dt, "larfb");
        real(r, dt);
        int m = v.rows();
        int qc = q.cols();
        if (k < 0 || k > Math.min(m, v.cols())) {
            throw new IllegalArgumentException(String.format(
                    "%s: k = %d reflectors do not fit the %d×%d block V", r, k, m, v.cols()));
        }
        if (qc < k || qc > m) {
            throw new IllegalArgumentException(String.format("%s: Q must have k ≤ columns ≤ m; got %d×%d, k=%d, m=%d",
                    r, q.rows(), qc, k, m));
        }
        Lapack.shape(r, "Q", q, dt, m, qc);
        v.buffer().checkOpen();
        q.buffer().checkOpen();
        if (k > 0) {
            checkFactors(r, dt, k, nb, t);
            Lapack.vector(r, "WORK", work, NativeBuffer.Kind.of(dt), formQWork(qc, nb));
        }
        if (m == 0 || qc == 0) {
            return;
        }
        OpenBlas.ensureLoaded();
        int[] failed = new int[2];
        try (NativeBuffer.Pin pin = NativeBuffer.pin(v).and(t).and(q).and(work)) {
            DeepStack.runFrom((long) m * qc, DeepStack.ELEMENTS, () -> {
                int info = laset(q, 0.0, 1.0);
                if (info != 0) {
                    failed[0] = 1;
                    failed[1] = info;
                    return info;
                }
                // block b changes only rows and columns from b·nb on: Q's columns before it are still e_j there
                return blocksBackward(Mode.FORM_Q, v, k, nb, t, q, work, failed);
            });
        }
        report(dt, failed);
    }

    /**
     * {@code C ← Q·C} in place, {@code Q = H(1)···H(k)} from the reflectors and factors
     * {@link #geqrt} left in {@code v} and {@code t} with the same {@code nb}: the blocks applied
     * last to first ({@code larfb}), block {@code b} to the rows of C from {@code b·nb} on.
     *
     * @param v    m × n' (n' ≥ k) holding the reflectors below its diagonal; read only
     * @param k    reflectors, 0 ≤ k ≤ min(m, n')
     * @param nb   the block size {@code geqrt} used (1 ≤ nb ≤ k when k &gt; 0)
     * @param t    nb × k', k' ≥ k: the factors from {@code geqrt}
     * @param c    m × nc, overwritten; must not overlap {@code v}
     * @param work at least {@link #formQWork}{@code (nc, nb)} elements
     */
    public static void applyQ(Block v, int k, int nb, Block t, Block c, NativeBuffer work) {
        apply(Mode.LEFT, v, k, nb, t, c, work);
    }

    /**
     * {@code C ← C·Qᵀ} in place, {@code Q = H(1)···H(k)} (n×n) from the reflectors and factors
     * {@link #geqrt} left in {@code v} (n × k') and {@code t} with the same {@code nb}:
     * {@code Qᵀ} is the blocks' transposes last to first, so the last block is applied first
     * ({@code larfb('R', 'T')}), block {@code b} to the columns of C from {@code b·nb} on.
     *
     * @param v    n × n' (n' ≥ k) holding the reflectors below its diagonal; read only
     * @param k    reflectors, 0 ≤ k ≤ min(n, n')
     * @param nb   the block size {@code geqrt} used (1 ≤ nb ≤ k when k &gt; 0)
     * @param t    nb × k', k' ≥ k: the factors from {@code geqrt}
     * @param c    mc × n, overwritten; must not overlap {@code v}
     * @param work at least {@link #formQWork}{@code (mc, nb)} elements
     */
    public static void applyQTransposedFromRight(Block v, int k, int nb, Block t, Block c, NativeBuffer work) {
        apply(Mode.RIGHT_TRANSPOSED, v, k, nb, t, c, work);
    }

    /** How {@link #blocksBackward} applies the blocks. */
    private enum Mode {
        /** {@code Q·C} from the left, block b to the rows and columns of C from b·nb on (C starts as I). */
        FORM_Q,
        /** {@code Q·C} from the left, block b to the rows of C from b·nb on. */
        LEFT,
        /** {@code C·Qᵀ} from the right, block b to the columns of C from b·nb on. */
        RIGHT_TRANSPOSED
    }

    /** {@link #applyQ} and {@link #applyQTransposedFromRight}: the checks, then the blocks on a deep stack. */
    private static void apply(Mode mode, Block v, int k, int nb, Block t, Block c, NativeBuffer work) {
        DType dt = v.dtype();
        String r = Lapack.name(dt, "larfb");
        real(r, dt);
        int n = v.rows(); // the order of Q: C's rows from the left, its columns from the right
        boolean left = mode != Mode.RIGHT_TRANSPOSED;
        int other = left ? c.cols() : c.rows();
        if (k < 0 || k > Math.min(n, v.cols())) {
            throw new IllegalArgumentException(String.format(
                    "%s: k = %d reflectors do not fit the %d×%d block V", r, k, n, v.cols()));
        }
        Lapack.shape(r, "C", c, dt, left ? n : other, left ? other : n);
        v.buffer().checkOpen();
        c.buffer().checkOpen();
        if (k == 0 || other == 0) {
            return;
        }
        checkFactors(r, dt, k, nb, t);
        Lapack.vector(r, "WORK", work, NativeBuffer.Kind.of(dt), formQWork(other, nb));
        OpenBlas.ensureLoaded();
        int[] failed = new int[2];
        try (NativeBuffer.Pin pin = NativeBuffer.pin(v).and(t).and(c).and(work)) {
            DeepStack.runFrom((long) n * other, DeepStack.ELEMENTS, () -> blocksBackward(mode, v, k, nb, t, c, work, failed));
        }
        report(dt, failed);
    }

    /** Sets every element of the real block {@code c} to zero ({@code laset}). */
    public static void zero(Block c) {
        DType dt = c.dtype();
        real(Lapack.name(dt, "laset"), dt);
        c.buffer().checkOpen();
        if (c.rows() == 0 || c.cols() == 0) {
            return;
        }
        OpenBlas.ensureLoaded();
        int info;
        try (NativeBuffer.Pin pin = NativeBuffer.pin(c)) {
            info = laset(c, 0.0, 0.0);
        }
        Lapack.checkArgs(Lapack.name(dt, "laset"), info, LASET_ARGS);
    }

    private static void checkFactors(String r, DType dt, int k, int nb, Block t) {
        if (nb < 1 || nb > k) {
            throw new IllegalArgumentException(r + ": NB must be in 1.." + k + ", got " + nb);
        }
        if (t == null || t.dtype() != dt || t.rows() != nb || t.cols() < k) {
            throw new IllegalArgumentException(String.format("%s: T must be %d×(≥%d) %s, got %s", r, nb, k, dt,
                    t == null ? "none" : t.rows() + "×" + t.cols() + " " + t.dtype()));
        }
        t.buffer().checkOpen();
    }

    /** {@code laset('A')} on a pinned real block: {@code alpha} off the diagonal, {@code beta} on it. */
    private static int laset(Block c, double alpha, double beta) {
        return c.dtype() == DType.F64
                ? LAPACKE_dlaset_work(Lapack.COL_MAJOR, (byte) 'A', c.rows(), c.cols(), alpha, beta,
                        c.buffer().d(c.offset()), c.ld())
                : LAPACKE_slaset_work(Lapack.COL_MAJOR, (byte) 'A', c.rows(), c.cols(), (float) alpha, (float) beta,
                        c.buffer().f(c.offset()), c.ld());
    }

    /**
     * The blocks of reflectors applied last to first to the pinned {@code c} as {@code mode} says.
     * Records a failing call's info in {@code failed}.
     */
    private static int blocksBackward(Mode mode, Block v, int k, int nb, Block t, Block c, NativeBuffer work,
                                      int[] failed) {
        int n = v.rows();
        for (int j0 = (k - 1) / nb * nb; j0 >= 0 && k > 0; j0 -= nb) {
            int ib = Math.min(nb, k - j0);
            int info;
            if (mode == Mode.RIGHT_TRANSPOSED) {
                int mc = c.rows();
                info = larfb('R', 'T', 'C', mc, n - j0, ib, v.buffer(), v.index(j0, j0), v.ld(), t.buffer(),
                        t.index(0, j0), t.ld(), c.buffer(), c.index(0, j0), c.ld(), work, 0, mc);
            } else {
                int c0 = mode == Mode.FORM_Q ? j0 : 0;
                int cols = c.cols() - c0;
                info = larfb('L', 'N', 'C', n - j0, cols, ib, v.buffer(), v.index(j0, j0), v.ld(), t.buffer(),
                        t.index(0, j0), t.ld(), c.buffer(), c.index(j0, c0), c.ld(), work, 0, Math.max(1, cols));
            }
            if (info != 0) {
                failed[0] = 2;
                failed[1] = info;
                return info;
            }
        }
        return 0;
    }

    /**
     * {@code ?geqrt} on pinned buffers of a real dtype, by offsets and leading dimensions: the one
     * place the F64/F32 call is written ({@link #geqrt}, {@link TwoStageValues}). No checks.
     */
    static int geqrtCall(int m, int n, int nb, NativeBuffer a, long ao, int lda, NativeBuffer t, long to, int ldt,
                         NativeBuffer work, long wo) {
        return a.kind() == NativeBuffer.Kind.F64
                ? LAPACKE_dgeqrt_work(Lapack.COL_MAJOR, m, n, nb, a.d(ao), lda, t.d(to), ldt, work.d(wo))
                : LAPACKE_sgeqrt_work(Lapack.COL_MAJOR, m, n, nb, a.f(ao), lda, t.f(to), ldt, work.f(wo));
    }

    /**
     * {@code ?larfb} (forward, on pinned buffers of a real dtype, by offsets and leading dimensions):
     * the one place the F64/F32 call is written ({@link Geqrt}'s blocks, {@link TwoStageValues}). No checks.
     */
    static int larfb(char side, char trans, char storev, int m, int n, int k, NativeBuffer v, long vo, int ldv,
                     NativeBuffer t, long to, int ldt, NativeBuffer c, long co, int ldc, NativeBuffer work, long wo,
                     int ldwork) {
        return v.kind() == NativeBuffer.Kind.F64
                ? LAPACKE_dlarfb_work(Lapack.COL_MAJOR, (byte) side, (byte) trans, (byte) 'F', (byte) storev, m, n, k,
                        v.d(vo), ldv, t.d(to), ldt, c.d(co), ldc, work.d(wo), ldwork)
                : LAPACKE_slarfb_work(Lapack.COL_MAJOR, (byte) side, (byte) trans, (byte) 'F', (byte) storev, m, n, k,
                        v.f(vo), ldv, t.f(to), ldt, c.f(co), ldc, work.f(wo), ldwork);
    }

    private static void report(DType dt, int[] failed) {
        if (failed[0] == 1) {
            Lapack.checkArgs(Lapack.name(dt, "laset"), failed[1], LASET_ARGS);
        } else if (failed[0] == 2) {
            Lapack.checkArgs(Lapack.name(dt, "larfb"), failed[1], LARFB_ARGS);
        }
    }
}
