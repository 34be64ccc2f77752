package dev.facecall.signaling.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrivateFieldsTest {

    private static class Base {
        private final Object inherited;

        Base(Object inherited) {
            this.inherited = inherited;
        }
    }

    private static final class Holder extends Base {
        private final Object next;

        Holder(Object next, Object inherited) {
            super(inherited);
            this.next = next;
        }
    }

    @Test
    void aPathOfPrivateFieldsIsFollowedThroughSuperclasses() throws ReflectiveOperationException {
        Holder inner = new Holder(null, "the end");
        Holder outer = new Holder(inner, null);
        assertEquals("the end", PrivateFields.follow(outer, "next", "inherited"));
    }

    @Test
    void aLinkNotSetYetGivesNull() throws ReflectiveOperationException {
        assertNull(PrivateFields.follow(new Holder(null, "x"), "next", "inherited"));
    }

    @Test
    void aFieldThatIsNotThereIsNamedInTheFailure() {
        NoSuchFieldException missing = assertThrows(NoSuchFieldException.class,
                () -> PrivateFields.follow(new Holder(null, null), "elsewhere"));
        assertTrue(missing.getMessage().endsWith("Holder.elsewhere"), missing.getMessage());
    }

    @Test
    void eachFieldAndMethodIsLookedUpOncePerClass() throws ReflectiveOperationException {
        assertSame(PrivateFields.field(Holder.class, "inherited"), PrivateFields.field(Holder.class, "inherited"));
        assertSame(PrivateFields.method(String.class, "length"), PrivateFields.method(String.class, "length"));
        assertSame(PrivateFields.method(String.class, "indexOf", String.class), PrivateFields.method(String.class, "indexOf", String.class));
        assertEquals(int.class, PrivateFields.method(String.class, "indexOf", int.class).getParameterTypes()[0], "told apart by their parameters");
        assertThrows(NoSuchMethodException.class, () -> PrivateFields.method(String.class, "nothing"));
    }
}
