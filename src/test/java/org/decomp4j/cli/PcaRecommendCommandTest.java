package org.decomp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcaRecommendCommandTest {

    @Test
    void pcaWritesScikitLearnOutputs(@TempDir Path dir) throws IOException {
        double[][] x = org.decomp4j.apps.PcaTest.data(50, 5, 2);
        Path in = Cli.npy(dir, "x.npy", x);
        Path out = dir.resolve("out");
        Map<String, Object> j = Cli.run("pca", "--in", in, "--components", 2, "--out", out, "--json").json();
        assertEquals(2.0, j.get("n_components"));
        assertEquals("covariance_eigh", j.get("solver")); // 50 samples ≥ 10 × 5 features
        assertTrue(String.valueOf(j.get("reason")).contains("50 samples"), String.valueOf(j.get("reason")));
        assertEquals(List.of("components.npy", "transformed.npy", "explained_variance.npy",
                "explained_variance_ratio.npy", "singular_values.npy", "mean.npy"), j.get("outputs"));
        double[][] comp = Cli.read(out.resolve("components.npy"));
        assertEquals(2, comp.length);
        assertEquals(5, comp[0].length);
        double[][] t = Cli.read(out.resolve("transformed.npy"));
        assertEquals(50, t.length);
        assertEquals(2, t[0].length);
        double[] lambda = new double[5];
        org.decomp4j.apps.PcaTest.oracle(x, lambda);
        double[] ev = Cli.readVector(out.resolve("explained_variance.npy"));
        assertEquals(lambda[0], ev[0], 1e-10 * lambda[0]);
        assertEquals(lambda[1], ev[1], 1e-10 * lambda[0]);
        assertEquals(5, Cli.readVector(out.resolve("mean.npy")).length);
        // variance fraction and the human scree table
        String text = Cli.run("pca", "--in", in, "--variance", 0.95).ok();
        assertTrue(text.contains("cumulative"), text);
        // built-in data: two hidden factors carry most of the variance
        Map<String, Object> d = Cli.run("pca", "--json").json();
        double[] ratio = Cli.doubles(d.get("explained_variance_ratio"));
        assertTrue(ratio[0] + ratio[1] > 0.9, d.toString());
    }

    @Test
    void pcaRefusesBadInput(@TempDir Path dir) throws IOException {
        Path in = Cli.npy(dir, "x.npy", org.decomp4j.apps.PcaTest.data(10, 3, 2));
        assertTrue(Cli.run("pca", "--in", in, "--components", 4).fails(ExitCodes.BAD_INPUT)
                .contains("n_components=4 exceeds min(n_samples, n_features) = 3"));
        Cli.run("pca", "--in", in, "--variance", 1.5).fails(ExitCodes.BAD_INPUT);
        assertTrue(Cli.run("pca", "--in", in, "--solver", "arpack").fails(ExitCodes.BAD_INPUT).contains("auto, full"));
        Path ragged = Cli.csv(dir, "r.csv", "1,2,3\n4,5\n6,7,8\n");
        assertTrue(Cli.run("pca", "--in", ragged).fails(ExitCodes.BAD_INPUT).contains("r.csv: line 2"));
    }

    @Test
    void recommendBeatsTheBaselineOnTheBuiltInRatings() {
        // the embedded 2000 × 1500 set with its default rank 8 (hard-impute); a looser tolerance keeps the
        // test short
        Map<String, Object> j = Cli.run("recommend", "--tolerance", 1e-4, "--user", "u7", "--top", 5, "--json")
                .json();
        double rmse = (Double) j.get("rmse");
        double base = (Double) j.get("baseline_rmse");
        assertTrue(rmse < 0.75 * base, "rmse " + rmse + " baseline " + base);
        assertTrue((Double) j.get("mae") < (Double) j.get("baseline_mae"));
        assertEquals(Boolean.TRUE, j.get("converged"));
        assertTrue((Double) j.get("iterations") >= 2);
        assertEquals(2000.0, j.get("users"));
        assertEquals(1500.0, j.get("items"));
        assertEquals(5, ((List<?>) j.get("recommendations")).size());
        assertEquals(Boolean.FALSE, j.get("cold_start"));
    }

    @Test
    void recommendReadsMovieLensAndCsvWithStringIds(@TempDir Path dir) throws IOException {
        StringBuilder tsv = new StringBuilder();
        StringBuilder csv = new StringBuilder("user,item,rating,timestamp\n");
        // 12 users × 8 items of a rank-1 taste: users 0-5 like items 0-3, users 6-11 items 4-7
        for (int u = 0; u < 12; u++) {
            for (int i = 0; i < 8; i++) {
                if ((u + i) % 3 == 0) {
                    continue; // a third unobserved
                }
                int r = (u < 6) == (i < 4) ? 5 : 1;
                tsv.append(u + 1).append('\t').append(100 + i).append('\t').append(r).append("\t881250949\n");
                csv.append("user").append(u).append(",film ").append((char) ('A' + i)).append(',').append(r).append('\n');
            }
        }
        Path data = Cli.csv(dir, "u.data", tsv.toString());
        Map<String, Object> j = Cli.run("recommend", "--ratings", data, "--rank", 2, "--test-fraction", 0,
                "--user", "1", "--top", 2, "--json").json();
        assertEquals(64.0, j.get("ratings"));
        assertEquals(null, j.get("rmse"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> recs = (List<Map<String, Object>>) j.get("recommendations");
        // user 1 (index 0) rated items 101, 102, 104, 105, 107; left: 100 (liked, unrated because 0+0 ≡ 0),
        // 103 (liked), 106 (disliked)
        assertEquals(2, recs.size());
        assertTrue(List.of("100", "103").contains(recs.get(0).get("item")), recs.toString());
        assertTrue(List.of("100", "103").contains(recs.get(1).get("item")), recs.toString());
        Path c = Cli.csv(dir, "r.csv", csv.toString());
        Map<String, Object> k = Cli.run("recommend", "--ratings", c, "--rank", 2, "--split", "per-user",
                "--test-fraction", 0.25, "--user", "newcomer", "--json").json();
        assertEquals(Boolean.TRUE, k.get("cold_start"));
        assertFalse(((List<?>) k.get("recommendations")).isEmpty());
        String text = Cli.run("recommend", "--ratings", c, "--rank", 2, "--user", "newcomer").ok();
        assertTrue(text.contains("cold start"), text);
    }

    @Test
    void recommendRefusesBadInput(@TempDir Path dir) throws IOException {
        Path empty = Cli.csv(dir, "empty.csv", "user,item,rating\n");
        assertTrue(Cli.run("recommend", "--ratings", empty).fails(ExitCodes.BAD_INPUT).contains("no ratings"));
        Path ragged = Cli.csv(dir, "ragged.csv", "a,x,4\nb,y\n");
        assertTrue(Cli.run("recommend", "--ratings", ragged).fails(ExitCodes.BAD_INPUT)
                .contains("ragged.csv: line 2"));
        Path bad = Cli.csv(dir, "bad.csv", "a,x,4\nb,y,five\n");
        assertTrue(Cli.run("recommend", "--ratings", bad).fails(ExitCodes.BAD_INPUT).contains("'five' is not a number"));
        Path small = Cli.csv(dir, "small.csv", "a,x,4\nb,y,3\nc,x,2\n");
        assertTrue(Cli.run("recommend", "--ratings", small, "--rank", 3).fails(ExitCodes.BAD_INPUT)
                .contains("rank 3 exceeds min(users, items) = 2"));
        Cli.run("recommend", "--ratings", small, "--split", "sideways").fails(ExitCodes.BAD_INPUT);
        Cli.run("recommend", "--ratings", small, "--test-fraction", 1).fails(ExitCodes.BAD_INPUT);
    }
}
