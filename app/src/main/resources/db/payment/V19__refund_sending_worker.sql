-- Refunds through a gateway are sent by a worker, never in the approval's request (issue #10, ADR 0016): the approval
-- commits the refund PENDING, due at once and not yet sent (sent_at null), and hands it to this node's sending thread;
-- any node's janitor claims due refunds with FOR UPDATE SKIP LOCKED under a lease, so a refund whose hand-off was lost
-- (a crash or a restart between the commit and the sending) is sent all the same. The claim that first sends a refund
-- stamps sent_at; every later claim asks the gateway before it sends again under the same refund number. A sending
-- the gateway did not answer leaves the refund UNKNOWN (it may or may not have arrived): asked about, never failed.
ALTER TABLE gateway_refund ADD COLUMN sent_at timestamptz;
-- the refunds before this were sent right after their approval committed
UPDATE gateway_refund SET sent_at = created_at;
ALTER TABLE gateway_refund DROP CONSTRAINT gateway_refund_state_check;
ALTER TABLE gateway_refund ADD CONSTRAINT gateway_refund_state_check
    CHECK (state IN ('PENDING', 'UNKNOWN', 'SUCCEEDED', 'REFUSED'));
ALTER TABLE gateway_refund ADD CONSTRAINT gateway_refund_sent_when_unknown
    CHECK (state <> 'UNKNOWN' OR sent_at IS NOT NULL);
DROP INDEX gateway_refund_due;
CREATE INDEX gateway_refund_due ON gateway_refund (next_query_at) WHERE state IN ('PENDING', 'UNKNOWN');
