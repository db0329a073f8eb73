-- A correction's replacement that the earlier rule refused when its red invoice was still refused after the worker's
-- retries (refusal '红冲未成功：...') waits again, as ADR 0021 now says: it is sent once a red invoice that staff send
-- again is issued. Only where that still holds: its blue invoice is still issued, its bill was not reversed since, and
-- no later correction of the same invoice took its place.
UPDATE invoice r SET state = 'WAITING', refusal = NULL
 WHERE r.kind = 'BLUE' AND r.state = 'REFUSED' AND r.refusal LIKE '红冲未成功：%' AND r.replaces_id IS NOT NULL
   AND EXISTS (SELECT 1 FROM invoice b WHERE b.invoice_id = r.replaces_id AND b.state = 'ISSUED')
   AND NOT EXISTS (SELECT 1 FROM invoice o
                    WHERE o.replaces_id = r.replaces_id AND o.kind = 'BLUE' AND o.invoice_id > r.invoice_id)
   AND NOT EXISTS (SELECT 1 FROM invoice_bill_reversal v WHERE v.bill_id = r.bill_id);
