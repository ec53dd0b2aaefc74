package org.decomp4j.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** The right-hand side of {@code solve} and {@code lstsq}, declared once. */
final class RhsOptions {
    @Option(names = "--rhs", order = 2, required = true, paramLabel = "FILE", description = "Right-hand side B: m×k, or"
            + " a vector of length m (a 1-D .npy is a column); same formats as --in.")
    Path rhs;
}
