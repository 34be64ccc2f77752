package dev.facecall.signaling.boundary;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The application as it ships (the WAR that {@code package} built), with timings short enough for
 * tests: a call rings for {@value #RING_SECONDS} s, a lost connection has {@value #RESUME_SECONDS} s to resume,
 * and one address may hold any number of connections, since every test client comes from 127.0.0.1.
 */
public final class TestDeployment {

    public static final int RING_SECONDS = 2;
    public static final int RESUME_SECONDS = 2;

    private TestDeployment() {
    }

    public static WebArchive app() {
        return app("");
    }

    /** The app with extra MicroProfile Config lines, for example shorter keepalive timings. */
    public static WebArchive app(String extraConfig) {
        WebArchive war = ShrinkWrap.create(ZipImporter.class, "facecall.war")
                .importFrom(new File("target/facecall.war"))
                .as(WebArchive.class);
        war.delete("/WEB-INF/classes/META-INF/microprofile-config.properties");
        return war.addAsResource(new StringAsset("""
                facecall.ring-seconds=%d
                facecall.resume-seconds=%d
                facecall.max-connections-per-address=0
                %s
                """.formatted(RING_SECONDS, RESUME_SECONDS, extraConfig)), "META-INF/microprofile-config.properties");
    }
}
