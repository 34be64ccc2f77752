package dev.facecall.webcam;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A TURN allocation over UDP as a browser makes one (RFC 8656 with RFC 8489's long-term
 * credentials): an Allocate that the server answers 401 with its realm and nonce, then the same
 * with USERNAME, REALM, NONCE and MESSAGE-INTEGRITY (HMAC-SHA1 keyed with
 * MD5(username:realm:password)). Only what a test needs to learn whether a credential is good.
 *
 * @param code 200 when the server allocated a relay, else the STUN error code (401: the
 *             credential is wrong or expired)
 * @param relayed the relayed transport address, when allocated
 */
record TurnAllocation(int code, InetSocketAddress relayed) {

    private static final int MAGIC_COOKIE = 0x2112A442;
    private static final int ALLOCATE_REQUEST = 0x0003;
    private static final int ALLOCATE_SUCCESS = 0x0103;
    private static final int ALLOCATE_ERROR = 0x0113;
    private static final int USERNAME = 0x0006;
    private static final int MESSAGE_INTEGRITY = 0x0008;
    private static final int ERROR_CODE = 0x0009;
    private static final int REALM = 0x0014;
    private static final int NONCE = 0x0015;
    private static final int XOR_RELAYED_ADDRESS = 0x0016;
    private static final int REQUESTED_TRANSPORT = 0x0019;
    private static final byte[] UDP = {17, 0, 0, 0};
    private static final SecureRandom RANDOM = new SecureRandom();

    boolean allocated() {
        return code == 200;
    }

    /** Asks {@code server} for a relay with {@code username} and {@code password} (the TURN credential). */
    static TurnAllocation allocate(InetSocketAddress server, String username, String password) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(1000);
            Map<Integer, byte[]> challenge = exchange(socket, server, request(Map.of(), null));
            if (code(challenge) != 401 || !challenge.containsKey(REALM) || !challenge.containsKey(NONCE)) {
                throw new IOException("expected 401 with a realm and a nonce, got " + code(challenge));
            }
            Map<Integer, byte[]> attributes = new LinkedHashMap<>();
            attributes.put(USERNAME, username.getBytes(StandardCharsets.UTF_8));
            attributes.put(REALM, challenge.get(REALM));
            attributes.put(NONCE, challenge.get(NONCE));
            byte[] key = md5(username + ":" + new String(challenge.get(REALM), StandardCharsets.UTF_8) + ":" + password);
            Map<Integer, byte[]> answer = exchange(socket, server, request(attributes, key));
            return new TurnAllocation(code(answer), answer.containsKey(XOR_RELAYED_ADDRESS)
                    ? xorAddress(answer.get(XOR_RELAYED_ADDRESS)) : null);
        }
    }

    /** The response's attributes, with its class under the key -1: 200, or the error code. */
    private static Map<Integer, byte[]> exchange(DatagramSocket socket, InetSocketAddress server, byte[] request)
            throws IOException {
        byte[] buffer = new byte[2048];
        for (int attempt = 0; attempt < 5; attempt++) {
            socket.send(new DatagramPacket(request, request.length, server));
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(reply);
            } catch (SocketTimeoutException e) {
                continue; // UDP: ask again
            }
            ByteBuffer message = ByteBuffer.wrap(reply.getData(), 0, reply.getLength());
            int type = message.getShort() & 0xFFFF;
            int length = message.getShort() & 0xFFFF;
            message.getInt();
            byte[] transaction = new byte[12];
            message.get(transaction);
            if (!Arrays.equals(transaction, Arrays.copyOfRange(request, 8, 20))) {
                continue;
            }
            Map<Integer, byte[]> attributes = new HashMap<>();
            while (message.position() < 20 + length) {
                int attribute = message.getShort() & 0xFFFF;
                byte[] value = new byte[message.getShort() & 0xFFFF];
                message.get(value);
                message.position(message.position() + (4 - value.length % 4) % 4);
                attributes.putIfAbsent(attribute, value);
            }
            int code = type == ALLOCATE_SUCCESS ? 200
                    : type == ALLOCATE_ERROR ? (attributes.get(ERROR_CODE)[2] & 0x07) * 100 + (attributes.get(ERROR_CODE)[3] & 0xFF)
                    : -type;
            attributes.put(-1, new byte[] {(byte) (code >> 8), (byte) code});
            return attributes;
        }
        throw new IOException("no answer from the TURN server at " + server);
    }

    private static int code(Map<Integer, byte[]> response) {
        byte[] code = response.get(-1);
        return ((code[0] & 0xFF) << 8) | (code[1] & 0xFF);
    }

    /** An Allocate request for UDP with {@code attributes}, and MESSAGE-INTEGRITY keyed with {@code key} if given. */
    private static byte[] request(Map<Integer, byte[]> attributes, byte[] key) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        attribute(body, REQUESTED_TRANSPORT, UDP);
        attributes.forEach((type, value) -> attribute(body, type, value));
        byte[] transaction = new byte[12];
        RANDOM.nextBytes(transaction);
        int integrityLength = key == null ? 0 : 24;
        ByteBuffer message = ByteBuffer.allocate(20 + body.size() + integrityLength);
        message.putShort((short) ALLOCATE_REQUEST).putShort((short) (body.size() + integrityLength))
                .putInt(MAGIC_COOKIE).put(transaction).put(body.toByteArray());
        if (key != null) {
            byte[] signed = Arrays.copyOf(message.array(), 20 + body.size());
            message.putShort((short) MESSAGE_INTEGRITY).putShort((short) 20).put(hmacSha1(key, signed));
        }
        return message.array();
    }

    private static void attribute(ByteArrayOutputStream out, int type, byte[] value) {
        out.write(type >> 8);
        out.write(type);
        out.write(value.length >> 8);
        out.write(value.length);
        out.writeBytes(value);
        out.writeBytes(new byte[(4 - value.length % 4) % 4]);
    }

    private static InetSocketAddress xorAddress(byte[] value) throws IOException {
        int port = (((value[2] & 0xFF) << 8) | (value[3] & 0xFF)) ^ (MAGIC_COOKIE >>> 16);
        byte[] address = Arrays.copyOfRange(value, 4, value.length);
        byte[] cookie = ByteBuffer.allocate(4).putInt(MAGIC_COOKIE).array();
        for (int i = 0; i < address.length && i < 4; i++) {
            address[i] ^= cookie[i];
        }
        return new InetSocketAddress(InetAddress.getByAddress(address), port);
    }

    private static byte[] md5(String text) {
        try {
            return MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmacSha1(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
