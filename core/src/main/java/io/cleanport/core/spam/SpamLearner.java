package io.cleanport.core.spam;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Objects;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cleanport.core.quarantine.QuarantineEntry;
import io.cleanport.core.quarantine.ReleaseLearning;
import io.cleanport.core.spam.bayes.LearnOutcome;
import io.cleanport.core.spam.bayes.LearnedTotals;
import io.cleanport.core.spam.bayes.MessageClass;
import io.cleanport.core.spam.bayes.SpamTokenizer;
import io.cleanport.core.spam.bayes.TokenStore;
import io.cleanport.core.spam.bayes.TokenizedMessage;

/**
 * Teaches the classifier: a raw message reported as spam or ham (the learning route), and every message
 * released from the spam quarantine, as ham. Learning a message as the other class moves it.
 */
public final class SpamLearner implements ReleaseLearning {
    private static final Logger LOGGER = LoggerFactory.getLogger(SpamLearner.class);

    private final SpamMessageParser parser;
    private final SpamTokenizer tokenizer;
    private final TokenStore store;

    public SpamLearner(SpamMessageParser parser, SpamTokenizer tokenizer, TokenStore store) {
        this.parser = Objects.requireNonNull(parser, "parser");
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Learns {@code rawMessage} as {@code messageClass}. */
    public LearnOutcome learn(MessageClass messageClass, byte[] rawMessage) {
        TokenizedMessage tokens = tokenizer.tokenize(parser.parse(rawMessage, SmtpEnvelope.unknown()));
        LearnOutcome outcome = store.learn(tokens, messageClass);
        LOGGER.info("learn class={} tokens={} outcome={}", messageClass.asString(), tokens.size(), outcome);
        return outcome;
    }

    /** How many messages the token table has learned as spam and as ham (the default model's included). */
    public LearnedTotals totals() {
        return store.totals();
    }

    /** A release from the spam quarantine: the message was not spam. */
    @Override
    public void released(QuarantineEntry entry, MimeMessage message) throws MessagingException, IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        message.writeTo(raw);
        learn(MessageClass.HAM, raw.toByteArray());
    }
}
