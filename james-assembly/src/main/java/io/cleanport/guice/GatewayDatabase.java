package io.cleanport.guice;

import java.io.FileNotFoundException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
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
 * under the server's {@code var/} when the file says nothing. Closed when the server stops, after the
 * background work registered with {@link #beforeClose(Runnable)} (counter flushes, purges) has stopped.
 */
public class GatewayDatabase {
    private static final Logger LOGGER = LoggerFactory.getLogger(GatewayDatabase.class);

    private final Database database;
    private final Properties properties;
    private final String varDirectory;
    private final List<Runnable> beforeClose = Collections.synchronizedList(new ArrayList<>());

    @Inject
    public GatewayDatabase(PropertiesProvider propertiesProvider,
                           org.apache.james.server.core.configuration.Configuration serverConfiguration) throws ConfigurationException {
        this.properties = new Properties();
        readInto(propertiesProvider, properties);
        this.varDirectory = serverConfiguration.directories().getVarDirectory();
        if (properties.getProperty(DatabaseConfig.URL_KEY) == null) {
            properties.setProperty(DatabaseConfig.URL_KEY, "jdbc:derby:" + varDirectory + "/cleanport/derby;create=true");
        }
        this.database = Database.open(DatabaseConfig.fromProperties(properties));
        LOGGER.info("CleanPort database: {}", database);
    }

    private static void readInto(PropertiesProvider propertiesProvider, Properties properties) throws ConfigurationException {
        try {
            Configuration configuration = propertiesProvider.getConfiguration(CleanPortModule.CONFIGURATION);
            Iterator<String> keys = configuration.getKeys();
            while (keys.hasNext()) {
                String key = keys.next();
                // James reads .properties files with ',' as list delimiter: join a list back into its text.
                properties.setProperty(key, String.join(",", configuration.getStringArray(key)));
            }
        } catch (FileNotFoundException e) {
            LOGGER.info("No {}.properties: using the defaults", CleanPortModule.CONFIGURATION);
        }
    }

    public Database database() {
        return database;
    }

    /** The server's {@code var/} folder. */
    public String varDirectory() {
        return varDirectory;
    }

    /** The settings of {@code cleanport.properties} (a copy). */
    public Properties properties() {
        Properties copy = new Properties();
        copy.putAll(properties);
        return copy;
    }

    /** Runs {@code task} when the server stops, before the database closes (last registered, first run). */
    public void beforeClose(Runnable task) {
        beforeClose.add(task);
    }

    @PreDestroy
    public void close() {
        List<Runnable> tasks = new ArrayList<>(beforeClose);
        Collections.reverse(tasks);
        for (Runnable task : tasks) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOGGER.warn("A shutdown task failed before the database closed", e);
            }
        }
        database.close();
        LOGGER.info("CleanPort database closed");
    }
}
