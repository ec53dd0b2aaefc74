package org.decomp4j.cli;

import java.io.IOException;
import java.nio.file.Path;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.NonFiniteInputException;
import org.decomp4j.io.MatrixFiles;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The input matrix, declared once: {@code --in FILE} (or {@code -}, standard input), {@code --format} and {@code --f32}. */
final class InputOptions {
    @Option(names = "--in", order = 1, required = true, paramLabel = "FILE", description = "Input matrix: .npy"
            + " (float64, float32, complex128 or complex64, C or Fortran order; integers read as float64),"
            + " .mtx/.mm (Matrix Market array or coordinate; complex fields read as complex128), .csv, .tsv,"
            + " .txt, or .npz (FILE.npz when it holds one array, FILE.npz:NAME for the array NAME); '-' reads"
            + " standard input (see --format). Commands whose method is real-only refuse complex input with a"
            + " message.")
    Path in;

    @Option(names = "--format", order = 79, paramLabel = "npy|npz|mtx|csv", description = "Format of '-' (standard"
            + " input). Default: from its first bytes: \\x93NUMPY is .npy, PK a .npz (its only array),"
            + " %%%%MatrixMarket Matrix Market, anything else delimited text. Files are read by their extension.")
    String format;

    /** The command this is mixed into: --format is refused when none of its inputs is '-'. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** What messages call standard input. */
    static final String STDIN = "<stdin>";

    private boolean stdinTaken;

    /** True for the argument {@code -}: standard input. */
    static boolean isStdin(Path p) {
        return p != null && p.toString().equals("-");
    }

    /** {@code file} as messages name it: {@code <stdin>} for {@code -}. */
    static String display(Path file) {
        return isStdin(file) ? STDIN : String.valueOf(file);
    }

    @Option(names = "--f32", order = 80, description = "Compute in single precision (LAPACK s-routines, c-routines"
            + " for complex input); float64 input is rounded. Without it, the file's own precision is used.")
    boolean f32;

    /** Reads {@code --in}; see {@link #read(Path)}. */
    Matrix read() throws IOException {
        return read(in);
    }

    /**
     * Reads {@code file}, refuses non-finite entries naming their place, and converts to float32
     * under {@code --f32}. The caller closes the result.
     *
     * @throws java.nio.file.NoSuchFileException if the file is missing
     * @throws org.decomp4j.io.MatrixFormatException if the content is malformed (file, line, column)
     * @throws IllegalArgumentException if an entry is NaN or infinite, or overflows float32
     */
    Matrix read(Path file) throws IOException {
        Matrix m = isStdin(file) ? readStdin() : readFile(file);
        try {
            requireFinite(m, file, "");
            DType single32 = m.dtype().isComplex() ? DType.C64 : DType.F32;
            if (!f32 || m.dtype() == single32) {
                return m;
            }
            Matrix single = m.copy(single32);
            try {
                requireFinite(single, file, " after rounding to float32 (the value overflows it)");
            } catch (RuntimeException e) {
                single.close();
                throw e;
            }
            m.close();
            return single;
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /**
     * Standard input, once: a second {@code -} would find it drained. Read at the call (not at
     * start-up), so a caller that replaced {@code System.in} is read.
     */
    private Matrix readStdin() throws IOException {
        if (stdinTaken) {
            throw new IllegalArgumentException("'-' (standard input) can be read only once; give the other input"
                    + " as a file");
        }
        stdinTaken = true;
        return MatrixFiles.read(System.in, STDIN, format);
    }

    private Matrix readFile(Path file) throws IOException {
        if (format != null && !namesStdin()) {
            throw new IllegalArgumentException("--format " + format + " names the format of '-' (standard input);"
                    + " " + file + " is read by its extension");
        }
        return MatrixFiles.read(file);
    }

    /** True if one of the command's input options is {@code -}. */
    private boolean namesStdin() {
        if (mixee == null) {
            return false;
        }
        for (OptionSpec o : mixee.options()) {
            if (!o.longestName().equals("--out") && o.getValue() instanceof Path p && isStdin(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Refuses a non-square {@code --in} naming the file, before the core's shape-only message.
     *
     * @throws IllegalArgumentException if {@code a} is not square
     */
    void requireSquare(Matrix a, String command, String alternative) {
        if (a.rows() != a.cols()) {
            throw new IllegalArgumentException(String.format("%s needs a square matrix, but --in %s is %d×%d%s",
                    command, display(in), a.rows(), a.cols(), alternative));
        }
    }

    /**
     * Refuses a right-hand side whose rows differ from A's, naming both files.
     *
     * @throws IllegalArgumentException if the row counts differ
     */
    void requireSameRows(Matrix a, Matrix b, Path rhs) {
        if (a.rows() != b.rows()) {
            throw new IllegalArgumentException(String.format(
                    "--rhs %s has %d rows but --in %s has %d (%d×%d); they must match",
                    display(rhs), b.rows(), display(in), a.rows(), a.rows(), a.cols()));
        }
    }

    /**
     * The core's own message suggests an API switch; a CLI user needs the place in the file, 1-based
     * like a spreadsheet, instead.
     */
    private static void requireFinite(Matrix m, Path file, String note) {
        try {
            m.requireFinite(display(file));
        } catch (NonFiniteInputException e) {
            String v = Double.isNaN(e.value()) ? "NaN" : e.value() > 0 ? "+Infinity" : "-Infinity";
            throw new IllegalArgumentException(String.format(
                    "%s: %s at row %d, column %d (counting from 1) of the %d×%d matrix%s; decompositions need"
                            + " finite input: remove or replace such entries",
                    display(file), v, e.row() + 1, e.column() + 1, m.rows(), m.cols(), note), e);
        }
    }
}
