package org.decomp4j.cli;

import java.util.Arrays;
import java.util.Iterator;

import org.decomp4j.DType;
import org.decomp4j.LinAlg;
import org.decomp4j.Lstsq;
import org.decomp4j.LstsqDriver;
import org.decomp4j.LstsqOptions;
import org.decomp4j.Matrix;
import org.decomp4j.io.Npy;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code decomp4j lstsq}: the minimum-norm least-squares solution of {@code min ‖A·X − B‖₂},
 * written as {@code X.npy}, with the LAPACK driver {@code --driver gelsd|gelsy|gelss} (default
 * gelsd, as NumPy). JSON names the routines that ran in {@code driver} ({@code dgelsd},
 * {@code dgeqrf+dtrcon+dormqr+dtrtrs} for gelsy's full-rank fast path, …) and adds {@code rank},
 * {@code rcond}, {@code residuals} (sums of squared residuals per column of B; empty unless A has
 * full column rank and m &gt; n, as NumPy), {@code fast_path} and, when gelsy tried its fast path,
 * {@code rcond_estimate} and {@code fast_path_bound}.
 */
@Command(name = "lstsq", sortOptions = false,
        description = {"Minimum-norm least squares min ||A·X - B||: over-determined, under-determined and"
                + " rank-deficient systems, by SVD (gelsd, default; gelss) or complete orthogonal"
                + " factorisation (gelsy, faster on full-rank problems).",
            "Writes X.npy (n×k)."})
public final class LstsqCommand extends BaseCommand {
    @Mixin
    InputOptions input;

    @Mixin
    RhsOptions rhs;

    @Mixin
    OutputOptions output;

    @Option(names = "--rcond", order = 10, paramLabel = "R", description = "Singular values at most R·s_max count as"
            + " zero (default: max(m, n)·eps, NumPy's). With gelsy: the bound on the reciprocal condition"
            + " estimate of the pivoted R factor that decides the rank.")
    Double rcond;

    @Option(names = "--driver", order = 11, paramLabel = "NAME", defaultValue = "gelsd",
            converter = LstsqDriverConverter.class, completionCandidates = LstsqDriverNames.class,
            description = "LAPACK driver: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). gelsy is"
                    + " fastest on full-rank problems and reports no singular values.")
    LstsqDriver driver;

    @Option(names = "--no-fast-path", order = 12, description = "With gelsy: always run the pivoted dgelsy, never"
            + " the full-rank fast path (unpivoted QR, taken only where gelsy's rank test would give n).")
    boolean noFastPath;

    /** Picocli creates commands through their no-argument constructor. */
    public LstsqCommand() {
    }

    @Override
    void run(Report report) throws Exception {
        Outputs files = output.files();
        PinvCommand.checkRcond(rcond);
        try (Matrix a = input.read(); Matrix b = input.read(rhs.rhs)) {
            input.requireSameRows(a, b, rhs.rhs);
            DType t = DType.promote(a.dtype(), b.dtype()); // LinAlg's promotion rule
            double rc = rcond != null ? rcond : Math.max(a.rows(), a.cols()) * t.eps();
            LstsqOptions options = LstsqOptions.driver(driver).rcond(rc).fastPath(!noFastPath);
            try (Lstsq ls = report.time(() -> LinAlg.lstsq(a, b, options))) {
                Matrix x = ls.x();
                double[] res = ls.residuals();
                boolean tried = !Double.isNaN(ls.rcondEstimate());
                report.matrix(input.in.toString(), a.rows(), a.cols(), t)
                        .driver(ls.routine(), describe(ls))
                        .put("rhs_shape", new int[] {b.rows(), b.cols()})
                        .put("rank", ls.rank())
                        .put("rcond", rc)
                        .put("residuals", res)
                        .put("fast_path", ls.fastPath());
                if (tried) {
                    report.put("rcond_estimate", ls.rcondEstimate())
                            .put("fast_path_bound", ls.fastPathBound())
                            .line("gelsy full-rank fast path %s: estimated 1/cond(A) %s %s %s (ran %s)",
                                    ls.fastPath() ? "taken" : "declined", Report.num(ls.rcondEstimate()),
                                    ls.fastPath() ? ">=" : "<", Report.num(ls.fastPathBound()), ls.routine());
                }
                report.line("X: %d×%d, rank of A: %d (rcond %s)", x.rows(), x.cols(), ls.rank(), Report.num(rc))
                        .line("residual sums of squares: %s", res.length == 0
                                ? "not reported (A is rank-deficient or m ≤ n)" : Report.list(res, 10));
                files.npy("X.npy", o -> Npy.write(o, x));
                report.outputs(files, files.commit());
            }
        }
    }

    private static String describe(Lstsq ls) {
        return switch (ls.driver()) {
            case GELSD -> "minimum-norm least squares by divide-and-conquer SVD (gelsd)";
            case GELSY -> ls.fastPath()
                    ? "least squares by gelsy's full-rank fast path: unpivoted QR, X = R^-1 (Q^T B) (estimated 1/cond(A) "
                            + Report.num(ls.rcondEstimate()) + " >= " + Report.num(ls.fastPathBound()) + ")"
                    : "minimum-norm least squares by complete orthogonal factorisation (gelsy)"
                            + (Double.isNaN(ls.rcondEstimate()) ? "" : "; fast path declined (estimated 1/cond(A) "
                            + Report.num(ls.rcondEstimate()) + " < " + Report.num(ls.fastPathBound()) + ")");
            case GELSS -> "minimum-norm least squares by SVD with QR iteration (gelss)";
        };
    }

    /** Parses {@code --driver}, any case. */
    static final class LstsqDriverConverter implements ITypeConverter<LstsqDriver> {
        @Override
        public LstsqDriver convert(String value) {
            try {
                return LstsqDriver.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** The {@code --driver} names offered by help and shell completion. */
    static final class LstsqDriverNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(LstsqDriver.values()).map(LstsqDriver::routine).iterator();
        }
    }
}
