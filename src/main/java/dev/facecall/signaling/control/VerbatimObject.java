package dev.facecall.signaling.control;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/**
 * A JSON object kept as the text it arrived in, already checked to be well-formed JSON. A
 * {@code signal}'s {@code data} (an SDP of a few kilobytes, a candidate) is relayed as it came:
 * {@link #toString()} gives that text back, so the relay neither builds a tree of it nor writes it
 * out again character by character. Whoever reads a member gets it from a tree built on first use.
 */
final class VerbatimObject extends AbstractMap<String, JsonValue> implements JsonObject {

    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

    private final String text;
    private volatile JsonObject parsed;

    /** {@code text} must be exactly one well-formed JSON object. */
    VerbatimObject(String text) {
        this.text = text;
    }

    private JsonObject tree() {
        JsonObject tree = parsed;
        if (tree == null) {
            try (var reader = READERS.createReader(new StringReader(text))) {
                tree = reader.readObject();
            }
            parsed = tree;
        }
        return tree;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public Set<Entry<String, JsonValue>> entrySet() {
        return tree().entrySet();
    }

    @Override
    public JsonValue get(Object key) {
        return tree().get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return tree().containsKey(key);
    }

    @Override
    public ValueType getValueType() {
        return ValueType.OBJECT;
    }

    @Override
    public JsonArray getJsonArray(String name) {
        return tree().getJsonArray(name);
    }

    @Override
    public JsonObject getJsonObject(String name) {
        return tree().getJsonObject(name);
    }

    @Override
    public JsonNumber getJsonNumber(String name) {
        return tree().getJsonNumber(name);
    }

    @Override
    public JsonString getJsonString(String name) {
        return tree().getJsonString(name);
    }

    @Override
    public String getString(String name) {
        return tree().getString(name);
    }

    @Override
    public String getString(String name, String defaultValue) {
        return tree().getString(name, defaultValue);
    }

    @Override
    public int getInt(String name) {
        return tree().getInt(name);
    }

    @Override
    public int getInt(String name, int defaultValue) {
        return tree().getInt(name, defaultValue);
    }

    @Override
    public boolean getBoolean(String name) {
        return tree().getBoolean(name);
    }

    @Override
    public boolean getBoolean(String name, boolean defaultValue) {
        return tree().getBoolean(name, defaultValue);
    }

    @Override
    public boolean isNull(String name) {
        return tree().isNull(name);
    }
}
