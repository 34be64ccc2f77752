package dev.facecall.signaling.control;

import dev.facecall.signaling.entity.UserView;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is logged in (online or reconnecting) on this node, by id, and by name and resume token
 * through the {@link Grid}, which keeps those for every node: a name belongs to one user at a
 * time, and a user has one valid token at a time.
 */
@ApplicationScoped
public class Users {

    private final ConcurrentHashMap<String, User> byId = new ConcurrentHashMap<>();
    private final Grid grid;

    /** A server alone. */
    public Users() {
        this(new SingleNodeGrid());
    }

    Users(Grid grid) {
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

    /** Removes the user and frees its name and token; false if it was not registered. */
    boolean remove(User user) {
        grid.releaseName(user.nameKey(), user.id());
        String token = user.resumeToken();
        if (token != null) {
            grid.removeToken(token, user.id());
        }
        return byId.remove(user.id(), user);
    }

    Optional<User> byId(String id) {
        return Optional.ofNullable(byId.get(id));
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

    List<UserView> viewsExcept(User self) {
        return byId.values().stream().filter(user -> user != self).map(User::view).toList();
    }
}
