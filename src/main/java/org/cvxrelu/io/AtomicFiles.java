package org.cvxrelu.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cvxrelu.BadInputException;

/**
 * Output files appear whole or not at all: written to a temporary file beside the target, then moved.
 *
 * <p>The temporary file is {@code .NAME.cvxrelu-tmp-PID-RANDOM}, created like any new file (so the result has
 * the permissions the umask gives, not the 0600 of {@link Files#createTempFile}). A process killed between
 * the write and the move (e.g. {@code kill -9}) leaves one behind; every later write into the same folder
 * removes those that are stale ({@link #stale}).
 */
public final class AtomicFiles {
    /** The name of a temporary file of ours: hidden, the target's name, the marker, the writer's pid, a nonce. */
    static final Pattern TEMP_NAME = Pattern.compile("\\..+\\.cvxrelu-tmp-(\\d+)-[0-9a-z]+");
    private static final String MARKER = ".cvxrelu-tmp-";
    /** A temporary file whose writer is gone is removed once this old (a writer in another pid namespace). */
    static final Duration DEAD_WRITER_AGE = Duration.ofMinutes(1);
    /** A temporary file this old is removed whatever its pid says (the pid may have been reused). */
    static final Duration MAX_AGE = Duration.ofHours(12);

    private AtomicFiles() {
    }

    public static void writeString(Path target, String content) {
        writeBytes(target, content.getBytes(StandardCharsets.UTF_8));
    }

    public static void writeBytes(Path target, byte[] content) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new BadInputException(target + ": cannot write: folder " + dir + " does not exist");
        }
        if (dir != null) {
            removeStaleTemporaries(dir);
        }
        Path tmp = null;
        try {
            tmp = createTemporary(abs, content);
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new BadInputException(target + ": cannot write: " + e.getMessage());
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temporary file is hidden, and the next write removes it once stale
                }
            }
        }
    }

    /**
     * A new file beside {@code abs} holding {@code content}. CREATE_NEW opens it with the default mode, which the
     * umask trims, as for any file the user creates.
     */
    private static Path createTemporary(Path abs, byte[] content) throws IOException {
        String prefix = "." + abs.getFileName() + MARKER + ProcessHandle.current().pid() + "-";
        for (int attempt = 0; ; attempt++) {
            Path tmp = abs.resolveSibling(prefix + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36));
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                out.write(content);
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            } catch (IOException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
        }
    }

    /** Removes the stale temporary files of ours in {@code dir}; nothing else, and never fails the write. */
    static void removeStaleTemporaries(Path dir) {
        Instant now = Instant.now();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, ".*" + MARKER + "*")) {
            for (Path p : entries) {
                try {
                    if (Files.isRegularFile(p) && stale(p, now)) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException | SecurityException ignored) {
                    // someone else's file, or it went away: not ours to worry about
                }
            }
        } catch (IOException | SecurityException ignored) {
            // an unreadable folder: the write itself will say what is wrong
        }
    }

    /**
     * A temporary file of ours is stale when its writer process (the pid in its name) is no longer alive and it
     * is older than {@link #DEAD_WRITER_AGE}, or when it is older than {@link #MAX_AGE}.
     */
    static boolean stale(Path p, Instant now) throws IOException {
        Matcher m = TEMP_NAME.matcher(p.getFileName().toString());
        if (!m.matches()) {
            return false;
        }
        Duration age = Duration.between(Files.getLastModifiedTime(p).toInstant(), now);
        if (age.compareTo(MAX_AGE) > 0) {
            return true;
        }
        long pid;
        try {
            pid = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return false;
        }
        boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        return !alive && age.compareTo(DEAD_WRITER_AGE) > 0;
    }
}
