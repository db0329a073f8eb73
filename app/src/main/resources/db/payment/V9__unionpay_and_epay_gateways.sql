-- UnionPay 全民付 and 电e宝 join WeChat Pay and Alipay as online payment gateways (ADR 0016, PAY-3).
ALTER TABLE payment_order DROP CONSTRAINT payment_order_gateway_check;
ALTER TABLE payment_order ADD CONSTRAINT payment_order_gateway_check
    CHECK (gateway IN ('WECHAT', 'ALIPAY', 'UNIONPAY', 'EPAY'));
ALTER TABLE gateway_payment DROP CONSTRAINT gateway_payment_gateway_check;
ALTER TABLE gateway_payment ADD CONSTRAINT gateway_payment_gateway_check
    CHECK (gateway IN ('WECHAT', 'ALIPAY', 'UNIONPAY', 'EPAY'));
