package dev.facecall.signaling.control;

import dev.facecall.signaling.entity.UserView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Who is logged in (online or reconnecting) on this node, by id, and by name and resume token
 * through the {@link Grid}, which keeps those for every node: a name belongs to one user at a
 * time, and a user has one valid token at a time.
 *
 * <p>In a cluster, this node's users are listed in the grid (anew at every change presence is told
 * of), and the users of the other nodes are known from their listings, as {@link RemoteUser}s: they
 * are in every welcome and every presence, but only this node's users are found {@link #byId}.
 */
@ApplicationScoped
public class Users {

    private final ConcurrentHashMap<String, User> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, RemoteUser> remote = new ConcurrentHashMap<>();
    private final Set<String> lostNodes = ConcurrentHashMap.newKeySet();
    private final Grid grid;

    /** A server alone; and what the container's proxy is made with. */
    public Users() {
        this(new SingleNodeGrid());
    }

    /** This node's users, on {@code grid}: {@link SingleNodeGrid} alone, the server's data grid in a cluster. */
    @Inject
    public Users(Grid grid) {
        this.grid = grid;
    }

    /** A new user under {@code name}, or empty when the name is taken. */
    Optional<User> register(String name, boolean callable, Connection connection) {
        User user = new User(Ids.user(), name, callable, connection);
        if (!grid.claimName(user.nameKey(), user.id())) {
            return Optional.empty();
        }
        byId.put(user.id(), user);
        return Optional.of(user);
    }

    /** Gives {@code user} a fresh resume token; the one it had is void from now on. */
    String renewToken(User user) {
        String token = Ids.secret();
        grid.putToken(token, user.id());
        String old = user.resumeToken();
        user.resumeToken(token);
        if (old != null) {
            grid.removeToken(old, user.id());
        }
        return token;
    }

    /**
     * Removes the user and frees its name and token; false if it was not registered. A user that
     * another node took over while this one was stopping keeps its name, token and listing, which
     * are that node's now.
     */
    boolean remove(User user) {
        if (grid.shared() && grid.listing(user.id()).filter(listing -> !listing.node().equals(grid.node())).isPresent()) {
            return byId.remove(user.id(), user);
        }
        grid.releaseName(user.nameKey(), user.id());
        String token = user.resumeToken();
        if (token != null) {
            grid.removeToken(token, user.id());
        }
        boolean removed = byId.remove(user.id(), user);
        if (removed && grid.shared()) {
            grid.unlist(user.id());
        }
        return removed;
    }

    /**
     * Lists {@code user} for the other nodes as it is now, if it is still here; alone, does nothing.
     * Done while the registry holds the user's entry, so that a listing never outlives its removal.
     */
    void publish(User user) {
        if (grid.shared()) {
            byId.computeIfPresent(user.id(), (id, here) -> {
                if (here == user) {
                    UserView view = user.view();
                    grid.list(new Grid.Listing(id, user.name(), view.callable(), UserView.BUSY.equals(view.state()), grid.node()));
                }
                return here;
            });
        }
    }

    /**
     * {@code changed} hears of every user of another node that is listed, changes or is unlisted,
     * from now on; the users listed already are known at once. Alone, there are none.
     */
    void watchOthers(Consumer<Listed> changed) {
        if (!grid.shared()) {
            return;
        }
        grid.watch(id -> heard(id, changed));
        for (Grid.Listing listing : grid.listings()) {
            if (!listing.node().equals(grid.node())) {
                remote.computeIfAbsent(listing.id(), id -> new RemoteUser(listing));
            }
        }
    }

    /**
     * Every other node that leaves the cluster, stopped or dead: {@code adopt} hears of it first,
     * while a resume that reaches this node still does not take over that node's users (so that
     * the calls that crossed it can take in their lost members first), then {@code lost}. The
     * lost node's users stay listed, with their names and tokens, until {@link #forgetNode}.
     * Alone, no node is ever lost.
     */
    void whenNodeLost(Consumer<String> adopt, Consumer<String> lost) {
        if (grid.shared()) {
            grid.onNodeLost(node -> {
                adopt.accept(node);
                lostNodes.add(node);
                lost.accept(node);
            });
        }
    }

    /**
     * Lists {@code user}, a user of {@code fromNode} (which died) that this node takes in, on this
     * node, busy: in one step with the grid, false if it is no longer listed there (another node
     * took it over first). Until {@link #admit}, nothing here finds it.
     */
    boolean moveHere(User user, String fromNode) {
        return grid.move(fromNode, new Grid.Listing(user.id(), user.name(), user.view().callable(), true, grid.node()));
    }

    /** {@code user}, moved here ({@link #moveHere}) and ready to be resumed, is one of this node's users from now on. */
    void admit(User user) {
        byId.put(user.id(), user);
        remote.remove(user.id());
    }

    /** Whether {@code node} died, as this node heard, or said it is stopping. */
    private boolean isLostOrLeaving(String node) {
        return lostNodes.contains(node) || grid.isLeaving(node);
    }

    /**
     * The node that holds the user {@code token} resumes, if that is another node, alive: the one
     * to relay the resuming connection to.
     */
    Optional<String> liveHomeOf(String token) {
        return grid.userOfToken(token).flatMap(grid::listing).map(Grid.Listing::node)
                .filter(node -> !node.equals(grid.node()) && !isLostOrLeaving(node));
    }

    /**
     * The user that {@code token} resumes, if it was a user of a node that died (or is stopping) and
     * this node takes it over for {@code connection}: registered here under its id and name (which stay taken), its
     * listing moved to this node in one step with the grid, so that of two nodes resuming it at once
     * only one does. What the dead node held for it, and the call it ran, died with it: the user
     * comes back in no call. Empty when the token resumes nobody, a user of a live node, or one that
     * another node took over first.
     */
    Optional<User> takeOverFromLostNode(String token, Connection connection) {
        if (!grid.shared()) {
            return Optional.empty();
        }
        Optional<Grid.Listing> listed = grid.userOfToken(token).flatMap(grid::listing)
                .filter(listing -> !listing.node().equals(grid.node()) && isLostOrLeaving(listing.node()));
        if (listed.isEmpty()) {
            return Optional.empty();
        }
        Grid.Listing was = listed.get();
        User user = new User(was.id(), was.name(), was.callable(), connection);
        user.resumeToken(token); // void from the welcome on, as after any resume
        if (!grid.move(was.node(), new Grid.Listing(was.id(), was.name(), was.callable(), false, grid.node()))) {
            return Optional.empty();
        }
        grid.slotOf(was.id()).ifPresent(call -> grid.freeSlot(was.id(), call));
        byId.put(user.id(), user);
        remote.remove(user.id()); // known here from now on as this node's own (a change of it still in the presence log shows its last state)
        return Optional.of(user);
    }

    /**
     * The users whose connections were on {@code node}, which is gone, leave: unlisted (every node's
     * presence tells it), their names, tokens and call slots free. Every survivor may do it; the
     * second finds nothing left to do.
     */
    void forgetNode(String node) {
        for (Grid.Listing listing : grid.listings()) {
            if (listing.node().equals(node)) {
                grid.releaseName(Names.key(listing.name()), listing.id());
                grid.removeTokensOf(listing.id());
                grid.slotOf(listing.id()).ifPresent(call -> grid.freeSlot(listing.id(), call));
                grid.unlist(listing.id());
            }
        }
    }

    private void heard(String id, Consumer<Listed> changed) {
        if (byId.containsKey(id)) {
            return; // one of ours: presence heard of it here
        }
        Optional<Grid.Listing> listing = grid.listing(id);
        if (listing.isPresent()) {
            Grid.Listing now = listing.get();
            if (now.node().equals(grid.node())) {
                return; // one of ours that left a moment ago; its unlisting follows
            }
            RemoteUser user = remote.computeIfAbsent(id, ignored -> new RemoteUser(now));
            user.listed(now);
            changed.accept(user);
        } else {
            RemoteUser gone = remote.remove(id);
            if (gone != null) {
                gone.unlisted();
                changed.accept(gone);
            }
        }
    }

    Optional<User> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * The listing of {@code id} if it is a user of another node, as the grid has it now: not as
     * this node last heard of it, which lags the grid by an event (a user welcomed on another node
     * a moment ago is there already; one who left a moment ago is not any more). One read of the
     * grid, for an invite.
     */
    Optional<Grid.Listing> listedElsewhere(String id) {
        return grid.listing(id).filter(listing -> !listing.node().equals(grid.node()));
    }

    Grid grid() {
        return grid;
    }

    Optional<User> byToken(String token) {
        return grid.userOfToken(token).map(byId::get);
    }

    boolean isHere(User user) {
        return byId.get(user.id()) == user;
    }

    Collection<User> all() {
        return byId.values();
    }

    /** How many users are online or reconnecting. */
    public int count() {
        return byId.size();
    }

    /** How many users hold a valid resume token (each user holds one). */
    public int tokens() {
        return grid.tokens();
    }

    /**
     * Everyone but {@code self}, for its welcome. The users of other nodes are read from the grid
     * itself, not from what this node has heard of them so far: a user welcomed on another node a
     * moment ago (its listing is written before its welcome leaves) is in the list.
     */
    List<UserView> viewsExcept(User self) {
        List<UserView> here = byId.values().stream().filter(user -> user != self).map(User::view).toList();
        if (!grid.shared()) {
            return here;
        }
        List<UserView> all = new ArrayList<>(here);
        for (Grid.Listing listing : grid.listingsOfOtherNodes()) {
            if (!byId.containsKey(listing.id())) {
                all.add(RemoteUser.viewOf(listing));
            }
        }
        return all;
    }
}
