package io.cleanport.benchmarks.spam;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Scores messages with SpamAssassin after training its Bayes classifier on one fold's training messages,
 * so that the accuracy harness compares CleanPort and SpamAssassin on the same split. A local benchmark
 * tool: CleanPort itself never needs SpamAssassin.
 *
 * <p>Each {@link #score(Fold)} builds a private SpamAssassin home in a temporary directory, so nothing of
 * the system's or an earlier fold's Bayes data leaks in: a site configuration with the system's plugin
 * choices ({@code *.pre}) and a {@code local.cf} that turns Bayes on, auto-learning and expiry off, and
 * every network test off. {@code sa-learn} learns the fold's spam and ham from file lists; then
 * {@code spamd} listens on a free loopback port for the run, the test messages go through {@code spamc}
 * (one per worker at a time, as many workers as spamd children), and spamd is stopped. As root, spamd runs
 * its children as {@code nobody}, so the temporary home is handed to {@code nobody} before it starts.
 */
public final class SpamAssassinRunner {
    /**
     * One fold: what Bayes learns, and what is scored.
     *
     * @param trainingSpam messages learnt as spam
     * @param trainingHam  messages learnt as ham
     * @param test         messages to score
     */
    public record Fold(List<Path> trainingSpam, List<Path> trainingHam, List<Path> test) {
        public Fold {
            trainingSpam = List.copyOf(trainingSpam);
            trainingHam = List.copyOf(trainingHam);
            test = List.copyOf(test);
        }
    }

    private static final System.Logger LOG = System.getLogger(SpamAssassinRunner.class.getName());
    private static final List<String> BINARY_DIRS = List.of("/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin");
    private static final Path SYSTEM_SITE_CONFIG = Path.of("/etc/spamassassin");
    /** spamc's answer with {@code -c}: score/threshold. */
    private static final Pattern SCORE = Pattern.compile("(-?[0-9]+(?:\\.[0-9]+)?)/(-?[0-9]+(?:\\.[0-9]+)?)\\s*");
    private static final Duration SPAMD_START_LIMIT = Duration.ofMinutes(2);
    private static final int SPAMC_TIMEOUT_SECONDS = 300;
    private static final long SPAMC_MAX_SIZE = 256L * 1024 * 1024 - 1;

    private final int workers;
    private final Path systemSiteConfig;

    private SpamAssassinRunner(int workers, Path systemSiteConfig) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers: at least 1, got " + workers);
        }
        this.workers = workers;
        this.systemSiteConfig = systemSiteConfig;
    }

    /** One spamd child and one spamc at a time per processor; the plugins of /etc/spamassassin. */
    public static SpamAssassinRunner withDefaults() {
        return new SpamAssassinRunner(Runtime.getRuntime().availableProcessors(), SYSTEM_SITE_CONFIG);
    }

    /** The same runner with {@code count} spamd children and concurrent spamc calls. */
    public SpamAssassinRunner withWorkers(int count) {
        return new SpamAssassinRunner(count, systemSiteConfig);
    }

    /** Whether spamd, spamc and sa-learn are installed (Debian package {@code spamassassin}). */
    public static boolean available() {
        return Stream.of("spamd", "spamc", "sa-learn").allMatch(name -> binary(name).isPresent());
    }

    /**
     * Trains a fresh Bayes database on the fold's training messages and returns SpamAssassin's score of
     * every test message, in the fold's order.
     *
     * @throws IOException if SpamAssassin is missing, a command fails, or a message gets no score
     */
    public Map<Path, Double> score(Fold fold) throws IOException, InterruptedException {
        Path home = Files.createTempDirectory("cleanport-sa-");
        try {
            Path site = writeSiteConfig(home);
            long start = System.nanoTime();
            learn(home, site, "--spam", fold.trainingSpam());
            learn(home, site, "--ham", fold.trainingHam());
            run(home.resolve("sa-learn.log"), List.of(command("sa-learn"), "--siteconfigpath", site.toString(), "--sync"));
            LOG.log(Level.INFO, "SpamAssassin learnt {0} spam and {1} ham in {2} ms", fold.trainingSpam().size(),
                fold.trainingHam().size(), (System.nanoTime() - start) / 1_000_000);
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) {
                handOver(home, "nobody");
            }
            start = System.nanoTime();
            Spamd spamd = startSpamd(home, site, root);
            try {
                Map<Path, Double> scores = scoreAll(spamd.port(), fold.test());
                LOG.log(Level.INFO, "SpamAssassin scored {0} messages in {1} ms", scores.size(), (System.nanoTime() - start) / 1_000_000);
                return scores;
            } finally {
                stop(spamd.process());
            }
        } finally {
            deleteTree(home);
        }
    }

    /** The system's plugin choices and a local.cf of our own: Bayes from this home only, nothing from the network. */
    private Path writeSiteConfig(Path home) throws IOException {
        Path site = Files.createDirectory(home.resolve("site"));
        if (Files.isDirectory(systemSiteConfig)) {
            try (Stream<Path> files = Files.list(systemSiteConfig)) {
                for (Path pre : files.filter(f -> f.getFileName().toString().endsWith(".pre")).toList()) {
                    Files.copy(pre, site.resolve(pre.getFileName()));
                }
            }
        }
        Files.createDirectory(home.resolve("bayes"));
        Files.createDirectory(home.resolve("spamd-home"));
        Files.writeString(site.resolve("local.cf"), String.join("\n",
            "# Written by CleanPort's SpamAssassinRunner for one benchmark fold.",
            "use_bayes 1",
            "bayes_auto_learn 0",
            "bayes_auto_expire 0",
            "bayes_path " + home.resolve("bayes").resolve("bayes"),
            "skip_rbl_checks 1",
            "dns_available no",
            "use_razor2 0",
            "use_pyzor 0",
            ""), StandardCharsets.UTF_8);
        return site;
    }

    private void learn(Path home, Path site, String kind, List<Path> messages) throws IOException, InterruptedException {
        if (messages.isEmpty()) {
            return;
        }
        Path list = home.resolve(kind.substring(2) + ".list");
        Files.write(list, messages.stream().map(m -> m.toAbsolutePath().toString()).toList(), StandardCharsets.UTF_8);
        run(home.resolve("sa-learn.log"), List.of(command("sa-learn"), "--siteconfigpath", site.toString(), "--local", "--no-sync",
            kind, "--folders", list.toString()));
    }

    private record Spamd(Process process, int port) {
    }

    private Spamd startSpamd(Path home, Path site, boolean root) throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort(); // free now; spamd binds it a moment later, and fails loudly if it was taken
        }
        List<String> command = new ArrayList<>(List.of(command("spamd"), "--local", "--nouser-config",
            "--siteconfigpath", site.toString(), "--helper-home-dir=" + home.resolve("spamd-home"),
            "--listen=127.0.0.1:" + port, "--allowed-ips=127.0.0.1",
            "--max-children=" + workers, "--min-children=" + workers, "--min-spare=" + workers, "--max-spare=" + workers,
            "--syslog=stderr"));
        if (root) {
            command.add("--username=nobody");
        }
        Process spamd = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(home.resolve("spamd.log").toFile()).start();
        long deadline = System.nanoTime() + SPAMD_START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!spamd.isAlive()) {
                throw new IOException("spamd stopped at start: " + tail(home.resolve("spamd.log")));
            }
            Process ping = new ProcessBuilder(command("spamc"), "-K", "-d", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (ping.waitFor() == 0) {
                return new Spamd(spamd, port);
            }
            Thread.sleep(250);
        }
        stop(spamd);
        throw new IOException("spamd did not answer within " + SPAMD_START_LIMIT.toSeconds() + "s: " + tail(home.resolve("spamd.log")));
    }

    private Map<Path, Double> scoreAll(int port, List<Path> messages) throws IOException, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<Double>> scores = new ArrayList<>();
            for (Path message : messages) {
                scores.add(pool.submit(() -> spamc(port, message)));
            }
            Map<Path, Double> byMessage = new LinkedHashMap<>();
            for (int i = 0; i < messages.size(); i++) {
                try {
                    byMessage.put(messages.get(i), scores.get(i).get());
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                }
            }
            return byMessage;
        } finally {
            pool.shutdownNow();
        }
    }

    /** One message through spamc: {@code -c} prints score/threshold and exits 0 (ham) or 1 (spam); {@code -x}: no silent 0/0. */
    private static double spamc(int port, Path message) throws IOException, InterruptedException {
        long size = Math.min(SPAMC_MAX_SIZE, Files.size(message) + 1);
        Process spamc = new ProcessBuilder(command("spamc"), "-x", "-c", "-d", "127.0.0.1", "-p", Integer.toString(port),
            "-t", Integer.toString(SPAMC_TIMEOUT_SECONDS), "-s", Long.toString(size))
            .redirectInput(message.toFile()).redirectErrorStream(true).start();
        String output = new String(spamc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = spamc.waitFor();
        Matcher matcher = SCORE.matcher(output);
        if ((exit != 0 && exit != 1) || !matcher.matches()) {
            throw new IOException("spamc gave no score for " + message + " (exit " + exit + "): " + output.strip());
        }
        return Double.parseDouble(matcher.group(1));
    }

    private static void run(Path log, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + exit + ": " + tail(log));
        }
    }

    /** Stops spamd and its children: spamd ends its children on SIGTERM; stragglers are killed. */
    private static void stop(Process spamd) throws InterruptedException {
        List<ProcessHandle> children = spamd.descendants().toList();
        spamd.destroy();
        if (!spamd.waitFor(30, TimeUnit.SECONDS)) {
            spamd.destroyForcibly();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static void handOver(Path home, String user) throws IOException {
        UserPrincipal owner = home.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
        try (Stream<Path> files = Files.walk(home)) {
            for (Path file : files.toList()) {
                Files.setOwner(file, owner);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            return text.length() > 2_000 ? "…" + text.substring(text.length() - 2_000) : text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String command(String name) throws IOException {
        return binary(name).map(Path::toString)
            .orElseThrow(() -> new IOException(name + " not found in PATH or " + BINARY_DIRS + ": install the spamassassin package"));
    }

    private static Optional<Path> binary(String name) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.concat(Stream.of(path.split(File.pathSeparator)).filter(d -> !d.isEmpty()), BINARY_DIRS.stream())
            .map(dir -> Path.of(dir, name)).filter(Files::isExecutable).findFirst();
    }
}
