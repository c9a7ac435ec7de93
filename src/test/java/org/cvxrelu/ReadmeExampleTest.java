package org.cvxrelu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The library example of README.md is verify/consumer's Example.java as it stands: that project compiles and
 * runs it against the installed artifact (.ci/run), this test keeps the two copies equal.
 */
class ReadmeExampleTest {
    @Test
    void readmeShowsTheConsumerExampleVerbatim() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int section = readme.indexOf("## As a library");
        assertThat(section).isNotNegative();
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        int end = readme.indexOf("```", start);
        String shown = readme.substring(start, end);
        String compiled = Files.readString(Path.of("verify/consumer/src/main/java/example/Example.java"));
        assertThat(shown).isEqualTo(compiled);
    }
}
