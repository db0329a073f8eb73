package io.gridhall.demo;

import io.gridhall.customer.Customers;
import io.gridhall.grid.Grid;
import io.gridhall.grid.NodeType;

/** Where generated rows go: the database through the facades, or a digest in tests. */
public interface DemoSink {

    long[] gridIds(NodeType type, int n);

    long[] customerIds(int n);

    long[] accountIds(int n);

    /** One chunk (a 10 kV line with everything below it, or the branch skeleton), customers first. */
    void write(Customers.ImportBatch customers, Grid.ImportBatch grid);

    /** A customer's phone whose portal user gets these accounts bound at first sign-in. */
    void prebind(String phone, long supplyAccountId);

    /** One line of the meter roster (without the header). */
    void roster(String line);
}
