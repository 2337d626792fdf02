package io.cleanport.core.quarantine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

import io.cleanport.core.config.DurationSetting;

/**
 * Where the quarantines live and how often expired entries are purged, from {@code cleanport.properties}:
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>default</th></tr>
 *   <tr><td>{@code quarantine.repository.virus}</td><td>{@code jpa://var/mail/quarantine/virus/}</td></tr>
 *   <tr><td>{@code quarantine.repository.spam}</td><td>{@code jpa://var/mail/quarantine/spam/}</td></tr>
 *   <tr><td>{@code quarantine.repository.content}</td><td>{@code jpa://var/mail/quarantine/content/}</td></tr>
 *   <tr><td>{@code quarantine.index.dir}</td><td>{@code <var>/cleanport/quarantine-index}</td></tr>
 *   <tr><td>{@code quarantine.purge.interval}</td><td>{@code 1h}</td></tr>
 * </table>
 * The repositories are James mail repository URLs ({@code protocol://path}) of a protocol configured in
 * {@code mailrepositorystore.xml}; the three must differ.
 */
public final class QuarantineSettings {
    public static final String REPOSITORY_KEY_PREFIX = "quarantine.repository.";
    public static final String INDEX_DIR_KEY = "quarantine.index.dir";
    public static final String PURGE_INTERVAL_KEY = "quarantine.purge.interval";
    static final Duration DEFAULT_PURGE_INTERVAL = Duration.ofHours(1);

    private final Map<QuarantineCategory, String> repositories;
    private final Path indexDirectory;
    private final Duration purgeInterval;

    private QuarantineSettings(Map<QuarantineCategory, String> repositories, Path indexDirectory, Duration purgeInterval) {
        this.repositories = Map.copyOf(repositories);
        this.indexDirectory = indexDirectory;
        this.purgeInterval = purgeInterval;
    }

    /**
     * @param varDirectory the server's {@code var/} folder, home of the default index directory
     * @throws IllegalArgumentException naming the key of a bad value
     */
    public static QuarantineSettings fromProperties(Properties properties, Path varDirectory) {
        Objects.requireNonNull(varDirectory, "varDirectory");
        Map<QuarantineCategory, String> repositories = new EnumMap<>(QuarantineCategory.class);
        for (QuarantineCategory category : QuarantineCategory.values()) {
            String key = REPOSITORY_KEY_PREFIX + category.jsonValue();
            String url = value(properties, key).orElse("jpa://var/mail/quarantine/" + category.jsonValue() + "/");
            int separator = url.indexOf("://");
            if (separator <= 0 || separator + 3 == url.length() || url.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException(key + ": '" + url + "' is not a mail repository URL (protocol://path)");
            }
            if (repositories.containsValue(url)) {
                throw new IllegalArgumentException(key + ": '" + url + "' is already the repository of another quarantine");
            }
            repositories.put(category, url);
        }
        Path index = value(properties, INDEX_DIR_KEY).map(Path::of).orElse(varDirectory.resolve("cleanport").resolve("quarantine-index"));
        Duration purge = value(properties, PURGE_INTERVAL_KEY)
            .map(text -> DurationSetting.parse(PURGE_INTERVAL_KEY, text))
            .orElse(DEFAULT_PURGE_INTERVAL);
        if (purge.isZero() || purge.isNegative()) {
            throw new IllegalArgumentException(PURGE_INTERVAL_KEY + ": must be positive, got " + purge);
        }
        return new QuarantineSettings(repositories, index, purge);
    }

    private static Optional<String> value(Properties properties, String key) {
        String value = properties.getProperty(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /** The mail repository URL of {@code category}. */
    public String repository(QuarantineCategory category) {
        return repositories.get(category);
    }

    public Path indexDirectory() {
        return indexDirectory;
    }

    public Duration purgeInterval() {
        return purgeInterval;
    }
}
