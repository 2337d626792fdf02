package io.cleanport.guice;

import java.time.Duration;
import java.util.Properties;

import javax.inject.Singleton;

import org.apache.commons.configuration2.ex.ConfigurationException;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;

import io.cleanport.core.config.DurationSetting;
import io.cleanport.core.greylist.Greylist;
import io.cleanport.core.greylist.GreylistPurger;
import io.cleanport.core.greylist.GreylistSettings;
import io.cleanport.core.greylist.GreylistStore;
import io.cleanport.core.greylist.JdbcGreylistStore;
import io.cleanport.core.policy.CachingPolicyStore;
import io.cleanport.core.policy.JdbcPolicyStore;
import io.cleanport.core.policy.PolicyStore;
import io.cleanport.core.stats.Counters;
import io.cleanport.core.stats.JdbcCounters;

/**
 * CleanPort's stores and engines for a James server: list it in {@code extensions.properties}
 * ({@code guice.extension.module=io.cleanport.guice.CleanPortModule}) and CleanPort's mailets, matchers,
 * SMTP hooks and WebAdmin routes share these singletons.
 */
public class CleanPortModule extends AbstractModule {
    static final String CONFIGURATION = "cleanport";
    private static final Duration DEFAULT_POLICY_CACHE_TTL = Duration.ofSeconds(30);

    @Override
    protected void configure() {
        bind(GatewayDatabase.class).in(Scopes.SINGLETON);
    }

    @Provides
    @Singleton
    PolicyStore policyStore(GatewayDatabase database) throws ConfigurationException {
        Properties properties = database.properties();
        Duration ttl = parseDuration(properties.getProperty("policy.cache.ttl"), "policy.cache.ttl", DEFAULT_POLICY_CACHE_TTL);
        return new CachingPolicyStore(new JdbcPolicyStore(database.database()), ttl);
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
