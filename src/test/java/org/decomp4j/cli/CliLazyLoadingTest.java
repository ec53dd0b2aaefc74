package org.decomp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code main} builds the model of the one subcommand it runs (start-up, issue 18); what a user
 * sees must not depend on it: the same names, help and exit codes as the full command line.
 */
class CliLazyLoadingTest {
    @Test
    void namesMatchEachCommandsAnnotation() {
        for (Map.Entry<String, Class<?>> e : Main.COMMANDS.entrySet()) {
            assertEquals(e.getKey(), e.getValue().getAnnotation(Command.class).name(), e.getValue().getName());
        }
    }

    @Test
    void fullCommandLineListsEveryCommandInOrder() {
        assertEquals(new ArrayList<>(Main.COMMANDS.keySet()),
                new ArrayList<>(Main.commandLine().getSubcommands().keySet()));
    }

    @Test
    void aNamedCommandIsBuiltAlone() {
        CommandLine cl = Main.commandLine("svd", "--in", "a.npy");
        assertEquals(List.of("svd"), new ArrayList<>(cl.getSubcommands().keySet()));
    }

    @Test
    void eachCommandsHelpIsTheSameBuiltAloneOrWithAll() {
        CommandLine full = Main.commandLine();
        for (String name : Main.COMMANDS.keySet()) {
            String alone = Main.commandLine(name, "--help").getSubcommands().get(name).getUsageMessage();
            assertEquals(full.getSubcommands().get(name).getUsageMessage(), alone, name);
            assertTrue(alone.contains("Exit codes:"), name + " help lists the exit codes");
        }
    }

    @Test
    void withoutACommandNameEverythingIsBuilt() {
        for (String[] args : new String[][] {{}, {"--help"}, {"-V"}, {"svdd", "--in", "a.npy"}}) {
            assertEquals(Main.COMMANDS.size(), Main.commandLine(args).getSubcommands().size(), String.join(" ", args));
        }
    }

    @Test
    void nativesPreloadOnASecondThreadOnlyWhenACommandRuns() throws InterruptedException {
        for (String[] args : new String[][] {{}, {"--help"}, {"-V"}, {"svdd", "--in", "a.npy"},
            {"svd", "--help"}, {"lu", "-h"}, {"info", "--version"}}) {
            assertNull(Main.preloadNatives(args), String.join(" ", args));
        }
        Thread t = Main.preloadNatives("svd", "--in", "a.npy", "--out", "o");
        assertNotNull(t);
        assertTrue(t.isDaemon(), "must not keep the JVM alive");
        t.join(60_000);
        assertFalse(t.isAlive(), "the load finished");
        assertTrue(org.decomp4j.NativeConfig.threads() >= 1, "and OpenBLAS answers");
    }

    @Test
    void aMisspeltCommandIsStillAUsageErrorWithTheList() {
        Cli.Run r = Cli.run("svdd", "--in", "a.npy");
        String err = r.fails(ExitCodes.BAD_INPUT);
        assertTrue(err.contains("svd"), err);
    }

    @Test
    void inheritedOptionsReachACommandBuiltAlone() {
        String out = Cli.run("info", "--version").ok();
        assertTrue(out.startsWith("decomp4j "), out);
    }
}
