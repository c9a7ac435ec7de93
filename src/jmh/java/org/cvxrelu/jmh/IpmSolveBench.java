package org.cvxrelu.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.cvxrelu.CvxRelu;
import org.cvxrelu.SolveOptions;
import org.cvxrelu.SolveResult;
import org.cvxrelu.bench.InstanceGenerator;
import org.cvxrelu.cone.Group;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.solver.ConeSolver;
import org.cvxrelu.solver.ConeSolvers;
import org.cvxrelu.solver.GroupProblem;
import org.cvxrelu.solver.GroupSolution;
import org.cvxrelu.solver.SolverSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The interior-point backend on a fixed restricted program (the support of the optimum of a planted n=30,
 * d=2 instance, plus 3× as many extra groups, so the Newton systems have realistic size), and the whole
 * certified solve of that instance (enumeration, working-set loop, pricing, pruning).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class IpmSolveBench {
    Dataset data;
    GroupProblem restricted;
    ConeSolver ipm;
    SolverSettings settings;

    @Setup(Level.Trial)
    public void setup() {
        data = InstanceGenerator.teacher(30, 2, 3, 5, 0.1);
        SolveResult r = CvxRelu.solve(data, 0.1, SolveOptions.defaults());
        List<Group> support = r.solution().support();
        java.util.LinkedHashSet<Group> groups = new java.util.LinkedHashSet<>(support);
        for (int i = 0; groups.size() < 4 * support.size() && i < r.patterns().size(); i += 7) {
            groups.add(new Group(i, 1));
            groups.add(new Group(i, -1));
        }
        restricted = new GroupProblem(r.program(), List.copyOf(groups));
        ipm = ConeSolvers.byName("ipm");
        settings = SolverSettings.defaults();
    }

    @Benchmark
    public GroupSolution restrictedIpmSolve() {
        return ipm.solve(restricted, settings);
    }

    @Benchmark
    public SolveResult wholeCertifiedSolve() {
        return CvxRelu.solve(data, 0.1, SolveOptions.defaults());
    }
}
