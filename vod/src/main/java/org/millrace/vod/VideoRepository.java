package org.millrace.vod;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The videos, video_likes and video_views tables; every value travels as a $n parameter. */
public final class VideoRepository {
    /** Text search configuration of the {@code search} column (see the migration): no stemming, no stop words. */
    static final String TEXT_SEARCH_CONFIG = "simple";

    private static final String COLUMNS = "v.id, v.seq, v.owner_id, v.owner_username, v.title, v.description, v.tags, "
            + "v.visibility, v.stream_id, v.recording_id, v.session_id, v.recorded_at, v.duration_seconds, v.width, "
            + "v.height, v.mp4_key, v.mp4_bytes, v.poster_key, v.thumbnails, v.thumbnails_prefix, v.hls_prefix, "
            + "v.hls_master, v.views, v.likes, v.created_at, v.updated_at";

    private final Pool pool;

    public VideoRepository(Pool pool) {
        this.pool = pool;
    }

    /** The columns plus whether user {@code $n} likes the video. */
    private static String columnsWithLike(int callerParam) {
        return COLUMNS + ", ($" + callerParam + "::text IS NOT NULL AND EXISTS (SELECT 1 FROM video_likes l "
                + "WHERE l.video_id = v.id AND l.user_id = $" + callerParam + ")) AS liked_by_me";
    }

    /** Inserts the video; empty when a video of the same recording exists already (then nothing changed). */
    public Future<Optional<VideoRow>> insert(String id, VideoImport video) {
        return pool.preparedQuery("INSERT INTO videos AS v (id, owner_id, owner_username, title, description, tags, "
                        + "visibility, stream_id, recording_id, session_id, recorded_at, duration_seconds, width, "
                        + "height, mp4_key, mp4_bytes, poster_key, thumbnails, thumbnails_prefix, hls_prefix, "
                        + "hls_master) VALUES ($1, $2, $3, $4, $5, $6::text[], $7, $8, $9, $10, $11, $12, $13, $14, "
                        + "$15, $16, $17, $18, $19, $20, $21) ON CONFLICT (recording_id) DO NOTHING RETURNING "
                        + columnsWithLike(22))
                .execute(Tuple.from(new Object[] {
                    id,
                    video.ownerId(),
                    video.ownerUsername(),
                    video.title(),
                    video.description(),
                    video.tags().toArray(String[]::new),
                    video.visibility().wireName(),
                    video.streamId(),
                    video.recordingId(),
                    video.sessionId(),
                    utc(video.recordedAt()),
                    video.durationSeconds(),
                    video.width(),
                    video.height(),
                    video.mp4Key(),
                    video.mp4Bytes(),
                    video.posterKey(),
                    video.thumbnails(),
                    video.thumbnailsPrefix(),
                    video.hlsPrefix(),
                    video.hlsMaster(),
                    null
                }))
                .map(VideoRepository::first);
    }

    public Future<Optional<VideoRow>> findByRecording(String recordingId) {
        return pool.preparedQuery("SELECT " + columnsWithLike(2) + " FROM videos v WHERE v.recording_id = $1")
                .execute(Tuple.tuple().addString(recordingId).addString(null))
                .map(VideoRepository::first);
    }

    /** The video, with {@code likedByMe} for {@code callerId} (null: false). */
    public Future<Optional<VideoRow>> findById(String id, String callerId) {
        return pool.preparedQuery("SELECT " + columnsWithLike(2) + " FROM videos v WHERE v.id = $1")
                .execute(Tuple.of(id, callerId))
                .map(VideoRepository::first);
    }

    /** At most {@code query.limit()} videos in the query's order after its cursor. */
    public Future<List<VideoRow>> list(VideoListQuery query) {
        Tuple params = Tuple.tuple();
        params.addString(query.callerId());
        List<String> where = new ArrayList<>();
        if (query.ownerId() != null) {
            params.addString(query.ownerId());
            where.add("v.owner_id = $" + params.size());
        }
        if (!query.allVisibilities()) {
            // Matches the partial indexes' predicate word for word, so the planner can use them.
            where.add("v.visibility = 'public'");
        }
        if (query.text() != null) {
            params.addString(query.text());
            where.add("v.search @@ websearch_to_tsquery('" + TEXT_SEARCH_CONFIG + "', $" + params.size() + ")");
        }
        if (query.tag() != null) {
            params.addString(query.tag());
            where.add("v.tags @> ARRAY[$" + params.size() + "::text]");
        }
        String order =
                switch (query.sort()) {
                    case NEW -> "v.seq DESC";
                    case VIEWS -> "v.views DESC, v.seq DESC";
                    case LIKES -> "v.likes DESC, v.seq DESC";
                };
        VideoCursor cursor = query.cursor();
        if (cursor != null) {
            params.addLong(cursor.seq());
            int seq = params.size();
            switch (query.sort()) {
                case NEW -> where.add("v.seq < $" + seq);
                case VIEWS, LIKES -> {
                    params.addLong(cursor.key());
                    String column = query.sort() == VideoSort.VIEWS ? "v.views" : "v.likes";
                    // A row comparison walks the (count, seq) index from the cursor on.
                    where.add("(" + column + ", v.seq) < ($" + params.size() + ", $" + seq + ")");
                }
            }
        }
        params.addInteger(query.limit());
        String sql = "SELECT " + columnsWithLike(1) + " FROM videos v"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY " + order + " LIMIT $" + params.size();
        return pool.preparedQuery(sql).execute(params).map(VideoRepository::all);
    }

    /**
     * Changes the given fields (null keeps the current value) and answers the video as {@code callerId} sees it;
     * empty when it no longer exists.
     */
    public Future<Optional<VideoRow>> update(
            String id, String title, String description, List<String> tags, Visibility visibility, String callerId) {
        return pool.preparedQuery("UPDATE videos AS v SET title = COALESCE($2, title), "
                        + "description = COALESCE($3, description), tags = COALESCE($4::text[], tags), "
                        + "visibility = COALESCE($5, visibility), updated_at = now() WHERE v.id = $1 RETURNING "
                        + columnsWithLike(6))
                .execute(Tuple.of(
                        id,
                        title,
                        description,
                        tags == null ? null : tags.toArray(String[]::new),
                        visibility == null ? null : visibility.wireName(),
                        callerId))
                .map(VideoRepository::first);
    }

    public Future<Boolean> delete(String id) {
        return pool.preparedQuery("DELETE FROM videos WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Adds the user's like unless there is one; answers the video's like count (empty: no such video). */
    public Future<Optional<Long>> like(String videoId, String userId) {
        return pool.preparedQuery("WITH added AS (INSERT INTO video_likes (video_id, user_id) VALUES ($1, $2) "
                        + "ON CONFLICT DO NOTHING RETURNING 1), "
                        + "bumped AS (UPDATE videos SET likes = likes + 1 WHERE id = $1 "
                        + "AND EXISTS (SELECT 1 FROM added) RETURNING likes) "
                        + "SELECT COALESCE((SELECT likes FROM bumped), (SELECT likes FROM videos WHERE id = $1)) AS n")
                .execute(Tuple.of(videoId, userId))
                .map(VideoRepository::count);
    }

    /** Removes the user's like if there is one; answers the video's like count (empty: no such video). */
    public Future<Optional<Long>> unlike(String videoId, String userId) {
        return pool.preparedQuery("WITH removed AS (DELETE FROM video_likes WHERE video_id = $1 AND user_id = $2 "
                        + "RETURNING 1), "
                        + "dropped AS (UPDATE videos SET likes = likes - 1 WHERE id = $1 "
                        + "AND EXISTS (SELECT 1 FROM removed) RETURNING likes) "
                        + "SELECT COALESCE((SELECT likes FROM dropped), (SELECT likes FROM videos WHERE id = $1)) AS n")
                .execute(Tuple.of(videoId, userId))
                .map(VideoRepository::count);
    }

    /** The outcome of {@link #view}. */
    public record ViewOutcome(long views, boolean counted) {}

    /**
     * Counts a view by {@code viewer} at {@code now} unless the same viewer's last counted view of the video is
     * after {@code windowStart}, or {@code client} (an anonymous viewer's address; null for a user) already counted
     * {@code perClient} views of it since then. One statement: the upsert on (video, viewer) decides, so two
     * simultaneous views by one viewer count once. Empty when there is no such video.
     */
    public Future<Optional<ViewOutcome>> view(
            String videoId, String viewer, String client, int perClient, Instant now, Instant windowStart) {
        return pool.preparedQuery("WITH counted AS (INSERT INTO video_views (video_id, viewer, viewed_at, client) "
                        + "SELECT $1, $2, $3, $5 WHERE $5::text IS NULL OR (SELECT count(*) FROM video_views "
                        + "WHERE video_id = $1 AND client = $5 AND viewed_at > $4) < $6 "
                        + "ON CONFLICT (video_id, viewer) DO UPDATE SET viewed_at = EXCLUDED.viewed_at "
                        + "WHERE video_views.viewed_at <= $4 RETURNING 1), "
                        + "bumped AS (UPDATE videos SET views = views + 1 WHERE id = $1 "
                        + "AND EXISTS (SELECT 1 FROM counted) RETURNING views) "
                        + "SELECT COALESCE((SELECT views FROM bumped), (SELECT views FROM videos WHERE id = $1)) AS n, "
                        + "EXISTS (SELECT 1 FROM counted) AS counted")
                .execute(Tuple.of(videoId, viewer, utc(now), utc(windowStart), client, perClient))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    Long views = row.getLong("n");
                    return views == null
                            ? Optional.<ViewOutcome>empty()
                            : Optional.of(new ViewOutcome(views, row.getBoolean("counted")));
                });
    }

    /** Forgets views counted before {@code windowStart}: they no longer hold back a new count. */
    public Future<Integer> pruneViews(Instant windowStart) {
        return pool.preparedQuery("DELETE FROM video_views WHERE viewed_at <= $1")
                .execute(Tuple.of(utc(windowStart)))
                .map(RowSet::rowCount);
    }

    private static Optional<Long> count(RowSet<Row> rows) {
        return Optional.ofNullable(rows.iterator().next().getLong("n"));
    }

    private static Optional<VideoRow> first(RowSet<Row> rows) {
        return rows.size() == 0
                ? Optional.empty()
                : Optional.of(toRow(rows.iterator().next()));
    }

    private static List<VideoRow> all(RowSet<Row> rows) {
        List<VideoRow> result = new ArrayList<>(rows.size());
        rows.forEach(row -> result.add(toRow(row)));
        return result;
    }

    private static VideoRow toRow(Row row) {
        String[] tags = row.getArrayOfStrings("tags");
        Object thumbnails = row.getValue("thumbnails");
        return new VideoRow(
                row.getString("id"),
                row.getLong("seq"),
                row.getString("owner_id"),
                row.getString("owner_username"),
                row.getString("title"),
                row.getString("description"),
                tags == null ? List.of() : List.of(tags),
                Visibility.parse(row.getString("visibility")).orElseThrow(),
                row.getString("stream_id"),
                row.getString("recording_id"),
                row.getString("session_id"),
                instant(row.getOffsetDateTime("recorded_at")),
                row.getDouble("duration_seconds"),
                row.getInteger("width"),
                row.getInteger("height"),
                row.getString("mp4_key"),
                row.getLong("mp4_bytes"),
                row.getString("poster_key"),
                thumbnails instanceof JsonArray array ? array : new JsonArray(),
                row.getString("thumbnails_prefix"),
                row.getString("hls_prefix"),
                row.getString("hls_master"),
                row.getLong("views"),
                row.getLong("likes"),
                instant(row.getOffsetDateTime("created_at")),
                instant(row.getOffsetDateTime("updated_at")),
                Boolean.TRUE.equals(row.getBoolean("liked_by_me")));
    }

    private static OffsetDateTime utc(Instant time) {
        return time == null ? null : time.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
