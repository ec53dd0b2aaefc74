package org.decomp4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The layering of DESIGN.md, checked on the sources: only {@code org.decomp4j.lapack} touches
 * bytedeco; the binding and the planner import nothing above them except the foundation types
 * (DType, Job, Driver and the exceptions); io knows no decomposition; the core knows no CLI.
 */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java/org/decomp4j");
    private static final Pattern IMPORT = Pattern.compile("^import (static )?([\\w.]+)[.;]", Pattern.MULTILINE);
    private static final Set<String> FOUNDATION = Set.of("DType", "Job", "Driver", "DecompositionException",
            "NotConvergedException", "SingularMatrixException", "NotPositiveDefiniteException",
            "NonFiniteInputException", "MemoryBudgetException", "FiniteCheck",
            // raised by the binding when an allocation would cross the native memory limit
            "NativeMemoryLimitError");

    private record Use(Path file, String imported) {
    }

    private static List<Use> imports(String pkg) throws IOException {
        List<Use> out = new ArrayList<>();
        Path dir = pkg.isEmpty() ? MAIN : MAIN.resolve(pkg);
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = IMPORT.matcher(Files.readString(f));
                while (m.find()) {
                    out.add(new Use(f, m.group(2)));
                }
            }
        }
        return out;
    }

    private static String simpleTop(String imported) {
        // org.decomp4j.X or org.decomp4j.X.member (static import) -> X
        String rest = imported.substring("org.decomp4j.".length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    @Test
    void onlyTheBindingImportsBytedeco() throws IOException {
        for (String pkg : new String[] {"", "engine", "dispatch", "io", "cli", "sparse", "lowrank", "batch", "apps", "spark"}) {
            for (Use u : imports(pkg)) {
                assertTrue(!u.imported().startsWith("org.bytedeco"), u.file() + " imports " + u.imported());
            }
        }
    }

    @Test
    void bindingAndPlannerImportOnlyFoundationTypesFromAbove() throws IOException {
        for (Use u : imports("lapack")) {
            String i = u.imported();
            if (i.startsWith("org.decomp4j.")) {
                assertTrue(i.startsWith("org.decomp4j.lapack.") || FOUNDATION.contains(simpleTop(i)),
                        u.file() + " imports " + i);
            }
        }
        for (Use u : imports("dispatch")) {
            String i = u.imported();
            if (i.startsWith("org.decomp4j.")) {
                assertTrue(i.startsWith("org.decomp4j.lapack.") || i.startsWith("org.decomp4j.dispatch.")
                        || FOUNDATION.contains(simpleTop(i)), u.file() + " imports " + i);
            }
        }
    }

    @Test
    void ioKnowsNoDecompositionAndCoreKnowsNoCli() throws IOException {
        // the out-of-core readers (DiskMatrix, ScratchFile, NpyRowWriter) included: the methods that
        // use them live in lowrank, and io imports none of the layers above the core
        Set<String> decompositions = Set.of("Svd", "Lu", "Qr", "Cholesky", "LinAlg", "SvdWorkspace", "Eigh", "EighOptions",
                "Eig", "dispatch", "lapack", "lowrank", "apps", "batch", "engine", "sparse");
        for (Use u : imports("io")) {
            String i = u.imported();
            if (i.startsWith("org.decomp4j.") && !i.startsWith("org.decomp4j.io.")) {
                assertTrue(!decompositions.contains(simpleTop(i)), u.file() + " imports " + i);
            }
        }
        for (String pkg : new String[] {"", "dispatch", "lapack", "io", "sparse", "lowrank", "batch", "apps"}) {
            for (Use u : imports(pkg)) {
                assertTrue(!u.imported().startsWith("org.decomp4j.cli") && !u.imported().startsWith("picocli"),
                        u.file() + " imports " + u.imported());
            }
        }
    }

    @Test
    void outOfCoreMethodsReadFilesOnlyByBlocks() throws IOException {
        // the larger-than-memory methods (OutOfCore*, CentredRows, ColumnMoments) see a file only as
        // blocks (DiskMatrix, RowBlockSource) and write one only by blocks (NpyRowWriter, ScratchFile):
        // no whole-file reader, so nothing is read whole unless a plan says it fits (DiskMatrix.readRows)
        Set<String> blockTypes = Set.of("DiskMatrix", "RowBlockSource", "NpyRowWriter", "ScratchFile",
                "DiskMatrixException");
        for (String pkg : new String[] {"lowrank", "apps"}) {
            for (Use u : imports(pkg)) {
                String name = u.file().getFileName().toString();
                if (!(name.startsWith("OutOfCore") || name.equals("CentredRows.java") || name.equals("ColumnMoments.java"))) {
                    continue;
                }
                String i = u.imported();
                if (i.startsWith("org.decomp4j.io.")) {
                    assertTrue(blockTypes.contains(i.substring("org.decomp4j.io.".length())), u.file() + " imports " + i
                            + ": out-of-core methods read and write files by blocks only");
                }
            }
        }
    }

    @Test
    void layersAboveTheCoreReachTheBindingOnlyThroughTheEngine() throws IOException {
        for (String pkg : new String[] {"cli", "batch", "lowrank", "sparse", "apps", "io", "spark"}) {
            for (Use u : imports(pkg)) {
                assertTrue(!u.imported().startsWith("org.decomp4j.lapack."), u.file() + " imports " + u.imported()
                        + ": go through the API or org.decomp4j.engine");
            }
        }
    }

    @Test
    void theEngineSitsBelowTheLayersThatUseIt() throws IOException {
        Set<String> above = Set.of("cli", "batch", "lowrank", "sparse", "apps", "io", "spark");
        for (Use u : imports("engine")) {
            String i = u.imported();
            if (i.startsWith("org.decomp4j.")) {
                assertTrue(!above.contains(simpleTop(i)), u.file() + " imports " + i);
            }
        }
    }

    @Test
    void theApiPackageReachesTheBindingOnlyForStorageAndConfiguration() throws IOException {
        // Matrix owns a native buffer and NativeConfig sets the binding's knobs; every other API
        // class goes through the engine
        Set<String> allowed = Set.of("Matrix.java", "NativeConfig.java");
        for (Use u : imports("")) {
            if (u.imported().startsWith("org.decomp4j.lapack.")) {
                assertTrue(allowed.contains(u.file().getFileName().toString()), u.file() + " imports " + u.imported()
                        + ": run it through org.decomp4j.engine");
            }
        }
    }

    @Test
    void theApiPackageHoldsTheApiAlone() throws IOException {
        // engine code (executors, small-matrix algorithms, storage access) lives in engine: every
        // file of the root package declares a public API type, and none calls itself internal
        try (Stream<Path> files = Files.list(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (f.getFileName().toString().equals("package-info.java")) {
                    continue;
                }
                String src = Files.readString(f);
                String type = f.getFileName().toString().replace(".java", "");
                assertTrue(Pattern.compile("^public (final |abstract |sealed )*(class|interface|enum|record) " + type + "\\b",
                        Pattern.MULTILINE).matcher(src).find(), f + " does not declare a public API type");
                assertTrue(!src.toLowerCase(java.util.Locale.ROOT).contains("not a user api"), f + " says it is not a user API:"
                        + " move it to org.decomp4j.engine");
            }
        }
    }

    /**
     * Room for complex dtypes: above the binding, code describes a dtype ({@code isComplex()},
     * {@code real()}, {@code bytes()}, a switch) instead of testing it against F64 or F32, where a
     * complex dtype would silently take the F32 branch. The listed files are real-only paths that
     * refuse complex input before the comparison is reached.
     */
    @Test
    void dtypesAreDescribedNotComparedAboveTheBinding() throws IOException {
        Pattern compare = Pattern.compile("[=!]= DType\\.F(64|32)|DType\\.F(64|32) [=!]=");
        Set<String> realOnly = Set.of("engine/SmallSvd.java", "engine/Elementwise.java", "lowrank/StreamingSvd.java",
                "lowrank/SparseSvdOptions.java", "io/Npy.java", "batch/Factor.java", "io/DiskMatrix.java",
                "io/NpyRowWriter.java");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String rel = MAIN.relativize(f).toString().replace('\\', '/');
                if (rel.startsWith("lapack/") || realOnly.contains(rel)) {
                    continue;
                }
                if (compare.matcher(Files.readString(f)).find()) {
                    found.add(rel);
                }
            }
        }
        assertTrue(found.isEmpty(), "compare dtypes by description (isComplex(), real(), a switch): " + found);
    }

    @Test
    void eachComplexFactorizationRoutineIsCalledFromItsBindingClassAlone() throws IOException {
        // the z/c twins join their real family's binding class: one place per routine family
        Map<String, String> owner = Map.ofEntries(Map.entry("getrf", "Getrf.java"), Map.entry("getrf2", "Getrf.java"),
                Map.entry("getrs", "Getrf.java"), Map.entry("getri", "Getrf.java"), Map.entry("gecon", "Getrf.java"),
                Map.entry("geqrf", "Geqrf.java"), Map.entry("geqp3", "Geqrf.java"), Map.entry("ungqr", "Geqrf.java"),
                Map.entry("unmqr", "Geqrf.java"), Map.entry("potrf", "Potrf.java"), Map.entry("potrs", "Potrf.java"),
                Map.entry("potri", "Potrf.java"), Map.entry("pocon", "Potrf.java"), Map.entry("gelsd", "Gelsd.java"),
                Map.entry("trtrs", "Trtrs.java"), Map.entry("heevd", "Syev.java"), Map.entry("heevr", "Syev.java"),
                Map.entry("hegvd", "Syev.java"));
        Pattern call = Pattern.compile("LAPACKE_[zc](getrf2|getrf|getrs|getri|gecon|geqrf|geqp3|ungqr|unmqr|potrf|potrs"
                + "|potri|pocon|gelsd|trtrs|heevd|heevr|hegvd)_work");
        assertCalledOnlyFromTheirOwners(call, owner);
    }

    @Test
    void leastSquaresAndTriangularRoutinesAreCalledFromTheirBindingClassAlone() throws IOException {
        // gelsy's fast path combines geqrf, trcon, ormqr and trtrs in the engine: each routine is
        // still called from its one binding class, which validates, pins and hops
        Map<String, String> owner = Map.of("trcon", "Trtrs.java", "trtrs", "Trtrs.java", "gelsy", "Gelsy.java",
                "gelss", "Gelss.java", "gelsd", "Gelsd.java", "geqrf", "Geqrf.java", "ormqr", "Geqrf.java");
        Pattern call = Pattern.compile("LAPACKE_[dszc](trcon|trtrs|gelsy|gelss|gelsd|geqrf|ormqr)_work");
        assertCalledOnlyFromTheirOwners(call, owner);
    }

    /**
     * Every match of {@code call} (group 1: the routine without its prefix) stands in the file
     * {@code owner} names for it, and every routine of {@code owner} is called somewhere (the rule
     * is not vacuous).
     */
    private static void assertCalledOnlyFromTheirOwners(Pattern call, Map<String, String> owner) throws IOException {
        Set<String> seen = new java.util.HashSet<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = call.matcher(Files.readString(f));
                while (m.find()) {
                    String expected = owner.get(m.group(1));
                    assertTrue(f.getFileName().toString().equals(expected), f + " calls " + m.group() + ": only "
                            + expected + " may");
                    seen.add(m.group(1));
                }
            }
        }
        org.junit.jupiter.api.Assertions.assertEquals(owner.keySet(), seen, "every listed routine is bound (the rule is not vacuous)");
    }

    @Test
    void eachEigenRoutineIsCalledFromItsBindingClassAlone() throws IOException {
        // one binding class per routine family: syevd/syevr/sygvd and their Hermitian twins
        // heevd/heevr/hegvd in Syev, geev in Geev
        Pattern call = Pattern.compile("LAPACKE_[dszc](syevd|syevr|sygvd|heevd|heevr|hegvd|geev)\\w*");
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = call.matcher(Files.readString(f));
                while (m.find()) {
                    String owner = m.group(1).equals("geev") ? "Geev.java" : "Syev.java";
                    assertTrue(f.getFileName().toString().equals(owner), f + " calls " + m.group() + ": only " + owner
                            + " may");
                }
            }
        }
    }

    @Test
    void theThreeEigenStagesAreCalledFromTheirBindingClassAlone() throws IOException {
        // sytrd, stedc and the back-transformation's panel copies (lacpy): Tridiagonal validates, pins
        // and hops for them
        Map<String, String> owner = Map.of("sytrd", "Tridiagonal.java", "stedc", "Tridiagonal.java", "lacpy",
                "Tridiagonal.java");
        assertCalledOnlyFromTheirOwners(Pattern.compile("LAPACKE_[dszc](sytrd|stedc|lacpy)_work"), owner);
    }

    @Test
    void callerMemoryIsWrappedByMatrixAlone() throws IOException {
        // a buffer over memory decomp4j does not own is never freed, pooled or counted: one API
        // class (Matrix) makes them, so the lifetime rules are stated and tested in one place
        Pattern wrap = Pattern.compile("NativeBuffer\\.wrap(Address)?\\(");
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (wrap.matcher(Files.readString(f)).find()) {
                    assertTrue(f.getFileName().toString().equals("Matrix.java"), f + " wraps caller memory: only"
                            + " Matrix.wrap may");
                }
            }
        }
    }

    @Test
    void sparkIsOptionalAndOnlyItsPackageSeesIt() throws IOException {
        // Spark is a provided dependency: the rest of decomp4j must load without it, so no other
        // package imports Spark (or Scala) or org.decomp4j.spark, and the module does not require it
        for (String pkg : new String[] {"", "engine", "dispatch", "lapack", "io", "cli", "sparse", "lowrank", "batch", "apps"}) {
            for (Use u : imports(pkg)) {
                String i = u.imported();
                assertTrue(!i.startsWith("org.decomp4j.spark") && !i.startsWith("org.apache.spark") && !i.startsWith("scala."),
                        u.file() + " imports " + i + ": only org.decomp4j.spark may use Spark");
            }
        }
        String module = Files.readString(Path.of("src/main/java/module-info.java"));
        assertTrue(!module.matches("(?s).*requires\\s+(transitive\\s+)?spark.*") && !module.contains("exports org.decomp4j.spark"),
                "module-info must neither require Spark nor export org.decomp4j.spark");
    }

    @Test
    void sparkCodeThatTouchesNativeMatricesHoldsTheOneThreadLease() throws IOException {
        // several tasks share an executor JVM: a native call at more than one OpenBLAS thread would
        // oversubscribe the cores and make the bits depend on the executor; SparkDemo's Matrix use
        // is the driver's single-machine reference, outside any task
        Set<String> exempt = Set.of("SparkDemo.java");
        try (var files = Files.list(Path.of("src/main/java/org/decomp4j/spark"))) {
            for (Path f : files.toList()) {
                String text = Files.readString(f);
                if (text.contains("import org.decomp4j.Matrix;") && !exempt.contains(f.getFileName().toString())) {
                    assertTrue(text.contains("import org.decomp4j.engine.BlasThreadLease;"),
                            f + " uses native matrices but never takes BlasThreadLease");
                }
            }
        }
    }

    @Test
    void sparkInternalsAreUsedByCatalystRowsAlone() throws IOException {
        // Spark's internal row API (Catalyst, the classic session, Unsafe) changes between releases:
        // one small class, checked against one Spark version, holds every use of it
        Pattern internal = Pattern.compile("org\\.apache\\.spark\\.(sql\\.catalyst|sql\\.classic|sql\\.execution|unsafe)\\b"
                + "|\\.queryExecution\\(\\)|internalCreateDataFrame");
        try (var files = Files.list(Path.of("src/main/java/org/decomp4j/spark"))) {
            for (Path f : files.toList()) {
                if (internal.matcher(Files.readString(f)).find()) {
                    assertTrue(f.getFileName().toString().equals("CatalystRows.java"), f + " uses Spark's internal API:"
                            + " only CatalystRows may");
                }
            }
        }
    }
}
