package org.cvxrelu.exact;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * An integer vector with a floating-point shadow, for exact sign decisions at nearly floating-point speed.
 *
 * <p>The shadow holds every entry times 2^−{@link #scale()} (so |shadow_i| ≤ 1), rounded: each shadow entry
 * is within 1.01·2^−53 relative error plus 2^−1075 absolute (underflow) of the exact scaled value. A sign of
 * a dot product is first read off the shadows with a proven error bound ({@link #dotSign}); only when the
 * shadow dot product is within that bound of zero is the exact {@link BigInteger} dot product computed.
 *
 * <p>Every double is an integer times a power of two, so a row of doubles times a power of two is a row of
 * integers ({@link #ofDoubles}); positive scaling changes neither a hyperplane nor the side of a point.
 */
public final class IntVector {
    private static final double U = 0x1p-53;
    private static final BigInteger[] NO_ENTRIES = new BigInteger[0];

    private final BigInteger[] v;
    private final double[] shadow;
    private final int scale;
    private int hash;

    public IntVector(BigInteger[] entries) {
        this.v = entries;
        int s = 0;
        for (BigInteger x : entries) {
            s = Math.max(s, bits(x));
        }
        this.scale = s;
        this.shadow = new double[entries.length];
        for (int i = 0; i < entries.length; i++) {
            shadow[i] = scaled(entries[i], s);
        }
    }

    /** The exact integer vector row·2^t for the smallest t that makes every entry an integer (zero row: zeros). */
    public static IntVector ofDoubles(double[] row) {
        return new IntVector(BinaryIntegers.row(row));
    }

    /** e_i in Z^s (the empty vector when s = 0). */
    public static IntVector unit(int s, int i) {
        BigInteger[] e = new BigInteger[s];
        Arrays.fill(e, BigInteger.ZERO);
        if (s > 0) {
            e[i] = BigInteger.ONE;
        }
        return new IntVector(e);
    }

    /**
     * x·2^−scale as a double: x rounded to a double (or, past the double range, its top 62 bits rounded),
     * then an exact power-of-two scaling (rounded only when the result is subnormal).
     */
    private static double scaled(BigInteger x, int scale) {
        int bl = bits(x);
        if (bl == 0) {
            return 0;
        }
        if (bl <= 1000) {
            return Math.scalb(x.doubleValue(), -scale); // doubleValue rounds to nearest: relative error ≤ 2^−53
        }
        long top = x.shiftRight(bl - 62).longValue(); // floor: relative error below 2^−61
        return Math.scalb((double) top, bl - 62 - scale);
    }

    /** The bit length of |x| (BigInteger.bitLength of a negative power of two is one less). */
    public static int bits(BigInteger x) {
        int bl = x.bitLength();
        return x.signum() < 0 && x.getLowestSetBit() == bl ? bl + 1 : bl;
    }

    public int dimension() {
        return v.length;
    }

    public BigInteger get(int i) {
        return v[i];
    }

    /** The bit length of the largest entry: the shadow is the vector times 2^−scale. */
    public int scale() {
        return scale;
    }

    /** The vector times 2^−{@link #scale()}, rounded (a copy is not made: do not modify). */
    public double[] shadow() {
        return shadow;
    }

    public boolean isZero() {
        return scale == 0;
    }

    /**
     * The exact sign of the dot product with {@code o}. Filter: with â, b̂ the shadows (|·| ≤ 1) and
     * S = Σ|â_i b̂_i| as computed, the computed Σ â_i b̂_i is within (s + 4)·2^−52·S + (s + 1)·2^−1070 of the
     * exact scaled dot product (shadow errors ≤ 1.01u relative + 2^−1075 each, products and the recursive sum
     * γ_s, u = 2^−53, all absorbed with room to spare); beyond that bound its sign is the exact one.
     */
    public int dotSign(IntVector o) {
        int sign = filteredDotSign(o);
        return sign != 0 ? sign : dot(o).signum();
    }

    /**
     * The sign of the dot product with {@code o} when the shadows decide it (see {@link #dotSign}), 0 when
     * they cannot (the exact product may or may not be zero).
     */
    public int filteredDotSign(IntVector o) {
        double d = 0;
        double abs = 0;
        double[] a = shadow;
        double[] b = o.shadow;
        for (int i = 0; i < a.length; i++) {
            double p = a[i] * b[i];
            d += p;
            abs += Math.abs(p);
        }
        double bound = (a.length + 4) * 2 * U * abs + (a.length + 1) * 0x1p-1070;
        if (d > bound) {
            return 1;
        }
        if (d < -bound) {
            return -1;
        }
        return 0;
    }

    /**
     * An upper bound on |this·o|·2^−(scale + o.scale) (the scaled magnitude), from the shadows: the computed
     * |Σ â_i b̂_i| plus the filter's error bound, rounded up by one part in 2^50.
     */
    public double scaledDotUpper(IntVector o) {
        double d = 0;
        double abs = 0;
        for (int i = 0; i < shadow.length; i++) {
            double p = shadow[i] * o.shadow[i];
            d += p;
            abs += Math.abs(p);
        }
        double bound = (shadow.length + 4) * 2 * U * abs + (shadow.length + 1) * 0x1p-1070;
        return (Math.abs(d) + bound) * (1 + 0x1p-50);
    }

    /**
     * A lower bound on |this·o|·2^−(scale + o.scale) from the shadows, or 0 when the shadows cannot
     * separate it from zero (the computed |Σ â_i b̂_i| less the filter's bound, rounded down).
     */
    public double scaledDotLower(IntVector o) {
        return scaledDotLower(shadow, 0, o.shadow);
    }

    /**
     * {@link #scaledDotLower(IntVector)} for a vector whose shadow is {@code flat[offset … offset + s − 1]}
     * (s = {@code other.length}, the other shadow): for tight loops over many vectors stored in one array.
     */
    public static double scaledDotLower(double[] flat, int offset, double[] other) {
        int s = other.length;
        double d = 0;
        double abs = 0;
        for (int i = 0; i < s; i++) {
            double p = flat[offset + i] * other[i];
            d += p;
            abs += Math.abs(p);
        }
        double bound = (s + 4) * 2 * U * abs + (s + 1) * 0x1p-1070;
        double low = (Math.abs(d) - bound) * (1 - 0x1p-50);
        return low > 0 ? low : 0;
    }

    /** The exact dot product. */
    public BigInteger dot(IntVector o) {
        BigInteger s = BigInteger.ZERO;
        for (int i = 0; i < v.length; i++) {
            if (v[i].signum() != 0 && o.v[i].signum() != 0) {
                s = s.add(v[i].multiply(o.v[i]));
            }
        }
        return s;
    }

    /** The vector divided by the (positive) gcd of its entries: same direction, smallest integers. */
    public IntVector primitive() {
        BigInteger g = BigInteger.ZERO;
        for (BigInteger x : v) {
            g = g.gcd(x);
            if (g.equals(BigInteger.ONE)) {
                return this;
            }
        }
        if (g.signum() == 0) {
            return this;
        }
        BigInteger[] out = new BigInteger[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i].divide(g);
        }
        return new IntVector(out);
    }

    /** The sign of the first nonzero entry (0 for the zero vector). */
    public int leadingSign() {
        for (BigInteger x : v) {
            if (x.signum() != 0) {
                return x.signum();
            }
        }
        return 0;
    }

    public IntVector negate() {
        BigInteger[] out = new BigInteger[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i].negate();
        }
        return new IntVector(out);
    }

    /** 2^a·this + σ·2^b·o (a, b ≥ 0, σ = ±1). */
    public IntVector shiftedCombination(int a, int sigma, int b, IntVector o) {
        BigInteger[] out = new BigInteger[v.length];
        for (int i = 0; i < v.length; i++) {
            BigInteger y = o.v[i].shiftLeft(b);
            out[i] = v[i].shiftLeft(a).add(sigma > 0 ? y : y.negate());
        }
        return new IntVector(out);
    }

    /** The direction of the vector as a unit double vector (rounded; for hints, not for decisions). */
    public double[] unitDouble() {
        double s = 0;
        for (double x : shadow) {
            s += x * x;
        }
        double norm = Math.sqrt(s);
        double[] out = new double[shadow.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = norm == 0 ? 0 : shadow[i] / norm;
        }
        return out;
    }

    /** The entries (a copy). */
    public BigInteger[] entries() {
        return v.length == 0 ? NO_ENTRIES : v.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IntVector other && Arrays.equals(v, other.v);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(v);
            hash = h;
        }
        return h;
    }

    @Override
    public String toString() {
        return Arrays.toString(v);
    }
}
