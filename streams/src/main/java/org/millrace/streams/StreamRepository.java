package org.millrace.streams;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.millrace.core.bus.PublishAuthorization;
import org.millrace.core.bus.ServiceException;

/** The streams and live_sessions tables; every value travels as a $n parameter. */
public final class StreamRepository {
    private static final String COLUMNS = "id, seq, owner_id, owner_username, title, description, passphrase_enc, "
            + "disabled, status, current_session_id, started_at, created_at, updated_at, current_renditions, recording_visibility, ingest_node";

    private final Pool pool;

    public StreamRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * What {@link #startPublishing} did: a new session, or the same one resumed within the grace window;
     * {@code takenOver} when it was still live on an ingest node that has left the cluster.
     */
    public record StartOutcome(String sessionId, Instant startedAt, boolean resumed, boolean takenOver) {}

    /**
     * The ingest node a publisher reached: its cluster node id (null: unknown), how many sessions it may hold (null:
     * no limit) and which nodes have left the cluster.
     */
    public record IngestPlace(String node, Integer capacity, Predicate<String> departed) {}

    /** A stream waiting out its reconnect grace. */
    public record Reconnecting(String streamId, String sessionId) {}

    public Future<StreamRow> insert(
            String id,
            String ownerId,
            String ownerUsername,
            String title,
            String description,
            byte[] keyHash,
            String passphraseSealed,
            String recordingVisibility) {
        return pool.preparedQuery("INSERT INTO streams (id, owner_id, owner_username, title, description, key_hash, "
                        + "passphrase_enc, recording_visibility) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING "
                        + COLUMNS)
                .execute(Tuple.of(
                        id,
                        ownerId,
                        ownerUsername,
                        title,
                        description,
                        Buffer.buffer(keyHash),
                        passphraseSealed,
                        recordingVisibility))
                .map(rows -> toRow(rows.iterator().next()));
    }

    public Future<Optional<StreamRow>> findById(String id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM streams WHERE id = $1")
                .execute(Tuple.of(id))
                .map(StreamRepository::first);
    }

    public Future<Optional<StreamRow>> findByKeyHash(byte[] keyHash) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM streams WHERE key_hash = $1")
                .execute(Tuple.of(Buffer.buffer(keyHash)))
                .map(StreamRepository::first);
    }

    /**
     * Newest first, at most {@code limit} rows after the cursor position {@code beforeSeq} (null: from the top),
     * optionally only one owner's ({@code ownerId} null: everyone's).
     */
    public Future<List<StreamRow>> list(boolean liveOnly, String ownerId, Long beforeSeq, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM streams "
                        + "WHERE ($1 IS FALSE OR status <> 'offline') AND ($2::text IS NULL OR owner_id = $2) "
                        + "AND ($3::bigint IS NULL OR seq < $3) ORDER BY seq DESC LIMIT $4")
                .execute(Tuple.of(liveOnly, ownerId, beforeSeq, limit))
                .map(rows -> {
                    List<StreamRow> result = new ArrayList<>();
                    rows.forEach(row -> result.add(toRow(row)));
                    return result;
                });
    }

    /**
     * Changes the given fields; a null title, description, disabled or recording visibility keeps the current
     * value, and the passphrase is replaced (with {@code passphraseSealed}, possibly null) only when
     * {@code setPassphrase}.
     */
    public Future<Optional<StreamRow>> update(
            String id,
            String title,
            String description,
            boolean setPassphrase,
            String passphraseSealed,
            Boolean disabled,
            String recordingVisibility) {
        return pool.preparedQuery("UPDATE streams SET title = COALESCE($2, title), "
                        + "description = COALESCE($3, description), "
                        + "passphrase_enc = CASE WHEN $4 THEN $5 ELSE passphrase_enc END, "
                        + "disabled = COALESCE($6, disabled), "
                        + "recording_visibility = COALESCE($7, recording_visibility), updated_at = now() "
                        + "WHERE id = $1 RETURNING " + COLUMNS)
                .execute(Tuple.of(
                        id, title, description, setPassphrase, passphraseSealed, disabled, recordingVisibility))
                .map(StreamRepository::first);
    }

    /** Replaces the key hash (the old key stops working with this statement) and the passphrase. */
    public Future<Optional<StreamRow>> rotateKey(
            String id, byte[] keyHash, boolean setPassphrase, String passphraseSealed) {
        return pool.preparedQuery("UPDATE streams SET key_hash = $2, "
                        + "passphrase_enc = CASE WHEN $3 THEN $4 ELSE passphrase_enc END, updated_at = now() "
                        + "WHERE id = $1 RETURNING " + COLUMNS)
                .execute(Tuple.of(id, Buffer.buffer(keyHash), setPassphrase, passphraseSealed))
                .map(StreamRepository::first);
    }

    public Future<Boolean> delete(String id) {
        return pool.preparedQuery("DELETE FROM streams WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.rowCount() > 0);
    }

    /**
     * A publisher connected: resumes the session of a reconnecting stream, or opens a new one for an offline
     * stream. Checked again here, under the row lock (and a lock on the owner, so two streams of one account
     * cannot both take its last place): a stream already live answers 409 {@code already_live}, a disabled one 403
     * {@code disabled}, a key rotated since it was authorized ({@code keyHash} is the hash it was authorized with;
     * null skips the check) 403 {@code key_revoked}, and an owner with {@code maxLivePerOwner} other streams live
     * 409 {@code publisher_limit}. The ingest node ({@code place}) holds the session from now on; one holding its
     * capacity of other sessions already answers 409 {@code ingest_full} (under a lock on the node, so two
     * publishers cannot both take its last place). A stream live on a node that departed (it left the cluster, its
     * stop will never come) is taken over: the session resumes on this node.
     */
    public Future<StartOutcome> startPublishing(
            String streamId,
            String newSessionId,
            String publisher,
            byte[] keyHash,
            int maxLivePerOwner,
            IngestPlace place) {
        String ingestNode = place.node();
        Predicate<String> departed = place.departed();
        return pool.withTransaction(conn -> conn.preparedQuery(
                        "SELECT pg_advisory_xact_lock(hashtext('millrace.streams.owner:' || owner_id)) "
                                + "FROM streams WHERE id = $1")
                .execute(Tuple.of(streamId))
                // Always after the owner's lock: every transaction takes the two in the same order.
                .compose(owner -> place.capacity() == null || ingestNode == null
                        ? Future.succeededFuture(owner)
                        : conn.preparedQuery("SELECT pg_advisory_xact_lock(hashtext('millrace.ingest.node:' || $1))")
                                .execute(Tuple.of(ingestNode)))
                .compose(locked -> conn.preparedQuery("SELECT owner_id, status, disabled, key_hash, "
                                + "current_session_id, started_at, ingest_node FROM streams WHERE id = $1 FOR UPDATE")
                        .execute(Tuple.of(streamId)))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.failedFuture(ServiceException.notFound("no such stream"));
                    }
                    Row row = rows.iterator().next();
                    if (row.getBoolean("disabled")) {
                        return Future.failedFuture(
                                new ServiceException(403, PublishAuthorization.DISABLED, "the stream is disabled"));
                    }
                    if (keyHash != null
                            && !MessageDigest.isEqual(
                                    keyHash, row.getBuffer("key_hash").getBytes())) {
                        return Future.failedFuture(
                                new ServiceException(403, PublishAuthorization.KEY_REVOKED, "the key was rotated"));
                    }
                    LiveStatus status = LiveStatus.fromWire(row.getString("status"));
                    boolean takeover = status == LiveStatus.LIVE && departed.test(row.getString("ingest_node"));
                    if (status == LiveStatus.LIVE && !takeover) {
                        return Future.failedFuture(ServiceException.conflict(
                                PublishAuthorization.ALREADY_LIVE, "the stream already has a publisher"));
                    }
                    return countLive(conn, row.getString("owner_id"), streamId).compose(live -> {
                        if (live >= maxLivePerOwner) {
                            return Future.failedFuture(ServiceException.conflict(
                                    PublishAuthorization.PUBLISHER_LIMIT,
                                    "the account already has " + live + " streams live"));
                        }
                        return heldByOthers(conn, place, streamId).compose(held -> {
                            if (place.capacity() != null && held >= place.capacity()) {
                                return Future.failedFuture(ServiceException.conflict(
                                        PublishAuthorization.INGEST_FULL,
                                        "the ingest node holds " + held + " sessions"));
                            }
                            return status == LiveStatus.OFFLINE
                                    ? open(conn, streamId, newSessionId, publisher, ingestNode)
                                    : resume(conn, streamId, row, ingestNode, takeover);
                        });
                    });
                }));
    }

    /**
     * How many sessions other than {@code exceptStreamId}'s the ingest node holds: live on it, or reconnecting after
     * a publisher there (their place is kept for the grace; a session coming back is not counted twice).
     */
    public Future<Integer> countHeldBy(String ingestNode, String exceptStreamId) {
        return countHeldBy(pool, ingestNode, exceptStreamId);
    }

    private static Future<Integer> heldByOthers(SqlClient client, IngestPlace place, String streamId) {
        return place.capacity() == null || place.node() == null
                ? Future.succeededFuture(0)
                : countHeldBy(client, place.node(), streamId);
    }

    private static Future<Integer> countHeldBy(SqlClient client, String ingestNode, String exceptStreamId) {
        return client.preparedQuery("SELECT count(*) AS held FROM streams WHERE ingest_node = $1 "
                        + "AND status <> 'offline' AND id <> $2")
                .execute(Tuple.of(ingestNode, exceptStreamId))
                .map(rows -> rows.iterator().next().getLong("held").intValue());
    }

    /** How many of the owner's streams other than {@code exceptStreamId} are live. */
    public Future<Integer> countLive(String ownerId, String exceptStreamId) {
        return countLive(pool, ownerId, exceptStreamId);
    }

    private static Future<Integer> countLive(SqlClient client, String ownerId, String exceptStreamId) {
        return client.preparedQuery("SELECT count(*) AS live FROM streams WHERE owner_id = $1 AND status = 'live' "
                        + "AND id <> $2")
                .execute(Tuple.of(ownerId, exceptStreamId))
                .map(rows -> rows.iterator().next().getLong("live").intValue());
    }

    /**
     * Ends the stream's session now, whether live or reconnecting (its publishing was revoked: no grace). Answers
     * the session ended, empty when the stream was offline or is gone.
     */
    public Future<Optional<String>> endSessionNow(String streamId) {
        return pool.withTransaction(conn -> conn.preparedQuery(
                        "SELECT current_session_id FROM streams WHERE id = $1 AND status <> 'offline' " + "FOR UPDATE")
                .execute(Tuple.of(streamId))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.succeededFuture(Optional.<String>empty());
                    }
                    String sessionId = rows.iterator().next().getString("current_session_id");
                    return conn.preparedQuery("UPDATE streams SET status = 'offline', current_session_id = NULL, "
                                    + "started_at = NULL, ingest_node = NULL, updated_at = now() WHERE id = $1")
                            .execute(Tuple.of(streamId))
                            .compose(done -> conn.preparedQuery("UPDATE live_sessions SET ended_at = now() "
                                            + "WHERE id = $1 AND ended_at IS NULL")
                                    .execute(Tuple.of(sessionId)))
                            .map(done -> Optional.ofNullable(sessionId));
                }));
    }

    private static Future<StartOutcome> resume(
            SqlConnection conn, String streamId, Row row, String ingestNode, boolean takeover) {
        return conn.preparedQuery(
                        "UPDATE streams SET status = 'live', ingest_node = $2, updated_at = now() " + "WHERE id = $1")
                .execute(Tuple.of(streamId, ingestNode))
                .map(done -> new StartOutcome(
                        row.getString("current_session_id"),
                        instant(row.getOffsetDateTime("started_at")),
                        true,
                        takeover));
    }

    private static Future<StartOutcome> open(
            SqlConnection conn, String streamId, String sessionId, String publisher, String ingestNode) {
        return conn.preparedQuery("INSERT INTO live_sessions (id, stream_id, started_at, publisher) "
                        + "VALUES ($1, $2, now(), $3) RETURNING started_at")
                .execute(Tuple.of(sessionId, streamId, publisher))
                .compose(inserted -> conn.preparedQuery("UPDATE streams SET status = 'live', current_session_id = $2, "
                                + "started_at = now(), current_renditions = '[]'::jsonb, ingest_node = $3, "
                                + "updated_at = now() WHERE id = $1")
                        .execute(Tuple.of(streamId, sessionId, ingestNode))
                        .map(done -> new StartOutcome(
                                sessionId,
                                instant(inserted.iterator().next().getOffsetDateTime("started_at")),
                                false,
                                false)));
    }

    /**
     * The publisher dropped: a live stream turns reconnecting. Only the given session (when not null) is affected,
     * so a late stop of an old session cannot interrupt a newer one; likewise only the ingest node holding it
     * ({@code ingestNode} null: any), so a node cut off from the cluster, whose session another node took over,
     * cannot interrupt it. Empty when nothing changed.
     */
    public Future<Optional<String>> markReconnecting(String streamId, String sessionId, String ingestNode) {
        return pool.preparedQuery("UPDATE streams SET status = 'reconnecting', updated_at = now() "
                        + "WHERE id = $1 AND status = 'live' AND ($2::text IS NULL OR current_session_id = $2) "
                        + "AND ($3::text IS NULL OR ingest_node IS NULL OR ingest_node = $3) "
                        + "RETURNING current_session_id")
                .execute(Tuple.of(streamId, sessionId, ingestNode))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(rows.iterator().next().getString("current_session_id")));
    }

    /** The grace ran out: the stream goes offline and its session ends, unless the publisher came back. */
    public Future<Boolean> endSession(String streamId, String sessionId) {
        return pool.withTransaction(conn -> conn.preparedQuery(
                        "UPDATE streams SET status = 'offline', current_session_id = NULL, started_at = NULL, "
                                + "ingest_node = NULL, updated_at = now() "
                                + "WHERE id = $1 AND status = 'reconnecting' AND current_session_id = $2")
                .execute(Tuple.of(streamId, sessionId))
                .compose(rows -> rows.rowCount() == 0
                        ? Future.succeededFuture(false)
                        : conn.preparedQuery("UPDATE live_sessions SET ended_at = now() WHERE id = $1")
                                .execute(Tuple.of(sessionId))
                                .map(true)));
    }

    /** The only ingest (re)started, so nobody publishes any stream: every live one turns reconnecting. */
    public Future<List<Reconnecting>> markAllLiveReconnecting() {
        return pool.preparedQuery("UPDATE streams SET status = 'reconnecting', updated_at = now() "
                        + "WHERE status = 'live' RETURNING id, current_session_id")
                .execute()
                .map(StreamRepository::reconnectingRows);
    }

    /**
     * Ingest nodes left the cluster: the live streams held by none of {@code members} (or by no recorded node,
     * rows from before nodes were recorded) turn reconnecting.
     */
    public Future<List<Reconnecting>> markLiveReconnectingExcept(Set<String> members) {
        return pool.preparedQuery("UPDATE streams SET status = 'reconnecting', updated_at = now() "
                        + "WHERE status = 'live' AND (ingest_node IS NULL OR NOT (ingest_node = ANY($1))) "
                        + "RETURNING id, current_session_id")
                .execute(Tuple.of(members.toArray(String[]::new)))
                .map(StreamRepository::reconnectingRows);
    }

    /** One ingest node left the cluster: the streams live on it turn reconnecting. */
    public Future<List<Reconnecting>> markNodeReconnecting(String ingestNode) {
        return pool.preparedQuery("UPDATE streams SET status = 'reconnecting', updated_at = now() "
                        + "WHERE status = 'live' AND ingest_node = $1 RETURNING id, current_session_id")
                .execute(Tuple.of(ingestNode))
                .map(StreamRepository::reconnectingRows);
    }

    private static List<Reconnecting> reconnectingRows(RowSet<Row> rows) {
        List<Reconnecting> result = new ArrayList<>();
        rows.forEach(row -> result.add(new Reconnecting(row.getString("id"), row.getString("current_session_id"))));
        return result;
    }

    /** Streams that were waiting out a grace when the service last stopped (their timers were lost with it). */
    public Future<List<Reconnecting>> reconnecting() {
        return pool.preparedQuery("SELECT id, current_session_id FROM streams WHERE status = 'reconnecting'")
                .execute()
                .map(rows -> {
                    List<Reconnecting> result = new ArrayList<>();
                    rows.forEach(row ->
                            result.add(new Reconnecting(row.getString("id"), row.getString("current_session_id"))));
                    return result;
                });
    }

    /** One live session with its stream, as the recorder asks for it; empty when either is unknown. */
    public Future<Optional<SessionRow>> findSession(String streamId, String sessionId) {
        return pool.preparedQuery("SELECT " + prefixed("s.") + ", l.started_at AS session_started_at, "
                        + "l.ended_at AS session_ended_at FROM live_sessions l JOIN streams s ON s.id = l.stream_id "
                        + "WHERE l.stream_id = $1 AND l.id = $2")
                .execute(Tuple.of(streamId, sessionId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new SessionRow(
                            toRow(row),
                            sessionId,
                            instant(row.getOffsetDateTime("session_started_at")),
                            instant(row.getOffsetDateTime("session_ended_at"))));
                });
    }

    /** A live session and the stream it belongs to; {@code endedAt} is null while the session goes on. */
    public record SessionRow(StreamRow stream, String sessionId, Instant startedAt, Instant endedAt) {}

    private static String prefixed(String alias) {
        return java.util.Arrays.stream(COLUMNS.split(",\\s*"))
                .map(c -> alias + c)
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private static Optional<StreamRow> first(RowSet<Row> rows) {
        return rows.size() == 0
                ? Optional.empty()
                : Optional.of(toRow(rows.iterator().next()));
    }

    private static StreamRow toRow(Row row) {
        return new StreamRow(
                row.getString("id"),
                row.getLong("seq"),
                row.getString("owner_id"),
                row.getString("owner_username"),
                row.getString("title"),
                row.getString("description"),
                row.getString("passphrase_enc"),
                row.getBoolean("disabled"),
                LiveStatus.fromWire(row.getString("status")),
                row.getString("current_session_id"),
                instant(row.getOffsetDateTime("started_at")),
                instant(row.getOffsetDateTime("created_at")),
                instant(row.getOffsetDateTime("updated_at")),
                renditions(row.getValue("current_renditions")),
                row.getString("recording_visibility"),
                row.getString("ingest_node"));
    }

    private static io.vertx.core.json.JsonArray renditions(Object value) {
        return value instanceof io.vertx.core.json.JsonArray array ? array : new io.vertx.core.json.JsonArray();
    }

    /** The transcoder's renditions for the stream's session; ignored when the stream has moved on to another one. */
    public Future<Void> setRenditions(String streamId, String sessionId, io.vertx.core.json.JsonArray renditions) {
        return pool.preparedQuery(
                        "UPDATE streams SET current_renditions = $3 WHERE id = $1 AND current_session_id = $2")
                .execute(Tuple.of(streamId, sessionId, renditions))
                .mapEmpty();
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
