package io.cleanport.core.greylist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.google.common.net.InetAddresses;

class GreylistKeyTest {
    private static InetAddress ip(String text) {
        return InetAddresses.forString(text);
    }

    private static GreylistKey key(String client, String sender, String recipient) {
        return GreylistKey.of(ip(client), sender, recipient);
    }

    @Test
    void ipv4ClientsAreKeyedByTheirSlash24() {
        assertThat(GreylistKey.network(ip("192.0.2.77"))).isEqualTo("192.0.2.0/24");
        assertThat(key("192.0.2.1", "a@b.test", "c@d.test")).isEqualTo(key("192.0.2.254", "a@b.test", "c@d.test"));
        assertThat(key("192.0.2.1", "a@b.test", "c@d.test")).isNotEqualTo(key("192.0.3.1", "a@b.test", "c@d.test"));
    }

    @Test
    void ipv6ClientsAreKeyedByTheirSlash64() {
        assertThat(GreylistKey.network(ip("2001:db8:1:2:aaaa:bbbb:cccc:dddd"))).isEqualTo("2001:db8:1:2::/64");
        assertThat(GreylistKey.network(ip("2001:DB8::1"))).isEqualTo("2001:db8::/64");
        assertThat(key("2001:db8:1:2::1", "a@b.test", "c@d.test")).isEqualTo(key("2001:db8:1:2:ffff::9", "a@b.test", "c@d.test"));
        assertThat(key("2001:db8:1:2::1", "a@b.test", "c@d.test")).isNotEqualTo(key("2001:db8:1:3::1", "a@b.test", "c@d.test"));
    }

    @Test
    void anIpv4MappedIpv6AddressIsTheIpv4AddressItCarries() throws UnknownHostException {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = (byte) 192;
        mapped[13] = 0;
        mapped[14] = 2;
        mapped[15] = 9;
        // Inet6Address.getByAddress keeps the IPv6 form (InetAddress.getByAddress would convert it).
        InetAddress address = Inet6Address.getByAddress(null, mapped, -1);
        assertThat(address).isInstanceOf(Inet6Address.class);

        assertThat(GreylistKey.network(address)).isEqualTo("192.0.2.0/24");
        assertThat(GreylistKey.of(address, "a@b.test", "c@d.test")).isEqualTo(key("192.0.2.200", "a@b.test", "c@d.test"));
    }

    @Test
    void aScopedLinkLocalAddressLosesItsScope() throws UnknownHostException {
        InetAddress scoped = Inet6Address.getByAddress(null, ip("fe80::1").getAddress(), 3);

        assertThat(GreylistKey.network(scoped)).isEqualTo("fe80::/64");
    }

    @Test
    void senderAndRecipientAreLowerCased() {
        GreylistKey key = key("192.0.2.1", "Bob@Senders.TEST", "Alice@Example.COM");

        assertThat(key.sender()).isEqualTo("bob@senders.test");
        assertThat(key.recipient()).isEqualTo("alice@example.com");
        assertThat(key).isEqualTo(key("192.0.2.1", "bob@senders.test", "alice@example.com"));
    }

    @ParameterizedTest
    @CsvSource(value = {
        "'',            <>",
        "<>,            <>",
        "NULL,          <>",
        "'  ',          <>",
        "<Bob@X.Test>,  bob@x.test",
        "prvs=1234567890=bob@x.test, bob@x.test",
        "PRVS=0123abcdef=Bob@X.test, bob@x.test",
        "prvs=tag=local=part@x.test, local=part@x.test",
        "prvs=@x.test,  prvs=@x.test",
        "prvs==bob@x.test, prvs==bob@x.test",
        "prvs=tag=@x.test, prvs=tag=@x.test",
        "notprvs=tag=bob@x.test, notprvs=tag=bob@x.test"
    }, nullValues = "NULL")
    void senderNormalisation(String raw, String expected) {
        assertThat(GreylistKey.normaliseSender(raw)).isEqualTo(expected);
    }

    @Test
    void batvTagsOfOneSenderShareAKey() {
        assertThat(key("192.0.2.1", "prvs=1111111111=bob@x.test", "c@d.test"))
            .isEqualTo(key("192.0.2.1", "prvs=2222222222=bob@x.test", "c@d.test"))
            .isEqualTo(key("192.0.2.1", "bob@x.test", "c@d.test"));
    }

    @Test
    void theNullSenderIsAValidSenderOfItsOwn() {
        GreylistKey bounce = key("192.0.2.1", "", "c@d.test");

        assertThat(bounce.sender()).isEqualTo(GreylistKey.NULL_SENDER);
        assertThat(bounce.senderDomain()).isEmpty();
        assertThat(bounce).isEqualTo(key("192.0.2.1", "<>", "c@d.test"));
        assertThat(bounce).isNotEqualTo(key("192.0.2.1", "x@d.test", "c@d.test"));
    }

    @Test
    void senderDomain() {
        assertThat(key("192.0.2.1", "bob@Mail.X.Test", "c@d.test").senderDomain()).contains("mail.x.test");
        assertThat(key("192.0.2.1", "postmaster", "c@d.test").senderDomain()).isEmpty();
    }

    @Test
    void idIsAFixedSizeUrlSafeDigest() {
        GreylistKey key = key("192.0.2.1", "bob@x.test", "alice@d.test");
        GreylistKey longOne = key("2001:db8::1", "a".repeat(64) + "@" + "b".repeat(250) + ".test", "c".repeat(64) + "@d.test");

        assertThat(key.id()).hasSize(GreylistKey.ID_LENGTH).matches("[A-Za-z0-9_-]+");
        assertThat(longOne.id()).hasSize(GreylistKey.ID_LENGTH).matches("[A-Za-z0-9_-]+");
        assertThat(key.id()).isEqualTo(key("192.0.2.99", "BOB@x.test", "Alice@D.test").id());
    }

    @Test
    void partsCannotBeShiftedIntoOneAnother() {
        assertThat(key("192.0.2.1", "a|b@x.test", "c@d.test").id()).isNotEqualTo(key("192.0.2.1", "a", "b@x.test|c@d.test").id());
    }

    @Test
    void anEmptyRecipientIsRefused() {
        assertThatThrownBy(() -> key("192.0.2.1", "a@b.test", " "))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("recipient");
    }
}
