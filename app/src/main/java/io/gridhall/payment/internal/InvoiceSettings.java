package io.gridhall.payment.internal;

import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gridhall.payment.invoice.*}: electronic invoices (ADR 0021). The platform is used when its settings are all
 * present; without them the demo and the tests simulate it with a secret generated at start, and production offers
 * no electronic invoices.
 *
 * @param itemName the invoice line's name, 简称 between asterisks as the platform prints it
 * @param taxCode the 19-digit 商品和服务税收分类编码 of supplied electricity
 * @param taxRate the VAT rate of electricity
 * @param window how far a platform answer's signed time may lie from ours
 */
@ConfigurationProperties("gridhall.payment.invoice")
record InvoiceSettings(
        @DefaultValue("*供电*电费") String itemName,
        @DefaultValue("1100101000000000000") String taxCode,
        @DefaultValue("0.13") BigDecimal taxRate,
        @DefaultValue("5m") Duration window,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue Platform platform,
        @DefaultValue Worker worker,
        @DefaultValue Simulator simulator) {

    /**
     * The tax service provider's (or 乐企's) API.
     *
     * @param appSecret the shared secret that signs requests and answers (HMAC-SHA256)
     * @param sellerTaxId the utility's own 统一社会信用代码
     */
    record Platform(String appId, String appSecret, String sellerTaxId, String baseUrl) {

        boolean configured() {
            return present(appId) && present(appSecret) && present(sellerTaxId) && present(baseUrl);
        }
    }

    /**
     * @param enabled whether this node sends and asks about invoices (every node may: rows are claimed with SKIP
     *     LOCKED)
     * @param firstQuery when an accepted request is first asked about; then doubling up to maxQueryInterval
     * @param lease how long a claimed invoice is left to the node that claimed it
     * @param redRetryAfter when a red invoice the platform refused is first sent again; then doubling up to
     *     maxQueryInterval, as the queries
     * @param redRetries how often a red invoice the platform refused is sent again by itself before it waits for staff
     */
    record Worker(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("5s") Duration pollInterval,
            @DefaultValue("50") int batchSize,
            @DefaultValue("5s") Duration firstQuery,
            @DefaultValue("1h") Duration maxQueryInterval,
            @DefaultValue("2m") Duration lease,
            @DefaultValue("1m") Duration redRetryAfter,
            @DefaultValue("8") int redRetries) {}

    /**
     * The simulated platform (demo and tests only).
     *
     * @param issueDelay how long it takes to issue an accepted invoice
     * @param confirmDelay how much longer a company's red invoice waits for the buyer's confirmation
     * @param timeoutPercent share of calls left unanswered
     */
    record Simulator(
            @DefaultValue("3s") Duration issueDelay,
            @DefaultValue("10s") Duration confirmDelay,
            @DefaultValue("10") int timeoutPercent,
            Long seed) {}

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
