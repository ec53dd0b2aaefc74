package org.decomp4j.cli;

import org.decomp4j.Cholesky;
import org.decomp4j.Matrix;
import org.decomp4j.io.Npy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code decomp4j cholesky}: {@code A = L·Lᵀ} of a symmetric positive definite matrix, written as
 * {@code L.npy}; with {@code --upper}, {@code A = Uᵀ·U} written as {@code U.npy}.
 *
 * <p>A matrix that is not positive definite exits with code 3, the message naming the order of
 * the first failing leading minor. JSON adds {@code triangle} and {@code log_determinant}.
 */
@Command(name = "cholesky", sortOptions = false,
        description = {"Cholesky factorization A = L·Lt of a symmetric positive definite matrix (A = L·Lh of a"
                + " Hermitian one for complex input).",
            "Writes L.npy (n×n lower triangular). Only the lower triangle of A is read (the upper one with"
                    + " --upper); symmetry is assumed, not checked."})
public final class CholeskyCommand extends BaseCommand {
    @Mixin
    InputOptions input;

    @Mixin
    OutputOptions output;

    @Option(names = "--upper", order = 10, description = "Factor A = Ut·U from the upper triangle and write U.npy"
            + " instead of L.npy.")
    boolean upper;

    /** Picocli creates commands through their no-argument constructor. */
    public CholeskyCommand() {
    }

    @Override
    void run(Report report) throws Exception {
        Outputs files = output.files();
        Cholesky.Triangle t = upper ? Cholesky.Triangle.UPPER : Cholesky.Triangle.LOWER;
        try (Matrix a = input.read()) {
            input.requireSquare(a, "cholesky", "");
            try (Cholesky c = report.time(() -> Cholesky.of(a, t))) {
                double logDet = c.logDeterminant();
                report.matrix(input.in.toString(), a.rows(), a.cols(), c.dtype())
                        .driver(c.dtype().prefix() + "potrf", "Cholesky factorization of a "
                                + (c.dtype().isComplex() ? "Hermitian" : "symmetric") + " positive"
                                + " definite matrix (potrf, " + (upper ? "upper" : "lower") + " triangle)")
                        .put("triangle", upper ? "upper" : "lower")
                        .put("log_determinant", logDet)
                        .line("positive definite; log det A = %s", Report.num(logDet));
                files.npy(upper ? "U.npy" : "L.npy", o -> Npy.write(o, c.factor()));
                report.outputs(files, files.commit());
            }
        }
    }
}
