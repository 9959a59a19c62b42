package io.replog.examples.perf;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * An application class-data sharing archive (the JDK's AppCDS) made by a training run: a child
 * JVM runs {@code mainClass} with {@code args} and dumps the classes it loaded at exit
 * ({@code -XX:ArchiveClassesAtExit}); a later JVM started with
 * {@code -XX:SharedArchiveFile=<archive>} and the same class path maps them instead of loading,
 * verifying and linking them again. JDK 17 archives classes from jar files only (a class
 * directory on the path makes the dump fail), so {@link #jarOnly} first packs each directory of
 * the class path into a temporary jar; the training run and every measured run use that path.
 */
final class CdsArchive {
    private CdsArchive() {
    }

    /** {@code classPath} with every directory replaced by a temporary jar of its contents. */
    static String jarOnly(String classPath) throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            Path p = Path.of(entry);
            entries.add(Files.isDirectory(p) ? pack(p).toString() : entry);
        }
        return String.join(File.pathSeparator, entries);
    }

    private static Path pack(Path dir) throws IOException {
        Path jar = Files.createTempFile("replog-bench-classes-", ".jar");
        jar.toFile().deleteOnExit();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(dir.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, out); // leaves the jar stream open for the next entry
                out.closeEntry();
            }
        }
        return jar;
    }

    /** Runs the training child on {@code classPath} and returns the archive it wrote; fails naming the exit code. */
    static Path create(String classPath, String mainClass, List<String> args) throws IOException, InterruptedException {
        Path archive = Files.createTempFile("replog-bench-", ".jsa");
        Files.delete(archive); // the JVM writes it anew
        archive.toFile().deleteOnExit();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:ArchiveClassesAtExit=" + archive);
        cmd.addAll(List.of("-cp", classPath, mainClass));
        cmd.addAll(args);
        System.out.println("# AppCDS training run: java -XX:ArchiveClassesAtExit=" + archive + " ... " + mainClass
                + " " + String.join(" ", args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        int rc = p.waitFor();
        if (rc != 0 || !Files.exists(archive)) {
            throw new IllegalStateException("the AppCDS training run exited with code " + rc + " and "
                    + (Files.exists(archive) ? "" : "did not ") + "write " + archive);
        }
        System.out.println("# AppCDS archive " + archive + " (" + Files.size(archive) / 1024 / 1024 + " MiB)");
        return archive;
    }
}
