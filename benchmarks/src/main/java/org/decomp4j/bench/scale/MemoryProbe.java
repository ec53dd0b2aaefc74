package org.decomp4j.bench.scale;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.decomp4j.lapack.NativeBuffer;

/**
 * Samples memory while a scale program runs: resident set (VmRSS; peak VmHWM from the kernel),
 * Java heap in use, and decomp4j's live native buffers. A daemon thread polls every 5 ms, so the
 * heap and native peaks are sampled maxima (the kernel's VmHWM is exact).
 */
final class MemoryProbe implements AutoCloseable {
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peakHeap;
    private volatile long peakNative;
    private volatile long peakRss;

    MemoryProbe() {
        thread = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "memory-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        Runtime rt = Runtime.getRuntime();
        peakHeap = Math.max(peakHeap, rt.totalMemory() - rt.freeMemory());
        peakNative = Math.max(peakNative, NativeBuffer.liveBytes());
        peakRss = Math.max(peakRss, status("VmRSS"));
    }

    /** Forgets the peaks so far (including the kernel's VmHWM where the kernel allows it). */
    void reset() {
        sample();
        Runtime rt = Runtime.getRuntime();
        peakHeap = rt.totalMemory() - rt.freeMemory();
        peakNative = NativeBuffer.liveBytes();
        peakRss = status("VmRSS");
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | RuntimeException e) {
            // not permitted here: VmHWM then covers the whole run
        }
    }

    long peakHeap() {
        sample();
        return peakHeap;
    }

    long peakNative() {
        sample();
        return peakNative;
    }

    long peakRssSampled() {
        sample();
        return peakRss;
    }

    /** A /proc/self/status field in bytes (0 where unavailable). */
    static long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith(field + ":")) {
                    String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
