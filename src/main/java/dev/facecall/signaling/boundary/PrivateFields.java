package dev.facecall.signaling.boundary;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The private fields, and the public methods, of the container's classes that the work-arounds in
 * this package reach ({@link GrizzlyConnection}, {@link GrizzlyWriteBuffer},
 * {@link EncodedTextFrames}, {@link TyrusIdleTimer}): each looked up once per class, not once per
 * connection. The classes
 * are the container's, so the entries live as long as the class does ({@link ClassValue}).
 */
final class PrivateFields {

    private static final ClassValue<Map<String, Field>> FIELDS = new ClassValue<>() {
        @Override
        protected Map<String, Field> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };
    private static final ClassValue<Map<String, Method>> METHODS = new ClassValue<>() {
        @Override
        protected Map<String, Method> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private PrivateFields() {
    }

    /** The object at the end of {@code path}, a chain of fields from {@code start}, or null while a link of it is not set yet. */
    static Object follow(Object start, String... path) throws ReflectiveOperationException {
        Object at = start;
        for (String name : path) {
            at = field(at.getClass(), name).get(at);
            if (at == null) {
                return null;
            }
        }
        return at;
    }

    /** The field {@code name} of {@code type} or of its nearest superclass that has one, made accessible. */
    static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Map<String, Field> known = FIELDS.get(type);
        Field field = known.get(name);
        if (field == null) {
            field = find(type, name);
            known.put(name, field);
        }
        return field;
    }

    /**
     * The public method {@code name} of {@code type} that takes {@code parameters}, made accessible:
     * the container's classes are often not public themselves, and then their public methods can
     * be called only so.
     */
    static Method method(Class<?> type, String name, Class<?>... parameters) throws NoSuchMethodException {
        Map<String, Method> known = METHODS.get(type);
        String key = parameters.length == 0 ? name : name + Arrays.toString(parameters);
        Method method = known.get(key);
        if (method == null) {
            method = type.getMethod(name, parameters);
            method.setAccessible(true);
            known.put(key, method);
        }
        return method;
    }

    private static Field find(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(name);
                field.setAccessible(true);
                return field;
            } catch (NoSuchFieldException notHere) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + name);
    }
}
