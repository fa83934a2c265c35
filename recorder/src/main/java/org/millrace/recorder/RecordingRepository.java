package org.millrace.recorder;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The recordings table. Every status change is a conditional update on the status it leaves, so a late event or a
 * second worker cannot move a recording backwards (a ready recording is never touched again); a recording being
 * built is changed only by the recorder holding its claim.
 */
public final class RecordingRepository {
    private static final String COLUMNS = "id, seq, stream_id, session_id, owner_id, owner_username, title, "
            + "description, visibility, status, attempts, error, next_attempt_at, duration_seconds, video_id, "
            + "session_started_at, session_ended_at, created_at, updated_at";
    private static final String INSERT = "INSERT INTO recordings (id, stream_id, session_id, owner_id, owner_username, "
            + "title, description, visibility, session_started_at, session_ended_at, status) "
            + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ";
    /** Only a recording still on air takes the stream's latest details. */
    private static final String REFRESH_DETAILS = "title = EXCLUDED.title, description = EXCLUDED.description, "
            + "visibility = EXCLUDED.visibility, owner_username = EXCLUDED.owner_username, "
            + "session_started_at = COALESCE(recordings.session_started_at, EXCLUDED.session_started_at), "
            + "updated_at = now() ";

    /** Due work, or work whose builder stopped renewing its lease (a recording from before leases has none). */
    private static final String CLAIMABLE = "((status = 'pending' AND next_attempt_at <= now()) OR "
            + "(status = 'processing' AND COALESCE(lease_until, '-infinity') <= now())) ";
    /** The row is the claimant's ($2): a recorder that lost its claim changes nothing. */
    private static final String HELD_BY_2 = "status = 'processing' AND claimed_by = $2 ";

    private static final String RELEASE =
            "claimed_by = NULL, claimed_node = NULL, lease_until = NULL, " + "updated_at = now() ";

    private final Pool pool;

    public RecordingRepository(Pool pool) {
        this.pool = pool;
    }

    /** The session is on air: a recording row exists (created with {@code newId} if it was missing). */
    public Future<Void> upsertOnAir(String newId, LiveSession session) {
        return pool.preparedQuery(INSERT + "ON CONFLICT (session_id) DO UPDATE SET " + REFRESH_DETAILS
                        + "WHERE recordings.status = 'recording'")
                .execute(insertValues(newId, session, RecordingStatus.RECORDING))
                .mapEmpty();
    }

    /**
     * The session ended: its recording becomes pending, due now (created with {@code newId} if it was missing).
     * Answers whether this call made it pending (false: it already was, or is further along).
     */
    public Future<Boolean> upsertEnded(String newId, LiveSession session) {
        return pool.preparedQuery(INSERT + "ON CONFLICT (session_id) DO UPDATE SET " + REFRESH_DETAILS
                        + ", status = 'pending', next_attempt_at = now(), "
                        + "session_ended_at = COALESCE(EXCLUDED.session_ended_at, recordings.session_ended_at, now()) "
                        + "WHERE recordings.status = 'recording' RETURNING id")
                .execute(insertValues(newId, session, RecordingStatus.PENDING))
                .map(rows -> rows.size() > 0);
    }

    /** The session ended but its stream is gone: a recording already on air becomes pending with what it has. */
    public Future<Boolean> markEnded(String sessionId, Instant endedAt) {
        return pool.preparedQuery("UPDATE recordings SET status = 'pending', next_attempt_at = now(), "
                        + "session_ended_at = COALESCE($2, session_ended_at, now()), updated_at = now() "
                        + "WHERE session_id = $1 AND status = 'recording'")
                .execute(Tuple.of(sessionId, time(endedAt)))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Recordings whose session was still on air when last seen. */
    public Future<List<RecordingRow>> onAir() {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM recordings WHERE status = 'recording' ORDER BY seq")
                .execute()
                .map(RecordingRepository::all);
    }

    /** Work the given recorder node left half done (it left the cluster): claimable now. Answers how many. */
    public Future<Integer> releaseClaimsOf(String node) {
        return pool.preparedQuery("UPDATE recordings SET lease_until = now(), updated_at = now() "
                        + "WHERE status = 'processing' AND claimed_node = $1 AND lease_until > now()")
                .execute(Tuple.of(node))
                .map(RowSet::rowCount);
    }

    /** The recorder nodes holding a claim now (to release those of nodes no longer in the cluster). */
    public Future<List<String>> claimingNodes() {
        return pool.preparedQuery("SELECT DISTINCT claimed_node FROM recordings WHERE status = 'processing' "
                        + "AND claimed_node IS NOT NULL AND lease_until > now()")
                .execute()
                .map(rows -> {
                    List<String> nodes = new ArrayList<>();
                    rows.forEach(row -> nodes.add(row.getString("claimed_node")));
                    return nodes;
                });
    }

    /**
     * Takes the most overdue recording that is pending and due, or whose builder's lease ran out (it died), marks it
     * processing for {@code claimant} with one more attempt and a lease of {@code lease}, in one statement
     * ({@code SKIP LOCKED}: two recorders never take the same one).
     */
    public Future<Optional<RecordingRow>> claimDue(Claimant claimant, Duration lease) {
        return pool.preparedQuery("UPDATE recordings SET status = 'processing', attempts = attempts + 1, "
                        + "claimed_by = $1, claimed_node = $2, lease_until = now() + $3 * interval '1 millisecond', "
                        + "updated_at = now() WHERE id = (SELECT id FROM recordings WHERE " + CLAIMABLE
                        + "ORDER BY next_attempt_at, seq LIMIT 1 FOR UPDATE SKIP LOCKED) AND " + CLAIMABLE
                        + "RETURNING " + COLUMNS)
                .execute(Tuple.of(claimant.id(), claimant.node(), lease.toMillis()))
                .map(RecordingRepository::first);
    }

    /**
     * Extends the claimant's lease on a recording it is building. False when the recording is no longer its own
     * (its lease ran out and another recorder took it over, or it left processing).
     */
    public Future<Boolean> renewLease(String id, Claimant claimant, Duration lease) {
        return pool.preparedQuery("UPDATE recordings SET lease_until = now() + $3 * interval '1 millisecond' "
                        + "WHERE id = $1 AND claimed_by = $2 AND status = 'processing'")
                .execute(Tuple.of(id, claimant.id(), lease.toMillis()))
                .map(rows -> rows.rowCount() > 0);
    }

    /**
     * How long until the next recording may be claimed: a pending one falls due, or a build's lease runs out (if
     * its recorder is alive it renews it first). Empty when there is none.
     */
    public Future<Optional<Duration>> nextDueIn() {
        // NULL when no row matches; clamped in Java, since GREATEST(0, NULL) is 0 in PostgreSQL (an idle recorder
        // would wake every 50 ms for nothing). A '-infinity' lease (none recorded) is due now.
        return pool.preparedQuery("SELECT (EXTRACT(EPOCH FROM (min(CASE WHEN status = 'pending' "
                        + "THEN next_attempt_at ELSE COALESCE(lease_until, '-infinity') END) - now())) * 1000)"
                        + "::float8 AS due_ms FROM recordings WHERE status IN ('pending', 'processing')")
                .execute()
                .map(rows -> {
                    Double ms = rows.iterator().next().getDouble("due_ms");
                    return ms == null
                            ? Optional.<Duration>empty()
                            : Optional.of(Duration.ofMillis(ms.isInfinite() || ms < 0 ? 0 : Math.round(ms)));
                });
    }

    /** The stream's latest details, taken just before the import. */
    public Future<Void> refreshDetails(
            String id, Claimant claimant, String title, String description, String visibility) {
        return pool.preparedQuery("UPDATE recordings SET title = $3, description = $4, visibility = $5, "
                        + "updated_at = now() WHERE id = $1 AND " + HELD_BY_2)
                .execute(Tuple.of(id, claimant.id(), title, description, visibility))
                .mapEmpty();
    }

    /** The build is imported. False when the claim was lost meanwhile (the row is another recorder's). */
    public Future<Boolean> markReady(String id, Claimant claimant, String videoId, double durationSeconds) {
        return pool.preparedQuery("UPDATE recordings SET status = 'ready', video_id = $3, duration_seconds = $4, "
                        + "error = NULL, " + RELEASE + "WHERE id = $1 AND " + HELD_BY_2)
                .execute(Tuple.of(id, claimant.id(), videoId, durationSeconds))
                .map(rows -> rows.rowCount() > 0);
    }

    /** This attempt failed and another is allowed: pending again, due after {@code delay}. */
    public Future<Void> retryLater(String id, Claimant claimant, String error, Duration delay) {
        return pool.preparedQuery("UPDATE recordings SET status = 'pending', error = $3, "
                        + "next_attempt_at = now() + $4 * interval '1 millisecond', " + RELEASE
                        + "WHERE id = $1 AND " + HELD_BY_2)
                .execute(Tuple.of(id, claimant.id(), error, delay.toMillis()))
                .mapEmpty();
    }

    /** Not built yet, and this attempt does not count (storage is still catching up): pending again after {@code delay}. */
    public Future<Void> postpone(String id, Claimant claimant, String reason, Duration delay) {
        return pool.preparedQuery("UPDATE recordings SET status = 'pending', attempts = GREATEST(attempts - 1, 0), "
                        + "error = $3, next_attempt_at = now() + $4 * interval '1 millisecond', " + RELEASE
                        + "WHERE id = $1 AND " + HELD_BY_2)
                .execute(Tuple.of(id, claimant.id(), reason, delay.toMillis()))
                .mapEmpty();
    }

    public Future<Void> markFailed(String id, Claimant claimant, String error) {
        return pool.preparedQuery("UPDATE recordings SET status = 'failed', error = $3, " + RELEASE
                        + "WHERE id = $1 AND " + HELD_BY_2)
                .execute(Tuple.of(id, claimant.id(), error))
                .mapEmpty();
    }

    /**
     * An owner asks for another go at a failed recording: pending again with a fresh set of attempts, due now.
     * Empty when it is not theirs or not failed.
     */
    public Future<Optional<RecordingRow>> retryFailed(String id, String ownerId) {
        return pool.preparedQuery("UPDATE recordings SET status = 'pending', attempts = 0, error = NULL, "
                        + "next_attempt_at = now(), updated_at = now() WHERE id = $1 AND owner_id = $2 "
                        + "AND status = 'failed' RETURNING " + COLUMNS)
                .execute(Tuple.of(id, ownerId))
                .map(RecordingRepository::first);
    }

    public Future<Optional<RecordingRow>> findById(String id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM recordings WHERE id = $1")
                .execute(Tuple.of(id))
                .map(RecordingRepository::first);
    }

    /** One owner's recordings, newest first, at most {@code limit} after the cursor {@code beforeSeq} (null: top). */
    public Future<List<RecordingRow>> listByOwner(String ownerId, Long beforeSeq, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM recordings WHERE owner_id = $1 "
                        + "AND ($2::bigint IS NULL OR seq < $2) ORDER BY seq DESC LIMIT $3")
                .execute(Tuple.of(ownerId, beforeSeq, limit))
                .map(RecordingRepository::all);
    }

    private static Tuple insertValues(String id, LiveSession s, RecordingStatus status) {
        return Tuple.of(
                id,
                s.streamId(),
                s.sessionId(),
                s.ownerId(),
                s.ownerUsername(),
                s.recordingTitle(),
                s.description() == null ? "" : s.description(),
                s.recordingVisibility(),
                time(s.startedAt()),
                time(s.endedAt()),
                status.wireName());
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Optional<RecordingRow> first(RowSet<Row> rows) {
        return rows.size() == 0
                ? Optional.empty()
                : Optional.of(toRow(rows.iterator().next()));
    }

    private static List<RecordingRow> all(RowSet<Row> rows) {
        List<RecordingRow> result = new ArrayList<>();
        rows.forEach(row -> result.add(toRow(row)));
        return result;
    }

    private static RecordingRow toRow(Row row) {
        return new RecordingRow(
                row.getString("id"),
                row.getLong("seq"),
                row.getString("stream_id"),
                row.getString("session_id"),
                row.getString("owner_id"),
                row.getString("owner_username"),
                row.getString("title"),
                row.getString("description"),
                row.getString("visibility"),
                RecordingStatus.fromWire(row.getString("status")),
                row.getInteger("attempts"),
                row.getString("error"),
                instant(row.getOffsetDateTime("next_attempt_at")),
                row.getDouble("duration_seconds"),
                row.getString("video_id"),
                instant(row.getOffsetDateTime("session_started_at")),
                instant(row.getOffsetDateTime("session_ended_at")),
                instant(row.getOffsetDateTime("created_at")),
                instant(row.getOffsetDateTime("updated_at")));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
