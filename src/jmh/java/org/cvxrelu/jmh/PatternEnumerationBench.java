package org.cvxrelu.jmh;

import java.util.concurrent.TimeUnit;

import org.cvxrelu.bench.InstanceGenerator;
import org.cvxrelu.patterns.ArrangementEnumerator;
import org.cvxrelu.patterns.PatternSet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Exact enumeration of the arrangement's cells: Gaussian data + bias, n=40 d=3 (19,840 cells) and n=24 d=4 (21,806). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PatternEnumerationBench {
    @Param({"40x3", "24x4"})
    public String shape;

    double[][] design;

    @Setup(Level.Trial)
    public void setup() {
        String[] nd = shape.split("x");
        design = InstanceGenerator.teacher(Integer.parseInt(nd[0]), Integer.parseInt(nd[1]), 3, 11, 0.1).design(true);
        int count = ArrangementEnumerator.enumerate(design, true).size();
        int expected = shape.equals("40x3") ? 19840 : 21806;
        if (count != expected) {
            throw new IllegalStateException(shape + ": " + count + " cells, expected " + expected);
        }
    }

    @Benchmark
    public PatternSet enumerate() {
        return ArrangementEnumerator.enumerate(design, true);
    }
}
