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
}
