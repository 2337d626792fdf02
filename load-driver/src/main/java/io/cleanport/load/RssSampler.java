package io.cleanport.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Samples VmRSS of a process from /proc/PID/status in the background, and reads its VmHWM. */
final class RssSampler implements AutoCloseable {

    private final long pid;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long maxRssKb = -1;

    private RssSampler(long pid, long periodMillis) {
        this.pid = pid;
        this.thread = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(periodMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler-" + pid);
        thread.setDaemon(true);
    }

    /** Starts sampling every {@code periodMillis}; pid 0 gives a sampler that reports -1. */
    static RssSampler start(long pid, long periodMillis) {
        RssSampler s = new RssSampler(pid, periodMillis);
        if (pid > 0) {
            s.sample();
            s.thread.start();
        }
        return s;
    }

    private void sample() {
        long rss = readKb(pid, "VmRSS");
        if (rss > maxRssKb) {
            maxRssKb = rss;
        }
    }

    /** Largest VmRSS seen so far, in kB (-1 when never read). */
    long maxSampledRssKb() {
        if (pid > 0) {
            sample();
        }
        return maxRssKb;
    }

    /** VmHWM (peak resident set size) now, in kB (-1 when unreadable). */
    long peakRssKb() {
        return pid > 0 ? readKb(pid, "VmHWM") : -1;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }

    /** A "Name:  1234 kB" field of /proc/PID/status in kB, or -1. */
    static long readKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"),
                    StandardCharsets.ISO_8859_1)) {
                if (line.startsWith(field + ":")) {
                    String v = line.substring(field.length() + 1).trim();
                    int sp = v.indexOf(' ');
                    return Long.parseLong(sp < 0 ? v : v.substring(0, sp));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
