package org.cvxrelu.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.cvxrelu.data.CsvDataReader;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.io.AtomicFiles;
import org.cvxrelu.io.Json;
import org.cvxrelu.patterns.PatternSet;
import org.cvxrelu.patterns.Patterns;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code patterns DATA [--no-bias] [--sample N --seed S] [--out FILE]}: exact or sampled activation patterns. */
@Command(name = "patterns", description = "Enumerate (or sample) the activation patterns of a data set.")
final class PatternsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DATA", description = "CSV data file (header row, target last).")
    Path data;

    @Mixin
    PatternChoice choice;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the patterns and witnesses (JSON) here.")
    Path out;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        OutputPaths.checkFile("--out", out);
        long t0 = System.nanoTime();
        Dataset ds = CsvDataReader.read(data);
        PatternSet p = Patterns.of(ds, choice.options());
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (out != null) {
            AtomicFiles.writeString(out, Json.toJson(fileContent(ds, p), false) + "\n");
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("count", p.size());
        report.put("exact", p.exact());
        report.put("coverBound", Patterns.coverBound(ds.n(), ds.r(choice.bias())).doubleValue());
        report.put("seconds", seconds);
        report.put("mode", p.mode());
        report.put("n", ds.n());
        report.put("d", ds.d());
        report.put("r", p.r());
        report.put("bias", p.bias());
        if (!p.exact()) {
            report.put("samples", p.samplesDrawn());
            report.put("seed", p.seed());
        }
        if (out != null) {
            report.put("out", out.toString());
        }
        output.print(report);
        return 0;
    }

    static Map<String, Object> fileContent(Dataset ds, PatternSet p) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("format", "cvxrelu.patterns/1");
        o.put("data", ds.source());
        o.put("n", p.n());
        o.put("r", p.r());
        o.put("bias", p.bias());
        o.put("exact", p.exact());
        o.put("mode", p.mode());
        List<Object> list = new ArrayList<>(p.size());
        for (int i = 0; i < p.size(); i++) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("active", p.bits(i));
            e.put("witness", p.witness(i));
            list.add(e);
        }
        o.put("patterns", list);
        return o;
    }
}
