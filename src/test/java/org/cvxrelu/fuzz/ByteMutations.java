package org.cvxrelu.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Format-blind damage to a file's bytes: flipped bytes and bits, truncation anywhere (also inside a UTF-8
 * sequence), inserted binary bytes, invalid UTF-8, byte order marks, UTF-16, copied and deleted slices, and
 * files that are empty or blank.
 */
final class ByteMutations {
    private ByteMutations() {
    }

    static List<Mutation> all() {
        return List.of(
                new Mutation("flip-byte", ByteMutations::flipByte),
                new Mutation("flip-bit", ByteMutations::flipBit),
                new Mutation("truncate", (s, r) -> Arrays.copyOf(s, r.nextInt(s.length + 1))),
                new Mutation("insert-binary", ByteMutations::insertBinary),
                new Mutation("invalid-utf8", ByteMutations::invalidUtf8),
                new Mutation("bom", ByteMutations::bom),
                new Mutation("utf16", (s, r) -> new String(s, StandardCharsets.UTF_8)
                        .getBytes(r.nextBoolean() ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16)),
                new Mutation("copy-slice", ByteMutations::copySlice),
                new Mutation("delete-slice", ByteMutations::deleteSlice),
                new Mutation("blank-file", (s, r) -> Mutation.pick(List.of("", "\n", "\r\n", " ", "\n\n\n",
                        " \t \n", "\uFEFF", "\uFEFF\n", "\u0000", ",", "\"", "{", "[", "}"), r)
                        .getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] flipByte(byte[] s, SplittableRandom r) {
        byte[] b = s.clone();
        int times = 1 + r.nextInt(4);
        for (int t = 0; t < times && b.length > 0; t++) {
            int i = r.nextInt(b.length);
            b[i] = (byte) (b[i] ^ (1 + r.nextInt(255)));
        }
        return b;
    }

    static byte[] flipBit(byte[] s, SplittableRandom r) {
        byte[] b = s.clone();
        if (b.length > 0) {
            int i = r.nextInt(b.length);
            b[i] = (byte) (b[i] ^ (1 << r.nextInt(8)));
        }
        return b;
    }

    static byte[] insertBinary(byte[] s, SplittableRandom r) {
        byte[] ins = new byte[1 + r.nextInt(8)];
        for (int k = 0; k < ins.length; k++) {
            int kind = r.nextInt(3);
            ins[k] = (byte) (kind == 0 ? r.nextInt(0x20) : kind == 1 ? 0x7F : 0x80 + r.nextInt(0x80));
        }
        return insert(s, r.nextInt(s.length + 1), ins);
    }

    static byte[] invalidUtf8(byte[] s, SplittableRandom r) {
        byte[] bad = Mutation.pick(OddValues.BAD_UTF8, r);
        return insert(s, r.nextInt(4) == 0 ? s.length : r.nextInt(s.length + 1), bad);
    }

    static byte[] bom(byte[] s, SplittableRandom r) {
        byte[] utf8 = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        return switch (r.nextInt(5)) {
            case 0 -> insert(s, 0, utf8);
            case 1 -> insert(insert(s, 0, utf8), 0, utf8);
            case 2 -> insert(s, r.nextInt(s.length + 1), utf8);
            case 3 -> insert(s, 0, new byte[] {(byte) 0xFE, (byte) 0xFF});
            default -> insert(s, 0, new byte[] {(byte) 0xFF, (byte) 0xFE});
        };
    }

    static byte[] copySlice(byte[] s, SplittableRandom r) {
        int from = r.nextInt(s.length + 1);
        int to = Math.min(s.length, from + r.nextInt(64));
        return insert(s, r.nextInt(s.length + 1), Arrays.copyOfRange(s, from, to));
    }

    static byte[] deleteSlice(byte[] s, SplittableRandom r) {
        int from = r.nextInt(s.length + 1);
        int to = Math.min(s.length, from + 1 + r.nextInt(32));
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(s, 0, from);
        b.write(s, to, s.length - to);
        return b.toByteArray();
    }

    static byte[] insert(byte[] s, int at, byte[] ins) {
        byte[] b = new byte[s.length + ins.length];
        System.arraycopy(s, 0, b, 0, at);
        System.arraycopy(ins, 0, b, at, ins.length);
        System.arraycopy(s, at, b, at + ins.length, s.length - at);
        return b;
    }
}
