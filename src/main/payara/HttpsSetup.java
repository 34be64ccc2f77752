import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The certificate and settings of Payara Micro's HTTPS listener, made before the server starts
 * ({@code ./mvnw package payara-micro:start -Dhttps.port=8443} runs this with the JDK's source
 * launcher). It writes, in DIRECTORY (by default {@code ~/.facecall}):
 * <ul>
 * <li>{@code keystore.p12}: the key and certificate to serve, under the alias {@code facecall}
 * (Payara's {@code --sslcert facecall});</li>
 * <li>{@code payara.properties}: the system properties Payara Micro reads ({@code --systemproperties}):
 * that keystore and its password, so that no password is on a command line, and
 * {@code facecall.https-port}, so that the application knows where HTTPS is.</li>
 * </ul>
 * Both only for their owner (0600). With {@code FACECALL_TLS_KEYSTORE} (a PKCS#12 file with one
 * private key) and {@code FACECALL_TLS_PASSWORD}, it serves that key and certificate, copied anew
 * at every start. Without, it makes a self-signed certificate with the JDK's {@code keytool},
 * valid for {@code localhost}, {@code 127.0.0.1}, {@code ::1}, the host's name and every address
 * of its interfaces, and reuses it at later starts (so browsers that accepted it keep it) until
 * the machine has a name or address it does not cover or it nears its end. Then it prints the
 * addresses to open.
 *
 * <p>Usage: {@code java HttpsSetup.java PORT [DIRECTORY] [--name NAME]...}; a {@code --name} is one
 * more host name or address the self-signed certificate must cover.
 */
public class HttpsSetup {

    static final String ALIAS = "facecall";
    static final String MARK = "OU=facecall self-signed";
    static final Duration LIFETIME = Duration.ofDays(365);
    static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final Pattern DNS_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || !args[0].matches("\\d{1,5}")) {
            fail("usage: java HttpsSetup.java PORT [DIRECTORY] [--name NAME]...");
        }
        int port = Integer.parseInt(args[0]);
        Path directory = Path.of(System.getProperty("user.home"), ".facecall");
        Set<String> extraNames = new LinkedHashSet<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--name") && i + 1 < args.length) {
                extraNames.add(args[++i]);
            } else {
                directory = Path.of(args[i]);
            }
        }
        createPrivateDirectory(directory);
        Path keystore = directory.resolve("keystore.p12");
        Path properties = directory.resolve("payara.properties");

        String yours = System.getenv("FACECALL_TLS_KEYSTORE");
        X509Certificate served;
        if (yours != null && !yours.isBlank()) {
            served = importYours(Path.of(yours), keystore, properties);
            System.out.println("facecall: HTTPS with the certificate of FACECALL_TLS_KEYSTORE (" + yours + "): "
                    + served.getSubjectX500Principal().getName());
        } else {
            Set<String> names = machineNames();
            names.addAll(normalized(extraNames));
            served = reusable(keystore, properties, names);
            if (served == null) {
                served = generate(keystore, properties, names);
                System.out.println("facecall: made a self-signed certificate for " + String.join(", ", names));
            } else {
                System.out.println("facecall: reusing the self-signed certificate in " + keystore);
            }
            System.out.println("facecall: it is self-signed, so browsers ask once whether to trust it; its SHA-256 fingerprint is "
                    + fingerprint(served));
        }
        writeProperties(properties, keystore, readPassword(properties), port);
        System.out.println("facecall: HTTPS on port " + port + "; from this and other machines open:");
        for (String name : names(served)) {
            if (!name.equals("0:0:0:0:0:0:0:1") && !name.startsWith("*")) {
                System.out.println("facecall:   https://" + (name.contains(":") ? "[" + name + "]" : name) + ":" + port + "/");
            }
        }
    }

    /** Every name and address this machine may be reached by: loopback, its host name, its interfaces'. */
    static Set<String> machineNames() throws SocketException {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1"));
        String host = hostName();
        if (host != null && DNS_NAME.matcher(host).matches()) {
            names.add(host.toLowerCase(Locale.ROOT));
            if (!host.contains(".")) {
                names.add(host.toLowerCase(Locale.ROOT) + ".local"); // mDNS (Avahi, Bonjour) on most LANs
            }
        }
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (!address.isLinkLocalAddress() && !address.isMulticastAddress()) {
                    names.add(literal(address));
                }
            }
        }
        return names;
    }

    private static String hostName() {
        try {
            Path etc = Path.of("/etc/hostname");
            if (Files.isReadable(etc)) {
                return Files.readString(etc).strip();
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return null;
        }
    }

    /** Addresses in the JDK's one written form (no scope), names in lower case. */
    static Set<String> normalized(Set<String> names) throws UnknownHostException {
        Set<String> normal = new LinkedHashSet<>();
        for (String name : names) {
            normal.add(isAddress(name) ? literal(InetAddress.getByName(name)) : name.toLowerCase(Locale.ROOT));
        }
        return normal;
    }

    private static boolean isAddress(String name) {
        return name.contains(":") || name.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static String literal(InetAddress address) {
        String text = address.getHostAddress();
        int scope = text.indexOf('%');
        return scope < 0 ? text : text.substring(0, scope);
    }

    /** The certificate in {@code keystore}, if it is one this program made that covers {@code names} for a while yet. */
    static X509Certificate reusable(Path keystore, Path properties, Set<String> names) {
        String password = readPassword(properties);
        if (password == null || !Files.isRegularFile(keystore)) {
            return null;
        }
        try {
            KeyStore store = load(keystore, password.toCharArray());
            if (!(store.getCertificate(ALIAS) instanceof X509Certificate certificate)
                    || !store.isKeyEntry(ALIAS)
                    || !certificate.getSubjectX500Principal().getName().contains(MARK)
                    || certificate.getNotAfter().toInstant().isBefore(Instant.now().plus(RENEW_BEFORE))) {
                return null;
            }
            Set<String> covered = new LinkedHashSet<>(names(certificate));
            if (!covered.containsAll(names)) {
                Set<String> missing = new LinkedHashSet<>(names);
                missing.removeAll(covered);
                System.out.println("facecall: the self-signed certificate does not cover " + missing + "; making a new one");
                return null;
            }
            return certificate;
        } catch (IOException | GeneralSecurityException e) {
            return null;
        }
    }

    /** The DNS names and IP addresses a certificate is for (its SubjectAltName), addresses normalized. */
    static List<String> names(X509Certificate certificate) throws CertificateParsingException, UnknownHostException {
        List<String> names = new ArrayList<>();
        if (certificate.getSubjectAlternativeNames() != null) {
            for (List<?> name : certificate.getSubjectAlternativeNames()) {
                int type = (Integer) name.get(0);
                if (type == 2) {
                    names.add(((String) name.get(1)).toLowerCase(Locale.ROOT));
                } else if (type == 7) {
                    names.add(literal(InetAddress.getByName((String) name.get(1))));
                }
            }
        }
        return names;
    }

    /** A new key and self-signed certificate, by the JDK's keytool; the password goes to it by the environment. */
    static X509Certificate generate(Path keystore, Path properties, Set<String> names) throws Exception {
        String password = newPassword();
        Files.deleteIfExists(keystore);
        List<String> san = new ArrayList<>();
        for (String name : names) {
            san.add((isAddress(name) ? "ip:" : "dns:") + name);
        }
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        ProcessBuilder command = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", ALIAS,
                "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-validity", String.valueOf(LIFETIME.toDays()),
                "-dname", "CN=" + names.stream().filter(name -> !isAddress(name) && !name.equals("localhost"))
                        .findFirst().orElse("localhost") + ", " + MARK,
                "-ext", "SAN=" + String.join(",", san),
                "-ext", "EKU=serverAuth",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass:env", "FACECALL_KEYSTORE_PASSWORD");
        command.environment().put("FACECALL_KEYSTORE_PASSWORD", password);
        Process keytoolRun = command.redirectErrorStream(true).start();
        String output = new String(keytoolRun.getInputStream().readAllBytes());
        if (keytoolRun.waitFor() != 0) {
            fail("keytool could not make a certificate: " + output);
        }
        restrict(keystore);
        writeProperties(properties, keystore, password, 0);
        return (X509Certificate) load(keystore, password.toCharArray()).getCertificate(ALIAS);
    }

    /** The one private key of the user's PKCS#12 file and its chain, under our alias and password. */
    static X509Certificate importYours(Path yours, Path keystore, Path properties) throws Exception {
        String yourPassword = System.getenv("FACECALL_TLS_PASSWORD");
        if (yourPassword == null) {
            fail("FACECALL_TLS_KEYSTORE is set: FACECALL_TLS_PASSWORD must give its password");
        }
        if (!Files.isReadable(yours)) {
            fail("FACECALL_TLS_KEYSTORE: cannot read " + yours);
        }
        KeyStore source;
        try {
            source = load(yours, yourPassword.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            fail("FACECALL_TLS_KEYSTORE: " + yours + " is not a PKCS#12 file that FACECALL_TLS_PASSWORD opens");
            return null;
        }
        List<String> keys = new ArrayList<>();
        for (String alias : Collections.list(source.aliases())) {
            if (source.isKeyEntry(alias)) {
                keys.add(alias);
            }
        }
        if (keys.size() != 1) {
            fail("FACECALL_TLS_KEYSTORE: " + yours + " must hold one private key and its certificate, not " + keys.size()
                    + (keys.isEmpty() ? "" : " " + keys));
        }
        String password = newPassword();
        KeyStore served = KeyStore.getInstance("PKCS12");
        served.load(null, null);
        Certificate[] chain = source.getCertificateChain(keys.get(0));
        served.setKeyEntry(ALIAS, source.getKey(keys.get(0), yourPassword.toCharArray()), password.toCharArray(), chain);
        Path fresh = Files.createTempFile(keystore.getParent(), "keystore", ".p12", privateFile());
        try (OutputStream out = Files.newOutputStream(fresh)) {
            served.store(out, password.toCharArray());
        }
        replace(fresh, keystore);
        writeProperties(properties, keystore, password, 0);
        return (X509Certificate) chain[0];
    }

    static KeyStore load(Path keystore, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password);
        }
        return store;
    }

    private static String readPassword(Path properties) {
        if (!Files.isRegularFile(properties)) {
            return null;
        }
        Properties values = new Properties();
        try (InputStream in = Files.newInputStream(properties)) {
            values.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
        return values.getProperty("javax.net.ssl.keyStorePassword");
    }

    /** Payara Micro's system properties: the keystore, its password and, once known, the HTTPS port. */
    private static void writeProperties(Path properties, Path keystore, String password, int port) throws IOException {
        Properties values = new Properties();
        values.setProperty("javax.net.ssl.keyStore", keystore.toAbsolutePath().toString());
        values.setProperty("javax.net.ssl.keyStorePassword", password);
        values.setProperty("javax.net.ssl.keyStoreType", "PKCS12");
        if (port > 0) {
            values.setProperty("facecall.https-port", String.valueOf(port));
        }
        Path fresh = Files.createTempFile(properties.getParent(), "payara", ".properties", privateFile());
        try (OutputStream out = Files.newOutputStream(fresh)) {
            values.store(out, "Payara Micro's HTTPS listener (--systemproperties), written by HttpsSetup.java; keep private");
        }
        replace(fresh, properties);
    }

    private static String newPassword() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    static String fingerprint(X509Certificate certificate) throws GeneralSecurityException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    }

    private static void createPrivateDirectory(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, POSIX
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
                    : new FileAttribute<?>[0]);
        }
    }

    private static FileAttribute<?>[] privateFile() {
        return POSIX
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    private static void restrict(Path file) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    private static void replace(Path fresh, Path target) throws IOException {
        try {
            Files.move(fresh, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(fresh, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void fail(String message) {
        System.err.println("facecall: " + message);
        System.exit(1);
    }

    static {
        // the source launcher gives no stack trace worth reading for an I/O failure: say it plainly
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            System.err.println("facecall: HTTPS set-up failed: " + e);
            System.exit(1);
        });
    }
}
