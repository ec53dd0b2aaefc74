package org.decomp4j;

import org.decomp4j.dispatch.EighRequest;

/**
 * How to solve a symmetric eigenproblem ({@link Eigh}). Immutable; each modifier returns a new
 * instance.
 *
 * <pre>{@code
 * Eigh.of(a, EighOptions.byIndex(n - 20, n - 1));        // the 20 largest pairs (syevr)
 * Eigh.of(a, EighOptions.byValue(0, 1).lower());          // λ in (0, 1], lower triangle as is
 * Eigh.of(a, EighOptions.all().driver(EighDriver.SYEVR)); // all pairs by MRRR
 * }</pre>
 *
 * @param subset       which eigenvalues: all, an index range, or a value interval
 * @param fromIndex    first index of an index subset (0-based, inclusive, of the ascending eigenvalues)
 * @param toIndex      last index (inclusive), as SciPy's {@code subset_by_index}
 * @param fromValue    lower end of a value interval (exclusive), as SciPy's {@code subset_by_value}
 * @param toValue      upper end (inclusive)
 * @param vectors      compute eigenvectors (default true)
 * @param triangle     the triangle to read as it is, without the symmetry check (SciPy's
 *                     {@code lower=}); null (the default) checks that A is symmetric and reads
 *                     the lower triangle, as NumPy's {@code UPLO='L'}
 * @param driver       routine for the standard problem, {@link EighDriver#AUTO} by default
 * @param memoryBudget bytes the call may allocate; 0 means the global default
 *                     ({@link NativeConfig#memoryBudget()})
 * @param finiteCheck  scan the input for NaN/Inf first ({@link FiniteCheck#ON} by default)
 */
public record EighOptions(EighRequest.Subset subset, int fromIndex, int toIndex, double fromValue, double toValue,
                          boolean vectors, Cholesky.Triangle triangle, EighDriver driver, long memoryBudget,
                          FiniteCheck finiteCheck) {
    /**
     * Validates the options (an index range against the matrix's order only when solving).
     *
     * @param subset ALL, INDEX or VALUE, not {@code null}
     * @param fromIndex first index of an index subset (0-based)
     * @param toIndex last index of an index subset (inclusive)
     * @param fromValue lower end of a value interval (exclusive)
     * @param toValue upper end of a value interval (inclusive)
     * @param vectors whether to compute eigenvectors
     * @param triangle the triangle read as it is, or {@code null} to check symmetry
     * @param driver the routine for the standard problem, not {@code null}
     * @param memoryBudget bytes, ≥ 0; 0 for the global default
     * @param finiteCheck whether to scan the input, not {@code null}
     */
    public EighOptions {
        if (subset == null || driver == null || finiteCheck == null) {
            throw new IllegalArgumentException("subset, driver and finiteCheck must not be null");
        }
        if (subset == EighRequest.Subset.INDEX && (fromIndex < 0 || toIndex < fromIndex)) {
            throw new IllegalArgumentException(String.format(
                    "eigh: index subset needs 0 ≤ lo ≤ hi (0-based, inclusive), got lo %d, hi %d", fromIndex, toIndex));
        }
        if (subset == EighRequest.Subset.VALUE
                && !(Double.isFinite(fromValue) && Double.isFinite(toValue) && fromValue < toValue)) {
            throw new IllegalArgumentException(String.format(
                    "eigh: value subset (lo, hi] needs finite lo < hi, got (%s, %s]", fromValue, toValue));
        }
        if (memoryBudget < 0) {
            throw new IllegalArgumentException("memory budget must be positive (or 0 for the default), got " + memoryBudget);
        }
    }

    /**
     * All eigenpairs (NumPy's {@code eigh}).
     *
     * @return options for all pairs
     */
    public static EighOptions all() {
        return new EighOptions(EighRequest.Subset.ALL, 0, -1, 0, 0, true, null, EighDriver.AUTO, 0, FiniteCheck.ON);
    }

    /**
     * All eigenvalues, no vectors (NumPy's {@code eigvalsh}).
     *
     * @return options for all eigenvalues, no vectors
     */
    public static EighOptions valuesOnly() {
        return all().vectors(false);
    }

    /**
     * The pairs {@code lo..hi} (0-based, inclusive) of the ascending eigenvalues, SciPy's
     * {@code subset_by_index=[lo, hi]}: {@code byIndex(n - k, n - 1)} gives the k largest.
     *
     * @param lo first index, 0-based
     * @param hi last index, inclusive
     * @return options for that index range
     */
    public static EighOptions byIndex(int lo, int hi) {
        return new EighOptions(EighRequest.Subset.INDEX, lo, hi, 0, 0, true, null, EighDriver.AUTO, 0, FiniteCheck.ON);
    }

    /**
     * The pairs whose eigenvalue lies in {@code (lo, hi]}, SciPy's {@code subset_by_value=[lo, hi]}.
     *
     * @param lo lower end, exclusive
     * @param hi upper end, inclusive
     * @return options for that value interval
     */
    public static EighOptions byValue(double lo, double hi) {
        return new EighOptions(EighRequest.Subset.VALUE, 0, -1, lo, hi, true, null, EighDriver.AUTO, 0, FiniteCheck.ON);
    }

    /**
     * These options with eigenvectors on or off.
     *
     * @param on whether to compute eigenvectors
     * @return new options
     */
    public EighOptions vectors(boolean on) {
        return new EighOptions(subset, fromIndex, toIndex, fromValue, toValue, on, triangle, driver, memoryBudget,
                finiteCheck);
    }

    /**
     * These options reading the lower triangle as it is (no symmetry check), SciPy's {@code lower=True}.
     *
     * @return new options
     */
    public EighOptions lower() {
        return triangle(Cholesky.Triangle.LOWER);
    }

    /**
     * These options reading the upper triangle as it is (no symmetry check), SciPy's {@code lower=False}.
     *
     * @return new options
     */
    public EighOptions upper() {
        return triangle(Cholesky.Triangle.UPPER);
    }

    /**
     * These options reading {@code t} as it is; null checks symmetry and reads the lower triangle.
     *
     * @param t LOWER, UPPER or {@code null}
     * @return new options
     */
    public EighOptions triangle(Cholesky.Triangle t) {
        return new EighOptions(subset, fromIndex, toIndex, fromValue, toValue, vectors, t, driver, memoryBudget,
                finiteCheck);
    }

    /**
     * These options with another driver.
     *
     * @param d AUTO, SYEVD, SYEVR or STEDC (all pairs with vectors of a real matrix only)
     * @return new options
     */
    public EighOptions driver(EighDriver d) {
        return new EighOptions(subset, fromIndex, toIndex, fromValue, toValue, vectors, triangle, d, memoryBudget,
                finiteCheck);
    }

    /**
     * These options with a per-call memory budget in bytes (0 = global default).
     *
     * @param bytes the budget, ≥ 0
     * @return new options
     */
    public EighOptions memoryBudget(long bytes) {
        return new EighOptions(subset, fromIndex, toIndex, fromValue, toValue, vectors, triangle, driver, bytes,
                finiteCheck);
    }

    /**
     * These options with the finiteness scan on or off.
     *
     * @param f ON or OFF
     * @return new options
     */
    public EighOptions finiteCheck(FiniteCheck f) {
        return new EighOptions(subset, fromIndex, toIndex, fromValue, toValue, vectors, triangle, driver, memoryBudget,
                f);
    }
}
