package org.decomp4j;

/**
 * How {@link LinAlg#lstsq(Matrix, Matrix, LstsqOptions)} solves. Immutable.
 *
 * <pre>{@code
 * LinAlg.lstsq(a, b, LstsqOptions.driver(LstsqDriver.GELSY).rcond(1e-10));
 * }</pre>
 *
 * @param driver the LAPACK driver ({@link LstsqDriver#GELSD} by default, as NumPy)
 * @param rcond  the rank threshold; negative (the default) means NumPy's {@code max(m, n)·eps} of
 *               the computing dtype. For gelsd and gelss, singular values {@code ≤ rcond·σ₁} count
 *               as zero; for gelsy, the rank is the largest leading triangle of the pivoted R whose
 *               estimated reciprocal condition number is above {@code rcond} (see {@link LstsqDriver#GELSY})
 * @param fastPath whether {@link LstsqDriver#GELSY} may take its full-rank fast path (unpivoted
 *               QR; the default, true); false always runs the pivoted {@code ?gelsy}. No effect
 *               on the other drivers
 */
public record LstsqOptions(LstsqDriver driver, double rcond, boolean fastPath) {
    /**
     * Validates the options.
     *
     * @param driver the LAPACK driver, not {@code null}
     * @param rcond the rank threshold, not NaN; negative for the default
     * @param fastPath whether gelsy may take its full-rank fast path
     */
    public LstsqOptions {
        if (driver == null) {
            throw new IllegalArgumentException("lstsq: driver must not be null (choose gelsd, gelsy or gelss)");
        }
        if (Double.isNaN(rcond)) {
            throw new IllegalArgumentException("lstsq: rcond is NaN");
        }
    }

    /**
     * The given driver and rcond, gelsy's fast path allowed.
     *
     * @param driver the LAPACK driver, not {@code null}
     * @param rcond the rank threshold, not NaN; negative for the default
     */
    public LstsqOptions(LstsqDriver driver, double rcond) {
        this(driver, rcond, true);
    }

    /**
     * gelsd with NumPy's default rcond.
     *
     * @return gelsd with rcond -1 (resolved to {@code max(m, n)·eps} at solve time)
     */
    public static LstsqOptions defaults() {
        return new LstsqOptions(LstsqDriver.GELSD, -1);
    }

    /**
     * The given driver with NumPy's default rcond.
     *
     * @param d the LAPACK driver, not {@code null}
     * @return options with driver {@code d} and rcond -1
     */
    public static LstsqOptions driver(LstsqDriver d) {
        return new LstsqOptions(d, -1);
    }

    /**
     * These options with another rcond (negative: the default {@code max(m, n)·eps}).
     *
     * @param r the rank threshold, not NaN; negative for the default
     * @return new options with this driver and rcond {@code r}
     */
    public LstsqOptions rcond(double r) {
        return new LstsqOptions(driver, r, fastPath);
    }

    /**
     * These options with gelsy's full-rank fast path allowed (the default) or not; false makes
     * gelsy run the pivoted {@code ?gelsy} whatever A's conditioning, as SciPy does.
     *
     * @param allowed whether {@link LstsqDriver#GELSY} may take its fast path
     * @return new options with this driver and rcond
     */
    public LstsqOptions fastPath(boolean allowed) {
        return new LstsqOptions(driver, rcond, allowed);
    }
}
