package io.gridhall.billing.internal.document;

import io.gridhall.shared.DocumentSettings;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gridhall.billing.document.*}: what a printed bill alone says (the utility's name, hotline, font and public
 * address are every document's, {@link DocumentSettings}).
 *
 * @param payment the ways to pay, one line each
 * @param lateFeeResidential the late-payment note for residential customers
 * @param lateFeeOther the late-payment note for everyone else
 */
@ConfigurationProperties("gridhall.billing.document")
public record BillDocumentSettings(
        @DefaultValue({"本门户或手机 App 的“缴费”页，支持微信支付、支付宝", "各营业厅柜台、自助缴费终端", "银行代扣：携户号和银行卡到营业厅签约"})
        List<String> payment,

        @DefaultValue("逾期未缴清的，自逾期之日起每日按欠费总额的千分之一加收电费违约金。") String lateFeeResidential,

        @DefaultValue("逾期未缴清的，自逾期之日起每日按当年欠费部分的千分之二、跨年度欠费部分的千分之三加收电费违约金。")
        String lateFeeOther) {

    public BillDocumentSettings {
        payment = List.copyOf(payment);
    }
}
