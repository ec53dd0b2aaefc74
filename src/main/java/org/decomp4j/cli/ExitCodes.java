package org.decomp4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.decomp4j.DecompositionException;
import org.decomp4j.MemoryBudgetException;
import org.decomp4j.NonFiniteInputException;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place that turns failures into exit codes and messages, for every command.
 *
 * <table>
 *   <caption>Exit codes</caption>
 *   <tr><th>code</th><th>meaning</th><th>raised by</th></tr>
 *   <tr><td>0</td><td>success</td><td></td></tr>
 *   <tr><td>1</td><td>internal error (a bug)</td><td>any other exception; its stack trace is printed</td></tr>
 *   <tr><td>2</td><td>bad usage or bad input</td><td>picocli usage errors, {@link IOException}s
 *       (including {@link org.decomp4j.io.MatrixFormatException} and a missing file),
 *       {@link IllegalArgumentException} (shapes, option values), {@link NonFiniteInputException},
 *       {@link MemoryBudgetException}, an {@link OutOfMemoryError} (a request larger than the process
 *       may allocate), an {@link UnsatisfiedLinkError} (OpenBLAS cannot load, e.g. an unwritable
 *       JavaCPP cache directory)</td></tr>
 *   <tr><td>3</td><td>numerical failure</td><td>every other {@link DecompositionException}: not
 *       converged, singular, not positive definite</td></tr>
 *   <tr><td>4</td><td>batch: some inputs failed, the others are done</td><td>{@code BatchCommand}</td></tr>
 * </table>
 *
 * <p>Messages go to the command's error writer as {@code decomp4j <command>: <message>}, without a
 * stack trace except for code 1. Usage errors add a pointer to {@code --help}.
 */
final class ExitCodes implements IExitCodeExceptionMapper, IExecutionExceptionHandler, IParameterExceptionHandler {
    /** The command did what was asked. */
    static final int OK = 0;
    /** An unexpected exception: a bug in decomp4j. */
    static final int BUG = 1;
    /** Bad usage or bad input: options, files, shapes, non-finite data, memory budget. */
    static final int BAD_INPUT = 2;
    /** Numerical failure: not converged, singular, not positive definite. */
    static final int NUMERICAL = 3;
    /** batch: some inputs failed (listed in the summary); the others' outputs are complete. */
    static final int SOME_FAILED = 4;

    /** The exit-code section of every command's help. */
    static Map<String, String> helpList() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(String.valueOf(OK), "success");
        m.put(String.valueOf(BUG), "internal error (a bug; the stack trace is printed)");
        m.put(String.valueOf(BAD_INPUT), "bad usage or bad input: unknown or conflicting options, missing or"
                + " malformed file (the message names file, line and column), non-finite entries,"
                + " mismatched shapes, memory budget too small, out of memory, native libraries cannot load (e.g. an"
                + " unwritable JavaCPP cache: -Dorg.bytedeco.javacpp.cachedir=DIR)");
        m.put(String.valueOf(NUMERICAL), "numerical failure: not converged, singular matrix, not positive"
                + " definite");
        m.put(String.valueOf(SOME_FAILED), "batch: some inputs failed (the summary lists each with its reason);"
                + " the outputs of the others are complete");
        return m;
    }

    @Override
    public int getExitCode(Throwable t) {
        Throwable e = unwrap(t);
        if (e instanceof ParameterException) {
            return BAD_INPUT;
        }
        if (e instanceof NonFiniteInputException || e instanceof MemoryBudgetException || e instanceof OutOfMemory
                || e instanceof NativeLoadFailure) {
            return BAD_INPUT;
        }
        if (e instanceof DecompositionException) {
            return NUMERICAL;
        }
        if (e instanceof IOException || e instanceof IllegalArgumentException
                || e instanceof java.io.UncheckedIOException) {   // a file on disk failing mid-pass (DiskMatrixException)
            return BAD_INPUT;
        }
        return BUG;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        int code = getExitCode(ex);
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        if (code == BUG) {
            err.println(name + ": internal error, please report it with this trace: " + ex);
            ex.printStackTrace(err);
        } else {
            err.println(name + ": " + message(unwrap(ex)));
        }
        err.flush();
        return code;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        String msg = String.valueOf(ex.getMessage());
        if (msg.startsWith("Error: ")) { // picocli's own prefix would read "decomp4j svd: Error: ..."
            msg = msg.substring("Error: ".length());
        }
        err.println(name + ": " + msg);
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + name + " --help' for more information.");
        err.flush();
        return BAD_INPUT;
    }

    /**
     * An {@link OutOfMemoryError} caught by a command: picocli lets Errors through to the JVM (a
     * trace and exit 1), but an honest request larger than the process may allocate is bad input
     * (exit 2, one line naming what was needed).
     */
    static final class OutOfMemory extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OutOfMemory(OutOfMemoryError cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * The native libraries could not load (typically JavaCPP's cache directory is not writable). A
     * problem of the environment the user fixes with an option, not a decomp4j bug: exit 2, with the
     * binding's one-line message (it names the cause and the {@code -D} option that fixes it).
     */
    static final class NativeLoadFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NativeLoadFailure(UnsatisfiedLinkError cause) {
            super(cause.getMessage(), cause);
        }
    }

    private static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while (e instanceof UncheckedIOException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /**
     * The CLI counts rows and columns from 1 everywhere (as the file readers' "row 3, column 2
     * (counting from 1)" and their 1-based lines do); the API's {@link NonFiniteInputException}
     * says 0-based, as its {@code row()} and {@code column()} are. So its position is rewritten
     * from those accessors.
     */
    static String oneBased(NonFiniteInputException f) {
        String m = String.valueOf(f.getMessage());
        if (f.row() < 0 || f.column() < 0) {
            return m;
        }
        return m.replace("at row " + f.row() + ", column " + f.column() + " (0-based)",
                "at row " + (f.row() + 1) + ", column " + (f.column() + 1) + " (counting from 1)");
    }

    /** The message for the user: file-system exceptions carry only a path, so say what went wrong with it. */
    static String message(Throwable e) {
        if (e instanceof NoSuchFileException f) {
            return f.getFile() + ": no such file or directory";
        }
        if (e instanceof AccessDeniedException f) {
            return f.getFile() + ": permission denied";
        }
        if (e instanceof NotDirectoryException f) {
            return f.getFile() + ": not a directory";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + ": already exists";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getFile() + ": " + f.getReason();
        }
        if (e instanceof OutOfMemory) {
            String m = String.valueOf(e.getCause().getMessage()).replaceFirst("^decomp4j: ", "");
            return "out of memory: " + m + (m.startsWith("cannot allocate")
                    ? ". The memory budget (-Ddecomp4j.memoryBudget, svd --budget) exceeds what this process may"
                    + " allocate: lower it, and requests that do not fit are refused before allocating"
                    : "; raise the Java heap (java -Xmx...)");
        }
        if (e instanceof NonFiniteInputException f) {
            return oneBased(f);
        }
        String m = e.getMessage();
        if (e instanceof MemoryBudgetException) {
            m += "; on the command line: --budget BYTES (svd, tsvd, rsvd)";
        }
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
