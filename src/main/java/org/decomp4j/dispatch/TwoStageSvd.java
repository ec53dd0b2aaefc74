package org.decomp4j.dispatch;

import org.decomp4j.DType;

/**
 * When singular values alone go by the two-stage reduction ({@code lapack.TwoStageValues}: band
 * form by block QR and LQ, then {@code gbbrd}, then {@code bdsqr}) instead of {@code gesdd}'s
 * one-stage {@code gebrd}: a pure function of dtype and shape.
 *
 * <p>Measured on the development machine (2 OpenBLAS threads, float64, ms, {@code gebrd} +
 * {@code bdsqr} against band + {@code gbbrd} + {@code bdsqr}): 768² 86 against 89, 1024² 197
 * against 155, 2048² 1415 against 875–990 (bands of 16, 32, 64 at 2048: 1138–1208, 967–990,
 * 1124–1171). So bands of 32 from n = 1024, real dtypes, m ≥ n (a tall matrix is first reduced to
 * its n×n R by {@link TallSvd}'s QR, then this rule applies to R).
 */
public final class TwoStageSvd {
    /** Two stages from min(m, n) = n ≥ this. */
    public static final int MIN_N = 1024;
    /** The band width (and block size) of the first stage. */
    public static final int BAND = 32;

    private TwoStageSvd() {
    }

    /**
     * The band width for the singular values of a {@code rows × cols} matrix, or 0 for
     * {@code gesdd}.
     *
     * @param t    the dtype
     * @param rows m
     * @param cols n
     * @return {@link #BAND}, or 0
     */
    public static int band(DType t, long rows, long cols) {
        return !t.isComplex() && cols >= MIN_N && rows >= cols ? BAND : 0;
    }
}
