package dev.facecall.webcam;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificate the build made for the tests' HTTPS server ({@code target/test-https}, by
 * {@code src/main/payara/HttpsSetup.java}, as a real {@code -Dhttps.port} start makes one): what
 * the test clients trust, what Chromium is told to accept, and what nginx serves.
 */
final class TestCertificate {

    static final int HTTPS_PORT = Integer.getInteger("test.https.port", 8181);
    private static final Path DIRECTORY = Path.of(System.getProperty("test.https.dir", "target/test-https"));

    private final X509Certificate certificate;
    private final PrivateKey key;

    private TestCertificate(X509Certificate certificate, PrivateKey key) {
        this.certificate = certificate;
        this.key = key;
    }

    static TestCertificate load() {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(DIRECTORY.resolve("payara.properties"))) {
            properties.load(in);
            char[] password = properties.getProperty("javax.net.ssl.keyStorePassword").toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream keystore = Files.newInputStream(Path.of(properties.getProperty("javax.net.ssl.keyStore")))) {
                store.load(keystore, password);
            }
            return new TestCertificate((X509Certificate) store.getCertificate("facecall"),
                    (PrivateKey) store.getKey("facecall", password));
        } catch (IOException e) {
            throw new UncheckedIOException("no test certificate in " + DIRECTORY + ": the build's pre-integration-test makes it", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Chromium's {@code --ignore-certificate-errors-spki-list} value: base64 of the SHA-256 of the public key. */
    String spkiHash() {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A TLS context that trusts this certificate alone, for the JDK's HTTP and WebSocket client. */
    SSLContext trustingIt() {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("facecall", certificate);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the certificate and its key as PEM files, as nginx reads them: {@code [certificate, key]}. */
    Path[] writePem(Path directory) throws IOException, GeneralSecurityException {
        Path cert = directory.resolve("fullchain.pem");
        Path privateKey = directory.resolve("privkey.pem");
        Files.writeString(cert, pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(privateKey, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
        return new Path[] {cert, privateKey};
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
