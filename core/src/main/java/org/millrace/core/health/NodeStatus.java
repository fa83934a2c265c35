package org.millrace.core.health;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import org.millrace.core.cluster.ClusterMembership;
import org.millrace.core.config.ServiceRole;

/**
 * What {@code /health} says about the process itself, next to its dependency checks: the services it runs and how
 * it sees the cluster (an operator reading one probe learns which node answered and whether it sees its peers).
 */
public record NodeStatus(Set<ServiceRole> services, ClusterMembership membership) {

    public NodeStatus {
        services = Set.copyOf(services);
    }

    /** {@code "services"} (sorted names) and {@code "cluster"} ({@code clustered}, {@code nodeId}, {@code members}). */
    public JsonObject toJson() {
        return new JsonObject()
                .put(
                        "services",
                        new JsonArray(services.stream()
                                .sorted()
                                .map(ServiceRole::configName)
                                .toList()))
                .put(
                        "cluster",
                        new JsonObject()
                                .put("clustered", membership.clustered())
                                .put("nodeId", membership.localNodeId())
                                .put("members", membership.members().size()));
    }
}
