package org.cvxrelu.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11: output files honour the umask, and temporary files left by a killed writer are cleaned up. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writtenFilesGetThePermissionsOfAnyNewFile() throws IOException {
        assumeTrue(Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null, "a POSIX file system");
        Path plain = Files.createFile(dir.resolve("plain.txt")); // default mode trimmed by the umask
        Path out = dir.resolve("net.json");
        AtomicFiles.writeString(out, "{}\n");
        assertThat(Files.readString(out)).isEqualTo("{}\n");
        assertThat(Files.getPosixFilePermissions(out)).isEqualTo(Files.getPosixFilePermissions(plain));
        AtomicFiles.writeString(out, "{\"again\":1}\n"); // replacing keeps the same rule
        assertThat(Files.getPosixFilePermissions(out)).isEqualTo(Files.getPosixFilePermissions(plain));
        assertThat(names()).containsExactlyInAnyOrder("plain.txt", "net.json"); // no temporary file left
    }

    @Test
    void staleTemporaryFilesOfOursAreRemovedAndNothingElse() throws IOException {
        long dead = deadPid();
        long me = ProcessHandle.current().pid();
        Instant now = Instant.now();
        // a kill -9 between write and move, two minutes ago: the writer is gone
        Path killed = fabricate(".net.json.cvxrelu-tmp-" + dead + "-k3x9", now.minus(Duration.ofMinutes(2)));
        // a temporary file of a live writer (this process), two minutes old: being written, keep
        Path live = fabricate(".other.csv.cvxrelu-tmp-" + me + "-a1", now.minus(Duration.ofMinutes(2)));
        // a dead pid, but just written (a writer in another pid namespace may still move it): keep
        Path fresh = fabricate(".p.json.cvxrelu-tmp-" + dead + "-b2", now);
        // older than the age limit: removed whatever the pid (pids are reused)
        Path ancient = fabricate(".q.json.cvxrelu-tmp-" + me + "-c3", now.minus(Duration.ofHours(13)));
        // not ours: an old-style temporary, a user's hidden file, a name without a pid
        Path legacy = fabricate(".net.json12345.tmp", now.minus(Duration.ofDays(3)));
        Path hidden = fabricate(".cvxrelu-tmp-notes", now.minus(Duration.ofDays(3)));
        Path noPid = fabricate(".r.json.cvxrelu-tmp-x-1", now.minus(Duration.ofDays(3)));

        AtomicFiles.writeString(dir.resolve("net.json"), "{}\n");

        assertThat(killed).doesNotExist();
        assertThat(ancient).doesNotExist();
        assertThat(live).exists();
        assertThat(fresh).exists();
        assertThat(legacy).exists();
        assertThat(hidden).exists();
        assertThat(noPid).exists();
        assertThat(dir.resolve("net.json")).hasContent("{}");
    }

    @Test
    void theStaleRuleReadsThePidAndTheAge() throws IOException {
        Instant now = Instant.now();
        Path p = fabricate(".a.cvxrelu-tmp-" + deadPid() + "-z", now.minus(Duration.ofSeconds(30)));
        assertThat(AtomicFiles.stale(p, now)).isFalse(); // too young to tell
        assertThat(AtomicFiles.stale(p, now.plus(Duration.ofMinutes(1)))).isTrue();
    }

    /** The pid of a process that has ended. */
    private static long deadPid() throws IOException {
        Process p = new ProcessBuilder("true").start();
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long pid = p.pid();
        assumeTrue(ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true), "pid not reused yet");
        return pid;
    }

    private Path fabricate(String name, Instant modified) throws IOException {
        Path p = Files.writeString(dir.resolve(name), "half a file");
        Files.setLastModifiedTime(p, FileTime.from(modified));
        return p;
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}
