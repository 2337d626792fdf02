package io.cleanport.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import javax.net.SocketFactory;

import org.junit.jupiter.api.Test;

class NoDelaySocketFactoryTest {
    @Test
    void javaMailFindsTheFactoryThroughGetDefaultAndEverySocketHasNoDelay() throws Exception {
        SocketFactory factory = (SocketFactory) Class.forName(NoDelaySocketFactory.class.getName())
            .getMethod("getDefault").invoke(null);
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            int port = server.getLocalPort();
            try (Socket unconnected = factory.createSocket();
                 Socket byName = factory.createSocket("127.0.0.1", port);
                 Socket byAddress = factory.createSocket(InetAddress.getLoopbackAddress(), port)) {
                unconnected.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                assertThat(unconnected.getTcpNoDelay()).isTrue();
                assertThat(byName.getTcpNoDelay()).isTrue();
                assertThat(byAddress.getTcpNoDelay()).isTrue();
            }
        }
    }
}
