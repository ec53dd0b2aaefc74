package org.decomp4j.cli;

import static org.decomp4j.TestMatrices.gaussian;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exit code 2 with a message that says what and where, nothing on stdout, and no file in
 * {@code --out} after any failure.
 */
class BadInputTest {
    @TempDir
    Path dir;

    private String failsWritingNothing(Object... args) throws IOException {
        Path out = dir.resolve("out");
        Object[] all = Arrays.copyOf(args, args.length + 3);
        all[args.length] = "--out";
        all[args.length + 1] = out;
        all[args.length + 2] = "--json";
        String err = Cli.run(all).fails(ExitCodes.BAD_INPUT);
        assertEquals(List.of(), Cli.list(out), "no output after a failure");
        return err;
    }

    @Test
    void missingFileIsNamed() throws IOException {
        Path missing = dir.resolve("nope.npy");
        String err = failsWritingNothing("svd", "--in", missing);
        assertEquals("decomp4j svd: " + missing + ": no such file or directory", err.strip());
    }

    @Test
    void truncatedNpyIsNamed() throws IOException {
        Path f = Cli.npy(dir, "t.npy", gaussian(4, 4, 1));
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(bytes, bytes.length - 20));
        String err = failsWritingNothing("lu", "--in", f);
        assertTrue(err.startsWith("decomp4j lu: " + f + ": truncated"), err);
    }

    @Test
    void raggedCsvNamesTheLines() throws IOException {
        Path f = Cli.csv(dir, "r.csv", "1,2,3\n4,5,6\n7,8\n");
        String err = failsWritingNothing("qr", "--in", f);
        assertTrue(err.contains(f + ": line 3") && err.contains("line 1"), err);
    }

    @Test
    void badCsvFieldNamesLineAndColumn() throws IOException {
        Path f = Cli.csv(dir, "b.csv", "1,2\n3,abc\n");
        String err = failsWritingNothing("svd", "--in", f);
        assertTrue(err.contains(f + ": line 2, column 2: 'abc' is not a number"), err);
    }

    @Test
    void nanInInputNamesRowAndColumn() throws IOException {
        Path f = Cli.csv(dir, "n.csv", "1,2,3\n4,5,nan\n");
        String err = failsWritingNothing("cholesky", "--in", f);
        assertTrue(err.contains(f + ": NaN at row 2, column 3"), err);
        Path g = Cli.npy(dir, "i.npy", new double[][] {{1, Double.NEGATIVE_INFINITY}, {0, 1}});
        err = failsWritingNothing("svd", "--in", g);
        assertTrue(err.contains(g + ": -Infinity at row 1, column 2"), err);
        // the right-hand side is checked as well, and named
        Path a = Cli.csv(dir, "a.csv", "1,0\n0,1\n");
        Path b = Cli.csv(dir, "bad-rhs.csv", "1\ninf\n");
        err = failsWritingNothing("solve", "--in", a, "--rhs", b);
        assertTrue(err.contains(b + ": +Infinity at row 2, column 1"), err);
    }

    @Test
    void f32OverflowIsReported() throws IOException {
        Path f = Cli.csv(dir, "big.csv", "1e300,0\n0,1\n");
        String err = failsWritingNothing("svd", "--in", f, "--f32");
        assertTrue(err.contains("row 1, column 1") && err.contains("float32"), err);
    }

    @Test
    void unknownDriverListsTheChoices() throws IOException {
        Path f = Cli.csv(dir, "a.csv", "1,0\n0,1\n");
        String err = failsWritingNothing("svd", "--in", f, "--driver", "magic");
        assertTrue(err.contains("'--driver'") && err.contains("magic") && err.contains("auto, gesdd, gesvd, gesvj, java_jacobi, java_qr"), err);
        assertTrue(err.contains("Try 'decomp4j svd --help'"), err);
    }

    @Test
    void fullAndValuesOnlyAreExclusive() throws IOException {
        Path f = Cli.csv(dir, "a.csv", "1,0\n0,1\n");
        String err = failsWritingNothing("svd", "--in", f, "--full", "--values-only");
        assertTrue(err.contains("--full, --values-only are mutually exclusive"), err);
    }

    @Test
    void mismatchedRhsNamesBothFiles() throws IOException {
        Path a = Cli.csv(dir, "a.csv", "1,0,0\n0,1,0\n0,0,1\n");
        Path b = Cli.csv(dir, "b.csv", "1\n2\n");
        for (String cmd : new String[] {"solve", "lstsq"}) {
            String err = failsWritingNothing(cmd, "--in", a, "--rhs", b);
            assertTrue(err.contains("--rhs " + b + " has 2 rows but --in " + a + " has 3"), err);
        }
    }

    @Test
    void nonSquareInputIsNamed() throws IOException {
        Path a = Cli.csv(dir, "a.csv", "1,0,0\n0,1,0\n");
        Path b = Cli.csv(dir, "b.csv", "1\n2\n");
        String err = failsWritingNothing("solve", "--in", a, "--rhs", b);
        assertTrue(err.contains("solve needs a square matrix, but --in " + a + " is 2×3"), err);
        err = failsWritingNothing("cholesky", "--in", a);
        assertTrue(err.contains("cholesky needs a square matrix"), err);
    }

    @Test
    void missingRequiredOptions() throws IOException {
        String err = failsWritingNothing("svd");
        assertTrue(err.contains("Missing required option: '--in=FILE'"), err);
        Path a = Cli.csv(dir, "a.csv", "1,0\n0,1\n");
        err = failsWritingNothing("solve", "--in", a);
        assertTrue(err.contains("--rhs"), err);
    }

    @Test
    void usageMistakes() throws IOException {
        Path a = Cli.csv(dir, "a.csv", "1,0\n0,1\n");
        assertTrue(Cli.run().fails(ExitCodes.BAD_INPUT).contains("missing COMMAND"));
        assertTrue(Cli.run("svdd").fails(ExitCodes.BAD_INPUT).contains("Did you mean"));
        assertTrue(Cli.run("rank", "--in", a, "--out", dir).fails(ExitCodes.BAD_INPUT).contains("Unknown option"));
        assertTrue(Cli.run("svd", "--in", a, "--threads", "0").fails(ExitCodes.BAD_INPUT).contains("--threads"));
        assertTrue(Cli.run("svd", "--in", a, "--threads", "many").fails(ExitCodes.BAD_INPUT).contains("--threads"));
        assertTrue(Cli.run("rank", "--in", a, "--tol", "-1").fails(ExitCodes.BAD_INPUT).contains("--tol"));
        assertTrue(Cli.run("pinv", "--in", a, "--rcond", "NaN").fails(ExitCodes.BAD_INPUT).contains("--rcond"));
        Path unknown = Cli.csv(dir, "a.xlsx", "");
        assertTrue(Cli.run("svd", "--in", unknown).fails(ExitCodes.BAD_INPUT).contains("unsupported extension '.xlsx'"));
    }

    @Test
    void outThatIsAFileIsRefusedBeforeComputing() throws IOException {
        Path a = Cli.csv(dir, "a.csv", "1,0\n0,1\n");
        String err = Cli.run("lu", "--in", a, "--out", a).fails(ExitCodes.BAD_INPUT);
        assertTrue(err.contains("--out " + a + ": exists and is not a directory"), err);
        assertEquals("1,0\n0,1\n", Files.readString(a), "the file named by --out is untouched");
    }

    @Test
    void emptyMatrixHasNoConditionNumber() throws IOException {
        Path f = Cli.npy(dir, "e.npy", new double[0][0]);
        assertTrue(Cli.run("cond", "--in", f).fails(ExitCodes.BAD_INPUT).contains("empty"));
    }
}
