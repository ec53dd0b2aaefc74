package org.decomp4j.bench.compare;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One library's measured call on one {@link Problem}: {@code compute} is what is timed (input
 * already in the library's own matrix type, as a caller would hold it); {@code validate} checks a
 * result of {@code compute} once in setup. Results that hold native memory (decomp4j's) are
 * closed by the benchmark after each call, which is part of their cost.
 */
public record Task(Supplier<Object> compute, Consumer<Object> validate) {
    /**
     * Runs the call twice and checks the second result (a library that overwrote its input in the
     * first call would fail here); closes results that are closeable.
     */
    public void check() {
        release(compute.get());
        Object r = compute.get();
        try {
            validate.accept(r);
        } finally {
            release(r);
        }
    }

    /** Closes a result that holds native memory. */
    public static void release(Object r) {
        if (r instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
