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

-- Messages the broker refused for good (MQTT 5 PUBACK 0x87 Not authorized, 0x90 Topic name invalid,
-- 0x99 Payload format invalid) or too large for the upstream's message limit. They are moved here in the
-- transaction that takes them out of the outbox and kept until an operator sends them again (once the IoT
-- policy or the limit is fixed) or discards them. Bounded by fieldgate.buffer.refused-max-size: beyond it
-- the oldest are deleted and counted.
CREATE TABLE IF NOT EXISTS refused (
    id          BIGINT          PRIMARY KEY,   -- the outbox id it had; its message id is <epoch>-<id>
    stream      VARCHAR(128)    NOT NULL,
    topic       VARCHAR(256)    NOT NULL,
    qos         TINYINT         NOT NULL,
    created_at  BIGINT          NOT NULL,      -- when it was accepted
    payload     VARBINARY(262144) NOT NULL,
    refused_at  BIGINT          NOT NULL,      -- epoch ms of the refusal
    reason      VARCHAR(512)    NOT NULL       -- the broker's reason code and string
);
