package org.cvxrelu.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.cvxrelu.BadInputException;

/**
 * Input files read whole as strict UTF-8 text. Every failure is a {@link BadInputException} whose one-line
 * message starts with the file name and says what is wrong: no such file, a folder, no permission, another
 * read error, or the line and column of the first byte that is not UTF-8.
 */
public final class InputFiles {
    private InputFiles() {
    }

    public static String readText(Path file) {
        return decode(readBytes(file), file.toString());
    }

    public static byte[] readBytes(Path file) {
        if (Files.isDirectory(file)) {
            throw new BadInputException(file + ": is a folder, expected a file");
        }
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new BadInputException(file + ": cannot read: permission denied");
        } catch (FileSystemException e) {
            throw new BadInputException(file + ": cannot read: " + (e.getReason() != null ? e.getReason() : "I/O error"));
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** Strict UTF-8: the first malformed or truncated sequence is reported with its line and column. */
    public static String decode(byte[] bytes, String name) {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = dec.decode(in, out, true);
        if (!r.isError()) {
            r = dec.flush(out);
        }
        if (r.isError()) {
            out.flip();
            String where = TextPosition.of(out, out.length());
            throw new BadInputException(String.format("%s: %s: byte 0x%02X is not UTF-8 text, expected a UTF-8 file",
                    name, where, bytes[in.position()] & 0xff));
        }
        out.flip();
        return out.toString();
    }
}
