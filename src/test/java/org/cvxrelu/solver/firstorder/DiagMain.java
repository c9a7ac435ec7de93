package org.cvxrelu.solver.firstorder;

import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.patterns.*;
import org.cvxrelu.solver.*;

public class DiagMain {
    public static void main(String[] a) {
        int n = Integer.parseInt(a[0]);
        Dataset data = FistaConeSolverTest.randomData(n, 2, Long.parseLong(a[1]));
        PatternSet patterns = Patterns.of(data, PatternOptions.exact(true));
        double c = FistaConeSolverTest.priceOfY(new ConeProgram(data, patterns, 1.0));
        ConeProgram program = new ConeProgram(data, patterns, Double.parseDouble(a[2]) * c);
        GroupProblem problem = new GroupProblem(program, FistaConeSolverTest.allGroups(program));
        long t0 = System.nanoTime();
        GroupSolution s = new FistaConeSolver(FistaSettings.defaults().withCertifyEvery(Integer.parseInt(a[4]))).solve(problem, SolverSettings.defaults().withMaxIterations(Integer.parseInt(a[3])).withProgress(System.err::println));
        System.out.println(s.status() + " " + s.stats() + " wall " + (System.nanoTime() - t0) * 1e-9);
    }
}
