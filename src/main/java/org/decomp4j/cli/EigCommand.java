package org.decomp4j.cli;

import java.util.Arrays;

import org.decomp4j.Eig;
import org.decomp4j.EigOptions;
import org.decomp4j.Eigenvalues;
import org.decomp4j.Matrix;
import org.decomp4j.io.Npy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code decomp4j eig}: eigenvalues and right (and, with {@code --left}, left) eigenvectors of a
 * general square matrix, by geev. Eigenvalues of a real matrix are complex in general, so
 * {@code w.npy} is complex ({@code <c16} for float64 input, {@code <c8} for float32), in LAPACK's
 * order (not sorted, as NumPy's {@code eig}); {@code v.npy} (and {@code vl.npy}) hold the complex
 * eigenvectors as columns, column j for {@code w[j]}, as NumPy returns them. Complex input
 * ({@code <c16}, {@code <c8}) runs zgeev/cgeev and writes outputs of its own dtype.
 *
 * <p>JSON adds {@code eigenvalues_re} and {@code eigenvalues_im} (the first
 * {@value SvdCommand#JSON_VALUES}) and {@code real} (no complex eigenvalue).
 */
@Command(name = "eig", sortOptions = false,
        description = {"Eigendecomposition A·v = λ·v of a general square matrix (geev, balanced).",
            "Writes w.npy (n complex eigenvalues, complex128/complex64, LAPACK's order) and v.npy (n×n complex,"
                    + " eigenvector j in column j); vl.npy (left eigenvectors, u^H·A = λ·u^H) with --left; only"
                    + " w.npy with --values-only."})
public final class EigCommand extends BaseCommand {
    @Mixin
    InputOptions input;

    @Mixin
    OutputOptions output;

    @Option(names = "--left", order = 10, description = "Also compute the left eigenvectors (vl.npy).")
    boolean left;

    @Option(names = "--values-only", order = 11, description = "Eigenvalues only (writes w.npy alone).")
    boolean valuesOnly;

    /** Picocli creates commands through their no-argument constructor. */
    public EigCommand() {
    }

    @Override
    void run(Report report) throws Exception {
        if (valuesOnly && left) {
            throw new IllegalArgumentException("--left asks for vectors, --values-only for none: choose one");
        }
        Outputs files = output.files();
        EigOptions o = valuesOnly ? EigOptions.valuesOnly() : EigOptions.rightVectors().left(left);
        try (Matrix a = input.read()) {
            input.requireSquare(a, "eig", "; svd solves rectangular matrices");
            try (Eig e = report.time(() -> Eig.of(a, o))) {
                Eigenvalues w = e.values();
                double[] re = w.real();
                double[] im = w.imaginary();
                int shown = Math.min(re.length, SvdCommand.JSON_VALUES);
                report.matrix(input.in.toString(), a.rows(), a.cols(), e.dtype())
                        .driver(e.routine(), e.reason())
                        .put("workspace_bytes", e.workspaceBytes())
                        .put("real", w.isReal())
                        .put("eigenvalues_re", Arrays.copyOf(re, shown))
                        .put("eigenvalues_im", Arrays.copyOf(im, shown))
                        .put("eigenvalues_truncated", re.length > shown);
                report.line("plan: %s: %s", e.routine(), e.reason())
                        .line("eigenvalues (%d): %s", re.length, re.length == 0 ? "none" : abbreviated(w, 10));
                files.add("w.npy", f -> Npy.writeComplexVector(f, re, im, e.dtype()));
                if (!valuesOnly) {
                    files.add("v.npy", f -> {
                        try (Matrix v = e.complexVectors()) {
                            Npy.write(f, v);
                        }
                    });
                }
                if (left) {
                    files.add("vl.npy", f -> {
                        try (Matrix u = e.complexLeftVectors()) {
                            Npy.write(f, u);
                        }
                    });
                }
                report.outputs(files, files.commit());
            }
        }
    }

    private static String abbreviated(Eigenvalues w, int max) {
        StringBuilder sb = new StringBuilder("[");
        for (int j = 0; j < Math.min(max, w.size()); j++) {
            sb.append(j == 0 ? "" : ", ").append(Report.num(w.re(j)));
            if (w.im(j) != 0) {
                sb.append(w.im(j) < 0 ? " - " : " + ").append(Report.num(Math.abs(w.im(j)))).append('i');
            }
        }
        return sb.append(w.size() > max ? ", …]" : "]").toString();
    }
}
