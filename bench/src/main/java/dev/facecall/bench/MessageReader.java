package dev.facecall.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reading the server's messages (docs/protocol.md) with no more work than the figures need: the type
 * from the first field, {@code welcome} and {@code presence} with the streaming parser (the user
 * lists of a join storm are most of what the generator reads: 240 MB for 2000 users), the rare
 * call messages as JSON objects.
 */
final class MessageReader {

    /** Receives the users of a welcome or presence list. */
    interface UserVisitor {
        void user(String name, String state);
    }

    /** Receives the members of an object; returns false to read no further. */
    private interface MemberVisitor {
        boolean member(String key, Event value, JsonParser parser);
    }

    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());
    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());
    private static final String TYPE_FIRST = "{\"type\":\"";
    private static final String PRESENCE = "\"type\":\"presence\"";

    private MessageReader() {
    }

    /** The message's type, "" if none; the server writes it first, so it is mostly read without parsing. */
    static String typeOf(String text) {
        if (text.startsWith(TYPE_FIRST)) {
            int end = text.indexOf('"', TYPE_FIRST.length());
            return end < 0 ? "" : text.substring(TYPE_FIRST.length(), end);
        }
        JsonObject m = object(text);
        return m == null ? "" : string(m, "type");
    }

    /** Whether the message is a presence, from its first bytes: the fan-out is counted, not parsed, where views are not kept. */
    static boolean isPresence(String text) {
        int at = text.indexOf(PRESENCE);
        return at >= 0 && at < 40;
    }

    /** The message as a JSON object, or null when it is not one. */
    static JsonObject object(String text) {
        try (JsonReader r = READERS.createReader(new StringReader(text))) {
            JsonValue v = r.readValue();
            return v instanceof JsonObject o ? o : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A string field, "" when it is absent or not a string. */
    static String string(JsonObject m, String key) {
        JsonValue v = m.get(key);
        return v != null && v.getValueType() == JsonValue.ValueType.STRING ? m.getString(key) : "";
    }

    /**
     * Gives the id in a welcome's {@code self} to {@code self}, and its {@code users} to
     * {@code users}, unless that is null: then the (long) list is not read at all.
     *
     * @throws RuntimeException when the text is not JSON
     */
    static void welcome(String text, Consumer<String> self, UserVisitor users) {
        members(text, (key, value, p) -> {
            if (key.equals("self") && value == Event.START_OBJECT) {
                self.accept(idOf(p));
                return users != null;
            }
            if (key.equals("users") && value == Event.START_ARRAY && users != null) {
                readUsers(p, users);
            } else {
                skip(p, value);
            }
            return true;
        });
    }

    /** Gives the users of a presence to {@code users}. @throws RuntimeException when the text is not JSON */
    static void presence(String text, UserVisitor users) {
        members(text, (key, value, p) -> {
            if (key.equals("users") && value == Event.START_ARRAY) {
                readUsers(p, users);
            } else {
                skip(p, value);
            }
            return true;
        });
    }

    private static void members(String text, MemberVisitor visitor) {
        try (JsonParser p = PARSERS.createParser(new StringReader(text))) {
            if (p.hasNext() && p.next() == Event.START_OBJECT) {
                members(p, visitor);
            }
        }
    }

    /** Visits the members of the object whose START_OBJECT the parser just gave. */
    private static void members(JsonParser p, MemberVisitor visitor) {
        for (Event e = p.next(); e != Event.END_OBJECT; e = p.next()) {
            if (e == Event.KEY_NAME) {
                String key = p.getString();
                if (!visitor.member(key, p.next(), p)) {
                    return;
                }
            }
        }
    }

    private static String idOf(JsonParser p) {
        String[] id = {null};
        members(p, (key, value, parser) -> {
            if (key.equals("id") && value == Event.VALUE_STRING) {
                id[0] = parser.getString();
            } else {
                skip(parser, value);
            }
            return true;
        });
        return id[0];
    }

    /** Reads a User array (the parser just gave START_ARRAY). Written out, not visited: it is the hot loop of a join storm. */
    private static void readUsers(JsonParser p, UserVisitor users) {
        for (Event e = p.next(); e != Event.END_ARRAY; e = p.next()) {
            if (e != Event.START_OBJECT) {
                skip(p, e);
                continue;
            }
            String name = null;
            String state = null;
            for (Event f = p.next(); f != Event.END_OBJECT; f = p.next()) {
                if (f == Event.KEY_NAME) {
                    String key = p.getString();
                    Event v = p.next();
                    if (v == Event.VALUE_STRING && key.equals("name")) {
                        name = p.getString();
                    } else if (v == Event.VALUE_STRING && key.equals("state")) {
                        state = p.getString();
                    } else {
                        skip(p, v);
                    }
                }
            }
            users.user(name, state);
        }
    }

    /** Skips the value that starts with {@code v}, however deep. */
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
}
