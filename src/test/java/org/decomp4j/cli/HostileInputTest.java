package org.decomp4j.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.decomp4j.NativeConfig;
import org.decomp4j.io.MatrixFormatException;
import org.decomp4j.io.Npz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs built to hurt a reader: huge size claims, endless lines, deep nesting, binary text,
 * zip bombs, FIFOs, directories. Each must end with exit 2 and a message naming the file (and
 * the line where there is one), never a stack trace, a heap exhaustion or a hang.
 */
class HostileInputTest {
    @TempDir
    Path dir;

    // ---------------------------------------------------------------- 1. size claims, long tokens

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void hugeSparseClaimIsRefusedBeforeAllocating() throws IOException {
        // 2·10^9 rows and columns need ~15 GiB of CSR/CSC pointers: more than -Xmx4g and any sane
        // budget. Before: OutOfMemoryError in CsrMatrix.fromTriplets, exit 1.
        Path f = Cli.csv(dir, "huge.mtx", "%%MatrixMarket matrix coordinate real general\n"
                + "2000000000 2000000000 3\n1 1 1\n2 2 2\n3 3 3\n");
        String err = Cli.run("tsvd", "--in", f, "--rank", 1).fails(ExitCodes.BAD_INPUT);
        assertTrue(err.contains(f + ": line 2: the size line claims a 2000000000×2000000000 sparse matrix"), err);
        assertTrue(err.contains("row and column pointers"), err);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void sparseClaimBeyondTheBudgetNamesTheBudget() throws IOException {
        // 10^8 square: 800 MB of pointers, under the heap but over a 64 MiB budget. Before: read,
        // then minutes of Lanczos and 17.8 GB of RSS.
        Path f = Cli.csv(dir, "big.mtx", "%%MatrixMarket matrix coordinate real general\n"
                + "% a comment\n100000000 100000000 2\n1 1 1\n2 2 2\n");
        NativeConfig.setMemoryBudget(64L << 20);
        try {
            String err = Cli.run("tsvd", "--in", f, "--rank", 1).fails(ExitCodes.BAD_INPUT);
            assertTrue(err.contains(f + ": line 3: the size line claims a 100000000×100000000"), err);
            assertTrue(err.contains("memory budget of 64.0 MiB"), err);
        } finally {
            NativeConfig.setMemoryBudget(0);
        }
    }

    @Test
    void enormousNumericTokenIsRefusedWithItsPlace() throws IOException {
        // 2 MB of digits in one field: before, FloatingDecimal parsed it all (and at scale ran out of heap).
        String big = "1".repeat(2_000_000);
        Path f = Cli.csv(dir, "tok.csv", "1,2\n3," + big + "\n");
        String err = Cli.run("svd", "--in", f).fails(ExitCodes.BAD_INPUT);
        assertTrue(err.contains(f + ": line 2, column 2: '1111"), err);
        assertTrue(err.contains("is not a number"), err);
        assertTrue(err.length() < 1000, "the token is quoted shortened");
    }

    // ---------------------------------------------------------------- 2. nesting in a .npy header

    @Test
    void deeplyNestedNpyHeaderIsAFormatError() throws IOException {
        // 100 000 '[' in a 200 kB header: before, StackOverflowError in PyLiteral with a trace.
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), 'x': " + "[".repeat(100_000) + "}";
        Path f = dir.resolve("deep.npy");
        Files.write(f, npyV2(dict, new byte[8]));
        String err = Cli.run("svd", "--in", f).fails(ExitCodes.BAD_INPUT);
        assertTrue(err.contains(f + ": garbled header: nested more than 32 levels deep"), err);
    }

    // ---------------------------------------------------------------- 3. binary text, zip bombs

    @Test
    void binaryRatingsFileNamesTheLine() throws IOException {
        Path f = dir.resolve("r.csv");
        byte[] bin = {'u', ',', 'i', ',', '1', '\n', (byte) 0xC3, (byte) 0x28, ',', 'x', '\n'};
        Files.write(f, bin);
        String err = Cli.run("recommend", "--ratings", f, "--rank", 1).fails(ExitCodes.BAD_INPUT);
        assertTrue(err.contains(f + ": line 2: not UTF-8 text"), err);
        assertFalse(err.contains("Input length"), err);
    }

    @Test
    void zipBombEntryIsRefusedByItsDeclaredSize() throws IOException {
        // A stored entry whose local and central headers declare 3 GiB but hold a few bytes: it
        // must be refused by the declaration, before inflating. The test builds the sizes by
        // hand: a real 3 GiB deflate stream would cost seconds to write.
        Path f = dir.resolve("bomb.npz");
        writeLyingZip(f, "a.npy", 3L << 30);
        NativeConfig.setMemoryBudget(64L << 20);
        try (Npz z = Npz.open(f)) {
            MatrixFormatException e = org.junit.jupiter.api.Assertions.assertThrows(MatrixFormatException.class,
                    () -> z.read("a.npy"));
            assertTrue(e.getMessage().startsWith(f + "!a.npy: declares 3221225472 bytes uncompressed"),
                    e.getMessage());
        } finally {
            NativeConfig.setMemoryBudget(0);
        }
    }

    @Test
    void npzEntryWhoseHeaderClaimsTooMuchIsRefusedBeforeItsData() throws IOException {
        // A deflated entry declaring a 20000×20000 float64 shape (3 GiB) over a 64 MiB budget,
        // with no data at all: refused by the header, named by archive and entry.
        Path f = dir.resolve("claim.npz");
        byte[] npy = npyV2("{'descr': '<f8', 'fortran_order': True, 'shape': (20000, 20000), }", new byte[0]);
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
            z.putNextEntry(new ZipEntry("a.npy"));
            z.write(npy);
            z.closeEntry();
        }
        NativeConfig.setMemoryBudget(64L << 20);
        try (Npz z = Npz.open(f)) {
            MatrixFormatException e = org.junit.jupiter.api.Assertions.assertThrows(MatrixFormatException.class,
                    () -> z.read("a.npy"));
            assertTrue(e.getMessage().startsWith(f + "!a.npy: "), e.getMessage());
            assertTrue(e.getMessage().contains("20000×20000 float64 matrix needs 3.0 GiB, more than the memory budget"),
                    e.getMessage());
        } finally {
            NativeConfig.setMemoryBudget(0);
        }
    }

    // ---------------------------------------------------------------- 4, 7. FIFOs, directories

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void csvFromAFifoIsReadOnce() throws Exception {
        // Before: the reader opened the file twice (scan, fill); the second open waited for
        // a writer that was gone, for ever. The @Timeout keeps a regression from hanging CI.
        Path fifo = fifo("a.csv");
        Thread writer = writer(fifo, "x,y\n3,0\n0,4\n".getBytes(StandardCharsets.US_ASCII));
        String out = Cli.run("svd", "--in", fifo, "--values-only").ok();
        writer.join(5000);
        assertTrue(out.contains("4") && out.contains("3"), out);
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void npyFromAFifoIsStreamed() throws Exception {
        // Before: "decomp4j svd: Illegal seek" (positional reads on a pipe), no file named.
        Path src = Cli.npy(dir, "src.npy", new double[][] {{3, 0}, {0, 4}});
        Path fifo = fifo("b.npy");
        Thread writer = writer(fifo, Files.readAllBytes(src));
        String out = Cli.run("svd", "--in", fifo, "--values-only").ok();
        writer.join(5000);
        assertTrue(out.contains("4") && out.contains("3"), out);
    }

    @Test
    void directoryNamedLikeAnInputIsNamed() throws IOException {
        // Before: "decomp4j svd: Is a directory", which names nothing.
        for (String name : new String[] {"x.npy", "x.csv", "x.mtx"}) {
            Path d = Files.createDirectory(dir.resolve(name));
            String err = Cli.run("svd", "--in", d).fails(ExitCodes.BAD_INPUT);
            assertTrue(err.contains(d + ": is a directory"), err);
        }
    }

    // ---------------------------------------------------------------- 5. endless lines

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void devZeroBehindEveryTextReaderIsABoundedLineError() throws IOException {
        // /dev/zero never ends a line: before, OutOfMemoryError (readLine, Files.readAllBytes), exit 1.
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.isReadable(zero), "needs /dev/zero");
        for (String name : new String[] {"z.csv", "z.mtx", "z.txt"}) {
            Path link = Files.createSymbolicLink(dir.resolve(name), zero);
            String err = Cli.run("svd", "--in", link).fails(ExitCodes.BAD_INPUT);
            assertTrue(err.contains(link + ": line 1: line longer than 64.0 MiB"), err);
        }
        Path docs = Files.createSymbolicLink(dir.resolve("docs.txt"), zero);
        String err = Cli.run("lsa", "--docs", docs).fails(ExitCodes.BAD_INPUT);
        assertTrue(err.contains(docs + ": line 1: line longer than 64.0 MiB"), err);
        Path ratings = Files.createSymbolicLink(dir.resolve("u.data"), zero);
        err = Cli.run("recommend", "--ratings", ratings).fails(ExitCodes.BAD_INPUT);
        assertTrue(err.contains(ratings + ": line 1: line longer than 64.0 MiB"), err);
    }

    // ---------------------------------------------------------------- 6. no silent header

    @Test
    void malformedFirstRowIsAnErrorNotAHeader() throws IOException {
        // Before: the row was taken for a header and dropped, a 3×2 file read as 2×2, exit 0.
        for (String bad : new String[] {"1.2.3", "1.5d", "0x10", "1_000"}) {
            Path f = Cli.csv(dir, "h" + bad.hashCode() + ".csv", bad + ",1\n2,3\n4,5\n");
            String err = Cli.run("svd", "--in", f).fails(ExitCodes.BAD_INPUT);
            assertTrue(err.contains(f + ": line 1, column 1: '" + bad + "' is not a number"), err);
        }
        // A real header (no field a number) is still skipped: 2×2 singular values 4 and 3.
        Path h = Cli.csv(dir, "ok.csv", "x,y\n3,0\n0,4\n");
        assertTrue(Cli.run("svd", "--in", h, "--values-only").ok().contains("4"));
    }

    @Test
    void damagedFirstRatingIsAnErrorNotAHeader() throws IOException {
        Path f = Cli.csv(dir, "r.csv", "u1,i1,4.5x\nu1,i2,3\nu2,i1,2\n");
        String err = Cli.run("recommend", "--ratings", f, "--rank", 1).fails(ExitCodes.BAD_INPUT);
        assertTrue(err.contains(f + ": line 1, column 3: rating '4.5x' is not a number"), err);
    }

    // ---------------------------------------------------------------- helpers

    private Path fifo(String name) throws Exception {
        Path p = dir.resolve(name);
        Process mk;
        try {
            mk = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "mkfifo is not available: " + e.getMessage());
            return null;
        }
        assumeTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo failed");
        return p;
    }

    /** Writes {@code bytes} into the FIFO once and closes it, as a shell's process substitution does. */
    private static Thread writer(Path fifo, byte[] bytes) {
        Thread t = new Thread(() -> {
            try (OutputStream o = Files.newOutputStream(fifo)) {
                o.write(bytes);
            } catch (IOException ignored) {
                // the reader failed or went away; the test's assertions report it
            }
        }, "fifo-writer");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** A version-2.0 .npy (4-byte header length, so a header over 64 KiB fits) with {@code data}. */
    static byte[] npyV2(String dict, byte[] data) {
        byte[] h = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x93);
        b.writeBytes("NUMPY".getBytes(StandardCharsets.US_ASCII));
        b.write(2);
        b.write(0);
        int n = h.length;
        b.write(n & 0xff);
        b.write((n >>> 8) & 0xff);
        b.write((n >>> 16) & 0xff);
        b.write((n >>> 24) & 0xff);
        b.writeBytes(h);
        b.writeBytes(data);
        return b.toByteArray();
    }

    /**
     * A zip with one stored entry of 16 bytes whose local header and central directory declare
     * {@code declared} bytes (ZIP64 extra fields when it passes 4 GiB are not needed below it).
     */
    static void writeLyingZip(Path f, String name, long declared) throws IOException {
        byte[] data = "\u0093NUMPY-not-real!".getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(data);
        byte[] nm = name.getBytes(StandardCharsets.US_ASCII);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(200 + 2 * nm.length + data.length)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) 0) // local, stored
                .putShort((short) 0).putShort((short) 0).putInt((int) crc.getValue())
                .putInt(data.length).putInt((int) declared).putShort((short) nm.length).putShort((short) 0)
                .put(nm).put(data);
        int central = b.position();
        b.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0).putShort((short) 0)
                .putShort((short) 0).putShort((short) 0).putInt((int) crc.getValue()).putInt(data.length)
                .putInt((int) declared).putShort((short) nm.length).putShort((short) 0).putShort((short) 0)
                .putShort((short) 0).putShort((short) 0).putInt(0).putInt(0).put(nm);
        int centralSize = b.position() - central;
        b.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) 1).putShort((short) 1)
                .putInt(centralSize).putInt(central).putShort((short) 0);
        Files.write(f, java.util.Arrays.copyOf(b.array(), b.position()));
    }
}
