package org.decomp4j.engine;

import org.decomp4j.DType;
import org.decomp4j.Matrix;

/**
 * The typed refusal of a complex matrix by an operation that runs on real dtypes only, so that
 * such an input fails before any allocation or native call with a message naming the operation,
 * the dtype and what to do instead — never a crash inside LAPACK and never a silently dropped
 * imaginary part.
 */
public final class RealOnly {
    private RealOnly() {
    }

    /**
     * @param operation the public operation, e.g. {@code "Lu.of"}
     * @param m         its input (null is passed over: the operation's own null check names it)
     * @param fix       what the caller can do instead; may be empty
     * @throws IllegalArgumentException if {@code m} is complex
     */
    public static void check(String operation, Matrix m, String fix) {
        if (m != null) {
            check(operation, m.dtype(), fix);
        }
    }

    /** As {@link #check(String, Matrix, String)} for a dtype. */
    public static void check(String operation, DType t, String fix) {
        if (t.isComplex()) {
            throw new IllegalArgumentException(operation + ": " + t.numpyName() + " input is not supported"
                    + (fix == null || fix.isEmpty() ? "" : "; " + fix));
        }
    }
}
