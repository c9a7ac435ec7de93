package org.cvxrelu.solver.ipm;

/** What the interior-point method ends with. */
record IpmResult(double[] x, double[] s, double[] z, Status status, int iterations, double primalObjective,
        double dualObjective, double gap, double primalResidual, double dualResidual) {

    enum Status {
        OPTIMAL, ITERATION_LIMIT, STALLED, TIME_LIMIT
    }
}
