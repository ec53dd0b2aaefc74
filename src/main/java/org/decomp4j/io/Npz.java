package org.decomp4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * <p>An entry is read by streaming it (inflating if needed) to a temporary file next to the
 * archive's temporary directory and parsing that with {@link Npy#read(Path)}, so an entry of any
 * size needs no Java array of its size; errors name {@code archive.npz!entry.npy}.
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

    /** The archive's {@code .npy} entry names, in archive order. */
    public List<String> names() {
        return names;
    }

    /**
     * Reads one entry as a matrix (see {@link Npy#read(Path)} for dtypes and shapes).
     *
     * @throws IllegalArgumentException if the archive has no such entry
     * @throws MatrixFormatException if the entry is not a valid .npy array, is corrupt in the
     *     archive, or inflates beyond the memory budget
     */
    public Matrix read(String name) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null || !names.contains(name)) {
            throw new IllegalArgumentException(file + " has no entry '" + name + "'; it has " + names);
        }
        Path where = Path.of(file + "!" + name);
        long limit = NativeConfig.memoryBudget() + (1 << 20); // a bigger entry could not be loaded anyway
        Path tmp = Files.createTempFile("decomp4j-npz-", ".npy");
        try {
            try (InputStream in = zip.getInputStream(e); OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[1 << 16];
                long total = 0;
                int r;
                while ((r = in.read(buf)) > 0) {
                    total += r;
                    if (total > limit) {
                        throw new MatrixFormatException(where, "inflates beyond " + limit
                                + " bytes, more than the memory budget allows");
                    }
                    out.write(buf, 0, r);
                }
            } catch (ZipException z) {
                throw new MatrixFormatException(where, "corrupt in the archive: " + z.getMessage());
            }
            try {
                return Npy.read(tmp);
            } catch (MatrixFormatException bad) {
                String msg = bad.getMessage();
                String prefix = tmp.toString();
                int at = msg.indexOf(prefix);
                String problem = at >= 0 ? msg.substring(at + prefix.length()).replaceFirst("^[:\\s]+", "") : msg;
                throw new MatrixFormatException(where, problem);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The archive's path. */
    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
