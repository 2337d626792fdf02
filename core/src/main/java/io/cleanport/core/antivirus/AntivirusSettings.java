package io.cleanport.core.antivirus;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

import io.cleanport.core.config.DurationSetting;
import io.cleanport.core.scan.ArchiveLimits;
import io.cleanport.core.scan.ScanLimits;

/**
 * ProTAG's configuration, from {@code cleanport.properties}; every key is optional.
 *
 * <pre>
 * antivirus.threshold=5                       # ProTAG rule scores from which a message carries a virus
 * antivirus.rule.MACRO_DOCUMENT.score=6       # any rule's weight
 * antivirus.similarity.threshold=0.8          # learned signatures: estimated similarity of a re-packed copy
 * antivirus.signatures.refresh=2s             # how soon a node sees signatures learned on another node
 * antivirus.limits.maxParts=1000              # MIME parts of a message (past it: ProTAG.MimeBomb)
 * antivirus.limits.maxDepth=20                # MIME nesting
 * antivirus.limits.maxDecodedBytes=33554432   # decoded content examined per message
 * antivirus.limits.maxScanTime=30s            # past it the mail is held in the error repository
 * antivirus.archive.maxDepth=5                # archives inside archives (past it: ProTAG.ArchiveBomb)
 * antivirus.archive.maxMembers=1000           # entries of one archive
 * antivirus.archive.maxExpandedBytes=268435456  # bytes one archive decompresses to
 * antivirus.archive.maxRatio=100              # decompressed bytes per compressed byte, past 1 MiB
 * antivirus.clamd.address=127.0.0.1:3310      # or unix:/run/clamav/clamd.ctl; absent: no clamd
 * </pre>
 *
 * @param scanLimits          the bounds of the MIME walk
 * @param archiveLimits       the bounds of listing archives
 * @param ruleWeights         scores replacing rules' default weights, by rule id
 * @param threshold           the ProTAG score of a virus
 * @param similarityThreshold the similarity from which a file is a learned virus's copy
 * @param refreshInterval     how often the learned signatures are reloaded from the shared store
 * @param clamd               the clamd second layer, when configured
 */
public record AntivirusSettings(ScanLimits scanLimits, ArchiveLimits archiveLimits, Map<String, Double> ruleWeights,
                                double threshold, double similarityThreshold, Duration refreshInterval,
                                Optional<ClamdSettings> clamd) {
    static final String PREFIX = "antivirus.";
    /** Archives nested five deep are listed: malware nests a few levels, mail programs never need more. */
    public static final int DEFAULT_ARCHIVE_DEPTH = 5;
    /** A 25 MB message of well-compressed text (logs, CSV) stays below this; a bomb reaches it in a second. */
    public static final long DEFAULT_ARCHIVE_EXPANDED_BYTES = 256L * 1024 * 1024;
    public static final long DEFAULT_MESSAGE_ARCHIVES_EXPANDED_BYTES = 512L * 1024 * 1024;
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(2);

    public AntivirusSettings {
        Objects.requireNonNull(scanLimits, "scanLimits");
        Objects.requireNonNull(archiveLimits, "archiveLimits");
        ruleWeights = Map.copyOf(ruleWeights);
        Objects.requireNonNull(refreshInterval, "refreshInterval");
        Objects.requireNonNull(clamd, "clamd");
        if (similarityThreshold < 0.5 || similarityThreshold > 1) {
            throw new IllegalArgumentException(PREFIX + "similarity.threshold: " + similarityThreshold + " is out of range; expected 0.5 to 1");
        }
        if (refreshInterval.isNegative() || refreshInterval.isZero()) {
            throw new IllegalArgumentException(PREFIX + "signatures.refresh: must be positive");
        }
    }

    /** Every default: no clamd. */
    public static AntivirusSettings defaults() {
        return fromProperties(new Properties());
    }

    /**
     * @throws IllegalArgumentException naming the key whose value is wrong
     */
    public static AntivirusSettings fromProperties(Properties properties) {
        ScanLimits scan;
        ArchiveLimits archives;
        try {
            scan = scanLimits(properties);
            archives = archiveLimits(properties);
        } catch (IllegalArgumentException e) {
            // the limits name their field ("maxParts: 0 is out of range"): say which settings the field is in
            throw new IllegalArgumentException(PREFIX + "limits / " + PREFIX + "archive: " + e.getMessage(), e);
        }
        Map<String, Double> weights = new HashMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(PREFIX + "rule.") && key.endsWith(".score")) {
                String id = key.substring((PREFIX + "rule.").length(), key.length() - ".score".length());
                weights.put(id, decimal(properties, key.substring(PREFIX.length()), 0));
            }
        }
        double threshold = decimal(properties, "threshold", ProtagRules.DEFAULT_THRESHOLD);
        double similarity = decimal(properties, "similarity.threshold", SignatureIndex.DEFAULT_SIMILARITY_THRESHOLD);
        Duration refresh = duration(properties, "signatures.refresh", DEFAULT_REFRESH);
        return new AntivirusSettings(scan, archives, weights, threshold, similarity, refresh,
            ClamdSettings.fromProperties(properties));
    }

    private static ScanLimits scanLimits(Properties properties) {
        ScanLimits scan = ScanLimits.defaults();
        scan = scan.withMaxParts(integer(properties, "limits.maxParts", scan.maxParts()));
        scan = scan.withMaxDepth(integer(properties, "limits.maxDepth", scan.maxDepth()));
        scan = scan.withMaxDecodedBytes(number(properties, "limits.maxDecodedBytes", scan.maxDecodedBytes()));
        return scan.withMaxScanTime(duration(properties, "limits.maxScanTime", scan.maxScanTime()));
    }

    private static ArchiveLimits archiveLimits(Properties properties) {
        ArchiveLimits archives = ArchiveLimits.defaults()
            .withMessageBounds(ArchiveLimits.DEFAULT_MAX_MESSAGE_MEMBERS, DEFAULT_MESSAGE_ARCHIVES_EXPANDED_BYTES);
        archives = archives.withMaxDepth(integer(properties, "archive.maxDepth", DEFAULT_ARCHIVE_DEPTH));
        archives = archives.withMaxMembers(integer(properties, "archive.maxMembers", archives.maxMembers()));
        archives = archives.withMaxExpandedBytes(number(properties, "archive.maxExpandedBytes", DEFAULT_ARCHIVE_EXPANDED_BYTES));
        archives = archives.withMaxRatio(integer(properties, "archive.maxRatio", archives.maxRatio()), archives.ratioFloorBytes());
        if (archives.maxMessageExpandedBytes() < archives.maxExpandedBytes()) {
            archives = archives.withMessageBounds(archives.maxMessageMembers(), archives.maxExpandedBytes());
        }
        return archives;
    }

    /** The rules with the configured weights and threshold. */
    public ProtagRules rules() {
        return new ProtagRules(ProtagRules.standardRules(), ruleWeights, threshold);
    }

    private static Optional<String> value(Properties properties, String key) {
        return Optional.ofNullable(properties.getProperty(PREFIX + key)).map(String::strip).filter(text -> !text.isEmpty());
    }

    private static int integer(Properties properties, String key, int defaultValue) {
        long value = number(properties, key, defaultValue);
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(PREFIX + key + ": " + value + " is too large");
        }
        return (int) value;
    }

    private static long number(Properties properties, String key, long defaultValue) {
        Optional<String> text = value(properties, key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(text.get());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + key + ": '" + text.get() + "' is not a whole number");
        }
    }

    private static double decimal(Properties properties, String key, double defaultValue) {
        Optional<String> text = value(properties, key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            double value = Double.parseDouble(text.get());
            if (!Double.isFinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + key + ": '" + text.get() + "' is not a number");
        }
    }

    private static Duration duration(Properties properties, String key, Duration defaultValue) {
        return value(properties, key).map(text -> DurationSetting.parse(PREFIX + key, text)).orElse(defaultValue);
    }
}
