-- Fieldgate store-and-forward outbox, schema version 1.
-- Applied by H2Outbox at every start; every statement is idempotent.
-- The contract these tables implement is store-forward/README.md.

-- Facts about this database file:
--   epoch    random 8 hex digits chosen when the file is created; prefixes every message id, so ids
--            from a replaced (quarantined) file can never collide with ids from this one
--   next-id  the next outbox id; advanced in the same transaction as the rows it numbers, so an id is
--            never reused, not even after every row was drained and the gateway restarted
--   schema   schema version of this file
CREATE TABLE IF NOT EXISTS fieldgate_meta (
    name  VARCHAR(32)  PRIMARY KEY,
    val   VARCHAR(64)  NOT NULL
);

-- One row per MQTT message waiting for its PUBACK. Rows are deleted only once the broker acknowledged
-- the message (or by the overflow policy, which counts what it drops).
CREATE TABLE IF NOT EXISTS outbox (
    id          BIGINT          PRIMARY KEY,   -- delivery order: ascending id
    stream      VARCHAR(128)    NOT NULL,      -- ordering key, the device id for telemetry
    topic       VARCHAR(256)    NOT NULL,      -- validated against AWS IoT topic limits before it gets here
    qos         TINYINT         NOT NULL,      -- 0 or 1
    created_at  BIGINT          NOT NULL,      -- epoch ms when the message was accepted
    payload     VARBINARY(262144) NOT NULL     -- the exact bytes published, message id included
);
