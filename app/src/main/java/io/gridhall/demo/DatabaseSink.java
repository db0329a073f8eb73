package io.gridhall.demo;

import io.gridhall.customer.Customers;
import io.gridhall.grid.Grid;
import io.gridhall.grid.NodeType;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes through the facades, one transaction per chunk (customers, then the grid below them), and the meter
 * roster to a CSV file. A failed chunk leaves the chunks before it in place.
 */
public final class DatabaseSink implements DemoSink, AutoCloseable {

    private final Grid grid;
    private final Customers customers;
    private final TransactionTemplate transactions;
    private final BufferedWriter roster;

    public DatabaseSink(Grid grid, Customers customers, TransactionTemplate transactions, Path rosterFile) {
        this.grid = grid;
        this.customers = customers;
        this.transactions = transactions;
        try {
            if (rosterFile.toAbsolutePath().getParent() != null)
                Files.createDirectories(rosterFile.toAbsolutePath().getParent());
            this.roster = Files.newBufferedWriter(rosterFile, StandardCharsets.UTF_8);
            roster.write("concentrator_id,meter_address,customer_class,fee_control\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the meter roster " + rosterFile, e);
        }
    }

    @Override
    public long[] gridIds(NodeType type, int n) {
        return grid.allocateIds(type, n);
    }

    @Override
    public long[] customerIds(int n) {
        return customers.allocateCustomerIds(n);
    }

    @Override
    public long[] accountIds(int n) {
        return customers.allocateAccountIds(n);
    }

    @Override
    public void write(Customers.ImportBatch customerRows, Grid.ImportBatch gridRows) {
        transactions.executeWithoutResult(status -> {
            customers.importRows(customerRows);
            grid.importRows(gridRows);
        });
    }

    @Override
    public void prebind(String phone, long supplyAccountId) {
        // after the chunk holding the account: the generator calls this while building it, so defer to a queue
        pending.add(new Object[] {phone, supplyAccountId});
    }

    private final java.util.List<Object[]> pending = new java.util.ArrayList<>();

    /** Pre-bindings refer to accounts of written chunks: applied at the end. */
    public void finish() {
        transactions.executeWithoutResult(
                status -> pending.forEach(p -> customers.prebind((String) p[0], (Long) p[1])));
        pending.clear();
    }

    @Override
    public void roster(String line) {
        try {
            roster.write(line);
            roster.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            roster.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
