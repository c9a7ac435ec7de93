package org.cvxrelu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.cvxrelu.fuzz.CliRun;
import org.cvxrelu.net.NetFile;
import org.cvxrelu.net.Neuron;
import org.cvxrelu.net.ReluNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import picocli.CommandLine;

/** The rough edges of issue 15 ("As a command"), each run through the command line as a user would. */
class CommandLineEdgesTest {
    private static final Path TEACHER = Path.of("instances", "teacher_n12_d2.csv");
    private static final List<String> COMMANDS = List.of("patterns", "solve", "certify", "train", "prune", "split",
            "path", "generate", "optimal", "reproduce", "bench", "predict", "demo");

    @TempDir
    Path dir;

    private static void oneLine(CliRun r) {
        assertThat(r.err()).startsWith("cvxrelu: ").endsWith("\n");
        assertThat(r.err().strip()).doesNotContain("\n");
    }

    @Test
    void noArgumentsListsTheCommandsOnStderrAndExits2() {
        CliRun r = CliRun.of();
        assertThat(r.exitCode()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("Usage: cvxrelu", "Commands:");
        for (String c : COMMANDS) {
            assertThat(r.err()).as(c).containsPattern("(?m)^\\s+" + c + "\\s");
        }
        // --help: the same list, on stdout, exit 0
        CliRun help = CliRun.of("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Commands:", "reproduce");
    }

    @Test
    void misspeltCommandsAndOptionsGetASuggestion() {
        CliRun r = CliRun.of("slove", TEACHER.toString(), "--beta", "0.1");
        assertThat(r.exitCode()).isEqualTo(2);
        oneLine(r);
        assertThat(r.err()).contains("unknown command 'slove'").contains("did you mean solve?");
        CliRun o = CliRun.of("solve", TEACHER.toString(), "--bta", "0.1");
        assertThat(o.exitCode()).isEqualTo(2);
        oneLine(o);
        assertThat(o.err()).contains("'--bta'").contains("did you mean --beta?");
        CliRun none = CliRun.of("qqqqqq");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).doesNotContain("did you mean");
    }

    @Test
    void levenshteinDistanceIsTheTextbookOne() {
        assertThat(Main.editDistance("kitten", "sitting")).isEqualTo(3);
        assertThat(Main.editDistance("--bta", "--beta")).isEqualTo(1);
        assertThat(Main.editDistance("", "abc")).isEqualTo(3);
        assertThat(Main.editDistance("same", "same")).isZero();
    }

    /**
     * Every command with an output is refused at once when the output cannot be written: the data file named
     * here does not exist, so a refusal that names --out (not the data) shows the output was checked first.
     */
    @Test
    void outIsCheckedBeforeAnyWork() throws IOException {
        String missingData = dir.resolve("no-such-data.csv").toString();
        String net = dir.resolve("no-such-net.json").toString();
        String badFile = dir.resolve("no-such-folder").resolve("out.json").toString();
        Path aFile = Files.writeString(dir.resolve("a-file.txt"), "x");
        List<String[]> runs = new ArrayList<>();
        runs.add(new String[] {"solve", missingData, "--beta", "0.1", "--out", badFile});
        runs.add(new String[] {"patterns", missingData, "--out", badFile});
        runs.add(new String[] {"train", missingData, "--beta", "0.1", "--width", "2", "--out", badFile});
        runs.add(new String[] {"train", missingData, "--beta", "0.1", "--width", "2", "--plot", badFile});
        runs.add(new String[] {"path", missingData, "--betas", "0.1", "--out", badFile});
        runs.add(new String[] {"path", missingData, "--betas", "0.1", "--plot", badFile});
        runs.add(new String[] {"prune", missingData, net, "--beta", "0.1", "--out", badFile});
        runs.add(new String[] {"split", net, "--out", badFile});
        runs.add(new String[] {"predict", missingData, net, "--out", badFile});
        runs.add(new String[] {"generate", "teacher", "--n", "5", "--d", "2", "--out", badFile});
        runs.add(new String[] {"optimal", missingData, "--beta", "0.1", "--out-prefix", dir.resolve("nope/p").toString()});
        runs.add(new String[] {"solve", missingData, "--beta", "0.1", "--out", dir.toString()}); // a folder
        runs.add(new String[] {"bench", "--out", aFile.toString()}); // a file where a folder is needed
        runs.add(new String[] {"reproduce", "linear", "--out", aFile.toString()});
        runs.add(new String[] {"reproduce", "safran-shamir", "--population", "--k", "2", "--out", aFile.toString()});
        for (String[] args : runs) {
            CliRun r = CliRun.of(args);
            String what = String.join(" ", args);
            assertThat(r.exitCode()).as(what).isEqualTo(2);
            oneLine(r);
            assertThat(r.err()).as(what).containsPattern("--out|--plot|--out-prefix").doesNotContain("no-such-data");
        }
        assertThat(Files.readString(aFile)).isEqualTo("x");
    }

    /** certify at a β other than the one the net records says so on stderr (it said nothing: a user-style pass). */
    @Test
    void certifyAtAnotherBetaThanTheNetsSaysSo() throws Exception {
        Path net = Files.writeString(dir.resolve("n.json"),
                "{\"format\":\"cvxrelu.net/1\",\"bias\":true,\"beta\":0.1,\"neurons\":[]}");
        CliRun other = CliRun.of("certify", TEACHER.toString(), net.toString(), "--beta", "0.2", "--json", "-q");
        assertThat(other.exitCode()).as(other.err()).isZero();
        assertThat(other.err()).contains("records beta = 0.1").contains("--beta 0.2");
        CliRun same = CliRun.of("certify", TEACHER.toString(), net.toString(), "--beta", "0.1", "--json", "-q");
        assertThat(same.exitCode()).as(same.err()).isZero();
        assertThat(same.err()).doesNotContain("records beta");
    }

    /** A negative or non-finite teacher noise (a standard deviation) is bad input: it was accepted (a user-style pass). */
    @Test
    void generateRefusesANegativeNoise() {
        Path out = dir.resolve("t.csv");
        for (String noise : new String[] {"-1", "NaN", "Infinity"}) {
            CliRun r = CliRun.of("generate", "teacher", "--n", "5", "--d", "2", "--noise", noise, "--out", out.toString());
            assertThat(r.exitCode()).as(noise).isEqualTo(2);
            oneLine(r);
            assertThat(r.err()).contains("--noise");
        }
        assertThat(out).doesNotExist();
        assertThat(CliRun.of("generate", "teacher", "--n", "5", "--d", "2", "--noise", "0", "--out", out.toString())
                .exitCode()).isZero();
    }

    @Test
    void benchAndReproduceDefaultToAFolderUnderTheCurrentOneAndNameIt() throws Exception {
        BenchCommand bench = new BenchCommand();
        new CommandLine(bench).parseArgs();
        assertThat(bench.out).isEqualTo(Path.of("cvxrelu-bench"));
        // run in a fresh current folder (a child JVM): the files land in ./cvxrelu-experiments, named in the output
        Path cwd = Files.createDirectories(dir.resolve("cwd"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "reproduce", "linear", "--quick",
                "--json", "-q").directory(cwd.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(240, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        JsonObject o = JsonParser.parseString(out.trim()).getAsJsonObject();
        Path folder = cwd.resolve(ReproduceCommand.DEFAULT_OUT);
        assertThat(Path.of(o.get("out").getAsString())).isEqualTo(folder.toRealPath());
        assertThat(folder.resolve("linear_gd.csv")).isRegularFile();
    }

    @Test
    void pathFlagsABetaThatDidNotConvergeAndPrintsATable() throws IOException {
        Path csv = dir.resolve("path.csv");
        // beta = 1e-10: cannot be certified in 2 s (instances/stress.csv: the optimum is at the rounding level)
        CliRun r = CliRun.of("path", TEACHER.toString(), "--betas", "1e-10,0.1", "--time-limit", "2", "--out",
                csv.toString(), "-q");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("beta,objective,lowerBound,lowerBoundScope,relativeGap,neurons,converged");
        assertThat(lines.get(1)).startsWith("1.0E-10,").endsWith(",false");
        assertThat(lines.get(2)).startsWith("0.1,").endsWith(",true");
        assertThat(r.err()).contains("cvxrelu: warning: beta 1.0E-10 did not converge: certified gap");
        assertThat(r.err()).doesNotContain("beta 0.1 did not converge");
        // text output: a table with a converged column, no JSON
        assertThat(r.out()).doesNotContain("{").contains("converged").containsPattern("(?m)^converged\\s+false$");
        assertThat(r.out()).containsPattern("(?m)^\\s+beta\\s+objective\\s+lowerBound\\s+relativeGap\\s+neurons\\s+converged");
        CliRun json = CliRun.of("path", TEACHER.toString(), "--betas", "0.1", "--json", "-q");
        JsonObject o = JsonParser.parseString(json.out().trim()).getAsJsonObject();
        assertThat(o.getAsJsonArray("path").get(0).getAsJsonObject().get("converged").getAsBoolean()).isTrue();
    }

    @Test
    void pathAndTrainDrawTheirPlots() throws IOException {
        Path pathPng = dir.resolve("path.png");
        CliRun r = CliRun.of("path", TEACHER.toString(), "--betas", "0.05,0.1,0.5", "--plot", pathPng.toString(), "-q");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertPng(pathPng);
        Path trainPng = dir.resolve("train.png");
        CliRun t = CliRun.of("train", TEACHER.toString(), "--beta", "0.1", "--width", "4", "--epochs", "200",
                "--plot", trainPng.toString(), "--optimum", "0.6576864139", "--json", "-q");
        assertThat(t.exitCode()).as(t.err()).isZero();
        assertPng(trainPng);
        CliRun bad = CliRun.of("train", TEACHER.toString(), "--beta", "0.1", "--width", "4", "--optimum", "0.5");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--plot");
    }

    private static void assertPng(Path p) throws IOException {
        byte[] b = Files.readAllBytes(p);
        assertThat(b.length).isGreaterThan(1000);
        assertThat(new String(b, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    @Test
    void predictKeepsStdoutForPredictionsAndCountsColumnsRight() throws IOException {
        // a net on d = 2 features: f(x) = relu(x1 + x2 + 1) * 2
        ReluNet net = new ReluNet(true, 0.1, List.of(new Neuron(new double[] {1, 1, 1}, 2)));
        Path netFile = dir.resolve("net.json");
        NetFile.write(net, netFile);
        Path withTarget = Files.writeString(dir.resolve("t.csv"), "a,b,y\n1,2,0\n-3,0,0\n");
        CliRun r = CliRun.of("predict", withTarget.toString(), netFile.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        // stdout: only the predictions, one per line (8 = 2 relu(4), 0 = 2 relu(-2))
        String[] lines = r.out().strip().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(Double.parseDouble(lines[0])).isEqualTo(8.0);
        assertThat(Double.parseDouble(lines[1])).isEqualTo(0.0);
        assertThat(r.err()).contains("rmse");
        // features only: also fine
        Path featuresOnly = Files.writeString(dir.resolve("f.csv"), "a,b\n1,2\n");
        CliRun f = CliRun.of("predict", featuresOnly.toString(), netFile.toString(), "-q");
        assertThat(f.exitCode()).isZero();
        assertThat(Double.parseDouble(f.out().strip())).isEqualTo(8.0);
        assertThat(f.err()).isEmpty();
        // four columns for a net of 2 features: the reason counts the file's columns and names both valid counts
        Path wide = Files.writeString(dir.resolve("w.csv"), "a,b,c,y\n1,2,3,4\n");
        CliRun w = CliRun.of("predict", wide.toString(), netFile.toString());
        assertThat(w.exitCode()).isEqualTo(2);
        oneLine(w);
        assertThat(w.err()).contains("w.csv: line 1: 4 columns").contains("takes 2 features")
                .contains("2 columns (features only) or 3 (features, then the target)");
    }

    /**
     * A one-feature net takes a one-column file of features (the CSV reader refused any one-column file), and the
     * zero net that {@code solve} answers at a large β records its d, so {@code predict} still counts columns (it
     * took the last column of any file as the target).
     */
    @Test
    void predictTakesOneFeatureColumnAndCountsColumnsForTheZeroNet() throws IOException {
        Path one = dir.resolve("one.json");
        NetFile.write(new ReluNet(true, 0.1, List.of(new Neuron(new double[] {2, -1}, 3))), one);
        Path x = Files.writeString(dir.resolve("x.csv"), "x\n1\n0\n");
        CliRun r = CliRun.of("predict", x.toString(), one.toString(), "-q");
        assertThat(r.exitCode()).as(r.err()).isZero();
        // 3 relu(2x − 1): 3 at x = 1, 0 at x = 0
        assertThat(java.util.Arrays.stream(r.out().strip().split("\n")).mapToDouble(Double::parseDouble).toArray())
                .containsExactly(3.0, 0.0);
        Path zero = dir.resolve("zero.json");
        CliRun s = CliRun.of("solve", TEACHER.toString(), "--beta", "1e6", "--out", zero.toString(), "-q");
        assertThat(s.exitCode()).as(s.err()).isZero();
        assertThat(NetFile.read(zero).width()).isZero();
        Path wide = Files.writeString(dir.resolve("w4.csv"), "a,b,c,y\n1,2,3,4\n");
        CliRun w = CliRun.of("predict", wide.toString(), zero.toString());
        assertThat(w.exitCode()).isEqualTo(2);
        assertThat(w.err()).contains("takes 2 features");
        CliRun t = CliRun.of("predict", TEACHER.toString(), zero.toString(), "--json");
        assertThat(t.exitCode()).as(t.err()).isZero();
        assertThat(t.out()).contains("\"hasTargets\":true");
    }

    /**
     * The last progress line of a run is its final state: a report the one-line-a-second limit held back is printed
     * when the run ends (it was lost, so the last line shown could be an earlier solve's bound, not the answer's);
     * nothing is added when the final state was printed already, or when nothing was shown at all.
     */
    @Test
    void theFinalProgressStateIsPrintedAtTheEnd() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        long[] now = {0};
        StderrProgress p = new StderrProgress(new PrintStream(buf, true, StandardCharsets.UTF_8), false, () -> now[0]);
        now[0] = 1_500_000_000L;
        p.report("fista it=400 lower=174.0");
        now[0] = 1_800_000_000L;
        p.report("outer 1 lower 3.63"); // within the second: held back
        assertThat(buf.toString(StandardCharsets.UTF_8).split("\n")).hasSize(1);
        now[0] = 1_900_000_000L;
        p.finishWithLatest();
        String[] lines = buf.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[1]).isEqualTo("[   1.9s] outer 1 lower 3.63");
        p.finishWithLatest(); // already shown: nothing more
        assertThat(buf.toString(StandardCharsets.UTF_8).split("\n")).hasSize(2);
        ByteArrayOutputStream quiet = new ByteArrayOutputStream();
        StderrProgress q = new StderrProgress(new PrintStream(quiet, true, StandardCharsets.UTF_8), false, () -> 0L);
        q.report("short run");
        q.finishWithLatest();
        assertThat(quiet.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void progressShowsThePhaseABarAndAtMostALineASecond() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        long[] now = {0};
        StderrProgress p = new StderrProgress(new PrintStream(buf, true, StandardCharsets.UTF_8), false, () -> now[0]);
        p.phase("patterns");
        p.report("early"); // within the first second: nothing
        assertThat(buf.toString(StandardCharsets.UTF_8)).isEmpty();
        p.phase("path");
        // 10 s of reports every 10 ms: at most one line a second
        for (int k = 0; k < 1000; k++) {
            now[0] = 1_000_000_000L + k * 10_000_000L;
            p.advance(k / 100, 10);
            if (k % 2 == 0) {
                p.phase("working set");
            } else {
                p.phase("pricing");
            }
            p.report("outer " + k);
            p.phase("path");
        }
        String[] lines = buf.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines.length).isBetween(9, 10);
        assertThat(lines[0]).startsWith("[   1.0s] path [....................]   0% 0/10");
        assertThat(lines[lines.length - 1]).contains("path [##################..]  90% 9/10");
        // on a terminal: one line rewritten in place (carriage returns, no newline) until finish() ends it
        ByteArrayOutputStream tty = new ByteArrayOutputStream();
        long[] t = {0};
        StderrProgress r = new StderrProgress(new PrintStream(tty, true, StandardCharsets.UTF_8), true, () -> t[0]);
        r.phase("training");
        for (int k = 0; k <= 40; k++) {
            t[0] = 1_000_000_000L + k * 100_000_000L; // 4 s, a report every 0.1 s
            r.advance(k, 40);
        }
        String shown = tty.toString(StandardCharsets.UTF_8);
        assertThat(shown).doesNotContain("\n").startsWith("\r[   1.0s] training");
        assertThat(shown.chars().filter(c -> c == '\r').count()).isBetween(10L, 17L); // at most 4 a second
        r.finish();
        assertThat(tty.toString(StandardCharsets.UTF_8)).endsWith("\n");
        // a phase without an amount: its name and the latest line, no bar
        StderrProgress q = new StderrProgress(new PrintStream(new ByteArrayOutputStream()), false, () -> 0);
        q.phase("certificate");
        q.report("priced 10 of 10");
        assertThat(q.line(2.5)).isEqualTo("[   2.5s] certificate  priced 10 of 10");
    }

    @Test
    void textOutputFlattensNestedResultsIntoKeyValueLines() {
        java.util.Map<String, Object> inner = new java.util.LinkedHashMap<>();
        inner.put("files", List.of("a.csv", "b.png"));
        inner.put("rel", 1.5e-9);
        java.util.Map<String, Object> report = new java.util.LinkedHashMap<>();
        report.put("experiment", "linear");
        report.put("linear", inner);
        report.put("seconds", 2.0);
        String text = OutputOptions.text(report);
        assertThat(text).isEqualTo("experiment    linear\nlinear.files  a.csv, b.png\nlinear.rel    1.5e-09\n"
                + "seconds       2\n");
    }
}
