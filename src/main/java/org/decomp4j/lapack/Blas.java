package org.decomp4j.lapack;

import static org.bytedeco.openblas.global.openblas.CblasColMajor;
import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dlange_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dlansy_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_slansy_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_slange_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dlaset_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_slaset_work;
import static org.bytedeco.openblas.global.openblas.cblas_dasum;
import static org.bytedeco.openblas.global.openblas.cblas_dcopy;
import static org.bytedeco.openblas.global.openblas.cblas_sasum;
import static org.bytedeco.openblas.global.openblas.CblasLower;
import static org.bytedeco.openblas.global.openblas.CblasUpper;
import static org.bytedeco.openblas.global.openblas.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas.CblasLeft;
import static org.bytedeco.openblas.global.openblas.CblasNonUnit;
import static org.bytedeco.openblas.global.openblas.CblasUnit;
import static org.bytedeco.openblas.global.openblas.cblas_dsyrk;
import static org.bytedeco.openblas.global.openblas.cblas_dtrmm;
import static org.bytedeco.openblas.global.openblas.cblas_strmm;
import static org.bytedeco.openblas.global.openblas.cblas_ssyrk;
import static org.bytedeco.openblas.global.openblas.cblas_dscal;
import static org.bytedeco.openblas.global.openblas.cblas_sscal;
import static org.bytedeco.openblas.global.openblas.cblas_scopy;
import static org.bytedeco.openblas.global.openblas.cblas_sgemm;
import static org.bytedeco.openblas.global.openblas.CblasConjTrans;
import static org.bytedeco.openblas.global.openblas.LAPACKE_clange_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_zlange_work;
import static org.bytedeco.openblas.global.openblas.cblas_ccopy;
import static org.bytedeco.openblas.global.openblas.cblas_cgemm;
import static org.bytedeco.openblas.global.openblas.cblas_csscal;
import static org.bytedeco.openblas.global.openblas.cblas_dzasum;
import static org.bytedeco.openblas.global.openblas.cblas_scasum;
import static org.bytedeco.openblas.global.openblas.cblas_zcopy;
import static org.bytedeco.openblas.global.openblas.cblas_zdscal;
import static org.bytedeco.openblas.global.openblas.cblas_zgemm;


import org.decomp4j.DType;

/**
 * Level-3 products, norms and block copies.
 *
 * <table>
 * <caption>routines wrapped</caption>
 * <tr><th>method</th><th>F64</th><th>F32</th><th>does</th></tr>
 * <tr><td>{@link #gemm}</td><td>cblas_dgemm</td><td>cblas_sgemm</td><td>{@code C ← α·op(A)·op(B) + β·C}</td></tr>
 * <tr><td>{@link #lange}</td><td>dlange</td><td>slange</td><td>Frobenius, 1-, ∞- or max-norm</td></tr>
 * <tr><td>{@link #transpose}</td><td>cblas_dcopy</td><td>cblas_scopy</td><td>strided copy {@code dst ← srcᵀ}</td></tr>
 * <tr><td>{@link #copy}</td><td colspan="2">memcpy (or a converting loop)</td><td>{@code dst ← src}</td></tr>
 * </table>
 * {@code gemm}, {@code lange}, {@code transpose}, {@code copy}, {@code asum} and the scalings
 * also take complex blocks (cblas_zgemm/cgemm, zlange/clange, cblas_zcopy/ccopy, dzasum/scasum,
 * zdscal/csscal; α and β stay real); the symmetric and triangular ones ({@code trmm},
 * {@code syrk}, {@code lansy}, {@code zeroStrictTriangle} aside) are real-only and refuse a
 * complex block with an {@link IllegalArgumentException}. Each method branches on the dtype once
 * per call, never per element.
 */
public final class Blas {
    private static final int COPY_CHUNK = 1 << 16;

    private Blas() {
    }

    /**
     * {@code C ← α·op(A)·op(B) + β·C}, {@code op(X) = X} or {@code Xᵀ}. Shapes must agree:
     * {@code op(A)} is m×k, {@code op(B)} is k×n, {@code C} is m×n; one dtype throughout.
     */
    public static void gemm(boolean transA, boolean transB, double alpha, Block a, Block b, double beta, Block c) {
        gemm(transA ? 'T' : 'N', transB ? 'T' : 'N', alpha, a, b, beta, c);
    }

    /**
     * {@code C ← α·op(A)·op(B) + β·C} with {@code op} one of
     * {@code 'N'}, {@code 'T'} (transpose) or {@code 'C'} (conjugate transpose); α and β real; on real blocks {@code 'C'} is the transpose.
     */
    public static void gemm(char opA, char opB, double alpha, Block a, Block b, double beta, Block c) {
        if ("NTC".indexOf(opA) < 0 || "NTC".indexOf(opB) < 0) {
            throw new IllegalArgumentException("gemm: op must be N, T or C; got '" + opA + "', '" + opB + "'");
        }
        DType t = c.dtype();
        int m = opA != 'N' ? a.cols() : a.rows();
        int k = opA != 'N' ? a.rows() : a.cols();
        int kb = opB != 'N' ? b.cols() : b.rows();
        int n = opB != 'N' ? b.rows() : b.cols();
        if (a.dtype() != t || b.dtype() != t) {
            throw new IllegalArgumentException("gemm: mixed dtypes " + a.dtype() + ", " + b.dtype() + ", " + t);
        }
        if (k != kb || c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException(String.format(
                    "gemm: cannot multiply %d×%d by %d×%d into %d×%d", m, k, kb, n, c.rows(), c.cols()));
        }
        if (overlaps(c, a) || overlaps(c, b)) {
            throw new IllegalArgumentException("gemm: the output shares memory with an operand; BLAS would read"
                    + " elements it has already overwritten. Write into a separate matrix");
        }
        a.buffer().checkOpen();
        b.buffer().checkOpen();
        c.buffer().checkOpen();
        if (m == 0 || n == 0) {
            return;
        }
        OpenBlas.ensureLoaded();
        if (t.isComplex()) {
            complexGemm(t, cblasOp(opA), cblasOp(opB), m, n, k, alpha, a, b, beta, c);
            return;
        }
        int ta = opA != 'N' ? CblasTrans : CblasNoTrans; // a real conjugate transpose is the transpose
        int tb = opB != 'N' ? CblasTrans : CblasNoTrans;
        try (NativeBuffer.Pin pin = NativeBuffer.pin(a, b, c)) {
            if (t == DType.F64) {
                cblas_dgemm(CblasColMajor, ta, tb, m, n, k, alpha, a.buffer().d(a.offset()), a.ld(),
                        b.buffer().d(b.offset()), b.ld(), beta, c.buffer().d(c.offset()), c.ld());
            } else {
                cblas_sgemm(CblasColMajor, ta, tb, m, n, k, (float) alpha, a.buffer().f(a.offset()), a.ld(),
                        b.buffer().f(b.offset()), b.ld(), (float) beta, c.buffer().f(c.offset()), c.ld());
            }
        }
    }

    private static int cblasOp(char op) {
        return op == 'N' ? CblasNoTrans : op == 'T' ? CblasTrans : CblasConjTrans;
    }

    private static void complexGemm(DType t, int ta, int tb, int m, int n, int k, double alpha, Block a, Block b,
                                    double beta, Block c) {
        // cblas_zgemm takes α and β by address: two complex scalars in a small buffer of their own
        try (NativeBuffer ab = NativeBuffer.zeros(t, 2)) {
            ab.set(0, alpha);
            ab.set(2, beta);
            try (NativeBuffer.Pin pin = NativeBuffer.pin(a, b, c).and(ab)) {
                if (t == DType.C128) {
                    cblas_zgemm(CblasColMajor, ta, tb, m, n, k, ab.v(0), a.buffer().v(a.offset()), a.ld(),
                            b.buffer().v(b.offset()), b.ld(), ab.v(1), c.buffer().v(c.offset()), c.ld());
                } else {
                    cblas_cgemm(CblasColMajor, ta, tb, m, n, k, ab.v(0), a.buffer().v(a.offset()), a.ld(),
                            b.buffer().v(b.offset()), b.ld(), ab.v(1), c.buffer().v(c.offset()), c.ld());
                }
            }
        }
    }

    /** Refuses a complex block in a real-only routine, naming it. */
    static void requireReal(String routine, DType t) {
        if (t.isComplex()) {
            throw new IllegalArgumentException(routine + ": " + t.numpyName() + " is not supported (real-only routine)");
        }
    }

    /**
     * True when two blocks share an element. Exact for blocks of one leading dimension whose
     * columns do not wrap (every block a {@code Matrix} hands down: views of one matrix); otherwise
     * the spans from first to last element are compared, which may refuse disjoint strided blocks
     * but never passes overlapping ones.
     */
    static boolean overlaps(Block x, Block y) {
        if (x.buffer() != y.buffer() || x.size() == 0 || y.size() == 0) {
            return false;
        }
        long ld = x.ld();
        long xr = x.offset() % ld;
        long yr = y.offset() % ld;
        if (y.ld() == ld && xr + x.rows() <= ld && yr + y.rows() <= ld) {
            long xc = x.offset() / ld;
            long yc = y.offset() / ld;
            return xr < yr + y.rows() && yr < xr + x.rows() && xc < yc + y.cols() && yc < xc + x.cols();
        }
        long xEnd = x.index(x.rows() - 1, x.cols() - 1);
        long yEnd = y.index(y.rows() - 1, y.cols() - 1);
        return x.offset() <= yEnd && y.offset() <= xEnd;
    }

    /**
     * {@code B ← T·B} with T the square {@code uplo} triangle of {@code t} (unit diagonal implied
     * when {@code unitDiagonal}), from the left ({@code ?trmm}).
     */
    public static void trmmLeft(char uplo, boolean unitDiagonal, Block t, Block b) {
        DType d = b.dtype();
        requireReal("trmm", d);
        int m = b.rows();
        if (t.dtype() != d || t.rows() != m || t.cols() != m) {
            throw new IllegalArgumentException(String.format(
                    "trmm: triangle %d×%d does not fit B %d×%d", t.rows(), t.cols(), b.rows(), b.cols()));
        }
        if (uplo != 'L' && uplo != 'U') {
            throw new IllegalArgumentException("trmm: UPLO must be L or U; got '" + uplo + "'");
        }
        t.buffer().checkOpen();
        b.buffer().checkOpen();
        if (m == 0 || b.cols() == 0) {
            return;
        }
        OpenBlas.ensureLoaded();
        int ul = uplo == 'L' ? CblasLower : CblasUpper;
        int diag = unitDiagonal ? CblasUnit : CblasNonUnit;
        try (NativeBuffer.Pin pin = NativeBuffer.pin(t, b)) {
            if (d == DType.F64) {
                cblas_dtrmm(CblasColMajor, CblasLeft, ul, CblasNoTrans, diag, m, b.cols(), 1.0,
                        t.buffer().d(t.offset()), t.ld(), b.buffer().d(b.offset()), b.ld());
            } else {
                cblas_strmm(CblasColMajor, CblasLeft, ul, CblasNoTrans, diag, m, b.cols(), 1f,
                        t.buffer().f(t.offset()), t.ld(), b.buffer().f(b.offset()), b.ld());
            }
        }
    }

    /**
     * Symmetric rank-k update {@code C ← α·A·Aᵀ + β·C} ({@code trans = false}) or
     * {@code C ← α·Aᵀ·A + β·C}, writing only the {@code uplo} triangle of the square C.
     */
    public static void syrk(char uplo, boolean trans, double alpha, Block a, double beta, Block c) {
        DType t = c.dtype();
        requireReal("syrk", t);
        int n = trans ? a.cols() : a.rows();
        int k = trans ? a.rows() : a.cols();
        if (a.dtype() != t || c.rows() != n || c.cols() != n) {
            throw new IllegalArgumentException(String.format(
                    "syrk: %s A %d×%d does not fit %s C %d×%d", a.dtype(), a.rows(), a.cols(), t, c.rows(), c.cols()));
        }
        if (uplo != 'L' && uplo != 'U') {
            throw new IllegalArgumentException("syrk: UPLO must be L or U; got '" + uplo + "'");
        }
        a.buffer().checkOpen();
        c.buffer().checkOpen();
        if (n == 0) {
            return;
        }
        OpenBlas.ensureLoaded();
        int ul = uplo == 'L' ? CblasLower : CblasUpper;
        int tr = trans ? CblasTrans : CblasNoTrans;
        if (overlaps(a, c)) {
            throw new IllegalArgumentException("syrk: C shares memory with A; write into a separate matrix");
        }
        try (NativeBuffer.Pin pin = NativeBuffer.pin(a, c)) {
            if (t == DType.F64) {
                cblas_dsyrk(CblasColMajor, ul, tr, n, k, alpha, a.buffer().d(a.offset()), a.ld(), beta,
                        c.buffer().d(c.offset()), c.ld());
            } else {
                cblas_ssyrk(CblasColMajor, ul, tr, n, k, (float) alpha, a.buffer().f(a.offset()), a.ld(),
                        (float) beta, c.buffer().f(c.offset()), c.ld());
            }
        }
    }

    /**
     * A matrix norm: {@code 'F'} Frobenius (overflow-safe scaling), {@code '1'} max column sum,
     * {@code 'I'} max row sum, {@code 'M'} max |a_ij| (NaN if any entry is NaN).
     */
    public static double lange(char norm, Block a) {
        DType t = a.dtype();
        String r = Lapack.name(t, "lange");
        if ("F1IM".indexOf(norm) < 0) {
            throw new IllegalArgumentException(r + ": NORM must be F, 1, I or M; got '" + norm + "'");
        }
        a.buffer().checkOpen();
        if (a.rows() == 0 || a.cols() == 0) {
            return 0;
        }
        OpenBlas.ensureLoaded();
        // the work array is real for every prefix (zlange's is double precision)
        try (NativeBuffer work = NativeBuffer.allocate(t.real(), norm == 'I' ? a.rows() : 1);
             NativeBuffer.Pin pin = NativeBuffer.pin(work).and(a)) {
            int m = a.rows();
            int n = a.cols();
            return switch (t) {
                case F64 -> LAPACKE_dlange_work(Lapack.COL_MAJOR, (byte) norm, m, n, a.buffer().d(a.offset()), a.ld(),
                        work.d(0));
                case F32 -> LAPACKE_slange_work(Lapack.COL_MAJOR, (byte) norm, m, n, a.buffer().f(a.offset()), a.ld(),
                        work.f(0));
                case C128 -> LAPACKE_zlange_work(Lapack.COL_MAJOR, (byte) norm, m, n, a.buffer().d(a.offset()),
                        a.ld(), work.d(0));
                case C64 -> LAPACKE_clange_work(Lapack.COL_MAJOR, (byte) norm, m, n, a.buffer().f(a.offset()),
                        a.ld(), work.f(0));
            };
        }
    }

    /**
     * A norm of the symmetric matrix whose {@code uplo} triangle ({@code 'L'} or {@code 'U'}) is
     * stored in the square block {@code a} ({@code ?lansy}); the other triangle is not read.
     * {@code norm} as in {@link #lange}.
     */
    public static double lansy(char norm, char uplo, Block a) {
        DType t = a.dtype();
        requireReal("lansy", t);
        String r = Lapack.name(t, "lansy");
        if ("F1IM".indexOf(norm) < 0) {
            throw new IllegalArgumentException(r + ": NORM must be F, 1, I or M; got '" + norm + "'");
        }
        if (uplo != 'L' && uplo != 'U') {
            throw new IllegalArgumentException(r + ": UPLO must be L or U; got '" + uplo + "'");
        }
        if (a.rows() != a.cols()) {
            throw new IllegalArgumentException(r + ": needs a square matrix, got " + a.rows() + "×" + a.cols());
        }
        a.buffer().checkOpen();
        int n = a.rows();
        if (n == 0) {
            return 0;
        }
        OpenBlas.ensureLoaded();
        try (NativeBuffer work = NativeBuffer.allocate(t, n); NativeBuffer.Pin pin = NativeBuffer.pin(work).and(a)) {
            return t == DType.F64
                    ? LAPACKE_dlansy_work(Lapack.COL_MAJOR, (byte) norm, (byte) uplo, n, a.buffer().d(a.offset()), a.ld(),
                            work.d(0))
                    : LAPACKE_slansy_work(Lapack.COL_MAJOR, (byte) norm, (byte) uplo, n, a.buffer().f(a.offset()), a.ld(),
                            work.f(0));
        }
    }

    /**
     * {@code dst ← src} for blocks of the same shape; converts between F64 and F32 (and between
     * C128 and C64) when the dtypes differ, rounding to nearest; a real source fills a complex
     * destination with zero imaginary parts.
     *
     * @throws IllegalArgumentException for a complex source and a real destination (the imaginary
     *     parts would be lost; the caller must ask for the real part explicitly)
     */
    public static void copy(Block src, Block dst) {
        if (src.rows() != dst.rows() || src.cols() != dst.cols()) {
            throw new IllegalArgumentException(String.format(
                    "copy: shapes differ, %d×%d into %d×%d", src.rows(), src.cols(), dst.rows(), dst.cols()));
        }
        int rows = src.rows();
        int cols = src.cols();
        if (rows == 0 || cols == 0) {
            return;
        }
        if (src.buffer().kind() == dst.buffer().kind()) {
            if (src.contiguous() && dst.contiguous()) {
                NativeBuffer.copy(src.buffer(), src.offset(), dst.buffer(), dst.offset(), src.size());
            } else {
                for (int j = 0; j < cols; j++) {
                    NativeBuffer.copy(src.buffer(), src.index(0, j), dst.buffer(), dst.index(0, j), rows);
                }
            }
            return;
        }
        int sw = src.buffer().kind().scalars();
        int dw = dst.buffer().kind().scalars();
        if (sw > dw) {
            throw new IllegalArgumentException("copy: " + src.dtype() + " into " + dst.dtype()
                    + " would discard the imaginary parts; take the real part explicitly");
        }
        if (sw == 1 && dw == 2) {
            realToComplex(src, dst);
            return;
        }
        // converting copy through a Java array, in column pieces of at most COPY_CHUNK scalars
        // (for a complex pair of dtypes the scalars of a column are contiguous too)
        double[] tmp = new double[Math.min(rows * sw, COPY_CHUNK)];
        if (sw == 2) {
            for (int j = 0; j < cols; j++) {
                long s0 = src.index(0, j) * 2;
                long d0 = dst.index(0, j) * 2;
                for (int i = 0; i < 2 * rows; i += tmp.length) {
                    int len = Math.min(tmp.length, 2 * rows - i);
                    src.buffer().read(s0 + i, tmp, 0, len);
                    dst.buffer().write(d0 + i, tmp, 0, len);
                }
            }
            return;
        }
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i += tmp.length) {
                int len = Math.min(tmp.length, rows - i);
                src.buffer().read(src.index(i, j), tmp, 0, len);
                dst.buffer().write(dst.index(i, j), tmp, 0, len);
            }
        }
    }

    private static void realToComplex(Block src, Block dst) {
        int rows = src.rows();
        int piece = Math.min(rows, COPY_CHUNK / 2);
        double[] in = new double[piece];
        double[] out = new double[2 * piece]; // imaginary slots stay 0
        for (int j = 0; j < src.cols(); j++) {
            for (int i = 0; i < rows; i += piece) {
                int len = Math.min(piece, rows - i);
                src.buffer().read(src.index(i, j), in, 0, len);
                for (int q = 0; q < len; q++) {
                    out[2 * q] = in[q];
                }
                dst.buffer().write(dst.index(i, j) * 2, out, 0, 2 * len);
            }
        }
    }

    /** {@code dst ← srcᵀ}: src is r×c, dst is c×r (plain transpose, no conjugation for complex). */
    public static void transpose(Block src, Block dst) {
        if (src.rows() != dst.cols() || src.cols() != dst.rows()) {
            throw new IllegalArgumentException(String.format(
                    "transpose: %d×%d does not fit into %d×%d", src.rows(), src.cols(), dst.rows(), dst.cols()));
        }
        if (src.dtype() != dst.dtype()) {
            Block tmp = Block.allocate(src.dtype(), dst.rows(), dst.cols());
            try {
                transpose(src, tmp);
                copy(tmp, dst);
            } finally {
                tmp.buffer().close();
            }
            return;
        }
        int rows = src.rows();
        int cols = src.cols();
        if (rows == 0 || cols == 0) {
            return;
        }
        src.buffer().checkOpen();
        dst.buffer().checkOpen();
        OpenBlas.ensureLoaded();
        if (overlaps(src, dst)) {
            throw new IllegalArgumentException("transpose: source and destination share memory");
        }
        // column j of src (contiguous) becomes row j of dst (stride ld)
        try (NativeBuffer.Pin pin = NativeBuffer.pin(src, dst)) {
            DType t = src.dtype();
            for (int j = 0; j < cols; j++) {
                switch (t) {
                    case F64 -> cblas_dcopy(rows, src.buffer().d(src.index(0, j)), 1, dst.buffer().d(dst.index(j, 0)),
                            dst.ld());
                    case F32 -> cblas_scopy(rows, src.buffer().f(src.index(0, j)), 1, dst.buffer().f(dst.index(j, 0)),
                            dst.ld());
                    case C128 -> cblas_zcopy(rows, src.buffer().v(src.index(0, j)), 1,
                            dst.buffer().v(dst.index(j, 0)), dst.ld());
                    case C64 -> cblas_ccopy(rows, src.buffer().v(src.index(0, j)), 1,
                            dst.buffer().v(dst.index(j, 0)), dst.ld());
                }
            }
        }
    }

    /** Multiplies row {@code i} of {@code b} by {@code alpha} in place ({@code ?scal}, stride ld). */
    public static void scaleRow(Block b, int i, double alpha) {
        if (i < 0 || i >= b.rows()) {
            throw new IndexOutOfBoundsException("row " + i + " outside " + b.rows() + "×" + b.cols());
        }
        scal(b, b.index(i, 0), b.cols(), b.ld(), alpha);
    }

    /** Multiplies column {@code j} of {@code b} by {@code alpha} in place ({@code ?scal}). */
    public static void scaleColumn(Block b, int j, double alpha) {
        if (j < 0 || j >= b.cols()) {
            throw new IndexOutOfBoundsException("column " + j + " outside " + b.rows() + "×" + b.cols());
        }
        scal(b, b.index(0, j), b.rows(), 1, alpha);
    }

    private static void scal(Block b, long start, int count, int inc, double alpha) {
        if (count == 0) {
            return;
        }
        b.buffer().checkOpen();
        OpenBlas.ensureLoaded();
        try (NativeBuffer.Pin pin = NativeBuffer.pin(b)) {
            switch (b.dtype()) {
                case F64 -> cblas_dscal(count, alpha, b.buffer().d(start), inc);
                case F32 -> cblas_sscal(count, (float) alpha, b.buffer().f(start), inc);
                case C128 -> cblas_zdscal(count, alpha, b.buffer().v(start), inc);
                case C64 -> cblas_csscal(count, (float) alpha, b.buffer().v(start), inc);
            }
        }
    }

    /**
     * {@code Σ |x_i|} over {@code count} elements from {@code start} with stride {@code inc}
     * ({@code ?asum}, vectorised; for a complex buffer {@code dzasum}/{@code scasum}, which sum
     * {@code |re| + |im|}, elements and stride counted in complex elements). NaN if any element is
     * NaN, ∞ if any is infinite — or if the
     * sum overflows, so a non-finite answer calls for an exact scan, a finite one proves every
     * element finite.
     */
    public static double asum(NativeBuffer buf, long start, long count, int inc) {
        if (count <= 0) {
            return 0;
        }
        if (inc < 1 || start < 0 || start + (count - 1) * inc >= buf.length()) {
            throw new IndexOutOfBoundsException(String.format(
                    "asum of %d elements from %d by %d outside a buffer of %d", count, start, inc, buf.length()));
        }
        buf.checkOpen();
        OpenBlas.ensureLoaded();
        double sum = 0;
        long done = 0;
        try (NativeBuffer.Pin pin = NativeBuffer.pin(buf)) {
            while (done < count) { // ?asum takes a 32-bit count
                int n = (int) Math.min(count - done, Integer.MAX_VALUE / Math.max(1, inc));
                long at = start + done * inc;
                sum += switch (buf.kind()) {
                    case F64 -> cblas_dasum(n, buf.d(at), inc);
                    case F32 -> cblas_sasum(n, buf.f(at), inc);
                    case C128 -> cblas_dzasum(n, buf.v(at), inc);
                    case C64 -> cblas_scasum(n, buf.v(at), inc);
                    case I32 -> throw new IllegalArgumentException("asum of an int32 buffer");
                };
                done += n;
            }
        }
        return sum;
    }

    /**
     * Sets the strictly upper ({@code 'U'}) or strictly lower ({@code 'L'}) triangle of the square
     * block to zero, leaving the diagonal ({@code ?laset} on the off-diagonal sub-block).
     */
    public static void zeroStrictTriangle(char uplo, Block a) {
        int n = a.rows();
        if (a.cols() != n) {
            throw new IllegalArgumentException("needs a square block, got " + n + "×" + a.cols());
        }
        if (uplo != 'L' && uplo != 'U') {
            throw new IllegalArgumentException("UPLO must be L or U; got '" + uplo + "'");
        }
        if (n < 2) {
            return;
        }
        if (a.dtype().isComplex()) {
            zeroStrictTriangleJava(uplo, a);
            return;
        }
        // the strict upper triangle of A is the upper triangle (diagonal included) of A[0:n-1, 1:n]
        Block sub = uplo == 'U' ? a.sub(0, 1, n - 1, n - 1) : a.sub(1, 0, n - 1, n - 1);
        sub.buffer().checkOpen();
        OpenBlas.ensureLoaded();
        int info;
        try (NativeBuffer.Pin pin = NativeBuffer.pin(sub)) {
            info = a.dtype() == DType.F64
                    ? LAPACKE_dlaset_work(Lapack.COL_MAJOR, (byte) uplo, n - 1, n - 1, 0.0, 0.0,
                            sub.buffer().d(sub.offset()), sub.ld())
                    : LAPACKE_slaset_work(Lapack.COL_MAJOR, (byte) uplo, n - 1, n - 1, 0f, 0f,
                            sub.buffer().f(sub.offset()), sub.ld());
        }
        Lapack.checkArgs(Lapack.name(a.dtype(), "laset"), info, "UPLO", "M", "N", "ALPHA", "BETA", "A", "LDA");
    }

    /**
     * The complex case of {@link #zeroStrictTriangle} in Java (LAPACKE's {@code zlaset} takes its
     * complex scalars by value, which the binding cannot pass): column segments of zeros.
     */
    private static void zeroStrictTriangleJava(char uplo, Block a) {
        int n = a.rows();
        double[] zeros = new double[2 * n];
        for (int j = 0; j < n; j++) {
            int from = uplo == 'U' ? 0 : j + 1;
            int len = uplo == 'U' ? j : n - j - 1;
            if (len > 0) {
                a.buffer().write(a.index(from, j) * 2, zeros, 0, 2 * len);
            }
        }
    }
}
