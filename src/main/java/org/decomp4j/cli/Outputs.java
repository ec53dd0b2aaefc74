package org.decomp4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.decomp4j.io.OutputSet;

/**
 * The result files of one command, written together through {@link OutputSet}: the new set
 * replaces the previous one whole or not at all. With {@code --out DIR} the set is recorded in
 * {@code DIR/.decomp4j-set.json}, so a later run also removes the earlier set's members it does not
 * write again (no mixed set); files no manifest names are left alone, except one with the name of a
 * new member. Commands writing next to unrelated files (compress, denoise) replace only their own
 * names ({@link #beside}).
 */
final class Outputs {
    /** Writes one file at the given path. */
    @FunctionalInterface
    interface Content extends OutputSet.Content {
    }

    private final Path dir;
    private final OutputSet set;

    /** @param dir target directory, or {@code null} to write nothing */
    Outputs(Path dir) {
        this(dir, dir == null ? null : OutputSet.in(dir));
    }

    private Outputs(Path dir, OutputSet set) {
        this.dir = dir;
        this.set = set;
    }

    /** Files written next to others in {@code dir}: no manifest, only their own names replaced. */
    static Outputs beside(Path dir) {
        return new Outputs(dir, dir == null ? null : OutputSet.beside(dir));
    }

    /** Records what made the set (command, options) in its manifest. */
    Outputs option(String key, String value) {
        if (set != null) {
            set.option(key, value);
        }
        return this;
    }

    /** Adds a file (a plain name such as {@code U.npy}) to the set. */
    Outputs add(String name, Content content) {
        if (set != null) {
            set.add(name, content);
        }
        return this;
    }

    /**
     * Writes the set, creating the directory if needed.
     *
     * @return the file names written, in the order added; empty without a directory
     * @throws IOException if the directory cannot be created, a file cannot be written or a target
     *     name is a directory or a link (then the directory's previous files are as they were)
     */
    List<String> commit() throws IOException {
        return set == null ? List.of() : set.commit();
    }

    /** The directory, or {@code null}. */
    Path dir() {
        return dir;
    }
}
