package org.cvxrelu.jmh;

import java.util.concurrent.TimeUnit;

import org.cvxrelu.bench.InstanceGenerator;
import org.cvxrelu.certify.Pricing;
import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.patterns.Patterns;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Pricing every group (19,840 patterns × 2 signs, n=40 d=3 + bias) at λ = y − 0.5·y: the separation check
 * behind every certificate. With threshold 0 every group is projected (the worst case); with threshold β only
 * those whose cheap bound matters.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PricingBench {
    ConeProgram program;
    double[] lambda;

    @Setup(Level.Trial)
    public void setup() {
        Dataset data = InstanceGenerator.teacher(40, 3, 3, 11, 0.1);
        program = new ConeProgram(data, Patterns.of(data, PatternOptions.exact(true)), 0.1);
        lambda = data.targets().clone();
        for (int k = 0; k < lambda.length; k++) {
            lambda[k] *= 0.5;
        }
    }

    @Benchmark
    public Pricing.Result priceAboveBeta() {
        return Pricing.price(program, lambda, 0.1);
    }

    @Benchmark
    public Pricing.Result priceAll() {
        return Pricing.price(program, lambda, 0.0);
    }
}
