-- Service-password and staff sign-in failures are counted in platform.throttled_attempt (io.gridhall.shared.Throttle)
-- from now on. The rows here count for an hour at most, so they are dropped rather than moved.
DROP TABLE service_password_failure;
DROP TABLE staff_sign_in_failure;
