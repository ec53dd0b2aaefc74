package org.decomp4j;

/**
 * An allocation would take decomp4j's live native memory past the process-wide limit
 * ({@code decomp4j.nativeMemoryLimit}), even after a garbage collection and the cleaner had freed
 * what was unreachable.
 *
 * <p>Why an {@link OutOfMemoryError} and not a {@link DecompositionException}: it can come from
 * any allocation ({@code Matrix.zeros}, a file reader, a product), not only from a decomposition,
 * and it is the JVM's own answer to the same situation for direct buffers
 * ({@code -XX:MaxDirectMemorySize}: collect, retry, then {@code OutOfMemoryError}). Code that already
 * handles running out of memory — the CLI's exit code 2, a server's last-resort handler — handles
 * it unchanged; code that wants to tell the limit from a refusal of the C heap catches this type.
 */
public class NativeMemoryLimitError extends OutOfMemoryError {
    private static final long serialVersionUID = 1L;
    /** Bytes the refused allocation asked for. */
    private final long requestedBytes;
    /** Live native bytes when it was refused. */
    private final long liveBytes;
    /** The limit in force. */
    private final long limitBytes;

    /**
     * An allocation refused at the limit.
     *
     * @param requestedBytes bytes asked for
     * @param liveBytes      bytes live when refused
     * @param limitBytes     the limit in force
     * @param message        full message: what was asked, what is live, the limit and the setting
     */
    public NativeMemoryLimitError(long requestedBytes, long liveBytes, long limitBytes, String message) {
        super(message);
        this.requestedBytes = requestedBytes;
        this.liveBytes = liveBytes;
        this.limitBytes = limitBytes;
    }

    /**
     * Bytes the refused allocation asked for.
     *
     * @return the request, in bytes
     */
    public long requestedBytes() {
        return requestedBytes;
    }

    /**
     * decomp4j's live native bytes when the allocation was refused (after the collection).
     *
     * @return live bytes
     */
    public long liveBytes() {
        return liveBytes;
    }

    /**
     * The process-wide limit in force.
     *
     * @return the limit, in bytes
     */
    public long limitBytes() {
        return limitBytes;
    }
}
