package org.millrace.transcoder.fmp4;

/**
 * The CMAF-style init segment of one track: ftyp, then a moov whose sample tables are empty (the samples come in
 * fragments, announced by mvex/trex). Track 1, timescale the track's own.
 */
final class InitSegment {
    static final int TRACK_ID = 1;
    private static final int MOVIE_TIMESCALE = 1000;
    private static final int[] MATRIX = {0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000};

    private InitSegment() {}

    static byte[] write(TrackFormat format) {
        Boxes b = new Boxes(1024 + format.codecConfig().length);
        int ftyp = b.open("ftyp");
        b.fourcc("iso6").u32(0).fourcc("iso6").fourcc("cmfc").fourcc("mp41");
        b.close(ftyp);
        int moov = b.open("moov");
        mvhd(b);
        int trak = b.open("trak");
        tkhd(b, format);
        int mdia = b.open("mdia");
        int mdhd = b.openFull("mdhd", 0, 0);
        b.u32(0).u32(0).u32(format.timescale()).u32(0).u16(0x55c4 /* "und" */).u16(0);
        b.close(mdhd);
        boolean video = format.kind() == TrackFormat.Kind.VIDEO;
        int hdlr = b.openFull("hdlr", 0, 0);
        b.u32(0)
                .fourcc(video ? "vide" : "soun")
                .u32(0)
                .u32(0)
                .u32(0)
                .bytes((video ? "VideoHandler\0" : "SoundHandler\0")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.close(hdlr);
        int minf = b.open("minf");
        if (video) {
            int vmhd = b.openFull("vmhd", 0, 1);
            b.u16(0).u16(0).u16(0).u16(0);
            b.close(vmhd);
        } else {
            int smhd = b.openFull("smhd", 0, 0);
            b.u16(0).u16(0);
            b.close(smhd);
        }
        int dinf = b.open("dinf");
        int dref = b.openFull("dref", 0, 0);
        b.u32(1);
        b.close(b.openFull("url ", 0, 1)); // media in the same file
        b.close(dref);
        b.close(dinf);
        int stbl = b.open("stbl");
        int stsd = b.openFull("stsd", 0, 0);
        b.u32(1);
        if (video) {
            avc1(b, format);
        } else {
            mp4a(b, format);
        }
        b.close(stsd);
        emptyTable(b, "stts");
        emptyTable(b, "stsc");
        int stsz = b.openFull("stsz", 0, 0);
        b.u32(0).u32(0);
        b.close(stsz);
        emptyTable(b, "stco");
        b.close(stbl);
        b.close(minf);
        b.close(mdia);
        b.close(trak);
        int mvex = b.open("mvex");
        int trex = b.openFull("trex", 0, 0);
        b.u32(TRACK_ID).u32(1).u32(0).u32(0).u32(0);
        b.close(trex);
        b.close(mvex);
        b.close(moov);
        return b.toByteArray();
    }

    private static void mvhd(Boxes b) {
        int at = b.openFull("mvhd", 0, 0);
        b.u32(0).u32(0).u32(MOVIE_TIMESCALE).u32(0);
        b.u32(0x00010000).u16(0x0100).u16(0).u32(0).u32(0);
        matrix(b);
        b.zeros(24);
        b.u32(TRACK_ID + 1);
        b.close(at);
    }

    private static void tkhd(Boxes b, TrackFormat format) {
        int at = b.openFull("tkhd", 0, 3); // enabled, in movie
        b.u32(0).u32(0).u32(TRACK_ID).u32(0).u32(0);
        b.u32(0).u32(0);
        b.u16(0)
                .u16(0)
                .u16(format.kind() == TrackFormat.Kind.AUDIO ? 0x0100 : 0)
                .u16(0);
        matrix(b);
        b.u32((long) format.width() << 16).u32((long) format.height() << 16);
        b.close(at);
    }

    private static void avc1(Boxes b, TrackFormat format) {
        int at = b.open("avc1");
        b.zeros(6).u16(1); // reserved, data_reference_index
        b.u16(0).u16(0).u32(0).u32(0).u32(0); // pre_defined, reserved
        b.u16(format.width()).u16(format.height());
        b.u32(0x00480000).u32(0x00480000).u32(0); // 72 dpi, reserved
        b.u16(1).zeros(32); // frame_count, compressorname
        b.u16(0x0018).u16(0xffff); // depth, pre_defined = -1
        int avcC = b.open("avcC");
        b.bytes(format.codecConfig());
        b.close(avcC);
        b.close(at);
    }

    private static void mp4a(Boxes b, TrackFormat format) {
        int at = b.open("mp4a");
        b.zeros(6).u16(1);
        b.u32(0).u32(0);
        b.u16(format.channels()).u16(16).u16(0).u16(0);
        b.u32(format.sampleRate() > 0xffff ? 0 : (long) format.sampleRate() << 16);
        int esds = b.openFull("esds", 0, 0);
        byte[] asc = format.codecConfig();
        int decoderConfig = 13 + 5 + asc.length; // fields, then the specific info (tag, 4-byte size, payload)
        descriptor(b, 0x03, 3 + 5 + decoderConfig + 5 + 1);
        b.u16(TRACK_ID).u8(0); // ES_ID, no dependence / URL / OCR
        descriptor(b, 0x04, decoderConfig);
        b.u8(0x40).u8(0x15); // MPEG-4 audio, audio stream
        b.u24(0).u32(0).u32(0); // buffer size, max and average bitrate: unknown
        descriptor(b, 0x05, asc.length);
        b.bytes(asc);
        descriptor(b, 0x06, 1);
        b.u8(0x02); // SL config predefined for MP4
        b.close(esds);
        b.close(at);
    }

    /** A descriptor's tag and its size in the 4-byte expandable form (what FFmpeg writes too). */
    private static void descriptor(Boxes b, int tag, int size) {
        b.u8(tag);
        b.u8(0x80 | ((size >>> 21) & 0x7f))
                .u8(0x80 | ((size >>> 14) & 0x7f))
                .u8(0x80 | ((size >>> 7) & 0x7f))
                .u8(size & 0x7f);
    }

    private static void emptyTable(Boxes b, String type) {
        int at = b.openFull(type, 0, 0);
        b.u32(0);
        b.close(at);
    }

    private static void matrix(Boxes b) {
        for (int v : MATRIX) {
            b.u32(v & 0xffffffffL);
        }
    }
}
