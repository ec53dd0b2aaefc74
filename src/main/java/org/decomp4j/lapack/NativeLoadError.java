package org.decomp4j.lapack;

import java.nio.file.Path;
import java.util.Optional;

/**
 * OpenBLAS could not be loaded. An {@link UnsatisfiedLinkError}, as the JDK's own load failures
 * are, so callers that catch those catch this; its message says which of the two usual causes
 * applies and the fix: JavaCPP's cache directory, where the bundled libraries are extracted, cannot
 * be written ({@link #unwritableCacheDir()} is present; fix: {@code -Dorg.bytedeco.javacpp.cachedir=}
 * a writable directory), or no binary exists for the platform (fix: the platform's artifact).
 */
public final class NativeLoadError extends UnsatisfiedLinkError {
    private static final long serialVersionUID = 1L;
    private final transient Path unwritableCacheDir;

    NativeLoadError(String message, Path unwritableCacheDir, Throwable cause) {
        super(message);
        this.unwritableCacheDir = unwritableCacheDir;
        initCause(cause);
    }

    /** JavaCPP's cache directory, when it is the cause: it cannot be created or written. */
    public Optional<Path> unwritableCacheDir() {
        return Optional.ofNullable(unwritableCacheDir);
    }
}
