package org.decomp4j.cli;

import org.decomp4j.Matrix;
import org.decomp4j.Svd;
import org.decomp4j.io.Npy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code decomp4j pinv}: the Moore–Penrose pseudo-inverse {@code A⁺ = V·Σ⁺·Uᵀ} from a thin SVD,
 * written as {@code X.npy}. JSON adds {@code rcond} and {@code rank} (singular values kept).
 */
@Command(name = "pinv", sortOptions = false,
        description = {"Moore-Penrose pseudo-inverse from the thin SVD.",
            "Writes X.npy (n×m)."})
public final class PinvCommand extends BaseCommand {
    @Mixin
    InputOptions input;

    @Mixin
    OutputOptions output;

    @Option(names = "--rcond", order = 10, paramLabel = "R", description = "Singular values at most R·s_max count as"
            + " zero (default: max(m, n)·eps, NumPy 2's).")
    Double rcond;

    /** Picocli creates commands through their no-argument constructor. */
    public PinvCommand() {
    }

    /** Refuses a negative or NaN {@code --rcond} (shared with lstsq). */
    static void checkRcond(Double rcond) {
        if (rcond != null && !(rcond >= 0)) {
            throw new IllegalArgumentException("--rcond must be a non-negative number, got " + rcond);
        }
    }

    @Override
    void run(Report report) throws Exception {
        Outputs files = output.files();
        checkRcond(rcond);
        try (Matrix a = input.read(); Svd svd = report.time(() -> Svd.of(a))) {
            double rc = rcond != null ? rcond : Math.max(a.rows(), a.cols()) * svd.dtype().eps();
            double[] s = svd.singularValues();
            int kept = s.length == 0 ? 0 : svd.rank(rc * s[0]);
            try (Matrix x = report.time(() -> svd.pinv(rc))) {
                report.matrix(input.in.toString(), a.rows(), a.cols(), svd.dtype())
                        .driver(svd.routine(), svd.plan().reason())
                        .put("rcond", rc)
                        .put("rank", kept)
                        .line("pseudo-inverse: %d×%d, %d of %d singular values kept (rcond %s)", x.rows(), x.cols(),
                                kept, s.length, Report.num(rc));
                files.npy("X.npy", o -> Npy.write(o, x));
                report.outputs(files, files.commit());
            }
        }
    }
}
