package io.replog.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The files a power loss could leave: for each tracked directory (relative to the file system's
 * root), each surviving name and its bytes. Immutable.
 *
 * @param description how it was built (step, directory-operation prefix, page choice), for failure messages
 * @param directories relative directory path to (file name to content)
 */
public record CrashImage(String description, Map<Path, Map<String, byte[]>> directories) {

    public CrashImage {
        TreeMap<Path, Map<String, byte[]>> copy = new TreeMap<>();
        directories.forEach((dir, files) -> copy.put(dir, Map.copyOf(files)));
        directories = java.util.Collections.unmodifiableMap(copy);
    }

    /** Writes the files under {@code root} (which should be empty), creating the directories. */
    public void writeTo(Path root) {
        try {
            for (Map.Entry<Path, Map<String, byte[]>> dir : directories.entrySet()) {
                Path d = root.resolve(dir.getKey());
                Files.createDirectories(d);
                for (Map.Entry<String, byte[]> file : dir.getValue().entrySet()) {
                    Files.write(d.resolve(file.getKey()), file.getValue());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write crash image " + description + " to " + root, e);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(description).append(':');
        directories.forEach((dir, files) -> {
            sb.append(' ').append(dir).append('{');
            new TreeMap<>(files).forEach((name, bytes) -> sb.append(name).append('=').append(bytes.length).append(' '));
            sb.append('}');
        });
        return sb.toString();
    }
}
