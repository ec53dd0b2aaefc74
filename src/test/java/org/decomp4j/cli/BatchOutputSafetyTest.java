package org.decomp4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.decomp4j.TestMatrices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code batch} never touches a path outside OUT or one it did not create: hostile input names
 * (from a directory or a .npz) fail alone with a reason, a user's directory under OUT is left
 * alone, a symlinked OUT or entry is not followed out, and a result made with other options is
 * redone rather than skipped. Each test snapshots a sandbox (paths, types, sizes, mtimes, link
 * targets) before and after.
 */
class BatchOutputSafetyTest {
    @TempDir
    Path dir;

    /** Everything under {@code root} except {@code skip}'s subtree, not following links. */
    private static Map<String, String> snapshot(Path root, Path skip) throws IOException {
        Map<String, String> m = new TreeMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
                if (skip != null && d.equals(skip)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                m.put(root.relativize(d) + "/", "dir " + a.lastModifiedTime().toMillis());
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                if (skip != null && f.equals(skip)) {
                    return FileVisitResult.CONTINUE;
                }
                m.put(root.relativize(f).toString(), a.isSymbolicLink() ? "link " + Files.readSymbolicLink(f)
                        : "file " + a.size() + " " + a.lastModifiedTime().toMillis());
                return FileVisitResult.CONTINUE;
            }
        });
        return m;
    }

    /** A sandbox with a sibling project beside OUT; returns the sandbox. */
    private Path sandbox() throws IOException {
        Path sb = Files.createDirectories(dir.resolve("sb"));
        Files.createDirectories(sb.resolve("project/src"));
        Files.writeString(sb.resolve("project/src/Main.java"), "class Main {}");
        Files.writeString(sb.resolve("sibling.txt"), "keep me");
        Files.createDirectories(sb.resolve("out"));
        Files.writeString(sb.resolve("out/user-notes.txt"), "mine");
        return sb;
    }

    private Path npz(String name, String... entries) throws IOException {
        Path z = dir.resolve(name);
        byte[] npy = Files.readAllBytes(Cli.npy(Files.createDirectories(dir.resolve("tmp")), "m.npy",
                TestMatrices.spd(4, 1)));
        try (OutputStream os = Files.newOutputStream(z); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (String e : entries) {
                zip.putNextEntry(new ZipEntry(e));
                zip.write(npy);
                zip.closeEntry();
            }
        }
        return z;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> failures(Map<String, Object> j) {
        return (Map<String, Object>) j.get("failures");
    }

    private static void assertFailure(Map<String, Object> failures, String input, String... fragments) {
        Object why = failures.get(input);
        assertTrue(why instanceof String, input + " should fail: " + failures);
        for (String f : fragments) {
            assertTrue(((String) why).contains(f), input + ": " + why);
        }
    }

    @Test
    void hostileNpzEntriesFailAloneAndNothingOutsideOutChanges() throws IOException {
        Path sb = sandbox();
        Path out = sb.resolve("out");
        String longStem = "x".repeat(300);
        Path z = npz("hostile.npz", "...npy", "..npy", "../up.npy", "/abs/solute.npy", "a\\b.npy", "nul\u0000.npy",
                longStem + ".npy", ".npy", ".decomp4j-batch-0123456789abcdef.npy", "good.npy", "folder/inner.npy");
        Map<String, String> before = snapshot(sb, out);
        Cli.Run r = Cli.run("batch", "cholesky", "--in", z, "--out", out, "--json");
        assertEquals(ExitCodes.SOME_FAILED, r.code(), r.err());
        assertEquals(before, snapshot(sb, out), "nothing outside OUT may change");
        Map<String, Object> j = MiniJson.object(r.out().strip());
        assertEquals(2.0, j.get("done"));
        assertEquals(9.0, j.get("failed"));
        Map<String, Object> f = failures(j);
        assertFailure(f, "...npy", "'..'", "names a directory");
        assertFailure(f, "..npy", "'.'", "names a directory");
        assertFailure(f, "../up.npy", "'..' component");
        assertFailure(f, "/abs/solute.npy", "absolute path");
        assertFailure(f, "a\\b.npy", "backslash");
        assertFailure(f, "nul\\u0000.npy", "control character U+0000");
        assertFailure(f, longStem + ".npy", "300 bytes long");
        assertFailure(f, ".npy", "is empty");
        assertFailure(f, ".decomp4j-batch-0123456789abcdef.npy", "reserves");
        assertEquals(List.of(BatchCommand.RESULT_MANIFEST, "L.npy"), Cli.list(out.resolve("good")));
        assertEquals(List.of("good", "inner", "user-notes.txt"), Cli.list(out));
        assertEquals("mine", Files.readString(out.resolve("user-notes.txt")));
    }

    @Test
    void hostileDirectoryInputsFailAloneAndLongNamesWork() throws IOException {
        Path sb = sandbox();
        Path out = sb.resolve("out");
        Path in = Files.createDirectories(dir.resolve("in"));
        String longStem = "L".repeat(246); // a 250-character input name: fits, whatever the staging name
        for (String n : new String[] {"...npy", "..npy", "ok.npy", longStem + ".npy"}) {
            Cli.npy(in, n, TestMatrices.gaussian(5, 3, n.length()));
        }
        Map<String, String> before = snapshot(sb, out);
        Cli.Run r = Cli.run("batch", "svd", "--in", in, "--out", out, "--json");
        assertEquals(ExitCodes.SOME_FAILED, r.code(), r.err());
        assertEquals(before, snapshot(sb, out), "nothing outside OUT may change");
        Map<String, Object> j = MiniJson.object(r.out().strip());
        assertEquals(2.0, j.get("done"));
        assertEquals(2.0, j.get("failed"));
        assertFailure(failures(j), "...npy", "'..'", "rename the input");
        assertFailure(failures(j), "..npy", "'.'", "rename the input");
        assertEquals(List.of(longStem, "ok", "user-notes.txt"), Cli.list(out));
        assertEquals(List.of(BatchCommand.RESULT_MANIFEST, "S.npy", "U.npy", "Vt.npy"), Cli.list(out.resolve(longStem)));
    }

    @Test
    void aSymlinkedOutIsWrittenThroughAndLinksInsideAreNeverFollowed() throws IOException {
        Path sb = sandbox();
        Path real = Files.createDirectories(sb.resolve("real"));
        Path out = Files.createSymbolicLink(sb.resolve("link-out"), real);
        Path victim = Files.createDirectories(sb.resolve("victim"));
        Files.writeString(victim.resolve("precious.txt"), "do not delete");
        Path victim2 = Files.createDirectories(sb.resolve("victim2/sub"));
        Files.writeString(victim2.resolve("deep.txt"), "nor this");
        // a link named like an output, and one named like a stale staging directory
        Files.createSymbolicLink(real.resolve("a"), victim);
        Files.createSymbolicLink(real.resolve(BatchCommand.STAGING_PREFIX + "0000000000000000"), sb.resolve("victim2"));
        Path in = Files.createDirectories(dir.resolve("in"));
        Cli.npy(in, "a.npy", TestMatrices.gaussian(4, 4, 1));
        Cli.npy(in, "b.npy", TestMatrices.gaussian(4, 4, 2));
        Map<String, String> before = snapshot(sb, real);
        Cli.Run r = Cli.run("batch", "svd", "--in", in, "--out", out, "--json");
        assertEquals(ExitCodes.SOME_FAILED, r.code(), r.err());
        assertEquals(before, snapshot(sb, real), "nothing outside OUT's real directory may change");
        Map<String, Object> j = MiniJson.object(r.out().strip());
        assertEquals(1.0, j.get("done"));
        assertFailure(failures(j), "a.npy", "exists and was not written by decomp4j batch", "symbolic link",
                "choose another --out");
        assertTrue(Files.isSymbolicLink(real.resolve("a")), "the link itself is left alone");
        assertEquals(List.of("a", "b"), Cli.list(real), "the stale staging link is removed as a link");
        assertEquals(List.of(BatchCommand.RESULT_MANIFEST, "S.npy", "U.npy", "Vt.npy"), Cli.list(real.resolve("b")));
    }

    @Test
    void aUsersDirectoryUnderOutIsNeverDeleted() throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        Cli.npy(in, "x.npy", TestMatrices.gaussian(4, 3, 1));
        Cli.npy(in, "y.npy", TestMatrices.gaussian(4, 3, 2));
        Path out = dir.resolve("out");
        Path mine = Files.createDirectories(out.resolve("x/sub"));
        Files.writeString(out.resolve("x/notes.txt"), "my notes");
        Files.writeString(out.resolve("x/sub/deep.txt"), "deep");
        Files.writeString(out.resolve("x/U.npy"), "not a matrix, but mine");
        Map<String, String> before = snapshot(out.resolve("x"), null);
        Cli.Run r = Cli.run("batch", "svd", "--in", in, "--out", out, "--json");
        assertEquals(ExitCodes.SOME_FAILED, r.code(), r.err());
        assertEquals(before, snapshot(out.resolve("x"), null));
        assertTrue(Files.isDirectory(mine));
        Map<String, Object> j = MiniJson.object(r.out().strip());
        assertEquals(1.0, j.get("done"));
        assertFailure(failures(j), "x.npy", out.resolve("x") + " exists and was not written by decomp4j batch",
                "move it or choose another --out");
        // a result of ours that the user added a file to is not ours alone any more: kept, that input fails
        Files.writeString(out.resolve("y/mine.txt"), "added");
        r = Cli.run("batch", "svd", "--in", in, "--out", out, "--json", "--full");
        assertEquals(ExitCodes.SOME_FAILED, r.code(), r.err());
        assertFailure(failures(MiniJson.object(r.out().strip())), "y.npy", "holds mine.txt");
        assertEquals("added", Files.readString(out.resolve("y/mine.txt")));
    }

    @Test
    void aResultMadeWithOtherOptionsOrFromAChangedInputIsRedoneWhole() throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        for (int i = 0; i < 3; i++) {
            Cli.npy(in, "m" + i + ".npy", TestMatrices.gaussian(6, 4, i));
        }
        Path out = dir.resolve("out");
        assertEquals(0, Cli.run("batch", "svd", "--in", in, "--out", out).code());
        assertEquals(4, Cli.read(out.resolve("m0/U.npy"))[0].length, "thin U is 6×4");
        Cli.Run r = Cli.run("batch", "svd", "--in", in, "--out", out, "--full", "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> j = MiniJson.object(r.out().strip());
        assertEquals(3.0, j.get("done"));
        assertEquals(0.0, j.get("skipped"));
        for (int i = 0; i < 3; i++) {
            assertEquals(6, Cli.read(out.resolve("m" + i + "/U.npy"))[0].length, "full U is 6×6");
            assertEquals(4, Cli.read(out.resolve("m" + i + "/Vt.npy")).length);
        }
        j = MiniJson.object(Cli.run("batch", "svd", "--in", in, "--out", out, "--full", "--json").out().strip());
        assertEquals(3.0, j.get("skipped"), "the same request is skipped");
        // values only replaces the directory whole: no U or Vt of the full run is left beside S
        j = MiniJson.object(Cli.run("batch", "svd", "--in", in, "--out", out, "--values-only", "--json").out().strip());
        assertEquals(3.0, j.get("done"));
        assertEquals(List.of(BatchCommand.RESULT_MANIFEST, "S.npy"), Cli.list(out.resolve("m1")));
        assertEquals(List.of("m0", "m1", "m2"), Cli.list(out), "no staging or set-aside directory is left");
        // a changed input is redone, the others skipped
        double[][] changed = TestMatrices.gaussian(6, 4, 99);
        Files.delete(in.resolve("m2.npy"));
        Cli.npy(in, "m2.npy", changed);
        Files.setLastModifiedTime(in.resolve("m2.npy"), java.nio.file.attribute.FileTime.fromMillis(1_000_000L));
        j = MiniJson.object(Cli.run("batch", "svd", "--in", in, "--out", out, "--values-only", "--json").out().strip());
        assertEquals(1.0, j.get("done"));
        assertEquals(2.0, j.get("skipped"));
        assertArrayEquals(org.decomp4j.Svd.values(org.decomp4j.Matrix.of(changed)),
                Cli.readVector(out.resolve("m2/S.npy")), 1e-12 * 20);
    }

    @Test
    void underTheCLocaleANonAsciiNameFailsAloneAndTheBatchGoesOn() throws Exception {
        assumeTrue(Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8")).newEncoder().canEncode("é"),
                "this JVM cannot create the non-ASCII test file");
        Path in = Files.createDirectories(dir.resolve("in"));
        Cli.npy(in, "\u00e9t\u00e9.npy", TestMatrices.gaussian(4, 4, 1));
        Cli.npy(in, "ok.npy", TestMatrices.gaussian(4, 4, 2));
        Path out = dir.resolve("out");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "batch", "svd", "--in",
                in.toString(), "--out", out.toString(), "--json"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANG"));
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String log = Files.readString(dir.resolve("log"));
        assertEquals(ExitCodes.SOME_FAILED, p.exitValue(), log);
        String json = log.lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow(() -> new AssertionError(log));
        Map<String, Object> j = MiniJson.object(json);
        assertEquals(1.0, j.get("done"), log);
        assertEquals(1.0, j.get("failed"), log);
        String why = (String) failures(j).values().iterator().next();
        assertTrue(why.contains("platform's file-name encoding"), why);
        assertTrue(Files.isDirectory(out.resolve("ok"), LinkOption.NOFOLLOW_LINKS));
    }
}
