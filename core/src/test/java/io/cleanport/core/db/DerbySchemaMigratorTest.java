package io.cleanport.core.db;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import io.cleanport.core.testing.TestDatabase;
import io.cleanport.core.testing.TestDatabases;

class DerbySchemaMigratorTest implements SchemaMigratorContract {
    @TempDir
    static Path folder;
    static TestDatabase database;
    static Database otherNode;

    @BeforeAll
    static void open() {
        database = TestDatabases.derby(folder);
        otherNode = Database.open(DatabaseConfig.of(database.config().url(), null, null, 2));
    }

    @AfterAll
    static void close() {
        otherNode.close();
        database.close();
    }

    @Override
    public Database database() {
        return database.database();
    }

    @Override
    public Database otherNode() {
        return otherNode;
    }
}
