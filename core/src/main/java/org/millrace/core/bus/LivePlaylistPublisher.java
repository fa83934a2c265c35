package org.millrace.core.bus;

import io.vertx.core.eventbus.EventBus;
import org.millrace.core.media.LivePlaylistListener;
import org.millrace.core.media.LiveSessionInfo;
import org.millrace.hls.PlaylistTail;

/**
 * The transcoder's {@link LivePlaylistListener} in a server: publishes each change as a {@link LivePlaylistUpdate}
 * on {@link Addresses#livePlaylist(String)}, for every gateway serving the stream's viewers, in this process or
 * another of the cluster. Publishing only queues the message, so the transcoder's thread is never held.
 */
public final class LivePlaylistPublisher implements LivePlaylistListener {
    private final EventBus bus;

    public LivePlaylistPublisher(EventBus bus) {
        this.bus = bus;
    }

    @Override
    public void playlistChanged(LiveSessionInfo session, String rendition, PlaylistTail tail) {
        bus.publish(
                Addresses.livePlaylist(session.streamId()),
                new LivePlaylistUpdate(session.streamId(), session.sessionId(), rendition, tail));
    }
}
