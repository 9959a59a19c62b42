package io.replog.log;

import io.replog.config.LogConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A {@link LogFileSystem} over real files under a root directory that also records what a power
 * loss would keep, and can fail chosen calls the way a disk does. For tests and simulations.
 *
 * <p>The model: a file's bytes (and length) are durable as of its last successful
 * {@link FileChannel#force}; a directory's names are durable as of its last
 * {@link #fsyncDirectory}. Directory operations since then (creations, renames, unlinks) reach the
 * disk in the order they were made, as a journaling file system (ext4, XFS) commits them: a crash
 * keeps a prefix of them. Unsynced file content reaches the disk in {@value #PAGE}-byte pages in any
 * subset, and a file's new length may be on disk without the pages behind it (which then read as
 * zeros). {@link #crashImages} lists such states; {@link CrashImage#writeTo} materializes one.
 *
 * <p>Faults ({@link #failNext}) behave as on Linux: a failed fsync reports the error once and the
 * dirty pages it could not write are lost for good (a later fsync succeeds without them); a
 * failed rename, truncate or directory fsync changes nothing.
 *
 * <p>Using it: create it over a fresh root ({@link #over}, which also adopts files already there
 * as durable, e.g. a crash image), pass it to {@link PartitionLog#open(Path, io.replog.topic.TopicPartition,
 * LogConfig, io.replog.time.Clock, LogFileSystem)}, and either register {@link #onStep} to capture
 * images after every mutating call, or call {@link #crashImages} when the simulated power goes.
 * Thread-safe: every call takes the instance's monitor.
 */
public final class PowerLossFileSystem implements LogFileSystem {
    /** The granularity at which unsynced data survives or not. */
    public static final int PAGE = 512;

    /** A call that {@link #failNext} can make fail. */
    public enum Operation { FSYNC, DIR_FSYNC, RENAME, TRUNCATE, WRITE }

    /** The error a failed call reports. */
    public enum Errno {
        EIO("Input/output error"), ENOSPC("No space left on device");

        private final String message;

        Errno(String message) {
            this.message = message;
        }
    }

    /** How a crash image treats file content written since the last fsync. */
    public enum Pages {
        /** Only fsynced bytes. */
        DURABLE_ONLY,
        /** Everything written (except pages a failed fsync lost). */
        ALL_WRITTEN,
        /** The new length reached the disk but none of the unsynced pages: they read as zeros or old bytes. */
        ZERO_TAILS,
        /** Old or new length, and each unsynced page old or new, at random. */
        RANDOM
    }

    /** One file, whatever names it has. */
    static final class Inode {
        final int id;
        byte[] durable = new byte[0];
        final Set<Integer> lostPages = new HashSet<>();
        /** Content when its last name went (nobody writes to an unlinked file here). */
        byte[] unlinkedContent;

        Inode(int id) {
            this.id = id;
        }
    }

    /** A directory operation not yet made durable. */
    private record DirOp(String kind, String name, String target, Inode inode) {
        void apply(Map<String, Inode> names) {
            switch (kind) {
                case "create" -> names.put(name, inode);
                case "unlink" -> names.remove(name);
                default -> {
                    Inode moved = names.remove(name);
                    if (moved != null) {
                        names.put(target, moved);
                    }
                }
            }
        }
    }

    private final Path root;
    private final Map<Path, Inode> live = new HashMap<>();
    private final Map<Path, Map<String, Inode>> durableNames = new HashMap<>();
    private final Map<Path, List<DirOp>> pendingOps = new HashMap<>();
    private final List<TrackingChannel> openChannels = new ArrayList<>();
    private final Map<Operation, Errno> armed = new EnumMap<>(Operation.class);
    private final Map<Operation, String> armedPaths = new EnumMap<>(Operation.class);
    private Consumer<String> stepListener = step -> { };
    private int nextInode;
    private int steps;
    private boolean inStep;

    private PowerLossFileSystem(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** A file system rooted at {@code root}; files already under it count as durable. */
    public static PowerLossFileSystem over(Path root) {
        PowerLossFileSystem fs = new PowerLossFileSystem(root);
        try {
            Files.createDirectories(fs.root);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + root, e);
        }
        try (Stream<Path> files = Files.walk(fs.root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Inode inode = new Inode(fs.nextInode++);
                inode.durable = Files.readAllBytes(f);
                Path p = f.toAbsolutePath().normalize();
                fs.live.put(p, inode);
                fs.durableNames.computeIfAbsent(p.getParent(), d -> new HashMap<>()).put(p.getFileName().toString(), inode);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot adopt the files under " + root, e);
        }
        return fs;
    }

    /** Called after every mutating call with a description; may call {@link #crashImages}. */
    public synchronized void onStep(Consumer<String> listener) {
        this.stepListener = listener;
    }

    /** The next call of kind {@code op} fails with {@code errno} (once). */
    public synchronized void failNext(Operation op, Errno errno) {
        failNext(op, errno, "");
    }

    /** The next call of kind {@code op} on a path containing {@code pathPart} fails with {@code errno} (once). */
    public synchronized void failNext(Operation op, Errno errno, String pathPart) {
        armed.put(op, errno);
        armedPaths.put(op, pathPart);
    }

    /** Whether a fault armed with {@link #failNext} has not fired yet. */
    public synchronized boolean isArmed(Operation op) {
        return armed.containsKey(op);
    }

    /** Mutating calls so far. */
    public synchronized int steps() {
        return steps;
    }

    /** Files with a channel open now (to find leaked descriptors). */
    public synchronized List<Path> openFiles() {
        return openChannels.stream().map(TrackingChannel::path).toList();
    }

    // ---------------------------------------------------------------- LogFileSystem

    @Override
    public synchronized FileChannel open(Path file, Set<? extends OpenOption> options) throws IOException {
        Path f = normalize(file);
        Inode inode = live.get(f);
        Set<OpenOption> readable = new HashSet<>(options);
        // The model reads what the page cache holds through the same descriptor.
        readable.add(StandardOpenOption.READ);
        FileChannel ch = FileChannel.open(f, readable);
        if (inode == null) {
            inode = new Inode(nextInode++);
            live.put(f, inode);
            pending(f.getParent()).add(new DirOp("create", f.getFileName().toString(), null, inode));
        }
        TrackingChannel tc = new TrackingChannel(this, ch, inode, f);
        openChannels.add(tc);
        if (options.contains(StandardOpenOption.CREATE) || options.contains(StandardOpenOption.TRUNCATE_EXISTING)) {
            step("open " + f.getFileName() + " " + options);
        }
        return tc;
    }

    @Override
    public synchronized void fsyncDirectory(Path dir) throws IOException {
        Path d = normalize(dir);
        fault(Operation.DIR_FSYNC, d);
        Map<String, Inode> names = durableNames.computeIfAbsent(d, x -> new HashMap<>());
        for (DirOp op : pending(d)) {
            op.apply(names);
        }
        pending(d).clear();
        step("fsync dir " + d.getFileName());
    }

    @Override
    public synchronized void move(Path source, Path target) throws IOException {
        Path s = normalize(source);
        Path t = normalize(target);
        fault(Operation.RENAME, s);
        Inode replaced = live.get(t);
        byte[] replacedContent = replaced != null ? current(replaced) : null;
        Files.move(s, t, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Inode moved = live.remove(s);
        if (replaced != null) {
            live.remove(t);
            replaced.unlinkedContent = replacedContent;
        }
        if (moved != null) {
            live.put(t, moved);
        }
        pending(s.getParent()).add(new DirOp("rename", s.getFileName().toString(), t.getFileName().toString(), moved));
        step("rename " + s.getFileName() + " -> " + t.getFileName());
    }

    @Override
    public synchronized boolean deleteIfExists(Path file) throws IOException {
        Path f = normalize(file);
        Inode inode = live.get(f);
        if (inode == null) {
            return Files.deleteIfExists(f);
        }
        byte[] content = current(inode);
        if (!Files.deleteIfExists(f)) {
            return false;
        }
        live.remove(f);
        inode.unlinkedContent = content;
        pending(f.getParent()).add(new DirOp("unlink", f.getFileName().toString(), null, null));
        step("unlink " + f.getFileName());
        return true;
    }

    // Reading names and creating directories change nothing the model tracks (directories count as durable).

    @Override
    public List<Path> list(Path dir) throws IOException {
        return LogFileSystem.nio().list(dir);
    }

    @Override
    public boolean isRegularFile(Path file) {
        return LogFileSystem.nio().isRegularFile(file);
    }

    @Override
    public boolean exists(Path file) {
        return LogFileSystem.nio().exists(file);
    }

    @Override
    public boolean createDirectories(Path dir) throws IOException {
        return LogFileSystem.nio().createDirectories(dir);
    }

    // ---------------------------------------------------------------- used by TrackingChannel

    synchronized void forced(TrackingChannel ch) throws IOException {
        Inode inode = ch.inode();
        byte[] now = ch.readAll();
        if (armed.containsKey(Operation.FSYNC) && ch.path().toString().contains(armedPaths.get(Operation.FSYNC))) {
            // Linux drops the pages it could not write and reports that once.
            inode.lostPages.addAll(changedPages(inode.durable, now));
            fault(Operation.FSYNC, ch.path());
        }
        inode.durable = withLostPages(now, inode);
        step("fsync " + ch.path().getFileName());
    }

    synchronized void beforeWrite(TrackingChannel ch) throws IOException {
        fault(Operation.WRITE, ch.path());
    }

    synchronized void beforeTruncate(TrackingChannel ch) throws IOException {
        fault(Operation.TRUNCATE, ch.path());
    }

    synchronized void afterChange(TrackingChannel ch, String what) {
        step(what + " " + ch.path().getFileName());
    }

    synchronized void closed(TrackingChannel ch) {
        openChannels.remove(ch);
    }

    // ---------------------------------------------------------------- crash images

    /**
     * The states a power loss now could leave: for every prefix of the unsynced directory
     * operations, only durable bytes, everything written, new lengths with zero-filled tails, and
     * {@code randomPerPrefix} random choices of unsynced pages; duplicates removed.
     */
    public synchronized List<CrashImage> crashImages(Random random, int randomPerPrefix) {
        int maxOps = pendingOps.values().stream().mapToInt(List::size).max().orElse(0);
        Map<String, CrashImage> unique = new LinkedHashMap<>();
        Map<Inode, byte[]> contents = new HashMap<>();
        for (int k = 0; k <= maxOps; k++) {
            for (Pages mode : Pages.values()) {
                int n = mode == Pages.RANDOM ? randomPerPrefix : 1;
                for (int i = 0; i < n; i++) {
                    CrashImage image = image(k, mode, random, contents);
                    unique.putIfAbsent(key(image), image);
                }
            }
        }
        return List.copyOf(unique.values());
    }

    /**
     * Simulates the power going off now: picks one crash state at random (a random prefix of the
     * unsynced directory operations, random unsynced pages) and replaces the files under the root
     * with it. Call it once the log or broker using this file system was closed without flushing
     * (its channels released, as a crash leaves them); then restart on
     * {@code PowerLossFileSystem.over(root)}, which takes what is there as durable.
     *
     * @return the state the files are now in
     */
    public synchronized CrashImage powerLoss(Random random) {
        int maxOps = pendingOps.values().stream().mapToInt(List::size).max().orElse(0);
        CrashImage image = image(random.nextInt(maxOps + 1), Pages.RANDOM, random);
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!f.equals(root)) {
                    Files.delete(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clear " + root + " for the power loss", e);
        }
        image.writeTo(root);
        return image;
    }

    /** One crash state: the first {@code dirOps} unsynced directory operations kept, pages per {@code mode}. */
    public synchronized CrashImage image(int dirOps, Pages mode, Random random) {
        return image(dirOps, mode, random, new HashMap<>());
    }

    private CrashImage image(int dirOps, Pages mode, Random random, Map<Inode, byte[]> contents) {
        Map<Path, Map<String, byte[]>> dirs = new HashMap<>();
        // Sorted (directories and names), so that the same random seed makes the same choices
        // whatever the root's name and the order files were adopted in: the simulation replays.
        java.util.SortedSet<Path> allDirs = new java.util.TreeSet<>(durableNames.keySet());
        allDirs.addAll(pendingOps.keySet());
        for (Path d : allDirs) {
            Map<String, Inode> names = new HashMap<>(durableNames.getOrDefault(d, Map.of()));
            List<DirOp> ops = pendingOps.getOrDefault(d, List.of());
            for (DirOp op : ops.subList(0, Math.min(dirOps, ops.size()))) {
                op.apply(names);
            }
            Map<String, byte[]> files = new HashMap<>();
            new java.util.TreeMap<>(names).forEach((name, inode) -> files.put(name, content(inode, mode, random,
                    contents.computeIfAbsent(inode, i -> withLostPages(current(i), i)))));
            dirs.put(root.relativize(d), files);
        }
        return new CrashImage("step " + steps + ", " + dirOps + " unsynced directory op(s) kept, pages " + mode, dirs);
    }

    private static byte[] content(Inode inode, Pages mode, Random random, byte[] cur) {
        byte[] dur = inode.durable;
        return switch (mode) {
            case DURABLE_ONLY -> dur.clone();
            case ALL_WRITTEN -> cur;
            case ZERO_TAILS -> Arrays.copyOf(dur, cur.length);
            case RANDOM -> {
                int length = random.nextBoolean() ? dur.length : cur.length;
                byte[] out = new byte[length];
                for (int p = 0; p * PAGE < length; p++) {
                    byte[] src = random.nextBoolean() ? cur : dur;
                    int from = p * PAGE;
                    int n = Math.max(0, Math.min(Math.min(PAGE, length - from), src.length - from));
                    if (n > 0) {
                        System.arraycopy(src, from, out, from, n);
                    }
                }
                yield out;
            }
        };
    }

    private static String key(CrashImage image) {
        StringBuilder sb = new StringBuilder();
        image.directories().forEach((d, files) -> new java.util.TreeMap<>(files).forEach((name, bytes) ->
                sb.append(d).append('/').append(name).append(':').append(bytes.length).append(':')
                        .append(Arrays.hashCode(bytes)).append(';')));
        return sb.toString();
    }

    // ---------------------------------------------------------------- internals

    private byte[] current(Inode inode) {
        for (TrackingChannel ch : openChannels) {
            if (ch.inode() == inode && ch.isOpen()) {
                try {
                    return ch.readAll();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        for (Map.Entry<Path, Inode> e : live.entrySet()) {
            if (e.getValue() == inode) {
                try {
                    return Files.readAllBytes(e.getKey());
                } catch (NoSuchFileException gone) {
                    break;
                } catch (IOException io) {
                    throw new UncheckedIOException(io);
                }
            }
        }
        return inode.unlinkedContent != null ? inode.unlinkedContent : new byte[0];
    }

    /** {@code bytes} with the pages a failed fsync lost put back to their durable content. */
    private static byte[] withLostPages(byte[] bytes, Inode inode) {
        if (inode.lostPages.isEmpty()) {
            return bytes;
        }
        byte[] out = bytes.clone();
        for (int p : inode.lostPages) {
            for (int i = p * PAGE; i < Math.min(out.length, (p + 1) * PAGE); i++) {
                out[i] = i < inode.durable.length ? inode.durable[i] : 0;
            }
        }
        return out;
    }

    private static Set<Integer> changedPages(byte[] before, byte[] after) {
        Set<Integer> pages = new HashSet<>();
        int n = Math.max(before.length, after.length);
        for (int i = 0; i < n; i++) {
            byte a = i < before.length ? before[i] : 0;
            byte b = i < after.length ? after[i] : 0;
            if (a != b || i >= before.length) {
                pages.add(i / PAGE);
                i = (i / PAGE + 1) * PAGE - 1;
            }
        }
        return pages;
    }

    private void fault(Operation op, Path path) throws IOException {
        if (!armed.containsKey(op) || !path.toString().contains(armedPaths.get(op))) {
            return;
        }
        Errno errno = armed.remove(op);
        if (errno != null) {
            throw new IOException(errno.message + " (" + errno + ", injected on " + op + " of " + path + ")");
        }
    }

    private List<DirOp> pending(Path dir) {
        return pendingOps.computeIfAbsent(dir, d -> new ArrayList<>());
    }

    private void step(String what) {
        steps++;
        if (!inStep) {
            inStep = true;
            try {
                stepListener.accept(what);
            } finally {
                inStep = false;
            }
        }
    }

    private static Path normalize(Path p) {
        return p.toAbsolutePath().normalize();
    }
}
