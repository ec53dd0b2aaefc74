package org.decomp4j;

/**
 * How to solve a general eigenproblem ({@link Eig}). Immutable.
 *
 * @param right        compute right eigenvectors {@code A·v = λ·v} (default true)
 * @param left         compute left eigenvectors {@code uᴴ·A = λ·uᴴ} (default false; SciPy's {@code left=True})
 * @param memoryBudget bytes the call may allocate; 0 means the global default
 *                     ({@link NativeConfig#memoryBudget()})
 * @param finiteCheck  scan the input for NaN/Inf first ({@link FiniteCheck#ON} by default)
 */
public record EigOptions(boolean right, boolean left, long memoryBudget, FiniteCheck finiteCheck) {
    /**
     * Validates the options.
     *
     * @param right compute right eigenvectors
     * @param left compute left eigenvectors
     * @param memoryBudget bytes, ≥ 0; 0 for the global default
     * @param finiteCheck whether to scan the input, not {@code null}
     */
    public EigOptions {
        if (finiteCheck == null) {
            throw new IllegalArgumentException("finiteCheck must not be null");
        }
        if (memoryBudget < 0) {
            throw new IllegalArgumentException("memory budget must be positive (or 0 for the default), got " + memoryBudget);
        }
    }

    /**
     * Eigenvalues and right eigenvectors (NumPy's {@code eig}).
     *
     * @return options for values and right vectors
     */
    public static EigOptions rightVectors() {
        return new EigOptions(true, false, 0, FiniteCheck.ON);
    }

    /**
     * Eigenvalues, left and right eigenvectors (SciPy's {@code eig(a, left=True)}).
     *
     * @return options for values, left and right vectors
     */
    public static EigOptions bothVectors() {
        return new EigOptions(true, true, 0, FiniteCheck.ON);
    }

    /**
     * Eigenvalues only (NumPy's {@code eigvals}).
     *
     * @return options for values alone
     */
    public static EigOptions valuesOnly() {
        return new EigOptions(false, false, 0, FiniteCheck.ON);
    }

    /**
     * These options with left eigenvectors on or off.
     *
     * @param on whether to compute them
     * @return new options
     */
    public EigOptions left(boolean on) {
        return new EigOptions(right, on, memoryBudget, finiteCheck);
    }

    /**
     * These options with right eigenvectors on or off.
     *
     * @param on whether to compute them
     * @return new options
     */
    public EigOptions right(boolean on) {
        return new EigOptions(on, left, memoryBudget, finiteCheck);
    }

    /**
     * These options with a per-call memory budget in bytes (0 = global default).
     *
     * @param bytes the budget, ≥ 0
     * @return new options
     */
    public EigOptions memoryBudget(long bytes) {
        return new EigOptions(right, left, bytes, finiteCheck);
    }

    /**
     * These options with the finiteness scan on or off.
     *
     * @param f ON or OFF
     * @return new options
     */
    public EigOptions finiteCheck(FiniteCheck f) {
        return new EigOptions(right, left, memoryBudget, f);
    }
}
