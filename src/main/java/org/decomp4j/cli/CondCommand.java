package org.decomp4j.cli;

import org.decomp4j.Matrix;
import org.decomp4j.Svd;
import org.decomp4j.SvdOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code decomp4j cond}: the 2-norm condition number {@code s_max / s_min}, {@code Infinity} for
 * a singular matrix. Prints the number alone (Java's shortest round-trip form); JSON adds
 * {@code cond}, the string {@code "Infinity"} when singular.
 */
@Command(name = "cond", sortOptions = false,
        description = {"2-norm condition number s_max / s_min (Infinity for a singular matrix).",
            "Prints the number alone (use --json for details)."})
public final class CondCommand extends BaseCommand {
    @Mixin
    InputOptions input;

    /** Picocli creates commands through their no-argument constructor. */
    public CondCommand() {
    }

    @Override
    void run(Report report) throws Exception {
        try (Matrix a = input.read()) {
            if (a.rows() == 0 || a.cols() == 0) {
                throw new IllegalArgumentException("--in " + input.in + " is " + a.rows() + "×" + a.cols()
                        + ": the condition number of an empty matrix is undefined");
            }
            try (Svd svd = report.time(() -> Svd.of(a, SvdOptions.valuesOnly()))) {
                double cond = svd.cond();
                report.bare()
                        .matrix(input.in.toString(), a.rows(), a.cols(), svd.dtype())
                        .driver(svd.routine(), svd.plan().reason())
                        .put("cond", cond)
                        .line(Double.toString(cond));
            }
        }
    }
}
