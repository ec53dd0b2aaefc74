package org.decomp4j.lapack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's direct load of OpenBLAS from JavaCPP's cache ({@link CachedNatives}): the record is
 * trusted only while everything in it holds, and a process that uses it maps OpenBLAS once and
 * computes correctly. Linux only, as the direct load itself (its argument is about ELF sonames).
 */
@EnabledOnOs(OS.LINUX)
class CachedNativesTest {
    private static final Pattern PROBE = Pattern.compile(
            "loadLibraries=(\\S+) copies=(\\d+) threads=(\\d+) residual=(\\S+)");

    @TempDir
    Path dir;

    @Test
    void aSecondProcessLoadsFromTheRecordMapsOpenBlasOnceAndComputes() throws Exception {
        Path cache = dir.resolve("cache");
        Matcher first = probe(cache);
        assertEquals("null", first.group(1), "the first process loads through JavaCPP");
        assertTrue(Files.isRegularFile(CachedNatives.recordFile(cache).orElseThrow()), "and records what it loaded");
        assertEquals(2, Integer.parseInt(first.group(2)), "JavaCPP maps the preset's two copies of OpenBLAS");

        Matcher second = probe(cache);
        assertEquals("false", second.group(1), "the second process loads from the record, JavaCPP's loader off");
        assertEquals(1, Integer.parseInt(second.group(2)), "one copy of OpenBLAS");
        assertEquals("1", second.group(3), "decomp4j.threads still applies");
        assertTrue(Double.parseDouble(second.group(4)) <= 64 * 64 * Math.ulp(1.0), second.group(0));

        // a library file changed since (JavaCPP re-extracted it): back to JavaCPP, which records again
        Path lib = CachedNatives.read(CachedNatives.recordFile(cache).orElseThrow()).orElseThrow().get(0).path();
        Files.setLastModifiedTime(lib, FileTime.fromMillis(Files.getLastModifiedTime(lib).toMillis() - 60_000));
        Matcher third = probe(cache);
        assertEquals("null", third.group(1), "a changed library sends the load back to JavaCPP");
        assertTrue(CachedNatives.read(CachedNatives.recordFile(cache).orElseThrow()).isPresent(), "which records anew");
    }

    /**
     * An application that owns its JVM opts in by property ({@code decomp4j.loadFromCache=true}):
     * the same direct load as the CLI's; without it a library process never switches JavaCPP off.
     */
    @Test
    void theLibraryLoadsFromTheRecordOnlyWhenThePropertyAsks() throws Exception {
        Path cache = dir.resolve("cache");
        Matcher first = probe(cache, "decomp4j.loadFromCache=true");
        assertEquals("null", first.group(1), "no record yet: JavaCPP loads");
        assertTrue(Files.isRegularFile(CachedNatives.recordFile(cache).orElseThrow()), "and the record is written");
        Matcher plain = probe(cache, "decomp4j.loadFromCache=false");
        assertEquals("null", plain.group(1), "without the property the record is not used");
        assertEquals(2, Integer.parseInt(plain.group(2)));
        Matcher second = probe(cache, "decomp4j.loadFromCache=true");
        assertEquals("false", second.group(1), "with it, the direct load");
        assertEquals(1, Integer.parseInt(second.group(2)), "one copy of OpenBLAS");
        assertTrue(Double.parseDouble(second.group(4)) <= 64 * 64 * Math.ulp(1.0), second.group(0));
    }

    /**
     * Two installations sharing one JavaCPP cache (here: the same jars at another path, as a second
     * CLI build would be) keep a record each, so running them in turn never sends either back to
     * JavaCPP's loader.
     */
    @Test
    void twoInstallationsRunInTurnEachKeepTheirOwnRecord() throws Exception {
        Path cache = dir.resolve("cache");
        Path copies = Files.createDirectory(dir.resolve("other-installation"));
        StringBuilder otherPath = new StringBuilder();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(e).toAbsolutePath();
            if (CachedNatives.codeSources().contains(p)) {
                p = Files.copy(p, copies.resolve(p.getFileName()));
            }
            otherPath.append(otherPath.length() == 0 ? "" : java.io.File.pathSeparator).append(p);
        }
        String thisPath = System.getProperty("java.class.path");
        assertEquals("null", probe(cache, null, thisPath).group(1), "first run of installation A: JavaCPP, then recorded");
        assertEquals("null", probe(cache, null, otherPath.toString()).group(1), "first run of B: JavaCPP, its own record");
        try (java.util.stream.Stream<Path> records = Files.list(cache)) {
            assertEquals(2, records.filter(f -> f.getFileName().toString().startsWith(CachedNatives.RECORD + "-")).count(),
                    "one record per installation");
        }
        assertEquals("false", probe(cache, null, thisPath).group(1), "A again: its record survived B's run");
        assertEquals("false", probe(cache, null, otherPath.toString()).group(1), "B again: so did B's");
    }

    /** Runs {@link CachedNativesProbe} in a fresh JVM with its own JavaCPP cache directory. */
    private Matcher probe(Path cache) throws IOException, InterruptedException {
        return probe(cache, null);
    }

    private Matcher probe(Path cache, String property) throws IOException, InterruptedException {
        return probe(cache, property, System.getProperty("java.class.path"));
    }

    /** As {@link #probe(Path)}; with {@code property}, the child sets it instead of asking in code. */
    private Matcher probe(Path cache, String property, String classPath) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.bytedeco.javacpp.cachedir=" + cache, "-Ddecomp4j.threads=1", "-Xss16m"));
        if (property != null) {
            cmd.add("-D" + property);
        }
        cmd.addAll(List.of("-cp", classPath, CachedNativesProbe.class.getName()));
        if (property != null) {
            cmd.add("library");
        }
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        String o = Files.readString(out);
        assertEquals(0, p.exitValue(), () -> o + readQuietly(err));
        Matcher m = PROBE.matcher(o);
        assertTrue(m.find(), o);
        return m;
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void aRecordIsTrustedOnlyWhileEverythingInItHolds() throws IOException {
        List<Path> jars = CachedNatives.codeSources();
        assertFalse(jars.isEmpty(), "the tests load JavaCPP and the preset from jars");
        List<String> good = new ArrayList<>();
        good.add("decomp4j-natives 1");
        for (Path j : jars) {
            good.add(CachedNatives.Entry.of("jar", j).line("jar"));
        }
        for (String name : List.of("openblas_nolapack", "jnijavacpp", "jniopenblas_nolapack", "jniopenblas")) {
            Path f = Files.writeString(dir.resolve("lib" + name + ".so"), name);
            good.add(CachedNatives.Entry.of(name, f).line("lib"));
        }
        Path record = CachedNatives.recordFile(dir).orElseThrow();
        write(record, good);
        List<CachedNatives.Entry> libs = CachedNatives.read(record).orElseThrow();
        assertEquals(List.of("openblas_nolapack", "jnijavacpp", "jniopenblas_nolapack", "jniopenblas"),
                libs.stream().map(CachedNatives.Entry::name).toList(), "in the recorded order");

        // a library missing from the record, an unknown kind of line, another version, a bad number
        List<String> noJni = new ArrayList<>(good);
        noJni.remove(good.size() - 1);
        assertTrue(readsEmpty(record, noJni), "a required library missing");
        assertTrue(readsEmpty(record, with(good, "dll\tx\t1\t1\t/x")), "an unknown line");
        assertTrue(readsEmpty(record, replaced(good, 0, "decomp4j-natives 2")), "another format");
        assertTrue(readsEmpty(record, replaced(good, 2, good.get(2).replaceFirst("\t\\d+\t", "\tten\t"))),
                "a size that is not a number");
        assertTrue(readsEmpty(record, replaced(good, 1, CachedNatives.Entry.of("jar",
                Files.writeString(dir.resolve("other.jar"), "x")).line("jar"))), "recorded for another class path");

        // a library whose size or time changed, or that is gone
        write(record, good);
        Path lib = libs.get(1).path();
        Files.writeString(lib, "jnijavacpp, rebuilt");
        assertTrue(CachedNatives.read(record).isEmpty(), "a library's size changed");
        Files.writeString(lib, "jnijavacpp");
        Files.setLastModifiedTime(lib, FileTime.fromMillis(libs.get(1).modified()));
        assertTrue(CachedNatives.read(record).isPresent(), "restored as recorded");
        Files.setLastModifiedTime(lib, FileTime.fromMillis(libs.get(1).modified() + 1000));
        assertTrue(CachedNatives.read(record).isEmpty(), "a library's time changed");
        Files.delete(lib);
        assertTrue(CachedNatives.read(record).isEmpty(), "a library gone");
        assertTrue(CachedNatives.read(dir.resolve("absent")).isEmpty(), "no record");
    }

    @Test
    void onlyLinuxWithoutJavaCppPropertiesButTheCacheDirectoryTakesTheDirectLoad() {
        String linux = Loader.getPlatform().startsWith("linux-") ? Loader.getPlatform() : "linux-x86_64";
        assertTrue(CachedNatives.applicable(linux));
        assertFalse(CachedNatives.applicable("macosx-arm64"));
        assertFalse(CachedNatives.applicable("windows-x86_64"));
        String key = "org.bytedeco.openblas.load";
        System.setProperty(key, "mkl_rt");
        try {
            assertFalse(CachedNatives.applicable(linux), "a user who picks another BLAS gets JavaCPP's loading");
        } finally {
            System.clearProperty(key);
        }
        String cache = OpenBlas.CACHE_DIR_PROPERTY;
        String before = System.getProperty(cache);
        System.setProperty(cache, dir.toString());
        try {
            assertTrue(CachedNatives.applicable(linux), "a moved cache directory is fine");
        } finally {
            if (before == null) {
                System.clearProperty(cache);
            } else {
                System.setProperty(cache, before);
            }
        }
    }

    private boolean readsEmpty(Path record, List<String> lines) throws IOException {
        write(record, lines);
        return CachedNatives.read(record).isEmpty();
    }

    private static void write(Path record, List<String> lines) throws IOException {
        Files.write(record, lines, StandardCharsets.UTF_8);
    }

    private static List<String> with(List<String> lines, String extra) {
        List<String> l = new ArrayList<>(lines);
        l.add(extra);
        return l;
    }

    private static List<String> replaced(List<String> lines, int i, String line) {
        List<String> l = new ArrayList<>(lines);
        l.set(i, line);
        return l;
    }
}
