package org.cvxrelu.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.cvxrelu.data.CsvDataReader;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.InputScaling;
import org.cvxrelu.net.NetFile;
import org.cvxrelu.net.ReluNet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes every reader through the command line (issue 7): data CSVs through {@code patterns} and {@code solve},
 * net files through {@code certify}, {@code predict} and {@code prune}. Inputs are valid seeds (small instance
 * files, nets written by {@code solve}) damaged by one to three {@link Mutation}s; each run must keep the
 * {@link Contract}. Deterministic: input i is drawn from a generator seeded with {@code fuzz.seed} and i.
 * {@code -Dfuzz.inputs=N} sets the number of inputs (split 60/40 between CSVs and nets; default 2500, about
 * 30 s on two cores).
 */
class ReaderFuzzTest {
    static final long SEED = Long.getLong("fuzz.seed", 7L);
    static final int INPUTS = Integer.getInteger("fuzz.inputs", 2500);
    static final Duration LIMIT = Duration.ofSeconds(20);
    static final List<String> CSV_SEEDS = List.of("teacher_n12_d2.csv", "kumar_n10_d3.csv", "kumar_n5_d8.csv");

    @TempDir
    static Path dir;
    static Path in;
    static Path outDir;
    static final List<byte[]> csvSeeds = new ArrayList<>();
    /** Valid nets, each with the data file it fits. */
    static final List<byte[]> netSeeds = new ArrayList<>();
    static final List<Path> netData = new ArrayList<>();

    @BeforeAll
    static void seeds() throws IOException {
        in = Files.createDirectory(dir.resolve("in"));
        outDir = Files.createDirectory(dir.resolve("out"));
        for (String name : CSV_SEEDS) {
            Path data = Path.of("instances", name);
            csvSeeds.add(Files.readAllBytes(data));
            Path net = dir.resolve(name + ".net.json");
            CliRun solved = CliRun.of("solve", data.toString(), "--beta", "0.1", "--quiet", "--out", net.toString());
            assertThat(solved.exitCode()).as(solved.err()).isZero();
            netSeeds.add(Files.readAllBytes(net));
            netData.add(data);
        }
        csvSeeds.add("a,b,target\n1,2,3\n-1,0.5,2\n0,1,-1\n".getBytes());
        csvSeeds.add("\uFEFF\"x 1\",\"y\"\r\n\"1.5\",2\r\n-0.5,1e-3\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Path data = netData.get(0);
        Dataset raw = CsvDataReader.read(data);
        ReluNet net = NetFile.read(dir.resolve(CSV_SEEDS.get(0) + ".net.json"));
        Path scaled = dir.resolve("scaled.net.json");
        NetFile.write(net.withScaling(InputScaling.standardize(raw, true)), scaled);
        netSeeds.add(Files.readAllBytes(scaled));
        netData.add(data);
        netSeeds.add("{\"format\":\"cvxrelu.net/1\",\"bias\":true,\"beta\":0.1,\"neurons\":[]}".getBytes());
        netData.add(data);
    }

    @Test
    void damagedCsvFilesAreRefusedWithOneLineOrRead() {
        FuzzRecord record = new FuzzRecord("csv", LIMIT);
        List<Mutation> specific = CsvMutations.all();
        List<Mutation> bytes = ByteMutations.all();
        Path out = outDir.resolve("net.json");
        for (int i = 0; i < INPUTS * 6 / 10; i++) {
            SplittableRandom r = random(1, i);
            byte[] content = Mutation.pick(csvSeeds, r);
            StringBuilder chain = new StringBuilder();
            int times = r.nextInt(4) == 0 ? 2 + r.nextInt(2) : 1;
            for (int t = 0; t < times; t++) {
                Mutation m = Mutation.pick(r.nextInt(10) < 6 ? specific : bytes, r);
                content = m.apply(content, r);
                chain.append(t == 0 ? "" : "+").append(m.name());
            }
            Path file = write(String.format("fuzz-%05d.csv", i), content);
            record.input(String.format("%05d %s", i, chain), content, file, out, outDir, List.of(
                    new String[] {"patterns", file.toString(), "--json"},
                    new String[] {"solve", file.toString(), "--beta", "0.1", "--time-limit", "5", "--quiet", "--json",
                            "--out", out.toString()}));
        }
        System.out.print(record.summary());
        assertThat(record.failures()).as(record.summary()).isEmpty();
    }

    @Test
    void damagedNetFilesAreRefusedWithOneLineOrRead() {
        FuzzRecord record = new FuzzRecord("net", LIMIT);
        List<Mutation> specific = NetMutations.all();
        List<Mutation> bytes = new ArrayList<>(ByteMutations.all());
        Path out = outDir.resolve("out.file");
        for (int i = 0; i < INPUTS - INPUTS * 6 / 10; i++) {
            SplittableRandom r = random(2, i);
            int s = r.nextInt(netSeeds.size());
            byte[] content = netSeeds.get(s);
            StringBuilder chain = new StringBuilder();
            if (r.nextInt(10) < 7) {
                Mutation m = Mutation.pick(specific, r);
                content = m.apply(content, r);
                chain.append(m.name());
            }
            int times = chain.isEmpty() ? 1 + r.nextInt(2) : r.nextInt(4) == 0 ? 1 : 0;
            for (int t = 0; t < times; t++) {
                Mutation m = Mutation.pick(bytes, r);
                content = m.apply(content, r);
                chain.append(chain.isEmpty() ? "" : "+").append(m.name());
            }
            Path file = write(String.format("fuzz-%05d.json", i), content);
            String data = netData.get(s).toString();
            record.input(String.format("%05d %s", i, chain), content, file, out, outDir, List.of(
                    new String[] {"certify", data, file.toString(), "--beta", "0.1", "--json"},
                    new String[] {"predict", data, file.toString(), "--out", out.toString()},
                    new String[] {"prune", data, file.toString(), "--beta", "0.1", "--json", "--out", out.toString()}));
        }
        System.out.print(record.summary());
        assertThat(record.failures()).as(record.summary()).isEmpty();
    }

    @Test
    void pathsThatAreNotReadableFilesAreRefusedWithOneLine() throws IOException {
        FuzzRecord record = new FuzzRecord("path", LIMIT);
        Path csv = netData.get(0);
        Path net = dir.resolve(CSV_SEEDS.get(0) + ".net.json");
        Path folder = Files.createDirectories(dir.resolve("a-folder.csv"));
        Path unreadable = Files.write(dir.resolve("unreadable.csv"), csvSeeds.get(0));
        boolean canLockOut = unreadable.toFile().setReadable(false, false) && !Files.isReadable(unreadable);
        List<Path> bad = new ArrayList<>(List.of(dir.resolve("missing.csv"), folder, csv.resolve("below-a-file.csv"),
                dir.resolve("missing-folder").resolve("x.csv")));
        if (canLockOut) {
            bad.add(unreadable); // not when the tests run as root, who reads everything
        }
        Path out = outDir.resolve("out.file");
        int i = 0;
        for (Path p : bad) {
            String label = String.format("%05d path-%s", i++, p.getFileName());
            String s = p.toString();
            record.input(label, new byte[0], p, out, outDir, List.of(
                    new String[] {"patterns", s, "--json"},
                    new String[] {"solve", s, "--beta", "0.1", "--quiet", "--out", out.toString()}));
            record.input(label, new byte[0], p, out, outDir, List.of(
                    new String[] {"certify", csv.toString(), s, "--beta", "0.1", "--json"},
                    new String[] {"predict", csv.toString(), s, "--out", out.toString()},
                    new String[] {"prune", csv.toString(), s, "--beta", "0.1", "--out", out.toString()}));
            record.input(label, new byte[0], p, out, outDir, List.of(
                    new String[] {"certify", s, net.toString(), "--beta", "0.1", "--json"},
                    new String[] {"predict", s, net.toString(), "--out", out.toString()}));
        }
        System.out.print(record.summary());
        assertThat(record.failures()).as(record.summary()).isEmpty();
    }

    private static SplittableRandom random(int stream, int i) {
        return new SplittableRandom(SEED * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L + i);
    }

    private static Path write(String name, byte[] content) {
        try {
            return Files.write(in.resolve(name), content);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
