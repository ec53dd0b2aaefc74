package org.decomp4j.lapack;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The memory this process may use, as the JDK's {@code OperatingSystemMXBean.getTotalMemorySize()}
 * reports it (the machine's, or its control group's limit when lower), read on Linux from
 * {@code /proc/meminfo} and the control group's limit file directly.
 *
 * <p>Why: the memory budget and the native memory limit default to fractions of it, so the first
 * decomposition of a process asked the platform MXBean, whose set-up (the platform MBean
 * providers, service loading, streams, the JDK's control-group probes) took 40–55 ms of a 0.5 s
 * first call on the development machine; two small file reads take well under a millisecond.
 * Anything unexpected (another system, an unreadable or unparsable file) falls back to the MXBean.
 */
public final class PhysicalMemory {
    private PhysicalMemory() {
    }

    /**
     * Bytes of memory available to this process.
     *
     * @return the smaller of the machine's memory and its control group's limit
     */
    public static long bytes() {
        if (System.getProperty("os.name", "").startsWith("Linux")) {
            try {
                long total = memTotal(Path.of("/proc/meminfo"));
                long limit = cgroupLimit(Path.of("/proc/self/cgroup"), Path.of("/sys/fs/cgroup"));
                if (total > 0) {
                    return limit > 0 && limit < total ? limit : total;
                }
            } catch (IOException | RuntimeException e) {
                // fall through to the MXBean
            }
        }
        return fromMxBean();
    }

    /** The MXBean's answer (four times the maximum heap where it has none). */
    static long fromMxBean() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory() * 4;
    }

    /** {@code MemTotal} of a {@code /proc/meminfo} file, in bytes; −1 if absent. */
    static long memTotal(Path meminfo) throws IOException {
        for (String line : Files.readAllLines(meminfo, StandardCharsets.ISO_8859_1)) {
            if (line.startsWith("MemTotal:")) {
                String v = line.substring("MemTotal:".length()).trim();
                int space = v.indexOf(' ');
                long kb = Long.parseLong(space < 0 ? v : v.substring(0, space));
                return kb * 1024;
            }
        }
        return -1;
    }

    /**
     * The smallest memory limit on this process's control group and its ancestors, in bytes, or
     * −1 for none: cgroup v1's {@code memory.limit_in_bytes} under {@code ROOT/memory} when a
     * {@code memory} controller line is listed, else v2's {@code memory.max} under {@code ROOT}.
     * Path components the mount does not show (a container without its own cgroup namespace sees
     * its group as the mount's root) are skipped: the files that exist, from the group up to the
     * root, are read.
     *
     * @param selfCgroup {@code /proc/self/cgroup}
     * @param root       {@code /sys/fs/cgroup}
     */
    static long cgroupLimit(Path selfCgroup, Path root) throws IOException {
        List<String> lines = Files.readAllLines(selfCgroup, StandardCharsets.ISO_8859_1);
        String v1 = null;
        String v2 = null;
        for (String line : lines) {
            int a = line.indexOf(':');
            int b = line.indexOf(':', a + 1);
            if (a < 0 || b < 0) {
                continue;
            }
            String controllers = line.substring(a + 1, b);
            String path = line.substring(b + 1);
            if (("," + controllers + ",").contains(",memory,")) {
                v1 = path;
            } else if (line.startsWith("0::")) {
                v2 = path;
            }
        }
        if (v1 != null) {
            return smallestLimit(root.resolve("memory"), v1, "memory.limit_in_bytes");
        }
        if (v2 != null) {
            return smallestLimit(root, v2, "memory.max");
        }
        return -1;
    }

    private static long smallestLimit(Path mount, String group, String file) throws IOException {
        long best = -1;
        String g = group.startsWith("/") ? group.substring(1) : group;
        while (true) {
            Path f = (g.isEmpty() ? mount : mount.resolve(g)).resolve(file);
            if (Files.isRegularFile(f)) {
                String v = Files.readString(f, StandardCharsets.ISO_8859_1).trim();
                if (!v.equals("max") && !v.isEmpty()) {
                    long n = Long.parseLong(v);
                    if (n > 0 && (best < 0 || n < best)) {
                        best = n;
                    }
                }
            }
            if (g.isEmpty()) {
                return best;
            }
            int slash = g.lastIndexOf('/');
            g = slash < 0 ? "" : g.substring(0, slash);
        }
    }
}
