package org.cvxrelu.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.cvxrelu.gated.PatternProducts;
import org.junit.jupiter.api.Test;

/** The scale report on a small instance: issue 16's fields are there and agree with one another. */
class ScaleBenchTest {

    @Test
    @SuppressWarnings("unchecked")
    void reportsSecondsPerIterationBesideTheBlasProducts() {
        List<Map<String, Object>> partials = new ArrayList<>();
        Map<String, Object> out = ScaleBench.run(400, 4, 30, 0.1, 5, 50, 1, false, false, m -> { }, partials::add);
        assertThat(partials).isNotEmpty();
        Map<String, Object> gated = (Map<String, Object>) out.get("gated");
        int iterations = ((Number) gated.get("iterations")).intValue();
        assertThat(iterations).isPositive();
        double perIteration = ((Number) gated.get("secondsPerIteration")).doubleValue();
        assertThat(perIteration).isPositive();
        assertThat(out.get("blasImplementation")).isEqualTo(PatternProducts.nativeBlasName());
        assertThat(gated.get("productsBackend")).isEqualTo(PatternProducts.Backend.best().name());
        assertThat(out.get("ownKernelBackend")).isEqualTo(PatternProducts.Backend.best().name());
        Map<String, Object> blas = (Map<String, Object>) gated.get("blasAtPatterns");
        if (PatternProducts.nativeBlasAvailable()) {
            double fwd = ((Number) blas.get("forwardSeconds")).doubleValue();
            double bwd = ((Number) blas.get("backwardSeconds")).doubleValue();
            assertThat(fwd).isPositive();
            assertThat(bwd).isPositive();
            assertThat((Double) gated.get("blasTwoProductSeconds")).isEqualTo(fwd + bwd);
            double ratio = ((Number) gated.get("secondsPerIterationOverBlasTwoProducts")).doubleValue();
            assertThat(ratio).isCloseTo(perIteration / (fwd + bwd), org.assertj.core.data.Offset.offset(1e-12 * ratio));
            assertThat(gated.get("withinTwiceBlasTwoProducts")).isEqualTo(ratio <= 2);
            if (gated.containsKey("cpuPerIterationOverBlasTwoProductsCpu")) {
                double cpuRatio = ((Number) gated.get("cpuPerIterationOverBlasTwoProductsCpu")).doubleValue();
                double perIterationCpu = ((Number) gated.get("callerThreadCpuSecondsPerIteration")).doubleValue();
                double blasCpu = ((Number) blas.get("twoProductCpuSeconds")).doubleValue();
                assertThat(perIterationCpu).isPositive();
                assertThat(cpuRatio).isCloseTo(perIterationCpu / blasCpu, org.assertj.core.data.Offset.offset(1e-12 * cpuRatio));
            }
            assertThat(out.get("blasAtGroups")).isNotNull();
            assertThat(out).containsKeys("javaKernelForwardSeconds", "javaKernelBackwardSeconds");
        } else {
            assertThat(blas).isNull();
            assertThat(out.get("blasAtGroups")).isNull();
            assertThat(gated).doesNotContainKey("secondsPerIterationOverBlasTwoProducts");
        }
        // the second method on the same gated problem: each one's proven bound is below the other's objective
        Map<String, Object> al = (Map<String, Object>) out.get("gatedAugmentedLagrangian");
        assertThat(((Number) al.get("iterations")).intValue()).isPositive();
        assertThat((Double) al.get("lowerBound")).isLessThanOrEqualTo((Double) gated.get("objective"));
        assertThat((Double) gated.get("lowerBound")).isLessThanOrEqualTo((Double) al.get("objective"));
        assertThat(((Number) al.get("secondsPerProductPair")).doubleValue()).isPositive();
    }

    @Test
    @SuppressWarnings("unchecked")
    void reportsTheReluFistaAgainstTheBlasProductsAtItsGroups() {
        Map<String, Object> out = ScaleBench.run(300, 3, 20, 0.1, 5, 20, 1, false, true, m -> { }, m -> { });
        double perIteration = ((Number) out.get("secondsPerIteration")).doubleValue();
        assertThat(((Number) out.get("iterations")).intValue()).isPositive();
        assertThat(perIteration).isPositive();
        if (PatternProducts.nativeBlasAvailable()) {
            double two = ((Number) ((Map<String, Object>) out.get("blasAtGroups")).get("twoProductSeconds")).doubleValue();
            double ratio = ((Number) out.get("secondsPerIterationOverBlasTwoProducts")).doubleValue();
            assertThat(ratio).isCloseTo(perIteration / two, org.assertj.core.data.Offset.offset(1e-12 * ratio));
            assertThat(out.get("withinTwiceBlasTwoProducts")).isEqualTo(ratio <= 2);
        } else {
            assertThat(out).doesNotContainKey("secondsPerIterationOverBlasTwoProducts");
        }
    }
}
