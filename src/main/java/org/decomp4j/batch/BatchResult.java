package org.decomp4j.batch;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of one input of a batch: its factors, or the error that stopped it.
 *
 * @param index   0-based position of the input in the batch
 * @param name    the input's name
 * @param factors the factors on the heap (empty on failure)
 * @param error   what failed (reading, validation, the decomposition), or null
 * @param nanos   time spent on this input by its worker (reading included)
 */
public record BatchResult(long index, String name, List<Factor> factors, Throwable error, long nanos) {
    /**
     * Copies the factor list.
     *
     * @param index 0-based position of the input
     * @param name the input's name
     * @param factors the factors; copied into an unmodifiable list
     * @param error the failure, or null on success
     * @param nanos worker time, in nanoseconds
     */
    public BatchResult {
        factors = List.copyOf(factors);
    }

    /**
     * True if the input was decomposed.
     *
     * @return whether {@link #error()} is null
     */
    public boolean ok() {
        return error == null;
    }

    /**
     * The factor of this name ({@code "U"}, {@code "S"}, …).
     *
     * @param factorName e.g. {@code "U"}, {@code "S"}, {@code "piv"}
     * @return the factor, on the heap
     * @throws IllegalStateException if this input failed
     * @throws IllegalArgumentException if the decomposition has no such factor
     */
    public Factor factor(String factorName) {
        if (error != null) {
            throw new IllegalStateException("input " + index + " (" + name + ") failed: " + error.getMessage(), error);
        }
        for (Factor f : factors) {
            if (f.name().equals(factorName)) {
                return f;
            }
        }
        throw new IllegalArgumentException("no factor " + factorName + " among "
                + factors.stream().map(Factor::name).toList());
    }

    /**
     * The error message, if this input failed.
     *
     * @return the error's simple class name and message, or empty on success
     */
    public Optional<String> errorMessage() {
        return error == null ? Optional.empty() : Optional.of(error.getClass().getSimpleName() + ": " + error.getMessage());
    }
}
