package org.cvxrelu.solver;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeMap;

import org.cvxrelu.BadInputException;

/** The registry of backends, discovered with {@link ServiceLoader}. */
public final class ConeSolvers {
    public static final String DEFAULT = "ipm";

    private ConeSolvers() {
    }

    public static List<ConeSolver> all() {
        TreeMap<String, ConeSolver> byName = new TreeMap<>();
        for (ConeSolver s : ServiceLoader.load(ConeSolver.class, ConeSolvers.class.getClassLoader())) {
            byName.putIfAbsent(s.name(), s);
        }
        return new ArrayList<>(byName.values());
    }

    public static List<String> names() {
        return all().stream().map(ConeSolver::name).toList();
    }

    /** The backend called {@code name}; a {@link BadInputException} naming the known ones otherwise. */
    public static ConeSolver byName(String name) {
        for (ConeSolver s : all()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new BadInputException("unknown solver '" + name + "', expected one of " + names());
    }
}
