/** Outbox, channels (SMS, WeChat template message, email, in-app), templates zh-CN/en, preferences. */
@org.springframework.modulith.ApplicationModule(
        displayName = "Notification",
        allowedDependencies = {"shared"})
package io.gridhall.notification;
