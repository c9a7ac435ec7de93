package org.cvxrelu.train;

import java.util.Locale;

import org.cvxrelu.BadInputException;

/**
 * The first-order methods {@link Trainer} runs on L_β:
 * <ul>
 * <li>{@link #GD}: full-batch gradient descent, θ ← θ − η_t ∇L_β(θ), one step per epoch;</li>
 * <li>{@link #SGD}: minibatch stochastic gradient descent, ⌈n/b⌉ steps per epoch over a fresh permutation;</li>
 * <li>{@link #ADAM}: Adam (Kingma &amp; Ba) on the same minibatch gradients, β₁ = 0.9, β₂ = 0.999, ε = 1e−8,
 * with bias correction.</li>
 * </ul>
 */
public enum Optimizer {
    GD, SGD, ADAM;

    /** The lower-case name used on the command line. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code gd}, {@code sgd} or {@code adam} (any case); anything else is bad input. */
    public static Optimizer parse(String s) {
        for (Optimizer o : values()) {
            if (o.name().equalsIgnoreCase(s == null ? "" : s.trim())) {
                return o;
            }
        }
        throw new BadInputException("unknown optimizer \"" + s + "\", expected gd, sgd or adam");
    }
}
