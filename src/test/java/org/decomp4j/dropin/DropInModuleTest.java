package org.decomp4j.dropin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * decomp4j as a named module: what it exports, and a program on the module path (this JDK, no
 * {@code --add-modules}) that computes an SVD through OpenBLAS.
 */
class DropInModuleTest {
    private static final Path CLASSES = Path.of("target/classes").toAbsolutePath();

    @Test
    void exportsTheApiPackagesAlone() {
        ModuleDescriptor d = ModuleFinder.of(CLASSES).find("org.decomp4j").orElseThrow().descriptor();
        Set<String> exported = d.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Set.of("org.decomp4j", "org.decomp4j.apps", "org.decomp4j.batch",
                "org.decomp4j.dispatch", "org.decomp4j.io", "org.decomp4j.lowrank", "org.decomp4j.sparse")), exported);
        assertTrue(d.packages().containsAll(Set.of("org.decomp4j.engine", "org.decomp4j.lapack", "org.decomp4j.cli")),
                d.packages().toString());
        // the CLI's libraries are optional for library users
        for (ModuleDescriptor.Requires r : d.requires()) {
            if (r.name().equals("info.picocli") || r.name().equals("me.tongfei.progressbar")) {
                assertTrue(r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC), r.toString());
            }
        }
    }

    @Test
    void programOnTheModulePathComputesAnSvd(@TempDir Path dir) throws Exception {
        // the bytedeco Java jars go on the module path; their native classifier jars on the class
        // path, where JavaCPP finds them without --add-modules (Maven's plugins put them there too:
        // no module requires them)
        List<String> modulePath = new ArrayList<>(List.of(CLASSES.toString()));
        List<String> classPath = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(e).getFileName().toString();
            if (name.matches("(javacpp|openblas)-[0-9.]+(-[0-9.]+)?\\.jar")) {
                modulePath.add(e);
            } else if (name.matches("(javacpp|openblas)-[0-9.]+(-[0-9.]+)?-[a-z]+-[a-z0-9_]+\\.jar")) {
                classPath.add(e);
            }
        }
        assertEquals(3, modulePath.size(), "javacpp and openblas jars in " + System.getProperty("java.class.path"));
        assertEquals(2, classPath.size(), "their native jars in " + System.getProperty("java.class.path"));
        Path src = dir.resolve("src");
        Tools.write(src.resolve("demo/module-info.java"), "module demo { requires org.decomp4j; }\n");
        // 30 x 3 with orthogonal columns of norms 5, 3, 2 (a permutation scaled): singular values 5, 3, 2
        Tools.write(src.resolve("demo/demo/Main.java"), """
                package demo;
                import org.decomp4j.Driver;
                import org.decomp4j.Matrix;
                import org.decomp4j.Svd;
                import org.decomp4j.SvdOptions;
                public class Main {
                    public static void main(String[] args) {
                        double[][] rows = new double[30][3];
                        rows[4][1] = 3; rows[17][0] = 4; rows[29][0] = 3; rows[9][2] = 2;
                        try (Matrix a = Matrix.of(rows);
                             Svd svd = Svd.of(a, SvdOptions.thin().driver(Driver.GESDD))) {
                            double[] s = svd.singularValues();
                            System.out.println(s[0] + " " + s[1] + " " + s[2]);
                            System.out.println(Svd.class.getModule().getName() + " " + svd.plan().routine());
                        }
                    }
                }
                """);
        Path out = dir.resolve("out");
        String mp = String.join(File.pathSeparator, modulePath);
        Tools.run(List.of(Tools.jdkTool("javac"), "-d", out.toString(), "--module-path", mp,
                "--module-source-path", src.toString(), "-m", "demo"), 120);
        Tools.Result r = Tools.run(List.of(Tools.jdkTool("java"), "--module-path", out + File.pathSeparator + mp,
                "-cp", String.join(File.pathSeparator, classPath), "-m", "demo/demo.Main"), 120);
        String[] lines = r.out().strip().split("\n");
        double[] s = Arrays.stream(lines[0].trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
        double tol = 30 * Math.ulp(5.0) * 5;
        assertEquals(5, s[0], tol, r.out());
        assertEquals(3, s[1], tol, r.out());
        assertEquals(2, s[2], tol, r.out());
        assertTrue(lines[1].startsWith("org.decomp4j "), "ran as the named module: " + r.out());
        assertTrue(lines[1].toLowerCase(java.util.Locale.ROOT).contains("gesdd"), r.out());
        assertEquals("", r.err(), "stderr of the module-path program");
    }

    @Test
    void missingNativesAreNamed() {
        // the Java jars of javacpp and openblas, not their native classifier jars
        List<String> cp = new ArrayList<>(List.of(CLASSES.toString()));
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (Path.of(e).getFileName().toString().matches("(javacpp|openblas)-[0-9.]+(-[0-9.]+)?\\.jar")) {
                cp.add(e);
            }
        }
        Path program = Path.of("src/test/resources/org/decomp4j/dropin/NoNatives.java").toAbsolutePath();
        String out = Tools.run(List.of(Tools.jdkTool("java"), "-cp", String.join(File.pathSeparator, cp),
                program.toString()), 120).out();
        String platform = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).startsWith("linux")
                && System.getProperty("os.arch").equals("amd64") ? "linux-x86_64" : null;
        assertTrue(out.contains("could not load OpenBLAS for platform '"), out);
        if (platform != null) {
            assertTrue(out.contains("platform '" + platform + "'"), out);
            assertTrue(out.contains("org.bytedeco:openblas:0.3.31-1.5.13:" + platform), out);
        }
    }

    @Test
    void internalPackagesAreNotVisibleToModuleUsers(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src");
        Tools.write(src.resolve("peek/module-info.java"), "module peek { requires org.decomp4j; }\n");
        Tools.write(src.resolve("peek/peek/Main.java"),
                "package peek; public class Main { Object o = org.decomp4j.lapack.OpenBlas.class; }\n");
        // decomp4j and the modules it requires; not the whole test class path, whose Spark jars
        // (provided, for org.decomp4j.spark) split packages and have no valid module names
        List<String> modulePath = new ArrayList<>(List.of(CLASSES.toString()));
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (Path.of(e).getFileName().toString().matches("(javacpp|openblas)-[0-9.]+(-[0-9.]+)?\\.jar")) {
                modulePath.add(e);
            }
        }
        String mp = String.join(File.pathSeparator, modulePath);
        Process p = new ProcessBuilder(Tools.jdkTool("javac"), "-d", dir.resolve("out").toString(), "--module-path", mp,
                "--module-source-path", src.toString(), "-m", "peek").redirectErrorStream(true).start();
        String msg = new String(p.getInputStream().readAllBytes());
        assertEquals(1, p.waitFor(), msg);
        assertTrue(msg.contains("package org.decomp4j.lapack is not visible") || msg.contains("does not export"), msg);
        assertFalse(Files.exists(dir.resolve("out/peek/peek/Main.class")));
    }
}
