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
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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
import org.decomp4j.io.OutputSet;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code batch <command> --in DIR|FILE.npz --out DIR}: one decomposition per input matrix on a
 * pool of workers, each input's factors in {@code OUT/<input name without .npy>/} under the
 * single command's file names.
 *
 * <p><b>Atomic and resumable.</b> An input's files and a manifest {@value #RESULT_MANIFEST} (the
 * command, the job, the input's name, size and modification time, the member names) are written
 * into a hidden staging directory {@code OUT/.decomp4j-batch-<16 hex>/} (a fixed-length name), which
 * is then renamed to {@code OUT/<name>/} in one atomic step. An input is skipped only when
 * {@code OUT/<name>/} is ours and its manifest records exactly what is asked now; a result of ours
 * made otherwise is replaced whole. Batch deletes only what it created: its staging names and
 * directories carrying its manifest and nothing else. An {@code OUT/<name>} that is not ours fails
 * that input, untouched. Input names become directory names, so a name that is not a plain file
 * name ({@code .}, {@code ..}, separators, control characters, too long, not decodable) fails that
 * input alone. A symlinked OUT is resolved once; nothing outside its real directory is touched.
 *
 * <p>Exit code 0 when every input was done or skipped, {@value ExitCodes#SOME_FAILED} when some
 * failed (the others' outputs are complete; the summary lists the failures).
 */
@Command(name = "batch", sortOptions = false,
        description = {"Decompose every matrix of a directory of .npy files or of a .npz archive, in parallel.",
            "COMMAND is svd, lu, qr or cholesky. Each input's factors go to OUT/<input name>/ with the file names"
                    + " of the single command (svd: U.npy S.npy Vt.npy; lu: P.npy L.npy U.npy piv.npy; qr: Q.npy"
                    + " R.npy; cholesky: L.npy) and a manifest .decomp4j-result.json naming them and what made them"
                    + " (command, job, input size and time). A rerun skips an input only when its manifest matches"
                    + " what is asked; a result made with other options or from a changed input is replaced whole."
                    + " An OUT/<input name> not written by batch is never touched: that input fails (exit 4), as"
                    + " does an input whose name cannot be a directory name (., .., separators, control"
                    + " characters, over 255 bytes). A killed run leaves no partial output directory."})
public final class BatchCommand extends BaseCommand {
    static final String STAGING_PREFIX = ".decomp4j-batch-";
    /** Written into each result directory: marks it as batch's own and records what made it. */
    static final String RESULT_MANIFEST = ".decomp4j-result.json";
    /** Factors up to this size are encoded whole and written with one call; larger ones are streamed. */
    static final long IN_MEMORY_FILE_BYTES = 8L << 20;

    @Parameters(index = "0", paramLabel = "COMMAND", description = "svd, lu, qr or cholesky")
    String command;

    @Option(names = "--in", order = 1, required = true, paramLabel = "DIR|FILE.npz",
            description = "A directory of .npy files (not searched recursively) or a .npz archive.")
    Path in;

    @Option(names = "--out", order = 2, required = true, paramLabel = "DIR", description = "Output directory (created).")
    Path out;

    @Option(names = "--jobs", order = 3, paramLabel = "N", description = "Worker threads, 1 to 1024 (default: the number of"
            + " processors; more than 4 × the processors is lowered to that, with a note). OpenBLAS runs one"
            + " thread per worker while the batch runs.")
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

    /**
     * The worker count: {@code --jobs} refused outside 1..{@value BatchRunner#MAX_JOBS} before any
     * work, and clamped, with a note on stderr, to 4 × the processors, past which workers only
     * queue for cores (results do not depend on the worker count).
     */
    private int workers() {
        int cpus = Runtime.getRuntime().availableProcessors();
        if (jobs == null) {
            return cpus;
        }
        if (jobs < 1 || jobs > BatchRunner.MAX_JOBS) {
            throw new IllegalArgumentException("--jobs must be between 1 and " + BatchRunner.MAX_JOBS + ", got " + jobs);
        }
        int most = (int) Math.min(BatchRunner.MAX_JOBS, 4L * cpus);
        if (jobs > most) {
            if (!common.quiet) {
                spec.commandLine().getErr().println("decomp4j batch: note: --jobs " + jobs + " lowered to " + most
                        + " (4 × the " + cpus + " processors; more workers only queue for cores)");
            }
            return most;
        }
        return jobs;
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

    /**
     * One input: its name, its output stem (a valid file name, or {@code null} with {@code error}
     * saying why not), what identifies its content, and how to read it.
     */
    private record Source(String name, String stem, String identity, String error, BatchInput input) {
        static Source refused(String name, String why) {
            return new Source(name, null, null, why, null);
        }
    }

    /** What a result's manifest records: the command, its job and the input it was made from. */
    private Map<String, String> options(Source s) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("command", command);
        if (command.equals("svd")) {
            o.put("job", full ? "full" : valuesOnly ? "values-only" : "thin");
        }
        o.put("input", s.name());
        o.put("input_identity", s.identity());
        return o;
    }

    @Override
    void run(Report report) throws Exception {
        command = command.toLowerCase(Locale.ROOT);
        List<String> files = expectedFiles();
        Decomposition d = decomposition();
        int n = workers();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + ": exists and is not a directory");
        }
        Files.createDirectories(out);
        // Work in OUT's real directory: a symlinked OUT is followed once, here, and every path
        // touched afterwards is a direct child of that directory.
        Path root = out.toRealPath();
        removeStaleStaging(root);
        Npz npz = null;
        try {
            List<Source> all;
            if (Files.isDirectory(in)) {
                all = directory(in);
            } else if (in.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz")) {
                npz = Npz.open(in);
                all = archive(npz, in);
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
                if (s.error() != null) {
                    failures.put(s.name(), s.error());
                } else if (stems.merge(s.stem(), 1, Integer::sum) > 1) {
                    failures.put(s.name(), "another input has the same name without extension, " + s.stem());
                } else {
                    Path target = root.resolve(s.stem());
                    Optional<String> foreign = OutputSet.notOwned(target, RESULT_MANIFEST);
                    if (foreign.isPresent()) {
                        failures.put(s.name(), foreignMessage(out.resolve(s.stem()), foreign.get()));
                    } else if (complete(target, files, options(s))) {
                        skipped++;
                    } else {
                        todo.add(s);
                    }
                }
            }
            Map<String, Source> byName = new HashMap<>();
            todo.forEach(s -> byName.put(s.input().name(), s));
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
                        .onWorker(r -> write(r, root, byName.get(r.name()), files));
                sum = report.time(() -> runner.run(todo.stream().map(Source::input).iterator(), d, r -> { }));
            }
            for (BatchResult f : sum.failures()) {
                failures.put(f.name(), f.error() instanceof org.decomp4j.NonFiniteInputException nf
                        ? nf.getClass().getSimpleName() + ": " + ExitCodes.oneBased(nf) // 1-based, as every CLI message
                        : f.errorMessage().orElse("failed"));
            }
            long failed = failures.size();
            Map<String, Object> printableFailures = new LinkedHashMap<>();
            failures.forEach((k, v) -> printableFailures.put(OutputSet.printable(k), v));
            report.bare().many("one plan per input shape and dtype (a workspace each, reused by same-shape"
                            + " inputs); the inputs' shapes and routines may differ")
                    .put("inputs", (long) all.size()).put("done", sum.done()).put("skipped", skipped)
                    .put("failed", failed).put("jobs", n)
                    .put("rate_per_second", sum.rate()).put("failures", printableFailures);
            report.line("batch %s of %s → %s: %d inputs, %d done, %d skipped (already complete), %d failed"
                            + " (%d workers, %.1f inputs/s)", command, in, out, all.size(), sum.done(), skipped, failed, n,
                    sum.rate());
            if (memory) {
                report.put("native_peak_bytes", peak[0]).put("native_live_bytes_after", NativeConfig.liveNativeBytes());
                report.line("native memory: peak %s live during the run, %s after",
                        NativeConfig.formatBytes(peak[0]), NativeConfig.formatBytes(NativeConfig.liveNativeBytes()));
            }
            for (Map.Entry<String, Object> f : printableFailures.entrySet()) {
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

    private static String foreignMessage(Path target, String why) {
        return target + " exists and was not written by decomp4j batch (" + why + "); move it or choose another --out";
    }

    /**
     * Complete = a result directory of ours whose manifest records exactly what is asked now
     * (command, job, the same input) and whose members are all regular files. A result made with
     * other options, or from a changed input, is redone, never skipped.
     */
    private static boolean complete(Path dir, List<String> files, Map<String, String> asked) throws IOException {
        BasicFileAttributes a = OutputSet.lstat(dir);
        if (a == null || !a.isDirectory()) {
            return false;
        }
        Optional<OutputSet.Manifest> m = OutputSet.readManifest(dir.resolve(RESULT_MANIFEST));
        if (m.isEmpty() || !m.get().options().equals(asked) || !m.get().members().equals(files)) {
            return false;
        }
        for (String f : files) {
            BasicFileAttributes fa = OutputSet.lstat(dir.resolve(f));
            if (fa == null || !fa.isRegularFile()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes one result's files and manifest into a staging directory and renames it into place,
     * replacing a previous result of ours whole ({@link OutputSet#replaceDirectory}).
     */
    private void write(BatchResult r, Path root, Source s, List<String> files) throws IOException {
        Path stage = OutputSet.newStagingDirectory(root, STAGING_PREFIX);
        try {
            for (String file : files) {
                Factor f = r.factor(file.substring(0, file.length() - 4));
                writeFile(stage.resolve(file), f);
            }
            OutputSet.writeManifest(stage.resolve(RESULT_MANIFEST), new OutputSet.Manifest(options(s), files));
            if (fsync) {
                force(stage);
            }
            Path target = root.resolve(s.stem());
            try {
                OutputSet.replaceDirectory(stage, target, RESULT_MANIFEST, STAGING_PREFIX);
            } catch (FileAlreadyExistsException e) {
                throw new IOException(foreignMessage(out.resolve(s.stem()),
                        e.getReason() == null ? "appeared while writing" : e.getReason())
                        + "; is another batch writing to " + out + "?", e);
            }
            if (fsync) {
                force(root);
            }
        } catch (IOException | RuntimeException e) {
            try {
                OutputSet.deleteTree(stage);
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

    /**
     * Deletes what a killed run left: entries of OUT named {@value #STAGING_PREFIX}… (created only
     * by batch, with a fixed-length random suffix), without following links.
     */
    private static void removeStaleStaging(Path root) throws IOException {
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                if (p.getFileName().toString().startsWith(STAGING_PREFIX)) {
                    stale.add(p);
                }
            }
        }
        for (Path p : stale) {
            OutputSet.deleteTree(p);
        }
    }

    /** An input's identity for the manifest: size and modification time (links followed, as when read). */
    private static String identity(Path p) throws IOException {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        return "size " + a.size() + ", modified " + a.lastModifiedTime().toMillis() + " ms";
    }

    /**
     * The {@code .npy} files of {@code dir}, sorted. A name that cannot become an output name
     * (see {@link OutputSet#checkName}) is refused for that input alone, as is one the platform
     * cannot represent: the directory stream yields each entry's raw name, and a failure to
     * handle one entry never stops the others.
     */
    private static List<Source> directory(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                files.add(p);
            }
        }
        Collections.sort(files);
        List<Source> out = new ArrayList<>(files.size());
        for (Path p : files) {
            String name = p.getFileName().toString();
            try {
                if (!name.endsWith(".npy") || !Files.isRegularFile(p)) {
                    continue;
                }
                String stem = name.substring(0, name.length() - 4);
                Optional<String> bad = OutputSet.checkName(stem);
                if (bad.isPresent()) {
                    out.add(Source.refused(name, "the output directory name '" + OutputSet.printable(stem) + "' "
                            + bad.get() + "; rename the input"));
                    continue;
                }
                out.add(new Source(name, stem, identity(p), null, new BatchInput() {
                    @Override
                    public String name() {
                        return name;
                    }

                    @Override
                    public Matrix open() throws IOException {
                        return Npy.read(p);
                    }
                }));
            } catch (InvalidPathException | IOException e) {
                out.add(Source.refused(name, "cannot read this directory entry: " + e.getMessage()));
            }
        }
        return out;
    }

    /**
     * The entries of an archive. An entry in a folder ({@code a/b.npy}) writes to its base name
     * ({@code OUT/b/}); two entries with one base name both fail. An entry whose name is absolute,
     * holds a {@code .} or {@code ..} component, a backslash, or whose base name is not a valid
     * output name fails alone.
     */
    private static List<Source> archive(Npz npz, Path file) throws IOException {
        BasicFileAttributes za = Files.readAttributes(file, BasicFileAttributes.class);
        String archiveIdentity = "archive size " + za.size() + ", modified " + za.lastModifiedTime().toMillis() + " ms";
        List<Source> out = new ArrayList<>();
        for (String name : npz.names()) {
            String why = entryProblem(name);
            String base = name.substring(name.lastIndexOf('/') + 1);
            String stem = base.substring(0, base.length() - 4);
            if (why == null) {
                why = OutputSet.checkName(stem).map(b -> "the output directory name '" + OutputSet.printable(stem)
                        + "' " + b).orElse(null);
            }
            if (why != null) {
                out.add(Source.refused(name, "archive entry '" + OutputSet.printable(name) + "': " + why));
                continue;
            }
            out.add(new Source(name, stem, archiveIdentity, null, new BatchInput() {
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

    /** Why an archive entry's path is hostile, or {@code null}. */
    private static String entryProblem(String name) {
        if (name.startsWith("/")) {
            return "an absolute path";
        }
        if (name.indexOf('\\') >= 0) {
            return "contains a backslash";
        }
        String[] parts = name.split("/", -1);
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i].equals(".") || parts[i].equals("..")) {
                return "has a '" + parts[i] + "' component";
            }
        }
        return null;
    }
}
