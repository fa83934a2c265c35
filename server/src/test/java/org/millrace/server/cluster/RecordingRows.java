package org.millrace.server.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The recorder's rows of one stream, read straight from the cluster's PostgreSQL: which recorder (cluster node)
 * claims a build, and how it ended. What the API does not show, for the test of a recorder killed mid-build.
 */
final class RecordingRows {
    /** One {@code recordings} row: status, attempts and the claim. */
    record Row(String id, String status, int attempts, String claimedNode, String videoId) {}

    private final String url;

    RecordingRows(int postgresPort) {
        this.url = "jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres";
    }

    List<Row> of(String streamId) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", null);
                PreparedStatement q = c.prepareStatement("SELECT id, status, attempts, claimed_node, video_id "
                        + "FROM recordings WHERE stream_id = ? ORDER BY seq")) {
            q.setString(1, streamId);
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5)));
                }
            }
            return rows;
        }
    }
}
