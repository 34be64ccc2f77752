package dev.facecall.bench;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import java.io.StringReader;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One simulated user on one WebSocket (java.net.http), speaking PROTOCOL.md as the Node
 * generator's ProtoClient (lib/adapters.js) does: login → welcome, invite/accept pairing, stamped
 * signals, a view of who is online (join-storm), logout at the end.
 *
 * <p>Threads: the JDK calls a WebSocket's listener methods one at a time (on the HttpClient's
 * selector or executor threads), so the receive-side fields are touched by one thread at a time;
 * sends may come from any thread and go through {@link #send}, which keeps one send in flight
 * (the JDK refuses a second {@code sendText} before the first completes).
 */
final class BenchClient implements WebSocket.Listener {

    static final int NEW = 0;
    static final int CONNECTING = 1;
    static final int IN = 2;
    static final int FAILED = 3;
    static final int CLOSED = 4;

    private static final String BENCH = "\"bench\":[";
    private static final String PRESENCE = "\"type\":\"presence\"";
    private static final String TYPE_PREFIX = "{\"type\":\"";
    private static final String LOGOUT = "{\"type\":\"logout\"}";
    /** Queue sentinel (compared by identity): a Close frame, 1000. */
    private static final String CLOSE_FRAME = new String("close");

    final Bench b;
    final int idx;
    final String name;
    final AtomicInteger state = new AtomicInteger(NEW);

    private volatile WebSocket ws;
    volatile String id;
    volatile long tStart;
    volatile long tIn;
    private CompletableFuture<BenchClient> login;
    private ScheduledFuture<?> loginTimer;
    /** Completes when the connection is gone (closed, failed or aborted). */
    final CompletableFuture<Void> gone = new CompletableFuture<>();
    volatile boolean closing;

    // pairing
    private volatile String call;
    private volatile String peerId;
    private volatile CompletableFuture<Void> pair;
    private String pfx;
    private String[] sfxD;
    private String[] sfxC;
    private long seq;

    // sending
    private final ConcurrentLinkedQueue<String> outq = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();

    // receiving (one listener call at a time)
    private StringBuilder part;
    long lastSeqIn = -1;

    // the view of who is online (join-storm): bit i = user "<prefix>-i" is listed
    private BitSet view;
    private int vcount;
    boolean converged;

    BenchClient(Bench b, int idx, String name) {
        this.b = b;
        this.idx = idx;
        this.name = name;
    }

    // --- login ------------------------------------------------------------------------------

    CompletableFuture<BenchClient> login() {
        login = new CompletableFuture<>();
        view = b.trackView ? new BitSet(b.viewN) : null;
        state.set(CONNECTING);
        tStart = System.nanoTime();
        long to = (long) (b.loginTimeoutSec * 1e9);
        loginTimer = b.io.timer.schedule(() -> fail("login-timeout"), to, TimeUnit.NANOSECONDS);
        try {
            WebSocket.Builder wb = b.io.http(idx).newWebSocketBuilder().connectTimeout(Duration.ofNanos(to));
            if (!b.origin.isEmpty()) {
                wb.header("Origin", b.origin);
            }
            wb.buildAsync(b.uri, this).whenComplete((w, e) -> {
                if (e != null) {
                    fail(reason(e));
                }
            });
        } catch (RuntimeException e) {
            fail(reason(e));
        }
        return login;
    }

    private static String reason(Throwable e) {
        Throwable c = e;
        while ((c instanceof CompletionException || c.getCause() instanceof WebSocketHandshakeException) && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof WebSocketHandshakeException h && h.getResponse() != null) {
            return "http-" + h.getResponse().statusCode();
        }
        return "ws-error:" + c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ":" + c.getMessage());
    }

    private void fail(String why) {
        if (state.compareAndSet(CONNECTING, FAILED)) {
            cancelTimer();
            b.error(why);
            b.failedCount.incrementAndGet();
            login.completeExceptionally(new IllegalStateException(why));
            WebSocket w = ws;
            if (w != null) {
                w.abort();
            }
            gone.complete(null);
        }
    }

    private void loggedIn() {
        if (state.get() == CONNECTING) {
            tIn = System.nanoTime();
            if (state.compareAndSet(CONNECTING, IN)) {
                cancelTimer();
                b.welcomedCount.incrementAndGet();
                login.complete(this);
            }
        }
    }

    private void cancelTimer() {
        ScheduledFuture<?> t = loginTimer;
        if (t != null) {
            t.cancel(false);
        }
    }

    // --- pairing and signals (PROTOCOL.md: invite → calling/incoming → accept → accepted) ---

    /** Called on the caller: pairs it with {@code callee}; completes when both may signal. */
    CompletableFuture<Void> pairWith(BenchClient callee) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> theirs = new CompletableFuture<>();
        pair = mine;
        callee.pair = theirs;
        send("{\"type\":\"invite\",\"to\":" + JsonLine.quote(callee.id) + "}");
        return CompletableFuture.allOf(mine, theirs).thenRun(() -> {
            templates();
            callee.templates();
        });
    }

    private void templates() {
        pfx = "{\"type\":\"signal\",\"call\":" + JsonLine.quote(call) + ",\"to\":" + JsonLine.quote(peerId)
                + ",\"data\":{\"bench\":[";
        Payload p = b.pool;
        sfxD = p.descriptions.stream().map(s -> "],\"description\":" + s + "}}").toArray(String[]::new);
        sfxC = p.candidates.stream().map(s -> "],\"candidate\":" + s + "}}").toArray(String[]::new);
    }

    /** The next description (even seq) or candidate (odd seq) to the partner, stamped [nanoTime, seq, phase]. */
    void sendSignal(int ph) {
        long s = seq++;
        int k = (int) ((s >> 1) % sfxD.length);
        String sfx = (s & 1) == 0 ? sfxD[k] : sfxC[k];
        StringBuilder m = new StringBuilder(pfx.length() + sfx.length() + 40);
        m.append(pfx).append(System.nanoTime()).append(',').append(s).append(',').append(ph).append(sfx);
        send(m.toString());
    }

    // --- sending: one frame in flight, the rest queued in order -------------------------------

    void send(String text) {
        outq.add(text);
        pump();
    }

    private void pump() {
        while (!outq.isEmpty() && sending.compareAndSet(false, true)) {
            String s = outq.poll();
            WebSocket w = ws;
            if (s == null || w == null) {
                sending.set(false);
                if (w == null) {
                    return;
                }
                continue;
            }
            CompletableFuture<WebSocket> f;
            try {
                f = s == CLOSE_FRAME ? w.sendClose(WebSocket.NORMAL_CLOSURE, "") : w.sendText(s, true);
            } catch (RuntimeException e) {
                sendFailed(e);
                sending.set(false);
                continue;
            }
            if (f.isDone()) {
                if (f.isCompletedExceptionally()) {
                    f.exceptionally(e -> {
                        sendFailed(e);
                        return null;
                    });
                }
                sending.set(false);
                continue;
            }
            f.whenComplete((x, e) -> {
                if (e != null) {
                    sendFailed(e);
                }
                sending.set(false);
                pump();
            });
            return;
        }
    }

    private void sendFailed(Throwable e) {
        if (!closing) {
            Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            b.error("send-failed:" + c.getClass().getSimpleName());
        }
    }

    // --- leaving ----------------------------------------------------------------------------

    /** Logs out (when logged in) and closes; {@link #gone} completes when the connection is closed. */
    void close() {
        closing = true;
        WebSocket w = ws;
        int st = state.get();
        if (st == IN && w != null && !w.isOutputClosed()) {
            state.set(CLOSED);
            send(LOGOUT);
            send(CLOSE_FRAME);
        } else {
            if (st == CONNECTING) {
                state.compareAndSet(CONNECTING, CLOSED);
                cancelTimer();
                if (login != null) {
                    login.completeExceptionally(new IllegalStateException("closed"));
                }
            }
            abort();
        }
    }

    void abort() {
        WebSocket w = ws;
        if (w != null) {
            w.abort();
        }
        gone.complete(null);
    }

    private void dropped(String why) {
        if (closing) {
            gone.complete(null);
            return;
        }
        if (state.get() == CONNECTING) {
            fail(why);
            return;
        }
        if (state.compareAndSet(IN, CLOSED)) {
            b.onDrop(this, why);
        }
        gone.complete(null);
    }

    // --- listener -------------------------------------------------------------------------

    @Override
    public void onOpen(WebSocket w) {
        ws = w;
        if (state.get() != CONNECTING) {
            w.abort();
            return;
        }
        w.request(Long.MAX_VALUE);
        send("{\"type\":\"login\",\"name\":" + JsonLine.quote(name) + "}");
    }

    @Override
    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
        if (!last) {
            if (part == null) {
                part = new StringBuilder(Math.max(256, data.length() * 2));
            }
            part.append(data);
            return null;
        }
        long tRecv = System.nanoTime();
        String s;
        if (part != null && part.length() > 0) {
            part.append(data);
            s = part.toString();
            part = null; // big frames are rare (welcome lists): do not keep their buffer per client
        } else {
            s = data.toString();
        }
        try {
            handle(s, tRecv);
        } catch (RuntimeException e) {
            b.error("exception:" + e.getClass().getSimpleName());
        }
        return null;
    }

    /** A text frame's payload of {@code n} bytes: counted as payload, and with its frame header as wire bytes. */
    private void received(int n) {
        b.bytes.add(n);
        b.wire.add(n + (n < 126 ? 2 : n < 65536 ? 4 : 10));
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
        received(data.remaining());
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket w, ByteBuffer message) {
        // the JDK answers every ping with a pong by itself
        b.pings.increment();
        b.wire.add(2 + message.remaining());
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket w, ByteBuffer message) {
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket w, int statusCode, String reason) {
        b.wire.add(4 + (reason == null ? 0 : utf8Length(reason)));
        dropped("close-" + statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket w, Throwable error) {
        dropped("error:" + error.getClass().getSimpleName());
    }

    // --- messages ---------------------------------------------------------------------------

    private void handle(String s, long tRecv) {
        int bi = s.indexOf(BENCH);
        if (bi >= 0) {
            received(s.length()); // our own ASCII payload, relayed with the server's ASCII ids
            onBench(s, bi + BENCH.length(), tRecv);
            return;
        }
        received(utf8Length(s));
        if (closing) {
            return;
        }
        // not tracking views (relay, connect): the presence fan-out is counted, not parsed
        if (view == null && state.get() == IN) {
            int pi = s.indexOf(PRESENCE);
            if (pi >= 0 && pi < 40) {
                return;
            }
        }
        String type;
        JsonObject m = null;
        if (s.startsWith(TYPE_PREFIX)) {
            int end = s.indexOf('"', TYPE_PREFIX.length());
            type = end < 0 ? "" : s.substring(TYPE_PREFIX.length(), end);
        } else {
            m = read(s);
            type = m == null ? "" : str(m, "type");
        }
        switch (type) {
            case "welcome" -> onWelcome(s);
            case "presence" -> onPresence(s);
            case "calling", "incoming", "accepted", "ended", "error" -> onCallMessage(type, m != null ? m : read(s));
            default -> { }
        }
    }

    private void onBench(String s, int start, long tRecv) {
        int c1 = s.indexOf(',', start);
        int c2 = c1 < 0 ? -1 : s.indexOf(',', c1 + 1);
        int end = c2 < 0 ? -1 : s.indexOf(']', c2 + 1);
        if (end < 0) {
            b.error("bad-bench");
            return;
        }
        long t = number(s, start, c1);
        long sq = number(s, c1 + 1, c2);
        int ph = (int) number(s, c2 + 1, end);
        b.onBench(this, t, sq, ph, tRecv);
    }

    private static long number(String s, int from, int to) {
        try {
            return Long.parseLong(s, from, to, 10);
        } catch (NumberFormatException e) {
            return (long) Double.parseDouble(s.substring(from, to).trim());
        }
    }

    private static JsonObject read(String s) {
        try (JsonReader r = Bench.READERS.createReader(new StringReader(s))) {
            JsonValue v = r.readValue();
            return v instanceof JsonObject o ? o : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String str(JsonObject m, String key) {
        JsonValue v = m.get(key);
        return v != null && v.getValueType() == JsonValue.ValueType.STRING ? m.getString(key) : "";
    }

    private void onCallMessage(String type, JsonObject m) {
        if (m == null) {
            b.error("bad-json");
            return;
        }
        switch (type) {
            case "calling" -> call = str(m, "call");
            case "incoming" -> {
                call = str(m, "call");
                send("{\"type\":\"accept\",\"call\":" + JsonLine.quote(call) + "}");
            }
            case "accepted" -> {
                call = str(m, "call");
                JsonValue peer = m.get("peer");
                if (peer instanceof JsonObject p) {
                    peerId = str(p, "id");
                }
                CompletableFuture<Void> pr = pair;
                if (pr != null) {
                    pr.complete(null);
                }
            }
            case "ended" -> {
                String why = "ended-" + str(m, "reason");
                b.error(why);
                CompletableFuture<Void> pr = pair;
                if (pr != null) {
                    pr.completeExceptionally(new IllegalStateException(why));
                }
            }
            case "error" -> {
                String code = str(m, "code");
                b.error(code.isEmpty() ? "error" : code);
                CompletableFuture<Void> pr = pair;
                if (state.get() == CONNECTING) {
                    fail(code.isEmpty() ? "error" : code);
                } else if (pr != null && (code.equals("busy") || code.equals("no-such-user") || code.equals("invalid"))) {
                    pr.completeExceptionally(new IllegalStateException(code));
                }
            }
            default -> { }
        }
    }

    private void onWelcome(String s) {
        try (JsonParser p = Bench.PARSERS.createParser(new StringReader(s))) {
            if (p.hasNext() && p.next() == Event.START_OBJECT) {
                while (p.hasNext()) {
                    Event e = p.next();
                    if (e == Event.END_OBJECT) {
                        break;
                    }
                    if (e != Event.KEY_NAME) {
                        continue;
                    }
                    String key = p.getString();
                    Event v = p.next();
                    if (key.equals("self") && v == Event.START_OBJECT) {
                        readSelf(p);
                        if (view == null) {
                            break; // connect, relay: only the id is needed, not the (long) user list
                        }
                    } else if (key.equals("users") && v == Event.START_ARRAY && view != null) {
                        readUsers(p);
                    } else {
                        skip(p, v);
                    }
                }
            }
        } catch (RuntimeException e) {
            b.error("bad-json");
        }
        if (view != null) {
            viewDone();
        }
        loggedIn();
    }

    private void readSelf(JsonParser p) {
        for (Event e = p.next(); e != Event.END_OBJECT; e = p.next()) {
            if (e == Event.KEY_NAME) {
                String k = p.getString();
                Event v = p.next();
                if (k.equals("id") && v == Event.VALUE_STRING) {
                    id = p.getString();
                } else {
                    skip(p, v);
                }
            }
        }
    }

    private void onPresence(String s) {
        if (view == null) {
            return;
        }
        try (JsonParser p = Bench.PARSERS.createParser(new StringReader(s))) {
            if (p.hasNext() && p.next() == Event.START_OBJECT) {
                while (p.hasNext()) {
                    Event e = p.next();
                    if (e == Event.END_OBJECT) {
                        break;
                    }
                    if (e != Event.KEY_NAME) {
                        continue;
                    }
                    String key = p.getString();
                    Event v = p.next();
                    if (key.equals("users") && v == Event.START_ARRAY) {
                        readUsers(p);
                    } else {
                        skip(p, v);
                    }
                }
            }
        } catch (RuntimeException e) {
            b.error("bad-json");
        }
        viewDone();
    }

    /** Reads a User array (the parser just gave START_ARRAY) into the view. */
    private void readUsers(JsonParser p) {
        for (Event e = p.next(); e != Event.END_ARRAY; e = p.next()) {
            if (e != Event.START_OBJECT) {
                skip(p, e);
                continue;
            }
            String n = null;
            String st = null;
            for (Event f = p.next(); f != Event.END_OBJECT; f = p.next()) {
                if (f == Event.KEY_NAME) {
                    String k = p.getString();
                    Event v = p.next();
                    if (v == Event.VALUE_STRING && k.equals("name")) {
                        n = p.getString();
                    } else if (v == Event.VALUE_STRING && k.equals("state")) {
                        st = p.getString();
                    } else {
                        skip(p, v);
                    }
                }
            }
            viewApply(n, st);
        }
    }

    private static void skip(JsonParser p, Event v) {
        if (v != Event.START_OBJECT && v != Event.START_ARRAY) {
            return;
        }
        int depth = 1;
        while (depth > 0) {
            Event e = p.next();
            if (e == Event.START_OBJECT || e == Event.START_ARRAY) {
                depth++;
            } else if (e == Event.END_OBJECT || e == Event.END_ARRAY) {
                depth--;
            }
        }
    }

    /** online/busy: add (or update); offline: remove. Only this run's users count toward the view. */
    private void viewApply(String n, String st) {
        int i = b.indexOfName(n);
        if (i < 0 || i == idx) {
            return;
        }
        if ("offline".equals(st)) {
            if (view.get(i)) {
                view.clear(i);
                vcount--;
            }
        } else if (!view.get(i)) {
            view.set(i);
            vcount++;
        }
    }

    private void viewDone() {
        boolean conv = vcount == b.viewN - 1;
        if (conv != converged) {
            converged = conv;
            b.convChange(conv);
        }
    }

    static int utf8Length(String s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c)) {
                    bytes += 2; // 4 bytes for the pair, 2 chars
                    i++;
                } else {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }
}
