package org.decomp4j.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import org.decomp4j.Job;
import org.decomp4j.Matrix;
import org.decomp4j.NativeConfig;
import org.decomp4j.SvdOptions;
import org.decomp4j.batch.BatchInput;
import org.decomp4j.batch.BatchResult;
import org.decomp4j.batch.BatchRunner;
import org.decomp4j.batch.BatchSummary;
import org.decomp4j.batch.Decomposition;
import org.decomp4j.batch.Decompositions;
import org.decomp4j.batch.Factor;
import org.decomp4j.io.Npy;
import org.decomp4j.io.Npz;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code batch <command> --in DIR|FILE.npz --out DIR}: one decomposition per input matrix on a
 * pool of workers, each input's factors in {@code OUT/<input name without .npy>/} under the
 * single command's file names.
 *
 * <p><b>Atomic and resumable.</b> An input's files are written into a hidden staging directory
 * {@code OUT/.decomp4j-batch-<name>-<random>/} and the directory is then renamed to
 * {@code OUT/<name>/} in one atomic step. So {@code OUT/<name>/} exists only when complete, and that
 * is the rule for resuming: an input whose output directory exists and holds every expected file
 * is skipped. A killed run leaves at most staging directories, which the next run deletes.
 *
 * <p>Exit code 0 when every input was done or skipped, {@value ExitCodes#SOME_FAILED} when some
 * failed (the others' outputs are complete; the summary lists the failures).
 */
@Command(name = "batch", sortOptions = false,
        description = {"Decompose every matrix of a directory of .npy files or of a .npz archive, in parallel.",
            "COMMAND is svd, lu, qr or cholesky. Each input's factors go to OUT/<input name>/ with the file names"
                    + " of the single command (svd: U.npy S.npy Vt.npy; lu: P.npy L.npy U.npy piv.npy; qr: Q.npy"
                    + " R.npy; cholesky: L.npy). A rerun skips inputs whose output directory is complete; a killed"
                    + " run leaves no partial output directory."})
public final class BatchCommand extends BaseCommand {
    static final String STAGING_PREFIX = ".decomp4j-batch-";
    /** Factors up to this size are encoded whole and written with one call; larger ones are streamed. */
    static final long IN_MEMORY_FILE_BYTES = 8L << 20;

    @Parameters(index = "0", paramLabel = "COMMAND", description = "svd, lu, qr or cholesky")
    String command;

    @Option(names = "--in", order = 1, required = true, paramLabel = "DIR|FILE.npz",
            description = "A directory of .npy files (not searched recursively) or a .npz archive.")
    Path in;

    @Option(names = "--out", order = 2, required = true, paramLabel = "DIR", description = "Output directory (created).")
    Path out;

    @Option(names = "--jobs", order = 3, paramLabel = "N", description = "Worker threads (default: the number of"
            + " processors). OpenBLAS runs one thread per worker while the batch runs.")
    Integer jobs;

    @Option(names = "--full", order = 4, description = "svd: complete U (m×m) and Vt (n×n).")
    boolean full;

    @Option(names = "--values-only", order = 5, description = "svd: singular values only (S.npy).")
    boolean valuesOnly;

    @Option(names = "--memory", order = 6, description = "Long-run mode: show decomp4j's live native memory"
            + " (and the pool of freed blocks) with the progress, and report its peak in the summary.")
    boolean memory;

    @Option(names = "--fsync", order = 7, description = "Force each output file and directory to disk before it is"
            + " renamed into place (survives a power loss, not only a killed process; slower).")
    boolean fsync;

    private int exit = ExitCodes.OK;

    /** Each worker's file image, reused from factor to factor (one channel write per file). */
    private final ThreadLocal<ByteBuffer> encodeBuffer = new ThreadLocal<>();

    /** Picocli creates commands through their no-argument constructor. */
    public BatchCommand() {
    }

    @Override
    public Integer call() throws Exception {
        super.call();
        return exit;
    }

    /** File names each command writes, in order. */
    private List<String> expectedFiles() {
        return switch (command) {
            case "svd" -> valuesOnly ? List.of("S.npy") : List.of("U.npy", "S.npy", "Vt.npy");
            case "lu" -> List.of("P.npy", "L.npy", "U.npy", "piv.npy");
            case "qr" -> List.of("Q.npy", "R.npy");
            case "cholesky" -> List.of("L.npy");
            default -> throw new IllegalArgumentException("unknown batch command '" + command
                    + "'; choose one of svd, lu, qr, cholesky");
        };
    }

    private Decomposition decomposition() {
        if ((full || valuesOnly) && !command.equals("svd")) {
            throw new IllegalArgumentException("--full and --values-only apply to svd only");
        }
        if (full && valuesOnly) {
            throw new IllegalArgumentException("--full and --values-only exclude each other");
        }
        return switch (command) {
            case "svd" -> Decompositions.svd(SvdOptions.thin().job(full ? Job.ALL : valuesOnly ? Job.NONE : Job.THIN));
            case "lu" -> Decompositions.lu();
            case "qr" -> Decompositions.qr();
            default -> Decompositions.cholesky();
        };
    }

    /** One input: its output stem and how to read it. */
    private record Source(String stem, BatchInput input) {
    }

    @Override
    void run(Report report) throws Exception {
        command = command.toLowerCase(Locale.ROOT);
        List<String> files = expectedFiles();
        Decomposition d = decomposition();
        int n = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
        if (n < 1) {
            throw new IllegalArgumentException("--jobs must be at least 1, got " + n);
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + ": exists and is not a directory");
        }
        Files.createDirectories(out);
        removeStaleStaging();
        Npz npz = null;
        try {
            List<Source> all;
            if (Files.isDirectory(in)) {
                all = directory(in);
            } else if (in.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz")) {
                npz = Npz.open(in);
                all = archive(npz);
            } else if (!Files.exists(in)) {
                throw new java.nio.file.NoSuchFileException(in.toString(), null, "--in: no such directory or file");
            } else {
                throw new IllegalArgumentException("--in " + in + ": expected a directory of .npy files or a .npz archive");
            }
            List<Source> todo = new ArrayList<>();
            Map<String, String> failures = new LinkedHashMap<>();
            long skipped = 0;
            Map<String, Integer> stems = new HashMap<>();
            for (Source s : all) {
                if (stems.merge(s.stem(), 1, Integer::sum) > 1) {
                    failures.put(s.input().name(), "another input has the same name without extension, " + s.stem());
                } else if (complete(out.resolve(s.stem()), files)) {
                    skipped++;
                } else {
                    todo.add(s);
                }
            }
            Map<String, String> stemOf = new HashMap<>();
            todo.forEach(s -> stemOf.put(s.input().name(), s.stem()));
            long[] peak = {NativeConfig.liveNativeBytes()};
            BatchSummary sum;
            try (ProgressBars bar = common.progress("batch " + command)) {
                BatchRunner runner = BatchRunner.withJobs(n).order(BatchRunner.Order.COMPLETION).total(todo.size())
                        .progress((done, total, message) -> {
                            String msg = message;
                            if (memory) {
                                long live = NativeConfig.liveNativeBytes();
                                peak[0] = Math.max(peak[0], live);
                                msg = "native " + NativeConfig.formatBytes(live) + " live, "
                                        + NativeConfig.formatBytes(NativeConfig.pooledNativeBytes()) + " pooled"
                                        + (message.isEmpty() ? "" : "; " + message);
                            }
                            bar.progress(done, total, msg);
                        })
                        .onWorker(r -> write(r, stemOf.get(r.name()), files));
                sum = report.time(() -> runner.run(todo.stream().map(Source::input).iterator(), d, r -> { }));
            }
            for (BatchResult f : sum.failures()) {
                failures.put(f.name(), f.errorMessage().orElse("failed"));
            }
            long failed = failures.size();
            report.bare().put("inputs", (long) all.size()).put("done", sum.done()).put("skipped", skipped)
                    .put("failed", failed).put("jobs", n)
                    .put("rate_per_second", sum.rate()).put("failures", new LinkedHashMap<String, Object>(failures));
            report.line("batch %s of %s → %s: %d inputs, %d done, %d skipped (already complete), %d failed"
                            + " (%d workers, %.1f inputs/s)", command, in, out, all.size(), sum.done(), skipped, failed, n,
                    sum.rate());
            if (memory) {
                report.put("native_peak_bytes", peak[0]).put("native_live_bytes_after", NativeConfig.liveNativeBytes());
                report.line("native memory: peak %s live during the run, %s after",
                        NativeConfig.formatBytes(peak[0]), NativeConfig.formatBytes(NativeConfig.liveNativeBytes()));
            }
            for (Map.Entry<String, String> f : failures.entrySet()) {
                report.line("failed: %s: %s", f.getKey(), f.getValue());
            }
            if (failed > 0) {
                exit = ExitCodes.SOME_FAILED;
            }
        } finally {
            if (npz != null) {
                npz.close();
            }
        }
    }

    /** Complete = the directory exists (it only appears by rename) and holds every expected file. */
    static boolean complete(Path dir, List<String> files) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        for (String f : files) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                return false;
            }
        }
        return true;
    }

    /** Writes one result's files into a staging directory and renames it into place. */
    private void write(BatchResult r, String stem, List<String> files) throws IOException {
        Path stage = out.resolve(STAGING_PREFIX + stem + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        Files.createDirectory(stage);
        try {
            for (String file : files) {
                Factor f = r.factor(file.substring(0, file.length() - 4));
                writeFile(stage.resolve(file), f);
            }
            if (fsync) {
                force(stage);
            }
            Path target = out.resolve(stem);
            if (Files.exists(target)) { // an incomplete leftover (a file is missing): replace it
                deleteTree(target);
            }
            try {
                Files.move(stage, target, StandardCopyOption.ATOMIC_MOVE);
                if (fsync) {
                    force(out);
                }
            } catch (FileAlreadyExistsException e) {
                throw new IOException(target + " appeared while writing; is another batch writing to " + out + "?", e);
            }
        } catch (IOException | RuntimeException e) {
            try {
                deleteTree(stage);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * One factor into the staging directory. No per-file temporary name or fsync: the directory
     * rename makes the set atomic for a killed process; {@code --fsync} adds the fsyncs.
     */
    private void writeFile(Path p, Factor f) throws IOException {
        if ((long) f.data().length * 8 > IN_MEMORY_FILE_BYTES) {
            streamFile(p, f);
            return;
        }
        int[] shape = f.kind() == Factor.Kind.MATRIX ? new int[] {f.rows(), f.cols()} : new int[] {f.rows()};
        ByteBuffer b = Npy.encode(f.data(), shape, f.dtype(), f.kind() == Factor.Kind.INT_VECTOR ? 'i' : 'f',
                encodeBuffer.get());
        encodeBuffer.set(b);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (b.hasRemaining()) {
                ch.write(b);
            }
            if (fsync) {
                ch.force(true);
            }
        }
    }

    /** A large factor through a 64 KiB stream, so a worker never holds a second copy of it. */
    private void streamFile(Path p, Factor f) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream os = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
            switch (f.kind()) {
                case VECTOR -> Npy.writeVector(os, f.data(), f.dtype());
                case INT_VECTOR -> Npy.writeInts(os, f.toIntArray());
                case MATRIX -> {
                    try (Matrix m = f.toMatrix()) {
                        Npy.write(os, m);
                    }
                }
            }
            os.flush();
            if (fsync) {
                ch.force(true);
            }
        }
    }

    /** fsync of a directory (Linux and macOS allow it; elsewhere it is skipped). */
    private static void force(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not supported for directories on this platform: the file fsyncs still hold
        }
    }

    private void removeStaleStaging() throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(out, STAGING_PREFIX + "*")) {
            for (Path p : ds) {
                deleteTree(p);
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            List<Path> all = new ArrayList<>(walk.toList());
            Collections.reverse(all);
            for (Path x : all) {
                Files.deleteIfExists(x);
            }
        }
    }

    private static List<Source> directory(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.npy")) {
            for (Path p : ds) {
                if (Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        }
        Collections.sort(files);
        List<Source> out = new ArrayList<>(files.size());
        for (Path p : files) {
            String name = p.getFileName().toString();
            out.add(new Source(name.substring(0, name.length() - 4), new BatchInput() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public Matrix open() throws IOException {
                    return Npy.read(p);
                }
            }));
        }
        return out;
    }

    private static List<Source> archive(Npz npz) {
        List<Source> out = new ArrayList<>();
        for (String name : npz.names()) {
            String base = name.substring(name.lastIndexOf('/') + 1);
            out.add(new Source(base.substring(0, base.length() - 4), new BatchInput() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public Matrix open() throws IOException {
                    return npz.read(name);
                }
            }));
        }
        return out;
    }
}
