-- Binding failures are counted in platform.throttled_attempt (io.gridhall.shared.Throttle) from now on. The rows here
-- count for an hour at most, so they are dropped rather than moved.
DROP TABLE bind_failure;
