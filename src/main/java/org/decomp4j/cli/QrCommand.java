package org.decomp4j.cli;

import org.decomp4j.Matrix;
import org.decomp4j.Qr;
import org.decomp4j.io.Npy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code decomp4j qr}: QR factorization {@code A = Q·R}, or {@code A[:, perm] = Q·R} with
 * {@code --pivot}, written as {@code Q.npy}, {@code R.npy} (and {@code perm.npy}).
 *
 * <p>{@code compute_seconds} covers the factorization and forming Q ({@code orgqr}, or {@code larfb} after a blocked {@code geqrt}). JSON adds
 * {@code mode}, {@code pivoted} and, with {@code --pivot}, the numerical {@code rank}.
 */
@Command(name = "qr", sortOptions = false,
        description = {"QR factorization A = Q·R by Householder reflections (k = min(m, n)).",
            "Writes Q.npy (m×k, orthonormal columns; m×m with --complete) and R.npy (k×n upper triangular;"
                    + " m×n with --complete); with --pivot also perm.npy (n int32, 0-based) such that"
                    + " A[:, perm] = Q·R."})
public final class QrCommand extends BaseCommand {
    @Mixin
    InputOptions input;

    @Mixin
    OutputOptions output;

    @Option(names = "--pivot", order = 10, description = "Column pivoting (geqp3): |R[0][0]| ≥ |R[1][1]| ≥ …, which"
            + " reveals the numerical rank.")
    boolean pivot;

    @Option(names = "--complete", order = 11, description = "Square Q (m×m) and R m×n, instead of the economy factors.")
    boolean complete;

    /** Picocli creates commands through their no-argument constructor. */
    public QrCommand() {
    }

    @Override
    void run(Report report) throws Exception {
        Outputs files = output.files();
        Qr.Mode mode = complete ? Qr.Mode.COMPLETE : Qr.Mode.ECONOMY;
        try (Matrix a = input.read(); Qr qr = report.time(() -> pivot ? Qr.pivoted(a, mode) : Qr.of(a, mode))) {
            Matrix q = report.time(qr::q); // orgqr or larfb: LAPACK work, so it is timed
            Matrix r = qr.r();
            String form = qr.qRoutine();
            String how = pivot ? "QR with column pivoting (" + qr.routine() + ")"
                    : qr.routine().endsWith("geqrt") ? "blocked Householder QR (" + qr.routine() + ")"
                    : "Householder QR (" + qr.routine() + ")";
            report.matrix(input.in.toString(), a.rows(), a.cols(), qr.dtype())
                    .driver(qr.routine(), how + ", Q formed by " + form)
                    .put("mode", complete ? "complete" : "economy")
                    .put("pivoted", pivot)
                    .line("Q: %d×%d, R: %d×%d (%s)", q.rows(), q.cols(), r.rows(), r.cols(),
                            complete ? "complete" : "economy");
            if (pivot) {
                int rank = qr.rank();
                report.put("rank", rank).line("numerical rank (from the diagonal of R): %d", rank);
            }
            files.add("Q.npy", f -> Npy.write(f, q)).add("R.npy", f -> Npy.write(f, r));
            if (pivot) {
                files.add("perm.npy", f -> Npy.writeInts(f, qr.permutation()));
            }
            report.outputs(files, files.commit());
        }
    }
}
