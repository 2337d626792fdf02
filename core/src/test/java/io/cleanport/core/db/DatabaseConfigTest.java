package io.cleanport.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class DatabaseConfigTest {

    private static Properties properties(String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    @Test
    void readsEveryKey() {
        DatabaseConfig config = DatabaseConfig.fromProperties(properties(
            "database.url", "jdbc:postgresql://db:5432/cleanport", "database.user", "gw",
            "database.password", "secret", "database.maxPoolSize", "20"));

        assertThat(config.url()).isEqualTo("jdbc:postgresql://db:5432/cleanport");
        assertThat(config.user()).contains("gw");
        assertThat(config.password()).contains("secret");
        assertThat(config.maxPoolSize()).isEqualTo(20);
        assertThat(config.dialect()).isEqualTo(Dialect.POSTGRESQL);
        assertThat(config.toString()).doesNotContain("secret");
    }

    @Test
    void defaultsThePoolSizeAndCredentials() {
        DatabaseConfig config = DatabaseConfig.fromProperties(properties("database.url", "jdbc:derby:/var/cp;create=true"));

        assertThat(config.maxPoolSize()).isEqualTo(10);
        assertThat(config.user()).isEmpty();
        assertThat(config.dialect()).isEqualTo(Dialect.DERBY);
    }

    @Test
    void namesTheBadKey() {
        assertThatThrownBy(() -> DatabaseConfig.fromProperties(properties())).hasMessageContaining("database.url");
        assertThatThrownBy(() -> DatabaseConfig.fromProperties(properties("database.url", "jdbc:mysql://x/y")))
            .hasMessageContaining("database.url");
        for (String size : List.of("ten", "0", "1000")) {
            assertThatThrownBy(() -> DatabaseConfig.fromProperties(properties("database.url", "jdbc:derby:x", "database.maxPoolSize", size)))
                .hasMessageContaining("database.maxPoolSize");
        }
    }

    @Test
    void splitsMigrationScripts() {
        assertThat(Migration.split("-- comment\nCREATE TABLE a (\n  id INTEGER\n);\n\nINSERT INTO a VALUES (1)\n;\nINSERT INTO a VALUES (2)"))
            .containsExactly("CREATE TABLE a (\nid INTEGER\n)", "INSERT INTO a VALUES (1)", "INSERT INTO a VALUES (2)");
    }

    @Test
    void loadsThePolicyMigrationsFromTheClasspath() {
        assertThat(Migration.fromResourceFolder("/io/cleanport/core/db/policies/")).extracting(Migration::version).startsWith(1);
        assertThat(Migration.fromResourceFolder("/no/such/folder/")).isEmpty();
    }
}
