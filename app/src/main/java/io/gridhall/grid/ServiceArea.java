package io.gridhall.grid;

/**
 * What kind of place a branch serves, which sets the repair service commitment (城市/农村/边远: arrival within 45,
 * 90 or 120 minutes, 国家电网公司供电服务“十项承诺”).
 */
public enum ServiceArea {
    CITY,
    COUNTRYSIDE,
    REMOTE
}
