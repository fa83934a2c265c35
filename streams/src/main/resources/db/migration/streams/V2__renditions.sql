-- The renditions the transcoder announced for the stream's current session (as shown by the API), reset when a new
-- session starts and kept across a resume.
ALTER TABLE streams ADD COLUMN current_renditions jsonb NOT NULL DEFAULT '[]'::jsonb;
