package org.millrace.core.config;

import java.util.List;
import java.util.Optional;

/**
 * How this process joins the clustered event bus, read once from the {@code MILLRACE_CLUSTER_*} variables.
 *
 * @param members           Hazelcast members to discover over TCP-IP ({@code host:port}); empty with no Kubernetes
 *                          service means no cluster (a local event bus)
 * @param kubernetesService the headless service for Hazelcast's Kubernetes DNS discovery, instead of members
 * @param port              this member's Hazelcast port
 * @param host              the interface Hazelcast and the event bus bind
 * @param publicHost        the address other members reach this one at
 * @param eventBusPort      the clustered event bus's TCP port, 0 for any
 */
public record ClusterSettings(
        List<String> members,
        Optional<String> kubernetesService,
        int port,
        String host,
        String publicHost,
        int eventBusPort) {

    public ClusterSettings {
        members = List.copyOf(members);
    }

    /** A local, unclustered event bus: the all-in-one server and single-process runs. */
    public static ClusterSettings none() {
        return new ClusterSettings(List.of(), Optional.empty(), 5701, "127.0.0.1", "127.0.0.1", 0);
    }

    public boolean clustered() {
        return !members.isEmpty() || kubernetesService.isPresent();
    }
}
