package io.cleanport.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyCodecTest {
    private final PolicyCodec codec = new PolicyCodec();

    private static final String DEFAULTS_JSON = "{\"downstream\":[],\"catchAll\":false,\"spamLevel\":3,"
        + "\"actions\":{\"virus\":\"quarantine\",\"spam\":\"quarantine\",\"content\":\"quarantine\"},"
        + "\"maxMessageSize\":26214400,\"quarantineDays\":{\"virus\":14,\"spam\":30,\"content\":30},"
        + "\"notifications\":{\"virusToRecipient\":true},\"relayNetworks\":[]}";

    @Test
    void emptyDocumentGetsEveryDefault() {
        DomainPolicy policy = codec.parseDomain("{}");

        assertThat(policy).isEqualTo(DomainPolicy.defaults());
        assertThat(codec.render(policy)).isEqualTo(DEFAULTS_JSON);
    }

    @Test
    void partialNestedObjectsKeepTheOtherDefaults() {
        DomainPolicy policy = codec.parseDomain("{\"actions\":{\"spam\":\"tag\"},\"quarantineDays\":{\"content\":5},"
            + "\"notifications\":{\"ictAddress\":\"ict@Example.COM\"}}");

        assertThat(policy.actions()).isEqualTo(Actions.of(VirusAction.QUARANTINE, FilterAction.TAG, FilterAction.QUARANTINE));
        assertThat(policy.quarantineDays()).isEqualTo(QuarantineDays.of(14, 30, 5));
        assertThat(policy.notifications()).isEqualTo(Notifications.of(true, Optional.of("ict@example.com")));
    }

    @Test
    void fullDocumentRoundTrips() {
        String json = "{\"downstream\":[{\"host\":\"mail.example.com\",\"port\":25},{\"host\":\"192.0.2.10\",\"port\":2525}],"
            + "\"catchAll\":true,\"spamLevel\":5,"
            + "\"actions\":{\"virus\":\"delete\",\"spam\":\"tag\",\"content\":\"delete\"},"
            + "\"maxMessageSize\":1000000,\"quarantineDays\":{\"virus\":7,\"spam\":60,\"content\":90},"
            + "\"notifications\":{\"virusToRecipient\":false,\"ictAddress\":\"ict@example.com\"},"
            + "\"relayNetworks\":[\"192.0.2.0/24\",\"2001:db8::/32\"]}";

        DomainPolicy policy = codec.parseDomain(json);

        assertThat(policy).isEqualTo(PolicyStoreContract.fullPolicy());
        assertThat(codec.render(policy)).isEqualTo(json);
    }

    @Test
    void valuesAreNormalised() {
        DomainPolicy policy = codec.parseDomain("{\"downstream\":[{\"host\":\"MAIL.Example.com\"},{\"host\":\"192.0.2.1\"}],"
            + "\"relayNetworks\":[\"192.0.2.77/24\",\"2001:DB8:0:0:1::/64\",\"198.51.100.1\"]}");

        assertThat(policy.downstream()).containsExactly(Downstream.of("mail.example.com", 25), Downstream.of("192.0.2.1", 25));
        assertThat(policy.relayNetworks()).extracting(Cidr::toString)
            .containsExactly("192.0.2.0/24", "2001:db8::/64", "198.51.100.1/32");
    }

    @Test
    void userDocumentKeepsOnlyItsOverrides() {
        assertThat(codec.parseUser("{}")).isEqualTo(UserPolicy.empty());
        assertThat(codec.render(UserPolicy.empty())).isEqualTo("{}");

        UserPolicy policy = codec.parseUser("{\"actions\":{\"content\":\"tag\"},\"notifications\":{\"virusToRecipient\":false}}");

        assertThat(policy).isEqualTo(UserPolicy.builder().contentAction(FilterAction.TAG).virusToRecipient(false).build());
        assertThat(codec.render(policy)).isEqualTo("{\"actions\":{\"content\":\"tag\"},\"notifications\":{\"virusToRecipient\":false}}");
    }

    @Test
    void fullUserDocumentRoundTrips() {
        String json = "{\"spamLevel\":1,\"actions\":{\"virus\":\"delete\",\"spam\":\"delete\",\"content\":\"tag\"},"
            + "\"maxMessageSize\":2048,\"notifications\":{\"virusToRecipient\":true}}";

        assertThat(codec.render(codec.parseUser(json))).isEqualTo(json);
    }

    @Test
    void effectivePolicyRendersAsADomainDocument() {
        EffectivePolicy effective = EffectivePolicy.of(DomainPolicy.defaults(),
            Optional.of(UserPolicy.builder().spamLevel(5).virusToRecipient(false).build()));

        assertThat(codec.render(effective))
            .isEqualTo(DEFAULTS_JSON.replace("\"spamLevel\":3", "\"spamLevel\":5").replace("\"virusToRecipient\":true", "\"virusToRecipient\":false"));
    }

    @Test
    void usersRenderAsAnObjectByLocalPart() {
        assertThat(codec.renderUsers(new java.util.TreeMap<>(java.util.Map.of(
            "bob", UserPolicy.empty(), "alice", UserPolicy.builder().spamLevel(2).build()))))
            .isEqualTo("{\"alice\":{\"spamLevel\":2},\"bob\":{}}");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{                                         | $",
        "{\"spamLevel\":3}}                        | $",
        "[]                                        | $",
        "\"text\"                                  | $",
        "{\"spamLevel\":3,\"spamLevel\":4}         | $",
        "{\"colour\":\"blue\"}                     | colour",
        "{\"actions\":{\"worm\":\"delete\"}}       | actions.worm",
        "{\"downstream\":[{\"host\":\"a.example\",\"weight\":1}]} | downstream[0].weight",
        "{\"quarantineDays\":{\"ham\":1}}          | quarantineDays.ham",
        "{\"notifications\":{\"sms\":true}}        | notifications.sms",
        "{\"spamLevel\":0}                         | spamLevel",
        "{\"spamLevel\":6}                         | spamLevel",
        "{\"spamLevel\":3.5}                       | spamLevel",
        "{\"spamLevel\":\"3\"}                     | spamLevel",
        "{\"spamLevel\":null}                      | spamLevel",
        "{\"spamLevel\":99999999999999999999999}   | spamLevel",
        "{\"catchAll\":\"yes\"}                    | catchAll",
        "{\"catchAll\":null}                       | catchAll",
        "{\"maxMessageSize\":0}                    | maxMessageSize",
        "{\"maxMessageSize\":26214401}             | maxMessageSize",
        "{\"quarantineDays\":{\"virus\":0}}        | quarantineDays.virus",
        "{\"quarantineDays\":{\"spam\":3651}}      | quarantineDays.spam",
        "{\"quarantineDays\":[]}                   | quarantineDays",
        "{\"actions\":{\"virus\":\"tag\"}}         | actions.virus",
        "{\"actions\":{\"spam\":\"bounce\"}}       | actions.spam",
        "{\"actions\":{\"content\":\"Quarantine\"}} | actions.content",
        "{\"actions\":{\"content\":1}}             | actions.content",
        "{\"actions\":\"quarantine\"}              | actions",
        "{\"downstream\":{\"host\":\"a.example\"}} | downstream",
        "{\"downstream\":[\"a.example\"]}          | downstream[0]",
        "{\"downstream\":[{\"port\":25}]}          | downstream[0].host",
        "{\"downstream\":[{\"host\":\"a.example\"},{\"host\":\"b.example\",\"port\":0}]} | downstream[1].port",
        "{\"downstream\":[{\"host\":\"a.example\",\"port\":65536}]} | downstream[0].port",
        "{\"downstream\":[{\"host\":\"a.example\",\"port\":\"25\"}]} | downstream[0].port",
        "{\"downstream\":[{\"host\":\"bad_host.example\"}]} | downstream[0].host",
        "{\"downstream\":[{\"host\":\"-a.example\"}]} | downstream[0].host",
        "{\"downstream\":[{\"host\":\"a..example\"}]} | downstream[0].host",
        "{\"downstream\":[{\"host\":\"999.1.1.1\"}]} | downstream[0].host",
        "{\"downstream\":[{\"host\":\"2001:db8::g\"}]} | downstream[0].host",
        "{\"downstream\":[{\"host\":\"\"}]}        | downstream[0].host",
        "{\"downstream\":[{\"host\":null}]}        | downstream[0].host",
        "{\"relayNetworks\":[\"192.0.2.0/24\",\"192.0.2.0/33\"]} | relayNetworks[1]",
        "{\"relayNetworks\":[\"192.0.2.0/\"]}      | relayNetworks[0]",
        "{\"relayNetworks\":[\"192.0.2/24\"]}      | relayNetworks[0]",
        "{\"relayNetworks\":[\"example.com/24\"]}  | relayNetworks[0]",
        "{\"relayNetworks\":[\"2001:db8::/129\"]}  | relayNetworks[0]",
        "{\"relayNetworks\":[\"0.0.0.0/0\"]}       | relayNetworks[0]",
        "{\"relayNetworks\":[\"::/0\"]}            | relayNetworks[0]",
        "{\"relayNetworks\":[24]}                  | relayNetworks[0]",
        "{\"relayNetworks\":\"192.0.2.0/24\"}      | relayNetworks",
        "{\"notifications\":{\"ictAddress\":\"not-an-address\"}} | notifications.ictAddress",
        "{\"notifications\":{\"ictAddress\":\"ict@localhost\"}} | notifications.ictAddress",
        "{\"notifications\":{\"ictAddress\":\"a b@example.com\"}} | notifications.ictAddress",
        "{\"notifications\":{\"virusToRecipient\":1}} | notifications.virusToRecipient",
    })
    void domainValidationNamesTheField(String json, String field) {
        assertThatThrownBy(() -> codec.parseDomain(json))
            .isInstanceOf(PolicyValidationException.class)
            .satisfies(e -> {
                PolicyValidationException error = (PolicyValidationException) e;
                assertThat(error.field()).isEqualTo(field);
                assertThat(error.getMessage()).startsWith(field + ": ");
            });
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "nonsense                                  | $",
        "{\"catchAll\":true}                       | catchAll",
        "{\"downstream\":[]}                       | downstream",
        "{\"quarantineDays\":{}}                   | quarantineDays",
        "{\"relayNetworks\":[]}                    | relayNetworks",
        "{\"notifications\":{\"ictAddress\":\"ict@example.com\"}} | notifications.ictAddress",
        "{\"spamLevel\":7}                         | spamLevel",
        "{\"actions\":{\"virus\":\"tag\"}}         | actions.virus",
        "{\"actions\":{\"spam\":null}}             | actions.spam",
        "{\"maxMessageSize\":30000000}             | maxMessageSize",
    })
    void userValidationNamesTheField(String json, String field) {
        assertThatThrownBy(() -> codec.parseUser(json))
            .isInstanceOfSatisfying(PolicyValidationException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void messagesSayWhatIsAccepted() {
        assertThatThrownBy(() -> codec.parseDomain("{\"spamLevel\":9}"))
            .hasMessage("spamLevel: must be an integer from 1 to 5 (got 9)");
        assertThatThrownBy(() -> codec.parseDomain("{\"spamLevel\":\"high\"}"))
            .hasMessage("spamLevel: expected an integer from 1 to 5, got the string \"high\"");
        assertThatThrownBy(() -> codec.parseDomain("{\"actions\":{\"virus\":\"tag\"}}"))
            .hasMessage("actions.virus: 'tag' is not a virus action; expected one of quarantine, delete");
        assertThatThrownBy(() -> codec.parseDomain("{\"colour\":1}"))
            .hasMessageStartingWith("colour: unknown field; accepted fields here are downstream, catchAll, spamLevel");
        assertThatThrownBy(() -> codec.parseUser("{\"catchAll\":true}"))
            .hasMessageContaining("domain setting");
        assertThatThrownBy(() -> codec.parseDomain("{\"spamLevel\":null}"))
            .hasMessage("spamLevel: must not be null; leave the field out to use the default");
        assertThatThrownBy(() -> codec.parseDomain("{\"relayNetworks\":[\"10.0.0.0/40\"]}"))
            .hasMessage("relayNetworks[0]: '10.0.0.0/40' is not a valid network in CIDR notation: the prefix length 40 is out of range 0..32");
        assertThatThrownBy(() -> codec.parseDomain("{\"spamLevel\":"))
            .hasMessageStartingWith("$: malformed JSON");
    }

    @Test
    void tooManyDownstreamServersOrNetworksAreRefused() {
        String eleven = String.join(",", java.util.Collections.nCopies(11, "{\"host\":\"a.example\"}"));
        assertThatThrownBy(() -> codec.parseDomain("{\"downstream\":[" + eleven + "]}"))
            .isInstanceOfSatisfying(PolicyValidationException.class, e -> assertThat(e.field()).isEqualTo("downstream"));

        String many = String.join(",", java.util.Collections.nCopies(101, "\"192.0.2.0/24\""));
        assertThatThrownBy(() -> codec.parseDomain("{\"relayNetworks\":[" + many + "]}"))
            .isInstanceOfSatisfying(PolicyValidationException.class, e -> assertThat(e.field()).isEqualTo("relayNetworks"));
    }

    @Test
    void emptyAndOversizedDocumentsAreRefused() {
        assertThatThrownBy(() -> codec.parseDomain(new byte[0]))
            .isInstanceOfSatisfying(PolicyValidationException.class, e -> assertThat(e.field()).isEqualTo("$"));
        assertThatThrownBy(() -> codec.parseDomain("   "))
            .isInstanceOfSatisfying(PolicyValidationException.class, e -> assertThat(e.field()).isEqualTo("$"));
        byte[] huge = ("{\"catchAll\":true" + " ".repeat(PolicyCodec.MAX_DOCUMENT_BYTES) + "}").getBytes();
        assertThatThrownBy(() -> codec.parseDomain(huge))
            .isInstanceOfSatisfying(PolicyValidationException.class, e -> assertThat(e.field()).isEqualTo("$"));
    }

    @Test
    void maximalPolicyFitsTheStorageColumn() {
        List<Downstream> servers = java.util.stream.IntStream.range(0, PolicyLimits.MAX_DOWNSTREAM)
            .mapToObj(i -> Downstream.of(("a".repeat(63) + ".").repeat(3) + "example" + i, 65535)).toList();
        List<Cidr> networks = java.util.stream.IntStream.range(0, PolicyLimits.MAX_RELAY_NETWORKS)
            .mapToObj(i -> Cidr.parse("2001:db8:" + Integer.toHexString(i) + ":1234:5678:9abc:def0:1234/128")).toList();
        DomainPolicy policy = DomainPolicy.builder().downstream(servers).relayNetworks(networks)
            .notifications(Notifications.of(true, Optional.of("a".repeat(64) + "@" + "b".repeat(63) + ".example"))).build();

        assertThat(codec.render(policy).length()).isLessThan(JdbcPolicyStore.MAX_STORED_DOCUMENT);
    }
}
