package org.cvxrelu.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.cvxrelu.BadInputException;

/**
 * Checks, before any work starts, that an output can be written: a run of minutes must not be lost to a
 * missing or read-only folder found only at the end. The check writes and removes a hidden probe file, the
 * one test that answers for permissions, read-only mounts and ACLs alike.
 */
final class OutputPaths {
    private OutputPaths() {
    }

    /** {@code file} (given as {@code option}) can be created or replaced; a no-op for null. */
    static void checkFile(String option, Path file) {
        if (file == null) {
            return;
        }
        Path abs = file.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new BadInputException(option + " " + file + " is a folder, expected a file name");
        }
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new BadInputException(option + " " + file + ": folder " + dir + " does not exist");
        }
        if (Files.exists(abs) && !Files.isWritable(abs)) {
            throw new BadInputException(option + " " + file + ": the file exists and is not writable");
        }
        probe(option, file, dir);
    }

    /** {@code dir} (given as {@code option}) is a writable folder, created (with its parents) when missing. */
    static void checkFolder(String option, Path dir) {
        Path abs = dir.toAbsolutePath();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new BadInputException(option + " " + dir + " is a file, expected a folder");
        }
        try {
            Files.createDirectories(abs);
        } catch (IOException | SecurityException e) {
            throw new BadInputException(option + " " + dir + ": cannot create the folder (" + e.getMessage() + ")");
        }
        probe(option, dir, abs);
    }

    private static void probe(String option, Path given, Path dir) {
        try {
            Path p = Files.createTempFile(dir, ".cvxrelu-probe-", ".tmp");
            Files.delete(p);
        } catch (IOException | SecurityException e) {
            throw new BadInputException(option + " " + given + ": cannot write into " + dir + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }
}
