package org.decomp4j.apps;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;

/**
 * Observed ratings of a users × items matrix: entry {@code e} says user {@code user(e)} rated item
 * {@code item(e)} with {@code value(e)}. Unobserved cells are unknown, not zero. Ids are strings,
 * numbered 0.. in order of first appearance; subsets made by {@link #split} share the id tables,
 * so a user keeps its row in every subset. A (user, item) pair given twice keeps its last rating.
 *
 * <p>Immutable.
 */
public final class Ratings {
    private final String[] userIds;
    private final String[] itemIds;
    private final Map<String, Integer> userIndex;
    private final Map<String, Integer> itemIndex;
    private final int[] user;
    private final int[] item;
    private final double[] value;

    private Ratings(String[] userIds, String[] itemIds, Map<String, Integer> userIndex,
                    Map<String, Integer> itemIndex, int[] user, int[] item, double[] value) {
        this.userIds = userIds;
        this.itemIds = itemIds;
        this.userIndex = userIndex;
        this.itemIndex = itemIndex;
        this.user = user;
        this.item = item;
        this.value = value;
    }

    /**
     * Ratings from parallel arrays of ids and values.
     *
     * @param users the user id of each rating; not kept
     * @param items the item id of each rating; not kept
     * @param values the ratings, finite; not kept
     * @return the ratings, users and items indexed in order of first appearance
     * @throws IllegalArgumentException if the arrays differ in length, are empty, or a value is
     *     not finite
     */
    public static Ratings of(String[] users, String[] items, double[] values) {
        if (users.length != items.length || users.length != values.length) {
            throw new IllegalArgumentException(String.format("%d users, %d items and %d values: they must match",
                    users.length, items.length, values.length));
        }
        if (values.length == 0) {
            throw new IllegalArgumentException("no ratings: matrix completion needs at least one observed rating");
        }
        Map<String, Integer> ui = new HashMap<>();
        Map<String, Integer> ii = new HashMap<>();
        List<String> uid = new ArrayList<>();
        List<String> iid = new ArrayList<>();
        Map<Long, Integer> seen = new HashMap<>();
        int[] u = new int[values.length];
        int[] it = new int[values.length];
        double[] v = new double[values.length];
        int n = 0;
        for (int e = 0; e < values.length; e++) {
            if (!Double.isFinite(values[e])) {
                throw new IllegalArgumentException("rating " + e + " (user " + users[e] + ", item " + items[e]
                        + ") is not finite: " + values[e]);
            }
            int a = ui.computeIfAbsent(users[e], k -> {
                uid.add(k);
                return uid.size() - 1;
            });
            int b = ii.computeIfAbsent(items[e], k -> {
                iid.add(k);
                return iid.size() - 1;
            });
            Integer at = seen.putIfAbsent(((long) a << 32) | b, n);
            if (at != null) {
                v[at] = values[e];
                continue;
            }
            u[n] = a;
            it[n] = b;
            v[n] = values[e];
            n++;
        }
        return new Ratings(uid.toArray(String[]::new), iid.toArray(String[]::new), ui, ii,
                Arrays.copyOf(u, n), Arrays.copyOf(it, n), Arrays.copyOf(v, n));
    }

    /**
     * Number of ratings.
     *
     * @return the count, ≥ 0
     */
    public int size() {
        return value.length;
    }

    /**
     * Number of users (rows), including users without a rating in this subset.
     *
     * @return the user count
     */
    public int users() {
        return userIds.length;
    }

    /**
     * Number of items (columns).
     *
     * @return the item count
     */
    public int items() {
        return itemIds.length;
    }

    /**
     * User index of rating {@code e}.
     *
     * @param e the rating, in {@code [0, size())}
     * @return the user index
     */
    public int user(int e) {
        return user[e];
    }

    /**
     * Item index of rating {@code e}.
     *
     * @param e the rating, in {@code [0, size())}
     * @return the item index
     */
    public int item(int e) {
        return item[e];
    }

    /**
     * Value of rating {@code e}.
     *
     * @param e the rating, in {@code [0, size())}
     * @return the value
     */
    public double value(int e) {
        return value[e];
    }

    /**
     * The id of user {@code u}.
     *
     * @param u the user index, in {@code [0, users())}
     * @return the id as read
     */
    public String userId(int u) {
        return userIds[u];
    }

    /**
     * The id of item {@code i}.
     *
     * @param i the item index, in {@code [0, items())}
     * @return the id as read
     */
    public String itemId(int i) {
        return itemIds[i];
    }

    /**
     * The index of a user id, empty if unknown (cold start).
     *
     * @param id a user id
     * @return the index, or empty
     */
    public OptionalInt userIndex(String id) {
        Integer i = userIndex.get(id);
        return i == null ? OptionalInt.empty() : OptionalInt.of(i);
    }

    /**
     * The index of an item id, empty if unknown.
     *
     * @param id an item id
     * @return the index, or empty
     */
    public OptionalInt itemIndex(String id) {
        Integer i = itemIndex.get(id);
        return i == null ? OptionalInt.empty() : OptionalInt.of(i);
    }

    /**
     * Smallest rating value.
     *
     * @return the minimum, or NaN when empty
     */
    public double min() {
        return Arrays.stream(value).min().orElse(Double.NaN);
    }

    /**
     * Largest rating value.
     *
     * @return the maximum, or NaN when empty
     */
    public double max() {
        return Arrays.stream(value).max().orElse(Double.NaN);
    }

    /**
     * The items user {@code u} rated here (a sorted copy).
     *
     * @param u the user index, in {@code [0, users())}
     * @return a new sorted array of item indices
     */
    public int[] itemsOf(int u) {
        return java.util.stream.IntStream.range(0, size()).filter(e -> user[e] == u).map(e -> item[e]).sorted()
                .toArray();
    }

    /** How held-out ratings are drawn. */
    public enum SplitMode {
        /** A seeded random {@code fraction} of all ratings. */
        RANDOM,
        /** For each user, a seeded random {@code fraction} of that user's ratings, never all of them. */
        PER_USER;

        /**
         * Parses {@code random} or {@code per-user}.
         *
         * @param s {@code random} or {@code per-user}, any case
         * @return the mode
         */
        public static SplitMode parse(String s) {
            return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "random" -> RANDOM;
                case "per-user", "per_user", "peruser" -> PER_USER;
                default -> throw new IllegalArgumentException("unknown split '" + s + "': use random or per-user");
            };
        }
    }

    /** A training set and a held-out test set over the same ids. */
    public record Split(Ratings train, Ratings test) {
    }

    /**
     * Holds out {@code fraction} of the ratings (rounded to whole ratings).
     *
     * @param fraction the share held out, in {@code [0, 1)}
     * @param mode RANDOM or PER_USER
     * @param seed seed of the draw
     * @return training and test sets over the same ids
     * @throws IllegalArgumentException unless {@code 0 ≤ fraction < 1}
     */
    public Split split(double fraction, SplitMode mode, long seed) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("the test fraction must be in [0, 1), got " + fraction);
        }
        Random rnd = new Random(seed);
        boolean[] test = new boolean[size()];
        if (mode == SplitMode.RANDOM) {
            int[] order = permutation(size(), rnd);
            int t = (int) Math.round(fraction * size());
            for (int e = 0; e < t; e++) {
                test[order[e]] = true;
            }
        } else {
            List<List<Integer>> byUser = new ArrayList<>();
            for (int u = 0; u < users(); u++) {
                byUser.add(new ArrayList<>());
            }
            for (int e = 0; e < size(); e++) {
                byUser.get(user[e]).add(e);
            }
            for (List<Integer> es : byUser) {
                java.util.Collections.shuffle(es, rnd);
                int t = Math.min((int) Math.round(fraction * es.size()), es.size() - 1);
                for (int j = 0; j < t; j++) {
                    test[es.get(j)] = true;
                }
            }
        }
        return new Split(subset(test, false), subset(test, true));
    }

    private Ratings subset(boolean[] test, boolean want) {
        int n = 0;
        for (boolean b : test) {
            if (b == want) {
                n++;
            }
        }
        int[] u = new int[n];
        int[] it = new int[n];
        double[] v = new double[n];
        int k = 0;
        for (int e = 0; e < test.length; e++) {
            if (test[e] == want) {
                u[k] = user[e];
                it[k] = item[e];
                v[k] = value[e];
                k++;
            }
        }
        return new Ratings(userIds, itemIds, userIndex, itemIndex, u, it, v);
    }

    private static int[] permutation(int n, Random rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /**
     * A planted data set: {@code users × items} ratings on the 1–5 scale from a global mean 3.6,
     * user and item biases, a rank-{@code rank} taste structure and noise, rounded to whole stars;
     * about {@code density·items} ratings per user, items drawn with a popularity skew. Ids
     * {@code u1…}, {@code i1…}. Returns the observed ratings; {@link Planted#truth} gives the
     * noise-free scores of every cell (row-major users × items) for tests.
     *
     * @param users user count
     * @param items item count
     * @param rank the taste structure's rank
     * @param density the expected fraction of items each user rates
     * @param noise the noise's standard deviation
     * @param round whether to round to whole stars
     * @param seed seed of everything drawn
     * @return the observed ratings and the truth
     */
    public static Planted planted(int users, int items, int rank, double density, double noise, boolean round,
                                  long seed) {
        Random rnd = new Random(seed);
        double[] bu = new double[users];
        double[] bi = new double[items];
        double[][] a = new double[users][rank];
        double[][] c = new double[items][rank];
        double scale = 0.9 / Math.sqrt(rank);
        for (int u = 0; u < users; u++) {
            bu[u] = 0.3 * rnd.nextGaussian();
            for (int r = 0; r < rank; r++) {
                a[u][r] = rnd.nextGaussian();
            }
        }
        double[] weight = new double[items];
        double wsum = 0;
        for (int i = 0; i < items; i++) {
            bi[i] = 0.4 * rnd.nextGaussian();
            for (int r = 0; r < rank; r++) {
                c[i][r] = scale * rnd.nextGaussian();
            }
            weight[i] = Math.pow(i + 30, -0.7);
            wsum += weight[i];
        }
        double[] cum = new double[items];
        double acc = 0;
        int[] itemOrder = permutation(items, rnd); // popularity independent of the taste factors
        for (int i = 0; i < items; i++) {
            acc += weight[i] / wsum;
            cum[i] = acc;
        }
        double[] truth = new double[users * items];
        for (int u = 0; u < users; u++) {
            for (int i = 0; i < items; i++) {
                double s = 3.6 + bu[u] + bi[i];
                for (int r = 0; r < rank; r++) {
                    s += a[u][r] * c[i][r];
                }
                truth[u * items + i] = s;
            }
        }
        List<String> us = new ArrayList<>();
        List<String> is = new ArrayList<>();
        List<Double> vs = new ArrayList<>();
        double mean = density * items;
        for (int u = 0; u < users; u++) {
            // activity varies by a factor of about 4 either way around the mean
            int count = (int) Math.max(5, Math.min(items / 3, Math.round(mean * Math.exp(0.6 * rnd.nextGaussian()
                    - 0.18))));
            java.util.BitSet taken = new java.util.BitSet(items);
            int got = 0;
            while (got < count) {
                int k = Arrays.binarySearch(cum, rnd.nextDouble());
                int i = itemOrder[Math.min(items - 1, k < 0 ? -k - 1 : k)];
                if (taken.get(i)) {
                    continue;
                }
                taken.set(i);
                got++;
                double v = truth[u * items + i] + noise * rnd.nextGaussian();
                if (round) {
                    v = Math.max(1, Math.min(5, Math.round(v)));
                }
                us.add("u" + (u + 1));
                is.add("i" + (i + 1));
                vs.add(v);
            }
        }
        Ratings r = of(us.toArray(String[]::new), is.toArray(String[]::new),
                vs.stream().mapToDouble(Double::doubleValue).toArray());
        return new Planted(r, truth, users, items);
    }

    /** A planted data set and its truth (row-major users × items, indexed by the numeric ids). */
    public record Planted(Ratings ratings, double[] truth, int users, int items) {
        /**
         * The noise-free score of user id {@code uN} for item id {@code iN}.
         *
         * @param userId {@code u1} … {@code uN}
         * @param itemId {@code i1} … {@code iN}
         * @return the noise-free score
         */
        public double truth(String userId, String itemId) {
            int u = Integer.parseInt(userId.substring(1)) - 1;
            int i = Integer.parseInt(itemId.substring(1)) - 1;
            return truth[u * items + i];
        }
    }
}
