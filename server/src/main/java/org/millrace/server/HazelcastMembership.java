package org.millrace.server;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.millrace.core.cluster.ClusterMembership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's members as Hazelcast sees them, named by their Vert.x node ids (the ids Vert.x's cluster manager
 * reports, e.g. for event-bus registrations). It listens to Hazelcast itself: Vert.x's cluster manager holds a single node listener,
 * which Vert.x's own HA manager occupies. Member-left listeners run on a Hazelcast event thread: they must hand any
 * real work to Vert.x (e.g. {@code vertx.runOnContext}) rather than block it.
 */
final class HazelcastMembership implements ClusterMembership {
    private static final Logger LOG = LoggerFactory.getLogger(HazelcastMembership.class);

    private final HazelcastInstance hazelcast;
    private final String localNodeId;
    private final List<Consumer<String>> leftListeners = new CopyOnWriteArrayList<>();

    HazelcastMembership(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
        this.localNodeId = nodeId(hazelcast.getCluster().getLocalMember());
        hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                LOG.info(
                        "cluster member joined: {} at {} ({} members)",
                        nodeId(event.getMember()),
                        event.getMember().getAddress(),
                        event.getMembers().size());
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                String nodeId = nodeId(event.getMember());
                LOG.warn(
                        "cluster member left: {} at {} ({} members)",
                        nodeId,
                        event.getMember().getAddress(),
                        event.getMembers().size());
                for (Consumer<String> listener : leftListeners) {
                    try {
                        listener.accept(nodeId);
                    } catch (RuntimeException e) {
                        LOG.warn("a member-left listener failed: {}", e.toString());
                    }
                }
            }
        });
    }

    @Override
    public String localNodeId() {
        return localNodeId;
    }

    @Override
    public Set<String> members() {
        if (!hazelcast.getLifecycleService().isRunning()) {
            return Set.of(localNodeId);
        }
        return hazelcast.getCluster().getMembers().stream()
                .map(HazelcastMembership::nodeId)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Vert.x's node id of a member (what its cluster manager reports), its Hazelcast UUID when it has none. */
    private static String nodeId(Member member) {
        String vertxId = member.getAttribute(HazelcastConfigFactory.VERTX_NODE_ID);
        return vertxId != null ? vertxId : member.getUuid().toString();
    }

    @Override
    public boolean clustered() {
        return true;
    }

    @Override
    public void onMemberLeft(Consumer<String> listener) {
        leftListeners.add(listener);
    }
}
