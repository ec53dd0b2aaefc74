package org.decomp4j.lapack;

import static org.bytedeco.openblas.global.openblas.LAPACKE_dsyevd_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dsyevr_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dsygvd_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_ssyevd_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_ssyevr_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_ssygvd_work;

import org.decomp4j.DType;
import org.decomp4j.NotConvergedException;
import org.decomp4j.NotPositiveDefiniteException;

/**
 * Symmetric eigenproblems of real matrices: {@code A = V·Λ·Vᵀ} and the generalized
 * symmetric-definite {@code A·x = λ·B·x}.
 *
 * <table>
 * <caption>routines wrapped</caption>
 * <tr><th>method</th><th>F64</th><th>F32</th><th>does</th><th>minimal workspace (n &gt; 1)</th></tr>
 * <tr><td>{@link #syevd}</td><td>dsyevd</td><td>ssyevd</td><td>all eigenvalues, vectors by divide and
 *     conquer; A overwritten by V</td><td>JOBZ=V: {@code 1 + 6n + 2n²} floating, {@code 3 + 5n} int;
 *     JOBZ=N: {@code 2n + 1}, 1</td></tr>
 * <tr><td>{@link #syevr}</td><td>dsyevr</td><td>ssyevr</td><td>all or a subset (index range or value
 *     interval) by MRRR; vectors into Z</td><td>{@code 26n} floating, {@code 10n} int</td></tr>
 * <tr><td>{@link #sygvd}</td><td>dsygvd</td><td>ssygvd</td><td>{@code A·x = λ·B·x}, B positive
 *     definite (ITYPE=1); A overwritten by the B-orthonormal X, B by its Cholesky factor</td>
 *     <td>as syevd</td></tr>
 * </table>
 * Workspace sizes are those of LAPACK's documentation of each routine. {@code uplo} ('L' or 'U')
 * names the triangle of A (and B) that is read; the other is not referenced. Eigenvalues come back
 * ascending. The Hermitian twins ({@code heevd}, {@code heevr}, {@code hegvd}) belong beside these
 * as z/c methods of this class once complex storage exists.
 *
 * <p>Every call on an n×n matrix with {@code n² ≥ }{@link Getrf#SINGLE_THREAD_ELEMENTS} runs on a
 * {@link DeepStack} thread: these drivers call OpenBLAS's parallel kernels ({@code sygvd} calls
 * its {@code potrf}), and a parallel OpenBLAS call on a default-stack Java thread can overrun it.
 */
public final class Syev {
    private static final String[] SYEVD_ARGS = {
        "JOBZ", "UPLO", "N", "A", "LDA", "W", "WORK", "LWORK", "IWORK", "LIWORK", "INFO"};
    private static final String[] SYEVR_ARGS = {
        "JOBZ", "RANGE", "UPLO", "N", "A", "LDA", "VL", "VU", "IL", "IU", "ABSTOL", "M", "W", "Z", "LDZ", "ISUPPZ",
        "WORK", "LWORK", "IWORK", "LIWORK", "INFO"};
    private static final String[] SYGVD_ARGS = {
        "ITYPE", "JOBZ", "UPLO", "N", "A", "LDA", "B", "LDB", "W", "WORK", "LWORK", "IWORK", "LIWORK", "INFO"};

    /** Floating and integer workspace lengths, in elements. */
    public record Sizes(long lwork, long liwork) {
        /** Bytes of both at the element size of {@code t}. */
        public long bytes(DType t) {
            return lwork * t.bytes() + liwork * Integer.BYTES;
        }
    }

    private Syev() {
    }

    // ------------------------------------------------------------------ sizes (pure)

    /** Minimal syevd (and sygvd) workspace for {@code jobz} and order n, in 64 bits. */
    public static Sizes syevdMinimal(char jobz, long n) {
        job(jobz);
        if (n <= 1) {
            return new Sizes(1, 1);
        }
        return jobz == 'V' ? new Sizes(1 + 6 * n + 2 * n * n, 3 + 5 * n) : new Sizes(2 * n + 1, 1);
    }

    /** Minimal syevr workspace for order n (any JOBZ, any RANGE), in 64 bits. */
    public static Sizes syevrMinimal(long n) {
        return new Sizes(Math.max(1, 26 * n), Math.max(1, 10 * n));
    }

    private static void job(char jobz) {
        if (jobz != 'V' && jobz != 'N') {
            throw new IllegalArgumentException("syev: JOBZ must be V or N; got '" + jobz + "'");
        }
    }

    private static void uplo(String r, char uplo) {
        if (uplo != 'L' && uplo != 'U') {
            throw new IllegalArgumentException(r + ": UPLO must be L or U; got '" + uplo + "'");
        }
    }

    private static int square(String r, String arg, Block a) {
        if (a == null) {
            throw new IllegalArgumentException(r + ": " + arg + " is required");
        }
        if (a.rows() != a.cols()) {
            throw new IllegalArgumentException(r + ": " + arg + " must be square, got " + a.rows() + "×" + a.cols());
        }
        a.buffer().checkOpen();
        return a.rows();
    }

    // ------------------------------------------------------------------ queries

    /**
     * LAPACK's preferred syevd workspace ({@code LWORK = LIWORK = -1}), never below the minimum.
     *
     * @throws IllegalArgumentException if the minimum exceeds LAPACK's 32-bit integers
     */
    public static Sizes syevdQuery(DType t, char jobz, int n) {
        return query(t, "syevd", jobz, ' ', n, syevdMinimal(jobz, n));
    }

    /** LAPACK's preferred sygvd workspace, never below the minimum. */
    public static Sizes sygvdQuery(DType t, char jobz, int n) {
        return query(t, "sygvd", jobz, ' ', n, syevdMinimal(jobz, n));
    }

    /** LAPACK's preferred syevr workspace for {@code jobz} and {@code range} ('A', 'I', 'V'). */
    public static Sizes syevrQuery(DType t, char jobz, char range, int n) {
        job(jobz);
        return query(t, "syevr", jobz, range, n, syevrMinimal(n));
    }

    private static Sizes query(DType t, String base, char jobz, char range, int n, Sizes min) {
        String r = Lapack.name(t, base);
        Lapack.int32(r, "minimal workspace (LWORK)", min.lwork());
        Lapack.int32(r, "minimal integer workspace (LIWORK)", min.liwork());
        if (n <= 1) {
            return min;
        }
        // both lengths fit 31 bits (checked by askLapack): one cache entry holds them, packed
        long packed = QueryCache.get(r, jobz, range, n, 0, 0, () -> {
            long[] q = askLapack(t, base, jobz, range, n, min);
            return (q[0] << 32) | q[1];
        });
        return new Sizes(packed >>> 32, packed & 0xFFFF_FFFFL);
    }

    private static long[] askLapack(DType t, String base, char jobz, char range, int n, Sizes min) {
        String r = Lapack.name(t, base);
        OpenBlas.ensureLoaded();
        try (NativeBuffer one = NativeBuffer.allocate(t, 2); NativeBuffer iw = NativeBuffer.ints(2);
             NativeBuffer.Pin held = NativeBuffer.pin(one, iw)) {
            int info;
            boolean d = t == DType.F64;
            switch (base) {
                case "syevd" -> info = d
                        ? LAPACKE_dsyevd_work(Lapack.COL_MAJOR, (byte) jobz, (byte) 'L', n, one.d(1), n, one.d(1),
                                one.d(0), -1, iw.i(0), -1)
                        : LAPACKE_ssyevd_work(Lapack.COL_MAJOR, (byte) jobz, (byte) 'L', n, one.f(1), n, one.f(1),
                                one.f(0), -1, iw.i(0), -1);
                case "sygvd" -> info = d
                        ? LAPACKE_dsygvd_work(Lapack.COL_MAJOR, 1, (byte) jobz, (byte) 'L', n, one.d(1), n, one.d(1), n,
                                one.d(1), one.d(0), -1, iw.i(0), -1)
                        : LAPACKE_ssygvd_work(Lapack.COL_MAJOR, 1, (byte) jobz, (byte) 'L', n, one.f(1), n, one.f(1), n,
                                one.f(1), one.f(0), -1, iw.i(0), -1);
                case "syevr" -> info = d
                        ? LAPACKE_dsyevr_work(Lapack.COL_MAJOR, (byte) jobz, (byte) range, (byte) 'L', n, one.d(1), n,
                                0.0, 1.0, 1, n, 0.0, iw.i(1), one.d(1), one.d(1), n, iw.i(1), one.d(0), -1, iw.i(0), -1)
                        : LAPACKE_ssyevr_work(Lapack.COL_MAJOR, (byte) jobz, (byte) range, (byte) 'L', n, one.f(1), n,
                                0f, 1f, 1, n, 0f, iw.i(1), one.f(1), one.f(1), n, iw.i(1), one.f(0), -1, iw.i(0), -1);
                default -> throw new IllegalStateException(base);
            }
            Lapack.checkArgs(r, info, "syevd".equals(base) ? SYEVD_ARGS : "sygvd".equals(base) ? SYGVD_ARGS : SYEVR_ARGS);
            long lw = Lapack.lwork(r, t, one.get(0), min.lwork());
            long liw = Lapack.int32(r, "integer workspace (LIWORK)", Math.max(iw.getInt(0), min.liwork()));
            return new long[] {lw, liw};
        }
    }

    // ------------------------------------------------------------------ calls

    private static void workspace(String r, DType t, Sizes min, NativeBuffer work, long lwork, NativeBuffer iwork,
                                  long liwork) {
        if (lwork < min.lwork()) {
            throw new IllegalArgumentException(r + ": LWORK " + lwork + " below the minimum " + min.lwork());
        }
        if (liwork < min.liwork()) {
            throw new IllegalArgumentException(r + ": LIWORK " + liwork + " below the minimum " + min.liwork());
        }
        Lapack.int32(r, "LWORK", lwork);
        Lapack.int32(r, "LIWORK", liwork);
        Lapack.vector(r, "WORK", work, NativeBuffer.Kind.of(t), lwork);
        Lapack.vector(r, "IWORK", iwork, NativeBuffer.Kind.I32, liwork);
    }

    private static int deep(int n, DeepStack.IntCall call) {
        return (long) n * n < Getrf.SINGLE_THREAD_ELEMENTS ? call.call() : DeepStack.run(call);
    }

    /**
     * Runs {@code ?syevd}: all eigenvalues of the symmetric n×n {@code a} into {@code w}
     * (ascending), and with {@code jobz = 'V'} the orthonormal eigenvectors into the columns of
     * {@code a}. With {@code 'N'} the {@code uplo} triangle of {@code a} is destroyed.
     *
     * @throws NotConvergedException if the tridiagonal eigensolver did not converge
     */
    public static void syevd(char jobz, char uplo, Block a, NativeBuffer w, NativeBuffer work, long lwork,
                             NativeBuffer iwork, long liwork) {
        DType t = a.dtype();
        String r = Lapack.name(t, "syevd");
        job(jobz);
        uplo(r, uplo);
        int n = square(r, "A", a);
        Lapack.vector(r, "W", w, NativeBuffer.Kind.of(t), n);
        workspace(r, t, syevdMinimal(jobz, n), work, lwork, iwork, liwork);
        if (n == 0) {
            return;
        }
        OpenBlas.ensureLoaded();
        int info;
        try (NativeBuffer.Pin pin = NativeBuffer.pin(a).and(w).and(work).and(iwork)) {
            info = deep(n, () -> t == DType.F64
                    ? LAPACKE_dsyevd_work(Lapack.COL_MAJOR, (byte) jobz, (byte) uplo, n, a.buffer().d(a.offset()), a.ld(),
                            w.d(0), work.d(0), (int) lwork, iwork.i(0), (int) liwork)
                    : LAPACKE_ssyevd_work(Lapack.COL_MAJOR, (byte) jobz, (byte) uplo, n, a.buffer().f(a.offset()), a.ld(),
                            w.f(0), work.f(0), (int) lwork, iwork.i(0), (int) liwork));
        }
        if (Lapack.checkArgs(r, info, SYEVD_ARGS) > 0) {
            throw notConverged(r, info, n);
        }
    }

    private static NotConvergedException notConverged(String r, int info, int n) {
        return new NotConvergedException(r, info, String.format(
                "%s: the tridiagonal eigensolver did not converge on the %d×%d matrix (info %d);"
                        + " syevr (MRRR) may succeed, or scale the matrix", r, n, n, info));
    }

    /**
     * Runs {@code ?syevr} on the symmetric n×n {@code a} (its {@code uplo} triangle is destroyed).
     *
     * @param jobz   'V' (vectors into {@code z}) or 'N'
     * @param range  'A' all, 'I' eigenvalues {@code il..iu} (1-based, inclusive, ascending order),
     *               'V' eigenvalues in the half-open interval {@code (vl, vu]}
     * @param w      receives the eigenvalues found (ascending), at least n elements
     * @param z      with 'V': n×n for ranges 'A' and 'V' (the count is not known beforehand),
     *               n×(iu−il+1) for 'I'; null with 'N'
     * @param isuppz at least {@code 2·max(1, columns of z)} ints (support of each vector)
     * @return M, the number of eigenvalues found
     */
    public static int syevr(char jobz, char range, char uplo, Block a, double vl, double vu, int il, int iu,
                            NativeBuffer w, Block z, NativeBuffer isuppz, NativeBuffer work, long lwork,
                            NativeBuffer iwork, long liwork) {
        DType t = a.dtype();
        String r = Lapack.name(t, "syevr");
        job(jobz);
        uplo(r, uplo);
        int n = square(r, "A", a);
        int zcols;
        switch (range) {
            case 'A' -> zcols = n;
            case 'V' -> {
                if (!(vl < vu) || Double.isNaN(vl) || Double.isNaN(vu)) {
                    throw new IllegalArgumentException(r + ": the value interval needs VL < VU, got (" + vl + ", " + vu + "]");
                }
                zcols = n;
            }
            case 'I' -> {
                if (n > 0 ? il < 1 || iu < il || iu > n : il != 1 || iu != 0) {
                    throw new IllegalArgumentException(String.format(
                            "%s: the index range needs 1 ≤ IL ≤ IU ≤ N = %d (1-based), got IL %d, IU %d", r, n, il, iu));
                }
                zcols = iu - il + 1;
            }
            default -> throw new IllegalArgumentException(r + ": RANGE must be A, V or I; got '" + range + "'");
        }
        Lapack.vector(r, "W", w, NativeBuffer.Kind.of(t), n);
        if (jobz == 'V') {
            Lapack.shape(r, "Z", z, t, n, zcols);
        }
        Lapack.vector(r, "ISUPPZ", isuppz, NativeBuffer.Kind.I32, 2L * Math.max(1, zcols));
        workspace(r, t, syevrMinimal(n), work, lwork, iwork, liwork);
        if (n == 0) {
            return 0;
        }
        OpenBlas.ensureLoaded();
        boolean wantZ = jobz == 'V';
        int ldz = wantZ ? z.ld() : 1;
        int info;
        try (NativeBuffer found = NativeBuffer.ints(1);
             NativeBuffer.Pin pin = NativeBuffer.pin(a).and(w).and(z).and(isuppz).and(work).and(iwork).and(found)) {
            info = deep(n, () -> t == DType.F64
                    ? LAPACKE_dsyevr_work(Lapack.COL_MAJOR, (byte) jobz, (byte) range, (byte) uplo, n,
                            a.buffer().d(a.offset()), a.ld(), vl, vu, il, iu, 0.0, found.i(0), w.d(0),
                            wantZ ? z.buffer().d(z.offset()) : w.d(0), ldz, isuppz.i(0), work.d(0), (int) lwork,
                            iwork.i(0), (int) liwork)
                    : LAPACKE_ssyevr_work(Lapack.COL_MAJOR, (byte) jobz, (byte) range, (byte) uplo, n,
                            a.buffer().f(a.offset()), a.ld(), (float) vl, (float) vu, il, iu, 0f, found.i(0), w.f(0),
                            wantZ ? z.buffer().f(z.offset()) : w.f(0), ldz, isuppz.i(0), work.f(0), (int) lwork,
                            iwork.i(0), (int) liwork));
            if (Lapack.checkArgs(r, info, SYEVR_ARGS) > 0) {
                throw new NotConvergedException(r, info, String.format(
                        "%s: internal error in the MRRR eigensolver on the %d×%d matrix (info %d); syevd (divide and"
                                + " conquer) may succeed", r, n, n, info));
            }
            return found.getInt(0);
        }
    }

    /**
     * Runs {@code ?sygvd} with ITYPE=1, {@code A·x = λ·B·x}: eigenvalues into {@code w}
     * (ascending); with {@code 'V'} the eigenvectors, normalised so that {@code XᵀBX = I}, into
     * {@code a}; {@code b} receives its Cholesky factor in the {@code uplo} triangle.
     *
     * @throws NotPositiveDefiniteException if B's leading minor of some order is not positive definite
     * @throws NotConvergedException        if the tridiagonal eigensolver did not converge
     */
    public static void sygvd(char jobz, char uplo, Block a, Block b, NativeBuffer w, NativeBuffer work, long lwork,
                             NativeBuffer iwork, long liwork) {
        DType t = a.dtype();
        String r = Lapack.name(t, "sygvd");
        job(jobz);
        uplo(r, uplo);
        int n = square(r, "A", a);
        Lapack.shape(r, "B", b, t, n, n);
        b.buffer().checkOpen();
        Lapack.vector(r, "W", w, NativeBuffer.Kind.of(t), n);
        workspace(r, t, syevdMinimal(jobz, n), work, lwork, iwork, liwork);
        if (n == 0) {
            return;
        }
        OpenBlas.ensureLoaded();
        int info;
        try (NativeBuffer.Pin pin = NativeBuffer.pin(a).and(b).and(w).and(work).and(iwork)) {
            info = deep(n, () -> t == DType.F64
                    ? LAPACKE_dsygvd_work(Lapack.COL_MAJOR, 1, (byte) jobz, (byte) uplo, n, a.buffer().d(a.offset()),
                            a.ld(), b.buffer().d(b.offset()), b.ld(), w.d(0), work.d(0), (int) lwork, iwork.i(0),
                            (int) liwork)
                    : LAPACKE_ssygvd_work(Lapack.COL_MAJOR, 1, (byte) jobz, (byte) uplo, n, a.buffer().f(a.offset()),
                            a.ld(), b.buffer().f(b.offset()), b.ld(), w.f(0), work.f(0), (int) lwork, iwork.i(0),
                            (int) liwork));
        }
        if (Lapack.checkArgs(r, info, SYGVD_ARGS) > 0) {
            if (info > n) {
                int order = info - n;
                throw new NotPositiveDefiniteException(r, order, String.format(
                        "%s: B is not positive definite: its leading minor of order %d (of %d×%d) is not positive;"
                                + " the generalized symmetric problem needs a positive definite B (or shift it, B + δI)",
                        r, order, n, n));
            }
            throw notConverged(r, info, n);
        }
    }
}
