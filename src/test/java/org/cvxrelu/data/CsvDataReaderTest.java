package org.cvxrelu.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.cvxrelu.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvDataReaderTest {
    @Test
    void readsFeaturesAndTargetLast() {
        Dataset d = CsvDataReader.parse("a,b,target\n1,2,3\n-4.5,6e-1,+7\n", "t.csv");
        assertThat(d.n()).isEqualTo(2);
        assertThat(d.d()).isEqualTo(2);
        assertThat(d.featureNames()).containsExactly("a", "b");
        assertThat(d.targetName()).isEqualTo("target");
        assertThat(d.row(1)).containsExactly(-4.5, 0.6);
        assertThat(d.y(1)).isEqualTo(7.0);
        assertThat(d.design(true)[0]).containsExactly(1, 2, 1);
        assertThat(d.design(false)[0]).containsExactly(1, 2);
    }

    @Test
    void acceptsCrlfBomQuotesAndATrailingNewline() {
        Dataset d = CsvDataReader.parse("\uFEFF\"x 1\",y\r\n\"1.5\",2\r\n\r\n", "q.csv");
        assertThat(d.featureNames()).containsExactly("x 1");
        assertThat(d.row(0)).containsExactly(1.5);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty file|''|line 1: empty file",
        "header only|'a,b,target\n'|line 2: no data rows",
        "ragged short|'a,b,t\n1,2,3\n4,5\n'|line 3, column 3: row has 2 cells, expected 3",
        "ragged long|'a,b,t\n1,2,3,4\n'|line 2, column 4: row has 4 cells, expected 3",
        "text cell|'a,b,t\n1,abc,3\n'|line 2, column 2 ('b'): 'abc' is not a number",
        "NaN cell|'a,b,t\n1,NaN,3\n'|line 2, column 2 ('b'): 'NaN' is not a finite number",
        "Inf cell|'a,b,t\n1,2,-Infinity\n'|line 2, column 3 ('t'): '-Infinity' is not a finite number",
        "overflow|'a,b,t\n1,2,1e999\n'|line 2, column 3 ('t'): '1e999' overflows a double",
        "single column|'t\n1\n'|line 1: only one column",
        "duplicate header|'a,a,t\n1,2,3\n'|line 1, column 2: duplicate column name 'a' (also column 1)",
        "empty cell|'a,b,t\n1,,3\n'|line 2, column 2 ('b'): empty cell",
        "blank row inside|'a,t\n1,2\n\n3,4\n'|line 3: empty row",
        "empty name|'a,,t\n1,2,3\n'|line 1, column 2: empty column name"})
    void refusesBadShapesNamingFileLineAndColumn(String what, String text, String message) {
        assertThatThrownBy(() -> CsvDataReader.parse(text, "bad.csv"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("bad.csv: ")
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    /** Found by ReaderFuzzTest: trim() dropped NUL and other control bytes around a number ("1\0" read as 1). */
    @Test
    void controlCharactersAroundANumberAreNotIgnored() {
        assertThatThrownBy(() -> CsvDataReader.parse("a,t\n\u00001,2\n", "n.csv"))
                .hasMessage("n.csv: line 2, column 1 ('a'): control character U+0000 in the cell, expected a number");
        assertThat(CsvDataReader.parse("a,t\n \t1\t ,2\n", "tab.csv").row(0)).containsExactly(1.0);
        assertThatThrownBy(() -> CsvDataReader.parse("a\u0000,t\n1,2\n", "h.csv"))
                .hasMessage("h.csv: line 1, column 1: control character U+0000 in the column name, expected text");
    }

    /** Found by ReaderFuzzTest: a UTF-16 file (NUL bytes) put raw control characters into the message. */
    @Test
    void quotedInputInMessagesIsEscapedAndShort() {
        assertThatThrownBy(() -> CsvDataReader.parse("a,t\n1,2" + "x".repeat(10_000) + "\n", "long.csv"))
                .hasMessage("long.csv: line 2, column 2 ('t'): '2" + "x".repeat(39) + "...' is not a number");
        assertThatThrownBy(() -> CsvDataReader.parse("a,t\n1,2\u2028\n", "sep.csv"))
                .hasMessage("sep.csv: line 2, column 2 ('t'): '2\\u2028' is not a number");
    }

    /** Found by ReaderFuzzTest: values beyond 1e154 overflowed squares: an internal error in enumeration or solve. */
    @Test
    void valuesBeyondTheMagnitudeLimitAreRefused() {
        assertThat(CsvDataReader.parse("a,t\n-1e150,1e150\n", "big.csv").y(0)).isEqualTo(1e150);
        assertThatThrownBy(() -> CsvDataReader.parse("a,t\n1.7976931348623157e308,1\n", "max.csv"))
                .hasMessage("max.csv: line 2, column 1 ('a'): '1.7976931348623157e308' is too large, expected a magnitude "
                        + "of at most 1.0E150 (squared losses must fit in a double)");
    }

    /** Reading a file: a folder, and bytes that are not UTF-8, are refused with what is wrong and where. */
    @Test
    void foldersAndInvalidUtf8AreRefusedPrecisely(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> CsvDataReader.read(dir)).hasMessage(dir + ": is a folder, expected a file");
        Path f = Files.write(dir.resolve("b.csv"), new byte[] {'a', ',', 't', '\n', '1', ',', (byte) 0xFF});
        assertThatThrownBy(() -> CsvDataReader.read(f))
                .hasMessage(f + ": line 2, column 3: byte 0xFF is not UTF-8 text, expected a UTF-8 file");
    }
    /** Issue 11: a file without its header row was read with the first data row as column names (one row lost). */
    @Test
    void aFirstRowOfNumbersIsAMissingHeader(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("no-header.csv"), "1,2.5,-3e2\n4,5,6\n");
        assertThatThrownBy(() -> CsvDataReader.read(f))
                .isInstanceOf(BadInputException.class)
                .hasMessage(f + ": line 1: the first row holds only numbers ('1,2.5,-3e2'), expected a header row of "
                        + "column names before the data rows");
        assertThatThrownBy(() -> CsvDataReader.parse("\uFEFF \"1\", 2 \r\n3,4\r\n", "q.csv"))
                .hasMessageStartingWith("q.csv: line 1: the first row holds only numbers");
        // one name among numbers is a header (odd, but a header): the rows are read
        Dataset d = CsvDataReader.parse("1,2,y\n3,4,5\n", "mixed.csv");
        assertThat(d.featureNames()).containsExactly("1", "2");
        assertThat(d.n()).isEqualTo(1);
        // names that merely start like numbers are names
        assertThat(CsvDataReader.parse("1a,2e,nan\n3,4,5\n", "names.csv").targetName()).isEqualTo("nan");
    }
}
