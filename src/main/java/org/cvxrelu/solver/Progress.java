package org.cvxrelu.solver;

/** Receives progress lines of long runs (the command line prints them on stderr). */
@FunctionalInterface
public interface Progress {
    Progress NONE = message -> { };

    void report(String message);
}
