-- Anonymous views remember the (hashed) client address apart from the viewer, so that one address can count only a
-- few views of a video per window however many player ids it makes up. NULL for signed-in viewers.
ALTER TABLE video_views ADD COLUMN client text;

CREATE INDEX video_views_client ON video_views (video_id, client, viewed_at) WHERE client IS NOT NULL;
