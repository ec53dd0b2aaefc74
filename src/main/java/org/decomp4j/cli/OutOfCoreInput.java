package org.decomp4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import org.decomp4j.NativeConfig;
import org.decomp4j.dispatch.OutOfCorePlanner.Method;
import org.decomp4j.dispatch.OutOfCorePlanner.OutOfCorePlan;
import org.decomp4j.io.DiskMatrix;
import org.decomp4j.io.Npy;
import org.decomp4j.io.OutputSet;
import org.decomp4j.lowrank.OutOfCoreSvd;
import org.decomp4j.lowrank.RandomizedSvdOptions;

/**
 * The larger-than-memory path of {@code svd}, {@code tsvd} and {@code rsvd}: a {@code .npy} file
 * or a directory of {@code .npy} row-block shards is opened on disk ({@link DiskMatrix}, headers
 * only) and the planner decides whether it is read whole (it fits {@code --budget}: the command's
 * usual path) or decomposed out of core. Work files (the exact method's scratch Q factors and U
 * before the commit) live in a hidden {@code OUT/.decomp4j-ooc-*} directory holding the owner's
 * process id; a run killed mid-pass leaves only that directory, no member of the output set, and
 * the next run in OUT deletes such directories whose process is gone before it starts.
 */
final class OutOfCoreInput {
    static final String WORK_PREFIX = OutputSet.RESERVED_PREFIX + "-ooc-";
    private static final String OWNER = "owner.pid";

    private OutOfCoreInput() {
    }

    /** True when {@code --in} is a directory or a {@code .npy} file: inputs that can stay on disk. */
    static boolean applies(Path in) {
        String name = in.getFileName() == null ? "" : in.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isDirectory(in) || (name.endsWith(".npy") && Files.isRegularFile(in));
    }

    /** {@code --budget}, or the configured memory budget. */
    static long budget(Long option) {
        return option != null ? option : NativeConfig.memoryBudget();
    }

    /** Refuses {@code --f32} on a float64 file that stays on disk (it would be converted block by block). */
    static void checkDtype(DiskMatrix a, boolean f32) {
        if (a.dtype().isComplex()) {
            throw new IllegalArgumentException("the " + a.rows() + "×" + a.cols() + " " + a.dtype().numpyName()
                    + " input does not fit the memory budget, and out-of-core methods take float64 and float32"
                    + " files only; raise --budget to decompose it in memory");
        }
        if (f32 && a.dtype() != org.decomp4j.DType.F32) {
            throw new IllegalArgumentException("--f32 is not supported for a " + a.rows() + "×" + a.cols()
                    + " float64 input decomposed out of core; convert the file (a.astype(np.float32)) or drop --f32");
        }
    }

    /** A fresh work directory in {@code out}, after removing those of runs whose process is gone. */
    static Path workDirectory(Path out) throws IOException {
        Files.createDirectories(out);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(out, WORK_PREFIX + "*")) {
            for (Path stale : ds) {
                Path pid = stale.resolve(OWNER);
                long owner = -1;
                try {
                    owner = Long.parseLong(Files.readString(pid, StandardCharsets.US_ASCII).strip());
                } catch (IOException | NumberFormatException unreadable) {
                    // no owner recorded (killed before it was written): treat as gone
                }
                if (owner < 0 || ProcessHandle.of(owner).isEmpty()) {
                    OutputSet.deleteTree(stale);
                }
            }
        }
        Path work = OutputSet.newStagingDirectory(out, WORK_PREFIX);
        Files.writeString(work.resolve(OWNER), Long.toString(ProcessHandle.current().pid()), StandardCharsets.US_ASCII);
        return work;
    }

    /**
     * Runs the randomized SVD of {@code --in} out of core when the planner says so (or the input is
     * a shard directory); returns false, having read nothing but headers, when the command's usual
     * in-memory path should run instead.
     */
    static boolean randomized(Report report, InputOptions input, Outputs files, RandomizedSvdOptions ro, Long budgetOption,
                              ProgressBars bar) throws Exception {
        if (!applies(input.in)) {
            return false;
        }
        long budget = budget(budgetOption);
        try (DiskMatrix a = DiskMatrix.open(input.in)) {
            OutOfCorePlan plan = OutOfCoreSvd.planRandomized(a, ro, budget);
            if (plan.method() == Method.IN_MEMORY && !Files.isDirectory(input.in)) {
                return false;
            }
            checkDtype(a, input.f32);
            try (OutOfCoreSvd r = report.time(() -> OutOfCoreSvd.randomized(a, ro, budget, bar))) {
                report(report, input.in.toString(), a, r, "randomized", files, null, true);
                report.put("error_estimate", r.errorEstimate())
                        .put("oversample", ro.oversampling())
                        .put("power_iters", r.iterations())
                        .put("normalizer", ro.normalizer().name().toLowerCase(Locale.ROOT))
                        .put("seed", ro.seed());
                report.line("error estimate: ‖A − U·S·Vt‖₂ ≤ %s (probability ≥ 1 − 1e-10)", Report.num(r.errorEstimate()));
                report.outputs(files, files.commit());
            }
            return true;
        }
    }

    /**
     * Runs the single-pass top-k SVD of {@code --in} ({@code rsvd --single-pass}): the file or shard
     * directory read once, whatever its size, by the streaming method; refused for other inputs.
     */
    static void singlePass(Report report, InputOptions input, Outputs files, int k, Long budgetOption,
                           ProgressBars bar) throws Exception {
        if (!applies(input.in)) {
            throw new IllegalArgumentException("--single-pass reads a .npy file or a directory of .npy row blocks"
                    + " once, block by block; " + input.in + " is neither. Drop --single-pass or convert the input");
        }
        long budget = budget(budgetOption);
        try (DiskMatrix a = DiskMatrix.open(input.in)) {
            checkDtype(a, input.f32);
            try (OutOfCoreSvd r = report.time(() -> OutOfCoreSvd.streaming(a, k, budget, bar))) {
                report(report, input.in.toString(), a, r, "streaming", files, null, true);
                report.put("error_estimate", r.errorEstimate());
                report.line("error estimate: ‖A − U·S·Vt‖₂ ≤ %s (the sum of what each block's update dropped)",
                        Report.num(r.errorEstimate()));
                report.outputs(files, files.commit());
            }
        }
    }

    /**
     * Runs the exact thin SVD of {@code --in}, truncated to {@code k} (0: all), out of core when the
     * planner says so (or the input is a shard directory); false when the usual path should run.
     *
     * @param withVectors false for values only: U is still computed (in the work directory) but not kept
     */
    static boolean exact(Report report, InputOptions input, Outputs files, int k, boolean withVectors,
                         Long budgetOption, ProgressBars bar) throws Exception {
        if (!applies(input.in)) {
            return false;
        }
        long budget = budget(budgetOption);
        try (DiskMatrix a = DiskMatrix.open(input.in)) {
            OutOfCorePlan plan = OutOfCoreSvd.planExact(a, budget);
            if (plan.method() == Method.IN_MEMORY && !Files.isDirectory(input.in)) {
                return false;
            }
            checkDtype(a, input.f32);
            if (files.dir() == null) {
                throw new IllegalArgumentException("the exact SVD of " + input.in + " runs out of core (" + plan.reason()
                        + "); it writes U block by block and keeps scratch files in the output directory: give --out DIR");
            }
            int rank = k > 0 ? k : Math.min(a.rows(), a.cols());
            Path work = workDirectory(files.dir());
            try {
                Path uFile = work.resolve("U.npy");
                try (OutOfCoreSvd r = report.time(() -> OutOfCoreSvd.exact(a, rank, uFile, work, budget, bar))) {
                    report(report, input.in.toString(), a, r, "tsqr", files, uFile, withVectors);
                    report.outputs(files, files.commit());
                }
            } finally {
                OutputSet.deleteTree(work);
            }
            return true;
        }
    }

    /** The report and files every out-of-core run shares; U is moved in from {@code uFile} or written from memory. */
    static void report(Report report, String source, DiskMatrix a, OutOfCoreSvd r, String methodLabel, Outputs files,
                       Path uFile, boolean withVectors) throws IOException {
        double[] s = r.singularValues();
        report.matrix(source, a.rows(), a.cols(), r.dtype())
                .driver(r.method(), r.plan().reason())
                .put("rank", r.rank())
                .put("method", methodLabel)
                .put("out_of_core", r.plan().method() != Method.IN_MEMORY)
                .put("block_rows", r.plan().blockRows())
                .put("passes", r.passes())
                .put("bytes_read", r.bytesRead())
                .put("peak_native_bytes", r.peakNativeBytes())
                .put("read_gb_per_s", r.readGbPerSecond())
                .put("singular_values", Arrays.copyOf(s, Math.min(s.length, SvdCommand.JSON_VALUES)))
                .put("singular_values_truncated", s.length > SvdCommand.JSON_VALUES);
        report.line("plan: %s", r.plan().reason())
                .line("%d passes, %s read at %.2f GB/s, native peak %s", r.passes(),
                        NativeConfig.formatBytes(r.bytesRead()), r.readGbPerSecond(),
                        NativeConfig.formatBytes(r.peakNativeBytes()))
                .line("top %d singular values: %s", r.rank(), Report.list(s, 10));
        if (withVectors && uFile != null) {
            files.add("U.npy", f -> Files.move(uFile, f));
        } else if (withVectors) {
            files.add("U.npy", f -> Npy.write(f, r.u()));
        }
        files.npy("S.npy", o -> Npy.writeVector(o, s, r.dtype()));
        if (withVectors) {
            files.add("Vt.npy", f -> Npy.write(f, r.vt()));
        }
    }
}
