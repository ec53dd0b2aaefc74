package org.decomp4j.cli;

import static org.decomp4j.TestMatrices.frobenius;
import static org.decomp4j.TestMatrices.gaussian;
import static org.decomp4j.TestMatrices.multiply;
import static org.decomp4j.TestMatrices.subtract;
import static org.decomp4j.TestMatrices.transpose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.decomp4j.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code lstsq --driver gelsd|gelsy|gelss}: the routine lands in the JSON line's {@code driver}. */
class LstsqDriverCommandTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gelsd", "gelsy", "gelss", "GELSY"})
    void eachDriverRunsAndIsReported(String driver) throws IOException {
        int m = 12;
        double[][] a = gaussian(m, 5, 51);
        double[][] b = gaussian(m, 2, 52);
        Path in = Cli.npy(dir, "a.npy", a);
        Path rhs = Cli.npy(dir, "b.npy", b);
        Path out = dir.resolve("x-" + driver);
        Map<String, Object> j = Cli.run("lstsq", "--in", in, "--rhs", rhs, "--driver", driver, "--out", out, "--json")
                .json();
        String name = driver.toLowerCase(java.util.Locale.ROOT);
        boolean gelsy = name.equals("gelsy");
        // gelsy on a full-rank Gaussian 12×5 takes its fast path and says so
        assertEquals(gelsy ? "dgeqrf+dtrcon+dormqr+dtrtrs" : "d" + name, j.get("driver"));
        assertEquals(gelsy, j.get("fast_path"));
        assertEquals(gelsy, j.containsKey("rcond_estimate") && j.containsKey("fast_path_bound"));
        if (gelsy) {
            assertTrue((Double) j.get("rcond_estimate") >= (Double) j.get("fast_path_bound"), j::toString);
            assertTrue(j.get("reason").toString().contains("fast path"), j::toString);
        }
        assertEquals(5.0, j.get("rank"));
        double[][] x = Cli.read(out.resolve("X.npy"));
        double[][] r = subtract(multiply(a, x), b);
        // the residual of a least-squares solution is orthogonal to the columns of A
        double[][] atr = multiply(transpose(a), r);
        double bound = 10 * m * DType.F64.eps() * frobenius(a) * (frobenius(a) * frobenius(x) + frobenius(b));
        assertTrue(frobenius(atr) <= bound, () -> "‖Aᵀ(A·X − B)‖ = " + frobenius(atr));
        assertEquals(2, Cli.doubles(j.get("residuals")).length);

        Map<String, Object> j32 = Cli.run("lstsq", "--in", in, "--rhs", rhs, "--driver", driver, "--f32", "--json")
                .json();
        assertEquals(gelsy ? "sgeqrf+strcon+sormqr+strtrs" : "s" + name, j32.get("driver"));
    }

    @Test
    void defaultIsGelsdAndAnUnknownDriverIsAUsageError() throws IOException {
        Path in = Cli.npy(dir, "a.npy", gaussian(6, 3, 53));
        Path rhs = Cli.npy(dir, "b.npy", gaussian(6, 1, 54));
        assertEquals("dgelsd", Cli.run("lstsq", "--in", in, "--rhs", rhs, "--json").json().get("driver"));
        Path out = dir.resolve("x");
        String err = Cli.run("lstsq", "--in", in, "--rhs", rhs, "--driver", "gelsx", "--out", out)
                .fails(ExitCodes.BAD_INPUT);
        assertTrue(err.contains("gelsx") && err.contains("gelsd, gelsy, gelss"), err);
        assertEquals(List.of(), Cli.list(out), "no output on a usage error");
    }

    @Test
    void gelsyOnARankDeficientSystemReportsTheRankAndNoResiduals() throws IOException {
        double[][] a = multiply(gaussian(10, 2, 55), gaussian(2, 4, 56)); // rank 2
        Map<String, Object> j = Cli.run("lstsq", "--in", Cli.npy(dir, "a.npy", a),
                "--rhs", Cli.npy(dir, "b.npy", gaussian(10, 1, 57)), "--driver", "gelsy", "--json").json();
        assertEquals(2.0, j.get("rank"));
        assertEquals(0, Cli.doubles(j.get("residuals")).length);
        assertEquals("dgeqrf+dtrcon+dgelsy", j.get("driver"), "the fast path was tried and declined");
        assertEquals(false, j.get("fast_path"));
        assertTrue((Double) j.get("rcond_estimate") < (Double) j.get("fast_path_bound"), j::toString);
    }

    @Test
    void noFastPathRunsThePivotedGelsy() throws IOException {
        Path in = Cli.npy(dir, "a.npy", gaussian(12, 5, 51));
        Path rhs = Cli.npy(dir, "b.npy", gaussian(12, 1, 52));
        Map<String, Object> j = Cli.run("lstsq", "--in", in, "--rhs", rhs, "--driver", "gelsy", "--no-fast-path", "--json")
                .json();
        assertEquals("dgelsy", j.get("driver"));
        assertEquals(false, j.get("fast_path"));
        assertTrue(!j.containsKey("rcond_estimate") && !j.containsKey("fast_path_bound"), j::toString);
        assertEquals(5.0, j.get("rank"));
    }

    @Test
    void theHumanReportSaysWhetherGelsysFastPathRan() throws IOException {
        Path in = Cli.npy(dir, "a.npy", gaussian(12, 5, 51));
        Path rhs = Cli.npy(dir, "b.npy", gaussian(12, 1, 52));
        String taken = Cli.run("lstsq", "--in", in, "--rhs", rhs, "--driver", "gelsy").ok();
        assertTrue(taken.contains("gelsy full-rank fast path taken") && taken.contains("dgeqrf+dtrcon+dormqr+dtrtrs"),
                taken);
        Path deficient = Cli.npy(dir, "d.npy", multiply(gaussian(12, 2, 55), gaussian(2, 5, 56)));
        String declined = Cli.run("lstsq", "--in", deficient, "--rhs", rhs, "--driver", "gelsy").ok();
        assertTrue(declined.contains("gelsy full-rank fast path declined") && declined.contains("dgeqrf+dtrcon+dgelsy"),
                declined);
    }
}
