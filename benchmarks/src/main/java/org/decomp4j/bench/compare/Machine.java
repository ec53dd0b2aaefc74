package org.decomp4j.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.decomp4j.NativeConfig;

/** The machine a comparison ran on, as the report states it. */
public final class Machine {
    public String cpu;
    public int processors;
    public String memory;
    public String os;
    public String jvm;
    public String openblas;
    public String openblasCore;
    public int openblasThreads;
    public String started;
    public String finished;
    public double loadStart;
    public double loadEnd;
    /** Free text from the person who ran it ({@code -Dcompare.note}), or empty. */
    public String note = "";

    static Machine describe(int threads) {
        Machine m = new Machine();
        m.cpu = cpuModel();
        m.processors = Runtime.getRuntime().availableProcessors();
        m.memory = memTotal();
        m.os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
        m.jvm = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
        NativeConfig.setThreads(threads);
        NativeConfig.Info info = NativeConfig.info();
        m.openblas = "OpenBLAS " + info.openblasVersion() + (info.dynamicArch() ? " (DYNAMIC_ARCH)" : "") + ", "
                + info.platform();
        m.openblasCore = info.coreName();
        m.openblasThreads = info.threads();
        m.started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        m.loadStart = loadAverage();
        return m;
    }

    void finish() {
        finished = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        loadEnd = loadAverage();
    }

    /**
     * Whether other work competed for the CPUs: the 1-minute load average before the first run
     * (when nothing of ours was running) above half the processors.
     */
    boolean busy() {
        return loadStart > processors * 0.5;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }

    private static String memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format("%.0f GiB", kb / 1048576.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "unknown";
    }

    /** 1-minute load average, or -1 where unknown. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
