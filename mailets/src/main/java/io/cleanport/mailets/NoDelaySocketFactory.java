package io.cleanport.mailets;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.SocketFactory;

/**
 * Plain sockets with TCP_NODELAY, for JavaMail's SMTP client ({@code mail.smtp.socketFactory.class}).
 *
 * <p>JavaMail leaves Nagle's algorithm on. The last small segment of a message then waits for the
 * acknowledgement of the previous one, which a receiver delays by up to 40 ms: every delivery stalls
 * that long at the end of DATA. SMTP writes whole commands and buffered message data, so there is
 * nothing for Nagle to coalesce.
 */
public final class NoDelaySocketFactory extends SocketFactory {
    private static final NoDelaySocketFactory INSTANCE = new NoDelaySocketFactory();

    /** Called by JavaMail, which instantiates socket factories through a static {@code getDefault()}. */
    public static SocketFactory getDefault() {
        return INSTANCE;
    }

    private static Socket noDelay(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        return socket;
    }

    @Override
    public Socket createSocket() throws IOException {
        return noDelay(new Socket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return noDelay(new Socket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return noDelay(new Socket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return noDelay(new Socket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return noDelay(new Socket(address, port, localAddress, localPort));
    }
}
