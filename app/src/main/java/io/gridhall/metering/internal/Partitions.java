package io.gridhall.metering.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Monthly partitions of the register and interval tables. They are created ahead by a daily job and
 * on demand before a load, each time in a short transaction of its own: creating a partition locks
 * the parent table, which must not be held for the length of a load.
 */
@Component
public class Partitions {

    private final JdbcClient jdbc;
    private final TransactionTemplate own;
    private final Clock clock;
    private final Set<YearMonth> known = ConcurrentHashMap.newKeySet();

    Partitions(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.own = new TransactionTemplate(transactions);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Makes sure every month of the given days has its partitions. */
    public void ensureFor(Collection<LocalDate> days) {
        var missing = days.stream()
                .map(YearMonth::from)
                .filter(m -> !known.contains(m))
                .distinct()
                .sorted()
                .toList();
        if (missing.isEmpty()) return;
        ensure(missing.getFirst().atDay(1), missing.getLast().atEndOfMonth());
    }

    /** Creates partitions for every month from the first to the last day's month; returns how many. */
    public int ensure(LocalDate first, LocalDate last) {
        Integer created = own.execute(tx -> {
            // fail instead of waiting for ever should the caller hold a lock on the parent table
            jdbc.sql("set local lock_timeout = '10s'").update();
            return jdbc.sql("select metering.ensure_month_partitions(:first, :last)")
                    .param("first", first)
                    .param("last", last)
                    .query(Integer.class)
                    .single();
        });
        for (YearMonth m = YearMonth.from(first); !m.isAfter(YearMonth.from(last)); m = m.plusMonths(1)) known.add(m);
        return created == null ? 0 : created;
    }

    /** Keeps the current and the next two months ready. */
    @Scheduled(cron = "${gridhall.metering.partition-cron:0 7 0 * * *}", zone = "${gridhall.time-zone:Asia/Shanghai}")
    public void createAhead() {
        LocalDate today = LocalDate.now(clock);
        ensure(today.withDayOfMonth(1), today.plusMonths(2));
    }
}
