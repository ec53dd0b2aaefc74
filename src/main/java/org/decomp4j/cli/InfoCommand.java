package org.decomp4j.cli;

import org.decomp4j.NativeConfig;

import picocli.CommandLine.Command;

/**
 * {@code decomp4j info}: the native library and settings in force. JSON keys: {@code command},
 * {@code version}, {@code openblas_version}, {@code core}, {@code compiled_core},
 * {@code dynamic_arch}, {@code threads}, {@code processors}, {@code platform},
 * {@code memory_budget_bytes}, {@code native_stack_bytes}, {@code live_native_bytes},
 * {@code java_version}.
 */
@Command(name = "info", sortOptions = false,
        description = {"Show the OpenBLAS build, the CPU kernel it selected, threads, platform and memory budget."})
public final class InfoCommand extends BaseCommand {
    /** Picocli creates commands through their no-argument constructor. */
    public InfoCommand() {
    }

    @Override
    void run(Report report) {
        NativeConfig.Info info = NativeConfig.info();
        String java = System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")";
        report.bare()
                .put("version", Main.version())
                .put("openblas_version", info.openblasVersion())
                .put("core", info.coreName())
                .put("compiled_core", info.compiledCoreName())
                .put("dynamic_arch", info.dynamicArch())
                .put("threads", info.threads())
                .put("processors", info.processors())
                .put("platform", info.platform())
                .put("memory_budget_bytes", info.memoryBudget())
                .put("native_stack_bytes", info.nativeStackSize())
                .put("live_native_bytes", info.liveNativeBytes())
                .put("java_version", java)
                .line("decomp4j %s", Main.version())
                .line(info.toString())
                .line("java: %s", java);
    }
}
