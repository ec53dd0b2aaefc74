package org.decomp4j.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A set of result files that replaces the previous set in a directory whole or not at all, and
 * the file-system rules every multi-file writer of decomp4j shares: which names may become
 * output names ({@link #checkName}), hidden staging directories of a fixed-length name
 * ({@link #newStagingDirectory}), manifests that mark what decomp4j wrote ({@link Manifest}) and
 * the one tree deletion ({@link #deleteTree}), which never follows a symbolic link and never
 * leaves its root. Single files are written by {@link AtomicFiles}.
 *
 * <p><b>Commit.</b> {@link #commit} writes every member into a staging directory
 * {@code DIR/.decomp4j-<16 hex>/} first. Then, before any rename, it checks that each target
 * name is absent or a regular file (a directory or a symbolic link there fails the commit, the
 * directory untouched). It moves the previous set's regular files, as named by the manifest
 * {@value #MANIFEST} of the directory, and any regular file under a new member's name, into the
 * staging directory as a backup, moves the new members and the new manifest in, and deletes the
 * backup. If a move fails, the moves done so far are undone, so the previous set stays as it was.
 * Files that no manifest names are never touched, except one with a new member's name, which is
 * replaced. A process killed during the renames can leave a mix; the manifest then still names
 * the previous set until the new one is complete, and a killed process leaves at most a hidden
 * {@code .decomp4j-*} directory.
 *
 * <p>Without a manifest ({@link #beside}), for files written next to unrelated ones (an image
 * beside the user's others), the commit replaces only the files it names, with the same checks
 * and rollback.
 */
public final class OutputSet {
    /** The manifest naming the last set written into a directory by {@link #in}. */
    public static final String MANIFEST = ".decomp4j-set.json";
    /** Names starting so are decomp4j's own (staging directories, manifests) and never outputs. */
    public static final String RESERVED_PREFIX = ".decomp4j";
    /** Most file systems (ext4, xfs, btrfs, APFS, NTFS) allow 255 bytes per name. */
    public static final int MAX_NAME_BYTES = 255;

    private static final String STAGING_PREFIX = ".decomp4j-";
    private static final String BACKUP = ".decomp4j-previous";
    private static final String FORMAT = "decomp4j-manifest-1";
    private static final int MAX_MANIFEST_BYTES = 1 << 20;
    private static final int CREATE_ATTEMPTS = 16;

    /** Writes one member at the given path (in the staging directory). */
    @FunctionalInterface
    public interface Content {
        /**
         * Creates {@code file} with the member's bytes.
         *
         * @param file the member's path in the staging directory; absent until written
         * @throws IOException to abandon the whole set (nothing in the directory changes)
         */
        void writeTo(Path file) throws IOException;
    }

    /**
     * What a manifest records: the options that made a result and its members.
     *
     * @param options what was asked (command, job, input identity...), compared for equality
     * @param members the file names of the set, in order
     */
    public record Manifest(Map<String, String> options, List<String> members) {
        /**
         * Copies both, keeping their order.
         *
         * @param options what was asked; copied, order kept
         * @param members the member file names; copied, order kept
         */
        public Manifest {
            options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
            members = List.copyOf(members);
        }
    }

    private final Path dir;
    private final boolean manifest;
    private final Map<String, String> options = new LinkedHashMap<>();
    private final Map<String, Content> files = new LinkedHashMap<>();
    /** Test hook, run after the new members are in place and before the backup is deleted. */
    Runnable afterMoves = () -> { };

    private OutputSet(Path dir, boolean manifest) {
        this.dir = dir;
        this.manifest = manifest;
    }

    /**
     * A set that replaces the previous set of {@code dir} (as named by its {@value #MANIFEST})
     * and records itself in a new manifest.
     *
     * @param dir the directory the set replaces; created if absent
     * @return a new, empty set
     */
    public static OutputSet in(Path dir) {
        return new OutputSet(dir, true);
    }

    /**
     * A set of files written next to unrelated ones: replaces only the names it holds, no manifest.
     *
     * @param dir the directory the files go into; created if absent
     * @return a new, empty set
     */
    public static OutputSet beside(Path dir) {
        return new OutputSet(dir, false);
    }

    /**
     * Records {@code key = value} in the manifest (what made this set).
     *
     * @param key the option's name
     * @param value its value
     * @return this set
     */
    public OutputSet option(String key, String value) {
        options.put(key, value);
        return this;
    }

    /**
     * Adds a member.
     *
     * @param name the member's file name, checked by {@link #checkName}
     * @param content writes the member when the set is committed
     * @return this set
     * @throws IllegalArgumentException if {@code name} is not a valid output name ({@link #checkName})
     */
    public OutputSet add(String name, Content content) {
        checkName(name).ifPresent(why -> {
            throw new IllegalArgumentException("output name '" + printable(name) + "' " + why);
        });
        files.put(name, content);
        return this;
    }

    /**
     * The directory written into.
     *
     * @return the directory given at creation
     */
    public Path dir() {
        return dir;
    }

    /**
     * Writes the set, creating the directory if needed (see the class comment for the steps).
     * Cost: the members' own writes, then two renames per member and one per previous member.
     *
     * @return the member names, in the order added; empty (and nothing written) without members
     * @throws IOException if a member cannot be written, a target name is a directory or a
     *     symbolic link (a {@link FileSystemException} naming it), or a rename fails; the
     *     directory's previous files are then as they were
     */
    public List<String> commit() throws IOException {
        if (files.isEmpty()) {
            return List.of();
        }
        Path target = dir.toAbsolutePath().normalize();
        Files.createDirectories(target);
        Path stage = newStagingDirectory(target, STAGING_PREFIX);
        try {
            for (Map.Entry<String, Content> f : files.entrySet()) {
                f.getValue().writeTo(stage.resolve(f.getKey()));
            }
            List<String> incoming = new ArrayList<>(files.keySet());
            Set<String> previous = new LinkedHashSet<>(incoming);
            if (manifest) {
                readManifest(target.resolve(MANIFEST)).ifPresent(old -> old.members().stream()
                        .filter(n -> checkName(n).isEmpty()).forEach(previous::add));
                previous.add(MANIFEST);
                writeManifest(stage.resolve(MANIFEST), new Manifest(options, files.keySet().stream().toList()));
                incoming.add(MANIFEST); // last: the manifest names the new set only once it is complete
            }
            for (String name : incoming) {
                Path t = target.resolve(name);
                BasicFileAttributes a = lstat(t);
                if (a != null && !a.isRegularFile()) {
                    throw new FileSystemException(t.toString(), null, (a.isDirectory() ? "is a directory"
                            : a.isSymbolicLink() ? "is a symbolic link" : "is not a regular file")
                            + ", so it cannot be replaced; nothing was written");
                }
            }
            Path backup = Files.createDirectory(stage.resolve(BACKUP));
            List<String> saved = new ArrayList<>();
            List<String> placed = new ArrayList<>();
            try {
                for (String name : previous) {
                    Path t = target.resolve(name);
                    BasicFileAttributes a = lstat(t);
                    if (a != null && a.isRegularFile()) { // only our regular files; never through a link
                        Files.move(t, backup.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                        saved.add(name);
                    }
                }
                for (String name : incoming) {
                    Path t = target.resolve(name);
                    if (lstat(t) != null) {
                        throw new FileAlreadyExistsException(t.toString(), null, "appeared while writing the set");
                    }
                    Files.move(stage.resolve(name), t, StandardCopyOption.ATOMIC_MOVE);
                    placed.add(name);
                }
                afterMoves.run();
            } catch (IOException | RuntimeException | Error e) {
                rollBack(target, stage, backup, placed, saved, e);
                throw e;
            }
        } catch (IOException | RuntimeException | Error e) {
            try {
                deleteTree(stage);
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        deleteTree(stage);
        return List.copyOf(files.keySet());
    }

    /** Puts the directory back as it was: new members out, saved ones back. */
    private static void rollBack(Path target, Path stage, Path backup, List<String> placed, List<String> saved,
            Throwable failure) {
        for (String name : placed) {
            try {
                Files.move(target.resolve(name), stage.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        for (String name : saved) {
            try {
                Files.move(backup.resolve(name), target.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /**
     * Why {@code name} cannot be an output file or directory name, or empty if it can. Input names
     * decide output names, so every one is checked before it touches the file system. Refused:
     * the empty name, {@code .} and {@code ..}; separators {@code /} and {@code \}; NUL and other
     * control characters; U+FFFD (a name the platform encoding could not decode, e.g. under
     * {@code LC_ALL=C}); names starting with {@value #RESERVED_PREFIX} (decomp4j's own); and
     * names longer than {@value #MAX_NAME_BYTES} bytes in UTF-8.
     *
     * @param name the proposed name; {@code null} is refused as empty
     * @return the reason, e.g. {@code "is empty"}, or empty if the name is valid
     */
    public static Optional<String> checkName(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("is empty");
        }
        if (name.equals(".") || name.equals("..")) {
            return Optional.of("is '" + name + "', which names a directory, not a new entry");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                return Optional.of("contains a path separator '" + c + "'");
            }
            if (c < 0x20 || c == 0x7f) {
                return Optional.of("contains the control character U+" + String.format("%04X", (int) c));
            }
            if (c == '\uFFFD') {
                return Optional.of("is not valid in the platform's file-name encoding (check LC_ALL/LANG)");
            }
        }
        if (name.startsWith(RESERVED_PREFIX)) {
            return Optional.of("starts with " + RESERVED_PREFIX + ", which decomp4j reserves for its own files");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_NAME_BYTES) {
            return Optional.of("is " + bytes + " bytes long; file names may have at most " + MAX_NAME_BYTES);
        }
        return Optional.empty();
    }

    /**
     * {@code dir.resolve(name)} after {@link #checkName}, also checking that the result is a
     * direct child of {@code dir} and that the platform can encode the name.
     *
     * @param dir the parent directory
     * @param name the child's name, checked by {@link #checkName}
     * @return the resolved path, a direct child of {@code dir}
     * @throws IllegalArgumentException naming the reason otherwise
     */
    public static Path child(Path dir, String name) {
        Optional<String> why = checkName(name);
        if (why.isPresent()) {
            throw new IllegalArgumentException("name '" + printable(name) + "' " + why.get());
        }
        Path p;
        try {
            p = dir.resolve(name);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("name '" + printable(name) + "' cannot be encoded as a file name here ("
                    + e.getReason() + "; check LC_ALL/LANG)");
        }
        if (!dir.equals(p.getParent()) || p.getFileName() == null || !p.getFileName().toString().equals(name)) {
            throw new IllegalArgumentException("name '" + printable(name) + "' does not name an entry of " + dir);
        }
        return p;
    }

    /**
     * {@code name} with control characters shown as {@code \\uXXXX}, for messages.
     *
     * @param name any text
     * @return the text with control characters escaped
     */
    public static String printable(String name) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Creates a new, empty directory {@code dir/<prefix><16 hex digits>}: its name's length does
     * not depend on any input name, so it fits whenever the prefix does.
     *
     * @param dir the parent directory, which must exist
     * @param prefix the name's prefix, e.g. {@link #RESERVED_PREFIX}
     * @return the new directory's path
     * @throws IOException if it cannot be created
     */
    public static Path newStagingDirectory(Path dir, String prefix) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return Files.createDirectory(stagingName(dir, prefix));
            } catch (FileAlreadyExistsException e) {
                if (attempt == CREATE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * A fresh name {@code dir/<prefix><16 hex digits>}, not created.
     *
     * @param dir the parent directory
     * @param prefix the name's prefix
     * @return {@code dir/<prefix>} and 16 random hex digits; neither checked nor created
     */
    public static Path stagingName(Path dir, String prefix) {
        return dir.resolve(prefix + String.format("%016x", ThreadLocalRandom.current().nextLong()));
    }

    /**
     * Deletes {@code root} and everything under it without following symbolic links: a link is
     * deleted as a link, whatever it points to. Every path deleted is checked to lie under
     * {@code root}. Absent {@code root}: nothing to do.
     *
     * @param root the tree to delete; a link is deleted, not followed
     * @throws IOException if an entry cannot be deleted (what was deleted stays deleted)
     */
    public static void deleteTree(Path root) throws IOException {
        Path base = root.toAbsolutePath().normalize();
        if (lstat(base) == null) {
            return;
        }
        // walkFileTree does not follow links unless asked: a link is visited as a file
        Files.walkFileTree(base, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                delete(base, file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                delete(base, d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void delete(Path base, Path p) throws IOException {
        Path n = p.toAbsolutePath().normalize();
        if (!n.startsWith(base)) {
            throw new IOException("refusing to delete " + n + ": outside " + base);
        }
        Files.deleteIfExists(n);
    }

    /**
     * The attributes of {@code p} itself (a link is not followed), or {@code null} if absent.
     *
     * @param p any path
     * @return the attributes, or {@code null} if nothing exists at {@code p}
     * @throws IOException if the attributes cannot be read
     */
    public static BasicFileAttributes lstat(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * Writes a manifest atomically ({@link AtomicFiles}). Its text is JSON:
     * {@code {"format": ..., "options": {...}, "members": [...]}}.
     *
     * @param file the manifest's path; replaced whole, or left untouched on failure
     * @param m the options and members to record
     * @throws IOException if it cannot be written
     */
    public static void writeManifest(Path file, Manifest m) throws IOException {
        StringBuilder sb = new StringBuilder("{\"format\": \"" + FORMAT + "\", \"options\": {");
        String sep = "";
        for (Map.Entry<String, String> e : m.options().entrySet()) {
            sb.append(sep).append(quote(e.getKey())).append(": ").append(quote(e.getValue()));
            sep = ", ";
        }
        sb.append("}, \"members\": [");
        sep = "";
        for (String name : m.members()) {
            sb.append(sep).append(quote(name));
            sep = ", ";
        }
        sb.append("]}\n");
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /**
     * Reads a manifest written by {@link #writeManifest}.
     *
     * @param file the manifest's path
     * @return empty if {@code file} is absent, not a regular file (a link is not followed), too
     *     large or not a manifest: then nothing is known to be decomp4j's
     * @throws IOException if it exists but cannot be read
     */
    public static Optional<Manifest> readManifest(Path file) throws IOException {
        BasicFileAttributes a = lstat(file);
        if (a == null || !a.isRegularFile() || a.size() > MAX_MANIFEST_BYTES) {
            return Optional.empty();
        }
        Object v;
        try {
            v = PyLiteral.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (ParseException | java.nio.charset.CharacterCodingException e) {
            return Optional.empty();
        }
        if (!(v instanceof Map<?, ?> m) || !FORMAT.equals(m.get("format"))
                || !(m.get("options") instanceof Map<?, ?> opts) || !(m.get("members") instanceof List<?> mem)) {
            return Optional.empty();
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : opts.entrySet()) {
            if (!(e.getKey() instanceof String k) || !(e.getValue() instanceof String s)) {
                return Optional.empty();
            }
            options.put(k, s);
        }
        List<String> members = new ArrayList<>();
        for (Object o : mem) {
            if (!(o instanceof String s)) {
                return Optional.empty();
            }
            members.add(s);
        }
        return Optional.of(new Manifest(options, members));
    }

    /**
     * Why {@code dir} is not a result decomp4j may replace, or empty if it is one: a real
     * directory (not a link) holding a readable manifest {@code manifestName} and nothing but
     * the members it names.
     *
     * @param dir the directory to check; absent counts as replaceable
     * @param manifestName the manifest's file name in {@code dir}
     * @return the reason, e.g. {@code "is a symbolic link"}, or empty if decomp4j may replace it
     * @throws IOException if {@code dir} cannot be read
     */
    public static Optional<String> notOwned(Path dir, String manifestName) throws IOException {
        BasicFileAttributes a = lstat(dir);
        if (a == null) {
            return Optional.empty();
        }
        if (a.isSymbolicLink()) {
            return Optional.of("is a symbolic link");
        }
        if (!a.isDirectory()) {
            return Optional.of("is not a directory");
        }
        Optional<Manifest> m = readManifest(dir.resolve(manifestName));
        if (m.isEmpty()) {
            return Optional.of("holds no " + manifestName);
        }
        Set<String> ours = new LinkedHashSet<>(m.get().members());
        ours.add(manifestName);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (!ours.contains(n)) {
                    return Optional.of("holds " + printable(n) + ", which decomp4j did not write");
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Moves the complete directory {@code staged} to {@code target}, replacing a previous result
     * there whole: {@code target} must be absent or pass {@link #notOwned} (then it is renamed
     * aside to {@code <asidePrefix><16 hex>}, the new one renamed in, and the old one deleted; if
     * the second rename fails the old one is put back).
     *
     * @param staged the complete new directory, on the same file system as {@code target}
     * @param target where it goes
     * @param manifestName the manifest's file name in {@code target}
     * @param asidePrefix the prefix of the name the old result is renamed to before deletion
     * @throws FileAlreadyExistsException if {@code target} exists and is not decomp4j's (the
     *     reason is {@link FileSystemException#getReason()}); nothing is changed then
     * @throws IOException if a rename fails
     */
    public static void replaceDirectory(Path staged, Path target, String manifestName, String asidePrefix)
            throws IOException {
        Optional<String> why = notOwned(target, manifestName);
        if (why.isPresent()) {
            throw new FileAlreadyExistsException(target.toString(), null, why.get());
        }
        if (lstat(target) == null) {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        Path aside = stagingName(target.getParent(), asidePrefix);
        Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
        try {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException back) {
                e.addSuppressed(back);
            }
            throw e;
        }
        deleteTree(aside);
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c < 0x20 ? '?' : c); // names never hold control characters (checkName)
            }
        }
        return sb.append('"').toString();
    }
}
