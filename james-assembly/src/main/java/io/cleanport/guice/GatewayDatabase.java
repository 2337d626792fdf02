package io.cleanport.guice;

import java.io.FileNotFoundException;
import java.util.Iterator;
import java.util.Properties;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.PropertiesProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cleanport.core.db.Database;
import io.cleanport.core.db.DatabaseConfig;

/**
 * CleanPort's own database, from {@code conf/cleanport.properties} ({@code database.*}); embedded Derby
 * under the server's {@code var/} when the file says nothing. Closed when the server stops.
 */
public class GatewayDatabase {
    private static final Logger LOGGER = LoggerFactory.getLogger(GatewayDatabase.class);

    private final Database database;

    @Inject
    public GatewayDatabase(PropertiesProvider propertiesProvider,
                           org.apache.james.server.core.configuration.Configuration serverConfiguration) throws ConfigurationException {
        Properties properties = new Properties();
        readInto(propertiesProvider, properties);
        if (properties.getProperty(DatabaseConfig.URL_KEY) == null) {
            String varDirectory = serverConfiguration.directories().getVarDirectory();
            properties.setProperty(DatabaseConfig.URL_KEY, "jdbc:derby:" + varDirectory + "/cleanport/derby;create=true");
        }
        this.database = Database.open(DatabaseConfig.fromProperties(properties));
        LOGGER.info("CleanPort database: {}", database);
    }

    static void readInto(PropertiesProvider propertiesProvider, Properties properties) throws ConfigurationException {
        try {
            Configuration configuration = propertiesProvider.getConfiguration(CleanPortModule.CONFIGURATION);
            Iterator<String> keys = configuration.getKeys();
            while (keys.hasNext()) {
                String key = keys.next();
                properties.setProperty(key, configuration.getString(key));
            }
        } catch (FileNotFoundException e) {
            LOGGER.info("No {}.properties: using the defaults", CleanPortModule.CONFIGURATION);
        }
    }

    public Database database() {
        return database;
    }

    @PreDestroy
    public void close() {
        database.close();
    }
}
