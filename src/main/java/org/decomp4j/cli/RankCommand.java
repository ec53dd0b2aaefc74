package org.decomp4j.cli;

import org.decomp4j.Matrix;
import org.decomp4j.Svd;
import org.decomp4j.SvdOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code decomp4j rank}: the numerical rank, the number of singular values above a tolerance.
 * Prints the number alone; JSON adds {@code rank} and {@code tol} (the tolerance used).
 */
@Command(name = "rank", sortOptions = false,
        description = {"Numerical rank: the number of singular values greater than a tolerance.",
            "Prints the number alone (use --json for details)."})
public final class RankCommand extends BaseCommand {
    @Mixin
    InputOptions input;

    @Option(names = "--tol", order = 10, paramLabel = "T", description = "Absolute tolerance (default: s_max·max(m, n)·eps,"
            + " NumPy's matrix_rank).")
    Double tol;

    /** Picocli creates commands through their no-argument constructor. */
    public RankCommand() {
    }

    @Override
    void run(Report report) throws Exception {
        if (tol != null && !(tol >= 0)) {
            throw new IllegalArgumentException("--tol must be a non-negative number, got " + tol);
        }
        try (Matrix a = input.read(); Svd svd = report.time(() -> Svd.of(a, SvdOptions.valuesOnly()))) {
            double[] s = svd.singularValues();
            double t = tol != null ? tol : s.length == 0 ? 0 : s[0] * Math.max(a.rows(), a.cols()) * svd.dtype().eps();
            int rank = svd.rank(t);
            report.bare()
                    .matrix(input.in.toString(), a.rows(), a.cols(), svd.dtype())
                    .driver(svd.routine(), svd.plan().reason())
                    .put("rank", rank)
                    .put("tol", t)
                    .line("%d", rank);
        }
    }
}
