package org.decomp4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.decomp4j.Matrix;
import org.decomp4j.engine.CommandLineNatives;
import org.decomp4j.io.Npy;

import picocli.CommandLine;

/**
 * The training run of the class-data-sharing archive that the build records beside the CLI jar
 * ({@code target/decomp4j-cli.jsa}, used by the {@code target/decomp4j} launcher; see the pom's
 * {@code cli-launcher} execution). The JVM archives every class one process loads, so this runs
 * the common commands in-process on small matrices it writes into the directory given: the
 * archive then holds the classes of {@code svd}, {@code lu}, {@code qr}, {@code cholesky},
 * {@code solve}, {@code lstsq} and {@code info} and of the LAPACK paths of their defaults (40×40
 * is past the pure-Java small-SVD limit). Not a user command; exits non-zero if a command fails.
 */
final class CdsTraining {
    private CdsTraining() {
    }

    /** {@code args[0]}: a writable directory for the inputs and outputs. */
    public static void main(String[] args) throws IOException {
        CommandLineNatives.loadFromJavaCppCache(); // as Main does: its classes belong in the archive
        Path dir = Files.createDirectories(Path.of(args[0]));
        int n = 40;
        double[][] a = new double[n][n];
        double[][] b = new double[n][2];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = (i == j ? n : 0) + 1.0 / (1 + i + j); // symmetric, diagonally dominant: SPD
            }
            b[i][0] = i;
            b[i][1] = 1;
        }
        Path in = dir.resolve("a.npy");
        Path rhs = dir.resolve("b.npy");
        try (Matrix ma = Matrix.of(a); Matrix mb = Matrix.of(b)) {
            Npy.write(in, ma);
            Npy.write(rhs, mb);
        }
        String[][] runs = {
            {"svd", "--in", in.toString()},
            {"svd", "--in", in.toString(), "--values-only"},
            {"lu", "--in", in.toString()},
            {"qr", "--in", in.toString()},
            {"cholesky", "--in", in.toString()},
            {"solve", "--in", in.toString(), "--rhs", rhs.toString()},
            {"lstsq", "--in", in.toString(), "--rhs", rhs.toString()},
            {"info"},
        };
        int k = 0;
        for (String[] run : runs) {
            for (boolean json : new boolean[] {false, true}) {
                String[] args2 = withOut(run, dir.resolve("out" + k++), json);
                CommandLine cl = Main.commandLine(args2);
                StringWriter sink = new StringWriter();
                cl.setOut(new PrintWriter(sink));
                cl.setErr(new PrintWriter(sink));
                int code = cl.execute(args2);
                if (code != ExitCodes.OK) {
                    System.err.println("CDS training: " + String.join(" ", args2) + " failed (" + code + "):\n" + sink);
                    System.exit(1);
                }
            }
        }
    }

    private static String[] withOut(String[] run, Path out, boolean json) {
        boolean takesOut = !run[0].equals("info");
        String[] r = new String[run.length + (takesOut ? 2 : 0) + (json ? 1 : 0)];
        System.arraycopy(run, 0, r, 0, run.length);
        int i = run.length;
        if (takesOut) {
            r[i++] = "--out";
            r[i++] = out.toString();
        }
        if (json) {
            r[i] = "--json";
        }
        return r;
    }
}
