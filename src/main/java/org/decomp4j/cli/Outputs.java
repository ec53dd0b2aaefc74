package org.decomp4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The result files of one command, written together: all into a hidden staging directory inside
 * {@code DIR} first, then renamed into place. Every file is whole when it appears (the writers of
 * {@code org.decomp4j.io} are atomic), and a failure while writing any of them (disk full, say)
 * leaves none of the set in {@code DIR}; only the renames come after the last write, and a rename
 * within one file system is atomic. A process killed mid-write may leave a hidden
 * {@code .decomp4j-*} staging directory behind, never a partial result file.
 */
final class Outputs {
    /** Writes one file at the given path. */
    @FunctionalInterface
    interface Content {
        void writeTo(Path file) throws IOException;
    }

    private final Path dir;
    private final Map<String, Content> files = new LinkedHashMap<>();

    /** @param dir target directory, or {@code null} to write nothing */
    Outputs(Path dir) {
        this.dir = dir;
    }

    /** Adds a file (a plain name such as {@code U.npy}) to the set. */
    Outputs add(String name, Content content) {
        files.put(name, content);
        return this;
    }

    /**
     * Writes the set, creating the directory if needed.
     *
     * @return the file names written, in the order added; empty without a directory
     * @throws IOException if the directory cannot be created or a file cannot be written (then no
     *     file of the set is left in the directory)
     */
    List<String> commit() throws IOException {
        if (dir == null || files.isEmpty()) {
            return List.of();
        }
        Files.createDirectories(dir);
        Path stage = Files.createTempDirectory(dir, ".decomp4j-");
        try {
            for (Map.Entry<String, Content> f : files.entrySet()) {
                f.getValue().writeTo(stage.resolve(f.getKey()));
            }
            for (String name : files.keySet()) {
                Files.move(stage.resolve(name), dir.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException | Error e) {
            try {
                deleteTree(stage);
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        Files.deleteIfExists(stage);
        return new ArrayList<>(files.keySet());
    }

    private static void deleteTree(Path stage) throws IOException {
        try (Stream<Path> left = Files.list(stage)) {
            for (Path p : left.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(stage);
    }

    /** The directory, or {@code null}. */
    Path dir() {
        return dir;
    }
}
