package org.decomp4j.cli;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    /** Writes one {@code .npy} to a stream: a file in a set, or standard output under {@code --out -}. */
    @FunctionalInterface
    interface NpyContent {
        void writeTo(OutputStream out) throws IOException;
    }

    private final Path dir;
    private final OutputSet set;
    /** Under {@code --out -}: the names added, and the one member that can go to standard output. */
    private final List<String> toStdout;
    private NpyContent streamed;

    /** @param dir target directory, or {@code null} to write nothing */
    Outputs(Path dir) {
        this(dir, dir == null ? null : OutputSet.in(dir), false);
    }

    private Outputs(Path dir, OutputSet set, boolean stdout) {
        this.dir = dir;
        this.set = set;
        this.toStdout = stdout ? new ArrayList<>() : null;
    }

    /**
     * {@code --out -}: the run's one matrix goes to standard output as {@code .npy}, and nothing
     * else does (the report goes to standard error: {@link #isStdout}). A run that writes several
     * files is refused at {@link #commit()}, naming them.
     */
    static Outputs stdout() {
        return new Outputs(null, null, true);
    }

    /** True for the argument {@code -} of {@code --out}. */
    static boolean isStdout(Path out) {
        return out != null && out.toString().equals("-");
    }

    /** Files written next to others in {@code dir}: no manifest, only their own names replaced. */
    static Outputs beside(Path dir) {
        return new Outputs(dir, dir == null ? null : OutputSet.beside(dir), false);
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
        if (toStdout != null) {
            toStdout.add(name); // only an npy member can be streamed: commit refuses this set
        }
        if (set != null) {
            set.add(name, content);
        }
        return this;
    }

    /** Adds a {@code .npy} member, written as a file in a set, or to standard output under {@code --out -}. */
    Outputs npy(String name, NpyContent content) {
        if (toStdout != null) {
            toStdout.add(name);
            streamed = toStdout.size() == 1 ? content : null;
            return this;
        }
        return add(name, f -> {
            try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(f), 1 << 16)) {
                content.writeTo(o);
            }
        });
    }

    /**
     * Writes the set, creating the directory if needed.
     *
     * @return the file names written, in the order added; empty without a directory
     * @throws IOException if the directory cannot be created, a file cannot be written or a target
     *     name is a directory or a link (then the directory's previous files are as they were)
     */
    List<String> commit() throws IOException {
        if (toStdout != null) {
            if (toStdout.size() != 1 || streamed == null) {
                throw new IllegalArgumentException("--out -: standard output takes one matrix, and this run writes "
                        + (toStdout.isEmpty() ? "none" : String.join(", ", toStdout)) + "; give a directory, --out DIR");
            }
            // System.out at this moment, not at start-up: a caller (or test) may have replaced it
            OutputStream out = new BufferedOutputStream(new FilterOutputStream(System.out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush(); // standard output stays open for the JVM
                }
            }, 1 << 16);
            try (out) {
                streamed.writeTo(out);
            }
            if (System.out.checkError()) {
                throw new IOException("standard output: write failed (a closed pipe?)");
            }
            return List.of();
        }
        return set == null ? List.of() : set.commit();
    }

    /** The directory, or {@code null}. */
    Path dir() {
        return dir;
    }
}
