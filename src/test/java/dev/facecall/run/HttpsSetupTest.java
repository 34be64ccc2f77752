package dev.facecall.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code src/main/payara/HttpsSetup.java}, run as {@code -Dhttps.port} runs it (there by the JDK's
 * source launcher, here compiled once): a certificate made once and reused, made anew when a name is not covered, a user's
 * own served under the fixed alias, and the files only for their owner.
 */
class HttpsSetupTest {

    private static final Path PROGRAM = Path.of("src", "main", "payara", "HttpsSetup.java");

    /** The program compiled once, as the source launcher compiles it at every start. */
    @TempDir
    static Path compiled;

    @TempDir
    Path home;

    @BeforeAll
    static void compile() {
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", compiled.toString(), PROGRAM.toString());
        assertEquals(0, status, "HttpsSetup.java compiles");
    }

    private record Run(int exit, String output) {}

    private Run run(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", compiled.toString(), "HttpsSetup"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("FACECALL_TLS_KEYSTORE");
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), output);
    }

    private Properties properties() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(home.resolve("payara.properties"))) {
            properties.load(in);
        }
        return properties;
    }

    private X509Certificate served() throws Exception {
        Properties properties = properties();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(properties.getProperty("javax.net.ssl.keyStore")))) {
            store.load(in, properties.getProperty("javax.net.ssl.keyStorePassword").toCharArray());
        }
        assertTrue(store.isKeyEntry("facecall"), "the key Payara's --sslcert facecall names");
        return (X509Certificate) store.getCertificate("facecall");
    }

    private static List<String> names(X509Certificate certificate) throws Exception {
        return certificate.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))).toList();
    }

    @Test
    void aSelfSignedCertificateIsMadeOnceReusedAndMadeAnewWhenANameIsNotCovered() throws Exception {
        Run first = run(Map.of(), "8443", home.toString());
        assertEquals(0, first.exit(), first.output());
        X509Certificate made = served();
        assertTrue(names(made).containsAll(List.of("localhost", "127.0.0.1")), names(made).toString());
        assertEquals("8443", properties().getProperty("facecall.https-port"));
        assertTrue(first.output().contains("https://127.0.0.1:8443/"), first.output());
        for (String file : List.of("keystore.p12", "payara.properties")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(file))), file);
        }
        assertFalse(first.output().contains(properties().getProperty("javax.net.ssl.keyStorePassword")), "no password printed");

        Run again = run(Map.of(), "8443", home.toString());
        assertEquals(0, again.exit(), again.output());
        assertEquals(made, served(), "reused: browsers that accepted it keep it");

        Run renamed = run(Map.of(), "8443", home.toString(), "--name", "new-name.example");
        assertEquals(0, renamed.exit(), renamed.output());
        assertNotEquals(made, served());
        assertTrue(names(served()).contains("new-name.example"), names(served()).toString());
    }

    @Test
    void aUsersOwnKeystoreIsServedUnderTheFixedAliasAndAWrongPasswordStopsTheStart() throws Exception {
        assertEquals(0, run(Map.of(), "8443", home.toString()).exit());
        X509Certificate theirs = served();
        Path yours = home.resolve("yours.p12");
        Properties made = properties();
        KeyStore source = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(home.resolve("keystore.p12"))) {
            source.load(in, made.getProperty("javax.net.ssl.keyStorePassword").toCharArray());
        }
        KeyStore own = KeyStore.getInstance("PKCS12");
        own.load(null, null);
        own.setKeyEntry("my-server", source.getKey("facecall", made.getProperty("javax.net.ssl.keyStorePassword").toCharArray()),
                "their password".toCharArray(), source.getCertificateChain("facecall"));
        try (OutputStream out = Files.newOutputStream(yours)) {
            own.store(out, "their password".toCharArray());
        }
        Path served = home.resolve("served");

        Run imported = run(Map.of("FACECALL_TLS_KEYSTORE", yours.toString(), "FACECALL_TLS_PASSWORD", "their password"),
                "8443", served.toString());
        assertEquals(0, imported.exit(), imported.output());
        home = served;
        assertEquals(theirs, served());
        assertFalse(imported.output().contains("their password"));

        Run wrong = run(Map.of("FACECALL_TLS_KEYSTORE", yours.toString(), "FACECALL_TLS_PASSWORD", "a wrong one"),
                "8443", served.toString());
        assertEquals(1, wrong.exit());
        assertTrue(wrong.output().contains("FACECALL_TLS_PASSWORD"), wrong.output());
        assertFalse(wrong.output().contains("a wrong one"), wrong.output());
    }
}
