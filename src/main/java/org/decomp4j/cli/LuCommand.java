package org.decomp4j.cli;

import org.decomp4j.Complex;
import org.decomp4j.FiniteCheck;
import org.decomp4j.Lu;
import org.decomp4j.Matrix;
import org.decomp4j.io.Npy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code decomp4j lu}: LU factorization with partial pivoting {@code A = P·L·U}, written as
 * {@code P.npy}, {@code L.npy}, {@code U.npy} and {@code piv.npy}.
 *
 * <p>A singular matrix still factors (exit 0): JSON {@code singular} is then true and
 * {@code zero_pivot} gives the 0-based index of the first zero diagonal entry of U. For a square
 * real matrix JSON adds {@code determinant} (a complex one is printed in the summary only).
 * Complex input ({@code <c16}, {@code <c8}) runs {@code zgetrf}/{@code cgetrf} and writes complex
 * L and U.
 */
@Command(name = "lu", sortOptions = false,
        description = {"LU factorization with partial pivoting A = P·L·U (k = min(m, n)).",
            "Writes P.npy (m×m permutation), L.npy (m×k, unit lower triangular), U.npy (k×n, upper"
                    + " triangular) and piv.npy (k int32: LAPACK's row interchanges, 0-based, as SciPy's"
                    + " lu_factor). A singular matrix is not an error: the summary says so."})
public final class LuCommand extends BaseCommand {
    @Mixin
    InputOptions input;

    @Mixin
    OutputOptions output;

    /** Picocli creates commands through their no-argument constructor. */
    public LuCommand() {
    }

    @Override
    void run(Report report) throws Exception {
        Outputs files = output.files();
        // A is read for this factorization alone: factoring it where it lies saves an m×n copy
        // into fresh memory, most of a large first call's overhead (issue 18)
        try (Matrix a = input.read(); Lu lu = report.time(() -> Lu.overwriting(a, FiniteCheck.ON))) {
            report.matrix(input.in.toString(), a.rows(), a.cols(), lu.dtype())
                    .driver(lu.routine(), "LU with partial pivoting (" + lu.routine().substring(1) + ")")
                    .put("singular", lu.isSingular());
            if (lu.isSingular()) {
                int p = lu.zeroPivot().getAsInt();
                report.put("zero_pivot", p)
                        .line("singular: U[%d][%d] is exactly zero (0-based); solve would fail", p, p);
            } else {
                report.line("not singular: every pivot of U is nonzero");
            }
            if (a.rows() == a.cols() && lu.dtype().isComplex()) {
                // JSON's determinant is a number: a complex one is only printed
                Complex det = lu.complexDeterminant();
                report.line("determinant: %s %s %si", Report.num(det.re()), det.im() < 0 ? "-" : "+",
                        Report.num(Math.abs(det.im())));
            } else if (a.rows() == a.cols()) {
                double det = lu.determinant();
                report.put("determinant", det).line("determinant: %s", Report.num(det));
            }
            files.add("P.npy", f -> Npy.write(f, lu.p()))
                    .add("L.npy", f -> Npy.write(f, lu.l()))
                    .add("U.npy", f -> Npy.write(f, lu.u()))
                    .add("piv.npy", f -> Npy.writeInts(f, lu.pivots()));
            report.outputs(files, files.commit());
        }
    }
}
