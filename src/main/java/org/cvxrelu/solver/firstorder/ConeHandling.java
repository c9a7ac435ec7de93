package org.cvxrelu.solver.firstorder;

/**
 * How the {@code fista} backend keeps each block w_g in its cone K_g = {u : (2D_g − I)X̃u ≥ 0}.
 */
public enum ConeHandling {
    /**
     * In the prox: prox of η(β‖w‖ + ι_{K_g}) is max(0, 1 − ηβ/‖Π_K z‖)·Π_K z, with Π_K the exact projection
     * (NNLS, {@link org.cvxrelu.cone.ConeProjection}). Iterates are always feasible and no multipliers are
     * needed; each iteration costs one NNLS per group whose ‖z_g‖ exceeds ηβ (the others are zero without
     * projecting). The default: on the test instances it reaches a certified 1e-6 where the augmented
     * Lagrangian stalls near 1e-2.
     */
    PROJECTION,
    /**
     * By an augmented Lagrangian (scnn's approach, see {@link AugmentedLagrangian}): the prox is the plain
     * group soft-threshold, so an iteration costs only the two matrix products and O(n·G) elementwise work,
     * but the penalty ρ makes the inner problems stiff and high accuracy slow.
     */
    AUGMENTED_LAGRANGIAN
}
