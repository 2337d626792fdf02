package io.cleanport.core.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;

/**
 * An authoritative DNS server for tests, on 127.0.0.1, UDP and TCP on the same free port. Names not set
 * up do not exist (NXDOMAIN); a name set up without the asked type answers NOERROR with no records
 * (NODATA). Negative answers carry an SOA, as real servers' do, so resolvers may cache them. UDP answers
 * larger than 512 bytes are truncated (TC), which makes clients ask again over TCP.
 *
 * <pre>{@code
 * try (DnsResponder dns = DnsResponder.start()) {
 *     dns.mx("example.com", 10, "mx1.gateway.example").a("mx1.gateway.example", "192.0.2.25");
 *     ... new SimpleResolver(dns.address()) ...
 * }
 * }</pre>
 *
 * Set-up and queries may run concurrently.
 */
public final class DnsResponder implements AutoCloseable {
    private static final long TTL = 300;
    private static final long NEGATIVE_TTL = 60;
    private static final int UDP_LIMIT = 512;

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "dns-responder");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<Name, List<Record>> zone = new ConcurrentHashMap<>();
    private final Set<Name> nxdomains = ConcurrentHashMap.newKeySet();
    private final Set<Name> dropped = ConcurrentHashMap.newKeySet();
    private final Set<Name> failing = ConcurrentHashMap.newKeySet();
    private final Map<Name, AtomicInteger> queries = new ConcurrentHashMap<>();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private DnsResponder(DatagramSocket udp, ServerSocket tcp) {
        this.udp = udp;
        this.tcp = tcp;
        threads.execute(this::serveUdp);
        threads.execute(this::acceptTcp);
    }

    /** Starts a responder with an empty zone. */
    public static DnsResponder start() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        for (int attempt = 0; ; attempt++) {
            DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, 0));
            try {
                return new DnsResponder(udp, new ServerSocket(udp.getLocalPort(), 50, loopback));
            } catch (BindException e) {
                // The UDP port's TCP twin is taken: try another port.
                udp.close();
                if (attempt == 20) {
                    throw e;
                }
            }
        }
    }

    public int port() {
        return udp.getLocalPort();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(udp.getLocalAddress(), port());
    }

    public DnsResponder mx(String domain, int preference, String host) {
        return add(new MXRecord(name(domain), DClass.IN, TTL, preference, name(host)));
    }

    /** The RFC 7505 null MX: one record, preference 0, target {@code "."}. */
    public DnsResponder nullMx(String domain) {
        return add(new MXRecord(name(domain), DClass.IN, TTL, 0, Name.root));
    }

    public DnsResponder a(String host, String ipv4) {
        return add(new ARecord(name(host), DClass.IN, TTL, address(ipv4, Address.IPv4)));
    }

    public DnsResponder aaaa(String host, String ipv6) {
        return add(new AAAARecord(name(host), DClass.IN, TTL, address(ipv6, Address.IPv6)));
    }

    /** A TXT record of one string (at most 255 characters). */
    public DnsResponder txt(String name, String text) {
        return add(new TXTRecord(name(name), DClass.IN, TTL, text));
    }

    /** A TXT record of several strings, which readers concatenate. */
    public DnsResponder txt(String name, List<String> strings) {
        return add(new TXTRecord(name(name), DClass.IN, TTL, strings));
    }

    /** {@code name} does not exist, even if records were set up for it. */
    public DnsResponder nxdomain(String name) {
        nxdomains.add(name(name));
        return this;
    }

    /** Queries for {@code name} are never answered: the client times out. */
    public DnsResponder drop(String name) {
        dropped.add(name(name));
        return this;
    }

    /** Queries for {@code name} are answered SERVFAIL. */
    public DnsResponder servfail(String name) {
        failing.add(name(name));
        return this;
    }

    /** How many queries (any type, UDP or TCP, answered or not) asked about {@code name}. */
    public int queries(String name) {
        AtomicInteger count = queries.get(name(name));
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        closed = true;
        udp.close();
        try {
            tcp.close();
        } catch (IOException e) {
            // Closing is best effort; the threads stop either way.
        }
        connections.forEach(DnsResponder::closeQuietly);
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private DnsResponder add(Record record) {
        zone.computeIfAbsent(record.getName(), n -> new CopyOnWriteArrayList<>()).add(record);
        return this;
    }

    private static Name name(String text) {
        try {
            return Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(text + ": " + e.getMessage(), e);
        }
    }

    private static InetAddress address(String text, int family) {
        try {
            return Address.getByAddress(text, family);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void serveUdp() {
        byte[] buffer = new byte[65_535];
        while (!closed) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                byte[] reply = reply(Arrays.copyOf(packet.getData(), packet.getLength()), UDP_LIMIT);
                if (reply != null) {
                    udp.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
                }
            } catch (IOException e) {
                // Closed (the loop ends) or one bad packet (the next is served).
            }
        }
    }

    private void acceptTcp() {
        while (!closed) {
            try {
                Socket socket = tcp.accept();
                connections.add(socket);
                threads.execute(() -> serveTcp(socket));
            } catch (IOException e) {
                // Closed: the loop ends.
            }
        }
    }

    /** Answers length-prefixed queries until the client closes; clients may reuse a connection. */
    private void serveTcp(Socket socket) {
        try (socket; DataInputStream in = new DataInputStream(socket.getInputStream());
             DataOutputStream out = new DataOutputStream(socket.getOutputStream())) {
            while (!closed) {
                byte[] query = new byte[in.readUnsignedShort()];
                in.readFully(query);
                byte[] reply = reply(query, 65_535);
                if (reply != null) {
                    out.writeShort(reply.length);
                    out.write(reply);
                    out.flush();
                }
            }
        } catch (EOFException e) {
            // The client closed the connection.
        } catch (IOException e) {
            // Reset or closed by close().
        } finally {
            connections.remove(socket);
        }
    }

    /** The wire answer to {@code wire}, or null for no answer. */
    private byte[] reply(byte[] wire, int limit) throws IOException {
        Message query = new Message(wire);
        Record question = query.getQuestion();
        if (question == null || query.getHeader().getFlag(Flags.QR)) {
            return null;
        }
        Name name = question.getName();
        queries.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
        if (dropped.contains(name)) {
            return null;
        }
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        response.addRecord(question, Section.QUESTION);
        List<Record> records = zone.get(name);
        if (failing.contains(name)) {
            response.getHeader().setRcode(Rcode.SERVFAIL);
        } else if (records == null || nxdomains.contains(name)) {
            response.getHeader().setFlag(Flags.AA);
            response.getHeader().setRcode(Rcode.NXDOMAIN);
            response.addRecord(soa(name), Section.AUTHORITY);
        } else {
            response.getHeader().setFlag(Flags.AA);
            List<Record> answers = records.stream().filter(r -> r.getType() == question.getType()).toList();
            answers.forEach(r -> response.addRecord(r, Section.ANSWER));
            if (answers.isEmpty()) {
                response.addRecord(soa(name), Section.AUTHORITY);
            }
        }
        // No OPT record is echoed, so the classic 512-byte UDP limit applies whatever the client offers.
        return response.toWire(limit);
    }

    /** The SOA of the zone {@code name} would belong to: its last two labels. */
    private static SOARecord soa(Name name) {
        Name zoneName = name.labels() > 3 ? new Name(name, name.labels() - 3) : name;
        try {
            return new SOARecord(zoneName, DClass.IN, NEGATIVE_TTL, Name.fromString("ns", zoneName),
                Name.fromString("hostmaster", zoneName), 1, 3600, 600, 86_400, NEGATIVE_TTL);
        } catch (TextParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing more to do for a socket being discarded.
        }
    }
}
