-- Electronic invoices (issue 10, PAY-11, ADR 0021): sent by e-mail to the address the customer gave. {number} is the
-- 20-digit invoice number, {amount} yuan with tax, {bill} the bill number, {link} the PDF's download address.
insert into template (name, locale, category, subject, body) values
('payment.invoice-issued', 'zh-CN', 'BILLING', '电子发票已开具',
 '【GridHall】您的电费账单{bill}的电子发票已开具，发票号码{number}，价税合计{amount}元。下载：{link}'),
('payment.invoice-issued', 'en', 'BILLING', 'Your electronic invoice',
 '[GridHall] The electronic invoice of bill {bill} is issued: number {number}, {amount} yuan with tax. Download: {link}'),
('payment.invoice-red', 'zh-CN', 'BILLING', '红字电子发票已开具',
 '【GridHall】电费账单{bill}的红字电子发票已开具，发票号码{number}，价税合计{amount}元。下载：{link}'),
('payment.invoice-red', 'en', 'BILLING', 'Your red-letter electronic invoice',
 '[GridHall] The red-letter electronic invoice of bill {bill} is issued: number {number}, {amount} yuan with tax. Download: {link}');
