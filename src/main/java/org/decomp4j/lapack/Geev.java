package org.decomp4j.lapack;

import static org.bytedeco.openblas.global.openblas.LAPACKE_cgeev_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgeev_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_sgeev_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_zgeev_work;

import org.decomp4j.DType;
import org.decomp4j.NotConvergedException;

/**
 * {@code ?geev}: eigenvalues and, optionally, left and right eigenvectors of a general real
 * n×n matrix ({@code dgeev}, {@code sgeev}).
 *
 * <p>The matrix is balanced first (permuted and scaled, {@code gebal} with JOB=B, which geev
 * always does), reduced to Hessenberg form and then to real Schur form by the QR algorithm.
 * Eigenvalues come as {@code wr + i·wi}, in no particular order; complex ones in conjugate pairs,
 * the one with positive imaginary part first. Vectors are stored the LAPACK way: for a real
 * eigenvalue, column j is its real eigenvector; for a pair {@code (j, j+1)}, the vectors are
 * {@code v(:,j) ± i·v(:,j+1)}. Each vector has Euclidean norm 1 and its largest component real.
 * A is destroyed. Minimal workspace: {@code 3n} ({@code 4n} with vectors).
 *
 * <p>{@link #geevComplex} runs the complex twins ({@code zgeev}, {@code cgeev}) on a complex A:
 * the n eigenvalues come as one complex vector W, the eigenvectors are complex columns directly
 * (each of norm 1, its largest component real), and a real workspace {@code RWORK} of {@code 2n}
 * elements is taken besides {@code WORK} (minimal {@code LWORK}: {@code 2n}; both from zgeev's
 * documentation). Calls with {@code n² ≥ }{@link Getrf#SINGLE_THREAD_ELEMENTS} run on a
 * {@link DeepStack} thread.
 */
public final class Geev {
    private static final String[] ARGS = {
        "JOBVL", "JOBVR", "N", "A", "LDA", "WR", "WI", "VL", "LDVL", "VR", "LDVR", "WORK", "LWORK", "INFO"};

    private static final String[] COMPLEX_ARGS = {
        "JOBVL", "JOBVR", "N", "A", "LDA", "W", "VL", "LDVL", "VR", "LDVR", "WORK", "LWORK", "RWORK", "INFO"};

    private Geev() {
    }

    /** LAPACK's minimal {@code LWORK}: {@code max(1, 3n)}, {@code 4n} when any vectors are wanted. */
    public static long minimalWork(boolean vectors, long n) {
        return Math.max(1, (vectors ? 4 : 3) * n);
    }

    /** Minimal {@code LWORK} for dtype t: as above for a real one, {@code max(1, 2n)} complex elements for zgeev/cgeev. */
    public static long minimalWork(DType t, boolean vectors, long n) {
        return t.isComplex() ? Math.max(1, 2 * n) : minimalWork(vectors, n);
    }

    private static void job(String r, char j, String arg) {
        if (j != 'V' && j != 'N') {
            throw new IllegalArgumentException(r + ": " + arg + " must be V or N; got '" + j + "'");
        }
    }

    /** LAPACK's preferred {@code LWORK}, never below the minimum. */
    public static long query(DType t, char jobvl, char jobvr, int n) {
        String r = Lapack.name(t, "geev");
        job(r, jobvl, "JOBVL");
        job(r, jobvr, "JOBVR");
        long min = minimalWork(t, jobvl == 'V' || jobvr == 'V', n);
        Lapack.int32(r, "minimal workspace (LWORK)", min);
        if (n <= 1) {
            return min;
        }
        return QueryCache.get(r, jobvl, jobvr, n, n, 0, () -> {
            OpenBlas.ensureLoaded();
            // element 0 receives the answer (a complex one in its real part); element 1 stands in for the arrays
            try (NativeBuffer one = NativeBuffer.allocate(t, 2); NativeBuffer rw = NativeBuffer.allocate(t.real(), 1);
                 NativeBuffer.Pin held = NativeBuffer.pin(one, rw)) {
                byte jl = (byte) jobvl;
                byte jr = (byte) jobvr;
                int info = switch (t) {
                    case F64 -> LAPACKE_dgeev_work(Lapack.COL_MAJOR, jl, jr, n, one.d(1), n, one.d(1), one.d(1),
                            one.d(1), n, one.d(1), n, one.d(0), -1);
                    case F32 -> LAPACKE_sgeev_work(Lapack.COL_MAJOR, jl, jr, n, one.f(1), n, one.f(1), one.f(1),
                            one.f(1), n, one.f(1), n, one.f(0), -1);
                    case C128 -> LAPACKE_zgeev_work(Lapack.COL_MAJOR, jl, jr, n, one.d(1), n, one.d(1), one.d(1), n,
                            one.d(1), n, one.d(0), -1, rw.d(0));
                    case C64 -> LAPACKE_cgeev_work(Lapack.COL_MAJOR, jl, jr, n, one.f(1), n, one.f(1), one.f(1), n,
                            one.f(1), n, one.f(0), -1, rw.f(0));
                };
                Lapack.checkArgs(r, info, t.isComplex() ? COMPLEX_ARGS : ARGS);
                return Lapack.lwork(r, t, one.get(0), min);
            }
        });
    }

    /**
     * Runs {@code ?geev}.
     *
     * @param a  the n×n input, destroyed
     * @param wr receives the real parts of the n eigenvalues
     * @param wi receives the imaginary parts
     * @param vl n×n left eigenvectors ({@code uᴴ·A = λ·uᴴ}) with {@code jobvl = 'V'}, else null
     * @param vr n×n right eigenvectors ({@code A·v = λ·v}) with {@code jobvr = 'V'}, else null
     * @throws NotConvergedException if the QR algorithm did not find every eigenvalue
     */
    public static void geev(char jobvl, char jobvr, Block a, NativeBuffer wr, NativeBuffer wi, Block vl, Block vr,
                            NativeBuffer work, long lwork) {
        DType t = a.dtype();
        String r = Lapack.realName(t, "geev"); // complex A: geevComplex
        job(r, jobvl, "JOBVL");
        job(r, jobvr, "JOBVR");
        if (a.rows() != a.cols()) {
            throw new IllegalArgumentException(r + ": A must be square, got " + a.rows() + "×" + a.cols());
        }
        a.buffer().checkOpen();
        int n = a.rows();
        NativeBuffer.Kind kind = NativeBuffer.Kind.of(t);
        Lapack.vector(r, "WR", wr, kind, n);
        Lapack.vector(r, "WI", wi, kind, n);
        boolean left = jobvl == 'V';
        boolean right = jobvr == 'V';
        if (left) {
            Lapack.shape(r, "VL", vl, t, n, n);
        }
        if (right) {
            Lapack.shape(r, "VR", vr, t, n, n);
        }
        long min = minimalWork(left || right, n);
        if (lwork < min) {
            throw new IllegalArgumentException(r + ": LWORK " + lwork + " below the minimum " + min);
        }
        Lapack.int32(r, "LWORK", lwork);
        Lapack.vector(r, "WORK", work, kind, lwork);
        if (n == 0) {
            return;
        }
        OpenBlas.ensureLoaded();
        int ldvl = left ? vl.ld() : 1;
        int ldvr = right ? vr.ld() : 1;
        DeepStack.IntCall call = () -> t == DType.F64
                ? LAPACKE_dgeev_work(Lapack.COL_MAJOR, (byte) jobvl, (byte) jobvr, n, a.buffer().d(a.offset()), a.ld(),
                        wr.d(0), wi.d(0), left ? vl.buffer().d(vl.offset()) : wr.d(0), ldvl,
                        right ? vr.buffer().d(vr.offset()) : wr.d(0), ldvr, work.d(0), (int) lwork)
                : LAPACKE_sgeev_work(Lapack.COL_MAJOR, (byte) jobvl, (byte) jobvr, n, a.buffer().f(a.offset()), a.ld(),
                        wr.f(0), wi.f(0), left ? vl.buffer().f(vl.offset()) : wr.f(0), ldvl,
                        right ? vr.buffer().f(vr.offset()) : wr.f(0), ldvr, work.f(0), (int) lwork);
        int info;
        try (NativeBuffer.Pin pin = NativeBuffer.pin(a).and(wr).and(wi).and(vl).and(vr).and(work)) {
            info = DeepStack.runFrom((long) n * n, Getrf.SINGLE_THREAD_ELEMENTS, call);
        }
        if (Lapack.checkArgs(r, info, ARGS) > 0) {
            throw notConverged(r, n, info, "balancing differently or scaling the matrix");
        }
    }

    /**
     * Runs {@code zgeev}/{@code cgeev} on a complex A.
     *
     * @param a     the n×n complex input, destroyed
     * @param w     receives the n complex eigenvalues (a buffer of A's dtype)
     * @param vl    n×n complex left eigenvectors with {@code jobvl = 'V'}, else null
     * @param vr    n×n complex right eigenvectors with {@code jobvr = 'V'}, else null
     * @param work  at least {@code lwork} complex elements
     * @param lwork at least {@link #minimalWork(DType, boolean, long)}
     * @param rwork at least {@code 2n} real elements (A's real dtype)
     * @throws NotConvergedException if the QR algorithm did not find every eigenvalue
     */
    public static void geevComplex(char jobvl, char jobvr, Block a, NativeBuffer w, Block vl, Block vr,
                                   NativeBuffer work, long lwork, NativeBuffer rwork) {
        DType t = a.dtype();
        String r = Lapack.name(t, "geev");
        if (!t.isComplex()) {
            throw new IllegalArgumentException(r + ": geevComplex takes a complex A; use geev for " + t);
        }
        job(r, jobvl, "JOBVL");
        job(r, jobvr, "JOBVR");
        if (a.rows() != a.cols()) {
            throw new IllegalArgumentException(r + ": A must be square, got " + a.rows() + "×" + a.cols());
        }
        a.buffer().checkOpen();
        int n = a.rows();
        Lapack.vector(r, "W", w, NativeBuffer.Kind.of(t), n);
        boolean left = jobvl == 'V';
        boolean right = jobvr == 'V';
        if (left) {
            Lapack.shape(r, "VL", vl, t, n, n);
        }
        if (right) {
            Lapack.shape(r, "VR", vr, t, n, n);
        }
        long min = minimalWork(t, left || right, n);
        if (lwork < min) {
            throw new IllegalArgumentException(r + ": LWORK " + lwork + " below the minimum " + min);
        }
        Lapack.int32(r, "LWORK", lwork);
        Lapack.vector(r, "WORK", work, NativeBuffer.Kind.of(t), lwork);
        Lapack.vector(r, "RWORK", rwork, NativeBuffer.Kind.of(t.real()), Math.max(1, 2L * n));
        if (n == 0) {
            return;
        }
        OpenBlas.ensureLoaded();
        int ldvl = left ? vl.ld() : 1;
        int ldvr = right ? vr.ld() : 1;
        byte jl = (byte) jobvl;
        byte jr = (byte) jobvr;
        int lw = (int) lwork;
        DeepStack.IntCall call = () -> t == DType.C128
                ? LAPACKE_zgeev_work(Lapack.COL_MAJOR, jl, jr, n, a.buffer().d(a.offset()), a.ld(), w.d(0),
                        left ? vl.buffer().d(vl.offset()) : w.d(0), ldvl, right ? vr.buffer().d(vr.offset()) : w.d(0),
                        ldvr, work.d(0), lw, rwork.d(0))
                : LAPACKE_cgeev_work(Lapack.COL_MAJOR, jl, jr, n, a.buffer().f(a.offset()), a.ld(), w.f(0),
                        left ? vl.buffer().f(vl.offset()) : w.f(0), ldvl, right ? vr.buffer().f(vr.offset()) : w.f(0),
                        ldvr, work.f(0), lw, rwork.f(0));
        int info;
        try (NativeBuffer.Pin pin = NativeBuffer.pin(a).and(w).and(vl).and(vr).and(work).and(rwork)) {
            info = DeepStack.runFrom((long) n * n, Getrf.SINGLE_THREAD_ELEMENTS, call);
        }
        if (Lapack.checkArgs(r, info, COMPLEX_ARGS) > 0) {
            throw notConverged(r, n, info, "scaling the matrix");
        }
    }

    /** A positive info of ?geev: the QR algorithm left eigenvalues 1..info unconverged. */
    private static NotConvergedException notConverged(String routine, int n, int info, String remedy) {
        return new NotConvergedException(routine, info, String.format(
                "%s: the QR algorithm did not compute every eigenvalue of the %d×%d matrix (only %d..%d converged,"
                        + " 1-based); try %s", routine, n, n, info + 1, n, remedy));
    }
}
