package org.decomp4j.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that it appears whole or not at all: every writer of this package goes
 * through {@link #write}.
 *
 * <p>The content goes to a temporary file beside the target ({@code .NAME.tmp-<random>}, same
 * directory so that the final rename stays on one file system), is flushed and forced to the
 * device, and is then renamed over the target atomically. If anything fails, the temporary file
 * is deleted and the failure rethrown; an existing target is left as it was. A reader therefore
 * never sees a half-written matrix, even if the process dies mid-write (a crash may leave a stray
 * temporary file, never a truncated target).
 *
 * <p>The rename replaces a symbolic link at the target rather than the file it points to, and
 * the new file gets default permissions, not those of the file it replaces.
 */
public final class AtomicFiles {
    private static final int BUFFER_BYTES = 1 << 16;
    private static final int MAX_NAME_IN_TEMP = 100; // keeps the temp name under file-system limits
    private static final int CREATE_ATTEMPTS = 16;

    private AtomicFiles() {
    }

    /** What to write: receives a buffered stream to the temporary file. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the whole content to {@code out}. Closing {@code out} is allowed and only
         * flushes it; {@link AtomicFiles#write} closes the file itself.
         *
         * @param out the temporary file's stream, buffered by the caller if needed
         * @throws IOException to abandon the write (the target is left untouched)
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} atomically: through a temporary file in the same directory, forced
     * to disk, then renamed over {@code target}. Cost: the content's own, one {@code fsync} and
     * one rename.
     *
     * @param target  file to create or replace; its directory must exist
     * @param content writes the bytes
     * @throws IOException if the directory cannot be written, {@code target} is a directory,
     *     the file system cannot rename atomically, or {@code content} fails (rethrown as is,
     *     after the temporary file is deleted)
     */
    public static void write(Path target, Content content) throws IOException {
        Path abs = target.toAbsolutePath();
        Path name = abs.getFileName();
        Path dir = abs.getParent();
        if (name == null || dir == null) {
            throw new IOException(target + ": not a file path");
        }
        if (Files.isDirectory(abs)) {
            throw new IOException(target + ": is a directory");
        }
        String base = name.toString();
        if (base.length() > MAX_NAME_IN_TEMP) {
            base = base.substring(0, MAX_NAME_IN_TEMP);
        }
        FileChannel channel = null;
        Path tmp = null;
        for (int attempt = 0; channel == null; attempt++) {
            tmp = dir.resolve("." + base + ".tmp-"
                    + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
            try {
                channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                if (attempt + 1 == CREATE_ATTEMPTS) {
                    throw e;
                }
            }
        }
        try {
            try (FileChannel ch = channel) {
                BufferedOutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(ch), BUFFER_BYTES);
                content.writeTo(new FlushOnClose(buffered));
                buffered.flush();
                ch.force(true);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (Throwable failure) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
            }
            throw failure;
        }
    }

    /**
     * Hands the content a stream it may close: closing must not close the channel, which is
     * still needed for {@code force}. Bulk writes are passed through (FilterOutputStream would
     * split them into single bytes).
     */
    private static final class FlushOnClose extends OutputStream {
        private final OutputStream out;

        FlushOnClose(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
