package org.millrace.hls.viewers;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The player-like load generator (bench/viewers.sh): N simulated HLS viewers of one live master URL for a bounded
 * time, started evenly over a ramp, counted after it; prints one result line. Loopback only: it refuses any other
 * host, so it can never be pointed at someone else's server.
 *
 * <pre>java -cp hls/target/test-classes org.millrace.hls.viewers.ViewerLoad MASTER_URL VIEWERS SECONDS [classic|ll]
 *     [rampSeconds] [switchEverySeconds]</pre>
 */
public final class ViewerLoad {
    /** At most this many viewers per process, and this long: a benchmark, not a weapon. */
    static final int MAX_VIEWERS = 5000;

    static final int MAX_SECONDS = 600;
    /** Viewers per HTTP client (each client has one selector thread and its own connection pool). */
    private static final int VIEWERS_PER_CLIENT = 250;

    private ViewerLoad() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println(
                    "usage: ViewerLoad MASTER_URL VIEWERS SECONDS [classic|ll] [rampSeconds] [switchSeconds]");
            System.exit(2);
        }
        URI master = URI.create(args[0]);
        int viewers = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        boolean lowLatency = args.length > 3 && args[3].equals("ll");
        double ramp = args.length > 4 ? Double.parseDouble(args[4]) : 5;
        double switchEvery = args.length > 5 ? Double.parseDouble(args[5]) : 20;
        if (!isLoopback(master)) {
            throw new IllegalArgumentException("loopback only: " + master.getHost());
        }
        if (viewers < 1
                || viewers > MAX_VIEWERS
                || seconds < 1
                || seconds > MAX_SECONDS
                || ramp < 0
                || ramp > seconds) {
            throw new IllegalArgumentException("1-" + MAX_VIEWERS + " viewers, 1-" + MAX_SECONDS + " s, ramp ≤ time");
        }
        FetchStats stats = new FetchStats();
        long start = System.nanoTime();
        long countFrom = start + (long) (ramp * 1e9) + 2_000_000_000L;
        long stopAt = start + seconds * 1_000_000_000L;
        if (countFrom >= stopAt) {
            throw new IllegalArgumentException("the time must exceed the ramp by more than 2 s");
        }
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(1, daemon("viewer-timer"));
        ExecutorService work = Executors.newFixedThreadPool(2, daemon("viewer-http"));
        List<HttpClient> clients = new ArrayList<>();
        for (int i = 0; i < (viewers + VIEWERS_PER_CLIENT - 1) / VIEWERS_PER_CLIENT; i++) {
            clients.add(HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .executor(work)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build());
        }
        for (int i = 0; i < viewers; i++) {
            SimulatedViewer viewer = new SimulatedViewer(
                    clients.get(i / VIEWERS_PER_CLIENT),
                    timer,
                    stats,
                    master,
                    lowLatency,
                    switchEvery,
                    countFrom,
                    stopAt);
            long at = (long) (ramp * 1e9 * i / viewers);
            timer.schedule(viewer::start, at, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
        Thread.sleep(Math.max(0, (stopAt - System.nanoTime()) / 1_000_000) + 200);
        double counted = (stopAt - countFrom) / 1e9;
        System.out.println(String.format(
                Locale.ROOT,
                "viewers=%d mode=%s counted_s=%.0f media=%d late=%d (%.2f %%) failed=%d fetch_p50_ms=%.1f "
                        + "fetch_p99_ms=%.1f requests_per_s=%.0f playlist_requests_per_s=%.0f MB_per_s=%.1f",
                viewers,
                lowLatency ? "ll" : "classic",
                counted,
                stats.media(),
                stats.late(),
                100 * stats.lateShare(),
                stats.failed(),
                stats.fetchMillis(0.5),
                stats.fetchMillis(0.99),
                stats.requests() / counted,
                stats.playlistRequests() / counted,
                stats.bytes() / counted / 1e6));
        System.exit(0);
    }

    static boolean isLoopback(URI uri) {
        try {
            return uri.getHost() != null && InetAddress.getByName(uri.getHost()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
