package org.cvxrelu.cli;

import java.io.PrintWriter;

import org.cvxrelu.BadInputException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cvxrelu} command line (SPEC.md): a thin layer over the library. Exit codes: 0 success, 2 bad
 * input (one line on stderr), 1 internal failure.
 */
@Command(name = "cvxrelu", mixinStandardHelpOptions = true, scope = picocli.CommandLine.ScopeType.INHERIT,
        version = "cvxrelu 0.1.0",
        description = "Exact, certified global optima of two-layer ReLU nets with weight decay.")
public final class Main implements Runnable {
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
            err.println("cvxrelu: " + firstLine(ex.getMessage()) + " (see --help)");
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
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

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
