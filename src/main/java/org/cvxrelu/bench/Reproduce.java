package org.cvxrelu.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cvxrelu.BadInputException;

/** The experiments of docs/EXPERIMENTS.md by name, and running one or all of them. */
public final class Reproduce {
    /** The experiments in the order {@code all} runs them. */
    public static final List<Experiment> EXPERIMENTS = List.of(new KumarExperiment(), new ErgenPilanciExperiment(),
            new SafranShamirExperiment(), new LinearExperiment(), new OptimalSetsExperiment());

    private Reproduce() {
    }

    /** The names accepted by {@link #run}: every experiment's name and "all". */
    public static List<String> names() {
        List<String> names = new java.util.ArrayList<>();
        for (Experiment e : EXPERIMENTS) {
            names.add(e.name());
        }
        names.add("all");
        return names;
    }

    /** Runs the named experiment (or all); the summary of each, keyed by name. */
    public static Map<String, Object> run(String name, Path out, long seed, boolean quick) {
        Map<String, Object> res = new LinkedHashMap<>();
        boolean found = false;
        for (Experiment e : EXPERIMENTS) {
            if (name.equals("all") || name.equals(e.name())) {
                found = true;
                long t0 = System.nanoTime();
                Map<String, Object> s = new LinkedHashMap<>(e.run(out, seed, quick));
                s.put("seconds", (System.nanoTime() - t0) / 1e9);
                res.put(e.name(), s);
            }
        }
        if (!found) {
            throw new BadInputException("unknown experiment '" + name + "', expected one of " + names());
        }
        return res;
    }

    static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
