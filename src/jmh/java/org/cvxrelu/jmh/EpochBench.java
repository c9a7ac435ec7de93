package org.cvxrelu.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.cvxrelu.bench.InstanceGenerator;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.train.NetObjectiveGradient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One training epoch's kernel: a full-batch value and gradient (one GD step) and a pass of minibatch
 * gradients of size 32 (one SGD/Adam epoch, without the update), on planted data, width m.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EpochBench {
    @Param({"1000"})
    public int n;

    @Param({"10"})
    public int d;

    @Param({"50"})
    public int width;

    NetObjectiveGradient f;
    double[] theta;
    double[] grad;
    int[] rows;

    @Setup(Level.Trial)
    public void setup() {
        Dataset data = InstanceGenerator.teacher(n, d, 5, 3, 0.1);
        f = new NetObjectiveGradient(data, true, width, 0.1);
        theta = new double[f.dimension()];
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < theta.length; i++) {
            theta[i] = rnd.nextGaussian() * 0.3;
        }
        grad = new double[theta.length];
        rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
    }

    @Benchmark
    public double gdEpoch() {
        return f.valueAndGradient(theta, grad);
    }

    @Benchmark
    public double sgdEpochGradients() {
        double s = 0;
        for (int from = 0; from < n; from += 32) {
            s += f.batchValueAndGradient(theta, rows, from, Math.min(n, from + 32), grad);
        }
        return s;
    }
}
