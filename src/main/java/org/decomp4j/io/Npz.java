package org.decomp4j.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.decomp4j.Matrix;
import org.decomp4j.NativeConfig;

/**
 * NumPy's {@code .npz} archive ({@code numpy.savez}, {@code savez_compressed}): a zip of
 * {@code .npy} arrays, stored or deflated. Pure Java ({@link ZipFile}); safe to read different
 * entries from several threads at once.
 *
 * <p>An entry is parsed as it is inflated, in chunks, so an entry of any size needs no Java
 * array of its size and no temporary file; its declared size and its header's shape are checked
 * against the memory budget before its data is read, and no byte past the declared size is
 * read. Errors name {@code archive.npz!entry.npy}.
 */
public final class Npz implements AutoCloseable {
    private final Path file;
    private final ZipFile zip;
    private final List<String> names;

    private Npz(Path file, ZipFile zip, List<String> names) {
        this.file = file;
        this.zip = zip;
        this.names = names;
    }

    /**
     * Opens an archive and lists its arrays.
     *
     * @param file a {@code .npz} (zip) archive
     * @return the open archive: close it
     * @throws java.nio.file.NoSuchFileException if it does not exist
     * @throws MatrixFormatException if it is not a zip archive, holds an entry that is not a
     *     {@code .npy} file (directories are ignored), or holds the same name twice
     */
    public static Npz open(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString());
        }
        ZipFile z;
        try {
            z = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new MatrixFormatException(file, "not a .npz (zip) archive: " + e.getMessage());
        }
        try {
            List<String> names = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            Enumeration<? extends ZipEntry> en = z.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                if (e.isDirectory()) {
                    continue;
                }
                String n = e.getName();
                if (!n.endsWith(".npy")) {
                    throw new MatrixFormatException(file, "entry '" + n + "' is not a .npy array; a .npz holds only"
                            + " .npy entries");
                }
                if (!seen.add(n)) {
                    throw new MatrixFormatException(file, "entry '" + n + "' appears twice");
                }
                names.add(n);
            }
            return new Npz(file, z, List.copyOf(names));
        } catch (IOException | RuntimeException e) {
            z.close();
            throw e;
        }
    }

    /**
     * Reads one array of a {@code .npz} archive arriving as a stream (a pipe, a download), without a
     * temporary file: the archive is read front to back with {@link java.util.zip.ZipInputStream}
     * to its end, so that a second array or a malformed entry after the chosen one is still
     * reported. Each entry is checked as {@link #read(String)} checks it (the budget against its
     * declared size and header, no inflating past the declared size). Messages name
     * {@code name!entry.npy}. The stream is not closed.
     *
     * @param in    the archive, from its first byte
     * @param name  what messages call the archive (e.g. {@code <stdin>})
     * @param entry the array to read, with or without {@code .npy}; {@code null} for the archive's
     *              only array
     * @return a new owning matrix: close it
     * @throws MatrixFormatException if the stream is not a zip archive or holds no array, holds an
     *     entry that is not {@code .npy} or a name twice, has no entry {@code entry}, holds several
     *     arrays when {@code entry} is null (the message lists them), or the array is invalid
     * @throws IOException if reading fails
     */
    public static Matrix read(InputStream in, String name, String entry) throws IOException {
        Path archive = IoSupport.streamName(name);
        java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(IoSupport.unclosed(in));
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Matrix found = null;
        try {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.isDirectory()) {
                    continue;
                }
                String n = e.getName();
                if (!n.endsWith(".npy")) {
                    throw new MatrixFormatException(archive, "entry '" + n + "' is not a .npy array; a .npz holds"
                            + " only .npy entries");
                }
                if (!seen.add(n)) {
                    throw new MatrixFormatException(archive, "entry '" + n + "' appears twice");
                }
                names.add(n);
                boolean wanted = entry == null ? names.size() == 1 : n.equals(entry) || n.equals(entry + ".npy");
                if (wanted && found == null) {
                    found = readEntry(Path.of(archive + "!" + n), zip, e.getSize());
                }
            }
        } catch (ZipException z) {
            throw closing(found, new MatrixFormatException(archive, "not a valid .npz (zip) archive: " + z.getMessage()));
        } catch (IOException e) {
            if (!(e instanceof MatrixFormatException)
                    && (e instanceof java.io.EOFException || e.getCause() instanceof java.io.EOFException)) {
                // the stream ended inside an entry: the archive is cut short, not unreadable
                MatrixFormatException t = new MatrixFormatException(archive, "truncated: the stream ends inside"
                        + " entry " + (names.isEmpty() ? "1" : "'" + names.get(names.size() - 1) + "'"));
                t.initCause(e);
                throw closing(found, t);
            }
            throw closing(found, e);
        } catch (RuntimeException | Error e) {
            if (found != null) {
                IoSupport.closeAfterFailure(found, e);
            }
            throw e;
        }
        if (names.isEmpty()) {
            throw new MatrixFormatException(archive, "not a .npz archive, or one without arrays: no zip entry found");
        }
        if (entry == null && names.size() != 1) {
            throw closing(found, new MatrixFormatException(archive, "holds " + names.size() + " arrays ("
                    + String.join(", ", names) + "); name the one to read"));
        }
        if (found == null) {
            throw new MatrixFormatException(archive, "no array '" + entry + "'; it holds " + String.join(", ", names));
        }
        return found;
    }

    private static <T extends Throwable> T closing(Matrix m, T failure) {
        if (m != null) {
            IoSupport.closeAfterFailure(m, failure);
        }
        return failure;
    }

    /** One entry's array, its declared size (-1 if unknown) checked against the budget first. */
    private static Matrix readEntry(Path where, InputStream entry, long declared) throws IOException {
        // Refused by what the archive declares before a byte is inflated: a zip bomb's entry says
        // how large it is, and Npy.read checks the header's shape against the budget next, so
        // nothing is ever inflated beyond what could be loaded.
        long limit = NativeConfig.memoryBudget() + (1 << 20); // header slack over the data
        if (declared > limit) {
            throw new MatrixFormatException(where, "declares " + declared + " bytes uncompressed ("
                    + IoSupport.formatBytes(declared) + "), more than the memory budget of "
                    + IoSupport.formatBytes(NativeConfig.memoryBudget()) + " allows");
        }
        try {
            return Npy.read(where, new Bounded(where, entry, declared >= 0 ? declared : limit), declared);
        } catch (ZipException z) {
            throw new MatrixFormatException(where, "corrupt in the archive (" + z.getMessage() + ")");
        }
    }

    /**
     * The archive's {@code .npy} entry names, in archive order.
     *
     * @return an unmodifiable list of names, e.g. {@code "U.npy"}
     */
    public List<String> names() {
        return names;
    }

    /**
     * Reads one entry as a matrix (see {@link Npy#read(Path)} for dtypes and shapes).
     *
     * @param name an entry name as {@link #names()} lists it
     * @return a new owning matrix: close it
     * @throws IllegalArgumentException if the archive has no such entry
     * @throws MatrixFormatException if the entry is not a valid .npy array, is corrupt in the
     *     archive, declares (as its size or its header's shape) more than the memory budget, or
     *     inflates past its declared size
     */
    public Matrix read(String name) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null || !names.contains(name)) {
            throw new IllegalArgumentException(file + " has no entry '" + name + "'; it has " + names);
        }
        Path where = Path.of(file + "!" + name);
        try (InputStream in = zip.getInputStream(e)) {
            return readEntry(where, in, e.getSize());
        } catch (ZipException z) {
            throw new MatrixFormatException(where, "corrupt in the archive (" + z.getMessage() + ")");
        }
    }

    /**
     * An entry's stream that ends at the size the archive declares: an entry whose data inflates
     * past it is corrupt, and is refused rather than read on.
     */
    private static final class Bounded extends FilterInputStream {
        private final Path where;
        private long left;

        Bounded(Path where, InputStream in, long size) {
            super(in);
            this.where = where;
            this.left = size;
        }

        @Override
        public int read() throws IOException {
            byte[] b = new byte[1];
            return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (left == 0) {
                // One probe byte: data beyond the declared size means a lying entry.
                if (in.read() >= 0) {
                    throw new MatrixFormatException(where, "inflates beyond its declared size; the archive is corrupt");
                }
                return -1;
            }
            int r = in.read(b, off, (int) Math.min(len, left));
            if (r > 0) {
                left -= r;
            }
            return r;
        }
    }

    /**
     * The archive's path.
     *
     * @return the path given to {@link #open}
     */
    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
