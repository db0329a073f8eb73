-- Bank withholding (代扣) that failed (issue 10, ADR 0019): queued by the payment module for the portal users of the
-- account when the bank's return file says the debit did not go through. {account} is the supply account number,
-- {amount} yuan, {month} the file's month ("2026-11"). No bank account, holder name or reason is sent.
insert into template (name, locale, category, subject, body) values
('payment.withholding-failed', 'zh-CN', 'BILLING', '代扣失败',
 '【GridHall】户号{account}的{month}电费{amount}元银行代扣未成功，请及时通过网上营业厅或营业厅缴费，以免产生电费违约金。'),
('payment.withholding-failed', 'en', 'BILLING', 'Bank debit failed',
 '[GridHall] The bank could not debit {amount} yuan for account {account} ({month}). Please pay online or at a service hall soon to avoid a late-payment penalty.');
