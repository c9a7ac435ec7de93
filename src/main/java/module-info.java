/**
 * cvxrelu: exact, certified global optima of two-layer ReLU training with weight decay.
 *
 * <p>Exports only {@link org.cvxrelu.api}, the estimator API; every other package is implementation. The
 * command line (picocli), the charts (jfreechart, AWT) and the JOptimizer cross-check backend are optional:
 * their modules are read when present ({@code requires static}) and the library works without them.
 */
module org.cvxrelu {
    requires ojalgo;
    requires com.google.gson;

    requires static info.picocli;
    requires static org.jfree.jfreechart;
    requires static java.desktop;
    requires static joptimizer;
    requires static colt;
    requires static java.logging;
    requires static java.management; // bench/ScaleBench measures memory
    requires static dev.ludovic.netlib.blas; // gated.NativeBlas: optional native BLAS for the products

    exports org.cvxrelu.api;

    // picocli builds the commands by reflection
    opens org.cvxrelu.cli to info.picocli;

    uses org.cvxrelu.solver.ConeSolver;
    provides org.cvxrelu.solver.ConeSolver with
            org.cvxrelu.solver.ipm.IpmConeSolver,
            org.cvxrelu.solver.joptimizer.JOptimizerConeSolver,
            org.cvxrelu.solver.firstorder.FistaConeSolver;
}
