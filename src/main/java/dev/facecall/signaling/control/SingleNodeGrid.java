package dev.facecall.signaling.control;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The grid of a server that is alone: concurrent maps in this JVM, each decision one atomic map
 * operation, and parcels handed to this node's receiver on the sender's thread. The default,
 * and exactly what the server did before there were clusters.
 */
public final class SingleNodeGrid implements Grid {

    static final String NODE = "solo";

    private final ConcurrentHashMap<String, String> names = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> tokens = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> slots = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Listing> listings = new ConcurrentHashMap<>();
    private final List<Consumer<String>> watchers = new CopyOnWriteArrayList<>();
    private final List<Consumer<Parcel>> receivers = new CopyOnWriteArrayList<>();

    @Override
    public String node() {
        return NODE;
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public boolean claimName(String key, String userId) {
        return names.putIfAbsent(key, userId) == null;
    }

    @Override
    public void releaseName(String key, String userId) {
        names.remove(key, userId);
    }

    @Override
    public void putToken(String token, String userId) {
        tokens.put(token, userId);
    }

    @Override
    public Optional<String> userOfToken(String token) {
        return Optional.ofNullable(tokens.get(token));
    }

    @Override
    public void removeToken(String token, String userId) {
        tokens.remove(token, userId);
    }

    @Override
    public Optional<String> tokenOf(String userId) {
        return tokens.entrySet().stream().filter(entry -> entry.getValue().equals(userId)).map(Map.Entry::getKey).findFirst();
    }

    @Override
    public void removeTokensOf(String userId) {
        tokens.values().removeIf(userId::equals);
    }

    @Override
    public int tokens() {
        return tokens.size();
    }

    @Override
    public int tokensStoredHere() {
        return tokens.size();
    }

    /** Under one lock: both slots change together, or neither, as every reader sees it. */
    @Override
    public Slots takeSlots(String callerId, String calleeId, String callId) {
        synchronized (slots) {
            if (slots.containsKey(callerId)) {
                return Slots.CALLER_BUSY;
            }
            if (slots.containsKey(calleeId)) {
                return Slots.CALLEE_BUSY;
            }
            slots.put(callerId, callId);
            slots.put(calleeId, callId);
            return Slots.TAKEN;
        }
    }

    @Override
    public void freeSlot(String userId, String callId) {
        synchronized (slots) {
            slots.remove(userId, callId);
        }
    }

    @Override
    public Optional<String> slotOf(String userId) {
        return Optional.ofNullable(slots.get(userId));
    }

    @Override
    public void list(Listing listing) {
        listings.put(listing.id(), listing);
        watchers.forEach(watcher -> watcher.accept(listing.id()));
    }

    @Override
    public void unlist(String userId) {
        if (listings.remove(userId) != null) {
            watchers.forEach(watcher -> watcher.accept(userId));
        }
    }

    /** Alone, nobody takes this node's users over. */
    @Override
    public void leave() {
    }

    @Override
    public boolean isLeaving(String node) {
        return false;
    }

    @Override
    public boolean move(String fromNode, Listing listing) {
        Listing was = listings.get(listing.id());
        if (was == null || !was.node().equals(fromNode) || !listings.replace(listing.id(), was, listing)) {
            return false;
        }
        watchers.forEach(watcher -> watcher.accept(listing.id()));
        return true;
    }

    @Override
    public Optional<Listing> listing(String userId) {
        return Optional.ofNullable(listings.get(userId));
    }

    @Override
    public Collection<Listing> listings() {
        return List.copyOf(listings.values());
    }

    @Override
    public Collection<Listing> listingsOfOtherNodes() {
        return listings.values().stream().filter(listing -> !listing.node().equals(NODE)).toList();
    }

    @Override
    public void watch(Consumer<String> changed) {
        watchers.add(changed);
    }

    @Override
    public void send(String node, Parcel parcel) {
        if (!NODE.equals(node)) {
            throw new IllegalArgumentException("no node " + node + " here: this server is alone");
        }
        receivers.forEach(receiver -> receiver.accept(parcel));
    }

    @Override
    public void receive(Consumer<Parcel> receiver) {
        receivers.add(receiver);
    }

    @Override
    public int size() {
        return 1;
    }

    /** A node alone loses no other. */
    @Override
    public void onNodeLost(Consumer<String> lost) {
    }
}
