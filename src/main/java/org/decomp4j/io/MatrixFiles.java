package org.decomp4j.io;

import java.io.IOException;
import java.io.InputStream;
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
 *   <tr><td>{@code .npz}</td><td>{@link Npz}, read only</td><td>not written</td></tr>
 * </table>
 *
 * <p>An {@code .npz} archive is read by {@link #read}: {@code file.npz} when it holds exactly one
 * array, {@code file.npz:NAME} for the entry {@code NAME} or {@code NAME.npy} (as NumPy's
 * {@code np.load(f)[NAME]}; the part after the last {@code ".npz:"} names the entry).
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
     * @param file a file whose extension names its format, or {@code FILE.npz:NAME} for one array of an archive
     * @return a new owning matrix: close it
     * @throws java.nio.file.NoSuchFileException if {@code file} (or the archive) does not exist
     * @throws MatrixFormatException if the extension is not supported (the message lists the
     *     supported ones) or the content is invalid for the format
     * @throws IOException if reading fails
     */
    public static Matrix read(Path file) throws IOException {
        String text = file.toString();
        int at = text.toLowerCase(Locale.ROOT).lastIndexOf(".npz:");
        if (at > 0 && !java.nio.file.Files.exists(file)) {
            return readNpz(Path.of(text.substring(0, at + 4)), text.substring(at + 5));
        }
        return switch (extension(file)) {
            case ".npz" -> readNpz(file, null);
            case ".npy" -> Npy.read(file);
            case ".mtx", ".mm" -> MatrixMarket.read(file);
            case ".csv", ".tsv", ".txt" -> Csv.read(file);
            default -> throw unsupported(file);
        };
    }

    /**
     * The stream formats {@link #read(InputStream, String, String)} takes by name.
     *
     * @return {@code npy}, {@code npz}, {@code mtx}, {@code csv}
     */
    public static List<String> streamFormats() {
        return STREAM_FORMATS;
    }

    private static final List<String> STREAM_FORMATS = List.of("npy", "npz", "mtx", "csv");

    /**
     * Reads a matrix from a stream (standard input, a socket, an upload) with no temporary file.
     * Without a {@code format}, the first bytes decide: {@code \x93NUMPY} is {@code .npy},
     * {@code PK\x03\x04} a {@code .npz} (its only array), {@code %%MatrixMarket} (any case) Matrix
     * Market, anything else delimited text (CSV, TSV, blanks). The stream is read to its end and
     * not closed; messages start with {@code name}.
     *
     * @param in     the data
     * @param name   what messages call the input, e.g. {@code <stdin>}
     * @param format {@code npy}, {@code npz}, {@code mtx} or {@code csv} (any case, {@code mm},
     *               {@code tsv} and {@code txt} accepted too), or {@code null} to sniff it
     * @return a new owning matrix: close it
     * @throws IllegalArgumentException for an unknown format name (the message lists them)
     * @throws MatrixFormatException if the data are invalid for the format
     * @throws IOException if reading fails
     */
    public static Matrix read(InputStream in, String name, String format) throws IOException {
        java.util.Objects.requireNonNull(in, "in");
        String f = format == null ? null : normalise(format);
        java.io.BufferedInputStream b = new java.io.BufferedInputStream(IoSupport.unclosed(in), 1 << 16);
        if (f == null) {
            f = sniff(b);
        }
        return switch (f) {
            case "npy" -> Npy.read(b, name);
            case "npz" -> Npz.read(b, name, null);
            case "mtx" -> MatrixMarket.read(b, name);
            default -> Csv.read(b, name);
        };
    }

    private static String normalise(String format) {
        String f = format.toLowerCase(Locale.ROOT);
        if (f.startsWith(".")) {
            f = f.substring(1);
        }
        return switch (f) {
            case "npy", "npz", "mtx", "csv" -> f;
            case "mm" -> "mtx";
            case "tsv", "txt" -> "csv";
            default -> throw new IllegalArgumentException("unknown matrix format '" + format + "'; use one of "
                    + String.join(", ", STREAM_FORMATS));
        };
    }

    /** The format the first bytes announce; the stream is reset to where it was. */
    private static String sniff(java.io.BufferedInputStream in) throws IOException {
        byte[] head = new byte[14];
        in.mark(head.length);
        int got = 0;
        while (got < head.length) {
            int r = in.read(head, got, head.length - got);
            if (r < 0) {
                break;
            }
            got += r;
        }
        in.reset();
        if (got >= 6 && (head[0] & 0xff) == 0x93 && head[1] == 'N' && head[2] == 'U' && head[3] == 'M'
                && head[4] == 'P' && head[5] == 'Y') {
            return "npy";
        }
        if (got >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return "npz";
        }
        String text = new String(head, 0, got, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (text.regionMatches(true, 0, "%%MatrixMarket", 0, 14)) {
            return "mtx";
        }
        return "csv";
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

    /** The one array of {@code archive}, or its entry {@code entry} (with or without ".npy"). */
    private static Matrix readNpz(Path archive, String entry) throws IOException {
        try (Npz z = Npz.open(archive)) {
            List<String> names = z.names();
            String pick;
            if (entry == null) {
                if (names.size() != 1) {
                    throw new MatrixFormatException(archive, "holds " + names.size() + " arrays ("
                            + String.join(", ", names) + "); name one as " + archive.getFileName() + ":NAME");
                }
                pick = names.get(0);
            } else if (names.contains(entry)) {
                pick = entry;
            } else if (names.contains(entry + ".npy")) {
                pick = entry + ".npy";
            } else {
                throw new MatrixFormatException(archive, "no array '" + entry + "'; it holds "
                        + (names.isEmpty() ? "none" : String.join(", ", names)));
            }
            return z.read(pick);
        }
    }

    private static MatrixFormatException unsupported(Path file) {
        String ext = extension(file);
        return new MatrixFormatException(file, (ext.isEmpty() ? "no file extension" : "unsupported extension '"
                + ext + "'") + "; supported: " + String.join(", ", EXTENSIONS) + ", and .npz for reading");
    }
}
