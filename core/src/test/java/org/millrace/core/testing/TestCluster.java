package org.millrace.core.testing;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.millrace.core.cluster.ClusterMembership;

/**
 * A cluster's membership as the processes of one test JVM see it: members join with {@link #join}, and a test says
 * when one leaves ({@link #leave}, as Hazelcast's member-removed), or makes one vanish before anybody is told
 * ({@link #vanish}). The real cluster manager is proven by the multi-JVM journey test.
 */
public final class TestCluster {
    private final Set<String> members = ConcurrentHashMap.newKeySet();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    /** A member's view of the cluster. */
    public ClusterMembership join(String nodeId) {
        members.add(nodeId);
        return new ClusterMembership() {
            @Override
            public String localNodeId() {
                return nodeId;
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
        };
    }

    /**
     * The member is gone and every member is told, from a thread of their own as from the cluster manager's; returns
     * once they have heard it.
     */
    public void leave(String nodeId) {
        members.remove(nodeId);
        Thread events = new Thread(() -> listeners.forEach(l -> l.accept(nodeId)), "test-cluster-events");
        events.start();
        try {
            events.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The member is gone, and nobody has been told yet. */
    public void vanish(String nodeId) {
        members.remove(nodeId);
    }
}
