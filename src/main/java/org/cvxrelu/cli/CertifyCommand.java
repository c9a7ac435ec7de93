package org.cvxrelu.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.cvxrelu.BadInputException;
import org.cvxrelu.CvxRelu;
import org.cvxrelu.SolveResult;
import org.cvxrelu.certify.DualBound;
import org.cvxrelu.certify.GlobalBound;
import org.cvxrelu.certify.GlobalCertificate;
import org.cvxrelu.solver.BranchAndBoundPricer;
import org.cvxrelu.certify.NetCertificate;
import org.cvxrelu.data.CsvDataReader;
import org.cvxrelu.data.Dataset;
import org.cvxrelu.net.InputScaling;
import org.cvxrelu.net.NetFile;
import org.cvxrelu.net.ReluNet;
import org.cvxrelu.patterns.PatternOptions;
import org.cvxrelu.patterns.PatternSet;
import org.cvxrelu.patterns.Patterns;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code certify DATA NET --beta B [--standardize]}: bounds for any net, over all patterns where exact enumeration
 * fits.
 *
 * <p>Scale (SPEC.md, Standardisation): a net that records an {@code inputScaling} is certified on DATA mapped
 * through that recorded scaling (not z-scores recomputed from DATA), so the objective, β and the bounds are on the
 * scale it was trained on, and the output says {@code "scale": "standardized"}; {@code rawLoss} is then its
 * squared loss ½ Σ (f(x_i) − y_i)² in the file's units, through the scaling (no penalty term: the weights have no
 * raw-unit size). A net without one is certified on DATA as given ({@code "raw"}), or on DATA's own z-scores
 * with {@code --standardize}.
 */
@Command(name = "certify", description = "Objective, certified lower bound and gap of any net (e.g. trained by SGD).")
final class CertifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DATA", description = "CSV data file.")
    Path data;

    @Parameters(index = "1", paramLabel = "NET", description = "Net file (cvxrelu.net/1).")
    Path netFile;

    @Option(names = "--beta", required = true, paramLabel = "B", description = "Weight decay beta > 0.")
    double beta;

    @Option(names = "--sample", paramLabel = "N", description = "Price N sampled patterns when exact enumeration does not fit.")
    Integer sample;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed for --sample.")
    long seed;

    @Option(names = "--max-patterns", paramLabel = "P", defaultValue = "2000000",
            description = "Largest exact enumeration to attempt (default ${DEFAULT-VALUE}).")
    long maxPatterns;

    @Option(names = "--nonnegative-output", description = "Bound only nets with output weights alpha >= 0.")
    boolean nonnegativeOutput;

    @Option(names = "--global", description = "Bound c(lambda) by branch and bound over the sphere (certified, no "
            + "enumeration); the default when exact enumeration does not fit and no --sample is given.")
    boolean global;

    @Option(names = "--enumerate", description = "When the exact arrangement fits, price every cell even where it is "
            + "large enough (100,000 cells or more in r <= 5, r = d + 1 with the bias; 25,000 when the features are z-scores) to be bounded by branch and bound "
            + "first.")
    boolean enumerate;

    @Option(names = "--global-seconds", paramLabel = "S", defaultValue = "60",
            description = "Time budget of the branch and bound (default ${DEFAULT-VALUE}).")
    double globalSeconds;

    @Option(names = "--optimum-seconds", paramLabel = "S", defaultValue = "0",
            description = "Also search for the global optimum: a solve seeded with NET on the scale NET is certified "
            + "on (its own time), then up to about S seconds more as solve --global-seconds S. When that search's "
            + "lower bound on P* is proven over every pattern and higher than NET's own (or NET's own is not "
            + "certified), it becomes lowerBound (lowerBoundSource says which); optimumObjective, the best "
            + "objective found, gives excessAtLeast, how far NET is at least above P*. An unsettled search stops "
            + "at its clock, so its figures depend on the machine's speed. Not with --nonnegative-output "
            + "(default 0: off).")
    double optimumSeconds;

    @Option(names = "--standardize", description = "Certify on DATA's z-scores, for a net trained on them that does "
            + "not record its scaling (a net's recorded inputScaling is always applied).")
    boolean standardize;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        BadInputException.positiveBeta(beta);
        TimeLimit.check("--optimum-seconds", optimumSeconds, "off");
        if (optimumSeconds > 0 && nonnegativeOutput) {
            throw new BadInputException("--optimum-seconds is not supported with --nonnegative-output");
        }
        Dataset raw = CsvDataReader.read(data);
        ReluNet net = NetFile.read(netFile);
        NetFile.checkFits(net, raw.d(), netFile.toString());
        if (Double.compare(net.beta(), beta) != 0) {
            // allowed (a net trained at one β bounded at another), but said: the objective depends on β
            System.err.println("cvxrelu: warning: " + netFile + " records beta = " + net.beta()
                    + "; its objective and bounds here are for --beta " + beta);
        }
        InputScaling scaling = net.scaling().orElseGet(() -> Scale.choose(raw, standardize));
        Dataset ds = Scale.apply(scaling, raw);
        NetFile.checkFinite(net, ds, beta, netFile.toString());
        double[] witness = witness(ds, net);
        PatternOptions exact = new PatternOptions(net.bias(), null, 0, maxPatterns);
        // with --global the arrangement is not needed (its size test alone is a noticeable share of a cold run)
        java.math.BigInteger cells = global ? null : Patterns.estimate(ds.design(net.bias()));
        boolean fits = cells != null && cells.compareTo(java.math.BigInteger.valueOf(maxPatterns)) <= 0;
        if (global || (!fits && sample == null)) {
            if (ds.r(net.bias()) > GlobalBound.MAX_R) {
                throw new BadInputException((global ? "--global: " : "exact enumeration of " + data
                        + " does not fit in " + maxPatterns + " patterns and ") + "r = " + ds.r(net.bias())
                        + " is above the branch and bound's " + GlobalBound.MAX_R
                        + "; price a sample with --sample N --seed S (the bound is then not certified)");
            }
            if (nonnegativeOutput && net.neurons().stream().anyMatch(nu -> nu.alpha() < 0)) {
                throw new BadInputException(netFile + ": --nonnegative-output, but the net has a neuron with alpha < 0");
            }
            return certifyGlobally(raw, ds, net, scaling, witness); // with --nonnegative-output c⁺ = max g alone
        }
        String abandoned = null;
        boolean large = fits && !enumerate && sample == null && !nonnegativeOutput
                && CvxRelu.largeInFewDimensions(ds, net.bias(), cells);
        String unsearched = large ? CvxRelu.searchSkipped(ds, net.bias()) : null;
        if (unsearched != null) {
            // rows whose directions crowd on the sphere because raw columns lie far from zero: the search would not
            // settle in its node budget (solve skips it there too, BENCHMARKS §45), so every cell is priced at once
            abandoned = "not searched: " + unsearched;
        } else if (large) {
            // a large arrangement in few dimensions: branch and bound first (a node budget, no enumeration); its
            // bound is used when the search ran to its end, else every cell is priced as below
            // bounded by nodes only, so that which bound is reported does not depend on the machine's speed
            GlobalCertificate byWitness = witness == null ? null : GlobalCertificate.of(ds, net, beta,
                    Double.POSITIVE_INFINITY, searchNodes, LARGE_TOLERANCE, false, witness);
            if (byWitness != null && byWitness.certified() && byWitness.search().complete()
                    && byWitness.relativeGap() <= WITNESS_ENOUGH) {
                return report(raw, ds, net, scaling, null, byWitness);
            }
            GlobalCertificate cert = GlobalCertificate.of(ds, net, beta, Double.POSITIVE_INFINITY,
                    searchNodes, LARGE_TOLERANCE);
            if (cert.certified() && cert.search().complete()) {
                return report(raw, ds, net, scaling, cert,
                        byWitness != null && byWitness.search().complete() ? byWitness : null);
            }
            abandoned = "stopped by " + cert.search().stoppedBy() + " after " + cert.search().nodes() + " nodes";
        }
        PatternSet patterns;
        String scope;
        if (fits) {
            patterns = Patterns.of(ds, exact);
            scope = CvxRelu.ALL_PATTERNS;
        } else if (sample != null) {
            patterns = Patterns.of(ds, new PatternOptions(net.bias(), sample, seed, maxPatterns));
            scope = "sampled patterns (not a certified bound on the global optimum)";
        } else {
            throw new BadInputException("exact enumeration of " + data + " does not fit in " + maxPatterns
                    + " patterns; price a sample with --sample N --seed S (the bound is then not certified)");
        }
        if (nonnegativeOutput && net.neurons().stream().anyMatch(nu -> nu.alpha() < 0)) {
            throw new BadInputException(netFile + ": --nonnegative-output, but the net has a neuron with alpha < 0");
        }
        NetCertificate byWitness = witness == null ? null
                : NetCertificate.of(ds, net, beta, patterns, nonnegativeOutput, witness);
        // the net's own residual is priced too unless the witness's bound already meets the default target
        boolean ownToo = byWitness == null || !(byWitness.certified() && byWitness.relativeGap() <= WITNESS_ENOUGH);
        NetCertificate cert = ownToo ? NetCertificate.of(ds, net, beta, patterns, nonnegativeOutput) : byWitness;
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("objective", cert.objective());
        report.put("scale", scaling != null ? Scale.STANDARDIZED : Scale.RAW);
        if (scaling != null) {
            report.put("scaling", net.scaling().isPresent() ? "inputScaling recorded in " + netFile
                    : "z-scores of " + data + " (--standardize)");
            report.put("rawLoss", rawLoss(net.withScaling(scaling), raw));
        }
        report.put("lowerBound", cert.lowerBound());
        report.put("relativeGap", cert.relativeGap());
        report.put("certified", cert.certified());
        report.put("lowerBoundScope", scope);
        if (abandoned != null) {
            report.put("largeArrangementSearch", abandoned); // the branch and bound tried first did not finish
        }
        report.put("patterns", cert.patterns());
        report.put("neurons", net.width());
        if (byWitness != null) {
            withWitness(report, cert.objective(), ownToo ? cert.lowerBound() : null, ownToo && cert.certified(),
                    byWitness.lowerBound(), byWitness.certified());
        }
        StructureReport.add(ds, net, beta, patterns, report);
        withOptimum(ds, net, cert.objective(), (double) report.get("lowerBound"), (boolean) report.get("certified"),
                report);
        output.print(report);
        return 0;
    }

    /**
     * A witness's bound that meets this relative gap (SPEC's default target) is reported without pricing the net's
     * own residual as well: pricing every pattern, or a search, twice is what a witness costs otherwise.
     */
    static final double WITNESS_ENOUGH = 1e-6;

    /**
     * The net's dual witness ({@link NetFile#WITNESS}) for pricing on {@code ds}: null when it records none, when the
     * witness is the net's own residual to the bit (priced once), or when its length is not DATA's row count (then
     * ignored, with a warning: a witness for other data).
     */
    private double[] witness(Dataset ds, ReluNet net) {
        double[] w = NetFile.witness(net).orElse(null);
        if (w == null) {
            return null;
        }
        if (w.length != ds.n()) {
            System.err.println("cvxrelu: warning: " + netFile + ": its " + NetFile.WITNESS + " has " + w.length
                    + " entries, " + data + " has " + ds.n() + " rows: ignored (a witness for other data)");
            return null;
        }
        return java.util.Arrays.equals(w, net.residuals(ds.design(net.bias()), ds.targets())) ? null : w;
    }

    /**
     * The report's lowerBound, relativeGap and certified set to the better of the net's own bound ({@code own}; null
     * when not priced) and its witness's: a proven bound beats an unproven one, and between two of a kind the
     * higher wins (both bound the same optimum). {@code lowerBoundSource} says which, and the other's value stays.
     */
    private void withWitness(Map<String, Object> report, double objective, Double own, boolean ownCertified,
            double byWitness, boolean witnessCertified) {
        boolean witnessWins = own == null || (witnessCertified && !ownCertified)
                || (witnessCertified == ownCertified && byWitness > own);
        report.put("witnessLowerBound", byWitness);
        report.put("residualPriced", own != null); // not when the witness's bound meets WITNESS_ENOUGH
        if (own != null) {
            report.put("residualLowerBound", own);
        }
        if (witnessWins) {
            report.put("lowerBound", byWitness);
            report.put("relativeGap", DualBound.relativeGap(objective, byWitness));
            report.put("certified", witnessCertified);
            report.put("lowerBoundSource", NetFile.WITNESS + " recorded in " + netFile);
        } else {
            report.put("lowerBoundSource", "this net's residual");
        }
    }

    /** The lower bound with c(λ) bounded by branch and bound (issue 14): certified, global, with the gap reached. */
    private Integer certifyGlobally(Dataset raw, Dataset ds, ReluNet net, InputScaling scaling, double[] witness) {
        // with a witness the two searches share the budget: the witness's first, on half of it, and the net's own
        // residual on what is left (none when the witness's bound already meets the target)
        long t0 = System.nanoTime();
        GlobalCertificate byWitness = witness == null ? null : GlobalCertificate.of(ds, net, beta, globalSeconds / 2,
                Long.MAX_VALUE, 1e-6, nonnegativeOutput, witness);
        if (byWitness != null && byWitness.certified() && byWitness.relativeGap() <= WITNESS_ENOUGH) {
            return report(raw, ds, net, scaling, null, byWitness);
        }
        double left = Math.max(0, globalSeconds - (System.nanoTime() - t0) / 1e9);
        return report(raw, ds, net, scaling, GlobalCertificate.of(ds, net, beta, left, Long.MAX_VALUE, 1e-6,
                nonnegativeOutput), byWitness);
    }

    /**
     * The search's relative tolerance on a large arrangement that fits: its bound then stands in for the
     * enumeration's, whose c(λ) is exact up to rounding (haberman rows 1–120, its optimal net: gap 7.9e-8 against
     * 1.5e-8 enumerated, 3.5 s against 24.8 s whole process; BENCHMARKS §18; 2.7 s with equal rows merged, §19).
     */
    static final double LARGE_TOLERANCE = 1e-7;
    /**
     * The node budget of that first search ({@link BranchAndBoundPricer#NODES}); tests lower it to force the
     * enumeration after an unfinished search.
     */
    static volatile long searchNodes = BranchAndBoundPricer.NODES;

    /**
     * The branch-and-bound report of the net's own certificate {@code own}, with its witness's ({@code byWitness},
     * null: none) as in {@link #withWitness}; with {@code own} null (not searched: the witness met the target) the
     * search fields describe the witness's search.
     */
    private Integer report(Dataset raw, Dataset ds, ReluNet net, InputScaling scaling, GlobalCertificate own,
            GlobalCertificate byWitness) {
        GlobalCertificate cert = own != null ? own : byWitness;
        GlobalBound.Result s = cert.search();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("objective", cert.objective());
        report.put("scale", scaling != null ? Scale.STANDARDIZED : Scale.RAW);
        if (scaling != null) {
            report.put("scaling", net.scaling().isPresent() ? "inputScaling recorded in " + netFile
                    : "z-scores of " + data + " (--standardize)");
            report.put("rawLoss", rawLoss(net.withScaling(scaling), raw));
        }
        report.put("lowerBound", cert.lowerBound());
        report.put("relativeGap", cert.relativeGap());
        report.put("certified", cert.certified());
        report.put("lowerBoundScope", CvxRelu.GLOBAL_SCOPE);
        report.put("dualConstantBound", s.c());
        report.put("dualConstantBest", s.best());
        report.put("dualConstantTarget", cert.target());
        report.put("dualConstantGap", s.relativeGap());
        report.put("searchComplete", s.complete());
        report.put("searchNodes", s.nodes());
        report.put("searchSeconds", s.seconds());
        report.put("searchStoppedBy", s.stoppedBy());
        report.put("searchDroppedNodes", s.droppedNodes());
        report.put("neurons", net.width());
        if (byWitness != null) {
            if (own != null) {
                report.put("witnessSearchNodes", byWitness.search().nodes());
                report.put("witnessSearchSeconds", byWitness.search().seconds());
            }
            withWitness(report, cert.objective(), own != null ? own.lowerBound() : null, own != null && own.certified(),
                    byWitness.lowerBound(), byWitness.certified());
        }
        StructureReport.add(ds, net, beta, null, report);
        withOptimum(ds, net, cert.objective(), (double) report.get("lowerBound"), (boolean) report.get("certified"),
                report);
        output.print(report);
        return 0;
    }

    /**
     * With {@code --optimum-seconds S}: the report's lower bound replaced by the optimum search's
     * ({@link CvxRelu#optimumSearch}) when that one is proven over every pattern ({@link CvxRelu#boundsOptimum})
     * and higher than the net's own {@code ownBound}, or when the net's own is not certified; the net's own stays
     * as {@code netLowerBound} (the other fields of the report, dualConstant… and search…, patterns, still
     * describe the net's own certificate). Either bound is a lower bound on P*, so the net's gap uses the larger.
     * {@code optimumObjective} (L_β of the search's net on the same data: an upper bound on P*) gives
     * {@code excessAtLeast} = (objective − optimumObjective)/objective, at least 0: NET is at least that far above
     * P*, and, when certified, at most {@code relativeGap}. A search that fails leaves the net's own certificate
     * as it was, with the reason.
     */
    private void withOptimum(Dataset ds, ReluNet net, double objective, double ownBound, boolean ownCertified,
            Map<String, Object> report) {
        if (!(optimumSeconds > 0)) {
            return;
        }
        long t0 = System.nanoTime();
        // the bound before the search: the net's own residual's, or its dual witness's where that was better
        // (netLowerBound below, with its source kept when the search's bound does not replace it)
        String ownSource = report.get("lowerBoundSource") instanceof String source ? source : "this net's residual";
        report.put("netLowerBound", ownBound);
        report.put("netLowerBoundScope", report.get("lowerBoundScope"));
        SolveResult best;
        try {
            best = CvxRelu.optimumSearch(ds, beta, net, maxPatterns, optimumSeconds, output.progress());
        } catch (RuntimeException e) {
            report.put("lowerBoundSource", ownSource);
            report.put("optimumSearch", "failed: " + e.getMessage());
            report.put("optimumSearchSeconds", (System.nanoTime() - t0) / 1e9);
            return;
        }
        boolean proven = CvxRelu.boundsOptimum(best);
        if (proven && (!ownCertified || best.lowerBound() > ownBound)) {
            report.put("lowerBound", best.lowerBound());
            report.put("relativeGap", DualBound.relativeGap(objective, best.lowerBound()));
            report.put("certified", true);
            report.put("lowerBoundScope", best.lowerBoundScope());
            report.put("lowerBoundSource", "optimum search");
        } else {
            report.put("lowerBoundSource", ownSource);
        }
        report.put("optimumObjective", best.objective());
        report.put("optimumLowerBound", best.lowerBound());
        report.put("optimumLowerBoundScope", best.lowerBoundScope());
        report.put("optimumLowerBoundProven", proven);
        report.put("optimumRelativeGap", best.relativeGap());
        report.put("optimumNeurons", best.net().width());
        if (best.reason() != null) {
            report.put("optimumReason", best.reason());
        }
        report.put("excessAtLeast", DualBound.relativeGap(objective, best.objective()));
        report.put("optimumSearchSeconds", (System.nanoTime() - t0) / 1e9);
    }

    /** ½ Σ (f(x_i) − y_i)² with f the net's raw-unit prediction (its scaling applied, the target mapped back). */
    static double rawLoss(ReluNet net, Dataset raw) {
        double s = 0;
        for (int k = 0; k < raw.n(); k++) {
            double e = net.predictRaw(raw.row(k)) - raw.y(k);
            s += e * e;
        }
        return 0.5 * s;
    }
}
