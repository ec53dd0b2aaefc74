package org.decomp4j.bench.compare;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.decomp4j.DType;

/**
 * One library in a fresh JVM of its own, for {@link NativePeers}: the child side of the
 * native-peer comparison. It prints {@code peer KEY VALUE} lines that the parent reads, and
 * nothing it prints is needed when a crash kills it (the parent records the exit status).
 *
 * <pre>java -cp CLASSPATH org.decomp4j.bench.compare.PeerCall LIB MODE OP SHAPE [warmups reps seconds]</pre>
 *
 * <ul>
 * <li>{@code info}: one small LU, then what was loaded: the backend, the native libraries mapped
 *     into the process ({@code /proc/self/maps}) with the OpenBLAS version string found in each.
 *     The parent runs it with {@code OPENBLAS_VERBOSE=2}, so that a {@code DYNAMIC_ARCH} OpenBLAS
 *     prints the core it chose ({@code Core: …}).</li>
 * <li>{@code warm}: the call checked twice ({@link Task#check}), {@code warmups} untimed calls,
 *     then timed calls until {@code reps} or {@code seconds} are used up (at least 3): each call's
 *     wall time, its peak resident-set growth (peak RSS reset through {@code /proc/self/clear_refs}
 *     before the call, VmHWM after it, minus VmRSS before: heap and native together) and the
 *     heap bytes the calling thread allocated.</li>
 * <li>{@code cold}: the first call in this JVM, library loading included: from before the input
 *     is put into the library's type to the end of the first call (the seeded input is built
 *     first, in plain Java); then its answer is checked.</li>
 * <li>{@code crash}: the call on a new thread with Java's default stack (the parent gives no
 *     {@code -Xss}); prints {@code peer survived} only after the answer checks out. A JVM crash
 *     ends the process: the parent records its exit status.</li>
 * </ul>
 */
public final class PeerCall {
    static final long SEED = 20261206L;

    private PeerCall() {
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        if (args.length < 4) {
            System.err.println("usage: PeerCall LIB info|warm|cold|crash OP SHAPE [warmups reps seconds]");
            System.exit(2);
        }
        String lib = args[0];
        String mode = args[1];
        Op op = Op.valueOf(args[2]);
        Shape shape = Shape.parse(args[3]);
        Problem p = new Problem(op, shape, DType.F64, SEED);
        switch (mode) {
            case "info" -> info(lib, p);
            case "warm" -> warm(lib, p, Integer.parseInt(args[4]), Integer.parseInt(args[5]), Double.parseDouble(args[6]));
            case "cold" -> cold(lib, p);
            case "crash" -> crash(lib, p);
            default -> throw new IllegalArgumentException("mode " + mode);
        }
        System.out.flush();
        // ND4J and others leave non-daemon threads behind
        System.exit(0);
    }

    private static void out(String key, Object value) {
        System.out.println("peer " + key + " " + value);
    }

    private static void info(String name, Problem p) throws IOException {
        Library l = Library.named(name);
        l.task(p).check();
        out("backend", l.backend());
        out("version", l.version());
        for (String so : nativeLibraries()) {
            String v = openblasVersionIn(Path.of(so));
            out("native", so + (v == null ? "" : " (" + v + ")"));
        }
    }

    /** Shared libraries mapped into this process, less the JDK's own. */
    static List<String> nativeLibraries() throws IOException {
        Set<String> libs = new LinkedHashSet<>();
        String home = Path.of(System.getProperty("java.home")).toRealPath().toString();
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            int slash = line.indexOf('/');
            if (slash < 0) {
                continue;
            }
            String file = line.substring(slash).trim();
            if (file.contains(".so") && !file.startsWith(home) && !file.startsWith("/usr/lib/jvm")
                    && !file.matches(".*/(libc|libm|libdl|libpthread|librt|ld-linux[^/]*|libz|libstdc\\+\\+|libgcc_s)"
                            + "[.-].*")) {
                libs.add(file);
            }
        }
        return new ArrayList<>(libs);
    }

    private static final Pattern OPENBLAS_VERSION = Pattern.compile("OpenBLAS \\d+\\.\\d+\\.\\d+[^\\x00 ]*");

    /** The first "OpenBLAS x.y.z" string inside a shared library (or that it holds OpenBLAS), or null. */
    static String openblasVersionIn(Path so) {
        try {
            if (Files.size(so) > 200L << 20) {
                return null;
            }
            String text = new String(Files.readAllBytes(so), StandardCharsets.ISO_8859_1);
            Matcher m = OPENBLAS_VERSION.matcher(text);
            if (m.find()) {
                return m.group();
            }
            // a static OpenBLAS without its version string (jblas): its DYNAMIC_ARCH entry point
            return text.contains("gotoblas_dynamic_init") ? "OpenBLAS, DYNAMIC_ARCH, version not embedded" : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void warm(String name, Problem p, int warmups, int reps, double seconds) {
        Library l = Library.named(name);
        if (!l.supports(p.op, p.dtype, new Shape(p.m, p.n))) {
            throw new IllegalArgumentException(name + " does not measure " + p.op + " " + p.m + "x" + p.n);
        }
        Task t = l.task(p);
        t.check();
        for (int i = 0; i < warmups; i++) {
            Task.release(t.compute().get());
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        List<Double> ms = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        List<Double> heap = new ArrayList<>();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (ms.size() < reps && (ms.size() < 3 || System.nanoTime() < deadline)) {
            resetPeak();
            long rss0 = status("VmRSS");
            long heap0 = mx.getThreadAllocatedBytes(tid);
            long t0 = System.nanoTime();
            Object r = t.compute().get();
            long t1 = System.nanoTime();
            long hwm = status("VmHWM");
            heap.add((double) (mx.getThreadAllocatedBytes(tid) - heap0));
            Task.release(r);
            ms.add((t1 - t0) / 1e6);
            rss.add(rss0 < 0 || hwm < 0 ? -1.0 : (double) (hwm - rss0));
        }
        out("backend", l.backend());
        out("ms", join(ms));
        out("rss", join(rss));
        out("heap", join(heap));
    }

    private static void cold(String name, Problem p) {
        long rss0 = status("VmRSS");
        long t0 = System.nanoTime();
        Library l = Library.named(name);
        Task t = l.task(p);
        Object r = t.compute().get();
        long t1 = System.nanoTime();
        long rss1 = status("VmHWM");
        try {
            t.validate().accept(r);
        } finally {
            Task.release(r);
        }
        out("backend", l.backend());
        out("first", (t1 - t0) / 1e6);
        out("uptime", ManagementFactory.getRuntimeMXBean().getUptime());
        out("rssFirst", rss0 < 0 || rss1 < 0 ? -1 : rss1 - rss0);
    }

    private static void crash(String name, Problem p) throws InterruptedException {
        Throwable[] failure = new Throwable[1];
        Thread th = new Thread(() -> {
            try {
                Library l = Library.named(name);
                Task t = l.task(p);
                out("started", l.backend());
                System.out.flush();
                Object r = t.compute().get();
                t.validate().accept(r);
                Task.release(r);
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "default-stack");
        th.start();
        th.join();
        if (failure[0] != null) {
            out("failed", failure[0].toString().replace('\n', ' '));
        } else {
            out("survived", "yes");
        }
    }

    private static String join(List<Double> xs) {
        StringBuilder b = new StringBuilder();
        for (double x : xs) {
            b.append(b.length() == 0 ? "" : ",").append(x);
        }
        return b.toString();
    }

    /** Resets the process's peak RSS (VmHWM) to its current RSS (Linux ≥ 4.0); harmless elsewhere. */
    private static void resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | RuntimeException e) {
            // not Linux: the peak then covers the whole run so far
        }
    }

    /** A {@code /proc/self/status} field in bytes, or −1. */
    static long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
