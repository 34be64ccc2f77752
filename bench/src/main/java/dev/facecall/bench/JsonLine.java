package dev.facecall.bench;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;

/**
 * The writer of the result line. Figures are records, and a record's components are its JSON
 * fields, in their order and under their names: the records are the schema that
 * the Node harness's table printer ({@code lib/table.js}, outside this repository) reads. Also writes maps, lists, numbers and strings.
 */
final class JsonLine {

    /** A field that is left out while it is null (a figure of a phase not reached, or not measured). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    @interface OmitIfNull {
    }

    /** A record whose own fields are written in place of this one; nothing when null. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    @interface Inline {
    }

    /** The field's JSON name, where it cannot be a Java name ({@code final}). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    @interface Key {
        String value();
    }

    private JsonLine() {
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        quote(s, b);
        return b.toString();
    }

    static String write(Object value) {
        StringBuilder b = new StringBuilder(1024);
        write(value, b);
        return b.toString();
    }

    private static void quote(String s, StringBuilder b) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    private static void write(Object value, StringBuilder b) {
        if (value == null) {
            b.append("null");
        } else if (value instanceof String s) {
            quote(s, b);
        } else if (value instanceof Boolean bool) {
            b.append(bool.booleanValue());
        } else if (value instanceof Double || value instanceof Float) {
            writeDouble(((Number) value).doubleValue(), b);
        } else if (value instanceof Number n) {
            b.append(n.longValue());
        } else if (value instanceof Record r) {
            b.append('{');
            writeFields(r, b, true);
            b.append('}');
        } else if (value instanceof Map<?, ?> m) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                first = field(String.valueOf(e.getKey()), e.getValue(), b, first);
            }
            b.append('}');
        } else if (value instanceof List<?> l) {
            b.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                write(l.get(i), b);
            }
            b.append(']');
        } else {
            quote(String.valueOf(value), b);
        }
    }

    /** Integral values as integers, as JavaScript's JSON.stringify writes them. */
    private static void writeDouble(double d, StringBuilder b) {
        if (!Double.isFinite(d)) {
            b.append("null");
        } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            b.append((long) d);
        } else {
            b.append(d);
        }
    }

    /** Writes the fields of {@code r}; returns whether none was written. */
    private static boolean writeFields(Record r, StringBuilder b, boolean first) {
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            Object value = valueOf(c, r);
            if (c.isAnnotationPresent(Inline.class)) {
                if (value instanceof Record inner) {
                    first = writeFields(inner, b, first);
                }
            } else if (value != null || !c.isAnnotationPresent(OmitIfNull.class)) {
                Key key = c.getAnnotation(Key.class);
                first = field(key != null ? key.value() : c.getName(), value, b, first);
            }
        }
        return first;
    }

    private static boolean field(String name, Object value, StringBuilder b, boolean first) {
        if (!first) {
            b.append(',');
        }
        quote(name, b);
        b.append(':');
        write(value, b);
        return false;
    }

    private static Object valueOf(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + r.getClass().getSimpleName() + "." + c.getName(), e);
        }
    }
}
