package io.cleanport.guice;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import javax.inject.Singleton;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.ManageableMailQueue;

import com.google.inject.AbstractModule;
import com.google.inject.Key;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.name.Named;
import com.google.inject.name.Names;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cleanport.core.antivirus.AntivirusSettings;
import io.cleanport.core.antivirus.ClamdScanner;
import io.cleanport.core.antivirus.JdbcSignatureStore;
import io.cleanport.core.antivirus.ProtagEngine;
import io.cleanport.core.antivirus.SignatureIndex;
import io.cleanport.core.antivirus.SignatureStore;
import io.cleanport.core.antivirus.SignatureSync;
import io.cleanport.core.config.DurationSetting;
import io.cleanport.core.diagnostics.DeliveryAttempts;
import io.cleanport.core.diagnostics.DomainDiagnostics;
import io.cleanport.core.diagnostics.DownstreamProbe;
import io.cleanport.core.diagnostics.HostAddresses;
import io.cleanport.core.diagnostics.OpenRelayProbe;
import io.cleanport.core.diagnostics.SmtpProbeSettings;
import io.cleanport.core.dns.DnsSettings;
import io.cleanport.core.dns.GatewayResolver;
import io.cleanport.core.dns.MxCheck;
import io.cleanport.core.greylist.Greylist;
import io.cleanport.core.greylist.GreylistPurger;
import io.cleanport.core.greylist.GreylistSettings;
import io.cleanport.core.greylist.GreylistStore;
import io.cleanport.core.greylist.JdbcGreylistStore;
import io.cleanport.core.policy.CachingPolicyStore;
import io.cleanport.core.policy.JdbcPolicyStore;
import io.cleanport.core.policy.PolicyStore;
import io.cleanport.core.content.CachingContentRuleStore;
import io.cleanport.core.content.ContentFilter;
import io.cleanport.core.content.ContentRuleActions;
import io.cleanport.core.content.ContentRuleEvaluator;
import io.cleanport.core.content.ContentRuleStore;
import io.cleanport.core.content.JdbcContentRuleStore;
import io.cleanport.core.pipeline.RuleActions;
import io.cleanport.core.pipeline.SpamThresholds;
import io.cleanport.core.quarantine.Quarantine;
import io.cleanport.core.quarantine.QuarantineCategory;
import io.cleanport.core.quarantine.QuarantineIndex;
import io.cleanport.core.quarantine.QuarantineSettings;
import io.cleanport.core.quarantine.ReleaseDelivery;
import io.cleanport.core.senders.CachingSenderListStore;
import io.cleanport.core.schedule.PeriodicJob;
import io.cleanport.core.senders.JdbcSenderListStore;
import io.cleanport.core.senders.SenderListStore;
import io.cleanport.core.stats.Counters;
import io.cleanport.core.stats.JdbcCounters;
import io.cleanport.core.spam.BayesBands;
import io.cleanport.core.spam.SpamEngine;
import io.cleanport.core.spam.SpamLearner;
import io.cleanport.core.spam.SpamMessageParser;
import io.cleanport.core.spam.SpamRules;
import io.cleanport.core.spam.bayes.BayesClassifier;
import io.cleanport.core.spam.bayes.BayesSettings;
import io.cleanport.core.spam.bayes.JdbcTokenStore;
import io.cleanport.core.spam.bayes.ModelFile;
import io.cleanport.core.spam.bayes.SpamTokenizer;
import io.cleanport.core.spam.bayes.TokenStore;
import io.cleanport.core.spam.dns.DnsSpamChecks;
import io.cleanport.mailets.SpamFactsHandoff;
import io.cleanport.webadmin.DomainDiagnosticsRoutes;

/**
 * CleanPort's stores and engines for a James server: list it in {@code extensions.properties}
 * ({@code guice.extension.module=io.cleanport.guice.CleanPortModule}) and CleanPort's mailets, matchers,
 * SMTP hooks and WebAdmin routes share these singletons.
 */
public class CleanPortModule extends AbstractModule {
    static final String CONFIGURATION = "cleanport";
    /**
     * The clock of quarantine times (received, expires, purge). A test's extension module replaces it with
     * {@code OptionalBinder.newOptionalBinder(binder, Key.get(Clock.class, Names.named(CLOCK))).setBinding()}
     * to make time pass.
     */
    public static final String CLOCK = "cleanport.clock";
    private static final Duration DEFAULT_POLICY_CACHE_TTL = Duration.ofSeconds(30);
    private static final Duration DEFAULT_DIAGNOSTICS_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DEFAULT_DIAGNOSTICS_READ_TIMEOUT = Duration.ofSeconds(15);
    private static final String DEFAULT_OPEN_RELAY_SENDER = "relay-check@example.net";
    private static final String DEFAULT_OPEN_RELAY_RECIPIENT = "relay-check@example.org";
    private static final Duration RARE_TOKEN_AGE = Duration.ofDays(30);
    private static final int MAX_PURGED_TOKENS = 100_000;
    private static final Logger LOGGER = LoggerFactory.getLogger(CleanPortModule.class);

    @Override
    protected void configure() {
        bind(GatewayDatabase.class).in(Scopes.SINGLETON);
        bind(SpamFactsHandoff.class).in(Scopes.SINGLETON);
        OptionalBinder.newOptionalBinder(binder(), Key.get(Clock.class, Names.named(CLOCK)))
            .setDefault().toInstance(Clock.systemUTC());
    }

    @Provides
    @Singleton
    PolicyStore policyStore(GatewayDatabase database) throws ConfigurationException {
        return new CachingPolicyStore(new JdbcPolicyStore(database.database()), policyCacheTtl(database));
    }

    /** Sender allow and block lists, cached like the policies (same TTL for changes made on other nodes). */
    @Provides
    @Singleton
    SenderListStore senderListStore(GatewayDatabase database) throws ConfigurationException {
        return new CachingSenderListStore(new JdbcSenderListStore(database.database()), policyCacheTtl(database));
    }

    private static Duration policyCacheTtl(GatewayDatabase database) throws ConfigurationException {
        return parseDuration(database.properties().getProperty("policy.cache.ttl"), "policy.cache.ttl", DEFAULT_POLICY_CACHE_TTL);
    }

    /** Content rules per domain and per user, cached like the policies. */
    @Provides
    @Singleton
    ContentRuleStore contentRuleStore(GatewayDatabase database) throws ConfigurationException {
        return new CachingContentRuleStore(new JdbcContentRuleStore(database.database()), policyCacheTtl(database));
    }

    @Provides
    @Singleton
    ContentFilter contentFilter(ContentRuleStore rules) {
        return new ContentFilter(rules, new ContentRuleEvaluator());
    }

    /** The actions content rules carry themselves, for the outcome matchers and mailets. */
    @Provides
    @Singleton
    RuleActions ruleActions(ContentRuleStore rules) {
        return new ContentRuleActions(rules);
    }

    /** The spam score each level (1 to 5) treats as spam: {@code spam.threshold.1} to {@code .5}. */
    @Provides
    @Singleton
    SpamThresholds spamThresholds(GatewayDatabase database) throws ConfigurationException {
        try {
            return SpamThresholds.fromProperties(database.properties());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(CONFIGURATION + ".properties: " + e.getMessage(), e);
        }
    }

    @Provides
    @Singleton
    QuarantineSettings quarantineSettings(GatewayDatabase database) throws ConfigurationException {
        try {
            return QuarantineSettings.fromProperties(database.properties(), Path.of(database.varDirectory()));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(CONFIGURATION + ".properties: " + e.getMessage(), e);
        }
    }

    @Provides
    @Singleton
    MailRepositoryQuarantineStorage quarantineStorage(MailRepositoryStore repositories, QuarantineSettings settings) {
        Map<QuarantineCategory, MailRepositoryUrl> urls = new EnumMap<>(QuarantineCategory.class);
        for (QuarantineCategory category : QuarantineCategory.values()) {
            urls.put(category, MailRepositoryUrl.from(settings.repository(category)));
        }
        return new MailRepositoryQuarantineStorage(repositories, urls);
    }

    @Provides
    @Singleton
    ReleaseDelivery releaseDelivery(MailQueueFactory<?> queues) {
        return new SpoolReleaseDelivery(queues);
    }

    /** The quarantine service; its Lucene index closes after the other shutdown tasks, with the database. */
    @Provides
    @Singleton
    Quarantine quarantine(MailRepositoryQuarantineStorage storage, ReleaseDelivery delivery, SenderListStore senders,
                          Counters counters, QuarantineSettings settings, GatewayDatabase database,
                          @Named(CLOCK) Clock clock, SpamLearner learner) {
        QuarantineIndex index = QuarantineIndex.open(settings.indexDirectory());
        database.beforeClose(index::close);
        return new Quarantine(storage, index, delivery, senders, counters, clock, learner);
    }

    /**
     * The classifier's token table, in the gateway's database; on a fresh install it starts from the model
     * trained on the public training corpus that ships with CleanPort. Once a day, tokens of a single learned
     * message unseen for {@link #RARE_TOKEN_AGE} are deleted (they weigh nothing in a verdict).
     */
    @Provides
    @Singleton
    TokenStore tokenStore(GatewayDatabase database) throws IOException {
        TokenStore store = new JdbcTokenStore(database.database(), Clock.systemUTC());
        if (ModelFile.importDefaultIfEmpty(store)) {
            LOGGER.info("Spam classifier: default model imported ({})", store.totals());
        }
        PeriodicJob purge = new PeriodicJob("spam-token-purge", Duration.ofDays(1), () -> {
            int purged = store.purgeRareTokens(Instant.now().minus(RARE_TOKEN_AGE), MAX_PURGED_TOKENS);
            LOGGER.info("Spam classifier: {} rare tokens purged", purged);
        });
        database.beforeClose(purge::stop);
        purge.start();
        return store;
    }

    @Provides
    @Singleton
    SpamMessageParser spamMessageParser() {
        return new SpamMessageParser();
    }

    @Provides
    @Singleton
    SpamLearner spamLearner(SpamMessageParser parser, TokenStore store) {
        return new SpamLearner(parser, new SpamTokenizer(), store);
    }

    /** Rules, classifier bands and thresholds: {@code spam.rule.<ID>.score} and {@code spam.threshold.<level>}. */
    @Provides
    @Singleton
    SpamEngine spamEngine(GatewayDatabase database, TokenStore store, SpamThresholds thresholds) throws ConfigurationException {
        Properties ruleScores = new Properties();
        Properties all = database.properties();
        for (String key : all.stringPropertyNames()) {
            boolean band = key.startsWith(SpamRules.KEY_PREFIX) && BayesBands.isBand(
                key.substring(SpamRules.KEY_PREFIX.length()).replace(SpamRules.KEY_SUFFIX, ""));
            if (!band) {
                ruleScores.setProperty(key, all.getProperty(key));
            }
        }
        try {
            return new SpamEngine(SpamRules.fromProperties(ruleScores), new BayesClassifier(store, new SpamTokenizer(),
                BayesSettings.DEFAULTS), BayesBands.fromProperties(all), thresholds);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(CONFIGURATION + ".properties: " + e.getMessage(), e);
        }
    }

    /** DNS blocklists and SPF ({@code spam.dnsbl.*}, {@code spam.spf.*}, {@code spam.dns.*}); closed at shutdown. */
    @Provides
    @Singleton
    DnsSpamChecks dnsSpamChecks(GatewayDatabase database, GatewayResolver resolver) throws ConfigurationException {
        try {
            DnsSpamChecks checks = DnsSpamChecks.fromProperties(database.properties(), resolver);
            database.beforeClose(checks::close);
            return checks;
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(CONFIGURATION + ".properties: " + e.getMessage(), e);
        }
    }

    /** ProTAG's rules, weights, limits and optional clamd: the {@code antivirus.*} keys. */
    @Provides
    @Singleton
    AntivirusSettings antivirusSettings(GatewayDatabase database) throws ConfigurationException {
        try {
            return AntivirusSettings.fromProperties(database.properties());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(CONFIGURATION + ".properties: " + e.getMessage(), e);
        }
    }

    @Provides
    @Singleton
    SignatureStore signatureStore(GatewayDatabase database) {
        return new JdbcSignatureStore(database.database());
    }

    /**
     * The learned virus signatures in memory, loaded now and kept in step with the shared store (what other
     * nodes learn or delete) every {@code antivirus.signatures.refresh}; hits flushed once more at shutdown.
     */
    @Provides
    @Singleton
    SignatureIndex signatureIndex(SignatureStore store, AntivirusSettings settings, GatewayDatabase database) {
        SignatureIndex index = new SignatureIndex(store, Clock.systemUTC(), settings.similarityThreshold());
        SignatureSync sync = new SignatureSync(index, settings.refreshInterval());
        sync.start();
        database.beforeClose(sync::close);
        LOGGER.info("ProTAG: {} learned virus signatures loaded", index.size());
        return index;
    }

    @Provides
    @Singleton
    ProtagEngine protagEngine(AntivirusSettings settings, SignatureIndex signatures) {
        Optional<ClamdScanner> clamd = settings.clamd().map(ClamdScanner::new);
        clamd.ifPresent(scanner -> {
            // a clamd down at start is no reason not to start: mail is held while it stays down
            if (scanner.ping()) {
                LOGGER.info("ProTAG: clamd answers at {}", scanner.settings());
            } else {
                LOGGER.warn("ProTAG: clamd does not answer at {}; mail is held until it does", scanner.settings());
            }
        });
        return new ProtagEngine(settings.scanLimits(), settings.archiveLimits(), settings.rules(), signatures, clamd);
    }

    /** Counters flushed to the database every few seconds, and once more when the server stops. */
    @Provides
    @Singleton
    Counters counters(GatewayDatabase database) {
        JdbcCounters counters = new JdbcCounters(database.database());
        counters.start();
        database.beforeClose(counters::stop);
        return counters;
    }

    @Provides
    @Singleton
    GreylistSettings greylistSettings(GatewayDatabase database) throws ConfigurationException {
        try {
            return GreylistSettings.fromProperties(database.properties());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(CONFIGURATION + ".properties: " + e.getMessage(), e);
        }
    }

    @Provides
    @Singleton
    GreylistStore greylistStore(GatewayDatabase database) {
        return new JdbcGreylistStore(database.database());
    }

    /** The greylist engine; its expired entries are purged in the background while the server runs. */
    @Provides
    @Singleton
    Greylist greylist(GreylistStore store, GreylistSettings settings, GatewayDatabase database) {
        GreylistPurger purger = new GreylistPurger(store, settings);
        purger.start();
        database.beforeClose(purger::stop);
        return new Greylist(store, settings);
    }

    /** The gateway's resolver and its own MX host names: the {@code dns.*} and {@code gateway.mxHosts} keys. */
    @Provides
    @Singleton
    DnsSettings dnsSettings(GatewayDatabase database) throws ConfigurationException {
        Map<String, String> properties = new HashMap<>();
        database.properties().stringPropertyNames().forEach(key -> properties.put(key, database.properties().getProperty(key)));
        try {
            return DnsSettings.fromProperties(properties);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(CONFIGURATION + ".properties: " + e.getMessage(), e);
        }
    }

    /** One resolver (and one cache) for delivery and the MX check. */
    @Provides
    @Singleton
    GatewayResolver gatewayResolver(DnsSettings settings) {
        return new GatewayResolver(settings);
    }

    /** The SMTP side of the diagnostics: {@code diagnostics.connectTimeout}, {@code .readTimeout}, {@code .heloName}. */
    @Provides
    @Singleton
    SmtpProbeSettings smtpProbeSettings(GatewayDatabase database, DnsSettings dns) throws ConfigurationException {
        Properties properties = database.properties();
        String helo = Optional.ofNullable(properties.getProperty("diagnostics.heloName")).map(String::trim).filter(name -> !name.isEmpty())
            .or(() -> dns.gatewayMxHosts().stream().findFirst())
            .orElseGet(CleanPortModule::localHostName);
        return SmtpProbeSettings.defaults(helo)
            .withConnectTimeout(parseDuration(properties.getProperty("diagnostics.connectTimeout"), "diagnostics.connectTimeout",
                DEFAULT_DIAGNOSTICS_CONNECT_TIMEOUT))
            .withReadTimeout(parseDuration(properties.getProperty("diagnostics.readTimeout"), "diagnostics.readTimeout",
                DEFAULT_DIAGNOSTICS_READ_TIMEOUT));
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    @Provides
    @Singleton
    DomainDiagnostics domainDiagnostics(PolicyStore policies, GatewayResolver resolver, DnsSettings dns,
                                        SmtpProbeSettings probes, MailQueueFactory<? extends ManageableMailQueue> queues) {
        HostAddresses addresses = resolver::addresses;
        return new DomainDiagnostics(policies, MxCheck.of(resolver, dns), new DownstreamProbe(probes, addresses),
            new OpenRelayProbe(probes, addresses), new MailQueueDeliveryBacklog(queues), DeliveryAttempts.shared());
    }

    @Provides
    @Singleton
    @Named(DomainDiagnosticsRoutes.OPEN_RELAY_SENDER)
    String openRelaySender(GatewayDatabase database) {
        return database.properties().getProperty("diagnostics.openRelay.sender", DEFAULT_OPEN_RELAY_SENDER).trim();
    }

    @Provides
    @Singleton
    @Named(DomainDiagnosticsRoutes.OPEN_RELAY_RECIPIENT)
    String openRelayRecipient(GatewayDatabase database) {
        return database.properties().getProperty("diagnostics.openRelay.recipient", DEFAULT_OPEN_RELAY_RECIPIENT).trim();
    }

    private static Duration parseDuration(String value, String key, Duration defaultValue) throws ConfigurationException {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return DurationSetting.parse(key, value);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(CONFIGURATION + ".properties: " + e.getMessage(), e);
        }
    }
}
