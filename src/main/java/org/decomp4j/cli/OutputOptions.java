package org.decomp4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Where results are written, declared once: {@code --out DIR}. */
final class OutputOptions {
    @Option(names = "--out", order = 3, paramLabel = "DIR", description = "Write the results into DIR as .npy files"
            + " (created if missing). They appear only once all are complete. Without --out, only a"
            + " summary is printed. DIR/.decomp4j-set.json names the set written: a later run replaces that"
            + " whole set (members it does not write again are removed); other files in DIR are left alone,"
            + " except those with the name of a new result file. '-' writes the run's one matrix to standard"
            + " output as .npy (solve, lstsq, pinv, cholesky, svd/eigh --values-only), and the summary or"
            + " --json to standard error; a run that writes several files is refused.")
    Path out;

    /** The command this is mixed into: its name and arguments go into the set's manifest. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /**
     * A set of files to write into {@code --out}, or one that writes nothing without it.
     *
     * @throws IllegalArgumentException if {@code --out} names something that is not a directory, so
     *     that the mistake shows before the computation, not after
     */
    Outputs files() {
        if (Outputs.isStdout(out)) {
            return Outputs.stdout();
        }
        if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + ": exists and is not a directory");
        }
        Outputs files = new Outputs(out);
        if (mixee != null) {
            files.option("command", mixee.name());
            if (mixee.commandLine() != null && mixee.commandLine().getParseResult() != null) {
                files.option("arguments", String.join(" ", mixee.commandLine().getParseResult().originalArgs()));
            }
        }
        return files;
    }
}
