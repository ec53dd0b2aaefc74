package org.decomp4j;

/**
 * Whether inputs are scanned for NaN and infinities before LAPACK sees them, as SciPy's
 * {@code check_finite}. The scan costs one pass over the input (O(mn), small beside any
 * decomposition).
 */
public enum FiniteCheck {
    /** Scan and raise {@link NonFiniteInputException} naming the first bad entry (the default). */
    ON,
    /**
     * Skip the scan. Only for inputs known to be finite: LAPACK given NaN or infinity may return
     * NaN factors, report non-convergence, or run for a very long time.
     */
    OFF
}
