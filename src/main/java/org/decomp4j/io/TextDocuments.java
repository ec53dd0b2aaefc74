package org.decomp4j.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Plain-text documents: every regular, non-hidden file of a folder (sorted by name, each file one
 * document named by its file name), or one file with one document per non-blank line (named
 * {@code line N}, N its 1-based line number). Text is read as UTF-8; a line is at most
 * {@link TextLines#MAX_LINE_BYTES} bytes and a document at most {@link #MAX_DOCUMENT_BYTES}.
 */
public final class TextDocuments {
    /**
     * The longest document read, in characters (about bytes for most text): 64 MiB, as long as a
     * line of the other text readers; a corpus of bigger documents would not fit a term matrix.
     */
    static final long MAX_DOCUMENT_BYTES = TextLines.MAX_LINE_BYTES;

    private TextDocuments() {
    }

    /** A document and its name. */
    public record Named(String name, String text) {
    }

    /**
     * Reads the documents at {@code path}.
     *
     * @param path a folder (one document per file) or a file (one document per non-blank line)
     * @return the documents, in name or line order, at least one
     * @throws java.nio.file.NoSuchFileException if {@code path} does not exist
     * @throws MatrixFormatException if there is no document (an empty folder or file), or a file is
     *     not valid UTF-8
     * @throws IOException if reading fails
     */
    public static List<Named> read(Path path) throws IOException {
        List<Named> docs = new ArrayList<>();
        if (Files.isDirectory(path)) {
            List<Path> files;
            try (Stream<Path> s = Files.list(path)) {
                files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                        .sorted().toList();
            }
            for (Path f : files) {
                docs.add(new Named(f.getFileName().toString(), text(f)));
            }
        } else {
            // One document per line, read as a stream: bounded lines, one open (a FIFO works).
            try (TextLines in = new TextLines(path)) {
                String line;
                while ((line = in.next()) != null) {
                    if (!line.isBlank()) {
                        docs.add(new Named("line " + in.number(), line));
                    }
                }
            }
        }
        if (docs.isEmpty()) {
            throw new MatrixFormatException(path, Files.isDirectory(path) ? "no documents: the folder has no files"
                    : "no documents: the file has no non-blank line");
        }
        return docs;
    }

    /** A whole file as one document, at most {@link #MAX_DOCUMENT_BYTES} (so /dev/zero cannot exhaust the heap). */
    private static String text(Path f) throws IOException {
        StringBuilder sb = new StringBuilder();
        long bytes = 0;
        try (TextLines in = new TextLines(f)) {
            String line;
            while ((line = in.next()) != null) {
                bytes += line.length() + 1L;
                if (bytes > MAX_DOCUMENT_BYTES) {
                    throw new MatrixFormatException(f, in.number(), -1, "document longer than "
                            + IoSupport.formatBytes(MAX_DOCUMENT_BYTES) + ", the longest one read");
                }
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append(line);
            }
        }
        return sb.toString();
    }
}
