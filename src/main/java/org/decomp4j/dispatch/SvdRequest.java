package org.decomp4j.dispatch;

import org.decomp4j.DType;
import org.decomp4j.Driver;
import org.decomp4j.Job;

/**
 * What the caller asks of an SVD, as the planner sees it.
 *
 * @param rows           m
 * @param cols           n
 * @param job            which vectors
 * @param dtype          precision
 * @param driver         requested driver, or {@link Driver#AUTO}
 * @param budgetBytes    memory budget: every native byte the decomposition may allocate
 * @param overwriteInput the caller lets the input be destroyed, saving one m×n copy
 */
public record SvdRequest(long rows, long cols, Job job, DType dtype, Driver driver, long budgetBytes,
                         boolean overwriteInput) {
    /**
     * Validates the request.
     *
     * @param rows m, in {@code [0, Integer.MAX_VALUE]}
     * @param cols n, in {@code [0, Integer.MAX_VALUE]}
     * @param job which vectors, not {@code null}
     * @param dtype precision, not {@code null}
     * @param driver requested driver, not {@code null}; a former name is replaced by its current
     *               one
     * @param budgetBytes memory budget in bytes, &gt; 0
     * @param overwriteInput whether the input may be destroyed
     * @throws IllegalArgumentException on a negative or over-32-bit shape, a null flag or a budget
     *                                  ≤ 0
     */
    public SvdRequest {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative shape " + rows + "×" + cols);
        }
        if (rows > Integer.MAX_VALUE || cols > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(String.format(
                    "%d×%d: LAPACK takes each dimension as a 32-bit integer (at most %d)", rows, cols,
                    Integer.MAX_VALUE));
        }
        if (job == null || dtype == null || driver == null) {
            throw new IllegalArgumentException("job, dtype and driver are required");
        }
        driver = driver.canonical(); // the former names plan as the current ones
        if (budgetBytes <= 0) {
            throw new IllegalArgumentException("memory budget must be positive, got " + budgetBytes);
        }
    }

    /**
     * {@code min(rows, cols)}.
     *
     * @return k, ≥ 0
     */
    public long k() {
        return Math.min(rows, cols);
    }

    // equals and hashCode written out (the planner's cache key): a record's generated ones bootstrap
    // method handles on their first call, ~30–40 ms of a fresh JVM's first SVD

    @Override
    public boolean equals(Object o) {
        return o instanceof SvdRequest r && r.rows == rows && r.cols == cols && r.job == job && r.dtype == dtype
                && r.driver == driver && r.budgetBytes == budgetBytes && r.overwriteInput == overwriteInput;
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(rows);
        h = 31 * h + Long.hashCode(cols);
        h = 31 * h + job.hashCode();
        h = 31 * h + dtype.hashCode();
        h = 31 * h + driver.hashCode();
        h = 31 * h + Long.hashCode(budgetBytes);
        return 31 * h + Boolean.hashCode(overwriteInput);
    }
}
