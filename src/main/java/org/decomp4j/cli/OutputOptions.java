package org.decomp4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine.Option;

/** Where results are written, declared once: {@code --out DIR}. */
final class OutputOptions {
    @Option(names = "--out", order = 3, paramLabel = "DIR", description = "Write the results into DIR as .npy files"
            + " (created if missing). They appear only once all are complete. Without --out, only a"
            + " summary is printed.")
    Path out;

    /**
     * A set of files to write into {@code --out}, or one that writes nothing without it.
     *
     * @throws IllegalArgumentException if {@code --out} names something that is not a directory, so
     *     that the mistake shows before the computation, not after
     */
    Outputs files() {
        if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + ": exists and is not a directory");
        }
        return new Outputs(out);
    }
}
