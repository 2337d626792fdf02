package io.cleanport.guice;

import java.time.Duration;
import java.util.Properties;

import javax.inject.Singleton;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.util.DurationParser;
import org.apache.james.utils.PropertiesProvider;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;

import io.cleanport.core.policy.CachingPolicyStore;
import io.cleanport.core.policy.JdbcPolicyStore;
import io.cleanport.core.policy.PolicyStore;

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
    PolicyStore policyStore(GatewayDatabase database, PropertiesProvider propertiesProvider) throws ConfigurationException {
        Properties properties = new Properties();
        GatewayDatabase.readInto(propertiesProvider, properties);
        Duration ttl = parseDuration(properties.getProperty("policy.cache.ttl"), "policy.cache.ttl", DEFAULT_POLICY_CACHE_TTL);
        return new CachingPolicyStore(new JdbcPolicyStore(database.database()), ttl);
    }

    private static Duration parseDuration(String value, String key, Duration defaultValue) throws ConfigurationException {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return DurationParser.parse(value.trim());
        } catch (RuntimeException e) {
            throw new ConfigurationException(CONFIGURATION + ".properties: " + key + " must be a duration such as 30s, got '" + value + "'");
        }
    }
}
