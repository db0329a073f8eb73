-- Templates: one row per name and language. Texts are rendered when a message is queued, so the
-- outbox holds exactly what the person receives (see Outbox). A secret template carries a one-time
-- code: it goes only to the address being proven (SMS, or e-mail when asked), never to the message
-- centre or WeChat, and its text is blanked in the outbox once delivered or given up.
create table template (
    name      text not null,
    locale    text not null check (locale in ('zh-CN', 'en')),
    category  text not null check (category in ('SERVICE', 'BILLING', 'OUTAGE', 'MARKETING')),
    secret    boolean not null default false,
    subject   text not null,
    body      text not null,
    primary key (name, locale)
);

-- One row per Notify request; the unique key makes a repeated request a no-op.
create table message (
    id              bigint generated always as identity primary key,
    idempotency_key text not null unique,
    user_id         bigint,
    template        text not null,
    category        text not null,
    locale          text not null,
    created_at      timestamptz not null
);

-- The outbox proper: one delivery per message and channel, worked by the dispatcher.
create table delivery (
    id                  bigint generated always as identity primary key,
    message_id          bigint not null,
    channel             text not null check (channel in ('SMS', 'WECHAT', 'EMAIL', 'IN_APP')),
    address             text not null,
    user_id             bigint,
    subject             text not null,
    body                text not null,
    secret              boolean not null default false,
    status              text not null check (status in ('PENDING', 'SENDING', 'SENT', 'FAILED_RETRYING', 'DEAD')),
    attempts            integer not null default 0,
    next_attempt_at     timestamptz not null,
    lease_until         timestamptz,
    last_error          text,
    provider_message_id text,
    created_at          timestamptz not null,
    sent_at             timestamptz,
    unique (message_id, channel)
);
create index delivery_due on delivery (next_attempt_at) where status in ('PENDING', 'FAILED_RETRYING');
create index delivery_leased on delivery (lease_until) where status = 'SENDING';

-- How to reach a user; set by the modules that own the data (customer, identity).
create table contact (
    user_id        bigint primary key,
    phone          text,
    email          text,
    wechat_open_id text,
    updated_at     timestamptz not null
);

-- Channels a user chose per category; a missing row means the defaults.
create table preference (
    user_id    bigint not null,
    category   text not null check (category in ('SERVICE', 'BILLING', 'OUTAGE', 'MARKETING')),
    channels   text[] not null,
    updated_at timestamptz not null,
    primary key (user_id, category)
);

-- The in-app message centre.
create table user_message (
    id          bigint generated always as identity primary key,
    user_id     bigint not null,
    delivery_id bigint not null unique,
    category    text not null,
    subject     text not null,
    body        text not null,
    created_at  timestamptz not null,
    read_at     timestamptz
);
create index user_message_by_user on user_message (user_id, created_at desc, id desc);
create index user_message_unread on user_message (user_id) where read_at is null;

-- What the simulated operators (and the mail server) were given, for the demo and tests.
create table dev_inbox (
    id                  bigint generated always as identity primary key,
    delivery_id         bigint not null unique,
    channel             text not null,
    address             text not null,
    subject             text not null,
    body                text not null,
    provider_message_id text,
    created_at          timestamptz not null
);
create index dev_inbox_by_address on dev_inbox (address, id desc);

insert into template (name, locale, category, subject, body) values
('otp.sign-in', 'zh-CN', 'SERVICE', '登录验证码',
 '【GridHall】您的登录验证码为{code}，请勿泄露给他人。如非本人操作，请忽略。'),
('otp.sign-in', 'en', 'SERVICE', 'Sign-in code',
 '[GridHall] Your sign-in code is {code}. Never share it. If this was not you, ignore this message.'),
('otp.service-password-reset', 'zh-CN', 'SERVICE', '服务密码重置验证码',
 '【GridHall】您正在重置服务密码，验证码为{code}，请勿泄露给他人。如非本人操作，请致电95598。'),
('otp.service-password-reset', 'en', 'SERVICE', 'Service password reset code',
 '[GridHall] Your code to reset the service password is {code}. Never share it. If this was not you, call 95598.'),
('otp.contact-change', 'zh-CN', 'SERVICE', '联系方式变更验证码',
 '【GridHall】您正在变更预留联系方式，验证码为{code}，请勿泄露给他人。'),
('otp.contact-change', 'en', 'SERVICE', 'Contact change code',
 '[GridHall] Your code to change your contact details is {code}. Never share it.'),
('account.bound', 'zh-CN', 'SERVICE', '户号绑定成功',
 '【GridHall】您已成功绑定户号{account}，可在网上营业厅查询电费和办理业务。'),
('account.bound', 'en', 'SERVICE', 'Supply account bound',
 '[GridHall] Supply account {account} is now linked to your sign-in. You can view bills and apply for services online.'),
('contact.changed', 'zh-CN', 'SERVICE', '联系方式已变更',
 '【GridHall】您在网上营业厅预留的联系方式已变更。如非本人操作，请立即致电95598。'),
('contact.changed', 'en', 'SERVICE', 'Contact details changed',
 '[GridHall] Your contact details in the online business hall were changed. If this was not you, call 95598 at once.'),
('staff.locked', 'zh-CN', 'SERVICE', '工作账号已锁定',
 '【GridHall】工作账号{username}因连续登录失败已被临时锁定。如非本人操作，请联系系统管理员。'),
('staff.locked', 'en', 'SERVICE', 'Staff account locked',
 '[GridHall] Staff account {username} was locked after repeated failed sign-ins. If this was not you, tell your administrator.'),
-- no user-visible trace of a one-time code outside the SMS or e-mail that carries it
('message.plain', 'zh-CN', 'SERVICE', '{subject}', '{text}'),
('message.plain', 'en', 'SERVICE', '{subject}', '{text}'),
-- Free texts under the other categories, so each follows the user's choice for that category.
('billing.plain', 'zh-CN', 'BILLING', '{subject}', '{text}'),
('billing.plain', 'en', 'BILLING', '{subject}', '{text}'),
('outage.plain', 'zh-CN', 'OUTAGE', '{subject}', '{text}'),
('outage.plain', 'en', 'OUTAGE', '{subject}', '{text}'),
('marketing.plain', 'zh-CN', 'MARKETING', '{subject}', '{text}'),
('marketing.plain', 'en', 'MARKETING', '{subject}', '{text}');

update template set secret = true where name like 'otp.%';
