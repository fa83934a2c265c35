package org.millrace.recorder;

import io.vertx.core.Future;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frees the claims of recorder nodes that left the cluster, so their builds are taken over at once instead of when
 * their lease runs out. Only a shortcut: the lease alone keeps the claims correct.
 */
final class DepartedRecorders {
    private static final Logger LOG = LoggerFactory.getLogger(DepartedRecorders.class);

    private final RecordingRepository repository;
    private final String localNode;
    private final Runnable wake;

    DepartedRecorders(RecordingRepository repository, String localNode, Runnable wake) {
        this.repository = repository;
        this.localNode = localNode;
        this.wake = wake;
    }

    /** At start-up: nodes that hold claims but are not among {@code members} died while building. */
    Future<Void> releaseAllBut(Set<String> members) {
        return repository
                .claimingNodes()
                .compose(nodes -> Future.all(nodes.stream()
                        .filter(node -> !members.contains(node))
                        .map(this::left)
                        .toList()))
                .<Void>mapEmpty()
                .recover(e -> {
                    LOG.warn("could not release the claims of departed recorders: {}", e.getMessage());
                    return Future.succeededFuture();
                });
    }

    /** A cluster member left: the builds it held are claimable now. */
    Future<Void> left(String node) {
        if (node.equals(localNode)) {
            return Future.succeededFuture();
        }
        return repository
                .releaseClaimsOf(node)
                .<Void>map(n -> {
                    if (n > 0) {
                        LOG.info(
                                "{} recording(s) being built on node {}, which left the cluster, are taken over",
                                n,
                                node);
                        wake.run();
                    }
                    return null;
                })
                .recover(e -> {
                    LOG.warn(
                            "could not release the claims of node {} (their leases will run out): {}",
                            node,
                            e.getMessage());
                    return Future.succeededFuture();
                });
    }
}
