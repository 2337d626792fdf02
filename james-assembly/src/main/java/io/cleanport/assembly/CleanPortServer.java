package io.cleanport.assembly;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.apache.james.ExtraProperties;
import org.apache.james.GuiceJamesServer;
import org.apache.james.NaiveDelegationStoreModule;
import org.apache.james.modules.MailetProcessingModule;
import org.apache.james.modules.protocols.ProtocolHandlerModule;
import org.apache.james.modules.protocols.SMTPServerModule;
import org.apache.james.modules.server.DataRoutesModules;
import org.apache.james.modules.server.DefaultProcessorsConfigurationProviderModule;
import org.apache.james.modules.server.MailQueueRoutesModule;
import org.apache.james.modules.server.MailRepositoriesRoutesModule;
import org.apache.james.modules.server.NoJwtModule;
import org.apache.james.modules.server.RawPostDequeueDecoratorModule;
import org.apache.james.modules.server.TaskManagerModule;
import org.apache.james.modules.server.WebAdminServerModule;
import org.apache.james.server.core.configuration.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.Module;
import com.google.inject.util.Modules;

import io.cleanport.assembly.jpa.JamesJpaDataModule;
import io.cleanport.assembly.queue.EmbeddedActiveMQModule;

/**
 * The ready-to-run gateway: a James 3.8.1 server with SMTP, the mailet container, WebAdmin, James's data
 * on JPA (embedded Derby) and persistent ActiveMQ queues. CleanPort's own parts are not wired here: the
 * configuration folder lists them exactly as an operator of a stock James would
 * ({@code extensions.properties}, {@code webadmin.properties}, class names in the XML files).
 */
public final class CleanPortServer {
    private static final Logger LOGGER = LoggerFactory.getLogger(CleanPortServer.class);

    private static final Module PROTOCOLS = Modules.combine(
        new ProtocolHandlerModule(),
        new SMTPServerModule(),
        new WebAdminServerModule(),
        new DataRoutesModules(),
        new MailRepositoriesRoutesModule(),
        new MailQueueRoutesModule(),
        new NoJwtModule(),
        new DefaultProcessorsConfigurationProviderModule(),
        new TaskManagerModule());

    private static final Module DATA = Modules.combine(
        new NaiveDelegationStoreModule(),
        new MailetProcessingModule(),
        new JamesJpaDataModule(),
        new EmbeddedActiveMQModule(),
        new RawPostDequeueDecoratorModule());

    private CleanPortServer() {
    }

    /** A server over the given settings; {@link GuiceJamesServer#start()} starts it. */
    public static GuiceJamesServer create(ServerSettings settings) {
        settings.exportAsSystemProperties();
        Configuration configuration = Configuration.builder()
            .workingDirectory(settings.home().toFile())
            .configurationPath(new Configuration.ConfigurationPath("file://" + settings.conf().toAbsolutePath() + "/"))
            .build();
        return GuiceJamesServer.forConfiguration(configuration)
            .combineWith(DATA, PROTOCOLS);
    }

    public static void main(String[] args) throws Exception {
        ExtraProperties.initialize();
        ServerSettings settings = ServerSettings.fromEnvironment(System.getenv());
        Files.createDirectories(settings.home());
        LOGGER.info("CleanPort starting: home={} conf={} smtp={}:{} webadmin={}:{}",
            settings.home(), settings.conf(), settings.bindAddress(), settings.smtpPort(),
            settings.webAdminHost(), settings.webAdminPort());
        GuiceJamesServer server = create(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "cleanport-shutdown"));
        server.start();
    }

    /**
     * Where the server keeps its state and reads its configuration, and where it listens. The values are
     * exported as system properties ({@code cleanport.*}) that the configuration files interpolate.
     */
    public record ServerSettings(Path home, Path conf, String bindAddress, int smtpPort, String webAdminHost, int webAdminPort) {
        public static final int DEFAULT_SMTP_PORT = 2525;
        public static final int DEFAULT_WEBADMIN_PORT = 8000;

        public ServerSettings {
            home = home.toAbsolutePath().normalize();
            conf = conf.toAbsolutePath().normalize();
            checkPort("SMTP", smtpPort);
            checkPort("WebAdmin", webAdminPort);
        }

        /**
         * Reads {@code CLEANPORT_HOME} (default {@code ./var}), {@code CLEANPORT_CONF} (default {@code ./conf}),
         * {@code CLEANPORT_BIND} (default {@code 0.0.0.0}), {@code CLEANPORT_SMTP_PORT} (default 2525),
         * {@code CLEANPORT_WEBADMIN_HOST} (default {@code 127.0.0.1}) and {@code CLEANPORT_WEBADMIN_PORT}
         * (default 8000).
         */
        public static ServerSettings fromEnvironment(Map<String, String> env) {
            return new ServerSettings(
                Path.of(value(env, "CLEANPORT_HOME").orElse("var")),
                Path.of(value(env, "CLEANPORT_CONF").orElse("conf")),
                value(env, "CLEANPORT_BIND").orElse("0.0.0.0"),
                port(env, "CLEANPORT_SMTP_PORT", DEFAULT_SMTP_PORT),
                value(env, "CLEANPORT_WEBADMIN_HOST").orElse("127.0.0.1"),
                port(env, "CLEANPORT_WEBADMIN_PORT", DEFAULT_WEBADMIN_PORT));
        }

        void exportAsSystemProperties() {
            System.setProperty("working.directory", home.toString());
            System.setProperty("cleanport.home", home.toString());
            System.setProperty("cleanport.conf", conf.toString());
            System.setProperty("cleanport.bind", bindAddress);
            System.setProperty("cleanport.smtp.port", String.valueOf(smtpPort));
            System.setProperty("cleanport.webadmin.host", webAdminHost);
            System.setProperty("cleanport.webadmin.port", String.valueOf(webAdminPort));
            if (System.getProperty("derby.stream.error.file") == null) {
                // Derby writes derby.log into the process's current directory unless told otherwise.
                System.setProperty("derby.stream.error.file", home.resolve("derby.log").toString());
            }
        }

        private static Optional<String> value(Map<String, String> env, String name) {
            return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
        }

        private static int port(Map<String, String> env, String name, int defaultPort) {
            return value(env, name).map(v -> {
                try {
                    return Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + " must be a port number, got '" + v + "'");
                }
            }).orElse(defaultPort);
        }

        private static void checkPort(String what, int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(what + " port must be within 1..65535, got " + port);
            }
        }
    }
}
