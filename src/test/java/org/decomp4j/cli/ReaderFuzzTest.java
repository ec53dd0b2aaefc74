package org.decomp4j.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.imageio.ImageIO;

import org.decomp4j.NativeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutates valid inputs of every reader (.npy, .npz, .mtx, CSV, ratings, PNG) with a seeded
 * generator and runs the CLI on each, in-process. Whatever the bytes, the CLI must answer with
 * exit 0, 2, 3 or 4, a message and no stack trace, touch nothing outside its output folder, and
 * survive in the suite's heap (the memory budget is lowered to 64 MiB, so any claim a mutation
 * inflates is refused, not allocated).
 *
 * <p>Bounded for CI by a case count and a time box (whichever ends first). Reproduce or widen a
 * run with {@code -Ddecomp4j.fuzz.seed=S -Ddecomp4j.fuzz.cases=N -Ddecomp4j.fuzz.seconds=T}; a
 * failure message names the seed and the case.
 */
class ReaderFuzzTest {
    private static final long SEED = Long.getLong("decomp4j.fuzz.seed", 0x5eed_d3c0_4a11L);
    private static final int CASES = Integer.getInteger("decomp4j.fuzz.cases", 600);
    private static final long SECONDS = Long.getLong("decomp4j.fuzz.seconds", 15);

    @TempDir
    Path root;

    /** One kind of input: a valid example, its extension, and the command line that reads it. */
    private record Kind(String ext, byte[] valid, Cmd cmd) {
    }

    @FunctionalInterface
    private interface Cmd {
        Object[] args(Path in, Path out);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void mutatedInputsGiveMessagesNotCrashes() throws Exception {
        Path inputs = Files.createDirectory(root.resolve("in"));
        Path outs = Files.createDirectory(root.resolve("out"));
        List<Kind> kinds = kinds(inputs);
        Random rnd = new Random(SEED);
        Set<String> tmpBefore = decompTemp();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        int[] codes = new int[5];
        int done = 0;
        NativeConfig.setMemoryBudget(64L << 20);
        try {
            for (int c = 0; c < CASES && System.nanoTime() < deadline; c++) {
                Kind k = kinds.get(rnd.nextInt(kinds.size()));
                String how = mutate(rnd, k.valid());
                byte[] bytes = lastMutation;
                Path in = inputs.resolve("case" + c + k.ext());
                Files.write(in, bytes);
                Path out = outs.resolve("case" + c);
                Object[] args = k.cmd().args(in, out);
                String where = "seed " + SEED + ", case " + c + " (" + k.ext() + ", " + how + "): "
                        + Arrays.toString(args);
                Cli.Run r;
                try {
                    r = Cli.run(args);
                } catch (OutOfMemoryError e) {
                    throw new AssertionError(where + ": OutOfMemoryError", e);
                }
                if (r.code() < 0 || r.code() == 1 || r.code() > 4) {
                    fail(where + ": exit " + r.code() + "\n" + r.err());
                }
                assertTrue(!r.err().contains("\tat ") && !r.err().contains("Exception in thread"),
                        () -> where + ": stack trace on stderr\n" + r.err());
                if (r.code() == ExitCodes.BAD_INPUT) {
                    // Every refusal names the file (a batch summary names it in its own lines).
                    assertTrue(r.err().contains(in.getFileName().toString()), () -> where
                            + ": the message does not name the input\n" + r.err());
                }
                codes[r.code()]++;
                Files.delete(in);
                done++;
            }
        } finally {
            NativeConfig.setMemoryBudget(0);
        }
        // Nothing but the outputs: the inputs folder holds only what the test wrote (all deleted),
        // and no reader left a temporary file behind.
        try (Stream<Path> s = Files.list(inputs)) {
            List<Path> left = s.toList();
            assertTrue(left.isEmpty(), "seed " + SEED + ": files appeared beside the inputs: " + left);
        }
        try (Stream<Path> s = Files.list(root)) {
            assertTrue(s.allMatch(p -> p.equals(inputs) || p.equals(outs)), "seed " + SEED + ": files outside out/");
        }
        assertTrue(decompTemp().equals(tmpBefore), "seed " + SEED + ": temporary files left in java.io.tmpdir");
        assertTrue(done >= 50, "seed " + SEED + ": only " + done + " cases ran in the time box");
        System.out.printf("reader fuzz: seed %d, %d cases, exit codes 0:%d 2:%d 3:%d 4:%d%n",
                SEED, done, codes[0], codes[2], codes[3], codes[4]);
    }

    // ---------------------------------------------------------------- valid inputs

    private static List<Kind> kinds(Path dir) throws IOException {
        List<Kind> k = new ArrayList<>();
        double[][] a = {{4, 1, 0}, {1, 3, 1}, {0, 1, 2}, {1, 0, 1}};
        byte[] npy = Files.readAllBytes(Cli.npy(dir, "seed.npy", a));
        byte[] cnpy = Files.readAllBytes(Cli.cOrderNpy(dir, "seedc.npy", a));
        Files.delete(dir.resolve("seed.npy"));
        Files.delete(dir.resolve("seedc.npy"));
        Cmd svd = (in, out) -> new Object[] {"svd", "--in", in, "--values-only"};
        k.add(new Kind(".npy", npy, svd));
        k.add(new Kind(".npy", cnpy, (in, out) -> new Object[] {"lu", "--in", in, "--out", out}));
        k.add(new Kind(".npz", npz(npy, cnpy), (in, out) -> new Object[] {"batch", "svd", "--in", in, "--out", out,
                "--jobs", 1}));
        k.add(new Kind(".mtx", ascii("%%MatrixMarket matrix coordinate real general\n% c\n4 3 5\n1 1 4\n2 2 3\n"
                + "3 3 2\n1 2 1\n4 1 1\n"), (in, out) -> new Object[] {"tsvd", "--in", in, "--rank", 1}));
        k.add(new Kind(".mtx", ascii("%%MatrixMarket matrix array real symmetric\n3 3\n4\n1\n0\n3\n1\n2\n"), svd));
        k.add(new Kind(".csv", ascii("a,b,c\n4,1,0\n1,3,1\n0,1,2\n1,0,1\n"), svd));
        k.add(new Kind(".txt", ascii("# comment\n4 1 0\n1 3 1\n0 1 2\n"), svd));
        StringBuilder ratings = new StringBuilder("user,item,rating,timestamp\n");
        for (int u = 0; u < 6; u++) {
            for (int i = 0; i < 5; i++) {
                if ((u + i) % 3 != 0) {
                    ratings.append("u").append(u).append(",i").append(i).append(',').append(1 + (u * i) % 5)
                            .append(",9").append(u).append('\n');
                }
            }
        }
        k.add(new Kind(".csv", ascii(ratings.toString()), (in, out) -> new Object[] {"recommend", "--ratings", in,
                "--rank", 1, "--max-iter", 5, "--test-fraction", 0}));
        BufferedImage img = new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 8; x++) {
                img.setRGB(x, y, (x * 30) << 16 | (y * 40) << 8 | (x + y) * 10);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(img, "png", png);
        k.add(new Kind(".png", png.toByteArray(), (in, out) -> new Object[] {"compress", "--in", in, "--rank", 1,
                "--out", out + ".png"}));
        return k;
    }

    private static byte[] npz(byte[] a, byte[] b) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            z.putNextEntry(new ZipEntry("a.npy"));
            z.write(a);
            z.closeEntry();
            ZipEntry stored = new ZipEntry("b.npy");
            z.putNextEntry(stored);
            z.write(b);
            z.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    // ---------------------------------------------------------------- mutations

    private byte[] lastMutation;

    /** Mutates {@code valid} into {@link #lastMutation}; returns what was done, for the failure message. */
    private String mutate(Random rnd, byte[] valid) {
        byte[] b = valid.clone();
        int op = rnd.nextInt(9);
        String how;
        switch (op) {
            case 0 -> {
                int flips = 1 + rnd.nextInt(8);
                for (int f = 0; f < flips; f++) {
                    int at = rnd.nextInt(b.length);
                    b[at] ^= (byte) (1 << rnd.nextInt(8));
                }
                how = flips + " bit flips";
            }
            case 1 -> {
                int len = rnd.nextInt(b.length);
                b = Arrays.copyOf(b, len);
                how = "truncated to " + len;
            }
            case 2 -> {
                // Every run of digits may become a huge size claim (shapes, size lines, lengths).
                String s = new String(b, StandardCharsets.ISO_8859_1);
                String huge = rnd.nextBoolean() ? "2000000000" : rnd.nextBoolean() ? "99999999999999999999" : "65535";
                s = s.replaceFirst("[0-9]+", huge);
                b = s.getBytes(StandardCharsets.ISO_8859_1);
                how = "first number replaced by " + huge;
            }
            case 3 -> {
                int at = rnd.nextInt(b.length + 1);
                int depth = 1 + rnd.nextInt(5000);
                b = insert(b, at, ("(" .repeat(depth / 2) + "[".repeat(depth - depth / 2)).getBytes(StandardCharsets.US_ASCII));
                how = depth + " open brackets at " + at;
            }
            case 4 -> {
                int at = rnd.nextInt(b.length + 1);
                int len = 1000 + rnd.nextInt(300_000);
                byte[] line = new byte[len];
                Arrays.fill(line, (byte) (rnd.nextBoolean() ? '7' : 'x'));
                b = insert(b, at, line);
                how = len + "-byte run at " + at;
            }
            case 5 -> {
                int n = 1 + rnd.nextInt(16);
                for (int f = 0; f < n; f++) {
                    b[rnd.nextInt(b.length)] = 0;
                }
                how = n + " NUL bytes";
            }
            case 6 -> {
                b = new byte[rnd.nextInt(4096)];
                rnd.nextBytes(b);
                how = b.length + " random bytes";
            }
            case 7 -> {
                int at = rnd.nextInt(b.length);
                int len = Math.min(b.length - at, 1 + rnd.nextInt(64));
                byte[] r = new byte[len];
                rnd.nextBytes(r);
                System.arraycopy(r, 0, b, at, len);
                how = len + " random bytes at " + at;
            }
            default -> {
                // Little-endian length and size fields of binary formats: overwrite 4 bytes with a huge value.
                int at = rnd.nextInt(Math.max(1, b.length - 4));
                int v = rnd.nextBoolean() ? Integer.MAX_VALUE : 0x7fff_0000 | rnd.nextInt(0xffff);
                for (int i = 0; i < 4 && at + i < b.length; i++) {
                    b[at + i] = (byte) (v >>> (8 * i));
                }
                how = "int " + v + " at " + at;
            }
        }
        lastMutation = b;
        return how;
    }

    private static byte[] insert(byte[] b, int at, byte[] what) {
        byte[] r = new byte[b.length + what.length];
        System.arraycopy(b, 0, r, 0, at);
        System.arraycopy(what, 0, r, at, what.length);
        System.arraycopy(b, at, r, at + what.length, b.length - at);
        return r;
    }

    /** decomp4j's temporary files in java.io.tmpdir (the old .npz reader made some). */
    private static Set<String> decompTemp() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("decomp4j"))
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }
}
