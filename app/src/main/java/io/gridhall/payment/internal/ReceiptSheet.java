package io.gridhall.payment.internal;

import io.gridhall.customer.SupplyAccountView;
import io.gridhall.payment.Book;
import io.gridhall.payment.Gateway;
import io.gridhall.payment.PaymentChannel;
import io.gridhall.payment.PostingView;
import io.gridhall.shared.CapitalNumerals;
import io.gridhall.shared.DocumentSettings;
import io.gridhall.shared.Money;
import io.gridhall.shared.PersonalData;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Everything a printed payment receipt (电费缴费凭证) shows, formatted for print: one account's part of one payment
 * posting, made from the posting, the account and the bills it settled; rendered by {@link PrintingReceipts}.
 * Personal data is masked here.
 *
 * @param reference the gateway's transaction id, the bank's withholding batch or the voucher batch; null at a counter
 * @param clerk who took the money at a counter; null for money that came by itself
 * @param reversedNote set when a later posting reversed this payment: the receipt no longer stands
 */
public record ReceiptSheet(
        String utilityName,
        String hotline,
        String receiptNumber,
        String accountNumber,
        String accountName,
        String channel,
        String referenceLabel,
        String reference,
        String amount,
        String amountInWords,
        List<Settled> settled,
        String credit,
        String paidAt,
        String clerk,
        String reversedNote,
        String verifyUrl,
        String qrDataUri) {

    /** A bill the payment settled (part of). */
    public record Settled(String billNumber, String period, String amount) {}

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);

    /** A receipt's part of a posting: what this account received, what it settled and what it keeps as credit. */
    record Part(Money amount, Money credit, List<PostingView.EntryView> settled) {

        static Part of(PostingView p, long accountId) {
            Money amount = Money.ZERO;
            Money credit = Money.ZERO;
            List<PostingView.EntryView> settled = new ArrayList<>();
            for (PostingView.EntryView e : p.entries()) {
                if (e.supplyAccountId() == null || e.supplyAccountId() != accountId) continue;
                amount = amount.minus(e.amount());
                if (e.book() == Book.RECEIVABLE) settled.add(e);
                else credit = credit.minus(e.amount());
            }
            return new Part(amount, credit, settled);
        }
    }

    static ReceiptSheet of(
            PostingView p,
            SupplyAccountView account,
            PostingView reversal,
            DocumentSettings settings,
            ZoneId zone,
            String verifyUrl,
            String qrDataUri) {
        Part part = Part.of(p, account.id());
        List<Settled> settled = part.settled().stream()
                .map(e -> {
                    String period = e.periodFrom() == null || e.periodTo() == null
                            ? ""
                            : DAY.format(e.periodFrom()) + " 至 " + DAY.format(e.periodTo());
                    String number = e.billNumber() != null ? e.billNumber() : "违约金及其他应收";
                    return new Settled(number, period, money(e.amount().negate()));
                })
                .toList();
        String reversedNote = reversal == null
                ? null
                : "本笔缴费已于 " + TIME.format(reversal.postedAt().atZone(zone)) + " 冲正"
                        + (reversal.reason() == null ? "" : "（原因：" + reversal.reason() + "）") + "，本凭证作废。";
        boolean counter = p.channel() == PaymentChannel.CASH || p.channel() == PaymentChannel.CARD;
        return new ReceiptSheet(
                settings.utilityName(),
                settings.hotline(),
                receiptNumber(p),
                account.accountNumber(),
                PersonalData.maskName(account.accountName()),
                channelLabel(p.channel(), p.gateway()),
                counter ? null : referenceLabel(p.channel()),
                counter ? null : p.reference(),
                money(part.amount()),
                CapitalNumerals.of(part.amount()),
                settled,
                part.credit().fen() == 0 ? null : money(part.credit()),
                TIME.format(p.postedAt().atZone(zone)),
                counter ? p.postedByName() : null,
                reversedNote,
                verifyUrl,
                qrDataUri);
    }

    /**
     * The number a receipt carries: a counter payment's receipt number; for money that came by itself (gateway, bank,
     * voucher) the business day and the posting's number, {@code E20261206-123}.
     */
    static String receiptNumber(PostingView p) {
        boolean counter = p.channel() == PaymentChannel.CASH || p.channel() == PaymentChannel.CARD;
        if (counter && p.reference() != null) return p.reference();
        return "E" + DateTimeFormatter.BASIC_ISO_DATE.format(p.businessDate()) + "-" + p.postingId();
    }

    /** The channel as a receipt prints it: an online payment names its gateway (网上缴费（微信支付）). */
    static String channelLabel(PaymentChannel channel, Gateway gateway) {
        if (channel == PaymentChannel.GATEWAY && gateway != null) return "网上缴费（" + gatewayLabel(gateway) + "）";
        return channelLabel(channel);
    }

    /** A gateway's name as the utility prints it. */
    static String gatewayLabel(Gateway gateway) {
        return switch (gateway) {
            case WECHAT -> "微信支付";
            case ALIPAY -> "支付宝";
            case UNIONPAY -> "银联全民付";
            case EPAY -> "电e宝";
        };
    }

    static String channelLabel(PaymentChannel channel) {
        return switch (channel) {
            case CASH -> "柜台现金";
            case CARD -> "柜台刷卡";
            case GATEWAY -> "网上缴费（第三方支付）";
            case BANK -> "银行代扣";
            case VOUCHER -> "充值券";
            case AGENT -> "银行代收（电话银行等）";
        };
    }

    private static String referenceLabel(PaymentChannel channel) {
        return switch (channel) {
            case GATEWAY -> "支付交易号";
            case BANK -> "代扣批次号";
            case VOUCHER -> "充值券批次";
            case AGENT -> "代收流水号";
            default -> "业务流水号";
        };
    }

    static String money(Money m) {
        DecimalFormat f = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return "¥" + f.format(m.toYuan());
    }
}
