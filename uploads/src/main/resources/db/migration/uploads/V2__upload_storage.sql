-- The upload helper's columns (issue 16): what storage holds of an unfinished upload, and which gateway request is
-- writing it. storage_state is the S3 multipart upload's id, its parts (number, etag, size) and the pieces stored
-- since the last part (see core's UploadObjectState); null before the first byte and on the local store it is {}.
-- writer/writer_until: one request at a time may write an upload (a claim with a lease, renewed while it writes),
-- so two PATCHes of the same upload, on one gateway or two, cannot interleave their bytes.
ALTER TABLE uploads ADD COLUMN storage_state jsonb;
ALTER TABLE uploads ADD COLUMN writer text;
ALTER TABLE uploads ADD COLUMN writer_until timestamptz;
