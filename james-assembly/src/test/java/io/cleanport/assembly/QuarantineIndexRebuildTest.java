package io.cleanport.assembly;

import static io.cleanport.assembly.QuarantineTestSupport.awaitTotal;
import static io.cleanport.assembly.QuarantineTestSupport.json;
import static io.cleanport.assembly.QuarantineTestSupport.plain;
import static io.cleanport.assembly.QuarantineTestSupport.search;
import static io.cleanport.assembly.QuarantineTestSupport.send;
import static io.cleanport.assembly.QuarantineTestSupport.withEicarAttachment;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The quarantine index is derived data: with its folder deleted (or damaged) while the gateway is down,
 * the next start rebuilds it from the quarantine repositories, and every entry is found again.
 */
class QuarantineIndexRebuildTest {
    @TempDir
    Path directory;

    @Test
    void aDeletedIndexIsRebuiltFromTheRepositoriesAtStart() throws Exception {
        Path conf = TestGateway.prepare(directory, TestVerdictMailet::inserted);
        Path home = directory.resolve("home");
        Path log = directory.resolve("gateway.log");
        int smtpPort = TestGateway.freePort();
        int webAdminPort = TestGateway.freePort();
        JsonNode before;
        try (GatewayProcess gateway = GatewayProcess.start(home, conf, smtpPort, webAdminPort, log)) {
            assertThat(TestGateway.request(webAdminPort, "PUT", "/cleanport/domains/r.test",
                "{\"catchAll\":true,\"downstream\":[{\"host\":\"127.0.0.1\",\"port\":9}]}").statusCode()).isEqualTo(204);
            send(smtpPort, "a@outside.test", List.of("u1@r.test", "u2@r.test"), withEicarAttachment("a@outside.test", "u1@r.test", "Rebuild virus"));
            send(smtpPort, "b@outside.test", List.of("u3@r.test"), plain("b@outside.test", "u3@r.test", "Rebuild spam", "X-Test-Verdict: spam\r\n", "x"));
            before = awaitTotal(webAdminPort, "domain=r.test", 3);
            String id = before.get("items").get(0).get("id").asText();
            assertThat(TestGateway.request(webAdminPort, "POST", "/cleanport/quarantine/" + id + "/release", null).statusCode()).isEqualTo(200);
            before = search(webAdminPort, "domain=r.test&sort=received&order=asc");
            assertThat(gateway.terminate(Duration.ofSeconds(60))).isIn(0, 143);
        }

        Path index = home.resolve("var/cleanport/quarantine-index");
        assertThat(index).isDirectory();
        try (Stream<Path> files = Files.walk(index)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }

        try (GatewayProcess gateway = GatewayProcess.start(home, conf, smtpPort, webAdminPort, log)) {
            // The check against the repositories runs in the background as the server starts.
            JsonNode after = awaitTotal(webAdminPort, "domain=r.test&sort=received&order=asc", 3);
            assertThat(after.get("items")).isEqualTo(before.get("items"));
            assertThat(json(TestGateway.request(webAdminPort, "GET", "/cleanport/quarantine?q=" + QuarantineTestSupport.param("Rebuild spam"), null))
                .get("total").asInt()).isEqualTo(1);
            assertThat(Files.readString(log)).contains("Quarantine index rebuilt: 3 entries");
        }
    }
}
