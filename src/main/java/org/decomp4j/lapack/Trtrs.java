package org.decomp4j.lapack;

import static org.bytedeco.openblas.global.openblas.LAPACKE_ctrtrs_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dtrcon_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dtrtrs_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_strcon_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_strtrs_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_ztrtrs_work;

import org.decomp4j.DType;
import org.decomp4j.SingularMatrixException;

/**
 * Triangular matrices.
 *
 * <table>
 * <caption>routines wrapped</caption>
 * <tr><th>method</th><th>F64</th><th>F32</th><th>C128</th><th>C64</th><th>does</th></tr>
 * <tr><td>{@link #solve}</td><td>dtrtrs</td><td>strtrs</td><td>ztrtrs</td><td>ctrtrs</td>
 *     <td>{@code op(T)·X = B} in place, checking for a zero diagonal</td></tr>
 * <tr><td>{@link #trcon}</td><td>dtrcon</td><td>strcon</td><td>—</td><td>—</td>
 *     <td>estimate of {@code 1/(‖T‖·‖T⁻¹‖)} in the 1- or ∞-norm, O(n²)</td></tr>
 * </table>
 */
public final class Trtrs {
    private static final String[] ARGS = {"UPLO", "TRANS", "DIAG", "N", "NRHS", "A", "LDA", "B", "LDB", "INFO"};
    private static final String[] TRCON_ARGS = {"NORM", "UPLO", "DIAG", "N", "A", "LDA", "RCOND", "WORK", "IWORK", "INFO"};

    private Trtrs() {
    }

    /**
     * Solves {@code T·X = B} ({@code trans = 'N'}), {@code Tᵀ·X = B} ({@code 'T'}) or, complex,
     * {@code Tᴴ·X = B} ({@code 'C'}) with the n×n triangle {@code uplo} of {@code tri}; {@code b}
     * (n×nrhs) is overwritten by X.
     *
     * @throws SingularMatrixException if a diagonal entry of T is exactly zero
     */
    public static void solve(char uplo, char trans, Block tri, Block b) {
        DType t = tri.dtype();
        String r = Lapack.name(t, "trtrs");
        if (uplo != 'L' && uplo != 'U') {
            throw new IllegalArgumentException(r + ": UPLO must be L or U; got '" + uplo + "'");
        }
        if (trans != 'N' && trans != 'T' && !(trans == 'C' && t.isComplex())) {
            throw new IllegalArgumentException(r + ": TRANS must be N or T" + (t.isComplex() ? " or C" : "")
                    + "; got '" + trans + "'");
        }
        int n = tri.rows();
        if (tri.cols() != n) {
            throw new IllegalArgumentException(r + ": needs a square triangle, got " + n + "×" + tri.cols());
        }
        Lapack.shape(r, "B", b, t, n, b.cols());
        tri.buffer().checkOpen();
        if (n == 0 || b.cols() == 0) {
            return;
        }
        OpenBlas.ensureLoaded();
        int info;
        try (NativeBuffer.Pin pin = NativeBuffer.pin(tri).and(b)) {
            byte ul = (byte) uplo;
            byte tr = (byte) trans;
            info = switch (t) {
                case F64 -> LAPACKE_dtrtrs_work(Lapack.COL_MAJOR, ul, tr, (byte) 'N', n, b.cols(),
                        tri.buffer().d(tri.offset()), tri.ld(), b.buffer().d(b.offset()), b.ld());
                case F32 -> LAPACKE_strtrs_work(Lapack.COL_MAJOR, ul, tr, (byte) 'N', n, b.cols(),
                        tri.buffer().f(tri.offset()), tri.ld(), b.buffer().f(b.offset()), b.ld());
                case C128 -> LAPACKE_ztrtrs_work(Lapack.COL_MAJOR, ul, tr, (byte) 'N', n, b.cols(),
                        tri.buffer().d(tri.offset()), tri.ld(), b.buffer().d(b.offset()), b.ld());
                case C64 -> LAPACKE_ctrtrs_work(Lapack.COL_MAJOR, ul, tr, (byte) 'N', n, b.cols(),
                        tri.buffer().f(tri.offset()), tri.ld(), b.buffer().f(b.offset()), b.ld());
            };
        }
        if (Lapack.checkArgs(r, info, ARGS) > 0) {
            int i = info - 1;
            throw new SingularMatrixException(r, i, String.format(
                    "%s: the %d×%d triangular factor has an exact zero at [%d][%d], so the system is singular"
                            + " (rank deficient); use LinAlg.lstsq for a minimum-norm answer", r, n, n, i, i));
        }
    }

    /**
     * Estimates the reciprocal condition number {@code 1/(‖T‖·‖T⁻¹‖)} of the n×n triangle
     * {@code uplo} of {@code tri} (non-unit diagonal) in the 1-norm ({@code norm = '1'}) or the
     * ∞-norm ({@code 'I'}), by LAPACK's norm estimator: {@code ‖T⁻¹‖} is estimated from below, so
     * the answer may be larger than the true reciprocal condition number, rarely by more than a
     * small factor. Cost O(n²): a few triangular solves; workspace 3n reals and n integers,
     * allocated here. From {@link DeepStack#ELEMENTS} elements the call runs on a deep stack.
     *
     * @return the estimate in {@code [0, 1]}; 0 when T has a zero on its diagonal; 1 for n = 0
     */
    public static double trcon(char norm, char uplo, Block tri) {
        DType t = tri.dtype();
        String r = Lapack.realName(t, "trcon");
        if (norm != '1' && norm != 'I') {
            throw new IllegalArgumentException(r + ": NORM must be 1 or I; got '" + norm + "'");
        }
        if (uplo != 'L' && uplo != 'U') {
            throw new IllegalArgumentException(r + ": UPLO must be L or U; got '" + uplo + "'");
        }
        int n = tri.rows();
        if (tri.cols() != n) {
            throw new IllegalArgumentException(r + ": needs a square triangle, got " + n + "×" + tri.cols());
        }
        tri.buffer().checkOpen();
        if (n == 0) {
            return 1;
        }
        OpenBlas.ensureLoaded();
        // dtrcon: WORK 3n, IWORK n (its documentation)
        try (NativeBuffer work = NativeBuffer.allocate(t, 3L * n);
             NativeBuffer iwork = NativeBuffer.ints(n);
             NativeBuffer rc = NativeBuffer.allocate(t, 1);
             NativeBuffer.Pin held = NativeBuffer.pin(work, iwork, rc)) {
            int info;
            try (NativeBuffer.Pin pin = NativeBuffer.pin(tri)) {
                byte nm = (byte) norm;
                byte ul = (byte) uplo;
                info = DeepStack.runFrom((long) n * n, DeepStack.ELEMENTS, () -> t == DType.F64
                        ? LAPACKE_dtrcon_work(Lapack.COL_MAJOR, nm, ul, (byte) 'N', n, tri.buffer().d(tri.offset()),
                                tri.ld(), rc.d(0), work.d(0), iwork.i(0))
                        : LAPACKE_strcon_work(Lapack.COL_MAJOR, nm, ul, (byte) 'N', n, tri.buffer().f(tri.offset()),
                                tri.ld(), rc.f(0), work.f(0), iwork.i(0)));
            }
            Lapack.checkArgs(r, info, TRCON_ARGS); // trcon has no positive info
            return rc.get(0);
        }
    }
}
