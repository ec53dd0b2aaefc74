package org.decomp4j.lapack;

import static org.bytedeco.openblas.global.openblas.LAPACKE_cheevd_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_cheevr_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_chegvd_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dsyevd_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dsyevr_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dsygvd_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_ssyevd_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_ssyevr_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_ssygvd_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_zheevd_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_zheevr_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_zhegvd_work;

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
 * ascending.
 *
 * <p>The Hermitian twins run on a complex A (and B): eigenvalues real (a buffer of A's real
 * dtype), eigenvectors complex, and a real workspace {@code RWORK} besides the complex
 * {@code WORK} and the integer {@code IWORK}, all three lengths from one workspace query.
 * <table>
 * <caption>Hermitian routines wrapped</caption>
 * <tr><th>method</th><th>C128</th><th>C64</th><th>minimal LWORK (complex), LRWORK (real), LIWORK (n &gt; 1)</th></tr>
 * <tr><td>{@link #heevd}</td><td>zheevd</td><td>cheevd</td><td>JOBZ=V: {@code 2n + n²},
 *     {@code 1 + 5n + 2n²}, {@code 3 + 5n}; JOBZ=N: {@code n + 1}, {@code n}, 1</td></tr>
 * <tr><td>{@link #heevr}</td><td>zheevr</td><td>cheevr</td><td>{@code 2n}, {@code 24n}, {@code 10n}</td></tr>
 * <tr><td>{@link #hegvd}</td><td>zhegvd</td><td>chegvd</td><td>as heevd</td></tr>
 * </table>
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
    private static final String[] HEEVD_ARGS = {
        "JOBZ", "UPLO", "N", "A", "LDA", "W", "WORK", "LWORK", "RWORK", "LRWORK", "IWORK", "LIWORK", "INFO"};
    private static final String[] HEEVR_ARGS = {
        "JOBZ", "RANGE", "UPLO", "N", "A", "LDA", "VL", "VU", "IL", "IU", "ABSTOL", "M", "W", "Z", "LDZ", "ISUPPZ",
        "WORK", "LWORK", "RWORK", "LRWORK", "IWORK", "LIWORK", "INFO"};
    private static final String[] HEGVD_ARGS = {
        "ITYPE", "JOBZ", "UPLO", "N", "A", "LDA", "B", "LDB", "W", "WORK", "LWORK", "RWORK", "LRWORK", "IWORK",
        "LIWORK", "INFO"};

    /**
     * Workspace lengths, in elements: {@code lwork} of A's dtype (complex for the Hermitian
     * routines), {@code lrwork} real (the Hermitian routines' RWORK; 0 for the real ones) and
     * {@code liwork} ints.
     *
     * @param lwork  WORK elements
     * @param lrwork RWORK elements (real dtype of A), 0 for a real routine
     * @param liwork IWORK elements
     */
    public record Sizes(long lwork, long lrwork, long liwork) {
        /**
         * Lengths of a real routine, which has no RWORK.
         *
         * @param lwork  WORK elements
         * @param liwork IWORK elements
         */
        public Sizes(long lwork, long liwork) {
            this(lwork, 0, liwork);
        }

        /**
         * Bytes of all three for A's dtype {@code t}.
         *
         * @param t A's dtype
         * @return bytes
         */
        public long bytes(DType t) {
            return lwork * t.bytes() + lrwork * t.real().bytes() + liwork * Integer.BYTES;
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

    /**
     * Minimal syevd/sygvd workspace for dtype {@code t}: the real routine's, or for a complex
     * {@code t} heevd's/hegvd's (complex LWORK, real LRWORK, LIWORK), in 64 bits.
     *
     * @param t    A's dtype
     * @param jobz 'V' or 'N'
     * @param n    order
     * @return the minimal lengths
     */
    public static Sizes syevdMinimal(DType t, char jobz, long n) {
        if (!t.isComplex()) {
            return syevdMinimal(jobz, n);
        }
        job(jobz);
        if (n <= 1) {
            return new Sizes(1, 1, 1);
        }
        return jobz == 'V' ? new Sizes(2 * n + n * n, 1 + 5 * n + 2 * n * n, 3 + 5 * n) : new Sizes(n + 1, n, 1);
    }

    /**
     * Minimal syevr workspace for dtype {@code t}: the real routine's, or heevr's for a complex
     * {@code t} ({@code 2n} complex, {@code 24n} real, {@code 10n} ints), in 64 bits.
     *
     * @param t A's dtype
     * @param n order
     * @return the minimal lengths
     */
    public static Sizes syevrMinimal(DType t, long n) {
        if (!t.isComplex()) {
            return syevrMinimal(n);
        }
        return new Sizes(Math.max(1, 2 * n), Math.max(1, 24 * n), Math.max(1, 10 * n));
    }

    private static void job(char jobz) {
        if (jobz != 'V' && jobz != 'N') {
            throw new IllegalArgumentException("syev: JOBZ must be V or N; got '" + jobz + "'");
        }
    }

    // ------------------------------------------------------------------ queries

    /**
     * LAPACK's preferred syevd workspace ({@code LWORK = LIWORK = -1}), never below the minimum.
     *
     * @throws IllegalArgumentException if the minimum exceeds LAPACK's 32-bit integers
     */
    public static Sizes syevdQuery(DType t, char jobz, int n) {
        return query(t, "syevd", jobz, ' ', n, syevdMinimal(t, jobz, n));
    }

    /** LAPACK's preferred sygvd (hegvd for a complex t) workspace, never below the minimum. */
    public static Sizes sygvdQuery(DType t, char jobz, int n) {
        return query(t, "sygvd", jobz, ' ', n, syevdMinimal(t, jobz, n));
    }

    /** LAPACK's preferred syevr (heevr) workspace for {@code jobz} and {@code range} ('A', 'I', 'V'). */
    public static Sizes syevrQuery(DType t, char jobz, char range, int n) {
        job(jobz);
        return query(t, "syevr", jobz, range, n, syevrMinimal(t, n));
    }

    /** The routine's name for dtype t: {@code dsyevd}, or its Hermitian twin {@code zheevd} for a complex t. */
    static String name(DType t, String base) {
        return Lapack.name(t, t.isComplex() ? "he" + base.substring(2) : base);
    }

    private static Sizes query(DType t, String base, char jobz, char range, int n, Sizes min) {
        String r = name(t, base);
        Lapack.int32(r, "minimal workspace (LWORK)", min.lwork());
        Lapack.int32(r, "minimal real workspace (LRWORK)", min.lrwork());
        Lapack.int32(r, "minimal integer workspace (LIWORK)", min.liwork());
        if (n <= 1) {
            return min;
        }
        // every length fits 31 bits (checked by askLapack): one cache entry holds two, packed;
        // the Hermitian routines' LRWORK takes a second entry (the query is asked once per entry)
        long packed = QueryCache.get(r, jobz, range, n, 0, 0, () -> {
            long[] q = askLapack(t, base, jobz, range, n, min);
            return (q[0] << 32) | q[2];
        });
        long lrwork = t.isComplex() ? QueryCache.get(r, jobz, range, n, 1, 0, () -> askLapack(t, base, jobz, range, n,
                min)[1]) : 0;
        return new Sizes(packed >>> 32, lrwork, packed & 0xFFFF_FFFFL);
    }

    /** {lwork, lrwork, liwork} as LAPACK prefers them, never below {@code min}. */
    private static long[] askLapack(DType t, String base, char jobz, char range, int n, Sizes min) {
        String r = name(t, base);
        OpenBlas.ensureLoaded();
        // element 0 of each buffer receives an answer (a complex one in its real part); element 1 stands in for arrays
        try (NativeBuffer one = NativeBuffer.allocate(t, 2); NativeBuffer rw = NativeBuffer.allocate(t.real(), 2);
             NativeBuffer iw = NativeBuffer.ints(2); NativeBuffer.Pin held = NativeBuffer.pin(one, rw, iw)) {
            byte j = (byte) jobz;
            byte l = (byte) 'L';
            int info = switch (base) {
                case "syevd" -> switch (t) {
                    case F64 -> LAPACKE_dsyevd_work(Lapack.COL_MAJOR, j, l, n, one.d(1), n, one.d(1), one.d(0), -1,
                            iw.i(0), -1);
                    case F32 -> LAPACKE_ssyevd_work(Lapack.COL_MAJOR, j, l, n, one.f(1), n, one.f(1), one.f(0), -1,
                            iw.i(0), -1);
                    case C128 -> LAPACKE_zheevd_work(Lapack.COL_MAJOR, j, l, n, one.d(1), n, rw.d(1), one.d(0), -1,
                            rw.d(0), -1, iw.i(0), -1);
                    case C64 -> LAPACKE_cheevd_work(Lapack.COL_MAJOR, j, l, n, one.f(1), n, rw.f(1), one.f(0), -1,
                            rw.f(0), -1, iw.i(0), -1);
                };
                case "sygvd" -> switch (t) {
                    case F64 -> LAPACKE_dsygvd_work(Lapack.COL_MAJOR, 1, j, l, n, one.d(1), n, one.d(1), n, one.d(1),
                            one.d(0), -1, iw.i(0), -1);
                    case F32 -> LAPACKE_ssygvd_work(Lapack.COL_MAJOR, 1, j, l, n, one.f(1), n, one.f(1), n, one.f(1),
                            one.f(0), -1, iw.i(0), -1);
                    case C128 -> LAPACKE_zhegvd_work(Lapack.COL_MAJOR, 1, j, l, n, one.d(1), n, one.d(1), n, rw.d(1),
                            one.d(0), -1, rw.d(0), -1, iw.i(0), -1);
                    case C64 -> LAPACKE_chegvd_work(Lapack.COL_MAJOR, 1, j, l, n, one.f(1), n, one.f(1), n, rw.f(1),
                            one.f(0), -1, rw.f(0), -1, iw.i(0), -1);
                };
                case "syevr" -> {
                    byte g = (byte) range;
                    yield switch (t) {
                        case F64 -> LAPACKE_dsyevr_work(Lapack.COL_MAJOR, j, g, l, n, one.d(1), n, 0.0, 1.0, 1, n, 0.0,
                                iw.i(1), one.d(1), one.d(1), n, iw.i(1), one.d(0), -1, iw.i(0), -1);
                        case F32 -> LAPACKE_ssyevr_work(Lapack.COL_MAJOR, j, g, l, n, one.f(1), n, 0f, 1f, 1, n, 0f,
                                iw.i(1), one.f(1), one.f(1), n, iw.i(1), one.f(0), -1, iw.i(0), -1);
                        case C128 -> LAPACKE_zheevr_work(Lapack.COL_MAJOR, j, g, l, n, one.d(1), n, 0.0, 1.0, 1, n, 0.0,
                                iw.i(1), rw.d(1), one.d(1), n, iw.i(1), one.d(0), -1, rw.d(0), -1, iw.i(0), -1);
                        case C64 -> LAPACKE_cheevr_work(Lapack.COL_MAJOR, j, g, l, n, one.f(1), n, 0f, 1f, 1, n, 0f,
                                iw.i(1), rw.f(1), one.f(1), n, iw.i(1), one.f(0), -1, rw.f(0), -1, iw.i(0), -1);
                    };
                }
                default -> throw new IllegalStateException(base);
            };
            Lapack.checkArgs(r, info, args(t, base));
            long lw = Lapack.lwork(r, t, one.get(0), min.lwork());
            long lrw = t.isComplex() ? Lapack.int32(r, "real workspace (LRWORK)",
                    Lapack.lwork(r, t, rw.get(0), min.lrwork())) : 0;
            long liw = Lapack.int32(r, "integer workspace (LIWORK)", Math.max(iw.getInt(0), min.liwork()));
            return new long[] {lw, lrw, liw};
        }
    }

    private static String[] args(DType t, String base) {
        return switch (base) {
            case "syevd" -> t.isComplex() ? HEEVD_ARGS : SYEVD_ARGS;
            case "sygvd" -> t.isComplex() ? HEGVD_ARGS : SYGVD_ARGS;
            default -> t.isComplex() ? HEEVR_ARGS : SYEVR_ARGS;
        };
    }

    // ------------------------------------------------------------------ calls

    /** Checks LWORK/LIWORK against {@code min} and LAPACK's 32-bit limit, and the buffers' kinds and lengths (also {@code Tridiagonal.stedc}). */
    static void workspace(String r, DType t, Sizes min, NativeBuffer work, long lwork, NativeBuffer iwork,
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
        String r = Lapack.realName(t, "syevd"); // complex A: heevd
        job(jobz);
        Lapack.uplo(r, uplo);
        int n = Lapack.square(r, "A", a);
        Lapack.vector(r, "W", w, NativeBuffer.Kind.of(t), n);
        workspace(r, t, syevdMinimal(jobz, n), work, lwork, iwork, liwork);
        if (n == 0) {
            return;
        }
        OpenBlas.ensureLoaded();
        int info;
        try (NativeBuffer.Pin pin = NativeBuffer.pin(a).and(w).and(work).and(iwork)) {
            info = Lapack.deepFromSquare(n, () -> t == DType.F64
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

    /** Columns of Z for syevr/heevr's RANGE, after checking its bounds. */
    private static int zColumns(String r, char range, int n, double vl, double vu, int il, int iu) {
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
        return zcols;
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
        String r = Lapack.realName(t, "syevr"); // complex A: heevr
        job(jobz);
        Lapack.uplo(r, uplo);
        int n = Lapack.square(r, "A", a);
        int zcols = zColumns(r, range, n, vl, vu, il, iu);
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
            info = Lapack.deepFromSquare(n, () -> t == DType.F64
                    ? LAPACKE_dsyevr_work(Lapack.COL_MAJOR, (byte) jobz, (byte) range, (byte) uplo, n,
                            a.buffer().d(a.offset()), a.ld(), vl, vu, il, iu, 0.0, found.i(0), w.d(0),
                            wantZ ? z.buffer().d(z.offset()) : w.d(0), ldz, isuppz.i(0), work.d(0), (int) lwork,
                            iwork.i(0), (int) liwork)
                    : LAPACKE_ssyevr_work(Lapack.COL_MAJOR, (byte) jobz, (byte) range, (byte) uplo, n,
                            a.buffer().f(a.offset()), a.ld(), (float) vl, (float) vu, il, iu, 0f, found.i(0), w.f(0),
                            wantZ ? z.buffer().f(z.offset()) : w.f(0), ldz, isuppz.i(0), work.f(0), (int) lwork,
                            iwork.i(0), (int) liwork));
            if (Lapack.checkArgs(r, info, SYEVR_ARGS) > 0) {
                throw mrrrFailure(r, n, info, "syevd");
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
        String r = Lapack.realName(t, "sygvd"); // complex A: hegvd
        job(jobz);
        Lapack.uplo(r, uplo);
        int n = Lapack.square(r, "A", a);
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
            info = Lapack.deepFromSquare(n, () -> t == DType.F64
                    ? LAPACKE_dsygvd_work(Lapack.COL_MAJOR, 1, (byte) jobz, (byte) uplo, n, a.buffer().d(a.offset()),
                            a.ld(), b.buffer().d(b.offset()), b.ld(), w.d(0), work.d(0), (int) lwork, iwork.i(0),
                            (int) liwork)
                    : LAPACKE_ssygvd_work(Lapack.COL_MAJOR, 1, (byte) jobz, (byte) uplo, n, a.buffer().f(a.offset()),
                            a.ld(), b.buffer().f(b.offset()), b.ld(), w.f(0), work.f(0), (int) lwork, iwork.i(0),
                            (int) liwork));
        }
        generalizedInfo(r, Lapack.checkArgs(r, info, SYGVD_ARGS), n);
    }

    private static void generalizedInfo(String r, int info, int n) {
        if (info > n) {
            int order = info - n;
            throw new NotPositiveDefiniteException(r, order, String.format(
                    "%s: B is not positive definite: its leading minor of order %d (of %d×%d) is not positive;"
                            + " the generalized %s problem needs a positive definite B (or shift it, B + δI)",
                    r, order, n, n, r.charAt(1) == 'h' ? "Hermitian" : "symmetric"));
        }
        if (info > 0) {
            throw notConverged(r, info, n);
        }
    }

    // ------------------------------------------------------------------ Hermitian (complex) twins

    private static String complexName(DType t, String base) {
        String r = Lapack.name(t, base);
        if (!t.isComplex()) {
            throw new IllegalArgumentException(r + " takes a complex A; use the sy- method for " + t.numpyName());
        }
        return r;
    }

    private static void complexWorkspace(String r, DType t, Sizes min, NativeBuffer work, long lwork,
                                         NativeBuffer rwork, long lrwork, NativeBuffer iwork, long liwork) {
        workspace(r, t, min, work, lwork, iwork, liwork);
        if (lrwork < min.lrwork()) {
            throw new IllegalArgumentException(r + ": LRWORK " + lrwork + " below the minimum " + min.lrwork());
        }
        Lapack.int32(r, "LRWORK", lrwork);
        Lapack.vector(r, "RWORK", rwork, NativeBuffer.Kind.of(t.real()), lrwork);
    }

    /**
     * Runs {@code zheevd}/{@code cheevd}: all eigenvalues of the Hermitian n×n {@code a} into the
     * real {@code w} (ascending), and with {@code jobz = 'V'} the orthonormal complex eigenvectors
     * into the columns of {@code a}. With {@code 'N'} the {@code uplo} triangle is destroyed.
     *
     * @param jobz   'V' or 'N'
     * @param uplo   'L' or 'U', the triangle read
     * @param a      the complex n×n matrix
     * @param w      n elements of A's real dtype
     * @param work   {@code lwork} complex elements
     * @param lwork  at least {@link #syevdMinimal(DType, char, long)}'s
     * @param rwork  {@code lrwork} real elements
     * @param lrwork at least the minimal LRWORK
     * @param iwork  {@code liwork} ints
     * @param liwork at least the minimal LIWORK
     * @throws NotConvergedException if the tridiagonal eigensolver did not converge
     */
    public static void heevd(char jobz, char uplo, Block a, NativeBuffer w, NativeBuffer work, long lwork,
                             NativeBuffer rwork, long lrwork, NativeBuffer iwork, long liwork) {
        DType t = a.dtype();
        String r = complexName(t, "heevd");
        job(jobz);
        Lapack.uplo(r, uplo);
        int n = Lapack.square(r, "A", a);
        Lapack.vector(r, "W", w, NativeBuffer.Kind.of(t.real()), n);
        complexWorkspace(r, t, syevdMinimal(t, jobz, n), work, lwork, rwork, lrwork, iwork, liwork);
        if (n == 0) {
            return;
        }
        OpenBlas.ensureLoaded();
        int lw = (int) lwork;
        int lrw = (int) lrwork;
        int liw = (int) liwork;
        int info;
        try (NativeBuffer.Pin pin = NativeBuffer.pin(a).and(w).and(work).and(rwork).and(iwork)) {
            info = Lapack.deepFromSquare(n, () -> t == DType.C128
                    ? LAPACKE_zheevd_work(Lapack.COL_MAJOR, (byte) jobz, (byte) uplo, n, a.buffer().d(a.offset()), a.ld(),
                            w.d(0), work.d(0), lw, rwork.d(0), lrw, iwork.i(0), liw)
                    : LAPACKE_cheevd_work(Lapack.COL_MAJOR, (byte) jobz, (byte) uplo, n, a.buffer().f(a.offset()), a.ld(),
                            w.f(0), work.f(0), lw, rwork.f(0), lrw, iwork.i(0), liw));
        }
        if (Lapack.checkArgs(r, info, HEEVD_ARGS) > 0) {
            throw notConverged(r, info, n);
        }
    }

    /**
     * Runs {@code zheevr}/{@code cheevr} on the Hermitian n×n {@code a} (its {@code uplo}
     * triangle is destroyed); arguments as {@link #syevr}, with {@code w} of A's real dtype,
     * {@code z} complex, and the real workspace {@code rwork}.
     *
     * @param jobz   'V' (vectors into {@code z}) or 'N'
     * @param range  'A', 'I' ({@code il..iu}, 1-based, inclusive) or 'V' ({@code (vl, vu]})
     * @param uplo   'L' or 'U'
     * @param a      the complex n×n matrix
     * @param vl     lower end of the value interval (range 'V')
     * @param vu     upper end of the value interval (range 'V')
     * @param il     first index (range 'I')
     * @param iu     last index (range 'I')
     * @param w      at least n elements of A's real dtype
     * @param z      complex n×n ('A', 'V') or n×(iu−il+1) ('I') with 'V'; null with 'N'
     * @param isuppz at least {@code 2·max(1, columns of z)} ints
     * @param work   {@code lwork} complex elements
     * @param lwork  at least {@code 2n}
     * @param rwork  {@code lrwork} real elements
     * @param lrwork at least {@code 24n}
     * @param iwork  {@code liwork} ints
     * @param liwork at least {@code 10n}
     * @return M, the number of eigenvalues found
     */
    public static int heevr(char jobz, char range, char uplo, Block a, double vl, double vu, int il, int iu,
                            NativeBuffer w, Block z, NativeBuffer isuppz, NativeBuffer work, long lwork,
                            NativeBuffer rwork, long lrwork, NativeBuffer iwork, long liwork) {
        DType t = a.dtype();
        String r = complexName(t, "heevr");
        job(jobz);
        Lapack.uplo(r, uplo);
        int n = Lapack.square(r, "A", a);
        int zcols = zColumns(r, range, n, vl, vu, il, iu);
        Lapack.vector(r, "W", w, NativeBuffer.Kind.of(t.real()), n);
        if (jobz == 'V') {
            Lapack.shape(r, "Z", z, t, n, zcols);
        }
        Lapack.vector(r, "ISUPPZ", isuppz, NativeBuffer.Kind.I32, 2L * Math.max(1, zcols));
        complexWorkspace(r, t, syevrMinimal(t, n), work, lwork, rwork, lrwork, iwork, liwork);
        if (n == 0) {
            return 0;
        }
        OpenBlas.ensureLoaded();
        boolean wantZ = jobz == 'V';
        int ldz = wantZ ? z.ld() : 1;
        int lw = (int) lwork;
        int lrw = (int) lrwork;
        int liw = (int) liwork;
        int info;
        try (NativeBuffer found = NativeBuffer.ints(1);
             NativeBuffer.Pin pin = NativeBuffer.pin(a).and(w).and(z).and(isuppz).and(work).and(rwork).and(iwork)
                     .and(found)) {
            // without vectors Z is not referenced: W's address stands in, as in syevr
            info = Lapack.deepFromSquare(n, () -> t == DType.C128
                    ? LAPACKE_zheevr_work(Lapack.COL_MAJOR, (byte) jobz, (byte) range, (byte) uplo, n,
                            a.buffer().d(a.offset()), a.ld(), vl, vu, il, iu, 0.0, found.i(0), w.d(0),
                            wantZ ? z.buffer().d(z.offset()) : work.d(0), ldz, isuppz.i(0), work.d(0), lw,
                            rwork.d(0), lrw, iwork.i(0), liw)
                    : LAPACKE_cheevr_work(Lapack.COL_MAJOR, (byte) jobz, (byte) range, (byte) uplo, n,
                            a.buffer().f(a.offset()), a.ld(), (float) vl, (float) vu, il, iu, 0f, found.i(0), w.f(0),
                            wantZ ? z.buffer().f(z.offset()) : work.f(0), ldz, isuppz.i(0), work.f(0), lw,
                            rwork.f(0), lrw, iwork.i(0), liw));
            if (Lapack.checkArgs(r, info, HEEVR_ARGS) > 0) {
                throw mrrrFailure(r, n, info, "heevd");
            }
            return found.getInt(0);
        }
    }

    /**
     * Runs {@code zhegvd}/{@code chegvd} with ITYPE=1, {@code A·x = λ·B·x}, A Hermitian and B
     * Hermitian positive definite: eigenvalues into the real {@code w} (ascending); with
     * {@code 'V'} the eigenvectors, normalised so that {@code XᴴBX = I}, into {@code a};
     * {@code b} receives its Cholesky factor in the {@code uplo} triangle.
     *
     * @param jobz   'V' or 'N'
     * @param uplo   'L' or 'U'
     * @param a      the complex n×n A
     * @param b      the complex n×n B
     * @param w      n elements of A's real dtype
     * @param work   {@code lwork} complex elements
     * @param lwork  at least heevd's minimum
     * @param rwork  {@code lrwork} real elements
     * @param lrwork at least heevd's minimum
     * @param iwork  {@code liwork} ints
     * @param liwork at least heevd's minimum
     * @throws NotPositiveDefiniteException if B's leading minor of some order is not positive definite
     * @throws NotConvergedException        if the tridiagonal eigensolver did not converge
     */
    public static void hegvd(char jobz, char uplo, Block a, Block b, NativeBuffer w, NativeBuffer work, long lwork,
                             NativeBuffer rwork, long lrwork, NativeBuffer iwork, long liwork) {
        DType t = a.dtype();
        String r = complexName(t, "hegvd");
        job(jobz);
        Lapack.uplo(r, uplo);
        int n = Lapack.square(r, "A", a);
        Lapack.shape(r, "B", b, t, n, n);
        b.buffer().checkOpen();
        Lapack.vector(r, "W", w, NativeBuffer.Kind.of(t.real()), n);
        complexWorkspace(r, t, syevdMinimal(t, jobz, n), work, lwork, rwork, lrwork, iwork, liwork);
        if (n == 0) {
            return;
        }
        OpenBlas.ensureLoaded();
        int lw = (int) lwork;
        int lrw = (int) lrwork;
        int liw = (int) liwork;
        int info;
        try (NativeBuffer.Pin pin = NativeBuffer.pin(a).and(b).and(w).and(work).and(rwork).and(iwork)) {
            info = Lapack.deepFromSquare(n, () -> t == DType.C128
                    ? LAPACKE_zhegvd_work(Lapack.COL_MAJOR, 1, (byte) jobz, (byte) uplo, n, a.buffer().d(a.offset()),
                            a.ld(), b.buffer().d(b.offset()), b.ld(), w.d(0), work.d(0), lw, rwork.d(0), lrw,
                            iwork.i(0), liw)
                    : LAPACKE_chegvd_work(Lapack.COL_MAJOR, 1, (byte) jobz, (byte) uplo, n, a.buffer().f(a.offset()),
                            a.ld(), b.buffer().f(b.offset()), b.ld(), w.f(0), work.f(0), lw, rwork.f(0), lrw,
                            iwork.i(0), liw));
        }
        generalizedInfo(r, Lapack.checkArgs(r, info, HEGVD_ARGS), n);
    }

    /** A positive info of ?syevr/?heevr: MRRR failed internally; divide and conquer ({@code alternative}) may not. */
    private static NotConvergedException mrrrFailure(String routine, int n, int info, String alternative) {
        return new NotConvergedException(routine, info, String.format(
                "%s: internal error in the MRRR eigensolver on the %d×%d matrix (info %d); %s (divide and"
                        + " conquer) may succeed", routine, n, n, info, alternative));
    }
}
