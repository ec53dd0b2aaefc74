package org.decomp4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;

import org.decomp4j.NativeConfig;
import org.decomp4j.engine.CommandLineNatives;
import org.decomp4j.io.MatrixFiles;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code decomp4j}, the command-line tool ({@code java -jar target/decomp4j-cli.jar COMMAND ...}):
 * one subcommand per class, exit codes and error messages from {@link ExitCodes}.
 *
 * <pre>
 * decomp4j svd --in a.npy --out result/ --json
 * decomp4j solve --in a.csv --rhs b.csv --out x/
 * decomp4j rank --in a.mtx
 * </pre>
 *
 * <p>Tests and embedding programs use {@link #commandLine()}, the same configuration
 * {@link #main} runs.
 */
@Command(name = "decomp4j", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class, usageHelpWidth = 100, synopsisSubcommandLabel = "COMMAND",
        description = {"LAPACK matrix decompositions (OpenBLAS) from the command line.",
            "Inputs: .npy, .mtx, .csv/.tsv/.txt. Outputs: .npy files in --out DIR. 'COMMAND --help' for details."})
public final class Main implements Callable<Integer> {
    private static final String POM_PROPERTIES = "/META-INF/maven/org.decomp4j/decomp4j/pom.properties";

    /**
     * The subcommands in help order, by name. Named here rather than read from each class's
     * {@code @Command} (CliLazyLoadingTest holds the two equal): picocli builds a command's model by
     * reflection over all its options, converters and mixins, which for all nineteen took more than
     * half of a short run's start-up, so {@link #main} builds only the one it runs.
     */
    static final Map<String, Class<?>> COMMANDS = commands();

    private static Map<String, Class<?>> commands() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        m.put("svd", SvdCommand.class);
        m.put("lu", LuCommand.class);
        m.put("qr", QrCommand.class);
        m.put("cholesky", CholeskyCommand.class);
        m.put("solve", SolveCommand.class);
        m.put("lstsq", LstsqCommand.class);
        m.put("pinv", PinvCommand.class);
        m.put("rank", RankCommand.class);
        m.put("cond", CondCommand.class);
        m.put("eigh", EighCommand.class);
        m.put("eig", EigCommand.class);
        m.put("tsvd", TsvdCommand.class);
        m.put("rsvd", RsvdCommand.class);
        m.put("pca", PcaCommand.class);
        m.put("recommend", RecommendCommand.class);
        m.put("lsa", LsaCommand.class);
        m.put("compress", CompressCommand.class);
        m.put("denoise", DenoiseCommand.class);
        m.put("batch", BatchCommand.class);
        m.put("info", InfoCommand.class);
        m.put("demo", DemoCommand.class);
        return Collections.unmodifiableMap(m);
    }

    @Spec
    CommandSpec spec;

    /** Picocli creates the command through its no-argument constructor. */
    public Main() {
    }

    /**
     * Runs the command line and exits the JVM with its exit code (0 success, 1 internal error, 2
     * bad usage or input, 3 numerical failure).
     */
    public static void main(String[] args) {
        CommandLineNatives.loadFromJavaCppCache(); // this process is ours: no other JavaCPP preset to serve
        preloadNatives(args);
        System.exit(commandLine(args).execute(args));
    }

    /**
     * Starts loading OpenBLAS on a second thread when {@code args} run a command, so that JavaCPP's
     * loader (about a third of a short run's start-up: extracting checks, two 37 MB libraries, the
     * JNI glue) overlaps picocli building the command and the input being read, instead of
     * following them. The command's own load waits for this one (the JVM's class-initialisation
     * lock) and reports a failure as it would have; nothing else changes. Help and version
     * requests, which need no natives, start nothing.
     *
     * @return the loading thread, or null when nothing was started
     */
    static Thread preloadNatives(String... args) {
        if (args.length == 0 || !COMMANDS.containsKey(args[0])) {
            return null;
        }
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) {
                return null;
            }
        }
        Thread t = new Thread(() -> {
            try {
                NativeConfig.threads();
            } catch (Throwable ignored) {
                // the command's own load reports it, with the cause and the fix
            }
        }, "decomp4j-preload");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * The configured command line: every subcommand, the exception handlers and exit-code mapper of
     * {@link ExitCodes}, and the exit codes in every command's help. Set its writers with
     * {@code setOut}/{@code setErr} to capture output.
     */
    public static CommandLine commandLine() {
        return build(COMMANDS.keySet());
    }

    /**
     * The command line for {@code args}: when the first argument names a subcommand, the top
     * command with that subcommand alone (what runs, its help and its errors are the same as with
     * {@link #commandLine()}); otherwise (no command, {@code --help}, {@code --version}, a
     * misspelt name) with all of them, for the listing and the suggestions.
     */
    static CommandLine commandLine(String... args) {
        if (args.length > 0 && COMMANDS.containsKey(args[0])) {
            return build(Set.of(args[0]));
        }
        return commandLine();
    }

    private static CommandLine build(Collection<String> names) {
        ExitCodes codes = new ExitCodes();
        CommandLine cl = new CommandLine(new Main());
        for (String name : names) {
            cl.addSubcommand(name, COMMANDS.get(name));
        }
        cl.setExecutionExceptionHandler(codes)
                .setParameterExceptionHandler(codes)
                .setExitCodeExceptionMapper(codes);
        listExitCodes(cl);
        return cl;
    }

    private static void listExitCodes(CommandLine cl) {
        cl.getCommandSpec().usageMessage()
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(ExitCodes.helpList());
        for (CommandLine sub : cl.getSubcommands().values()) {
            listExitCodes(sub);
        }
    }

    /** Without a command: a usage error listing the commands. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing COMMAND; choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /**
     * This build's version: the jar manifest's, else Maven's pom.properties inside the jar, else
     * "development build" (classes run from target/classes).
     */
    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        if (v != null) {
            return v;
        }
        try (InputStream in = Main.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String pv = p.getProperty("version");
                if (pv != null) {
                    return pv;
                }
            }
        } catch (IOException e) {
            // an unreadable resource only costs the version string
        }
        return "development build";
    }

    /** {@code --version}: decomp4j's version and the formats it reads. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"decomp4j " + version(), "reads " + String.join(" ", MatrixFiles.extensions())};
        }
    }
}
