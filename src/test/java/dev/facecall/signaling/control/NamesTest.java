package dev.facecall.signaling.control;

import static dev.facecall.signaling.control.Harness.assertRef;
import static dev.facecall.signaling.control.Harness.msg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What a name may be, the form the welcome shows it in, and when two names are the same. */
class NamesTest {

    private final Harness server = new Harness();

    private String welcomedName(String requested) {
        return server.login(requested).name();
    }

    /** On a server of its own, so that a test may try both orders. */
    private static void taken(String first, String second) {
        Harness server = new Harness();
        server.login(first);
        Client client = server.connect();
        client.send(msg("type", "login", "name", second, "ref", "t1"));
        assertRef("t1", client.error("name-taken"));
        client.expectNothing();
    }

    private void bothWelcomed(String first, String second) {
        assertEquals(first, welcomedName(first));
        assertEquals(second, welcomedName(second));
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

    static Stream<Arguments> caseVariants() {
        return Stream.of(
                arguments("alice", "ALICE"),
                arguments("Alice", "aLiCe"),
                arguments("\u00C9lodie", "\u00C9LODIE"), // Élodie
                arguments("\u0418\u0432\u0430\u043D", "\u0418\u0412\u0410\u041D"), // Иван, ИВАН
                arguments("\u03BF\u03B4\u03BF\u03C2", "\u039F\u0394\u039F\u03A3"), // οδος with a final sigma, ΟΔΟΣ
                arguments("\u0130lke", "i\u0307lke")); // İ lower-cases to i + U+0307 in the root locale
    }

    @ParameterizedTest(name = "{0} then {1}")
    @MethodSource("caseVariants")
    void namesEqualAfterLowerCasingAreTheSame(String first, String second) {
        taken(first, second);
        taken(second, first);
    }

    /** The UTS #39 skeleton of the NFKC-casefolded name, as ICU's confusables data has it. */
    static Stream<Arguments> lookAlikes() {
        return Stream.of(
                arguments("alice", "\u0430lice"), // Cyrillic а
                arguments("paypal", "p\u0430yp\u0430l"), // Cyrillic а twice
                arguments("ACE", "\u0410\u0421\u0415"), // Cyrillic capitals А С Е
                arguments("Joe", "\u0408\u043E\u0435"), // Cyrillic Ј о е
                arguments("Ivan", "\u0406van"), // Ukrainian І
                arguments("bob", "b\u03BFb"), // Greek omicron
                arguments("modern", "rnodern"), // r n looks like m
                arguments("bill", "bi11"), // the digit 1 looks like l
                arguments("ilke", "\u0131lke"), // Turkish dotless ı
                arguments("alice", "\uFF41\uFF4C\uFF49\uFF43\uFF45"), // full-width ａｌｉｃｅ
                arguments("Ann", "\uD835\uDC9Cnn"), // MATHEMATICAL SCRIPT CAPITAL A
                arguments("fiona", "\uFB01ona"), // the ligature ﬁ
                arguments("Strau\u00DF", "STRAUSS"), // ß case-folds to ss
                arguments("strasse", "Stra\u00DFe"));
    }

    @ParameterizedTest(name = "{0} then {1}")
    @MethodSource("lookAlikes")
    void namesThatLookAlikeAreTheSame(String first, String second) {
        taken(first, second);
        taken(second, first);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0430lice", "\uFF41\uFF4C\uFF49\uFF43\uFF45", "rnodern", "Stra\u00DFe", "\uFB01ona", "\u0130lke"})
    void aNameIsShownAsTypedNotAsItsKey(String name) {
        assertEquals(name, welcomedName(name));
        assertEquals(name, server.login("Bob").welcome().getJsonArray("users").getJsonObject(0).getString("name"));
    }

    static Stream<Arguments> differentNames() {
        return Stream.of(
                arguments("alice", "alicia"),
                arguments("Ann", "Anna"),
                arguments("\u5F20\u4F1F", "\u5F20\u4F1F\u4F1F"), // 张伟, 张伟伟
                arguments("\u674E\u5A1C", "\u674E\u5A25"), // 李娜, 李娥
                arguments("Ivan", "\u0418\u0432\u0430\u043D"), // Иван
                arguments("34", "\u0663\u0664"), // Arabic-Indic ٣٤
                arguments("x_y", "x-y"),
                arguments("Ann Lee", "AnnLee"),
                arguments("ilke", "\u0130lke")); // the dot of İ stays after lower-casing: i + U+0307
    }

    @ParameterizedTest(name = "{0} and {1}")
    @MethodSource("differentNames")
    void namesThatNeitherLookAlikeNorDifferOnlyInCaseAreDifferent(String first, String second) {
        bothWelcomed(first, second);
    }

    /**
     * Look-alikes are judged after case-folding, as the protocol says: the skeleton takes 0 for O,
     * Greek capitals for Latin ones and I for l, but case-folding has made o, α, β, ε and i first.
     */
    static Stream<Arguments> lookAlikesOnlyBeforeCaseFolding() {
        return Stream.of(
                arguments("BOB", "B0B"),
                arguments("ABE", "\u0391\u0392\u0395"), // Greek ΑΒΕ
                arguments("lan", "Ian"));
    }

    @ParameterizedTest(name = "{0} and {1}")
    @MethodSource("lookAlikesOnlyBeforeCaseFolding")
    void namesThatLookAlikeOnlyBeforeCaseFoldingAreDifferent(String first, String second) {
        bothWelcomed(first, second);
    }

    /**
     * The key lower-cases first so that the older rule holds whatever the Unicode versions of the
     * JDK and ICU; for every letter, mark and digit that adds nothing to the look-alike rule, so
     * the key is exactly the skeleton of the NFKC-casefolded name.
     */
    @Test
    void theKeyIsTheSkeletonOfTheNfkcCasefoldedName() {
        SpoofChecker skeletons = new SpoofChecker.Builder().setChecks(SpoofChecker.CONFUSABLE).build();
        Normalizer2 nfkcCasefold = Normalizer2.getNFKCCasefoldInstance();
        Pattern allowed = Pattern.compile("[\\p{L}\\p{M}\\p{Nd}]");
        IntStream.rangeClosed(0, Character.MAX_CODE_POINT).mapToObj(Character::toString)
                .filter(text -> allowed.matcher(text).matches()).map(Texts::nfc)
                .forEach(name -> assertEquals(skeletons.getSkeleton(nfkcCasefold.normalize(name)), Names.key(name), name));
    }

    @Test
    void aNameIsFreeAgainOnceItsUserLoggedOut() {
        Client first = server.login("Alice");
        first.send(msg("type", "logout"));

        assertEquals("alice", welcomedName("alice"));
    }
}
