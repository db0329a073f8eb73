package io.gridhall.demo;

import io.gridhall.identity.Actor;
import io.gridhall.identity.Role;
import io.gridhall.identity.UserId;
import io.gridhall.payment.RewardPoints;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * With profile {@code demo}: the points mall's first items (PAY-5), once, added through the facade (and so audited) by
 * the demo itself, as a clerk of no branch.
 */
@Component
@Profile("demo")
class DemoPointsMall {

    private static final Logger log = LoggerFactory.getLogger(DemoPointsMall.class);

    /** Who the audit log names for the demo's own changes. */
    static final Actor DEMO = new Actor(new UserId(0), Actor.Kind.STAFF, "演示数据", Set.of(Role.COUNTER_CLERK), Set.of());

    static final List<RewardPoints.MallItem.Details> ITEMS = List.of(
            new RewardPoints.MallItem.Details(
                    "1 元电费抵扣券",
                    "1-yuan bill voucher",
                    "下次缴费时自动抵扣 1 元",
                    "Takes 1 yuan off your next payment",
                    100,
                    5000,
                    true),
            new RewardPoints.MallItem.Details(
                    "LED 节能灯泡",
                    "LED bulb",
                    "9W E27 暖白光，营业厅领取",
                    "9 W, E27, warm white; collect at a business hall",
                    300,
                    200,
                    true),
            new RewardPoints.MallItem.Details(
                    "安全用电插座",
                    "Safety power strip",
                    "带儿童保护门和过载保护",
                    "Child-safe shutters and overload protection",
                    800,
                    80,
                    true),
            new RewardPoints.MallItem.Details(
                    "帆布购物袋", "Canvas shopping bag", "“绿色用电”主题", "\"Green power\" design", 500, 150, true),
            new RewardPoints.MallItem.Details(
                    "10 元话费",
                    "10-yuan phone top-up",
                    "充值到户号登记的手机号",
                    "Topped up to the account's registered phone",
                    1000,
                    3,
                    true));

    private final RewardPoints points;

    DemoPointsMall(RewardPoints points) {
        this.points = points;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    void seed() {
        try {
            if (!points.mall(true).isEmpty()) return;
            ITEMS.forEach(i -> points.addItem(i, DEMO));
            log.info("Demo points mall: {} items", ITEMS.size());
        } catch (RuntimeException e) {
            log.warn("Demo points mall not made: {}", e.getMessage());
        }
    }
}
