package io.cleanport.load;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * SMTP load driver: sends N messages over C concurrent sessions to a target, as fast as possible or at a
 * fixed open-loop rate, and measures acceptance (250 after DATA) and delivery as seen by a
 * {@link DownstreamSmtpServer} in the same JVM. Messages are correlated by an {@code X-Load-Id: <run>-<n>}
 * header; all timestamps are {@link System#nanoTime()}.
 *
 * <p>Open-loop: in fixed-rate mode message n is due at {@code start + n / rate}; a session that falls
 * behind sends late messages at once, and the lag shows in the latencies measured from the intended
 * time ({@link RunResult#endToEndMs()}, {@link RunResult#acceptMs()}). In as-fast-as-possible mode the
 * intended time is when a session picks the message up.
 *
 * <p>Run {@code java -cp load-driver/target/classes io.cleanport.load.SmtpLoadDriver --help} for the CLI.
 */
public final class SmtpLoadDriver {

    private SmtpLoadDriver() {
    }

    // ------------------------------------------------------------------ programmatic API

    /**
     * Runs {@code config.warmup()} unmeasured messages, waits for them to drain, then runs
     * {@code config.messages()} measured ones against {@code target}, each delivered (directly or through a
     * gateway) to {@code downstream}, which must be running in this JVM.
     */
    public static RunResult run(String name, InetSocketAddress target, LoadConfig config,
                                DownstreamSmtpServer downstream) {
        String base = name.replaceAll("[^A-Za-z0-9_.]", "_") + "."
                + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36);
        if (config.warmup() > 0) {
            runPhase(name + " warmup", base + ".w", target, config.toBuilder().messages(config.warmup()).build(),
                    downstream);
        }
        return runPhase(name, base, target, config, downstream);
    }

    /** Convenience: runs against the downstream server itself (the baseline). */
    public static RunResult runBaseline(LoadConfig config, DownstreamSmtpServer downstream) {
        return run("baseline", downstream.address(), config, downstream);
    }

    private static RunResult runPhase(String name, String runId, InetSocketAddress target, LoadConfig cfg,
                                      DownstreamSmtpServer downstream) {
        final int n = cfg.messages();
        final MessageFactory factory = new MessageFactory(runId, cfg.size(), cfg.from(), cfg.recipients(), 42);
        final long[] intended = new long[n];   // absolute nanoTime
        final long[] acceptedAt = new long[n]; // absolute nanoTime of the 250, valid when accepted[i]
        final boolean[] accepted = new boolean[n];
        final String[] failure = new String[n];
        // downstream reception, relative to (phase origin - 1) so that 0 means "not yet"
        final AtomicLongArray deliveredRel = new AtomicLongArray(n);
        final AtomicInteger deliveredCount = new AtomicInteger();
        final AtomicInteger duplicates = new AtomicInteger();
        final long origin = System.nanoTime() - 1;
        final String prefix = runId + "-";

        DownstreamSmtpServer.Subscription subscription = downstream.onReceive(mail -> {
            String id = mail.header(MessageFactory.LOAD_ID_HEADER);
            if (id == null || !id.startsWith(prefix)) {
                return;
            }
            int idx;
            try {
                idx = Integer.parseInt(id.substring(prefix.length()));
            } catch (NumberFormatException e) {
                return;
            }
            if (idx < 0 || idx >= n) {
                return;
            }
            if (deliveredRel.compareAndSet(idx, 0, Math.max(1, mail.receivedNanos() - origin))) {
                deliveredCount.incrementAndGet();
            } else {
                duplicates.incrementAndGet();
            }
        });
        RssSampler rss = RssSampler.start(cfg.pid(), 250);
        try {
            final AtomicInteger next = new AtomicInteger();
            final Map<String, String> firstErrorText = new ConcurrentHashMap<>();
            final CountDownLatch connected = new CountDownLatch(cfg.sessions());
            final CountDownLatch go = new CountDownLatch(1);
            final long[] start = new long[1];
            List<Thread> workers = new ArrayList<>();
            for (int s = 0; s < cfg.sessions(); s++) {
                Thread t = new Thread(() -> {
                    SmtpClientConnection conn = null;
                    try {
                        conn = connect(target, cfg);
                    } catch (IOException e) {
                        conn = null; // retried per message, counted there
                    } finally {
                        connected.countDown();
                    }
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    final long t0 = start[0];
                    int i;
                    while ((i = next.getAndIncrement()) < n) {
                        long due;
                        if (cfg.rate() > 0) {
                            due = t0 + (long) (i * 1e9 / cfg.rate());
                            sleepUntil(due);
                        } else {
                            due = System.nanoTime();
                        }
                        intended[i] = due;
                        try {
                            if (conn == null) {
                                try {
                                    conn = connect(target, cfg);
                                } catch (IOException e) {
                                    failure[i] = e instanceof ConnectException ? "connect" : reasonOf(e, "connect");
                                    firstErrorText.putIfAbsent(failure[i], String.valueOf(e.getMessage()));
                                    LockSupport.parkNanos(10_000_000L); // don't spin on a dead target
                                    continue;
                                }
                            }
                            SmtpClientConnection.Outcome o = conn.send(factory.from(), factory.recipients(),
                                    factory.header(i), factory.stuffedBody());
                            if (o.accepted()) {
                                accepted[i] = true;
                                acceptedAt[i] = o.replyNanos();
                            } else {
                                failure[i] = o.reason();
                                firstErrorText.putIfAbsent(o.reason(), o.reply().text());
                            }
                            if (o.broken()) {
                                conn.close();
                                conn = null;
                            }
                        } catch (IOException e) {
                            failure[i] = reasonOf(e, "io");
                            firstErrorText.putIfAbsent(failure[i], String.valueOf(e.getMessage()));
                            if (conn != null) {
                                conn.close();
                                conn = null;
                            }
                        }
                    }
                    if (conn != null) {
                        conn.quit();
                    }
                }, "load-" + name + "-" + s);
                t.setDaemon(true);
                workers.add(t);
                t.start();
            }
            awaitQuietly(connected);
            start[0] = System.nanoTime();
            go.countDown();
            for (Thread t : workers) {
                joinQuietly(t);
            }
            final long t0 = start[0];
            final long sendEnd = System.nanoTime();

            int acceptedCount = 0;
            for (boolean a : accepted) {
                if (a) {
                    acceptedCount++;
                }
            }
            // drain: wait for every accepted message to show up downstream
            long drainDeadline = sendEnd + cfg.drainTimeout().toNanos();
            while (System.nanoTime() < drainDeadline) {
                if (deliveredCount.get() >= acceptedCount && missing(accepted, deliveredRel) == 0) {
                    break;
                }
                LockSupport.parkNanos(5_000_000L);
            }
            subscription.close();

            // results
            int delivered = 0;
            int lost = 0;
            long lastAccept = Long.MIN_VALUE;
            long lastDelivery = Long.MIN_VALUE;
            long[] latency = new long[n];
            long[] e2e = new long[n];
            long[] acceptLat = new long[n];
            int nl = 0;
            int ne = 0;
            int na = 0;
            Map<String, Integer> errors = new java.util.TreeMap<>();
            for (int i = 0; i < n; i++) {
                long rel = deliveredRel.get(i);
                boolean isDelivered = rel != 0;
                long deliveredAt = origin + rel;
                if (isDelivered) {
                    delivered++;
                    lastDelivery = Math.max(lastDelivery, deliveredAt);
                    e2e[ne++] = deliveredAt - intended[i];
                }
                if (accepted[i]) {
                    lastAccept = Math.max(lastAccept, acceptedAt[i]);
                    acceptLat[na++] = acceptedAt[i] - intended[i];
                    if (isDelivered) {
                        latency[nl++] = deliveredAt - acceptedAt[i];
                    } else {
                        lost++;
                    }
                } else {
                    errors.merge(failure[i] == null ? "unknown" : failure[i], 1, Integer::sum);
                }
            }
            long lastEvent = Math.max(lastAccept, lastDelivery);
            double wall = (lastEvent == Long.MIN_VALUE ? sendEnd - t0 : lastEvent - t0) / 1e9;
            double acceptedPerSecond = lastAccept == Long.MIN_VALUE ? 0 : acceptedCount / ((lastAccept - t0) / 1e9);
            double deliveredPerSecond = lastDelivery == Long.MIN_VALUE ? 0 : delivered / ((lastDelivery - t0) / 1e9);
            for (Map.Entry<String, String> e : firstErrorText.entrySet()) {
                System.err.println("[" + name + "] " + errors.getOrDefault(e.getKey(), 0) + " x " + e.getKey()
                        + ", first: " + e.getValue().replace('\n', ' '));
            }
            return new RunResult(name, runId, hostPort(target), n, acceptedCount,
                    delivered, lost, n - acceptedCount, duplicates.get(), errors, wall, acceptedPerSecond,
                    deliveredPerSecond, LatencyStats.ofNanos(latency, nl), LatencyStats.ofNanos(e2e, ne),
                    LatencyStats.ofNanos(acceptLat, na), cfg.pid(), rss.peakRssKb(), rss.maxSampledRssKb());
        } finally {
            subscription.close();
            rss.close();
        }
    }

    private static SmtpClientConnection connect(InetSocketAddress target, LoadConfig cfg) throws IOException {
        return SmtpClientConnection.open(target, cfg.connectTimeout(), cfg.ioTimeout(), cfg.ehloName(),
                cfg.pipelining());
    }

    private static String reasonOf(IOException e, String fallback) {
        if (e instanceof SocketTimeoutException) {
            return "timeout";
        }
        if (e instanceof SmtpClientConnection.RefusedException r) {
            return (e.getMessage().startsWith("greeting") ? "greeting " : "EHLO ") + r.reply.code();
        }
        return fallback;
    }

    private static int missing(boolean[] accepted, AtomicLongArray deliveredRel) {
        int missing = 0;
        for (int i = 0; i < accepted.length; i++) {
            if (accepted[i] && deliveredRel.get(i) == 0) {
                missing++;
            }
        }
        return missing;
    }

    private static void sleepUntil(long due) {
        long left;
        while ((left = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void joinQuietly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ reporting

    /** A plain table of runs, one line per run. */
    public static String table(List<RunResult> runs) {
        StringBuilder sb = new StringBuilder();
        boolean rss = runs.stream().anyMatch(r -> r.pid() > 0);
        String fmt = "%-10s %7s %8s %9s %6s %6s %8s %10s %11s %8s %8s %8s %8s %9s %9s";
        sb.append(String.format(Locale.ROOT, fmt, "run", "sent", "accepted", "delivered", "lost", "errors",
                "wall_s", "accepted/s", "delivered/s", "p50_ms", "p90_ms", "p99_ms", "max_ms", "e2e_p50", "e2e_p99"));
        if (rss) {
            sb.append(String.format(Locale.ROOT, " %10s %10s", "rss_max_mb", "hwm_mb"));
        }
        sb.append('\n');
        for (RunResult r : runs) {
            sb.append(String.format(Locale.ROOT, fmt, r.name(), r.sent(), r.accepted(), r.delivered(), r.lost(),
                    r.errors(), num(r.wallSeconds(), 3), num(r.acceptedPerSecond(), 1),
                    num(r.deliveredPerSecond(), 1), num(r.latencyMs().p50(), 3), num(r.latencyMs().p90(), 3),
                    num(r.latencyMs().p99(), 3), num(r.latencyMs().max(), 3), num(r.endToEndMs().p50(), 3),
                    num(r.endToEndMs().p99(), 3)));
            if (rss) {
                sb.append(String.format(Locale.ROOT, " %10s %10s", mb(r.maxSampledRssKb()), mb(r.peakRssKb())));
            }
            sb.append('\n');
            if (!r.errorsByReason().isEmpty()) {
                sb.append("  errors:");
                r.errorsByReason().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** "ratio target/baseline: ..." comparing throughput and end-to-end latency of two runs. */
    public static String ratioLine(RunResult target, RunResult baseline) {
        return String.format(Locale.ROOT,
                "ratio %s/%s: accepted/s %s, delivered/s %s, e2e p50 %s, e2e p99 %s",
                target.name(), baseline.name(),
                num(ratio(target.acceptedPerSecond(), baseline.acceptedPerSecond()), 3),
                num(ratio(target.deliveredPerSecond(), baseline.deliveredPerSecond()), 3),
                num(ratio(target.endToEndMs().p50(), baseline.endToEndMs().p50()), 2),
                num(ratio(target.endToEndMs().p99(), baseline.endToEndMs().p99()), 2));
    }

    /** Everything as one JSON object on one line. {@code ratioOf} may be null. */
    public static String json(LoadConfig cfg, String target, int downstreamPort, List<RunResult> runs,
                              RunResult[] ratioOf) {
        Json j = new Json().open();
        j.key("config").open()
                .field("target", target)
                .field("downstreamPort", downstreamPort)
                .field("messages", cfg.messages())
                .field("sessions", cfg.sessions())
                .field("rate", cfg.rate())
                .field("size", cfg.size())
                .field("warmup", cfg.warmup())
                .field("from", cfg.from())
                .field("rcpt", String.join(",", cfg.recipients()))
                .field("drainSeconds", cfg.drainTimeout().toMillis() / 1000.0)
                .field("pipelining", cfg.pipelining())
                .field("pid", cfg.pid())
                .close();
        j.key("runs").openArray();
        for (RunResult r : runs) {
            j.open()
                    .field("name", r.name())
                    .field("runId", r.runId())
                    .field("target", r.target())
                    .field("sent", r.sent())
                    .field("accepted", r.accepted())
                    .field("delivered", r.delivered())
                    .field("lost", r.lost())
                    .field("errors", r.errors())
                    .field("duplicates", r.duplicates())
                    .field("errorsByReason", r.errorsByReason())
                    .field("wallSeconds", r.wallSeconds())
                    .field("acceptedPerSecond", r.acceptedPerSecond())
                    .field("deliveredPerSecond", r.deliveredPerSecond());
            stats(j, "latencyMs", r.latencyMs());
            stats(j, "endToEndMs", r.endToEndMs());
            stats(j, "acceptMs", r.acceptMs());
            if (r.pid() > 0) {
                j.field("pid", r.pid()).field("peakRssKb", r.peakRssKb()).field("maxSampledRssKb",
                        r.maxSampledRssKb());
            }
            j.close();
        }
        j.closeArray();
        if (ratioOf != null) {
            RunResult t = ratioOf[0];
            RunResult b = ratioOf[1];
            j.key("ratio").open()
                    .field("of", t.name() + "/" + b.name())
                    .field("acceptedPerSecond", ratio(t.acceptedPerSecond(), b.acceptedPerSecond()))
                    .field("deliveredPerSecond", ratio(t.deliveredPerSecond(), b.deliveredPerSecond()))
                    .field("endToEndP50", ratio(t.endToEndMs().p50(), b.endToEndMs().p50()))
                    .field("endToEndP99", ratio(t.endToEndMs().p99(), b.endToEndMs().p99()))
                    .close();
        } else {
            j.nullValue("ratio");
        }
        return j.close().toString();
    }

    private static void stats(Json j, String key, LatencyStats s) {
        j.key(key).open()
                .field("count", s.count())
                .field("min", s.min())
                .field("mean", s.mean())
                .field("p50", s.p50())
                .field("p90", s.p90())
                .field("p99", s.p99())
                .field("max", s.max())
                .close();
    }

    private static double ratio(double a, double b) {
        return b == 0 || Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : a / b;
    }

    private static String num(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "-";
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String mb(long kb) {
        return kb < 0 ? "-" : String.format(Locale.ROOT, "%.1f", kb / 1024.0);
    }

    // ------------------------------------------------------------------ CLI

    static final String USAGE = String.join("\n",
            "usage: java -cp load-driver/target/classes io.cleanport.load.SmtpLoadDriver [options]",
            "",
            "Sends N messages over C SMTP sessions and measures acceptance and delivery to an in-process",
            "downstream SMTP listener on 127.0.0.1. Without --target only the baseline (straight to the",
            "listener) runs.",
            "",
            "  --target HOST:PORT      system under test (e.g. the gateway's SMTP port)",
            "  --baseline              with --target: first run the same load straight against the listener",
            "  --downstream-port P     port of the downstream listener this driver starts (default 0 = free",
            "                          port; with --target, configure the gateway to deliver there)",
            "  --messages N            measured messages per run (default " + LoadConfig.DEFAULT_MESSAGES + ")",
            "  --sessions C            concurrent SMTP sessions (default " + LoadConfig.DEFAULT_SESSIONS + ")",
            "  --rate R                messages/s, open-loop; 0 = as fast as possible (default 0)",
            "  --size BYTES            approximate message size (default " + LoadConfig.DEFAULT_SIZE + ")",
            "  --from ADDR             envelope sender (default " + LoadConfig.DEFAULT_FROM + ")",
            "  --rcpt ADDR             recipient; repeat or comma-separate for several (default "
                    + LoadConfig.DEFAULT_RCPT + ")",
            "  --warmup N              unmeasured messages sent first in each run (default 0)",
            "  --drain-seconds S       wait this long for accepted messages to arrive downstream (default 30)",
            "  --timeout-seconds S     wait this long for any one SMTP reply (default 120)",
            "  --no-pipelining         send MAIL/RCPT/DATA one at a time even if PIPELINING is offered",
            "  --pid P                 also report peak RSS (VmHWM) and sampled VmRSS of process P",
            "  --help                  this text",
            "",
            "Output: a table per run, a ratio line (with --target --baseline), then one JSON line.",
            "Latency p50..max: client's receipt of the 250 to end of DATA -> downstream reception (negative",
            "for the baseline, where the listener stamps before replying); e2e: intended send -> downstream.");

    /** Parsed command line. */
    record Cli(LoadConfig config, InetSocketAddress target, boolean baseline, int downstreamPort, boolean help) {
    }

    static Cli parse(String[] args) {
        LoadConfig.Builder b = LoadConfig.builder();
        InetSocketAddress target = null;
        boolean baseline = false;
        int downstreamPort = 0;
        List<String> rcpts = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                value = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            switch (a) {
                case "--help", "-h" -> {
                    return new Cli(b.build(), null, false, 0, true);
                }
                case "--baseline" -> baseline = true;
                case "--no-pipelining" -> b.pipelining(false);
                default -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException("missing value for " + a);
                        }
                        value = args[++i];
                    }
                    switch (a) {
                        case "--target" -> target = hostPort(value);
                        case "--messages" -> b.messages(intArg(a, value));
                        case "--sessions" -> b.sessions(intArg(a, value));
                        case "--rate" -> b.rate(doubleArg(a, value));
                        case "--size" -> b.size(intArg(a, value));
                        case "--from" -> b.from(value);
                        case "--rcpt" -> Arrays.stream(value.split(","))
                                .map(String::trim).filter(s -> !s.isEmpty()).forEach(rcpts::add);
                        case "--downstream-port" -> downstreamPort = intArg(a, value);
                        case "--warmup" -> b.warmup(intArg(a, value));
                        case "--drain-seconds" -> b.drainTimeout(seconds(a, value));
                        case "--timeout-seconds" -> b.ioTimeout(seconds(a, value));
                        case "--pid" -> b.pid(Long.parseLong(value));
                        default -> throw new IllegalArgumentException("unknown option " + a);
                    }
                }
            }
        }
        if (!rcpts.isEmpty()) {
            b.recipients(rcpts);
        }
        if (downstreamPort < 0 || downstreamPort > 65535) {
            throw new IllegalArgumentException("bad --downstream-port " + downstreamPort);
        }
        return new Cli(b.build(), target, baseline, downstreamPort, false);
    }

    private static InetSocketAddress hostPort(String v) {
        int colon = v.lastIndexOf(':');
        if (colon <= 0 || colon == v.length() - 1) {
            throw new IllegalArgumentException("--target wants HOST:PORT, got " + v);
        }
        String host = v.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new InetSocketAddress(host, intArg("--target", v.substring(colon + 1)));
    }

    static String hostPort(InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private static int intArg(String name, String v) {
        try {
            return Integer.parseInt(v.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " wants an integer, got " + v);
        }
    }

    private static double doubleArg(String name, String v) {
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " wants a number, got " + v);
        }
    }

    private static Duration seconds(String name, String v) {
        return Duration.ofMillis(Math.round(doubleArg(name, v) * 1000));
    }

    /** Runs the CLI; returns the exit code (0 done, 2 bad usage, 1 failure). */
    static int runCli(String[] args, PrintStream out, PrintStream err) {
        Cli cli;
        try {
            cli = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (cli.help()) {
            out.println(USAGE);
            return 0;
        }
        LoadConfig cfg = cli.config();
        DownstreamSmtpServer downstream;
        try {
            downstream = DownstreamSmtpServer.builder().port(cli.downstreamPort())
                    .retention(DownstreamSmtpServer.Retention.METADATA).start();
        } catch (RuntimeException e) {
            err.println("error: cannot start the downstream listener: " + e.getMessage());
            return 1;
        }
        try {
            err.println("downstream SMTP listener on 127.0.0.1:" + downstream.port());
            if (cli.target() != null && cli.downstreamPort() == 0) {
                err.println("warning: --downstream-port not given; the target must deliver to port "
                        + downstream.port() + " or nothing will be seen as delivered");
            }
            if (cfg.pid() > 0 && RssSampler.readKb(cfg.pid(), "VmRSS") < 0) {
                err.println("warning: cannot read /proc/" + cfg.pid() + "/status");
            }
            List<RunResult> runs = new ArrayList<>();
            if (cli.target() == null || cli.baseline()) {
                err.println("running baseline: " + describe(cfg) + " -> 127.0.0.1:" + downstream.port());
                runs.add(runBaseline(cfg, downstream));
                downstream.clear();
            }
            if (cli.target() != null) {
                err.println("running target: " + describe(cfg) + " -> " + hostPort(cli.target()));
                runs.add(run("target", cli.target(), cfg, downstream));
                downstream.clear();
            }
            out.print(table(runs));
            RunResult[] ratioOf = runs.size() == 2 ? new RunResult[] {runs.get(1), runs.get(0)} : null;
            if (ratioOf != null) {
                out.println(ratioLine(ratioOf[0], ratioOf[1]));
            }
            String target = cli.target() == null ? null : hostPort(cli.target());
            out.println(json(cfg, target, downstream.port(), runs, ratioOf));
            out.flush();
            return 0;
        } catch (RuntimeException e) {
            err.println("error: " + e);
            e.printStackTrace(err);
            return 1;
        } finally {
            downstream.close();
        }
    }

    private static String describe(LoadConfig cfg) {
        return cfg.messages() + " messages"
                + (cfg.warmup() > 0 ? " (+" + cfg.warmup() + " warmup)" : "")
                + " of ~" + cfg.size() + " bytes over " + cfg.sessions() + " sessions"
                + (cfg.rate() > 0 ? " at " + cfg.rate() + "/s" : " as fast as possible");
    }

    public static void main(String[] args) {
        int code = runCli(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }
}
