package io.cleanport.load;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one load run sends.
 *
 * @param messages        measured messages per run
 * @param sessions        concurrent SMTP sessions (connections), each reused for many messages
 * @param rate            messages per second across all sessions, open-loop; 0 = as fast as possible
 * @param size            approximate size of each message in bytes
 * @param from            envelope sender and From address
 * @param recipients      envelope recipients (also the To header)
 * @param warmup          messages sent before the measured ones and not measured
 * @param drainTimeout    how long to wait after sending for accepted messages to reach the downstream
 * @param connectTimeout  TCP connect timeout
 * @param ioTimeout       how long to wait for any one reply
 * @param pipelining      send MAIL/RCPT/DATA as one group when the server advertises PIPELINING
 * @param ehloName        name given in EHLO
 * @param pid             process whose RSS is sampled during the run (0 = none)
 */
public record LoadConfig(int messages,
                         int sessions,
                         double rate,
                         int size,
                         String from,
                         List<String> recipients,
                         int warmup,
                         Duration drainTimeout,
                         Duration connectTimeout,
                         Duration ioTimeout,
                         boolean pipelining,
                         String ehloName,
                         long pid) {

    public static final int DEFAULT_MESSAGES = 2000;
    public static final int DEFAULT_SESSIONS = 8;
    public static final int DEFAULT_SIZE = 10 * 1024;
    public static final String DEFAULT_FROM = "sender@example.org";
    public static final String DEFAULT_RCPT = "user@example.com";

    public LoadConfig {
        if (messages < 0) {
            throw new IllegalArgumentException("messages must be >= 0");
        }
        if (sessions < 1) {
            throw new IllegalArgumentException("sessions must be >= 1");
        }
        if (rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be >= 0 (0 = as fast as possible)");
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0");
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("warmup must be >= 0");
        }
        Objects.requireNonNull(from, "from");
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("at least one recipient");
        }
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(ioTimeout, "ioTimeout");
        Objects.requireNonNull(ehloName, "ehloName");
    }

    /** The defaults: 2000 messages over 8 sessions as fast as possible, 10 KB each, no warmup. */
    public static LoadConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.messages = messages;
        b.sessions = sessions;
        b.rate = rate;
        b.size = size;
        b.from = from;
        b.recipients = recipients;
        b.warmup = warmup;
        b.drainTimeout = drainTimeout;
        b.connectTimeout = connectTimeout;
        b.ioTimeout = ioTimeout;
        b.pipelining = pipelining;
        b.ehloName = ehloName;
        b.pid = pid;
        return b;
    }

    public static final class Builder {
        private int messages = DEFAULT_MESSAGES;
        private int sessions = DEFAULT_SESSIONS;
        private double rate;
        private int size = DEFAULT_SIZE;
        private String from = DEFAULT_FROM;
        private List<String> recipients = List.of(DEFAULT_RCPT);
        private int warmup;
        private Duration drainTimeout = Duration.ofSeconds(30);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration ioTimeout = Duration.ofSeconds(120);
        private boolean pipelining = true;
        private String ehloName = "load-driver.test";
        private long pid;

        private Builder() {
        }

        public Builder messages(int messages) {
            this.messages = messages;
            return this;
        }

        public Builder sessions(int sessions) {
            this.sessions = sessions;
            return this;
        }

        public Builder rate(double messagesPerSecond) {
            this.rate = messagesPerSecond;
            return this;
        }

        public Builder size(int bytes) {
            this.size = bytes;
            return this;
        }

        public Builder from(String from) {
            this.from = from;
            return this;
        }

        public Builder recipients(List<String> recipients) {
            this.recipients = recipients;
            return this;
        }

        public Builder recipients(String... recipients) {
            return recipients(List.of(recipients));
        }

        public Builder warmup(int messages) {
            this.warmup = messages;
            return this;
        }

        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = timeout;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder ioTimeout(Duration timeout) {
            this.ioTimeout = timeout;
            return this;
        }

        public Builder pipelining(boolean pipelining) {
            this.pipelining = pipelining;
            return this;
        }

        public Builder ehloName(String name) {
            this.ehloName = name;
            return this;
        }

        public Builder pid(long pid) {
            this.pid = pid;
            return this;
        }

        public LoadConfig build() {
            return new LoadConfig(messages, sessions, rate, size, from, recipients, warmup, drainTimeout,
                    connectTimeout, ioTimeout, pipelining, ehloName, pid);
        }
    }
}
