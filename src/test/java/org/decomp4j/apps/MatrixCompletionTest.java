package org.decomp4j.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class MatrixCompletionTest {

    /** RMSE of the model against the planted noise-free scores on every cell not in the training set. */
    private static double rmseOnUnobserved(MatrixCompletion.Model model, Ratings.Planted p, Ratings train,
                                           boolean baseline) {
        boolean[] observed = new boolean[p.users() * p.items()];
        for (int e = 0; e < train.size(); e++) {
            observed[index(p, train, e)] = true;
        }
        double se = 0;
        int count = 0;
        for (int a = 0; a < train.users(); a++) {
            String uid = train.userId(a);
            for (int i = 0; i < train.items(); i++) {
                String iid = train.itemId(i);
                double t = p.truth(uid, iid);
                int cell = (Integer.parseInt(uid.substring(1)) - 1) * p.items() + Integer.parseInt(iid.substring(1)) - 1;
                if (observed[cell]) {
                    continue;
                }
                double e = (baseline ? model.baseline(a, i) : model.predict(a, i)) - t;
                se += e * e;
                count++;
            }
        }
        return Math.sqrt(se / count);
    }

    private static int index(Ratings.Planted p, Ratings r, int e) {
        int u = Integer.parseInt(r.userId(r.user(e)).substring(1)) - 1;
        int i = Integer.parseInt(r.itemId(r.item(e)).substring(1)) - 1;
        return u * p.items() + i;
    }

    @Test
    void hardImputeRecoversAPlantedLowRankMatrix() {
        // 300 users × 200 items, rank 3, 20% observed, noise 0.1, unrounded. The damped biases differ
        // from the planted ones by a user vector and an item vector, which adds rank 2 to the
        // residual: rank 3 + 2 = 5 recovers it.
        Ratings.Planted p = Ratings.planted(300, 200, 3, 0.2, 0.1, false, 5);
        Ratings.Split split = p.ratings().split(0.1, Ratings.SplitMode.RANDOM, 1);
        List<Long> iters = new ArrayList<>();
        MatrixCompletion.Model model = MatrixCompletion.fit(split.train(), MatrixCompletion.Options.hardImpute(5),
                (done, total, msg) -> iters.add(done));
        assertTrue(model.converged(), "converged in " + model.iterations());
        assertEquals(model.iterations(), iters.size(), "one progress report per iteration");
        double full = rmseOnUnobserved(model, p, split.train(), false);
        double base = rmseOnUnobserved(model, p, split.train(), true);
        MatrixCompletion.Evaluation e = model.evaluate(split.test());
        System.out.printf(java.util.Locale.ROOT, "hard: iters %d, unobserved rmse %.4f (baseline %.4f); test rmse %.4f mae %.4f baseline %.4f%n",
                model.iterations(), full, base, e.rmse(), e.mae(), e.baselineRmse());
        // noise 0.1 per rating; the lightest users have only 5 ratings for 5 unknowns of their row, so
        // the stated bound is 0.2 (measured 0.167), against 0.91 for the biases alone
        assertTrue(full < 0.2, "RMSE against the planted matrix on unobserved cells " + full);
        assertTrue(full < 0.25 * base, full + " vs baseline " + base);
        assertTrue(e.rmse() < 0.5 * e.baselineRmse(), e.toString());
    }

    @Test
    void softImputeBeatsTheBaselineOnRoundedRatings() {
        Ratings.Planted p = Ratings.planted(400, 300, 4, 0.1, 0.3, true, 8);
        Ratings.Split split = p.ratings().split(0.2, Ratings.SplitMode.PER_USER, 3);
        MatrixCompletion.Model model = MatrixCompletion.fit(split.train(),
                MatrixCompletion.Options.softImpute(8, 4.0), null);
        MatrixCompletion.Evaluation e = model.evaluate(split.test());
        System.out.printf(java.util.Locale.ROOT, "soft: iters %d rank %d; test rmse %.4f mae %.4f baseline %.4f / %.4f%n",
                model.iterations(), model.rank(), e.rmse(), e.mae(), e.baselineRmse(), e.baselineMae());
        assertTrue(model.converged());
        assertTrue(e.rmse() < 0.85 * e.baselineRmse(), e.toString());
        assertTrue(e.mae() < e.baselineMae(), e.toString());
    }

    @Test
    void recommendationsLeaveOutRatedItemsAndRankByPrediction() {
        Ratings.Planted p = Ratings.planted(200, 120, 2, 0.2, 0.05, false, 4);
        MatrixCompletion.Model model = MatrixCompletion.fit(p.ratings(), MatrixCompletion.Options.hardImpute(4), null);
        Ratings r = p.ratings();
        int[] rated = r.itemsOf(0);
        List<MatrixCompletion.Scored> top = model.recommend(0, 10, rated);
        assertEquals(10, top.size());
        for (int j = 0; j < top.size(); j++) {
            assertTrue(java.util.Arrays.binarySearch(rated, top.get(j).item()) < 0, "rated item recommended");
            if (j > 0) {
                assertTrue(top.get(j - 1).score() >= top.get(j).score());
            }
        }
        // the best unrated item by the model is among the planted truth's top five unrated items
        List<Double> truths = new ArrayList<>();
        for (int i = 0; i < r.items(); i++) {
            if (java.util.Arrays.binarySearch(rated, i) < 0) {
                truths.add(p.truth(r.userId(0), r.itemId(i)));
            }
        }
        truths.sort(java.util.Collections.reverseOrder());
        assertTrue(p.truth(r.userId(0), r.itemId(top.get(0).item())) >= truths.get(4));
        assertTrue(r.userIndex("nobody").isEmpty());
        assertEquals(5, model.popular(5).size());
    }

    @Test
    void splitsAreSeededAndPerUserKeepsEveryUser() {
        Ratings r = Ratings.planted(50, 40, 2, 0.2, 0.1, true, 1).ratings();
        Ratings.Split a = r.split(0.3, Ratings.SplitMode.RANDOM, 9);
        Ratings.Split b = r.split(0.3, Ratings.SplitMode.RANDOM, 9);
        assertEquals(Math.round(0.3 * r.size()), a.test().size());
        assertEquals(r.size(), a.train().size() + a.test().size());
        for (int e = 0; e < a.test().size(); e++) {
            assertEquals(a.test().user(e), b.test().user(e));
            assertEquals(a.test().item(e), b.test().item(e));
        }
        Ratings.Split pu = r.split(0.5, Ratings.SplitMode.PER_USER, 2);
        boolean[] hasTrain = new boolean[r.users()];
        for (int e = 0; e < pu.train().size(); e++) {
            hasTrain[pu.train().user(e)] = true;
        }
        for (boolean h : hasTrain) {
            assertTrue(h, "every user keeps a training rating");
        }
    }

    @Test
    void badInputIsRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Ratings.of(new String[0], new String[0], new double[0]));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Ratings.of(new String[] {"a"}, new String[] {"x"}, new double[] {Double.NaN}));
        Ratings r = Ratings.of(new String[] {"a", "b", "a"}, new String[] {"x", "y", "x"}, new double[] {1, 2, 3});
        assertEquals(2, r.size()); // the repeated (a, x) keeps its last rating
        assertEquals(3.0, r.value(0));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> MatrixCompletion.fit(r, MatrixCompletion.Options.hardImpute(3), null));
        assertTrue(e.getMessage().contains("rank 3 exceeds min(users, items) = 2"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> MatrixCompletion.Options.softImpute(2, -1));
        java.nio.file.Path ragged = dir.resolve("r.csv");
        java.nio.file.Files.writeString(ragged, "u,i,r\n1,2,3\n1,2,3,4,5\n");
        org.decomp4j.io.MatrixFormatException f = org.junit.jupiter.api.Assertions.assertThrows(
                org.decomp4j.io.MatrixFormatException.class, () -> org.decomp4j.io.RatingsFiles.read(ragged));
        assertTrue(f.getMessage().contains("line 3") && f.getMessage().contains("found 5"), f.getMessage());
        java.nio.file.Path empty = dir.resolve("e.tsv");
        java.nio.file.Files.writeString(empty, "\n# nothing\n");
        f = org.junit.jupiter.api.Assertions.assertThrows(org.decomp4j.io.MatrixFormatException.class,
                () -> org.decomp4j.io.RatingsFiles.read(empty));
        assertTrue(f.getMessage().contains("no ratings"), f.getMessage());
    }
}
