-- SMS keyword queries of outages (issue 11, OUT-2): "TD" or "停电" and an account number, sent from the phone kept
-- on the account's customer record, gets the account's current outages back; any other sender or text gets the
-- neutral reply, which says nothing about whether the account exists.
insert into template (name, locale, category, subject, body) values
('outage.query', 'zh-CN', 'SERVICE', '停电查询',
 '【GridHall】户号{account}：{outages}。详情可在网上营业厅查询或致电95598。'),
('outage.query', 'en', 'SERVICE', 'Outage query',
 '[GridHall] Account {account}: {outages}. Details in the online business hall or at 95598.'),
('outage.query-neutral', 'zh-CN', 'SERVICE', '停电查询',
 '【GridHall】查询停电信息，请用户号预留的手机号发送“TD+户号”，例如 TD1234567890。也可在网上营业厅查询或致电95598。'),
('outage.query-neutral', 'en', 'SERVICE', 'Outage query',
 '[GridHall] To ask about outages, text "TD" and the account number from the phone kept for the account, e.g. TD1234567890. Or look online, or call 95598.');
