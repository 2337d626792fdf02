package io.cleanport.mailets;

import java.time.Duration;
import java.util.Optional;

import javax.inject.Singleton;

import org.apache.mailet.Mail;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

import io.cleanport.core.spam.SpamMessage;

/**
 * Hands the spam filter's facts from the scan's walk ({@link ScanMessage}) to the spam scoring that follows it
 * ({@link ScoreSpam}), so that the message is parsed once. Kept in memory, not as a mail attribute: a mail's
 * attributes are stored with it in repositories, and these facts are only worth the moment between two
 * mailets. Bounded: at most {@value #MAX_CHARS} characters of text and HTML wait, none longer than
 * {@link #KEPT}; a mail whose facts are gone (evicted, or a restart in between) is parsed by the spam step
 * itself. Thread-safe; one per server.
 */
@Singleton
public final class SpamFactsHandoff {
    static final long MAX_CHARS = 32L * 1024 * 1024;
    static final Duration KEPT = Duration.ofMinutes(2);

    private final Cache<String, SpamMessage> waiting = CacheBuilder.newBuilder()
        .expireAfterWrite(KEPT)
        .maximumWeight(MAX_CHARS)
        .<String, SpamMessage>weigher((name, message) -> weight(message))
        .build();

    /** Leaves {@code message} for the spam step that will see {@code mail}. */
    public void hand(Mail mail, SpamMessage message) {
        waiting.put(mail.getName(), message);
    }

    /** The facts the scan left for {@code mail}, once; empty when there are none. */
    public Optional<SpamMessage> take(Mail mail) {
        return Optional.ofNullable(waiting.asMap().remove(mail.getName()));
    }

    private static int weight(SpamMessage message) {
        long chars = 1024L + message.text().length() + message.html().length() + message.hiddenText().length();
        return (int) Math.min(Integer.MAX_VALUE, chars);
    }
}
