package org.cvxrelu.solver.firstorder;

import org.cvxrelu.cone.ConeProgram;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.patterns.*;
import org.cvxrelu.solver.*;

public class DiagMain {
    public static void main(String[] a) {
        double[][] x = { { -1.5 }, { -0.8 }, { -0.2 }, { 0.3 }, { 0.9 }, { 1.6 } };
        double[] y = { 1.2, 0.5, 0.1, 0.2, 0.9, 1.7 };
        Dataset data = Dataset.of(x, y);
        PatternSet patterns = Patterns.of(data, PatternOptions.exact(true));
        ConeProgram program = new ConeProgram(data, patterns, Double.parseDouble(a[0]));
        GroupProblem problem = new GroupProblem(program, FistaConeSolverTest.allGroups(program));
        GroupSolution s = new FistaConeSolver(FistaSettings.defaults().withCertifyEvery(2000)).solve(problem, SolverSettings.defaults().withMaxIterations(20000).withProgress(System.err::println));
        System.out.println(s.status());
        System.out.println(BruteForceWedges.minimum(program, 2).value());
    }
}
