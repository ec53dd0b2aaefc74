package org.decomp4j.bench.batch;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.decomp4j.Matrix;
import org.decomp4j.batch.BatchInput;
import org.decomp4j.batch.BatchRunner;
import org.decomp4j.batch.BatchSummary;
import org.decomp4j.batch.Decompositions;
import org.decomp4j.cli.Main;
import org.decomp4j.io.Npy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The batch CLI's I/O overhead: {@value #COUNT} .npy files of 64×64 float64 through
 * {@code batch svd --in DIR --out DIR} (read, decompose, write U/S/Vt atomically per input)
 * against the in-memory batch API on the same matrices already loaded (results delivered as
 * completed and dropped, as the CLI does after writing them), per input. Target: the
 * CLI at ≥ 90% of the API's throughput. Each invocation writes into a fresh output directory
 * (deleted in an untimed per-invocation teardown: an invocation lasts seconds, so JMH's
 * Level.Invocation caveat does not apply).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'batch.BatchCliBenchmark' -rf json -rff cli.json
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 2, jvmArgsAppend = {"-Xmx2g"})
public class BatchCliBenchmark {
    static final int COUNT = 10_000;
    static final int N = 64;

    @Param({"2"})
    public int jobs;

    /** Where the input and output trees live ("" = java.io.tmpdir); e.g. {@code -p dir=/dev/shm} for tmpfs. */
    @Param({""})
    public String dir;

    private Path root;
    private Path in;
    private Path out;
    private List<Matrix> mats;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        root = dir.isEmpty() ? Files.createTempDirectory("decomp4j-batch-bench-")
                : Files.createTempDirectory(Path.of(dir), "decomp4j-batch-bench-");
        in = Files.createDirectories(root.resolve("in"));
        mats = new ArrayList<>(COUNT);
        for (int k = 0; k < COUNT; k++) {
            Matrix m = Matrix.random(N, N, k);
            Npy.write(in.resolve(String.format("m%05d.npy", k)), m);
            mats.add(m);
        }
        out = root.resolve("out");
        cli(); // check once: every output complete
        try (Stream<Path> s = Files.list(out)) {
            if (s.count() != COUNT) {
                throw new IllegalStateException("CLI check failed");
            }
        }
    }

    @Setup(Level.Invocation)
    public void freshOut() throws IOException, InterruptedException {
        delete(out);
        // Commit the deletions before the timed run: on a file system mounted with 'discard' (this
        // VM's ext4) the next journal commit would otherwise issue the previous output's TRIMs
        // inside the measured run, charging the benchmark's own cleanup to the CLI.
        try {
            new ProcessBuilder("sync").inheritIO().start().waitFor();
        } catch (IOException noSync) {
            // not a POSIX system: the deletions are committed whenever the OS decides
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        mats.forEach(Matrix::close);
        delete(root);
    }

    private static void delete(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> w = Files.walk(p)) {
            for (Path x : w.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }

    private int cli() {
        StringWriter sink = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(sink));
        cl.setErr(new PrintWriter(sink));
        int code = cl.execute("batch", "svd", "--in", in.toString(), "--out", out.toString(), "--jobs",
                String.valueOf(jobs), "--quiet", "--json");
        if (code != 0) {
            throw new IllegalStateException("batch CLI exit " + code + ": " + sink);
        }
        return code;
    }

    @Benchmark
    @OperationsPerInvocation(COUNT)
    public int cliFromFiles() {
        return cli();
    }

    @Benchmark
    @OperationsPerInvocation(COUNT)
    public BatchSummary apiInMemory() {
        List<BatchInput> inputs = new ArrayList<>(COUNT);
        for (int k = 0; k < COUNT; k++) {
            inputs.add(BatchInput.of("#" + k, mats.get(k)));
        }
        return BatchRunner.withJobs(jobs).order(BatchRunner.Order.COMPLETION).run(inputs.iterator(),
                Decompositions.svd(), r -> { });
    }
}
