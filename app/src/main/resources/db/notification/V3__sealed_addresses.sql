-- Addresses (phone numbers, e-mail addresses, WeChat openids) are personal data: sealed at rest with the
-- personal data vault (AES-GCM) and opened only to send. Rows written in clear by earlier versions are
-- sealed at start-up and their clear columns emptied (SealedAddresses); the clear columns stay, nullable,
-- so a node of the previous version can still write during a rolling upgrade.
alter table delivery add column address_enc bytea;
alter table delivery alter column address drop not null;

alter table contact add column phone_enc bytea;
alter table contact add column email_enc bytea;
alter table contact add column wechat_open_id_enc bytea;

-- the dev inbox (demo and tests) is searched by address: a keyed hash finds it
alter table dev_inbox add column address_enc bytea;
alter table dev_inbox add column address_hash bytea;
alter table dev_inbox alter column address drop not null;
drop index dev_inbox_by_address;
create index dev_inbox_by_address_hash on dev_inbox (address_hash, id desc);
