package org.decomp4j.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A pass over a {@link DiskMatrix} failed: a file became shorter than its header claims, changed
 * (size or modification time) after it was opened, or could not be read. Unchecked, since passes
 * run inside {@link org.decomp4j.LinearOperator} products; the message names the file and the
 * block, and {@link #getCause()} is the underlying {@link IOException} (a
 * {@link MatrixFormatException} for a file that no longer matches its header).
 */
public class DiskMatrixException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    /** The 0-based row block being read, or -1 for a check before the first block. */
    private final int block;

    /**
     * @param file  the file that failed
     * @param block 0-based index of the row block being read, or -1 for a check before the first block
     * @param cause what failed
     */
    public DiskMatrixException(Path file, int block, IOException cause) {
        super(cause.getMessage(), cause);
        this.file = file;
        this.block = block;
    }

    /**
     * The file that failed.
     * @return the file that failed
     */
    public Path file() {
        return file;
    }

    /**
     * The 0-based row block being read when it failed, or -1 for a check before the first block.
     * @return the 0-based row block being read when it failed, or -1 for a check before the first block
     */
    public int block() {
        return block;
    }
}
