package org.cvxrelu.cli;

import java.io.PrintWriter;

import org.cvxrelu.BadInputException;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code cvxrelu} command line (SPEC.md): a thin layer over the library. Exit codes: 0 success, 2 bad
 * input (one line on stderr), 1 internal failure.
 */
@Command(name = "cvxrelu", mixinStandardHelpOptions = true, scope = picocli.CommandLine.ScopeType.INHERIT,
        version = "cvxrelu 0.1.0",
        description = "Exact, certified global optima of two-layer ReLU nets with weight decay.")
public final class Main implements java.util.concurrent.Callable<Integer> {
    public static final int BAD_INPUT = 2;
    public static final int INTERNAL = 1;

    /** The subcommands, in the order --help lists them. */
    private static final java.util.LinkedHashMap<String, java.util.function.Supplier<Object>> COMMANDS =
            new java.util.LinkedHashMap<>();

    static {
        COMMANDS.put("patterns", PatternsCommand::new);
        COMMANDS.put("solve", SolveCommand::new);
        COMMANDS.put("certify", CertifyCommand::new);
        COMMANDS.put("train", TrainCommand::new);
        COMMANDS.put("prune", PruneCommand::new);
        COMMANDS.put("split", SplitCommand::new);
        COMMANDS.put("path", PathCommand::new);
        COMMANDS.put("generate", GenerateCommand::new);
        COMMANDS.put("optimal", OptimalCommand::new);
        COMMANDS.put("reproduce", ReproduceCommand::new);
        COMMANDS.put("bench", BenchCommand::new);
        COMMANDS.put("predict", PredictCommand::new);
        COMMANDS.put("demo", DemoCommand::new);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (used by tests without exiting the JVM). */
    public static int run(String... args) {
        CommandLine cl = commandLine(args.length > 0 ? args[0] : null);
        try {
            return cl.execute(args);
        } catch (Error e) {
            System.err.println("cvxrelu: internal error: " + e);
            return INTERNAL;
        }
    }

    static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The command line with every subcommand, or with only {@code first} when it names one: building the
     * model of a picocli command costs start-up time, and a run needs only its own.
     */
    static CommandLine commandLine(String first) {
        CommandLine cl = new CommandLine(new Main());
        if (first != null && COMMANDS.containsKey(first)) {
            cl.addSubcommand(first, COMMANDS.get(first).get());
        } else {
            COMMANDS.forEach((name, make) -> cl.addSubcommand(name, make.get()));
        }
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            CommandLine.ParameterException shown = unknownOption(ex, args);
            err.println("cvxrelu: " + message(shown) + suggestion(shown) + " (see --help)");
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            StderrProgress.finishAny();
            PrintWriter err = commandLine.getErr();
            if (ex instanceof BadInputException) {
                err.println("cvxrelu: " + firstLine(ex.getMessage()));
                return BAD_INPUT;
            }
            err.println("cvxrelu: internal error: " + ex);
            if (System.getenv("CVXRELU_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            return INTERNAL;
        });
        return cl;
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /**
     * A misspelt option often shows up first as a missing required one ("--bta 0.1" leaves --beta unset): name
     * the unknown option instead, so that the suggestion can point at the right spelling.
     */
    static CommandLine.ParameterException unknownOption(CommandLine.ParameterException ex, String[] args) {
        if (!(ex instanceof CommandLine.MissingParameterException)) {
            return ex;
        }
        CommandLine.Model.CommandSpec spec = ex.getCommandLine().getCommandSpec();
        for (String a : args) {
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (name.startsWith("--") && name.length() > 2 && spec.findOption(name) == null) {
                return new CommandLine.UnmatchedArgumentException(ex.getCommandLine(), java.util.List.of(name));
            }
        }
        return ex;
    }

    /** The reason, first line; "unknown command 'X'" when the first word names no command. */
    static String message(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException u && ex.getCommandLine().getParent() == null
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            return "unknown command '" + u.getUnmatched().get(0) + "'";
        }
        return firstLine(ex.getMessage());
    }

    /**
     * "; did you mean …?" for a misspelt command or option (picocli's suggestions: the names close to the
     * unmatched word), or nothing.
     */
    static String suggestion(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            java.util.List<String> s = u.getSuggestions();
            if (s == null || s.isEmpty()) {
                s = closeNames(u.getUnmatched().get(0), ex.getCommandLine().getCommandSpec());
            }
            if (!s.isEmpty()) {
                return "; did you mean " + String.join(" or ", s.subList(0, Math.min(3, s.size()))) + "?";
            }
        }
        return "";
    }

    /**
     * The option names (for a word starting with '-') or command names within edit distance 2 of {@code word}
     * (1 for words of up to 4 letters), closest first: catches what picocli's bigram similarity misses, such as
     * "--bta" for "--beta".
     */
    static java.util.List<String> closeNames(String word, CommandSpec spec) {
        String w = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
        java.util.Collection<String> names = w.startsWith("-") ? spec.optionsMap().keySet() : spec.subcommands().keySet();
        int limit = w.replace("-", "").length() <= 4 ? 1 : 2;
        java.util.List<String> close = new java.util.ArrayList<>();
        for (String n : names) {
            if (editDistance(w, n) <= limit && n.startsWith("--") == w.startsWith("--")) {
                close.add(n);
            }
        }
        close.sort(java.util.Comparator.comparingInt((String n) -> editDistance(w, n)).thenComparing(n -> n));
        return close;
    }

    /** Levenshtein distance: the fewest insertions, deletions and substitutions turning a into b. */
    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    @Spec
    CommandSpec spec;

    /**
     * No command given: the usage with the list of commands on stderr, and exit 2 (a command is missing, as for
     * any other bad command line; {@code --help} prints the same on stdout and exits 0).
     */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return BAD_INPUT;
    }
}
