-- With where the merger stands in a partition, the identity of the message it merged last there
-- (its ce_id): offsets alone cannot tell a message redelivered after a crash from a new one at the
-- same offset of a topic made again under the index.
alter table merger_positions add column last_message text;
