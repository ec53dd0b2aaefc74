package org.decomp4j.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Ratings files: one rating per line as {@code user,item,rating[,timestamp]} (comma-separated,
 * an optional header line whose rating field is not a number) or the tab-separated MovieLens
 * {@code u.data} layout {@code user item rating timestamp}. Ids are kept as strings, so integer
 * and string ids both work. The delimiter is taken from the first non-blank line: a tab if it has
 * one, else a comma. Blank lines and lines starting with {@code #} are skipped.
 */
public final class RatingsFiles {
    private RatingsFiles() {
    }

    /** The ratings read, in file order: {@code users[i]} rated {@code items[i]} with {@code ratings[i]}. */
    public record Triples(String[] users, String[] items, double[] ratings) {
        /**
         * Number of ratings.
         *
         * @return the number of triples, ≥ 1 when read from a file
         */
        public int size() {
            return ratings.length;
        }
    }

    /**
     * Reads a ratings file.
     *
     * @param file a ratings file (comma- or tab-separated), or a FIFO
     * @return the ratings in file order, on the heap
     * @throws java.nio.file.NoSuchFileException if the file is missing
     * @throws MatrixFormatException naming line and field if a line does not have 3 or 4 fields, an
     *     id is empty, or a rating is not a finite number; or if the file holds no rating
     * @throws IOException if reading fails
     */
    public static Triples read(Path file) throws IOException {
        List<String> users = new ArrayList<>();
        List<String> items = new ArrayList<>();
        double[] ratings = new double[1024];
        int n = 0;
        String delimiter = null;
        // TextLines: one open (a FIFO works), bounded lines, and "not UTF-8 text" at the exact
        // line instead of a decoder's "Input length = 1".
        try (TextLines in = new TextLines(file)) {
            String line;
            boolean first = true;
            while ((line = in.next()) != null) {
                long lineNo = in.number();
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                if (delimiter == null) {
                    delimiter = t.indexOf('\t') >= 0 ? "\t" : ",";
                }
                String[] f = t.split(delimiter, -1);
                if (f.length < 3 || f.length > 4) {
                    throw new MatrixFormatException(file, lineNo, Math.min(f.length + 1, 5), String.format(
                            "expected 3 or 4 %s-separated fields (user, item, rating[, timestamp]), found %d",
                            delimiter.equals("\t") ? "tab" : "comma", f.length));
                }
                String user = f[0].strip();
                String item = f[1].strip();
                String value = f[2].strip();
                double r;
                try {
                    r = Numbers.parse(value);
                } catch (NumberFormatException e) {
                    // A header such as user,item,rating,timestamp: its rating field is a word. A
                    // damaged first rating ("4.5x", "1.2.3") is an error, not a header to drop.
                    if (first && isWord(value)) {
                        first = false;
                        continue;
                    }
                    throw new MatrixFormatException(file, lineNo, 3, "rating '" + value + "' is not a number");
                }
                first = false;
                if (!Double.isFinite(r)) {
                    throw new MatrixFormatException(file, lineNo, 3, "rating '" + value + "' is not finite");
                }
                if (user.isEmpty() || item.isEmpty()) {
                    throw new MatrixFormatException(file, lineNo, user.isEmpty() ? 1 : 2, "empty "
                            + (user.isEmpty() ? "user" : "item") + " id");
                }
                users.add(user);
                items.add(item);
                if (n == ratings.length) {
                    ratings = java.util.Arrays.copyOf(ratings, 2 * n);
                }
                ratings[n++] = r;
            }
        }
        if (n == 0) {
            throw new MatrixFormatException(file, "no ratings: expected lines of user,item,rating[,timestamp]"
                    + " or the tab-separated MovieLens u.data layout");
        }
        return new Triples(users.toArray(String[]::new), items.toArray(String[]::new),
                java.util.Arrays.copyOf(ratings, n));
    }

    /** A column name: letters, digits and '_' starting with a letter (nan and inf are numbers, parsed first). */
    private static boolean isWord(String s) {
        return !s.isEmpty() && Character.isLetter(s.charAt(0))
                && s.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == ' ');
    }
}
