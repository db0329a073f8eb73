package io.gridhall.outage;

/**
 * Outage queries by SMS keyword (OUT-2): "TD" or "停电" followed by an account number (户号), from the phone kept on
 * that account's customer record, is answered by SMS with the account's current outages. Anything else (another
 * phone, an unknown number, another text) gets one neutral reply that tells nothing about the account. Each inbound
 * message is answered once (its id is the reply's idempotency key).
 */
public interface SmsOutageQueries {

    /** An SMS the operator's gateway passed on. */
    record InboundSms(String messageId, String from, String text) {}

    /** What was answered: the template of the reply. */
    enum Answer {
        OUTAGES,
        NEUTRAL
    }

    Answer answer(InboundSms sms);
}
