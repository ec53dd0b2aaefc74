package org.decomp4j.lapack;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;

/**
 * The command line's fast way to OpenBLAS: the libraries JavaCPP extracted and loaded on an earlier
 * run, loaded again straight from its cache with {@code System.load}.
 *
 * <p>Why: JavaCPP's loader spends about 0.12 s of a 10×10 CLI run (JDK 17, class-data sharing on, this
 * 2-core machine) in Java before and between its {@code System.load} calls: annotation proxies,
 * resource URLs and jar connections for every candidate name, failed system-path attempts. Loading
 * the same files directly costs the {@code dlopen}s and the JNI set-up, about 0.06 s. It also maps
 * OpenBLAS once instead of twice: the preset loads the bundled {@code libopenblas.so.0} under two
 * names (JavaCPP copies it to {@code libopenblas_nolapack.so.0}); both carry the soname
 * {@code libopenblas.so.0}, so the dynamic linker binds every user to the first and the second copy
 * only starts a second, idle thread pool.
 *
 * <p>Only a process that owns its JVM may use this (the CLI: {@link OpenBlas#loadFromJavaCppCache()}),
 * because it switches JavaCPP's loader off for the rest of the process
 * ({@code org.bytedeco.javacpp.loadLibraries=false}), which would leave another JavaCPP preset in
 * the same JVM unloaded. The record ({@code decomp4j-natives-KEY.txt} in JavaCPP's cache directory,
 * one per set of jars: {@link #recordFile}) is written after
 * an ordinary load and used only while everything in it is as recorded: the jars (path, size, time),
 * every library file (size, time), the platform (Linux only: the soname argument is ELF's) and no
 * {@code org.bytedeco.*} property set but the cache directory (a user who picks another BLAS gets
 * JavaCPP's own loading). Anything else, or a {@code System.load} that fails, falls back to JavaCPP.
 */
final class CachedNatives {
    /** The record's name without the key of the jars it is for: {@code decomp4j-natives-KEY.txt}. */
    static final String RECORD = "decomp4j-natives";
    private static final String HEADER = "decomp4j-natives 1";
    private static final String LOAD_LIBRARIES = "org.bytedeco.javacpp.loadLibraries";

    /** JavaCPP's library names (before {@code @}), in the order each loads after those it needs. */
    private static final List<String> ORDER = List.of("gcc_s", "quadmath", "gfortran", "openblas_nolapack", "openblas",
            "jnijavacpp", "jniopenblas_nolapack", "jniopenblas");
    private static final List<String> REQUIRED = List.of("openblas_nolapack", "jnijavacpp", "jniopenblas_nolapack",
            "jniopenblas");

    private CachedNatives() {
    }

    /** One recorded file: JavaCPP's name for it, its path, size and modification time. */
    record Entry(String name, Path path, long size, long modified) {
        static Entry of(String name, Path p) throws IOException {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return new Entry(name, p, a.size(), a.lastModifiedTime().toMillis());
        }

        boolean unchanged() {
            try {
                // fields compared by hand: a record's generated equals bootstraps method handles on its
                // first call, ~30 ms of the direct load it is meant to shorten
                Entry now = of(name, path);
                return now.size == size && now.modified == modified;
            } catch (IOException e) {
                return false;
            }
        }

        String line(String kind) {
            return kind + '\t' + name + '\t' + size + '\t' + modified + '\t' + path;
        }
    }

    /** True when this JVM's settings allow the direct load: Linux, and no JavaCPP property but the cache. */
    static boolean applicable(String platform) {
        if (!platform.startsWith("linux-")) {
            return false;
        }
        for (String k : System.getProperties().stringPropertyNames()) {
            if (k.startsWith("org.bytedeco.") && !k.equals(OpenBlas.CACHE_DIR_PROPERTY)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Loads every recorded library if the record in {@code cache} still holds, and then switches
     * JavaCPP's loader off.
     *
     * @return true when all loaded; false (nothing switched off) when JavaCPP must load them
     */
    static boolean tryLoad(Path cache, String platform) {
        if (!applicable(platform)) {
            return false;
        }
        // plain loops and no lambdas or streams on this path: their first use costs class loading and
        // method-handle spinning that a direct load exists to avoid
        List<Path> sources = codeSources();
        Optional<Path> file = recordFile(cache, sources);
        Optional<List<Entry>> libs = file.isEmpty() ? Optional.empty() : read(file.get(), sources);
        if (libs.isEmpty()) {
            return false;
        }
        System.setProperty(LOAD_LIBRARIES, "false");
        openModuleImage();
        try {
            for (Entry e : libs.get()) {
                System.load(e.path().toString());
            }
            return true;
        } catch (UnsatisfiedLinkError | SecurityException e) {
            // JavaCPP loads the same files again; those already loaded are a no-op for the JVM
            System.clearProperty(LOAD_LIBRARIES);
            return false;
        }
    }

    /**
     * Opens the JDK's module image ({@code libjimage}) before any {@code System.load}. A library's
     * {@code JNI_OnLoad} initialises JavaCPP's {@code Pointer}, which looks up a boot resource; were
     * the image not open yet, that would open it, loading {@code libjimage}, while this thread holds
     * the JDK's native-library lock, and a thread opening the image for a class at the same moment
     * holds the image's class initialisation and waits for that lock: both wait for ever. Seen in
     * about 1 run in 20 of the CLI's {@code batch} (its OpenBLAS load runs on a background thread
     * while picocli loads JDK classes) once this path no longer happened to open the image itself.
     */
    static void openModuleImage() {
        try (InputStream in = Object.class.getResourceAsStream("Object.class")) {
            // nothing to read: opening the image is the point
        } catch (IOException | RuntimeException e) {
            // no image (an exotic runtime): nothing to open, nothing to deadlock on
        }
    }

    /** The libraries to load, in order, if the record exists and nothing in it changed. */
    static Optional<List<Entry>> read(Path record) {
        return read(record, codeSources());
    }

    /** As {@link #read(Path)}, for this process's jars {@code sources} ({@link #codeSources()}). */
    private static Optional<List<Entry>> read(Path record, List<Path> sources) {
        List<String> lines;
        try {
            if (!Files.isRegularFile(record)) {
                return Optional.empty();
            }
            lines = Files.readAllLines(record, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            return Optional.empty();
        }
        List<Entry> libs = new ArrayList<>();
        int jars = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", 5);
            if (f.length != 5) {
                return Optional.empty();
            }
            Entry e;
            try {
                e = new Entry(f[1], Path.of(f[4]), Long.parseLong(f[2]), Long.parseLong(f[3]));
            } catch (RuntimeException bad) { // a number or a path that does not parse: not ours to trust
                return Optional.empty();
            }
            if (!e.unchanged()) {
                return Optional.empty();
            }
            if (f[0].equals("jar")) {
                if (!sources.contains(e.path())) {
                    return Optional.empty(); // recorded for another class path
                }
                jars++;
            } else if (f[0].equals("lib")) {
                libs.add(e);
            } else {
                return Optional.empty();
            }
        }
        if (jars != sources.size() || sources.isEmpty() || !names(libs).containsAll(REQUIRED)) {
            return Optional.empty();
        }
        return Optional.of(libs);
    }

    /**
     * After JavaCPP loaded OpenBLAS: records what it loaded, for the next process. Best effort:
     * nothing is written when a library is not one of the preset's own (another BLAS was chosen) or
     * the class path is not plain jar files, and a write that fails only costs the next run its speed.
     */
    static void record(Path cache, String platform) {
        if (!applicable(platform)) {
            return;
        }
        try {
            List<Path> sources = codeSources();
            if (sources.isEmpty()) {
                return;
            }
            List<Entry> libs = new ArrayList<>();
            for (Map.Entry<String, String> l : Loader.getLoadedLibraries().entrySet()) {
                String name = l.getKey().split("@", 2)[0];
                if (!ORDER.contains(name) || l.getValue() == null) {
                    return;
                }
                libs.add(Entry.of(name, Path.of(l.getValue())));
            }
            libs.sort(Comparator.comparingInt(e -> ORDER.indexOf(e.name())));
            if (!names(libs).containsAll(REQUIRED)) {
                return;
            }
            dropDuplicateOpenBlas(libs);
            StringBuilder out = new StringBuilder(HEADER).append('\n');
            for (Path s : sources) {
                out.append(Entry.of("jar", s).line("jar")).append('\n');
            }
            for (Entry e : libs) {
                out.append(e.line("lib")).append('\n');
            }
            Path target = recordFile(cache, sources).orElseThrow();
            Path tmp = Files.createTempFile(cache, RECORD, ".tmp");
            try {
                Files.writeString(tmp, out, StandardCharsets.UTF_8);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | RuntimeException e) {
            // best effort: the next run loads through JavaCPP again
        }
    }

    /** The preset's second copy of OpenBLAS, byte for byte the first, is not loaded again (see above). */
    private static void dropDuplicateOpenBlas(List<Entry> libs) throws IOException {
        Entry first = null;
        Entry second = null;
        for (Entry e : libs) {
            if (e.name().equals("openblas_nolapack")) {
                first = e;
            } else if (e.name().equals("openblas")) {
                second = e;
            }
        }
        if (first != null && second != null && first.size() == second.size()
                && Files.mismatch(first.path(), second.path()) == -1) {
            libs.remove(second);
        }
    }

    /**
     * The record for this process's jars in {@code cache}: one file per set of jars, so that two
     * installations sharing JavaCPP's cache (two CLI builds run in turn) each keep their own
     * instead of overwriting one. Empty when the jars are not plain files. A name shared by two
     * sets of jars (a hash collision) only costs a fallback: {@link #read} checks every jar.
     */
    static Optional<Path> recordFile(Path cache) {
        return recordFile(cache, codeSources());
    }

    private static Optional<Path> recordFile(Path cache, List<Path> sources) {
        if (sources.isEmpty()) {
            return Optional.empty();
        }
        List<String> sorted = new ArrayList<>();
        for (Path p : sources) {
            sorted.add(p.toString());
        }
        java.util.Collections.sort(sorted);
        String key = Integer.toHexString(sorted.hashCode()); // List.hashCode: the same for every List
        return Optional.of(cache.resolve(RECORD + "-" + key + ".txt"));
    }

    private static List<String> names(List<Entry> libs) {
        List<String> out = new ArrayList<>(libs.size());
        for (Entry e : libs) {
            out.add(e.name());
        }
        return out;
    }

    /** The jars JavaCPP and the OpenBLAS preset come from (one, in the CLI's shaded jar); empty if not plain files. */
    static List<Path> codeSources() {
        List<Path> out = new ArrayList<>();
        for (Class<?> c : List.of(Loader.class, openblas.class)) {
            CodeSource cs = c.getProtectionDomain().getCodeSource();
            URL u = cs == null ? null : cs.getLocation();
            if (u == null || !"file".equals(u.getProtocol())) {
                return List.of();
            }
            try {
                Path p = Path.of(u.toURI()).toAbsolutePath();
                if (!Files.isRegularFile(p)) {
                    return List.of(); // classes from a directory: nothing stable to compare
                }
                if (!out.contains(p)) {
                    out.add(p);
                }
            } catch (URISyntaxException | RuntimeException e) {
                return List.of();
            }
        }
        return out;
    }
}
