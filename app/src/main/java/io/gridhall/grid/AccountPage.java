package io.gridhall.grid;

import java.util.List;

/** One page of the supply accounts below a node, ordered by id, with the total. */
public record AccountPage(List<Long> accountIds, int page, int size, long total) {}
