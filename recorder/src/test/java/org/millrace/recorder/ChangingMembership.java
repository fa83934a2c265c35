package org.millrace.recorder;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.millrace.core.cluster.ClusterMembership;

/**
 * A clustered membership for tests whose other members can be made to leave, as the cluster manager reports a dead
 * node (the multi-JVM journey test proves the Hazelcast one).
 */
final class ChangingMembership implements ClusterMembership {
    private final String local = UUID.randomUUID().toString();
    private final Set<String> members = ConcurrentHashMap.newKeySet();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    ChangingMembership(String... others) {
        members.add(local);
        members.addAll(List.of(others));
    }

    /** The member leaves: listeners hear it from a thread of their own, as from the cluster manager's. */
    void leave(String node) {
        members.remove(node);
        Thread thread = new Thread(() -> listeners.forEach(l -> l.accept(node)), "test-cluster-events");
        thread.start();
    }

    @Override
    public String localNodeId() {
        return local;
    }

    @Override
    public Set<String> members() {
        return Set.copyOf(members);
    }

    @Override
    public boolean clustered() {
        return true;
    }

    @Override
    public void onMemberLeft(Consumer<String> listener) {
        listeners.add(listener);
    }
}
