package org.millrace.core.cluster;

import java.util.Set;
import java.util.function.Consumer;

/**
 * Which processes are in the cluster, as the cluster manager (Hazelcast) sees them: services use it to tell whether
 * the node that held a publisher or a job is still alive. In one process it is that process alone.
 */
public interface ClusterMembership {

    /** This process's node id, stable for its lifetime (a new one after a restart). */
    String localNodeId();

    /** The node ids of the members now in the cluster, this one included. */
    Set<String> members();

    /** Whether the event bus is clustered (more than one process may run services). */
    boolean clustered();

    /** Calls {@code listener} with the node id of each member that leaves (dies, or is declared dead). */
    void onMemberLeft(Consumer<String> listener);

    default boolean isMember(String nodeId) {
        return members().contains(nodeId);
    }
}
