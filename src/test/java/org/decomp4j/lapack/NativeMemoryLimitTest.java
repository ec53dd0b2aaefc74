package org.decomp4j.lapack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lifetime safety net, each scenario in a child JVM ({@link SafetyNetProgram}) because the
 * settings are read once per process: the forget-to-close loop under {@code -Xmx256m} stays under
 * the limit and finishes; holding more than the limit gives a {@code NativeMemoryLimitError}
 * naming the limit, what is live and the setting; the leak report names the allocation site once;
 * the pool empties after its idle period.
 */
class NativeMemoryLimitTest {
    @TempDir
    Path dir;

    private String run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Ddecomp4j.threads=1");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        int split = List.of(args).indexOf("--");
        cmd.addAll(List.of(args).subList(0, split));
        cmd.add(SafetyNetProgram.class.getName());
        cmd.addAll(List.of(args).subList(split + 1, args.length));
        Path log = dir.resolve("log-" + System.nanoTime());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void forgottenMatricesStayUnderTheLimitAndTheLoopFinishes() throws Exception {
        // 300 forgotten 8 MiB matrices (2.3 GiB in all) under a 256 MiB limit: without the limit
        // the loop keeps it all live (the heap never fills, so no GC runs)
        String out = run("-Ddecomp4j.nativeMemoryLimit=256M", "--", "forget", "300");
        Matcher m = Pattern.compile("finished 300 peak (\\d+) limit (\\d+)").matcher(out);
        assertTrue(m.find(), out);
        long peak = Long.parseLong(m.group(1));
        long limit = Long.parseLong(m.group(2));
        assertEquals(256L << 20, limit);
        assertTrue(peak <= limit, () -> "peak " + peak + " > limit " + limit);
        assertTrue(peak > limit / 2, () -> "peak " + peak + ": the loop should have run up to the limit");
    }

    @Test
    void holdingMoreThanTheLimitNamesTheLimitWhatIsLiveAndTheSetting() throws Exception {
        String out = run("-Ddecomp4j.nativeMemoryLimit=64M", "--", "hold", "20");
        assertTrue(out.contains("refused: decomp4j: allocating 8.0 MiB off-heap for 1048576 F64 elements would"
                + " exceed the native memory limit of 64.0 MiB: 64.0 MiB is live in 8 buffers after a GC pass"), out);
        assertTrue(out.contains("-Ddecomp4j.nativeMemoryLimit=SIZE") && out.contains("decomp4j.properties"), out);
        assertTrue(out.contains("limit " + (64L << 20)), out);
    }

    @Test
    void theLeakReportNamesTheAllocationSiteOnce() throws Exception {
        String out = run("-Ddecomp4j.leakReport=true", "--", "leak");
        assertTrue(out.contains("live after collection 0"), out);
        String site = SafetyNetProgram.class.getName() + ".forgetOne(SafetyNetProgram.java:";
        int first = out.indexOf(site);
        assertTrue(first >= 0, out);
        assertEquals(-1, out.indexOf(site, first + 1), () -> "reported more than once: " + out);
        assertTrue(out.contains("was never closed"), out);
        assertEquals(1, out.split("was never closed", -1).length - 1, () -> "the closed matrix was reported: " + out);
    }

    @Test
    void withoutTheLeakReportNothingIsLogged() throws Exception {
        String out = run("--", "leak");
        assertTrue(out.contains("live after collection 0"), out);
        assertTrue(!out.contains("never closed"), out);
    }

    @Test
    void thePoolEmptiesAfterItsIdlePeriod() throws Exception {
        String out = run("-Ddecomp4j.bufferPoolIdle=200ms", "--", "idle");
        Matcher m = Pattern.compile("pooled (\\d+) then (\\d+) after (\\d+) ms").matcher(out);
        assertTrue(m.find(), out);
        assertTrue(Long.parseLong(m.group(1)) >= 1L << 20, out);
        assertEquals(0, Long.parseLong(m.group(2)), out);
        assertTrue(Long.parseLong(m.group(3)) >= 100, () -> "emptied before the idle period: " + out);
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> withProperty(Config.NATIVE_MEMORY_LIMIT, "lots",
                () -> Config.nativeMemoryLimit(1L << 34)));
        assertEquals(12L << 30, withProperty(Config.NATIVE_MEMORY_LIMIT, "auto", () -> Config.nativeMemoryLimit(16L << 30)));
        assertEquals(Long.MAX_VALUE, withProperty(Config.NATIVE_MEMORY_LIMIT, "none", () -> Config.nativeMemoryLimit(1)));
        assertEquals(3L << 30, withProperty(Config.NATIVE_MEMORY_LIMIT, "3G", () -> Config.nativeMemoryLimit(1)));
        // what every limit admits without asking for the physical memory: auto's floor, else the limit itself
        assertEquals(256L << 20, withProperty(Config.NATIVE_MEMORY_LIMIT, "auto", Config::nativeMemoryLimitFloor));
        assertEquals(256L << 20, withProperty(Config.NATIVE_MEMORY_LIMIT, "auto", () -> Config.nativeMemoryLimit(0)));
        assertEquals(64L << 20, withProperty(Config.NATIVE_MEMORY_LIMIT, "64M", Config::nativeMemoryLimitFloor));
        assertEquals(Long.MAX_VALUE, withProperty(Config.NATIVE_MEMORY_LIMIT, "none", Config::nativeMemoryLimitFloor));
        assertThrows(IllegalArgumentException.class, () -> withProperty(Config.NATIVE_MEMORY_LIMIT, "lots",
                Config::nativeMemoryLimitFloor));
        assertEquals(500, withProperty(Config.BUFFER_POOL_IDLE, "500ms", Config::bufferPoolIdleMillis));
        assertEquals(120_000, withProperty(Config.BUFFER_POOL_IDLE, "2m", Config::bufferPoolIdleMillis));
        assertThrows(IllegalArgumentException.class, () -> withProperty(Config.BUFFER_POOL_IDLE, "soon",
                Config::bufferPoolIdleMillis));
        assertThrows(IllegalArgumentException.class, () -> withProperty(Config.LEAK_REPORT, "yes", Config::leakReport));
    }

    private static <T> T withProperty(String key, String value, java.util.function.Supplier<T> f) {
        String old = System.getProperty(key);
        System.setProperty(key, value);
        try {
            return f.get();
        } finally {
            if (old == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, old);
            }
        }
    }
}
