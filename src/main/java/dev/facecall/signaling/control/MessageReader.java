package dev.facecall.signaling.control;

import dev.facecall.signaling.entity.ClientMessage;
import dev.facecall.signaling.entity.Envelope;
import dev.facecall.signaling.entity.ErrorCode;
import dev.facecall.signaling.entity.MessageType;
import dev.facecall.signaling.entity.Refusal;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.util.Map;

/**
 * Turns a text frame into a message, in the protocol's order of checks: first the envelope
 * ({@link #open}), then, once the login check has passed, the fields ({@link #read}).
 */
public final class MessageReader {

    static final int MAX_REF_CODE_POINTS = 64;
    static final int MAX_CHAT_CODE_POINTS = 2000;

    private static final JsonParserFactory JSON = Json.createParserFactory(Map.of());
    private static final JsonProvider JSON_VALUES = JsonProvider.provider();
    private static final boolean TELLS_OFFSETS = tellsOffsets();

    private MessageReader() {
    }

    public static Envelope open(String text) {
        return open(text, DataSpan.in(text));
    }

    /**
     * Reads {@code text}, whose {@code data} object was found and checked at {@code data}: the
     * parser reads the other members only. With {@code data} null, the parser reads the whole
     * text and walks through the data itself.
     */
    static Envelope open(String text, DataSpan data) {
        JsonObject body;
        try (JsonParser parser = JSON.createParser(new StringReader(data == null ? text : data.without(text)))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                return malformed(ErrorCode.BAD_MESSAGE, "not a JSON object", null);
            }
            body = members(parser, text, data);
            if (parser.hasNext()) {
                return malformed(ErrorCode.BAD_MESSAGE, "more than one JSON value", null);
            }
        } catch (RuntimeException e) {
            // Parsson refuses some valid JSON with exceptions of its own choosing (nesting deeper
            // than 1000, numbers too long to hold): whatever it cannot read is not a message.
            return malformed(ErrorCode.BAD_MESSAGE, "not JSON that this server reads", null);
        }
        String ref = validRef(body);
        if (!(body.get("type") instanceof JsonString type)) {
            return malformed(ErrorCode.BAD_MESSAGE, "no string type", ref);
        }
        return MessageType.byWireName(type.getString())
                .<Envelope>map(known -> new Envelope.Typed(known, body, ref, text))
                .orElseGet(() -> malformed(ErrorCode.UNKNOWN_TYPE, "unknown type " + quoted(type.getString()), ref));
    }

    /**
     * The members of the object whose start the parser is at. An object under {@code data} is kept
     * as its text, to be relayed as it came ({@link VerbatimObject}): the one found at {@code data},
     * whose place the parser reads as an empty object, or else one the parser checks event by event.
     * A name given twice keeps its last value, as JSON-P's own object reader does.
     */
    private static JsonObject members(JsonParser parser, String text, DataSpan data) {
        JsonObjectBuilder members = JSON_VALUES.createObjectBuilder();
        while (parser.next() == JsonParser.Event.KEY_NAME) {
            String name = parser.getString();
            boolean dataObject = parser.next() == JsonParser.Event.START_OBJECT && name.equals("data");
            if (dataObject && data != null) {
                parser.next(); // the end of the empty object in its place
                members.add(name, new VerbatimObject(data.of(text)));
            } else if (dataObject && TELLS_OFFSETS) {
                members.add(name, verbatim(parser, text));
            } else {
                members.add(name, parser.getValue());
            }
        }
        return members.build();
    }

    /** The object whose start the parser is at, walked through to its end, as its text. */
    private static JsonObject verbatim(JsonParser parser, String text) {
        long start = parser.getLocation().getStreamOffset() - 1;
        for (int depth = 1; depth > 0; ) {
            switch (parser.next()) {
                case START_OBJECT, START_ARRAY -> depth++;
                case END_OBJECT, END_ARRAY -> depth--;
                case VALUE_NUMBER -> parser.getBigDecimal(); // refused as the tree would refuse it
                default -> { }
            }
        }
        long end = parser.getLocation().getStreamOffset();
        return new VerbatimObject(text.substring((int) start, (int) end));
    }

    /**
     * Whether the JSON-P implementation tells where a value lies in the text, as Parsson does:
     * asked once, of a frame whose answer is known. Without it {@code data} is read as a tree.
     */
    private static boolean tellsOffsets() {
        try (JsonParser parser = JSON.createParser(new StringReader("{\"data\":{}}"))) {
            parser.next();
            parser.next();
            parser.next();
            long start = parser.getLocation().getStreamOffset() - 1;
            parser.next();
            return start == 8 && parser.getLocation().getStreamOffset() == 10;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public static Envelope binary() {
        return malformed(ErrorCode.BAD_MESSAGE, "binary frames are not part of the protocol", null);
    }

    /** Checks the fields of a typed message; a field that is missing, mistyped or out of bounds is refused. */
    public static ClientMessage read(Envelope.Typed envelope) {
        JsonObject body = envelope.body();
        if (body.containsKey("ref") && envelope.ref() == null) {
            throw invalid("ref must be a string of 1 to " + MAX_REF_CODE_POINTS + " characters");
        }
        String ref = envelope.ref();
        return switch (envelope.type()) {
            case LOGIN -> new ClientMessage.Login(optionalString(body, "name"), resumeToken(body),
                    optionalBool(body, "callable", true), ref);
            case LOGOUT -> new ClientMessage.Logout(ref);
            case INVITE -> new ClientMessage.Invite(string(body, "to"), ref);
            case ACCEPT -> new ClientMessage.Accept(string(body, "call"), ref);
            case REJECT -> new ClientMessage.Reject(string(body, "call"), mediaReason(body), ref);
            case HANGUP -> new ClientMessage.Hangup(string(body, "call"), mediaReason(body), ref);
            case SIGNAL -> new ClientMessage.Signal(string(body, "call"), string(body, "to"), object(body, "data"), ref);
            case CHAT -> new ClientMessage.Chat(string(body, "call"), chatText(body), ref);
            case MEDIA -> new ClientMessage.Media(string(body, "call"),
                    bool(body, "audio"), bool(body, "video"), bool(body, "screen"), ref);
        };
    }

    private static Envelope malformed(ErrorCode code, String message, String ref) {
        return new Envelope.Malformed(code, message, ref);
    }

    private static String validRef(JsonObject body) {
        if (body.get("ref") instanceof JsonString ref
                && Texts.lengthWithin(ref.getString(), 1, MAX_REF_CODE_POINTS)) {
            return ref.getString();
        }
        return null;
    }

    private static String string(JsonObject body, String field) {
        if (body.get(field) instanceof JsonString value) {
            return value.getString();
        }
        throw invalid(field + " must be a string");
    }

    private static String optionalString(JsonObject body, String field) {
        return body.get(field) instanceof JsonString value ? value.getString() : null;
    }

    private static String resumeToken(JsonObject body) {
        JsonValue resume = body.get("resume");
        if (resume == null || resume == JsonValue.NULL) {
            return null;
        }
        if (resume instanceof JsonString token) {
            return token.getString();
        }
        throw invalid("resume must be a string");
    }

    private static JsonObject object(JsonObject body, String field) {
        if (body.get(field) instanceof JsonObject value) {
            return value;
        }
        throw invalid(field + " must be a JSON object");
    }

    private static boolean bool(JsonObject body, String field) {
        JsonValue value = body.get(field);
        if (value != null && value.getValueType() == JsonValue.ValueType.TRUE) {
            return true;
        }
        if (value != null && value.getValueType() == JsonValue.ValueType.FALSE) {
            return false;
        }
        throw invalid(field + " must be true or false");
    }

    private static boolean optionalBool(JsonObject body, String field, boolean absent) {
        return body.containsKey(field) ? bool(body, field) : absent;
    }

    /** An optional {@code reason} of {@code reject} or {@code hangup}: only {@code "media"} is one. */
    private static boolean mediaReason(JsonObject body) {
        JsonValue reason = body.get("reason");
        if (reason == null) {
            return false;
        }
        if (reason instanceof JsonString text && text.getString().equals("media")) {
            return true;
        }
        throw invalid("reason must be \"media\" when given");
    }

    private static String chatText(JsonObject body) {
        String text = string(body, "text");
        if (!Texts.lengthWithin(text, 1, MAX_CHAT_CODE_POINTS) || Texts.isBlank(text)) {
            throw invalid("text must have 1 to " + MAX_CHAT_CODE_POINTS + " characters, not all white space");
        }
        return text;
    }

    private static Refusal invalid(String message) {
        return new Refusal(ErrorCode.INVALID, message);
    }

    private static String quoted(String text) {
        return '"' + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + '"';
    }
}
