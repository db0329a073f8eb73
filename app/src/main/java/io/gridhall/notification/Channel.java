package io.gridhall.notification;

public enum Channel {
    SMS,
    WECHAT,
    EMAIL,
    IN_APP
}
