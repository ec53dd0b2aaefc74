package org.decomp4j.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.decomp4j.Matrix;

/**
 * Reads and writes a matrix file, choosing the format by the file's extension (case-insensitive):
 *
 * <table>
 *   <caption>Extensions</caption>
 *   <tr><th>extension</th><th>format</th><th>written as</th></tr>
 *   <tr><td>{@code .npy}</td><td>{@link Npy}</td><td>{@code <f8}/{@code <f4}, Fortran order</td></tr>
 *   <tr><td>{@code .mtx}, {@code .mm}</td><td>{@link MatrixMarket}</td><td>{@code array real general}</td></tr>
 *   <tr><td>{@code .csv}</td><td>{@link Csv}</td><td>comma-separated</td></tr>
 *   <tr><td>{@code .tsv}</td><td>{@link Csv}</td><td>tab-separated</td></tr>
 *   <tr><td>{@code .txt}</td><td>{@link Csv}</td><td>space-separated, like {@code numpy.savetxt}</td></tr>
 * </table>
 *
 * <p>A missing input file is reported as {@link java.nio.file.NoSuchFileException} (the
 * standard exception, with the path as its message), not as a format error: it is a problem
 * with the path, not with the file's content. All writes are atomic ({@link AtomicFiles}).
 */
public final class MatrixFiles {
    private static final List<String> EXTENSIONS = List.of(".npy", ".mtx", ".mm", ".csv", ".tsv", ".txt");

    private MatrixFiles() {
    }

    /**
     * The supported extensions, with their dot, e.g. for a CLI's help.
     *
     * @return an unmodifiable list such as {@code .npy}, {@code .mtx}, {@code .csv}
     */
    public static List<String> extensions() {
        return EXTENSIONS;
    }

    /**
     * Reads {@code file} with the reader its extension names; the caller must close the matrix.
     * Cost: that of the reader.
     *
     * @param file a file whose extension names its format
     * @return a new owning matrix: close it
     * @throws java.nio.file.NoSuchFileException if {@code file} does not exist
     * @throws MatrixFormatException if the extension is not supported (the message lists the
     *     supported ones) or the content is invalid for the format
     * @throws IOException if reading fails
     */
    public static Matrix read(Path file) throws IOException {
        return switch (extension(file)) {
            case ".npy" -> Npy.read(file);
            case ".mtx", ".mm" -> MatrixMarket.read(file);
            case ".csv", ".tsv", ".txt" -> Csv.read(file);
            default -> throw unsupported(file);
        };
    }

    /**
     * Writes {@code m} to {@code file} in the format its extension names, atomically.
     *
     * @param file the target, whose extension names the format; replaced whole, or left untouched
     *             on failure
     * @param m the matrix, open; not modified
     * @throws MatrixFormatException if the extension is not supported (nothing is written)
     * @throws IllegalStateException if {@code m} is closed
     * @throws IOException if writing fails (no partial file is left behind)
     */
    public static void write(Path file, Matrix m) throws IOException {
        switch (extension(file)) {
            case ".npy" -> Npy.write(file, m);
            case ".mtx", ".mm" -> MatrixMarket.write(file, m);
            case ".csv" -> Csv.write(file, m, ',');
            case ".tsv" -> Csv.write(file, m, '\t');
            case ".txt" -> Csv.write(file, m, ' ');
            default -> throw unsupported(file);
        }
    }

    private static String extension(Path file) {
        Path name = file.getFileName();
        String s = name == null ? "" : name.toString();
        int dot = s.lastIndexOf('.');
        return dot <= 0 ? "" : s.substring(dot).toLowerCase(Locale.ROOT);
    }

    private static MatrixFormatException unsupported(Path file) {
        String ext = extension(file);
        return new MatrixFormatException(file, (ext.isEmpty() ? "no file extension" : "unsupported extension '"
                + ext + "'") + "; supported: " + String.join(", ", EXTENSIONS));
    }
}
