package org.cvxrelu.solver;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

import org.cvxrelu.BadInputException;

/** The registry of backends, discovered with {@link ServiceLoader}. */
public final class ConeSolvers {
    public static final String DEFAULT = "ipm";

    private ConeSolvers() {
    }

    /**
     * The backends that load, by name. A backend whose optional library is missing (the JOptimizer
     * cross-check when a consumer did not add JOptimizer) is left out instead of failing the others.
     */
    public static List<ConeSolver> all() {
        TreeMap<String, ConeSolver> byName = new TreeMap<>();
        Iterator<ConeSolver> it = ServiceLoader.load(ConeSolver.class, ConeSolvers.class.getClassLoader()).iterator();
        while (true) {
            ConeSolver s;
            try {
                if (!it.hasNext()) {
                    break;
                }
                s = it.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                continue; // this provider's classes need a library that is not on the path
            }
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
