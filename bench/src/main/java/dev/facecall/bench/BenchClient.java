package dev.facecall.bench;

import jakarta.json.JsonObject;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One simulated user on one WebSocket (java.net.http), speaking docs/protocol.md as the Node
 * generator's ProtoClient (lib/adapters.js) does: login → welcome, invite/accept pairing, stamped
 * signals, a view of who is online (when its crowd keeps views), logout at the end.
 *
 * <p>Threads: the JDK calls a WebSocket's listener methods one at a time (on the HttpClient's
 * selector or executor threads), so the receive-side fields are touched by one thread at a time;
 * sends may come from any thread and go through the {@link SendQueue}.
 */
final class BenchClient implements WebSocket.Listener {

    enum State { NEW, CONNECTING, IN, FAILED, CLOSED }

    private static final String LOGOUT = "{\"type\":\"logout\"}";

    private final Crowd crowd;
    private final Traffic traffic;
    private final int index;
    private final String name;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final SendQueue out;
    /** Completes when the connection is gone (closed, failed or aborted). */
    private final CompletableFuture<Void> gone = new CompletableFuture<>();
    private volatile WebSocket ws;
    private volatile String id;
    private volatile long loginStartedAt;
    private volatile long welcomedAt;
    private volatile boolean leaving;
    private CompletableFuture<BenchClient> login;
    private ScheduledFuture<?> loginTimer;

    // the call (relay, saturate)
    private volatile String call;
    private volatile String peerId;
    private volatile CompletableFuture<Void> pairing;
    private SignalTemplate signals;
    private long seq;

    // receiving (one listener call at a time)
    private StringBuilder fragments;
    private long lastSeqIn = -1;
    private PresenceView view;
    private volatile boolean viewTrue;

    BenchClient(Crowd crowd, int index, String name) {
        this.crowd = crowd;
        this.traffic = crowd.traffic();
        this.index = index;
        this.name = name;
        this.out = new SendQueue(this::sendFailed);
    }

    State state() {
        return state.get();
    }

    long loginStartedAt() {
        return loginStartedAt;
    }

    long welcomedAt() {
        return welcomedAt;
    }

    CompletableFuture<Void> gone() {
        return gone;
    }

    /** This client's view of who is online; null where the crowd keeps no views. */
    PresenceView view() {
        return view;
    }

    boolean viewTrue() {
        return viewTrue;
    }

    // --- login ------------------------------------------------------------------------------

    CompletableFuture<BenchClient> login() {
        login = new CompletableFuture<>();
        Convergence views = crowd.views();
        view = views == null ? null : views.newView(index);
        state.set(State.CONNECTING);
        loginStartedAt = System.nanoTime();
        Endpoint endpoint = crowd.endpointOf(index);
        Io io = crowd.run().io();
        long timeout = (long) (endpoint.loginTimeoutSec() * 1e9);
        loginTimer = io.timer.schedule(() -> fail("login-timeout"), timeout, TimeUnit.NANOSECONDS);
        try {
            WebSocket.Builder builder = io.http(index).newWebSocketBuilder().connectTimeout(Duration.ofNanos(timeout));
            if (!endpoint.origin().isEmpty()) {
                builder.header("Origin", endpoint.origin());
            }
            builder.buildAsync(endpoint.uri(), this).whenComplete((w, e) -> {
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
        if (state.compareAndSet(State.CONNECTING, State.FAILED)) {
            cancelLoginTimer();
            traffic.error(why);
            traffic.failed();
            login.completeExceptionally(new IllegalStateException(why));
            WebSocket w = ws;
            if (w != null) {
                w.abort();
            }
            gone.complete(null);
        }
    }

    private void loggedIn() {
        if (state.get() == State.CONNECTING) {
            welcomedAt = System.nanoTime();
            if (state.compareAndSet(State.CONNECTING, State.IN)) {
                cancelLoginTimer();
                traffic.welcomed();
                login.complete(this);
            }
        }
    }

    private void cancelLoginTimer() {
        ScheduledFuture<?> t = loginTimer;
        if (t != null) {
            t.cancel(false);
        }
    }

    // --- pairing and signals (docs/protocol.md: invite → calling/incoming → accept → accepted) ---

    /** Called on the caller: pairs it with {@code callee}; completes when both may signal. */
    CompletableFuture<Void> pairWith(BenchClient callee) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> theirs = new CompletableFuture<>();
        pairing = mine;
        callee.pairing = theirs;
        // a refused invite (no-such-user, busy, invalid) reaches only the caller: the callee's side
        // fails with it, or the pairing would wait for its timeout and report pair-timeout
        mine.whenComplete((x, e) -> {
            if (e != null) {
                theirs.completeExceptionally(e);
            }
        });
        out.text("{\"type\":\"invite\",\"to\":" + JsonLine.quote(callee.id) + "}");
        return CompletableFuture.allOf(mine, theirs).thenRun(() -> {
            signals = new SignalTemplate(call, peerId, crowd.run().payload());
            callee.signals = new SignalTemplate(callee.call, callee.peerId, crowd.run().payload());
        });
    }

    /** The next description or candidate to the partner, stamped with the time it is sent and {@code window}. */
    void sendSignal(int window) {
        out.text(signals.message(seq++, System.nanoTime(), window));
    }

    private void sendFailed(Throwable e) {
        if (!leaving) {
            Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            traffic.error("send-failed:" + c.getClass().getSimpleName());
        }
    }

    // --- leaving ----------------------------------------------------------------------------

    /** Logs out (when logged in) and closes; {@link #gone} completes when the connection is closed. */
    void leave() {
        leaving = true;
        WebSocket w = ws;
        if (state.get() == State.IN && w != null && !w.isOutputClosed()) {
            state.set(State.CLOSED);
            out.text(LOGOUT);
            out.close();
        } else {
            abandon();
        }
    }

    /**
     * Drops the connection without a logout, as a crashed or killed client does (the Node
     * generator's worker exits so): the server keeps the user reconnecting for its grace period.
     */
    void abandon() {
        leaving = true;
        if (state.compareAndSet(State.CONNECTING, State.CLOSED)) {
            cancelLoginTimer();
            if (login != null) {
                login.completeExceptionally(new IllegalStateException("closed"));
            }
        }
        state.compareAndSet(State.IN, State.CLOSED);
        abort();
    }

    void abort() {
        WebSocket w = ws;
        if (w != null) {
            w.abort();
        }
        gone.complete(null);
    }

    private void dropped(String why) {
        if (leaving) {
            gone.complete(null);
            return;
        }
        if (state.get() == State.CONNECTING) {
            fail(why);
            return;
        }
        if (state.compareAndSet(State.IN, State.CLOSED)) {
            traffic.drop(why);
            if (viewTrue) {
                viewTrue = false;
                crowd.views().changed(false);
            }
        }
        gone.complete(null);
    }

    // --- listener ---------------------------------------------------------------------------

    @Override
    public void onOpen(WebSocket w) {
        ws = w;
        if (state.get() != State.CONNECTING) {
            w.abort();
            return;
        }
        w.request(Long.MAX_VALUE);
        out.attach(w);
        out.text("{\"type\":\"login\",\"name\":" + JsonLine.quote(name) + "}");
    }

    @Override
    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
        if (!last) {
            if (fragments == null) {
                fragments = new StringBuilder(Math.max(256, data.length() * 2));
            }
            fragments.append(data);
            return null;
        }
        long receivedAt = System.nanoTime();
        String text;
        if (fragments != null && fragments.length() > 0) {
            text = fragments.append(data).toString();
            fragments = null; // big frames are rare (welcome lists): do not keep their buffer per client
        } else {
            text = data.toString();
        }
        try {
            handle(text, receivedAt);
        } catch (RuntimeException e) {
            traffic.error("exception:" + e.getClass().getSimpleName());
        }
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
        traffic.frame(data.remaining());
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket w, ByteBuffer message) {
        traffic.ping(message.remaining()); // the JDK answers every ping with a pong by itself
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket w, ByteBuffer message) {
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket w, int statusCode, String reason) {
        traffic.closeFrame(reason);
        dropped("close-" + statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket w, Throwable error) {
        dropped("error:" + error.getClass().getSimpleName());
    }

    // --- messages ---------------------------------------------------------------------------

    private void handle(String text, long receivedAt) {
        int mark = text.indexOf(BenchStamp.MARK);
        if (mark >= 0) {
            traffic.frame(text.length()); // our own ASCII payload, relayed with the server's ASCII ids
            BenchStamp stamp = BenchStamp.parse(text, mark + BenchStamp.MARK.length());
            if (stamp == null) {
                traffic.error("bad-bench");
            } else {
                received(stamp, receivedAt);
            }
            return;
        }
        traffic.frame(Traffic.utf8Length(text));
        if (leaving) {
            return;
        }
        // no views kept (relay, connect): the presence fan-out is counted, not parsed
        if (view == null && state.get() == State.IN && MessageReader.isPresence(text)) {
            return;
        }
        String type = MessageReader.typeOf(text);
        switch (type) {
            case "welcome" -> onWelcome(text);
            case "presence" -> onPresence(text);
            case "calling", "incoming", "accepted", "ended", "error" -> onCallMessage(type, MessageReader.object(text));
            default -> { }
        }
    }

    private void received(BenchStamp stamp, long receivedAt) {
        if (stamp.seq() <= lastSeqIn) {
            traffic.outOfOrder();
        } else {
            lastSeqIn = stamp.seq();
        }
        crowd.delivered(stamp, receivedAt);
    }

    private void onWelcome(String text) {
        try {
            MessageReader.welcome(text, self -> id = self, view == null ? null : view::apply);
        } catch (RuntimeException e) {
            traffic.error("bad-json");
        }
        if (view != null) {
            viewSettled();
        }
        loggedIn();
    }

    private void onPresence(String text) {
        if (view == null) {
            return;
        }
        try {
            MessageReader.presence(text, view::apply);
        } catch (RuntimeException e) {
            traffic.error("bad-json");
        }
        viewSettled();
    }

    private void viewSettled() {
        Convergence views = crowd.views();
        boolean nowTrue = views.isTrue(view);
        if (nowTrue != viewTrue) {
            viewTrue = nowTrue;
            views.changed(nowTrue);
        }
    }

    private void onCallMessage(String type, JsonObject m) {
        if (m == null) {
            traffic.error("bad-json");
            return;
        }
        CompletableFuture<Void> pending = pairing;
        switch (type) {
            case "calling" -> call = MessageReader.string(m, "call");
            case "incoming" -> {
                call = MessageReader.string(m, "call");
                out.text("{\"type\":\"accept\",\"call\":" + JsonLine.quote(call) + "}");
            }
            case "accepted" -> {
                call = MessageReader.string(m, "call");
                if (m.get("peer") instanceof JsonObject peer) {
                    peerId = MessageReader.string(peer, "id");
                }
                if (pending != null) {
                    pending.complete(null);
                }
            }
            case "ended" -> {
                String why = "ended-" + MessageReader.string(m, "reason");
                traffic.error(why);
                if (pending != null) {
                    pending.completeExceptionally(new IllegalStateException(why));
                }
            }
            case "error" -> onError(MessageReader.string(m, "code"), pending);
            default -> { }
        }
    }

    private void onError(String code, CompletableFuture<Void> pending) {
        String why = code.isEmpty() ? "error" : code;
        traffic.error(why);
        if (state.get() == State.CONNECTING) {
            fail(why);
        } else if (pending != null && (code.equals("busy") || code.equals("no-such-user") || code.equals("invalid"))) {
            pending.completeExceptionally(new IllegalStateException(code));
        }
    }
}
