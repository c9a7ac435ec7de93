package org.cvxrelu;

/**
 * Input the user can fix: a malformed data or net file, an option out of range, a problem too large
 * for the memory budget. The command line turns it into exit code 2 and a one-line message.
 */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** β itself, or a BadInputException when it is not a positive finite number. */
    public static double positiveBeta(double beta) {
        if (!(beta > 0) || !Double.isFinite(beta)) {
            throw new BadInputException("--beta must be a positive number, got " + beta);
        }
        return beta;
    }
}
