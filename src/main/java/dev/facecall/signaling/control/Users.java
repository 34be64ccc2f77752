package dev.facecall.signaling.control;

import dev.facecall.signaling.entity.UserView;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Who is logged in, by id and by name; a name belongs to one user at a time. */
@ApplicationScoped
public class Users {

    private final ConcurrentHashMap<String, User> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, User> byName = new ConcurrentHashMap<>();

    /** A new user under {@code name}, or empty when the name is taken. */
    public Optional<User> register(String name, Link link) {
        User user = new User(Ids.user(), name, link);
        if (byName.putIfAbsent(user.nameKey(), user) != null) {
            return Optional.empty();
        }
        byId.put(user.id(), user);
        return Optional.of(user);
    }

    /** Removes the user and frees its name; false if it was not registered. */
    public boolean remove(User user) {
        byName.remove(user.nameKey(), user);
        return byId.remove(user.id(), user);
    }

    public Optional<User> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public boolean isHere(User user) {
        return byId.get(user.id()) == user;
    }

    public Collection<User> all() {
        return byId.values();
    }

    public int count() {
        return byId.size();
    }

    List<UserView> viewsExcept(User self) {
        return byId.values().stream().filter(user -> user != self).map(User::view).toList();
    }
}
