package org.cvxrelu.solver;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cvxrelu.certify.DualBound;
import org.cvxrelu.certify.ErrorBounds;
import org.cvxrelu.certify.GlobalBound;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.ReluNet;

/**
 * Exact pricing by branch and bound over the sphere ({@link GlobalBound}):
 * at a restricted answer θ with λ = y − f_θ(X) it bounds
 * <pre>  c(λ) = max_{‖u‖≤1} max_± ±λᵀ(X̃u)₊ = max_i max_± ‖Π_{K_i}(±X̃ᵀD_iλ)‖ </pre>
 * over every cell of the arrangement at once, with every rounding bounded. The proven ĉ gives SPEC's dual bound
 * L_β ≥ t·λᵀy − ½t²‖λ‖², t ≤ β/ĉ; when that bound meets the target gap the answer is settled (certified over
 * every pattern, scope "global (branch and bound)"); otherwise the search's best point u is a pattern priced
 * above β that column generation adds.
 *
 * <p>Meant for few inputs (r = d + 1 of about 4), where the search closes even on residuals of trained nets
 * (haberman rows 1–120, d = 3, standardised, β = 0.1: 199,000 nodes in 1.1 s at the optimum, against 409,208
 * cells to enumerate and price one by one, 47 s). The search is bounded by nodes, not seconds, so that the
 * answer does not depend on the machine's speed; a solve's deadline still ends a search early (its ĉ is then still
 * proven, only looser). The search also keeps its open nodes within a share of the heap
 * ({@link GlobalBound#MEMORY_SHARE}), so with a much smaller heap a search may stop sooner and settle less.
 */
public final class BranchAndBoundPricer implements GlobalPricer {
    /**
     * Nodes one search may create (5–10 µs each on two cores at n = 120, r = 4). Rows 1–120 of standardised
     * haberman and diabetes (d = 3) settle in searches of about 190,000 and 225,000 nodes (equal rows merged,
     * BENCHMARKS §19; 240,000–380,000 before, §18); haberman with its columns swapped (n = 306 rows, 142 distinct, 613,466
     * cells) settles in two or three searches of 320,000–460,000 nodes each (§19, §20; before the merge it did not
     * settle in 3,000,000).
     */
    public static final long NODES = 1_000_000;
    /**
     * The search's own relative tolerance on ĉ: it stops once ĉ ≤ best·(1 + this). At an optimum c(λ) = β is
     * attained, so the dual bound's gap is about this times the objective's share in λᵀy; 1e-7 costs hardly more
     * nodes than 1e-6 (haberman rows 1–120: 278,256 against 277,162) and leaves the 1e-6 target room. A tighter
     * target gap G asks for G/10.
     */
    static final double RELATIVE_TOLERANCE = 1e-7;

    private final Dataset data;
    private final double beta;
    private final double targetGap;
    private final SolverSettings settings;
    private final long nodeBudget;
    /** Why this pricer does not search ({@link #notSearching}); null when it does. */
    private final String skip;
    private GlobalBound.Result last;
    private double[] lastLambda;
    private int calls;
    private long nodes;
    private double seconds;

    /**
     * @param data the data as the program poses it (standardised when the solve is)
     * @param settings the solve's settings: their deadline stops a search, their gap is the target
     */
    public BranchAndBoundPricer(Dataset data, double beta, SolverSettings settings) {
        this(data, beta, settings, NODES);
    }

    /** As above, with at most {@code nodeBudget} nodes per search. */
    public BranchAndBoundPricer(Dataset data, double beta, SolverSettings settings, long nodeBudget) {
        this(data, beta, settings, nodeBudget, null);
    }

    private BranchAndBoundPricer(Dataset data, double beta, SolverSettings settings, long nodeBudget, String skip) {
        this.data = data;
        this.beta = beta;
        this.targetGap = settings.relativeGap();
        this.settings = settings;
        this.nodeBudget = nodeBudget;
        this.skip = skip;
    }

    /**
     * A pricer that does not search: each call answers "not settled, not complete" at once, so that column generation
     * ends where its heuristic pricing finds nothing more, and the caller enumerates from its answer. For data on
     * which a search of {@link #NODES} would not settle ({@link RowSpread}); {@code why} goes into the summary.
     */
    public static BranchAndBoundPricer notSearching(Dataset data, double beta, SolverSettings settings, String why) {
        return new BranchAndBoundPricer(data, beta, settings, 0, why);
    }

    @Override
    public boolean searches() {
        return skip == null;
    }

    @Override
    public Verdict price(ReluNet net, double threshold) {
        if (skip != null) {
            calls++;
            return new Verdict(List.of(), false, false, "not searched (" + skip + ")");
        }
        double left = settings.secondsLeft();
        double[][] design = data.design(net.bias());
        double[] lambda = residual(net);
        // a decision: prove c(λ) ≤ β(1 + gap/2), which makes the dual bound's gap at most about gap/2 (t = β/ĉ
        // lowers it from the dual objective by (1 − t)(λᵀy − ‖λ‖²), and λᵀy − ‖λ‖² is at most the objective at
        // an optimum); above it, the search only has to find the violators, not close c to the last digit
        double target = beta * (1 + targetGap / 2);
        GlobalBound.Options options = new GlobalBound.Options(target, Math.min(RELATIVE_TOLERANCE, targetGap / 10),
                Double.isFinite(left) ? Math.max(0, left) : Double.POSITIVE_INFINITY, nodeBudget, 64,
                GlobalBound.DEFAULT_SLOPE_STEPS);
        GlobalBound.Result s = GlobalBound.collecting(design, lambda, options, threshold);
        calls++;
        nodes += s.nodes();
        seconds += s.seconds();
        last = s;
        lastLambda = lambda;
        DualBound bound = DualBound.of(lambda, data.targets(), beta, s.proven() ? s.c() : Double.POSITIVE_INFINITY);
        double objective = net.objective(data, beta);
        double gap = DualBound.relativeGap(objective, bound.value());
        boolean settled = s.proven() && gap <= targetGap;
        String summary = String.format("c(λ) ≤ %.10g (best %.10g), gap %.2e, %d nodes, %.2f s, %s", s.c(), s.best(),
                gap, s.nodes(), s.seconds(), s.stoppedBy());
        List<Direction> found = new ArrayList<>();
        for (GlobalBound.Point p : s.above()) {
            found.add(new Direction(p.direction(), p.sign(), p.value()));
        }
        if (found.isEmpty() && s.bestDirection() != null && s.best() > threshold) {
            found.add(new Direction(s.bestDirection(), s.bestSign(), s.best()));
        }
        return new Verdict(settled ? List.of() : found, settled, s.complete(),
                summary + ", " + found.size() + " patterns above β");
    }

    /** The proven upper bound ĉ of the last search, or +∞ when it proved nothing. */
    public double lastBound() {
        return last != null && last.proven() ? last.c() : Double.POSITIVE_INFINITY;
    }

    /**
     * The λ the last search priced (a copy; null before any search): with {@link #lastBound()} its dual bound holds
     * for every net on the same data, so it is the dual witness of a net whose own residual the search did not see.
     */
    public double[] lastLambda() {
        return lastLambda == null ? null : lastLambda.clone();
    }

    /**
     * A bound for {@code net} and the λ it was priced at when that is not the net's own residual (null otherwise):
     * the higher of the last search's bound carried to the net ({@link #boundFor}) and the search's own bound at
     * the λ it searched ({@link #searchedBound}), which holds for every net and then goes in its net file as the
     * dual witness (pruning moves the fit by rounding, which the carried bound charges at Σ|Δλ_k|‖x̃_k‖).
     */
    public Witnessed bestBoundFor(ReluNet net) {
        DualBound own = boundFor(net);
        DualBound searched = searchedBound();
        return searched.value() > own.value() ? new Witnessed(searched, lastLambda()) : new Witnessed(own, null);
    }

    /** A dual bound and the λ it was priced at, when that is not the bounded net's own residual (else null). */
    public record Witnessed(DualBound bound, double[] witness) {
    }

    /** SPEC's dual bound at {@link #lastLambda()} with the last search's proven ĉ ({@code 0} when none is proven). */
    public DualBound searchedBound() {
        if (lastLambda == null || !allFinite(lastLambda)) {
            return DualBound.of(new double[data.n()], data.targets(), beta, Double.POSITIVE_INFINITY);
        }
        return DualBound.of(lastLambda, data.targets(), beta, lastBound());
    }

    /**
     * The last search's bound carried to {@code net} (the same data), without a new search: for every unit u,
     * |λ'ᵀ(X̃u)₊ − λᵀ(X̃u)₊| ≤ Σ_k |λ'_k − λ_k|·‖x̃_k‖, so
     * <pre>  c(λ') ≤ ĉ + Σ_k |λ'_k − λ_k|·‖x̃_k‖, </pre>
     * summed exactly and rounded up (‖x̃_k‖ rounded up). With the dual bound of SPEC for λ' = y − f_{net}(X); the
     * bound is +∞ (nothing proven) when no search proved a ĉ.
     */
    public DualBound boundFor(ReluNet net) {
        double[] lambda = residual(net);
        double[] y = data.targets();
        double c = lastBound();
        if (!allFinite(lambda) || !allFinite(lastLambda)) {
            return DualBound.of(lambda, y, beta, Double.POSITIVE_INFINITY); // nothing proven (0 unless L = 0)
        }
        if (Double.isFinite(c) && !java.util.Arrays.equals(lambda, lastLambda)) {
            double[][] design = data.design(net.bias());
            BigDecimal shift = BigDecimal.ZERO;
            for (int k = 0; k < lambda.length; k++) {
                if (lambda[k] != lastLambda[k]) {
                    BigDecimal d = new BigDecimal(lambda[k]).subtract(new BigDecimal(lastLambda[k])).abs();
                    shift = shift.add(d.multiply(new BigDecimal(ErrorBounds.normUp(design[k]))));
                }
            }
            c = ErrorBounds.up(new BigDecimal(c).add(shift));
        }
        return DualBound.of(lambda, y, beta, c);
    }

    private static boolean allFinite(double[] v) {
        if (v == null) {
            return false;
        }
        for (double x : v) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    private double[] residual(ReluNet net) {
        return net.residuals(data.design(net.bias()), data.targets());
    }

    /** The searches' figures for a result's stats. */
    public Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("globalPricings", calls);
        m.put("globalPricingNodes", nodes);
        m.put("globalPricingSeconds", seconds);
        if (skip != null) {
            m.put("globalPricingSkipped", skip);
        }
        if (last != null) {
            m.put("lastSearchDualConstantBound", last.c());
            m.put("dualConstantBest", last.best());
            m.put("searchStoppedBy", last.stoppedBy());
        }
        return m;
    }
}
