package org.cvxrelu.bench;

import java.nio.file.Path;
import java.util.Map;

/** One reproducible experiment: writes its CSV files (and plots) into a folder and returns a summary. */
public interface Experiment {
    /** The name on the command line ({@code reproduce NAME}). */
    String name();

    /**
     * Runs the experiment.
     *
     * @param out   folder for the CSV and PNG files (created if missing)
     * @param seed  base seed; everything is deterministic given it
     * @param quick smaller sizes and fewer runs (seconds), for tests and smoke checks
     * @return a summary (plain maps, lists, numbers, strings), including {@code files}: the files written
     */
    Map<String, Object> run(Path out, long seed, boolean quick);
}
