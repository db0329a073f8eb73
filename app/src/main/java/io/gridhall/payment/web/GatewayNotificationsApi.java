package io.gridhall.payment.web;

import io.gridhall.payment.Gateway;
import io.gridhall.payment.PaymentOrders;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The gateways' asynchronous notifications (server to server, no session, no CSRF token): the body is taken as raw
 * bytes and handed on unparsed, so that its signature is checked on exactly what was sent.
 */
@Tag(name = "Payment: gateway notifications")
@RestController
class GatewayNotificationsApi {

    /** Notifications are small; a larger body is not a gateway's. */
    static final int MAX_BODY = 64 * 1024;

    private final PaymentOrders orders;

    GatewayNotificationsApi(PaymentOrders orders) {
        this.orders = orders;
    }

    @Operation(
            summary = "A gateway's payment notification (wechat: WeChat Pay APIv3; alipay: Alipay's async notify;"
                    + " unionpay: UnionPay 全渠道 backUrl; epay: 电e宝)",
            description = "Verified on the raw bytes (signature, key, time window, nonce) before anything is parsed,"
                    + " bound to our order (merchant, app, order number, amount), credited once per gateway"
                    + " transaction. Answered as the gateway expects: WeChat Pay 200 without a body or 4xx/5xx with"
                    + " {\"code\":\"FAIL\"}; Alipay the plain text success, or fail; UnionPay 200 ok, or 400; 电e宝"
                    + " 200 {\"return_code\":\"SUCCESS\"}, or 4xx/5xx with FAIL.")
    @PostMapping("/api/v1/public/payment/notifications/{gateway}")
    ResponseEntity<String> notified(
            @PathVariable String gateway, HttpServletRequest request, @RequestBody(required = false) byte[] body) {
        Gateway g;
        try {
            g = Gateway.valueOf(gateway.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return ResponseEntity.notFound().build();
        }
        byte[] raw = body == null ? new byte[0] : body;
        if (raw.length > MAX_BODY) return ResponseEntity.status(413).build();
        Map<String, String> headers = new HashMap<>();
        for (String name : Collections.list(request.getHeaderNames()))
            headers.put(name.toLowerCase(Locale.ROOT), request.getHeader(name));
        PaymentOrders.Answer a = orders.notified(g, headers, raw);
        ResponseEntity.BodyBuilder r = ResponseEntity.status(a.status());
        if (a.contentType() != null) r.header(HttpHeaders.CONTENT_TYPE, a.contentType() + ";charset=UTF-8");
        return a.body() == null ? r.build() : r.body(a.body());
    }
}
