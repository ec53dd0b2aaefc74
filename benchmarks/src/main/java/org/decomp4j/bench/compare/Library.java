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

    /**
     * What actually ran underneath, known once the library has been used (e.g. netlib-java's JNI or
     * F2J path); empty where the version says it all.
     */
    default String backend() {
        return "";
    }

    /**
     * The native JVM peers ({@link NativePeers}), each run in its own JVM on its own class path
     * (ND4J's OpenBLAS 0.3.19 must never meet decomp4j's 0.3.31), so not in {@link #all()}.
     */
    String[] NATIVE_PEERS = {"netlib", "netlib-F2J", "jblas", "ND4J"};

    /**
     * The library with this name, a native peer included; only that peer's classes are loaded
     * (the others are not on its class path).
     */
    static Library named(String name) {
        return switch (name) {
            case "netlib" -> new NetlibLib(false);
            case "netlib-F2J" -> new NetlibLib(true);
            case "jblas" -> new JblasLib();
            case "ND4J" -> new Nd4jLib();
            default -> of(name);
        };
    }

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
