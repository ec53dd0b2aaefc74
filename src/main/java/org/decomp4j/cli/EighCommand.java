package org.decomp4j.cli;

import java.nio.file.Path;
import java.util.Arrays;

import org.decomp4j.Cholesky;
import org.decomp4j.Eigh;
import org.decomp4j.EighOptions;
import org.decomp4j.Matrix;
import org.decomp4j.io.Npy;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code decomp4j eigh}: eigenvalues and eigenvectors of a symmetric (or complex Hermitian)
 * matrix, or of {@code A·x = λ·B·x} with {@code --b}, written as {@code w.npy} (ascending, real:
 * {@code <f8}/{@code <f4} also for complex input) and {@code v.npy} (eigenvectors as columns,
 * {@code <c16}/{@code <c8} for complex input; not with {@code --values-only}).
 *
 * <p>JSON adds {@code flags}, {@code count}, {@code workspace_bytes} and {@code eigenvalues} (the
 * first {@value SvdCommand#JSON_VALUES}).
 */
@Command(name = "eigh", sortOptions = false,
        description = {"Eigendecomposition A = V·diag(w)·Vᴴ of a symmetric or complex Hermitian matrix (A·x = λ·B·x"
                + " with --b).",
            "Writes w.npy (eigenvalues, ascending, real) and v.npy (n×k, eigenvector j in column j; complex for complex"
                    + " input); only w.npy with --values-only. A must be symmetric (Hermitian) unless --lower or --upper"
                    + " names the triangle to read."})
public final class EighCommand extends BaseCommand {
    @Mixin
    InputOptions input;

    @Mixin
    OutputOptions output;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Subset subset;

    @Option(names = "--values-only", order = 12, description = "Eigenvalues only (writes w.npy alone).")
    boolean valuesOnly;

    @Option(names = "--b", order = 13, paramLabel = "FILE", description = "B of the generalized problem A·x = λ·B·x"
            + " (symmetric positive definite, n×n; same formats as --in); SciPy's eigh(a, b).")
    Path b;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Triangle triangle;

    /** Which eigenpairs: all by default. */
    static final class Subset {
        @Option(names = "--subset-by-index", order = 10, arity = "2", paramLabel = "I",
                description = "Only the pairs LO..HI of the ascending eigenvalues (0-based, inclusive, as SciPy's"
                        + " subset_by_index); computed by syevr.")
        int[] byIndex;

        @Option(names = "--subset-by-value", order = 11, arity = "2", paramLabel = "X",
                description = "Only the eigenvalues in the half-open interval (LO, HI] (SciPy's subset_by_value).")
        double[] byValue;
    }

    /** Which triangle to read as it is. */
    static final class Triangle {
        @Option(names = "--lower", order = 14, description = "Read the lower triangle of A (and B) as it is, without"
                + " the symmetry check (SciPy's lower=True).")
        boolean lower;

        @Option(names = "--upper", order = 15, description = "Read the upper triangle as it is (SciPy's lower=False).")
        boolean upper;
    }

    /** Picocli creates commands through their no-argument constructor. */
    public EighCommand() {
    }

    @Override
    void run(Report report) throws Exception {
        Outputs files = output.files();
        EighOptions o = EighOptions.all();
        if (subset != null && subset.byIndex != null) {
            o = EighOptions.byIndex(subset.byIndex[0], subset.byIndex[1]);
        } else if (subset != null && subset.byValue != null) {
            o = EighOptions.byValue(subset.byValue[0], subset.byValue[1]);
        }
        o = o.vectors(!valuesOnly);
        if (triangle != null) {
            o = o.triangle(triangle.upper ? Cholesky.Triangle.UPPER : Cholesky.Triangle.LOWER);
        }
        EighOptions chosen = o;
        try (Matrix a = input.read(); Matrix bm = b == null ? null : input.read(b)) {
            input.requireSquare(a, "eigh", "; eig solves general square matrices, svd rectangular ones");
            try (Eigh e = report.time(() -> bm == null ? Eigh.of(a, chosen) : Eigh.of(a, bm, chosen))) {
                double[] w = e.values();
                report.matrix(input.in.toString(), a.rows(), a.cols(), e.dtype())
                        .driver(e.routine(), e.plan().reason())
                        .put("flags", e.plan().flags())
                        .put("count", e.count())
                        .put("workspace_bytes", e.workspaceBytes())
                        .put("eigenvalues", Arrays.copyOf(w, Math.min(w.length, SvdCommand.JSON_VALUES)))
                        .put("eigenvalues_truncated", w.length > SvdCommand.JSON_VALUES);
                report.line("plan: %s", e.plan())
                        .line("eigenvalues (%d, ascending): %s", w.length, w.length == 0 ? "none" : Report.list(w, 10));
                files.npy("w.npy", os -> Npy.writeVector(os, w, e.dtype()));
                if (!valuesOnly) {
                    files.add("v.npy", f -> Npy.write(f, e.vectors()));
                }
                report.outputs(files, files.commit());
            }
        }
    }
}
