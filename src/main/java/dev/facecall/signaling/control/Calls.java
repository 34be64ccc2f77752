package dev.facecall.signaling.control;

import dev.facecall.signaling.entity.ErrorCode;
import dev.facecall.signaling.entity.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** The calls that have not ended, by id. */
@ApplicationScoped
public class Calls {

    private final ConcurrentHashMap<String, Call> byId = new ConcurrentHashMap<>();

    void add(Call call) {
        byId.put(call.id(), call);
    }

    void remove(Call call) {
        byId.remove(call.id(), call);
    }

    /** The call {@code id} if {@code member} is in it; strangers learn nothing about other people's calls. */
    Call of(String id, User member) {
        Call call = byId.get(id);
        if (call == null || !call.has(member)) {
            throw noSuchCall();
        }
        return call;
    }

    /** The call {@code id} if its callee is {@code member}, whose home is another node; else null. */
    Call ofRemoteCallee(String id, String member) {
        Call call = byId.get(id);
        return call != null && call.hasRemoteCallee(member) ? call : null;
    }

    /** The call {@code id} if a member of it has the id {@code member}; else null. */
    Call withMember(String id, String member) {
        Call call = byId.get(id);
        return call != null && (call.caller().id().equals(member) || call.callee().id().equals(member)) ? call : null;
    }

    /** The calls whose callee's connection is on another node. */
    List<Call> withRemoteCallee() {
        return byId.values().stream().filter(call -> call.calleeHome() != null).toList();
    }

    /** The calls whose callee's connection is on {@code node}. */
    List<Call> withCalleeOn(String node) {
        return byId.values().stream().filter(call -> node.equals(call.calleeHome())).toList();
    }

    public int count() {
        return byId.size();
    }

    static Refusal noSuchCall() {
        return new Refusal(ErrorCode.NO_SUCH_CALL, "no such call");
    }
}
