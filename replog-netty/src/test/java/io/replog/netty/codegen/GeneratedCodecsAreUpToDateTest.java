package io.replog.netty.codegen;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.fail;

/** The checked-in codecs are exactly what the generator makes of the checked-in schemas. */
class GeneratedCodecsAreUpToDateTest {
    @Test
    void checkedInCodecsMatchTheSchemas() throws IOException {
        // Surefire runs in the module directory.
        Map<String, String> expected = CodecGenerator.generate(Path.of("src/main/schemas"));
        Path dir = Path.of("src/main/java").resolve(CodecGenerator.PACKAGE.replace('.', '/'));
        TreeSet<String> actual = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".java")).forEach(actual::add);
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Path file = dir.resolve(e.getKey());
            if (!Files.exists(file)) {
                problems.add("missing " + e.getKey());
            } else if (!Files.readString(file, StandardCharsets.UTF_8).equals(e.getValue())) {
                problems.add("stale " + e.getKey());
            }
            actual.remove(e.getKey());
        }
        for (String extra : actual) {
            problems.add("not generated from any schema: " + extra);
        }
        if (!problems.isEmpty()) {
            fail("Generated codecs differ from src/main/schemas: " + problems + "\nRegenerate from the repository root with:\n  "
                    + CodecGenerator.COMMAND + "\n(delete " + dir + " first if the checked-in files no longer compile)");
        }
    }
}
