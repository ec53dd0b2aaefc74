package org.decomp4j.engine;

import org.decomp4j.lapack.OpenBlas;

/**
 * What a process that owns its JVM (the command line) may ask of the native loading that a library
 * inside someone else's JVM may not.
 */
public final class CommandLineNatives {
    private CommandLineNatives() {
    }

    /**
     * Loads OpenBLAS straight from JavaCPP's cache when an earlier run recorded it there, and turns
     * JavaCPP's loader off for the rest of the process; call before the first native use. See
     * {@link OpenBlas#loadFromJavaCppCache()}.
     */
    public static void loadFromJavaCppCache() {
        OpenBlas.loadFromJavaCppCache();
    }
}
