package org.millrace.core.cluster;

import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/** The membership of a process with a local event bus: itself alone, and nobody ever leaves. */
public final class LocalMembership implements ClusterMembership {
    private final String nodeId = UUID.randomUUID().toString();

    @Override
    public String localNodeId() {
        return nodeId;
    }

    @Override
    public Set<String> members() {
        return Set.of(nodeId);
    }

    @Override
    public boolean clustered() {
        return false;
    }

    @Override
    public void onMemberLeft(Consumer<String> listener) {
        // Nobody else is here to leave.
    }
}
