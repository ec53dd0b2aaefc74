package org.decomp4j.lapack;

import static org.bytedeco.openblas.global.openblas.LAPACKE_ctrtrs_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dtrtrs_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_strtrs_work;
import static org.bytedeco.openblas.global.openblas.LAPACKE_ztrtrs_work;

import org.decomp4j.DType;
import org.decomp4j.SingularMatrixException;

/**
 * {@code ?trtrs} ({@code dtrtrs}, {@code strtrs}, {@code ztrtrs}, {@code ctrtrs}): triangular solve
 * {@code op(T)·X = B} in place, checking for a zero diagonal.
 */
public final class Trtrs {
    private static final String[] ARGS = {"UPLO", "TRANS", "DIAG", "N", "NRHS", "A", "LDA", "B", "LDB", "INFO"};

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
}
