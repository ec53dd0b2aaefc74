package org.decomp4j;

/**
 * How to compute an SVD. Immutable; each {@code with}-style method returns a new instance.
 *
 * <pre>{@code
 * Svd.of(a, SvdOptions.full().driver(Driver.GESVD).memoryBudget(256L << 20));
 * }</pre>
 *
 * @param job            which vectors: {@link Job#THIN} (default), {@link Job#ALL} or {@link Job#NONE}
 * @param driver         LAPACK driver, {@link Driver#AUTO} by default
 * @param memoryBudget   bytes the call may allocate; 0 means the global default
 *                       ({@link NativeConfig#memoryBudget()})
 * @param finiteCheck    scan the input for NaN/Inf first ({@link FiniteCheck#ON} by default)
 * @param signFlip       make the largest-magnitude entry of each right singular vector positive,
 *                       as scikit-learn's {@code svd_flip} (default true), so results do not
 *                       depend on the driver's sign choices
 * @param overwrite      let LAPACK destroy the input instead of a copy, saving {@code m·n}
 *                       elements (default false; ignored for views the routine cannot use in place)
 */
public record SvdOptions(Job job, Driver driver, long memoryBudget, FiniteCheck finiteCheck, boolean signFlip,
                         boolean overwrite) {
    /**
     * Validates the options.
     *
     * @param job which vectors, not {@code null}
     * @param driver the LAPACK driver, not {@code null}
     * @param memoryBudget bytes, ≥ 0; 0 for the global default
     * @param finiteCheck whether to scan the input, not {@code null}
     * @param signFlip whether to apply the sign convention
     * @param overwrite whether LAPACK may destroy the input
     */
    public SvdOptions {
        if (job == null || driver == null || finiteCheck == null) {
            throw new IllegalArgumentException("job, driver and finiteCheck must not be null");
        }
        if (memoryBudget < 0) {
            throw new IllegalArgumentException("memory budget must be positive (or 0 for the default), got " + memoryBudget);
        }
    }

    /**
     * Thin SVD ({@code U} m×k, {@code Vᵀ} k×n), AUTO driver: NumPy's {@code full_matrices=False}.
     *
     * @return THIN, AUTO, default budget, scan on, sign flip on, input kept
     */
    public static SvdOptions thin() {
        return new SvdOptions(Job.THIN, Driver.AUTO, 0, FiniteCheck.ON, true, false);
    }

    /**
     * Full SVD ({@code U} m×m, {@code Vᵀ} n×n): NumPy's {@code full_matrices=True}.
     *
     * @return {@link #thin()} with {@link Job#ALL}
     */
    public static SvdOptions full() {
        return thin().job(Job.ALL);
    }

    /**
     * Singular values only: NumPy's {@code compute_uv=False}.
     *
     * @return {@link #thin()} with {@link Job#NONE}
     */
    public static SvdOptions valuesOnly() {
        return thin().job(Job.NONE);
    }

    /**
     * These options with another job.
     *
     * @param j the job, not {@code null}
     * @return new options
     */
    public SvdOptions job(Job j) {
        return new SvdOptions(j, driver, memoryBudget, finiteCheck, signFlip, overwrite);
    }

    /**
     * These options with another driver.
     *
     * @param d the driver, not {@code null}
     * @return new options
     */
    public SvdOptions driver(Driver d) {
        return new SvdOptions(job, d, memoryBudget, finiteCheck, signFlip, overwrite);
    }

    /**
     * These options with a per-call memory budget in bytes (0 = global default).
     *
     * @param bytes the budget, ≥ 0; 0 for the global default
     * @return new options
     */
    public SvdOptions memoryBudget(long bytes) {
        return new SvdOptions(job, driver, bytes, finiteCheck, signFlip, overwrite);
    }

    /**
     * These options with the finiteness scan on or off.
     *
     * @param f ON or OFF, not {@code null}
     * @return new options
     */
    public SvdOptions finiteCheck(FiniteCheck f) {
        return new SvdOptions(job, driver, memoryBudget, f, signFlip, overwrite);
    }

    /**
     * These options with the deterministic sign convention on or off.
     *
     * @param on true for the convention, false to keep the driver's signs
     * @return new options
     */
    public SvdOptions signFlip(boolean on) {
        return new SvdOptions(job, driver, memoryBudget, finiteCheck, on, overwrite);
    }

    /**
     * These options, letting LAPACK overwrite the input matrix (its contents become undefined).
     *
     * @return new options with {@code overwrite} true
     */
    public SvdOptions overwriteInput() {
        return new SvdOptions(job, driver, memoryBudget, finiteCheck, signFlip, true);
    }
}
