package org.cvxrelu.train;

import java.util.Locale;

import org.cvxrelu.BadInputException;

/**
 * Learning-rate schedules η_t for epoch t = 0 … T−1 (T = epochs), from the base rate η₀. The rate is
 * constant within an epoch.
 * <ul>
 * <li>{@link #CONSTANT}: η_t = η₀;</li>
 * <li>{@link #STEP}: η_t = η₀ · ½^⌊t / s⌋ with s = ⌈T/4⌉ (halved at each quarter of the run);</li>
 * <li>{@link #COSINE}: η_t = η₀ · ½ (1 + cos(π t / T));</li>
 * <li>{@link #INVERSE}: η_t = η₀ / (1 + 9 t / T), a 1/t decay that ends near η₀/10.</li>
 * </ul>
 */
public enum Schedule {
    CONSTANT, STEP, COSINE, INVERSE;

    /** η_t for epoch {@code epoch} of {@code epochs}. */
    public double rate(double base, int epoch, int epochs) {
        int total = Math.max(1, epochs);
        return switch (this) {
            case CONSTANT -> base;
            case STEP -> base * Math.pow(0.5, Math.floorDiv(epoch, Math.max(1, (total + 3) / 4)));
            case COSINE -> base * 0.5 * (1 + Math.cos(Math.PI * epoch / total));
            case INVERSE -> base / (1 + 9.0 * epoch / total);
        };
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code constant}, {@code step}, {@code cosine} or {@code inverse} (any case). */
    public static Schedule parse(String s) {
        for (Schedule v : values()) {
            if (v.name().equalsIgnoreCase(s == null ? "" : s.trim())) {
                return v;
            }
        }
        throw new BadInputException("unknown schedule \"" + s + "\", expected constant, step, cosine or inverse");
    }
}
