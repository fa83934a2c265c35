package org.millrace.recorder;

import java.util.UUID;

/**
 * Who holds a recording's claim: one recorder instance ({@code id}, unique per start) on one cluster node
 * ({@code node}, the cluster manager's id of its process, so a node that leaves can have its claims released).
 */
public record Claimant(String id, String node) {

    /** A fresh recorder instance on {@code node}. */
    public static Claimant on(String node) {
        return new Claimant(node + "/" + UUID.randomUUID(), node);
    }
}
