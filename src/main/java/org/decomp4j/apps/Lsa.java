package org.decomp4j.apps;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.decomp4j.Matrix;
import org.decomp4j.ProgressListener;
import org.decomp4j.Svd;
import org.decomp4j.lowrank.LowRankSvd;
import org.decomp4j.lowrank.SparseSvd;
import org.decomp4j.lowrank.SparseSvdOptions;
import org.decomp4j.sparse.CsrMatrix;

/**
 * Latent semantic analysis (Deerwester, Dumais, Furnas, Landauer &amp; Harshman, "Indexing by latent
 * semantic analysis", JASIS 41(6), 1990): documents become TF-IDF columns of a sparse
 * term×document matrix A, truncated to rank k by SVD, {@code A ≈ Uₖ·Σₖ·Vₖᵀ}; terms and documents
 * then live in k concept dimensions, where words that occur in the same contexts (synonyms) end
 * up close even if they never occur together.
 *
 * <ul>
 *   <li>Tokens: lower-case runs of letters and digits, at least 2 characters, without a short
 *       list of English stop words.</li>
 *   <li>Weights: {@code (1 + ln tf)·idf} with the smoothed {@code idf = ln((1 + N)/(1 + df)) + 1}
 *       (as scikit-learn's TfidfVectorizer with sublinear_tf), each document column scaled to
 *       unit length.</li>
 *   <li>Query folding: the query gets the same weights (idf of the corpus; unknown words
 *       ignored) and is projected as {@code q̂ = Σₖ⁻¹Uₖᵀq}, like a row of Vₖ; documents are ranked
 *       by the cosine of {@code Σₖq̂} and {@code Σₖvⱼ}.</li>
 * </ul>
 *
 * <pre>{@code
 * Lsa lsa = Lsa.fit(List.of(new Lsa.Document("a", "…"), …), 3);
 * List<Lsa.Hit> hits = lsa.query("automobile");        // best first
 * List<Lsa.TermWeight> t = lsa.topTerms(0, 8);         // the first concept's words
 * }</pre>
 *
 * <p>Cost: tokenising, then k triplets of the sparse terms×documents matrix by restarted Lanczos
 * (products cost O(non-zeros) each). Immutable; holds only Java arrays.
 */
public final class Lsa {
    private static final Set<String> STOP_WORDS = Set.of("a", "an", "and", "are", "as", "at", "be", "but", "by",
            "can", "do", "for", "from", "has", "have", "he", "her", "his", "in", "into", "is", "it", "its", "of",
            "on", "or", "our", "she", "so", "than", "that", "the", "their", "them", "then", "there", "these",
            "they", "this", "to", "up", "was", "we", "were", "what", "when", "which", "while", "who", "will",
            "with", "you", "your", "all", "also", "each", "more", "most", "some", "such", "no", "not", "only",
            "own", "same", "too", "very", "just", "over", "under", "again", "after", "before", "out", "off",
            "through", "until", "about", "any", "both", "few", "other", "one", "two", "if", "how", "why",
            "where", "been", "being", "had", "having", "does", "did", "would", "should", "could", "may",
            "might", "must", "shall", "us", "me", "my", "him", "i");

    /** A document: a name and its text. */
    public record Document(String name, String text) {
    }

    /** A ranked document: its index, name and cosine similarity to the query. */
    public record Hit(int document, String name, double cosine) {
    }

    /** A term and its weight in a concept. */
    public record TermWeight(String term, double weight) {
    }

    private final List<String> names;
    private final String[] terms;
    private final Map<String, Integer> termIndex;
    private final double[] idf;
    private final double[] sigma;  // k
    private final double[][] u;    // terms × k
    private final double[][] docs; // documents × k, Σₖ·vⱼ
    private final String method;

    private Lsa(List<String> names, String[] terms, Map<String, Integer> termIndex, double[] idf, double[] sigma,
                double[][] u, double[][] docs, String method) {
        this.names = names;
        this.terms = terms;
        this.termIndex = termIndex;
        this.idf = idf;
        this.sigma = sigma;
        this.u = u;
        this.docs = docs;
        this.method = method;
    }

    /**
     * The tokens of {@code text}: lower-case letter/digit runs of length ≥ 2, stop words removed.
     *
     * @param text any text
     * @return the tokens in text order, duplicates kept
     */
    public static List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        String lower = text.toLowerCase(Locale.ROOT);
        for (int i = 0; i <= lower.length(); i++) {
            int c = i < lower.length() ? lower.codePointAt(i) : ' ';
            if (Character.isLetterOrDigit(c)) {
                sb.appendCodePoint(c);
                if (Character.charCount(c) == 2) {
                    i++;
                }
            } else {
                if (sb.length() >= 2 && !STOP_WORDS.contains(sb.toString())) {
                    out.add(sb.toString());
                }
                sb.setLength(0);
            }
        }
        return out;
    }

    /**
     * Builds the model.
     *
     * @param documents the corpus, at least one document with a word; not kept
     * @param rank k, in {@code [1, min(terms, documents)]}
     * @return the fitted model, on the heap
     * @throws IllegalArgumentException if there is no document, no document has a word, or
     *     {@code rank} is not in {@code 1..min(terms, documents)}
     */
    public static Lsa fit(List<Document> documents, int rank) {
        return fit(documents, rank, ProgressListener.NONE);
    }

    /**
     * As {@link #fit(List, int)}, reporting each Lanczos restart of the sparse SVD to
     * {@code progress} (the dense path, for a rank equal to the smaller dimension, is one LAPACK call).
     *
     * @param documents the corpus, at least one document with a word; not kept
     * @param rank k, in {@code [1, min(terms, documents)]}
     * @param progress the listener, not {@code null}
     * @return the fitted model, on the heap
     */
    public static Lsa fit(List<Document> documents, int rank, ProgressListener progress) {
        java.util.Objects.requireNonNull(progress, "progress");
        if (documents.isEmpty()) {
            throw new IllegalArgumentException("LSA needs at least one document");
        }
        Map<String, Integer> index = new HashMap<>();
        TreeMap<String, Integer> sorted = new TreeMap<>();
        List<Map<String, Integer>> counts = new ArrayList<>();
        for (Document d : documents) {
            Map<String, Integer> c = new HashMap<>();
            for (String t : tokenize(d.text())) {
                c.merge(t, 1, Integer::sum);
                sorted.putIfAbsent(t, 0);
            }
            counts.add(c);
        }
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("no words in the " + documents.size() + " documents (tokens are runs of"
                    + " 2 or more letters or digits, stop words left out)");
        }
        String[] terms = sorted.keySet().toArray(String[]::new);
        for (int t = 0; t < terms.length; t++) {
            index.put(terms[t], t);
        }
        int nt = terms.length;
        int nd = documents.size();
        if (rank < 1 || rank > Math.min(nt, nd)) {
            throw new IllegalArgumentException(String.format(
                    "rank %d outside 1..%d: the term×document matrix is %d×%d (terms × documents)", rank,
                    Math.min(nt, nd), nt, nd));
        }
        int[] df = new int[nt];
        for (Map<String, Integer> c : counts) {
            for (String t : c.keySet()) {
                df[index.get(t)]++;
            }
        }
        double[] idf = new double[nt];
        for (int t = 0; t < nt; t++) {
            idf[t] = Math.log((1.0 + nd) / (1.0 + df[t])) + 1;
        }
        // column j: the weighted, unit-length document j (non-zeros only, as a sparse column)
        int[][] rows = new int[nd][];
        double[][] vals = new double[nd][];
        for (int j = 0; j < nd; j++) {
            Map<String, Integer> c = counts.get(j);
            rows[j] = new int[c.size()];
            vals[j] = new double[c.size()];
            int p = 0;
            for (Map.Entry<String, Integer> e : new TreeMap<>(c).entrySet()) {
                int t = index.get(e.getKey());
                rows[j][p] = t;
                vals[j][p] = (1 + Math.log(e.getValue())) * idf[t];
                p++;
            }
            normalize(vals[j]);
        }
        List<String> names = documents.stream().map(Document::name).toList();
        return decompose(names, terms, index, idf, rows, vals, rank, progress);
    }

    /**
     * The one place that picks the SVD method: the sparse term×document matrix
     * ({@link CsrMatrix}) through {@link SparseSvd} (restarted Lanczos bidiagonalisation) for its
     * k leading triplets; when k is the whole rank, the core's thin SVD of the dense matrix.
     */
    private static Lsa decompose(List<String> names, String[] terms, Map<String, Integer> index, double[] idf,
                                 int[][] rows, double[][] vals, int k, ProgressListener progress) {
        int nt = terms.length;
        int nd = names.size();
        int nnz = 0;
        for (int[] r : rows) {
            nnz += r.length;
        }
        int[] ri = new int[nnz];
        int[] ci = new int[nnz];
        double[] vv = new double[nnz];
        int p = 0;
        for (int j = 0; j < nd; j++) {
            for (int q = 0; q < rows[j].length; q++) {
                ri[p] = rows[j][q];
                ci[p] = j;
                vv[p] = vals[j][q];
                p++;
            }
        }
        double[] s;
        double[][] uk;
        double[][] vtk;
        String method;
        if (k < Math.min(nt, nd)) {
            CsrMatrix a = CsrMatrix.fromTriplets(nt, nd, ri, ci, vv);
            try (LowRankSvd r = SparseSvd.of(a, SparseSvdOptions.of(k).listener(progress))) {
                s = r.singularValues();
                uk = r.u().toArray();
                vtk = r.vt().toArray();
                method = r.method() + " on the sparse " + nt + "×" + nd + " term×document matrix (" + nnz
                        + " non-zeros)";
            }
        } else {
            double[] dense = new double[nt * nd];
            for (int e = 0; e < nnz; e++) {
                dense[ci[e] * nt + ri[e]] = vv[e];
            }
            try (Matrix a = Matrix.fromColumnMajor(nt, nd, dense); Svd svd = Svd.of(a)) {
                s = Arrays.copyOf(svd.singularValues(), k);
                uk = svd.u().toArray();
                vtk = svd.vt().toArray();
                method = "thin SVD (" + svd.routine() + ") of the dense " + nt + "×" + nd + " term×document matrix";
            }
        }
        double[][] u = new double[nt][k];
        double[][] docs = new double[nd][k];
        for (int c = 0; c < k; c++) {
            // the sign of a concept is arbitrary: make its largest-magnitude term weight positive
            int big = 0;
            for (int t = 0; t < nt; t++) {
                if (Math.abs(uk[t][c]) > Math.abs(uk[big][c])) {
                    big = t;
                }
            }
            double sign = uk[big][c] < 0 ? -1 : 1;
            for (int t = 0; t < nt; t++) {
                u[t][c] = sign * uk[t][c];
            }
            for (int j = 0; j < nd; j++) {
                docs[j][c] = sign * s[c] * vtk[c][j];
            }
        }
        return new Lsa(names, terms, index, idf, s, u, docs, method);
    }

    private static void normalize(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        if (s > 0) {
            double r = 1 / Math.sqrt(s);
            for (int i = 0; i < v.length; i++) {
                v[i] *= r;
            }
        }
    }

    /**
     * The rank k.
     *
     * @return k, ≥ 1
     */
    public int rank() {
        return sigma.length;
    }

    /**
     * The k leading singular values of the term×document matrix.
     *
     * @return a new array of k values, non-increasing
     */
    public double[] singularValues() {
        return sigma.clone();
    }

    /**
     * The vocabulary, sorted.
     *
     * @return an unmodifiable list of the terms
     */
    public List<String> terms() {
        return List.of(terms);
    }

    /**
     * The document names, in input order.
     *
     * @return the names, one per document
     */
    public List<String> documents() {
        return names;
    }

    /**
     * How the SVD was computed.
     *
     * @return the method in words, e.g. the sparse SVD's
     */
    public String method() {
        return method;
    }

    /**
     * Document {@code j} in concept space, {@code Σₖ·vⱼ} (a copy).
     *
     * @param j the document, in {@code [0, documents().size())}
     * @return a new array of k values
     */
    public double[] documentVector(int j) {
        return docs[j].clone();
    }

    /**
     * The query folded into concept space, {@code q̂ = Σₖ⁻¹Uₖᵀq} (k values).
     *
     * @param query any text; tokenized as the documents were
     * @return a new array of k values
     * @throws IllegalArgumentException if no word of the query occurs in the corpus
     */
    public double[] foldIn(String query) {
        double[] scaled = projectQuery(query);
        double[] out = new double[scaled.length];
        for (int c = 0; c < out.length; c++) {
            out[c] = sigma[c] == 0 ? 0 : scaled[c] / sigma[c];
        }
        return out;
    }

    /** {@code Uₖᵀq}. */
    private double[] projectQuery(String query) {
        Map<Integer, Integer> c = new TreeMap<>();
        List<String> unknown = new ArrayList<>();
        for (String t : tokenize(query)) {
            Integer i = termIndex.get(t);
            if (i == null) {
                unknown.add(t);
            } else {
                c.merge(i, 1, Integer::sum);
            }
        }
        if (c.isEmpty()) {
            throw new IllegalArgumentException("none of the query's words occurs in the corpus"
                    + (unknown.isEmpty() ? " (it has no word of 2 or more letters that is not a stop word)"
                    : ": " + String.join(", ", unknown)));
        }
        double[] w = new double[c.size()];
        int[] t = new int[c.size()];
        int p = 0;
        for (Map.Entry<Integer, Integer> e : c.entrySet()) {
            t[p] = e.getKey();
            w[p] = (1 + Math.log(e.getValue())) * idf[e.getKey()];
            p++;
        }
        normalize(w);
        double[] q = new double[sigma.length];
        for (int i = 0; i < t.length; i++) {
            for (int k = 0; k < q.length; k++) {
                q[k] += w[i] * u[t[i]][k];
            }
        }
        return q;
    }

    /**
     * All documents ranked by cosine similarity to the folded query, best first (ties keep input
     * order).
     *
     * @param query any text; tokenized as the documents were
     * @return one hit per document, best first
     * @throws IllegalArgumentException if no word of the query occurs in the corpus
     */
    public List<Hit> query(String query) {
        double[] q = projectQuery(query);
        List<Hit> hits = new ArrayList<>();
        for (int j = 0; j < docs.length; j++) {
            hits.add(new Hit(j, names.get(j), cosine(q, docs[j])));
        }
        hits.sort((a, b) -> Double.compare(b.cosine(), a.cosine()));
        return hits;
    }

    private static double cosine(double[] a, double[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return aa == 0 || bb == 0 ? 0 : ab / Math.sqrt(aa * bb);
    }

    /**
     * The {@code n} terms with the largest weight in concept {@code c} (its column of Uₖ, signed so
     * that the largest-magnitude weight is positive), largest first.
     *
     * @param c the concept, in {@code [0, k)}
     * @param n the most terms returned
     * @return at most {@code n} terms and weights, largest first
     * @throws IllegalArgumentException unless {@code 0 ≤ c < k}
     */
    public List<TermWeight> topTerms(int c, int n) {
        if (c < 0 || c >= sigma.length) {
            throw new IllegalArgumentException("concept " + c + " outside 0.." + (sigma.length - 1));
        }
        Integer[] order = new Integer[terms.length];
        for (int t = 0; t < order.length; t++) {
            order[t] = t;
        }
        Arrays.sort(order, (a, b) -> Double.compare(u[b][c], u[a][c]));
        List<TermWeight> out = new ArrayList<>();
        for (int i = 0; i < Math.min(n, order.length); i++) {
            out.add(new TermWeight(terms[order[i]], u[order[i]][c]));
        }
        return out;
    }

    /**
     * The corpus the CLI uses when no documents are given, written for this project: three topics
     * (cars, baking, astronomy), seven short documents each. Only two car documents say
     * "automobile", two baking ones "pastry" and two astronomy ones "cosmos"; LSA still ranks the
     * other documents of each topic above the rest for those words.
     *
     * @return 21 documents, seven per topic
     */
    public static List<Document> defaultCorpus() {
        return List.of(
            new Document("cars-1", "The mechanic checked the car engine, the brakes and the tyres before the long"
                    + " drive on the highway."),
            new Document("cars-2", "An automobile needs fuel, oil and a healthy engine; the driver keeps the car in"
                    + " the garage at night."),
            new Document("cars-3", "Our driver took the car onto the motorway; the engine roared and the wheels"
                    + " gripped the wet road."),
            new Document("cars-4", "Electric cars replace the petrol engine with a battery motor, and the driver"
                    + " charges the car in the garage."),
            new Document("cars-5", "The automobile industry builds every car with safety brakes, strong wheels and"
                    + " an efficient engine."),
            new Document("cars-6", "A flat tyre on the road: the driver changed the wheel, then the mechanic"
                    + " serviced the brakes and the engine."),
            new Document("cars-7", "Traffic on the highway slowed every car; the driver watched the fuel gauge and"
                    + " the engine temperature."),
            new Document("baking-1", "Mix the flour, butter and sugar, knead the dough, then bake the bread in a hot"
                    + " oven."),
            new Document("baking-2", "This pastry recipe folds cold butter into the dough; bake it in the oven until"
                    + " golden."),
            new Document("baking-3", "Sourdough bread needs flour, water, salt and a lively starter; the dough rises"
                    + " slowly before it goes into the oven."),
            new Document("baking-4", "For the cake, beat butter with sugar, add eggs and flour, and bake in a"
                    + " moderate oven."),
            new Document("baking-5", "Puff pastry and shortcrust both begin with flour and butter; the baker rolls"
                    + " the dough thin."),
            new Document("baking-6", "The baker shapes the bread dough, dusts it with flour and bakes loaves in the"
                    + " stone oven every morning."),
            new Document("baking-7", "Cookies need butter, sugar and flour; chill the dough, then bake the biscuits"
                    + " on a tray in the oven."),
            new Document("space-1", "The telescope revealed a distant galaxy of countless stars, far beyond the"
                    + " planets of our solar system."),
            new Document("space-2", "Astronomers study the cosmos: every star, planet and galaxy, through the"
                    + " telescope and the night sky."),
            new Document("space-3", "The moon orbits the planet while the planet orbits its star; the telescope"
                    + " follows the orbit across the night sky."),
            new Document("space-4", "A comet crossed the night sky, its bright tail visible in every telescope"
                    + " pointed at the stars."),
            new Document("space-5", "The cosmos holds billions of galaxy clusters; light from the farthest star"
                    + " travels for billions of years."),
            new Document("space-6", "Through the telescope the astronomer tracked the planet and its moon along"
                    + " their orbit around the star."),
            new Document("space-7", "Dark skies away from city light show the galaxy as a band of stars; a"
                    + " telescope shows planets and the moon.")
        );
    }
}
