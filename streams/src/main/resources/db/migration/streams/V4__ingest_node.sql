-- The cluster node whose SRT ingest holds the stream's publisher (its ClusterMembership id), kept while the stream
-- is live or reconnecting and cleared when the session ends: when that node leaves the cluster its live streams
-- turn reconnecting, and a publisher reconnecting to another node takes the session over.
ALTER TABLE streams ADD COLUMN ingest_node text;
CREATE INDEX streams_ingest_node ON streams (ingest_node) WHERE status <> 'offline';
