-- The visibility the recorder gives the videos of this stream's sessions (the vod service's visibilities).
ALTER TABLE streams ADD COLUMN recording_visibility text NOT NULL DEFAULT 'public'
    CHECK (recording_visibility IN ('public', 'unlisted', 'private'));
