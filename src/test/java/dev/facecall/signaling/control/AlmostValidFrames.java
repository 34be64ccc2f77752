package dev.facecall.signaling.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Text frames for fuzzing: mostly protocol messages of every type, some as a well-behaved client
 * sends them about its own call, others whose fields are missing, of the wrong JSON type, odd or
 * hostile (huge numbers, deep nesting, control characters, lone surrogates, long strings), naming
 * users, calls and tokens that exist when the frame is sent; then frames that are no message at all.
 */
final class AlmostValidFrames {

    private AlmostValidFrames() {
    }

    /** What the clients have learnt so far, to name real users, calls and tokens. */
    interface Known {

        /** The id of a user the clients know, {@code back} from the most recent. */
        String userId(int back);

        String callId(int back);

        String token(int back);

        /** The id of the sender's own user. */
        String ownId();

        /** The call the sender's client believes it is in, or else a recent call. */
        String myCall();

        /** The other member of that call, or else a recent user. */
        String myPeer();
    }

    /** A value in a frame: JSON text as is, or a reference resolved when the frame is sent. */
    sealed interface Value {

        String render(Known known);
    }

    record Json(String text) implements Value {

        @Override
        public String render(Known known) {
            return text;
        }
    }

    record UserId(int back) implements Value {

        @Override
        public String render(Known known) {
            return quote(known.userId(back));
        }
    }

    record CallId(int back) implements Value {

        @Override
        public String render(Known known) {
            return quote(known.callId(back));
        }
    }

    record Token(int back) implements Value {

        @Override
        public String render(Known known) {
            return quote(known.token(back));
        }
    }

    record OwnId() implements Value {

        @Override
        public String render(Known known) {
            return quote(known.ownId());
        }
    }

    record MyCall() implements Value {

        @Override
        public String render(Known known) {
            return quote(known.myCall());
        }
    }

    record MyPeer() implements Value {

        @Override
        public String render(Known known) {
            return quote(known.myPeer());
        }
    }

    record Field(String name, Value value) {}

    /** How a message is spoilt on its way; most are not. */
    enum Mangling {
        NONE, TRUNCATED, TRAILING_GARBAGE, IN_AN_ARRAY, TWICE, LEADING_WHITE_SPACE;

        String apply(String text) {
            return switch (this) {
                case NONE -> text;
                case TRUNCATED -> text.substring(0, text.length() / 2);
                case TRAILING_GARBAGE -> text + ",x";
                case IN_AN_ARRAY -> "[" + text + "]";
                case TWICE -> text + text;
                case LEADING_WHITE_SPACE -> " \r\n\t" + text + "\n";
            };
        }
    }

    sealed interface Frame {

        String render(Known known);
    }

    record Message(List<Field> fields, Mangling mangling) implements Frame {

        @Override
        public String render(Known known) {
            return mangling.apply(fields.stream()
                    .map(field -> quote(field.name()) + ":" + field.value().render(known))
                    .collect(Collectors.joining(",", "{", "}")));
        }
    }

    record Garbage(String text) implements Frame {

        @Override
        public String render(Known known) {
            return text;
        }
    }

    static final List<String> NAMES = List.of("Ann", "Bob", "Cid", "ann", " Bob ", "ANN", "Dee", "Zoë", "Zoe\u0308",
            "José María", "名前", "Ωμέγα", "a_b-c.d", "A".repeat(32), "A".repeat(33), "", " ", "\u00A0\u3000",
            "<b>", "Ann!", "a\u200Bb", "\uD83D\uDE00", "\tTab\n", "e\u0301".repeat(32), "1", "\u0000", "Ann\uD800");

    static final List<String> TEXTS = List.of("hi", "hello there \uD83D\uDC4B", " ", "", "\t\r\n", "\u00A0\u2003\u3000",
            "x".repeat(2000), "x".repeat(2001), "\uD83D\uDE00".repeat(2000), "\uD83D\uDE00".repeat(2001),
            "e\u0301".repeat(2000), "\u0000\u0007", "</script>", "\uD800", "a\uDC00b", "\u2028\u2029");

    static Arbitrary<Frame> frames() {
        return Arbitraries.frequencyOf(
                Tuple.of(60, wellFormed()),
                Tuple.of(28, spoilt()),
                Tuple.of(12, garbage()));
    }

    /** A valid login, as a client starting out sends it. */
    static Frame login(String name) {
        return new Message(List.of(new Field("type", new Json(quote("login"))), new Field("name", new Json(quote(name)))),
                Mangling.NONE);
    }

    /** A valid resume with the token {@code back} from the most recent one the clients were given. */
    static Frame resume(int back) {
        return new Message(List.of(new Field("type", new Json(quote("login"))), new Field("resume", new Token(back))),
                Mangling.NONE);
    }

    /** Messages a well-behaved client would send, mostly about its own call and peer, so that calls go on. */
    private static Arbitrary<Frame> wellFormed() {
        Arbitrary<Value> user = Arbitraries.frequencyOf(
                Tuple.of(85, Arbitraries.integers().between(0, 3).map(UserId::new)),
                Tuple.of(10, Arbitraries.just(new MyPeer())),
                Tuple.of(5, Arbitraries.just(new OwnId())));
        Arbitrary<Value> call = Arbitraries.frequencyOf(
                Tuple.of(85, Arbitraries.just(new MyCall())),
                Tuple.of(15, Arbitraries.integers().between(0, 3).map(CallId::new)));
        Arbitrary<Value> text = json(Arbitraries.of("hi", "how are you?", " ok ", "\uD83D\uDC4B", "x".repeat(2000))
                .map(AlmostValidFrames::quote));
        Arbitrary<Value> flag = json(Arbitraries.of("true", "false"));
        Arbitrary<Value> data = json(Arbitraries.of("{\"description\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}}",
                "{\"candidate\":{\"candidate\":\"candidate:1 1 udp 1 192.0.2.1 5000 typ host\",\"sdpMid\":\"0\"}}",
                "{}"));
        Arbitrary<List<Field>> body = Arbitraries.frequencyOf(
                Tuple.of(3, typed("login", present("name", json(Arbitraries.of(NAMES).map(AlmostValidFrames::quote))))),
                Tuple.of(2, typed("login", present("resume", Arbitraries.integers().between(0, 2).map(Token::new)))),
                Tuple.of(1, typed("logout")),
                Tuple.of(10, typed("invite", present("to", user))),
                Tuple.of(8, typed("accept", present("call", call))),
                Tuple.of(3, typed("reject", present("call", call))),
                Tuple.of(4, typed("hangup", present("call", call))),
                Tuple.of(12, typed("signal", present("call", call), present("to", Arbitraries.just(new MyPeer())),
                        present("data", data))),
                Tuple.of(8, typed("chat", present("call", call), present("text", text))),
                Tuple.of(6, typed("media", present("call", call), present("audio", flag), present("video", flag),
                        present("screen", flag))));
        Arbitrary<Optional<Field>> ref = Arbitraries.frequencyOf(
                Tuple.of(50, Arbitraries.just(Optional.empty())),
                Tuple.of(50, Arbitraries.of("r1", "r2", "\u00e9t\u00e9", "r".repeat(64))
                        .map(r -> Optional.of(new Field("ref", new Json(quote(r)))))));
        return Combinators.combine(body, ref).as((fields, r) -> {
            List<Field> all = new ArrayList<>(fields);
            r.ifPresent(all::add);
            return new Message(all, Mangling.NONE);
        });
    }

    /** Messages of every type and some of none, whose fields and ref are often missing, mistyped or odd. */
    private static Arbitrary<Frame> spoilt() {
        Arbitrary<List<Field>> body = Arbitraries.frequencyOf(
                Tuple.of(7, typed("login", field("name", names()), field("resume", tokens()))),
                Tuple.of(2, typed("logout")),
                Tuple.of(10, typed("invite", field("to", users()))),
                Tuple.of(8, typed("accept", field("call", calls()))),
                Tuple.of(4, typed("reject", field("call", calls()))),
                Tuple.of(5, typed("hangup", field("call", calls()))),
                Tuple.of(8, typed("signal", field("call", calls()), field("to", users()), field("data", data()))),
                Tuple.of(6, typed("chat", field("call", calls()), field("text", texts()))),
                Tuple.of(5, typed("media", field("call", calls()), field("audio", flags()), field("video", flags()),
                        field("screen", flags()))),
                Tuple.of(3, Arbitraries.of("dance", "LOGIN", "Login", " login", "", "welcome", "presence", "error",
                        "invite\u0000", "signal ").map(type -> List.of(new Field("type", new Json(quote(type)))))),
                Tuple.of(3, anyJson().map(type -> List.of(new Field("type", new Json(type))))),
                Tuple.of(1, Arbitraries.just(List.of())));
        Arbitrary<Mangling> mangling = Arbitraries.frequencyOf(
                Tuple.of(92, Arbitraries.just(Mangling.NONE)),
                Tuple.of(8, Arbitraries.of(Mangling.class)));
        return Combinators.combine(body, refs(), extras(), mangling).as((fields, ref, extras, spoilt) -> {
            List<Field> all = new ArrayList<>(fields);
            ref.ifPresent(all::add);
            all.addAll(extras);
            return new Message(all, spoilt);
        });
    }

    @SafeVarargs
    private static Arbitrary<List<Field>> typed(String type, Arbitrary<Optional<Field>>... fields) {
        if (fields.length == 0) {
            return Arbitraries.just(List.of(new Field("type", new Json(quote(type)))));
        }
        return Combinators.combine(List.of(fields)).as(present -> {
            List<Field> all = new ArrayList<>();
            all.add(new Field("type", new Json(quote(type))));
            present.forEach(field -> field.ifPresent(all::add));
            return all;
        });
    }

    private static Arbitrary<Optional<Field>> present(String name, Arbitrary<Value> value) {
        return value.map(v -> Optional.of(new Field(name, v)));
    }

    /** A field that is there, most of the time. */
    private static Arbitrary<Optional<Field>> field(String name, Arbitrary<Value> value) {
        return Arbitraries.frequencyOf(
                Tuple.of(93, present(name, value)),
                Tuple.of(7, Arbitraries.just(Optional.empty())));
    }

    private static Arbitrary<Value> json(Arbitrary<String> text) {
        return text.map(Json::new);
    }

    private static Arbitrary<Value> names() {
        return Arbitraries.frequencyOf(
                Tuple.of(75, json(Arbitraries.of(NAMES).map(AlmostValidFrames::quote))),
                Tuple.of(25, json(anyJson())));
    }

    private static Arbitrary<Value> tokens() {
        return Arbitraries.frequencyOf(
                Tuple.of(40, Arbitraries.just(new Json("null"))),
                Tuple.of(35, Arbitraries.integers().between(0, 5).map(Token::new)),
                Tuple.of(10, json(Arbitraries.of("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "", "u1").map(AlmostValidFrames::quote))),
                Tuple.of(15, json(anyJson())));
    }

    private static Arbitrary<Value> users() {
        return Arbitraries.frequencyOf(
                Tuple.of(65, Arbitraries.integers().between(0, 5).map(UserId::new)),
                Tuple.of(10, Arbitraries.just(new OwnId())),
                Tuple.of(8, json(Arbitraries.of("u-nobody", "", " ", "c1").map(AlmostValidFrames::quote))),
                Tuple.of(17, json(anyJson())));
    }

    private static Arbitrary<Value> calls() {
        return Arbitraries.frequencyOf(
                Tuple.of(45, Arbitraries.just(new MyCall())),
                Tuple.of(30, Arbitraries.integers().between(0, 4).map(CallId::new)),
                Tuple.of(5, Arbitraries.integers().between(0, 4).map(UserId::new)),
                Tuple.of(20, json(anyJson())));
    }

    private static Arbitrary<Value> data() {
        return Arbitraries.frequencyOf(
                Tuple.of(15, Arbitraries.just(new Json("{\"candidate\":{\"candidate\":\"\",\"sdpMid\":\"0\"}}"))),
                Tuple.of(55, json(object(Arbitraries.recursive(AlmostValidFrames::leaf, AlmostValidFrames::container, 0, 3)))),
                Tuple.of(30, json(anyJson())));
    }

    private static Arbitrary<Value> texts() {
        return Arbitraries.frequencyOf(
                Tuple.of(70, json(Arbitraries.of(TEXTS).map(AlmostValidFrames::quote))),
                Tuple.of(30, json(anyJson())));
    }

    private static Arbitrary<Value> flags() {
        return Arbitraries.frequencyOf(
                Tuple.of(85, json(Arbitraries.of("true", "false"))),
                Tuple.of(15, json(anyJson())));
    }

    private static Arbitrary<Optional<Field>> refs() {
        Arbitrary<String> odd = Arbitraries.of("r1", "r".repeat(64), "r".repeat(65), "", "e\u0301".repeat(64),
                "\uD83D\uDE00".repeat(64), "\uD83D\uDE00".repeat(65), "\uD800", " ").map(AlmostValidFrames::quote);
        return Arbitraries.frequencyOf(
                Tuple.of(50, Arbitraries.just(Optional.empty())),
                Tuple.of(35, odd.map(ref -> Optional.of(new Field("ref", new Json(ref))))),
                Tuple.of(15, anyJson().map(ref -> Optional.of(new Field("ref", new Json(ref))))));
    }

    private static Arbitrary<List<Field>> extras() {
        Arbitrary<Field> extra = Combinators.combine(
                Arbitraries.of("from", "self", "id", "x", "type", "call", "to", "ref", "data", "name", "", "\u0000", "é"),
                anyJson()).as((name, value) -> new Field(name, new Json(value)));
        return Arbitraries.frequencyOf(
                Tuple.of(80, Arbitraries.just(List.of())),
                Tuple.of(20, extra.list().ofMinSize(1).ofMaxSize(2)));
    }

    /** Any JSON value, and now and then something that only looks like one. */
    static Arbitrary<String> anyJson() {
        return Arbitraries.frequencyOf(
                Tuple.of(80, Arbitraries.recursive(AlmostValidFrames::leaf, AlmostValidFrames::container, 0, 3)),
                Tuple.of(4, deep()),
                Tuple.of(6, longStrings()),
                Tuple.of(10, Arbitraries.of(NOT_JSON)));
    }

    private static final List<String> NUMBERS = List.of("0", "-0", "1", "-1", "1.5", "0.1000000000000000055511151231257827",
            "1e999999", "-1e999999", "1e-999999", "1E+2", "1e400", "4.9e-324",
            "1606938044258990275541962092341162602522202993782792835301376", // 2^200
            "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1" + "0".repeat(400),
            "1e9999999999", "1" + "0".repeat(3000));

    private static final List<String> ESCAPES = List.of("\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\ud83d\\ude00\"",
            "\"\\u0000\"", "\"\\u2028\\u2029\"", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\u00e9\"", "\"\\uFEFF\"");

    /** Tokens that are no JSON: each spoils the whole frame. */
    private static final List<String> NOT_JSON = List.of("\"\\ud8\"", "\"\\x41\"", "\"raw\u0001control\"", "01", "+1",
            ".5", "1.", "NaN", "Infinity", "-", "tru", "nul", "'single'", "[1,]", "{\"a\"}", "{\"a\":1,}",
            "\"unterminated", "[[[", "}", "", "\"\\u12\"", "1e", "[1 2]");

    private static Arbitrary<String> leaf() {
        return Arbitraries.frequencyOf(
                Tuple.of(25, Arbitraries.of(NAMES).map(AlmostValidFrames::quote)),
                Tuple.of(15, Arbitraries.strings().ofMaxLength(12).map(AlmostValidFrames::quote)),
                Tuple.of(25, Arbitraries.of(NUMBERS)),
                Tuple.of(15, Arbitraries.of("true", "false", "null")),
                Tuple.of(10, Arbitraries.of(ESCAPES)),
                Tuple.of(10, Arbitraries.of(TEXTS).map(AlmostValidFrames::quote)));
    }

    private static Arbitrary<String> container(Arbitrary<String> inner) {
        return Arbitraries.frequencyOf(
                Tuple.of(2, inner),
                Tuple.of(1, inner.list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]")),
                Tuple.of(1, object(inner)));
    }

    private static Arbitrary<String> object(Arbitrary<String> inner) {
        Arbitrary<String> member = Combinators.combine(
                Arbitraries.of("description", "candidate", "type", "sdp", "a", "", "\u0000", "é"), inner)
                .as((name, value) -> quote(name) + ":" + value);
        return member.list().ofMaxSize(4).map(members -> "{" + String.join(",", members) + "}");
    }

    private static Arbitrary<String> deep() {
        return Arbitraries.of(16, 500, 999, 1000, 1001, 2500).flatMap(depth -> Arbitraries.of(
                "[".repeat(depth) + "]".repeat(depth),
                "{\"a\":".repeat(depth) + "1" + "}".repeat(depth),
                "[".repeat(depth)));
    }

    /** Long strings; none with white space between other characters, whose trimming has a test of its own. */
    private static Arbitrary<String> longStrings() {
        return Arbitraries.of(2000, 2001, 4000, 20_000).flatMap(length -> Arbitraries.of(
                "x".repeat(length), "\uD83D\uDE00".repeat(length / 2), "e\u0301".repeat(length / 2),
                "\u3000".repeat(length), "ab".repeat(length / 2)).map(AlmostValidFrames::quote));
    }

    private static Arbitrary<Frame> garbage() {
        return Arbitraries.frequencyOf(
                Tuple.of(40, Arbitraries.of("", " ", "hello", "{", "}", "[]", "null", "42", "\"login\"", "{\"type\":",
                        "{'type':'login'}", "{\"type\":\"login\",}", "\u0000", "{\"type\":\"login\"} {\"type\":\"login\"}",
                        "\uFEFF{\"type\":\"logout\"}", "{\"type\":\"logout\"}}", "{\"type\":\"logout\"}x", "\"\\ud800\"")),
                Tuple.of(30, Arbitraries.strings().ofMaxLength(40).map(AlmostValidFrames::wellFormed)),
                Tuple.of(30, anyJson()))
                .map(Garbage::new);
    }

    /** As a WebSocket delivers text: valid UTF-16, a lone surrogate replaced as a UTF-8 decoder would. */
    static String wellFormed(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    /** A JSON string; control characters and lone surrogates escaped, so that the frame is valid UTF-8. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || (Character.isSurrogate(c) && !paired)) {
                out.append(String.format("\\u%04x", (int) c));
            } else if (paired) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
