package org.decomp4j.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Plain-text documents: every regular, non-hidden file of a folder (sorted by name, each file one
 * document named by its file name), or one file with one document per non-blank line (named
 * {@code line N}, N its 1-based line number). Text is read as UTF-8.
 */
public final class TextDocuments {
    private TextDocuments() {
    }

    /** A document and its name. */
    public record Named(String name, String text) {
    }

    /**
     * Reads the documents at {@code path}.
     *
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
            String[] lines = text(path).split("\r\n|\n|\r", -1);
            for (int i = 0; i < lines.length; i++) {
                if (!lines[i].isBlank()) {
                    docs.add(new Named("line " + (i + 1), lines[i]));
                }
            }
        }
        if (docs.isEmpty()) {
            throw new MatrixFormatException(path, Files.isDirectory(path) ? "no documents: the folder has no files"
                    : "no documents: the file has no non-blank line");
        }
        return docs;
    }

    private static String text(Path f) throws IOException {
        byte[] bytes = Files.readAllBytes(f);
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new MatrixFormatException(f, "not UTF-8 text");
        }
    }
}
