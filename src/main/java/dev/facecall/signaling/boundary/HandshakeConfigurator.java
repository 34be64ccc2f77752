package dev.facecall.signaling.boundary;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * The endpoint's own check of each handshake, so that the Origin rule holds whatever order the
 * container gives its WebSocket upgrade and the application's filters. Where {@link HandshakeFilter}
 * admitted the handshake on this thread, the session keeps the client's address (its place at the
 * door). Where the filter did not run first, the rule is applied from the headers alone (the
 * scheme is unknown there, and forwarded headers are not believed) and a refused session is closed
 * with 1008 as soon as it opens: the WebSocket API lets a configurator mark a session, not refuse it.
 *
 * <p>It also makes the endpoint's instances, one per connection, itself. Left to the container,
 * Payara's Tyrus makes each through CDI and keeps it in a static map until the session's close is
 * handled; in ChurnIT one instance in about forty thousand stayed in that map after its session had
 * closed, and with it the connection's {@link Peer}. Ours are held by the session alone. They need
 * nothing from CDI but the signaling service, which is application-scoped. Made through CDI, each
 * would also cost the building of the endpoint class's injection target anew (its annotated type,
 * its interception model, the events about it): a tenth of the server's CPU in a join storm
 * (docs/performance.md).
 */
public class HandshakeConfigurator extends ServerEndpointConfig.Configurator {

    private static final System.Logger LOG = System.getLogger(HandshakeConfigurator.class.getName());
    static final String ADDRESS = "facecall.address";
    static final String REFUSED = "facecall.refused";
    private static volatile boolean warned;
    private volatile Signaling signaling;

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        if (endpointClass != SignalingEndpoint.class) {
            return super.getEndpointInstance(endpointClass);
        }
        Signaling service = signaling;
        if (service == null) {
            service = CDI.current().select(Signaling.class).get(); // its client proxy: looked up once
            signaling = service;
        }
        return endpointClass.cast(new SignalingEndpoint(service));
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        HandshakeFilter.Place place = HandshakeFilter.UNDER_WAY.get();
        if (place != null) {
            config.getUserProperties().put(ADDRESS, place.claim());
            return;
        }
        if (!warned) {
            warned = true;
            LOG.log(Level.WARNING, "the container upgraded a WebSocket before the handshake filter ran: origins "
                    + "are checked from the headers alone, and connections per address are not counted");
        }
        String refusal = refusal(CDI.current().select(Signaling.class).get().originPolicy(),
                first(request, "Host"), first(request, "Origin"));
        if (refusal != null) {
            config.getUserProperties().put(REFUSED, refusal);
        }
    }

    /** Why a handshake with these headers may not open the socket, or null if it may. */
    static String refusal(OriginPolicy policy, String host, String origin) {
        if (!policy.hostAllowed(host)) {
            return "host not allowed";
        }
        if (origin == null) {
            return null;
        }
        boolean allowed = policy.originAllowed(origin, new ClientRequest("http", host, null))
                || policy.originAllowed(origin, new ClientRequest("https", host, null));
        return allowed ? null : "origin not allowed";
    }

    private static String first(HandshakeRequest request, String header) {
        for (var entry : request.getHeaders().entrySet()) {
            if (entry.getKey().equalsIgnoreCase(header)) {
                List<String> values = entry.getValue();
                return values == null || values.isEmpty() ? null : values.get(0);
            }
        }
        return null;
    }
}
