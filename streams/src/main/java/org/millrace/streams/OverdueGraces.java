package org.millrace.streams;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Ends the sessions of streams whose reconnect grace ran out, from the moment the database noted they turned
 * reconnecting ({@code streams.reconnecting_since}): every streams instance runs this every
 * {@link #INTERVAL}, so a grace ends on time even when the instance that armed its timer died or was stopped.
 * One conditional statement per sweep ends each overdue session exactly once: rows another instance is ending are
 * skipped ({@code SKIP LOCKED}), and a row ended meanwhile (by a timer, a resume, another sweep) no longer matches.
 */
final class OverdueGraces {
    /** How late, at worst, a grace whose timer died with its instance ends. */
    static final Duration INTERVAL = Duration.ofSeconds(1);

    private static final int BATCH = 100;
    private static final String END_OVERDUE = "WITH due AS (SELECT id, current_session_id FROM streams "
            + "WHERE status = 'reconnecting' AND reconnecting_since <= now() - make_interval(secs => $1) "
            + "ORDER BY reconnecting_since LIMIT $2 FOR UPDATE SKIP LOCKED), "
            + "ended AS (UPDATE streams s SET status = 'offline', current_session_id = NULL, started_at = NULL, "
            + "ingest_node = NULL, updated_at = now() FROM due WHERE s.id = due.id "
            + "RETURNING s.id AS stream_id, due.current_session_id AS session_id), "
            + "closed AS (UPDATE live_sessions l SET ended_at = now() FROM ended "
            + "WHERE l.id = ended.session_id AND l.ended_at IS NULL) "
            + "SELECT stream_id, session_id FROM ended";

    private final Pool pool;
    private final Duration grace;

    OverdueGraces(Pool pool, Duration grace) {
        this.pool = pool;
        this.grace = grace;
    }

    /** Ends the overdue sessions (at most a batch); answers those this call ended, each exactly once. */
    Future<List<StreamRepository.Reconnecting>> endOverdue() {
        return pool.preparedQuery(END_OVERDUE)
                .execute(Tuple.of(grace.toMillis() / 1000.0, BATCH))
                .map(rows -> {
                    List<StreamRepository.Reconnecting> ended = new ArrayList<>();
                    rows.forEach(row -> ended.add(new StreamRepository.Reconnecting(
                            row.getString("stream_id"), row.getString("session_id"))));
                    return ended;
                });
    }
}
