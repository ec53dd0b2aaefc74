package org.decomp4j.cli;

import org.decomp4j.DType;
import org.decomp4j.LinAlg;
import org.decomp4j.Lstsq;
import org.decomp4j.Matrix;
import org.decomp4j.io.Npy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code decomp4j lstsq}: the minimum-norm least-squares solution of {@code min ‖A·X − B‖₂},
 * written as {@code X.npy}. JSON adds {@code rank}, {@code rcond} and {@code residuals} (sums of
 * squared residuals per column of B; empty unless A has full column rank and m &gt; n, as NumPy).
 */
@Command(name = "lstsq", sortOptions = false,
        description = {"Minimum-norm least squares min ||A·X - B|| by SVD (gelsd): over-determined,"
                + " under-determined and rank-deficient systems.",
            "Writes X.npy (n×k)."})
public final class LstsqCommand extends BaseCommand {
    @Mixin
    InputOptions input;

    @Mixin
    RhsOptions rhs;

    @Mixin
    OutputOptions output;

    @Option(names = "--rcond", order = 10, paramLabel = "R", description = "Singular values at most R·s_max count as"
            + " zero (default: max(m, n)·eps, NumPy's).")
    Double rcond;

    /** Picocli creates commands through their no-argument constructor. */
    public LstsqCommand() {
    }

    @Override
    void run(Report report) throws Exception {
        Outputs files = output.files();
        PinvCommand.checkRcond(rcond);
        try (Matrix a = input.read(); Matrix b = input.read(rhs.rhs)) {
            input.requireSameRows(a, b, rhs.rhs);
            DType t = a.dtype() == b.dtype() ? a.dtype() : DType.F64; // LinAlg's promotion rule
            double rc = rcond != null ? rcond : Math.max(a.rows(), a.cols()) * t.eps();
            try (Lstsq ls = report.time(() -> LinAlg.lstsq(a, b, rc))) {
                Matrix x = ls.x();
                double[] res = ls.residuals();
                report.matrix(input.in.toString(), a.rows(), a.cols(), t)
                        .driver(t.prefix() + "gelsd", "minimum-norm least squares by divide-and-conquer SVD (gelsd)")
                        .put("rhs_shape", new int[] {b.rows(), b.cols()})
                        .put("rank", ls.rank())
                        .put("rcond", rc)
                        .put("residuals", res)
                        .line("X: %d×%d, rank of A: %d (rcond %s)", x.rows(), x.cols(), ls.rank(), Report.num(rc))
                        .line("residual sums of squares: %s", res.length == 0
                                ? "not reported (A is rank-deficient or m ≤ n)" : Report.list(res, 10));
                files.add("X.npy", f -> Npy.write(f, x));
                report.outputs(files, files.commit());
            }
        }
    }
}
