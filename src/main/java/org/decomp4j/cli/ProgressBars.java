package org.decomp4j.cli;

import java.io.PrintStream;

import org.decomp4j.ProgressListener;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The CLI's progress bar on stderr (me.tongfei:progressbar), shown only when it helps: not with
 * {@code --quiet} or {@code --json}, not when stderr is not a terminal, and only once the work has
 * run for {@link #DELAY_NANOS} so quick runs print nothing. Close it (try-with-resources) when
 * the work ends.
 */
final class ProgressBars implements ProgressListener, AutoCloseable {
    /** Work shorter than this never shows a bar. */
    static final long DELAY_NANOS = 1_500_000_000L;

    private final String task;
    private final boolean enabled;
    private final PrintStream err;
    private final long start = System.nanoTime();
    private ProgressBar bar;

    private ProgressBars(String task, boolean enabled, PrintStream err) {
        this.task = task;
        this.enabled = enabled;
        this.err = err;
    }

    /**
     * A listener for {@code task}; silent when {@code quiet} is set or stderr is not a terminal.
     * {@code System.console()} is the terminal test Java 17 offers (it needs stdin and stdout to be
     * terminals too), so piping stdout also silences the bar: the safe side for scripts.
     */
    static ProgressBars open(String task, boolean quiet) {
        boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
        return new ProgressBars(task, !quiet && terminal, System.err);
    }

    /** A listener that always draws on {@code err} (tests), still after the delay. */
    static ProgressBars forced(String task, PrintStream err) {
        return new ProgressBars(task, true, err);
    }

    @Override
    public synchronized void progress(long done, long total, String message) {
        if (!enabled) {
            return;
        }
        if (bar == null) {
            if (System.nanoTime() - start < DELAY_NANOS) {
                return;
            }
            bar = new ProgressBarBuilder()
                    .setTaskName(task)
                    .setInitialMax(total > 0 ? total : -1)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(err))
                    .setUpdateIntervalMillis(250)
                    .showSpeed()
                    .build();
        }
        if (total > 0 && bar.getMax() != total) {
            bar.maxHint(total);
        }
        bar.stepTo(done);
        if (message != null && !message.isEmpty()) {
            bar.setExtraMessage(" " + message);
        }
    }

    /** True once the bar has been drawn (the work outlasted the delay and output is a terminal). */
    synchronized boolean shown() {
        return bar != null;
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
