package io.cleanport.core.db;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.cleanport.core.testing.TestDatabase;
import io.cleanport.core.testing.TestDatabases;

class PostgresSchemaMigratorTest implements SchemaMigratorContract {
    static TestDatabase database;
    static Database otherNode;

    @BeforeAll
    static void open() {
        database = TestDatabases.postgres();
        otherNode = Database.open(database.config());
    }

    @AfterAll
    static void close() {
        if (otherNode != null) {
            otherNode.close();
        }
        if (database != null) {
            database.close();
        }
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
