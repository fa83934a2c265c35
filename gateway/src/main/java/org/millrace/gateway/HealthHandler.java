package org.millrace.gateway;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import org.millrace.core.health.HealthCheck;
import org.millrace.core.health.NodeStatus;

/**
 * {@code GET /health}: 200 when every dependency this process has answers, 503 naming the ones that do not; the
 * services the process runs and its view of the cluster ride along.
 */
final class HealthHandler implements Handler<RoutingContext> {
    private final List<HealthCheck> checks;
    private final NodeStatus node;

    HealthHandler(List<HealthCheck> checks, NodeStatus node) {
        this.checks = List.copyOf(checks);
        this.node = node;
    }

    @Override
    public void handle(RoutingContext ctx) {
        List<Future<JsonObject>> results = new ArrayList<>();
        for (HealthCheck check : checks) {
            long start = System.nanoTime();
            results.add(check.check()
                    .map(ok -> new JsonObject()
                            .put("status", "up")
                            .put("latencyMs", (System.nanoTime() - start) / 1_000_000))
                    .otherwise(failure -> new JsonObject().put("status", "down").put("error", reason(failure))));
        }
        Future.join(results).onComplete(done -> {
            JsonObject detail = new JsonObject();
            List<String> down = new ArrayList<>();
            for (int i = 0; i < checks.size(); i++) {
                JsonObject result = results.get(i).result();
                detail.put(checks.get(i).name(), result);
                if (!"up".equals(result.getString("status"))) {
                    down.add(checks.get(i).name());
                }
            }
            JsonObject body = new JsonObject()
                    .put("status", down.isEmpty() ? "up" : "down")
                    .put("checks", detail)
                    .mergeIn(node.toJson());
            if (!down.isEmpty()) {
                body.put(
                        "error",
                        new JsonObject()
                                .put("code", "unhealthy")
                                .put("message", String.join(", ", down) + " down")
                                .put("requestId", RequestIds.of(ctx)));
            }
            ctx.response()
                    .setStatusCode(down.isEmpty() ? 200 : 503)
                    .putHeader("Content-Type", "application/json; charset=utf-8")
                    .putHeader("Cache-Control", "no-store")
                    .end(body.toBuffer());
        });
    }

    private static String reason(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
