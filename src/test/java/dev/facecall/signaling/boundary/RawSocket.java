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
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout((int) readTimeout.toMillis());
        String key = Base64.getEncoder().encodeToString("facecall-raw-key".getBytes(StandardCharsets.US_ASCII));
        String request = "GET " + uri.getRawPath() + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                + (origin == null ? "" : "Origin: " + origin + "\r\n")
                + "\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        DataInputStream in = new DataInputStream(socket.getInputStream());
        String status = readLine(in);
        while (!readLine(in).isEmpty()) {
            // the rest of the response head
        }
        RawSocket raw = new RawSocket(socket, status);
        return raw;
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
        ByteBuffer head = ByteBuffer.allocate(14);
        head.put((byte) (0x80 | opcode));
        if (payload.length < 126) {
            head.put((byte) (0x80 | payload.length));
        } else if (payload.length < 65_536) {
            head.put((byte) (0x80 | 126)).putShort((short) payload.length);
        } else {
            head.put((byte) (0x80 | 127)).putLong(payload.length);
        }
        byte[] mask = {0x12, 0x34, 0x56, 0x78};
        head.put(mask);
        byte[] masked = new byte[payload.length];
        for (int i = 0; i < payload.length; i++) {
            masked[i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        out.write(head.array(), 0, head.position());
        out.write(masked);
        out.flush();
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

    /** Reads until a frame of {@code opcode} arrives, skipping others. */
    Frame readUntil(int opcode) throws IOException {
        for (Frame frame = read(); ; frame = read()) {
            if (frame.opcode() == opcode) {
                return frame;
            }
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
