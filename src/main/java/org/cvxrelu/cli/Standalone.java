package org.cvxrelu.cli;

import picocli.CommandLine;

/** Runs one command on its own, with Main's error handling (exit 2 on bad input, 1 on internal failure). */
final class Standalone {
    private Standalone() {
    }

    static int run(Object command, String... args) {
        CommandLine cl = new CommandLine(command);
        CommandLine main = Main.commandLine();
        cl.setParameterExceptionHandler(main.getParameterExceptionHandler());
        cl.setExecutionExceptionHandler(main.getExecutionExceptionHandler());
        return cl.execute(args);
    }
}
