package io.cleanport.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.List;

import org.apache.james.dnsservice.api.DNSService;
import org.junit.jupiter.api.Test;

class MxPortRoutesTest {
    private static final DNSService DNS = (DNSService) Proxy.newProxyInstance(DNSService.class.getClassLoader(),
        new Class<?>[] {DNSService.class}, (proxy, method, args) -> {
            if (method.getName().equals("findMXRecords")) {
                return List.of("mx1." + args[0], "mx2." + args[0]);
            }
            throw new UnsupportedOperationException(method.getName());
        });

    @Test
    void port25KeepsTheHostsAsDnsGivesThem() throws Exception {
        MxPortRoutes routes = new MxPortRoutes(DNS);

        assertThat(routes.findMXRecords("partner.test")).containsExactly("mx1.partner.test", "mx2.partner.test");
    }

    @Test
    void anotherPortIsAddedToEveryHostInOrder() throws Exception {
        MxPortRoutes routes = new MxPortRoutes(DNS);
        routes.setPort(2526);

        assertThat(routes.findMXRecords("partner.test")).containsExactly("mx1.partner.test:2526", "mx2.partner.test:2526");
    }

    @Test
    void aPortOutOfRangeIsRefused() {
        assertThatThrownBy(() -> new MxPortRoutes(DNS).setPort(70000)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("70000");
    }
}
