package dev.facecall.signaling.control;

import static dev.facecall.signaling.control.Harness.assertRef;
import static dev.facecall.signaling.control.Harness.msg;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a name may be, the form the welcome shows it in, and when two names are the same. */
class NamesTest {

    private final Harness server = new Harness();

    private String welcomedName(String requested) {
        return server.login(requested).name();
    }

    private void refused(String requested) {
        Client client = server.connect();
        client.send(msg("type", "login", "name", requested, "ref", "n1"));
        assertRef("n1", client.error("invalid-name"));
        client.expectNothing();
    }

    @Test
    void aNameIsStrippedOfWhiteSpaceAtBothEnds() {
        assertEquals("Ann Lee", welcomedName(" \t Ann Lee\n "));
    }

    @Test
    void unicodeWhiteSpaceAtTheEndsIsStrippedToo() {
        assertEquals("Ann", welcomedName("\u00A0\u3000\u2003Ann\u00A0\u3000\u2028\u0085"));
    }

    @Test
    void spacesInsideANameAreKept() {
        assertEquals("Ann  Lee", welcomedName("Ann  Lee"));
    }

    @Test
    void aNameIsNormalizedToNfc() {
        assertEquals("Ren\u00E9", welcomedName("Rene\u0301"));
    }

    @Test
    void hangulJamoComposeUnderNfc() {
        assertEquals("\uAC00", welcomedName("\u1100\u1161"));
    }

    @Test
    void singletonDecompositionsBecomeTheirCanonicalLetter() {
        assertEquals("Kim \u03A9", welcomedName("\u212Aim \u2126")); // KELVIN SIGN and OHM SIGN
    }

    @Test
    void thirtyTwoLettersAreAllowed() {
        assertEquals("a".repeat(32), welcomedName("a".repeat(32)));
    }

    @Test
    void thirtyThreeLettersAreTooMany() {
        refused("a".repeat(33));
    }

    @Test
    void anAstralLetterCountsAsOneCodePoint() {
        String scriptA = "\uD835\uDC9C"; // U+1D49C MATHEMATICAL SCRIPT CAPITAL A, a letter
        assertEquals(scriptA.repeat(32), welcomedName(scriptA.repeat(32)));
    }

    @Test
    void thirtyThreeAstralLettersAreTooMany() {
        refused("\uD835\uDC9C".repeat(33));
    }

    @Test
    void theLengthIsCountedAfterNfc() {
        assertEquals("\u00E9".repeat(32), welcomedName("e\u0301".repeat(32)));
    }

    @Test
    void theLengthIsCountedAfterStripping() {
        assertEquals("a".repeat(32), welcomedName("  " + "a".repeat(32) + "\u3000"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.b_c-d e", "J.R.R. Tolkien", "_x_", "Zoë", "Łukasz", "Ελένη", "Иван", "李小龍",
        "محمد", "日本語", "김민준", "R2-D2", "\u0663\u0664", "7", "a\u0301\u0327"})
    void lettersMarksDigitsSpacesDotsUnderscoresAndHyphensAreAllowed(String name) {
        Client client = server.connect();
        client.send(msg("type", "login", "name", name));
        client.next("welcome");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\u00A0\u3000", "a@b", "a'b", "a/b", "<b>", "a,b", "a!", "a+b", "$", "a#1",
        "\uD83D\uDE00", "Ann\uD83D\uDE00", "\u00A9", "\u00B2", "\u2167", "a\u0000b", "a\u0007b", "a\u200Bb",
        "a\u00A0b", "a\tb", "a\nb", "\uFEFFAnn"})
    void anythingElseIsAnInvalidName(String name) {
        refused(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"_-_", "...", "-", ". _ -", "\u0301", "\u0301\u0327", "_\u0301_"})
    void aNameWithoutALetterOrADigitIsInvalid(String name) {
        refused(name);
    }

    /** The Hangul fillers are the letters that are Default_Ignorable_Code_Point: they show as nothing or a blank. */
    @ParameterizedTest
    @ValueSource(strings = {"\u3164", "\u115F", "\u1160", "\uFFA0", "\u3164\u3164\u3164", "\u115F\u1160", "\u3164 \u3164",
        "_\u3164_"})
    void aNameOfInvisibleFillersAloneIsInvalid(String name) {
        refused(name);
    }

    /**
     * Default_Ignorable_Code_Point letters and marks: Hangul fillers, COMBINING GRAPHEME JOINER,
     * Khmer inherent vowels, Mongolian free variation selectors, variation selectors.
     */
    @ParameterizedTest
    @ValueSource(strings = {"bob\u3164", "\u3164bob", "b\u3164ob", "bob\u3164smith", "bob\u115F", "bob\u1160", "bob\uFFA0",
        "b\u034Fob", "bob\u17B4", "bob\u180B", "bob\uFE0F", "\u845B\uDB40\uDD00"})
    void anInvisibleCodePointAnywhereInANameIsInvalid(String name) {
        refused(name);
    }

    @Test
    void bobWithAFillerIsNotASecondBob() {
        server.login("bob");

        refused("bob\u3164"); // shows as "bob" and a blank, or as "bob"
        refused("bob \u034F"); // the invisible joiner would keep the trailing space from being stripped
    }

    @Test
    void aRefusedNameLeavesTheConnectionFreeToTryAnother() {
        Client client = server.connect();
        client.send(msg("type", "login", "name", "Ann!"));
        client.error("invalid-name");

        client.login("Ann");

        assertEquals("Ann", client.name());
    }

    @Test
    void namesThatDifferOnlyInCaseAreTheSame() {
        server.login("Alice");
        Client second = server.connect();

        second.send(msg("type", "login", "name", "ALICE", "ref", "t1"));

        assertRef("t1", second.error("name-taken"));
    }

    @Test
    void namesAreComparedAfterNfc() {
        server.login("Ren\u00E9");
        Client second = server.connect();

        second.send(msg("type", "login", "name", "RENE\u0301"));

        second.error("name-taken");
    }

    @Test
    void aKelvinSignNameIsTheSameAsItsPlainLetterName() {
        server.login("kim");
        Client second = server.connect();

        second.send(msg("type", "login", "name", "\u212Aim"));

        second.error("name-taken");
    }

    @Test
    void namesAreComparedAfterStripping() {
        server.login("Bob");
        Client second = server.connect();

        second.send(msg("type", "login", "name", "\u3000bob "));

        second.error("name-taken");
    }

    @Test
    void namesAreLowerCasedWithTheRootLocale() {
        server.login("\u0130lke"); // İ lower-cases to i + U+0307 in the root locale
        Client second = server.connect();

        second.send(msg("type", "login", "name", "i\u0307lke"));

        second.error("name-taken");
    }

    @Test
    void aDottedCapitalIIsNotTheSameAsAPlainI() {
        server.login("\u0130lke");

        assertEquals("ilke", welcomedName("ilke"));
    }

    @Test
    void aNameIsFreeAgainOnceItsUserLoggedOut() {
        Client first = server.login("Alice");
        first.send(msg("type", "logout"));

        assertEquals("alice", welcomedName("alice"));
    }
}
