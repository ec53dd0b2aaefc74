package org.decomp4j.bench.compare;

import org.decomp4j.DType;

/**
 * A library in the comparison. {@link #task} prepares its inputs in its own matrix type and
 * returns the call the benchmark times, or null where the library has no such operation (for
 * example, no full SVD or no float32).
 */
public interface Library {
    /** Short name used in JMH parameters and the report. */
    String name();

    /** Maven coordinates and version, or a description for the raw binding. */
    String version();

    /** How the library is called and how it uses threads, for the report. */
    String howCalled();

    /** Whether the library can do this operation in this dtype on this shape. */
    boolean supports(Op op, DType dtype, Shape shape);

    /** The timed call on this problem (inputs converted once, outside the timing). */
    Task task(Problem p);

    /** Every library of the comparison, in report order. */
    static Library[] all() {
        return new Library[] {new Decomp4jLib(), new LapackeLib(), new SmileLib(), new OjalgoLib(), new EjmlLib(),
            new HipparchusLib(), new CommonsMathLib(), new JamaLib()};
    }

    /** The library with this name. */
    static Library of(String name) {
        for (Library l : all()) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        throw new IllegalArgumentException("no library " + name);
    }
}
