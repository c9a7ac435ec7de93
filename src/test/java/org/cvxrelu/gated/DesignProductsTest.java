package org.cvxrelu.gated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link DesignProducts} against the two products written as plain loops, on shapes that are not multiples of any
 * blocking (n = 1,003, r = 7, G = 37), where a native BLAS is installed; elsewhere {@link DesignProducts#of} must
 * answer null (the fista backend then keeps ojAlgo's products).
 */
class DesignProductsTest {

    @Test
    void productsMatchPlainLoops() {
        Assumptions.assumeTrue(PatternProducts.nativeBlasAvailable(), "no native BLAS here");
        int n = 1003;
        int r = 7;
        int groups = 37;
        SplittableRandom rnd = new SplittableRandom(5);
        double[] x = new double[n * r];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextGaussian();
        }
        double[] w = new double[r * groups];
        for (int i = 0; i < w.length; i++) {
            w[i] = rnd.nextGaussian();
        }
        double[] h = new double[n * groups];
        for (int i = 0; i < h.length; i++) {
            h[i] = rnd.nextGaussian();
        }
        DesignProducts products = DesignProducts.of(x, n, r);
        double[] p = new double[n * groups];
        java.util.Arrays.fill(p, Double.NaN); // every entry written, the old contents ignored (β = 0)
        products.forward(w, groups, p);
        double[] z = new double[r * groups];
        java.util.Arrays.fill(z, Double.NaN);
        products.backward(h, groups, z);
        for (int g = 0; g < groups; g++) {
            int gg = g;
            for (int k = 0; k < n; k++) {
                int kk = k;
                assertSum(p[k + g * n], r, j -> x[kk + j * n] * w[j + gg * r]);
            }
        }
        assertBackward(z, x, h, n, r, groups);
        // fewer groups on the same instance (its scratch for Zᵀ is larger than needed now): the first G' columns of H
        int fewer = groups - 5;
        double[] z2 = new double[r * fewer];
        products.backward(h, fewer, z2);
        assertBackward(z2, x, h, n, r, fewer);
    }

    /** z (r × G, column-major) = X̃ᵀH over the first G columns of H, entry by entry. */
    private static void assertBackward(double[] z, double[] x, double[] h, int n, int r, int groups) {
        for (int g = 0; g < groups; g++) {
            int gg = g;
            for (int j = 0; j < r; j++) {
                int jj = j;
                assertSum(z[j + g * r], n, k -> x[k + jj * n] * h[k + gg * n]);
            }
        }
    }

    /** actual = Σ_{t < terms} term(t), to 1e-13 of Σ |term(t)|. */
    private static void assertSum(double actual, int terms, java.util.function.IntToDoubleFunction term) {
        double expected = 0;
        double scale = 0;
        for (int t = 0; t < terms; t++) {
            double v = term.applyAsDouble(t);
            expected += v;
            scale += Math.abs(v);
        }
        assertThat(actual).isCloseTo(expected, Offset.offset(1e-13 * scale));
    }

    @Test
    void absentWithoutANativeBlasAndCheckedForShape() {
        if (!PatternProducts.nativeBlasAvailable()) {
            assertThat(DesignProducts.of(new double[6], 3, 2)).isNull();
        }
        assertThatThrownBy(() -> DesignProducts.of(new double[5], 3, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
