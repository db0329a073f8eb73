package io.gridhall.outage;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.customer.Customers;
import io.gridhall.grid.Grid;
import io.gridhall.grid.NodeRef;
import io.gridhall.identity.Role;
import io.gridhall.notification.Notifications;
import io.gridhall.testing.Actors;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/** SMS keyword queries of outages (OUT-2): answered only to the phone kept for the account. */
@SpringBootTest
@ActiveProfiles("test")
class SmsOutageQueryTests {

    @Autowired
    SmsOutageQueries queries;

    @Autowired
    Outages outages;

    @Autowired
    Grid grid;

    @Autowired
    Customers customers;

    @Autowired
    Notifications notifications;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    Neighbourhoods.Neighbourhood n;
    String number;
    String phone;

    @BeforeEach
    void neighbourhood() {
        n = Neighbourhoods.neighbourhood(grid, customers, notifications);
        number = customers.account(n.accounts()[4]).orElseThrow().accountNumber();
        long customer = customers.account(n.accounts()[4]).orElseThrow().customerId();
        phone = "136" + Neighbourhoods.digits(8);
        customers.importRows(new Customers.ImportBatch(
                List.of(),
                List.of(),
                List.of(new Customers.ContactRow(customer, io.gridhall.customer.ContactRole.OWNER, "住户4", phone, null)),
                List.of()));
        OffsetDateTime now =
                OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        outages.openFault(
                Actors.staff(n.grid().branch(), Role.REPAIR_DISPATCHER),
                new Outages.Details(
                        List.of(NodeRef.area(n.grid().area2())), "台区低压出线故障", now.minusMinutes(5), now.plusHours(3)));
    }

    private String replyTemplate(String messageId) {
        return jdbc.sql("select template from notification.message where idempotency_key = ?")
                .param("sms-query:" + messageId)
                .query(String.class)
                .single();
    }

    private SmsOutageQueries.Answer ask(String id, String from, String text) {
        return queries.answer(new SmsOutageQueries.InboundSms(id, from, text));
    }

    @Test
    void theAccountsOwnPhoneGetsItsCurrentOutagesWhateverTheKeywordsSpelling() {
        for (String text : List.of("TD" + number, "td " + number, "停电" + number, " 停电 " + number + " ")) {
            String id = UUID.randomUUID().toString();
            assertThat(ask(id, phone, text)).as(text).isEqualTo(SmsOutageQueries.Answer.OUTAGES);
            assertThat(replyTemplate(id)).isEqualTo("outage.query");
        }
    }

    @Test
    void anyOtherPhoneTextOrAccountGetsTheNeutralReplyOnce() {
        String id = UUID.randomUUID().toString();
        assertThat(ask(id, "137" + Neighbourhoods.digits(8), "TD" + number)).isEqualTo(SmsOutageQueries.Answer.NEUTRAL);
        assertThat(replyTemplate(id)).isEqualTo("outage.query-neutral");
        assertThat(ask(UUID.randomUUID().toString(), phone, "TD0000000000")).isEqualTo(SmsOutageQueries.Answer.NEUTRAL);
        assertThat(ask(UUID.randomUUID().toString(), phone, "停电查询")).isEqualTo(SmsOutageQueries.Answer.NEUTRAL);
        assertThat(ask(UUID.randomUUID().toString(), phone, "TD" + number + "0"))
                .isEqualTo(SmsOutageQueries.Answer.NEUTRAL);

        // the gateway delivering the same message twice gets one reply
        ask(id, "137" + Neighbourhoods.digits(8), "TD" + number);
        assertThat(jdbc.sql("select count(*) from notification.message where idempotency_key = ?")
                        .param("sms-query:" + id)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }
}
