package org.decomp4j.lapack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PhysicalMemory}: on this machine the same answer as the JDK's own MXBean (the oracle),
 * and the file readers on made-up {@code /proc} and {@code /sys/fs/cgroup} trees: cgroup v1 nested
 * and container layouts, v2 with {@code max} and a number, no memory controller.
 */
class PhysicalMemoryTest {
    @Test
    void onLinuxItAgreesWithTheJdksOperatingSystemBean() {
        Assumptions.assumeTrue(System.getProperty("os.name", "").startsWith("Linux"), "reads /proc: Linux only");
        assertEquals(PhysicalMemory.fromMxBean(), PhysicalMemory.bytes());
    }

    @Test
    void memTotalIsReadInKibibytes(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("meminfo"), "MemTotal:       24683748 kB\nMemFree:  1 kB\n");
        assertEquals(24683748L * 1024, PhysicalMemory.memTotal(f));
        assertEquals(-1, PhysicalMemory.memTotal(Files.writeString(dir.resolve("none"), "MemFree: 1 kB\n")));
    }

    @Test
    void cgroupV1TakesTheSmallestLimitFromTheGroupUpToTheRoot(@TempDir Path dir) throws IOException {
        Path self = Files.writeString(dir.resolve("cgroup"), "12:pids:/x\n4:cpu,cpuacct:/x\n9:memory:/system.slice/a.service\n");
        Path root = dir.resolve("sys");
        write(root.resolve("memory/memory.limit_in_bytes"), "9223372036854771712");
        write(root.resolve("memory/system.slice/memory.limit_in_bytes"), "8589934592");
        write(root.resolve("memory/system.slice/a.service/memory.limit_in_bytes"), "9223372036854771712");
        assertEquals(8589934592L, PhysicalMemory.cgroupLimit(self, root));
    }

    @Test
    void aContainerWithoutItsOwnNamespaceReadsTheMountsRoot(@TempDir Path dir) throws IOException {
        Path self = Files.writeString(dir.resolve("cgroup"), "9:memory:/docker/0123abcd\n");
        Path root = dir.resolve("sys");
        write(root.resolve("memory/memory.limit_in_bytes"), "2147483648");
        assertEquals(2147483648L, PhysicalMemory.cgroupLimit(self, root));
    }

    @Test
    void cgroupV2ReadsMemoryMaxAndSkipsMax(@TempDir Path dir) throws IOException {
        Path self = Files.writeString(dir.resolve("cgroup"), "0::/user.slice/u.scope\n");
        Path root = dir.resolve("sys");
        write(root.resolve("user.slice/memory.max"), "4294967296\n");
        write(root.resolve("user.slice/u.scope/memory.max"), "max\n");
        assertEquals(4294967296L, PhysicalMemory.cgroupLimit(self, root));
        Path unlimited = dir.resolve("sys2");
        write(unlimited.resolve("user.slice/u.scope/memory.max"), "max\n");
        assertEquals(-1, PhysicalMemory.cgroupLimit(self, unlimited));
    }

    @Test
    void noMemoryControllerMeansNoLimit(@TempDir Path dir) throws IOException {
        Path self = Files.writeString(dir.resolve("cgroup"), "12:pids:/x\n");
        assertEquals(-1, PhysicalMemory.cgroupLimit(self, dir.resolve("sys")));
    }

    private static void write(Path f, String text) throws IOException {
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }
}
