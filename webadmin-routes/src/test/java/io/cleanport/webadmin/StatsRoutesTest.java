package io.cleanport.webadmin;

import static io.cleanport.webadmin.DomainPolicyRoutesTest.assertBadRequest;
import static io.cleanport.webadmin.DomainPolicyRoutesTest.assertError;
import static io.cleanport.webadmin.DomainPolicyRoutesTest.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.apache.james.webadmin.utils.JsonTransformer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cleanport.core.db.StoreException;
import io.cleanport.core.policy.DomainName;
import io.cleanport.core.stats.Counter;
import io.cleanport.core.stats.Counters;
import io.cleanport.core.stats.JdbcCounters;
import io.cleanport.core.testing.TestDatabase;
import io.cleanport.core.testing.TestDatabases;

class StatsRoutesTest {
    private static final DomainName EXAMPLE = DomainName.of("example.com");
    private static final DomainName OTHER = DomainName.of("other.example");

    @TempDir
    static Path folder;
    static TestDatabase database;
    static JdbcCounters counters;
    static WebAdminTestServer server;

    @BeforeAll
    static void start() {
        database = TestDatabases.derby(folder);
        counters = new JdbcCounters(database.database());
        // What other nodes (or earlier runs) flushed, and what this node has not flushed yet.
        JdbcCounters otherNode = new JdbcCounters(database.database());
        otherNode.add(Counter.GREYLISTED, EXAMPLE, 2);
        otherNode.add(Counter.GREYLIST_PASSED, OTHER, 5);
        otherNode.flush();
        counters.add(Counter.GREYLISTED, EXAMPLE, 1);
        counters.add(Counter.GREYLIST_WHITELISTED, EXAMPLE, 7);
        server = WebAdminTestServer.start(new StatsRoutes(counters, new JsonTransformer()));
    }

    @AfterAll
    static void stop() {
        server.close();
        database.close();
    }

    @Test
    void totalsOfEveryDomainWithEveryCounter() {
        HttpResponse<String> response = server.get("/cleanport/stats");

        assertJson(response, 200);
        assertThat(response.body()).isEqualTo(
            "{\"domain\":null,\"counters\":{\"greylisted\":3,\"greylistPassed\":5,\"greylistWhitelisted\":7,\"virus\":0,\"spam\":0,\"content\":0,\"released\":0}}");
    }

    @Test
    void oneDomain() {
        HttpResponse<String> response = server.get("/cleanport/stats?domain=Example.COM");

        assertJson(response, 200);
        assertThat(response.body()).isEqualTo(
            "{\"domain\":\"example.com\",\"counters\":{\"greylisted\":3,\"greylistPassed\":0,\"greylistWhitelisted\":7,\"virus\":0,\"spam\":0,\"content\":0,\"released\":0}}");
    }

    @Test
    void aDomainNeverCountedHasZeros() {
        HttpResponse<String> response = server.get("/cleanport/stats?domain=quiet.example");

        assertJson(response, 200);
        assertThat(response.body()).isEqualTo(
            "{\"domain\":\"quiet.example\",\"counters\":{\"greylisted\":0,\"greylistPassed\":0,\"greylistWhitelisted\":0,\"virus\":0,\"spam\":0,\"content\":0,\"released\":0}}");
    }

    @Test
    void anInvalidDomainIsA400NamingDomain() {
        assertBadRequest(server.get("/cleanport/stats?domain=not_a..domain"), "domain");
        assertBadRequest(server.get("/cleanport/stats?domain="), "domain");
    }

    @Test
    void aStoreFailureIsAJson500() {
        Counters broken = (Counters) Proxy.newProxyInstance(Counters.class.getClassLoader(), new Class<?>[] {Counters.class},
            (proxy, method, args) -> {
                throw new StoreException("database down");
            });
        try (WebAdminTestServer failing = WebAdminTestServer.start(new StatsRoutes(broken, new JsonTransformer()))) {
            assertError(failing.get("/cleanport/stats"), 500, "ServerError", "The counters store failed");
        }
    }
}
