-- Partial refunds of a payment (issue #10, ADR 0016): a payment may be asked to be refunded in several parts, each a
-- request with its own amount; the requests not rejected never sum to more than was paid (checked under the
-- payment's posting row lock). Each part that is paid back posts a REFUND through the payment's channel that undoes
-- that much of the payment (the credit it left first, then the items it settled, the latest first); this table links
-- such a partial reversal to the payment it undoes part of. A payment partly reversed is never reversed whole.
DROP INDEX refund_request_payment;
CREATE INDEX refund_request_of_payment ON refund_request (payment_posting) WHERE payment_posting IS NOT NULL;

CREATE TABLE partial_reversal (
    posting_id bigint PRIMARY KEY REFERENCES posting (posting_id),
    reverses   bigint NOT NULL REFERENCES posting (posting_id),
    CHECK (posting_id <> reverses)
);
CREATE INDEX partial_reversal_of ON partial_reversal (reverses);
CREATE TRIGGER partial_reversal_append_only BEFORE UPDATE OR DELETE ON partial_reversal
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER partial_reversal_no_truncate BEFORE TRUNCATE ON partial_reversal
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
