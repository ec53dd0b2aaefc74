package org.decomp4j.cli;

import java.io.IOException;
import java.nio.file.Path;

import org.decomp4j.DType;
import org.decomp4j.Matrix;
import org.decomp4j.NonFiniteInputException;
import org.decomp4j.io.MatrixFiles;

import picocli.CommandLine.Option;

/** The input matrix, declared once: {@code --in FILE} and {@code --f32}. */
final class InputOptions {
    @Option(names = "--in", order = 1, required = true, paramLabel = "FILE", description = "Input matrix: .npy"
            + " (float64, float32, complex128 or complex64, C or Fortran order; integers read as float64),"
            + " .mtx/.mm (Matrix Market array or coordinate; complex fields read as complex128), .csv, .tsv or"
            + " .txt. Commands whose method is real-only refuse complex input with a message.")
    Path in;

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
        Matrix m = MatrixFiles.read(file);
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
     * Refuses a non-square {@code --in} naming the file, before the core's shape-only message.
     *
     * @throws IllegalArgumentException if {@code a} is not square
     */
    void requireSquare(Matrix a, String command, String alternative) {
        if (a.rows() != a.cols()) {
            throw new IllegalArgumentException(String.format("%s needs a square matrix, but --in %s is %d×%d%s",
                    command, in, a.rows(), a.cols(), alternative));
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
                    rhs, b.rows(), in, a.rows(), a.rows(), a.cols()));
        }
    }

    /**
     * The core's own message suggests an API switch; a CLI user needs the place in the file, 1-based
     * like a spreadsheet, instead.
     */
    private static void requireFinite(Matrix m, Path file, String note) {
        try {
            m.requireFinite(file.toString());
        } catch (NonFiniteInputException e) {
            String v = Double.isNaN(e.value()) ? "NaN" : e.value() > 0 ? "+Infinity" : "-Infinity";
            throw new IllegalArgumentException(String.format(
                    "%s: %s at row %d, column %d (counting from 1) of the %d×%d matrix%s; decompositions need"
                            + " finite input: remove or replace such entries",
                    file, v, e.row() + 1, e.column() + 1, m.rows(), m.cols(), note), e);
        }
    }
}
