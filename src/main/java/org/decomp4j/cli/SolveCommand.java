package org.decomp4j.cli;

import org.decomp4j.DType;
import org.decomp4j.LinAlg;
import org.decomp4j.Matrix;
import org.decomp4j.dispatch.LuPlanner;
import org.decomp4j.io.Npy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code decomp4j solve}: the square system {@code A·X = B}, written as {@code X.npy}. A singular A
 * exits with code 3, the message naming the zero pivot.
 */
@Command(name = "solve", sortOptions = false,
        description = {"Solve the square system A·X = B by LU with partial pivoting.",
            "Writes X.npy (n×k). A and B in different precisions are both computed in float64."})
public final class SolveCommand extends BaseCommand {
    @Mixin
    InputOptions input;

    @Mixin
    RhsOptions rhs;

    @Mixin
    OutputOptions output;

    /** Picocli creates commands through their no-argument constructor. */
    public SolveCommand() {
    }

    @Override
    void run(Report report) throws Exception {
        Outputs files = output.files();
        try (Matrix a = input.read(); Matrix b = input.read(rhs.rhs)) {
            input.requireSquare(a, "solve", " (use lstsq for rectangular systems)");
            input.requireSameRows(a, b, rhs.rhs);
            DType t = DType.promote(a.dtype(), b.dtype()); // LinAlg's promotion rule
            LuPlanner.LuPlan lu = LuPlanner.plan(t, a.rows(), a.cols());
            try (Matrix x = report.time(() -> LinAlg.solve(a, b))) {
                report.matrix(input.in.toString(), a.rows(), a.cols(), t)
                        .driver(lu.routine(), "LU with partial pivoting, then triangular solves ("
                                + lu.routine().substring(1) + " + getrs)")
                        .put("rhs_shape", new int[] {b.rows(), b.cols()})
                        .line("X: %d×%d", x.rows(), x.cols());
                files.npy("X.npy", o -> Npy.write(o, x));
                report.outputs(files, files.commit());
            }
        }
    }
}
