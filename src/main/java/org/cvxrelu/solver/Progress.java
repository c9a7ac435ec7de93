package org.cvxrelu.solver;

/**
 * Receives progress of long runs: free-form lines, the phase the work is in, and how far a phase whose amount
 * is known has got. Library code reports through this and prints nothing; the command line shows it on stderr.
 * Only {@link #report} must be implemented: a listener that ignores phases keeps working.
 */
@FunctionalInterface
public interface Progress {
    Progress NONE = message -> { };

    /** Phase names the solver uses (a listener may show any other name it is given as well). */
    String PATTERNS = "patterns";
    String WORKING_SET = "working set";
    String PRICING = "pricing";
    String FIRST_ORDER = "first-order finish";
    String PRUNING = "pruning";
    String CERTIFICATE = "certificate";

    /** One line about the current state of the work (e.g. an iteration's objective and gap). */
    void report(String message);

    /**
     * The work enters phase {@code name} (e.g. {@link #PATTERNS}, {@link #WORKING_SET}, {@link #PRICING},
     * {@link #PRUNING}, {@link #CERTIFICATE}); the lines and the amounts that follow belong to it.
     */
    default void phase(String name) {
    }

    /** {@code done} of {@code total} units of the current phase are finished ({@code total} ≥ 1). */
    default void advance(long done, long total) {
    }
}
