package io.cleanport.core.spam.bayes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Raw messages for training tests: spam draws its words from a spammy vocabulary and comes from spammers'
 * domains, ham from a hammy one and colleagues; both share common words. Deterministic by index.
 */
final class SyntheticCorpus {
    static final List<String> SPAM_WORDS = List.of("viagra", "casino", "winner", "lottery", "cheap", "pills",
        "bitcoin", "prize", "guaranteed", "unsubscribe", "discount", "millions", "inheritance", "bonus", "refinance",
        "replica", "weightloss", "jackpot", "claim", "exclusive");
    static final List<String> HAM_WORDS = List.of("meeting", "agenda", "project", "review", "lunch", "report",
        "schedule", "minutes", "draft", "budget", "deadline", "colleague", "quarterly", "invoice", "roadmap",
        "sprint", "architecture", "release", "feedback", "migration");
    static final List<String> COMMON_WORDS = List.of("hello", "regards", "today", "please", "thanks", "about",
        "your", "this", "with", "from", "have", "will");

    private SyntheticCorpus() {
    }

    static String spam(int index) {
        Random random = new Random(index);
        return message("Offer " + index, "promo" + index + "@deals" + (index % 7) + ".example.ru",
            words(random, SPAM_WORDS, 8) + " http://click" + (index % 5) + ".example.ru/win/" + index);
    }

    static String ham(int index) {
        Random random = new Random(10_000 + index);
        return message("Notes " + index, "colleague" + (index % 9) + "@corp.example.com",
            words(random, HAM_WORDS, 8) + " https://wiki.corp.example.com/page/" + index);
    }

    /** A spammy or hammy message of new word combinations, from a sender never seen. */
    static String unseen(boolean spammy, int index) {
        Random random = new Random(99_000 + index);
        return message("Hi " + index, "someone" + index + "@new" + index + ".example.net",
            words(random, spammy ? SPAM_WORDS : HAM_WORDS, 6));
    }

    static String message(String subject, String from, String body) {
        return "From: " + from + "\nTo: alice@example.com\nSubject: " + subject + "\nMessage-ID: <" + subject.hashCode()
            + "@" + from.substring(from.indexOf('@') + 1) + ">\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n\n" + body + "\n";
    }

    private static String words(Random random, List<String> vocabulary, int count) {
        List<String> pool = new ArrayList<>(vocabulary);
        Collections.shuffle(pool, random);
        List<String> chosen = new ArrayList<>(pool.subList(0, count));
        List<String> common = new ArrayList<>(COMMON_WORDS);
        Collections.shuffle(common, random);
        chosen.addAll(common.subList(0, 5));
        Collections.shuffle(chosen, random);
        return String.join(" ", chosen);
    }
}
