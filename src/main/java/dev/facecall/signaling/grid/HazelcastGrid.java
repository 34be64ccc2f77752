package dev.facecall.signaling.grid;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.query.Predicates;
import com.hazelcast.topic.ITopic;
import dev.facecall.signaling.control.Grid;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The grid of a cluster, on Hazelcast: names, tokens, slots and listings in distributed maps (each
 * kept on two members, so that they outlive the loss of one), each decision one atomic map
 * operation; parcels on a topic of their node, which delivers what one member published to it in
 * the order published.
 *
 * <p>Only strings and string arrays are stored or sent: Payara's Hazelcast deserializes with the
 * server's class loader, which knows none of this application's classes.
 */
public final class HazelcastGrid implements Grid {

    static final String PREFIX = "facecall.";

    private final HazelcastInstance hazelcast;
    private final String node;
    private final IMap<String, String> names;
    private final IMap<String, String> tokens;
    private final IMap<String, String> slots;
    private final IMap<String, String> listings;
    private final IMap<String, String> leaving;
    private final ConcurrentHashMap<String, Outbox> outboxes = new ConcurrentHashMap<>();

    public HazelcastGrid(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
        this.node = hazelcast.getCluster().getLocalMember().getUuid().toString();
        this.names = hazelcast.getMap(PREFIX + "names");
        this.tokens = hazelcast.getMap(PREFIX + "tokens");
        this.slots = hazelcast.getMap(PREFIX + "slots");
        this.listings = hazelcast.getMap(PREFIX + "users");
        this.leaving = hazelcast.getMap(PREFIX + "leaving");
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public boolean shared() {
        return true;
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
        tokens.set(token, userId);
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
        return tokens.keySet(Predicates.equal("this", userId)).stream().findFirst();
    }

    @Override
    public void removeTokensOf(String userId) {
        tokens.removeAll(Predicates.equal("this", userId));
    }

    @Override
    public int tokens() {
        return tokens.size();
    }

    /** The entries of the partitions this member owns: its own statistics, no operation on the grid. */
    @Override
    public int tokensStoredHere() {
        return Math.toIntExact(tokens.getLocalMapStats().getOwnedEntryCount());
    }

    /**
     * Under both users' key locks, taken in id order on every node (so two invites between the same
     * users never deadlock): both slots fill together or not at all, and whoever checks a slot
     * meanwhile waits for the lock. A member that dies holding them has them released by the grid.
     */
    @Override
    public Slots takeSlots(String callerId, String calleeId, String callId) {
        boolean callerFirst = callerId.compareTo(calleeId) < 0;
        String first = callerFirst ? callerId : calleeId;
        String second = callerFirst ? calleeId : callerId;
        slots.lock(first);
        try {
            slots.lock(second);
            try {
                if (slots.containsKey(callerId)) {
                    return Slots.CALLER_BUSY;
                }
                if (slots.containsKey(calleeId)) {
                    return Slots.CALLEE_BUSY;
                }
                slots.set(callerId, callId);
                slots.set(calleeId, callId);
                return Slots.TAKEN;
            } finally {
                slots.unlock(second);
            }
        } finally {
            slots.unlock(first);
        }
    }

    @Override
    public void freeSlot(String userId, String callId) {
        slots.remove(userId, callId);
    }

    @Override
    public Optional<String> slotOf(String userId) {
        return Optional.ofNullable(slots.get(userId));
    }

    @Override
    public void list(Listing listing) {
        listings.set(listing.id(), ListingText.of(listing));
    }

    @Override
    public void unlist(String userId) {
        listings.delete(userId);
    }

    /** Kept an hour: long after the node has left, and then forgotten. */
    @Override
    public void leave() {
        leaving.set(node, "stopping", 1, TimeUnit.HOURS);
    }

    @Override
    public boolean isLeaving(String node) {
        return leaving.containsKey(node);
    }

    /** A compare-and-set on the listing's entry, against the text that named {@code fromNode}. */
    @Override
    public boolean move(String fromNode, Listing listing) {
        String was = listings.get(listing.id());
        return was != null && ListingText.parse(listing.id(), was).node().equals(fromNode)
                && listings.replace(listing.id(), was, ListingText.of(listing));
    }

    @Override
    public Optional<Listing> listing(String userId) {
        return Optional.ofNullable(listings.get(userId)).map(text -> ListingText.parse(userId, text));
    }

    @Override
    public Collection<Listing> listings() {
        return listings.entrySet().stream().map(entry -> ListingText.parse(entry.getKey(), entry.getValue())).toList();
    }

    /**
     * Selected where the entries are (a listing's text starts with its node), so that only those of
     * other nodes cross the network and are read: a welcome reads them.
     */
    @Override
    public Collection<Listing> listingsOfOtherNodes() {
        return listings.entrySet(Predicates.not(Predicates.like("this", node + "\t%"))).stream()
                .map(entry -> ListingText.parse(entry.getKey(), entry.getValue())).toList();
    }

    @Override
    public void watch(Consumer<String> changed) {
        listings.addEntryListener(new ListingWatcher(changed), false);
    }

    /** Each node's outbox, made once: a topic look-up per parcel showed in the profile of a relay across nodes. */
    @Override
    public void send(String to, Parcel parcel) {
        outboxes.computeIfAbsent(to, node -> new Outbox(hazelcast.getTopic(topicOf(node)))).send(parcel);
    }

    @Override
    public void receive(Consumer<Parcel> receiver) {
        hazelcast.<String[]>getTopic(topicOf(node)).addMessageListener(message -> {
            String[] parcels = message.getMessageObject();
            for (int i = 0; i < parcels.length; i += 2) {
                receiver.accept(new Parcel(parcels[i], parcels[i + 1]));
            }
        });
    }

    /**
     * The parcels for one node, published on its topic in the order sent. A parcel sent while
     * another thread is publishing waits for that thread, which publishes everything waiting as one
     * message ({@code to, body, to, body, ...}) once its own has gone: alone, a parcel goes at once,
     * on the sender's thread; under load, one message of the topic carries many, and the cost of a
     * message (its event, its packet, its hand-off to the receiver's event thread) is shared.
     * Nothing is held back: the publisher leaves only when nothing is waiting.
     */
    private static final class Outbox {

        private final ITopic<String[]> topic;
        private final List<String> waiting = new ArrayList<>(); // guarded by this: to, body, to, body, ...
        private boolean publishing; // guarded by this

        Outbox(ITopic<String[]> topic) {
            this.topic = topic;
        }

        void send(Parcel parcel) {
            synchronized (this) {
                waiting.add(parcel.to());
                waiting.add(parcel.body());
                if (publishing) {
                    return; // the publishing thread takes it along, in order
                }
                publishing = true;
            }
            try {
                for (String[] parcels = takeWaiting(); parcels != null; parcels = takeWaiting()) {
                    topic.publish(parcels);
                }
            } catch (RuntimeException | Error gridFailed) {
                synchronized (this) {
                    publishing = false; // the next sender tries again with what waits
                }
                throw gridFailed;
            }
        }

        /** Everything waiting, taken out; null when nothing is, and then this thread publishes no more. */
        private synchronized String[] takeWaiting() {
            if (waiting.isEmpty()) {
                publishing = false;
                return null;
            }
            String[] parcels = waiting.toArray(String[]::new);
            waiting.clear();
            return parcels;
        }
    }

    private static String topicOf(String node) {
        return PREFIX + "node." + node;
    }

    @Override
    public int size() {
        return hazelcast.getCluster().getMembers().size();
    }

    @Override
    public void onNodeLost(Consumer<String> lost) {
        hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                lost.accept(event.getMember().getUuid().toString());
            }
        });
    }

    /** Tells the id of every user listed, listed anew or unlisted. */
    private record ListingWatcher(Consumer<String> changed) implements EntryAddedListener<String, String>,
            EntryUpdatedListener<String, String>, EntryRemovedListener<String, String> {

        @Override
        public void entryAdded(com.hazelcast.core.EntryEvent<String, String> event) {
            changed.accept(event.getKey());
        }

        @Override
        public void entryUpdated(com.hazelcast.core.EntryEvent<String, String> event) {
            changed.accept(event.getKey());
        }

        @Override
        public void entryRemoved(com.hazelcast.core.EntryEvent<String, String> event) {
            changed.accept(event.getKey());
        }
    }

    /**
     * A listing as one string: node, flags, name, separated by tabs. Names hold no tab (they are
     * letters, marks, digits, spaces, {@code .}, {@code _} and {@code -}), node ids neither.
     */
    static final class ListingText {

        private ListingText() {
        }

        static String of(Listing listing) {
            return listing.node() + '\t' + (listing.callable() ? 'c' : '-') + (listing.busy() ? 'b' : '-') + '\t'
                    + listing.name();
        }

        static Listing parse(String id, String text) {
            List<String> parts = List.of(text.split("\t", 3));
            String flags = parts.get(1);
            return new Listing(id, parts.get(2), flags.charAt(0) == 'c', flags.charAt(1) == 'b', parts.get(0));
        }
    }
}
