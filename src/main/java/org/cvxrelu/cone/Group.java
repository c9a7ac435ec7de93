package org.cvxrelu.cone;

/**
 * One block of the convex program: pattern i with output sign +1 (the v_i of SPEC.md, a neuron with
 * α &gt; 0) or −1 (the w_i, α &lt; 0). Its variable lives in the cone K_i = {u : (2D_i − I)X̃u ≥ 0}.
 */
public record Group(int pattern, int sign) implements Comparable<Group> {
    public Group {
        if (sign != 1 && sign != -1) {
            throw new IllegalArgumentException("sign must be +1 or -1");
        }
        if (pattern < 0) {
            throw new IllegalArgumentException("pattern index must be non-negative");
        }
    }

    /** A dense index 2i (sign +1) or 2i+1 (sign −1). */
    public int index() {
        return 2 * pattern + (sign > 0 ? 0 : 1);
    }

    public static Group ofIndex(int index) {
        return new Group(index >>> 1, (index & 1) == 0 ? 1 : -1);
    }

    @Override
    public int compareTo(Group o) {
        return Integer.compare(index(), o.index());
    }
}
