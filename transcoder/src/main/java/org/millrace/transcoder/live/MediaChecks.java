package org.millrace.transcoder.live;

import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * What the pipeline was opened for, checked against what keeps arriving: the renditions, the passthrough's init
 * segment and the decoder are all fixed at open, so a new picture size or a new codec on the video PID (a PMT
 * change) ends this pipeline with a restartable {@link MediaFault}, as does a stream that stops yielding pictures
 * while packets still come (a video PID gone silent after a PMT change, or input too corrupt to decode).
 */
final class MediaChecks {
    static final long NO_PICTURE_NANOS = TimeUnit.SECONDS.toNanos(20);
    /**
     * With the time above (twice a long 10 s keyframe interval, joined mid-GOP): a publisher whose network stalled is
     * not mistaken for one sending no video (its first packets after the stall yield a picture).
     */
    static final int NO_PICTURE_PACKETS = 50;
    /** Video packets in a row behind the newest timestamp (by over a second) before it counts as a clock reset. */
    static final int TIMESTAMP_RESET_PACKETS = 60;

    private final int codecId;
    private final int width;
    private final int height;
    private long lastPicture;
    private int packetsSincePicture;
    private long newestDts = avutil.AV_NOPTS_VALUE;
    private int packetsBehind;
    private int packetsAhead;

    MediaChecks(int codecId, int width, int height, long now) {
        this.codecId = codecId;
        this.width = width;
        this.height = height;
        this.lastPicture = now;
    }

    /**
     * Before each video packet is decoded: the demuxer updates the stream's parameters when the PMT changes; a
     * run of packets well behind the newest timestamp means the encoder restarted its clock (the renditions would
     * drop every frame until it caught up again), while a lone damaged timestamp, behind or far ahead, only costs
     * its packet: answers false for a packet to leave out (neither decoded nor copied).
     */
    boolean packet(AVStream video, AVPacket packet) throws MediaFault {
        int now = video.codecpar().codec_id();
        if (now != codecId) {
            throw new MediaFault(
                    MediaFault.CODEC_CHANGED,
                    "video codec changed from " + name(codecId) + " to " + name(now) + ": restarting",
                    true);
        }
        long dts = packet.dts();
        if (dts == avutil.AV_NOPTS_VALUE) {
            return true;
        }
        AVRational base = video.time_base();
        long second = base.num() > 0 ? (long) base.den() / base.num() : 0;
        if (newestDts == avutil.AV_NOPTS_VALUE) {
            newestDts = dts;
            return true;
        }
        if (dts < newestDts - second) {
            packetsAhead = 0;
            if (++packetsBehind > TIMESTAMP_RESET_PACKETS) {
                throw new MediaFault(MediaFault.TIMESTAMPS_RESET, "timestamps jumped back: restarting", true);
            }
            return false;
        }
        if (dts > newestDts + 10 * second) {
            // A damaged timestamp far ahead must not become the newest (every later packet would look behind it);
            // a run of them is a real jump forward, which the renditions take as a gap.
            packetsBehind = 0;
            if (++packetsAhead <= TIMESTAMP_RESET_PACKETS) {
                return false;
            }
            newestDts = dts;
        }
        packetsBehind = 0;
        packetsAhead = 0;
        newestDts = Math.max(newestDts, dts);
        return true;
    }

    /** Each decoded picture. */
    void picture(AVFrame f, long now) throws MediaFault {
        if (f.width() != width || f.height() != height) {
            throw new MediaFault(
                    MediaFault.RESOLUTION_CHANGED,
                    "resolution changed from " + width + "x" + height + " to " + f.width() + "x" + f.height()
                            + ": restarting",
                    true);
        }
        lastPicture = now;
        packetsSincePicture = 0;
    }

    /** After each packet of any stream. */
    void tick(long now) throws MediaFault {
        if (++packetsSincePicture > NO_PICTURE_PACKETS && now - lastPicture > NO_PICTURE_NANOS) {
            throw new MediaFault(
                    MediaFault.NO_PICTURES,
                    "no picture decoded for " + TimeUnit.NANOSECONDS.toSeconds(NO_PICTURE_NANOS) + " s: restarting",
                    true);
        }
    }

    static String name(int codecId) {
        String name = avcodec.avcodec_get_name(codecId).getString();
        return name == null || name.isEmpty() ? "codec " + codecId : name;
    }
}
