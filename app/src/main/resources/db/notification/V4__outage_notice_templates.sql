-- Outage notices (issue 11, OUT-1/OUT-2/OUT-7): one template per kind of news, queued by the outage module for
-- every portal user bound to an affected account. {area} names the nodes (line, transformer area, meter box),
-- times are local ("2026-12-14 08:00").
insert into template (name, locale, category, subject, body) values
('outage.planned', 'zh-CN', 'OUTAGE', '计划停电通知',
 '【GridHall】因{cause}，{area}将于{start}至{end}停电，请提前做好准备。停电期间请勿触碰电力设施，详情可在网上营业厅查询或致电95598。'),
('outage.planned', 'en', 'OUTAGE', 'Planned outage',
 '[GridHall] For {cause}, supply to {area} will be off from {start} to {end}. Please prepare; details in the online business hall or at 95598.'),
('outage.fault', 'zh-CN', 'OUTAGE', '故障停电通知',
 '【GridHall】{area}因{cause}停电，抢修人员正在处理，预计{end}前恢复供电。该故障已知，无需重复报修。'),
('outage.fault', 'en', 'OUTAGE', 'Fault outage',
 '[GridHall] Supply to {area} is off ({cause}). Crews are working on it; power should return by {end}. The fault is known: no need to report it.'),
('outage.changed', 'zh-CN', 'OUTAGE', '停电信息变更',
 '【GridHall】{area}的停电（{cause}）已变更：停电时间{start}，预计{end}恢复供电。变更原因：{reason}。'),
('outage.changed', 'en', 'OUTAGE', 'Outage changed',
 '[GridHall] The outage of {area} ({cause}) has changed: off from {start}, power expected back by {end}. Reason: {reason}.'),
('outage.cancelled', 'zh-CN', 'OUTAGE', '停电取消',
 '【GridHall】{area}原定{start}的停电（{cause}）已取消，将正常供电。原因：{reason}。'),
('outage.cancelled', 'en', 'OUTAGE', 'Outage cancelled',
 '[GridHall] The outage of {area} planned for {start} ({cause}) is cancelled; supply continues. Reason: {reason}.'),
('outage.restored', 'zh-CN', 'OUTAGE', '恢复供电',
 '【GridHall】{area}已于{restored}恢复供电，感谢您的理解与支持。如仍无电，请在网上营业厅报修或致电95598。'),
('outage.restored', 'en', 'OUTAGE', 'Power restored',
 '[GridHall] Supply to {area} was restored at {restored}. Thank you for your patience. Still without power? Report it online or call 95598.');
