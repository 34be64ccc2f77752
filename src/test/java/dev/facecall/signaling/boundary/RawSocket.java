package dev.facecall.signaling.boundary;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * A WebSocket client written by hand on a plain socket, for what a well-behaved client library will
 * not do: send invalid UTF-8, ignore pings, vanish without a close frame, or show the HTTP answer to
 * a handshake.
 */
final class RawSocket implements AutoCloseable {

    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    record Frame(int opcode, byte[] payload) {

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final String statusLine;

    private RawSocket(Socket socket, String statusLine) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.statusLine = statusLine;
    }

    /** Opens a socket and sends the upgrade request, with an Origin header unless it is null. */
    static RawSocket open(URI uri, String origin, Duration readTimeout) throws IOException {
        return open(uri, uri.getRawPath(), origin == null ? Map.of() : Map.of("Origin", origin), readTimeout);
    }

    /**
     * Opens a socket to {@code uri}'s host and port and sends an upgrade request for {@code path},
     * with {@code headers} besides the handshake's own ({@code Host} among them replaces the default).
     */
    static RawSocket open(URI uri, String path, Map<String, String> headers, Duration readTimeout) throws IOException {
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout((int) readTimeout.toMillis());
        String key = Base64.getEncoder().encodeToString("facecall-raw-key".getBytes(StandardCharsets.US_ASCII));
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\n")
                .append("Host: ").append(headers.getOrDefault("Host", uri.getHost() + ":" + uri.getPort())).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(key).append("\r\nSec-WebSocket-Version: 13\r\n");
        headers.forEach((name, value) -> {
            if (!name.equals("Host")) {
                request.append(name).append(": ").append(value).append("\r\n");
            }
        });
        socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        DataInputStream in = new DataInputStream(socket.getInputStream());
        String status = readLine(in);
        while (!readLine(in).isEmpty()) {
            // the rest of the response head
        }
        return new RawSocket(socket, status);
    }

    /** The status line of a plain GET for {@code path}, with {@code headers} ({@code Host} among them replaces the default). */
    static String httpStatusLine(URI uri, String path, Map<String, String> headers, Duration readTimeout) throws IOException {
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout((int) readTimeout.toMillis());
            StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\n")
                    .append("Host: ").append(headers.getOrDefault("Host", uri.getHost() + ":" + uri.getPort())).append("\r\n")
                    .append("Connection: close\r\n");
            headers.forEach((name, value) -> {
                if (!name.equals("Host")) {
                    request.append(name).append(": ").append(value).append("\r\n");
                }
            });
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            return readLine(new DataInputStream(socket.getInputStream()));
        }
    }

    String statusLine() {
        return statusLine;
    }

    boolean upgraded() {
        return statusLine.contains(" 101 ");
    }

    void sendText(String text) throws IOException {
        send(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** One whole frame from client to server, masked as the protocol demands. */
    void send(int opcode, byte[] payload) throws IOException {
        sendBytes(frame(opcode, payload));
    }

    /** Bytes as they are: several frames in one write, or a frame's head without its payload. */
    void sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** A masked frame's head announcing {@code length} bytes of payload, masked with zeros (payload as it is). */
    static byte[] head(int opcode, long length) {
        ByteBuffer head = ByteBuffer.allocate(14);
        head.put((byte) (0x80 | opcode));
        if (length < 126) {
            head.put((byte) (0x80 | length));
        } else if (length < 65_536) {
            head.put((byte) (0x80 | 126)).putShort((short) length);
        } else {
            head.put((byte) (0x80 | 127)).putLong(length);
        }
        head.put(new byte[4]);
        return java.util.Arrays.copyOf(head.array(), head.position());
    }

    /** A whole masked frame, as bytes. */
    static byte[] frame(int opcode, byte[] payload) {
        byte[] head = head(opcode, payload.length);
        byte[] frame = java.util.Arrays.copyOf(head, head.length + payload.length);
        System.arraycopy(payload, 0, frame, head.length, payload.length); // masked with zeros: unchanged
        return frame;
    }

    /** The next frame from the server; throws when none arrives within the read timeout. */
    Frame read() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(first & 0x0F, payload);
    }

    /** The next byte from the server, or -1 at the end of its stream; throws when none arrives within the read timeout. */
    int readByte() throws IOException {
        return in.read();
    }

    /** How long a read waits from now on. */
    void readTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
    }

    /** Reads until a frame of {@code opcode} arrives, skipping others. */
    Frame readUntil(int opcode) throws IOException {
        for (Frame frame = read(); ; frame = read()) {
            if (frame.opcode() == opcode) {
                return frame;
            }
        }
    }

    /**
     * Reads until the server closes: returns the code of its close frame, or null when the
     * connection ended without one (the server gave up a client that would not read, and its close
     * frame never got past what was still queued for it).
     */
    Integer readUntilClosed() throws IOException {
        try {
            return readUntil(CLOSE).closeCode();
        } catch (java.io.EOFException | java.net.SocketException endedWithoutACloseFrame) {
            return null;
        }
    }

    /** Drops the TCP connection with a reset, as a dying machine or a cut network would. */
    void vanish() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static String readLine(DataInputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed during the handshake");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
