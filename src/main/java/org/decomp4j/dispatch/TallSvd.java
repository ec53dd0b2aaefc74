package org.decomp4j.dispatch;

import org.decomp4j.DType;

/**
 * When a {@code gesdd} SVD of a tall matrix runs QR first ourselves: {@code geqrt} in our blocks
 * ({@link QrBlocking}), {@code gesdd} of the n×n R, then {@code U = Q·U_R} by block reflectors,
 * instead of one {@code gesdd} of the m×n matrix (whose own QR-first path uses {@code geqrf} and
 * {@code orgqr} and a product). A pure function of dtype, shape and job.
 *
 * <p>Why: the same three steps as LAPACK's tall path, but {@code geqrt}'s panels and the block
 * reflectors are matrix products, while {@code geqrf}'s and {@code orgqr}'s level-2 panels run
 * on OpenBLAS 0.3.31's two threads at little more than one thread's speed. Measured on the
 * development machine (2 OpenBLAS threads, float64, {@code JOBZ=S}, medians of 7, ms, one
 * {@code gesdd} against QR first): 400×200 12.5 / 9.4, 1000×200 25.2 / 14.5, 4000×500 249 / 176,
 * 3000×1000 655 / 536, 20000×200 188 / 125, 100000×128 633 / 313; but 1500×1000 357 / 373, so
 * from m ≥ 2n. Accuracy is that of LAPACK's own QR-first path: the same orthogonal
 * transformations (singular values equal to 5e-14, ‖UᵀU − I‖ 3e-15 at these shapes).
 *
 * <p>Real dtypes, {@code JOBZ = S} (thin) and {@code N} (values only), n from
 * {@link QrBlocking#MIN_K}: a full U (m×m) keeps {@code gesdd}. A wide matrix (n ≥ 2m) takes the
 * same path on its transpose, copied into the working copy's buffer ({@code engine.SvdWork}):
 * {@code gesdd}'s own wide path (LQ by {@code gelqf}, level-2 rows) is slower still, 600 ms
 * against 142 ms here for a 200×20000 thin SVD, transposition included.
 */
public final class TallSvd {
    /** QR first from m ≥ this × n. */
    public static final int MIN_RATIO = 2;

    private TallSvd() {
    }

    /**
     * The block size of the QR-first path for {@code gesdd} with {@code jobz} on a
     * {@code rows × cols} matrix, or 0 for one {@code gesdd}.
     *
     * @param t    the dtype
     * @param rows m
     * @param cols n
     * @param jobz gesdd's JOBZ
     * @return {@link QrBlocking#blockSize}, or 0
     */
    public static int blockSize(DType t, long rows, long cols, char jobz) {
        if (jobz != 'S' && jobz != 'N' || rows < MIN_RATIO * cols) {
            return 0;
        }
        return QrBlocking.blockSize(t, rows, cols);
    }

    /**
     * Elements the QR-first path holds besides the plan's factors and working copy: R (n×n), the
     * block factors T (nb×n) and the block workspace (nb·n); {@code gesdd} of R needs
     * {@code lworkOfR} elements of workspace in place of the plan's.
     *
     * @param cols     n
     * @param nb       the block size
     * @param lworkOfR gesdd's workspace for the n×n R
     * @return elements
     */
    public static long extraElements(long cols, int nb, long lworkOfR) {
        return cols * cols + 2L * nb * cols + lworkOfR;
    }
}
