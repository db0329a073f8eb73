-- Refused voucher redemptions are counted in platform.throttled_attempt (io.gridhall.shared.Throttle) from now on. The
-- rows here count for an hour (the configured window) at most, so they are dropped rather than moved.
DROP TABLE voucher_failure;
