package io.gridhall.metering.internal;

import io.gridhall.identity.Actor;
import io.gridhall.identity.Audit;
import io.gridhall.metering.internal.ReadingIntake.RowError;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The concentrator archive (集中器档案): which meter addresses each concentrator or DTU collects. A utility loads it
 * from its collection system as a CSV file; the head-end's schedules read only meters it places behind a connected
 * link. Loading is all or nothing and changes only meters of the caller's branches.
 */
@Service
public class ConcentratorArchive {

    public static final List<String> COLUMNS = List.of("concentrator_id", "meter_address");
    /** Optional: the concentrator's registration secret (any row of it; rows that give one must agree). */
    public static final String SECRET_COLUMN = "registration_secret";

    /** The unknown addresses an answer lists; the count covers them all. */
    public static final int UNKNOWN_LISTED = 100;

    private static final Pattern ADDRESS = Pattern.compile("\\d{12}");

    /**
     * The file's rows: meter address -> concentrator id and concentrator id -> registration secret (only those the
     * file gives), or the errors of its bad rows.
     */
    public record Parsed(
            Map<String, String> routes,
            List<RowError> errors,
            int rows,
            Set<Integer> badRows,
            Map<String, String> secrets) {
        public Parsed(Map<String, String> routes, List<RowError> errors, int rows, Set<Integer> badRows) {
            this(routes, errors, rows, badRows, Map.of());
        }

        /** No secret in a toString, a log line or an error. */
        @Override
        public String toString() {
            return "Parsed[routes=" + routes.size() + ", errors=" + errors + ", rows=" + rows + ", secrets="
                    + secrets.size() + "]";
        }
    }

    public record Outcome(int routed, int unchanged, int unknown, List<String> unknownAddresses) {}

    /**
     * One concentrator or DTU: meters the archive puts behind it, whether it is connected, meters that answered on it,
     * whether it has a registration secret.
     */
    public record Concentrator(
            String concentratorId,
            int archivedMeters,
            boolean connected,
            int answeredMeters,
            boolean registrationSecret) {}

    private final Meters meters;
    private final HeadEnd headEnd;
    private final Audit audit;
    private final Concentrators concentrators;

    ConcentratorArchive(Meters meters, HeadEnd headEnd, Audit audit, Concentrators concentrators) {
        this.meters = meters;
        this.headEnd = headEnd;
        this.audit = audit;
        this.concentrators = concentrators;
    }

    /**
     * Reads the CSV (UTF-8, optional BOM, header with the columns in any order; rows are line numbers, the header is
     * line 1). An address named twice with the same concentrator is fine; with two different ones it is an error.
     */
    public Parsed parseCsv(InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            if (header == null) return rejected(new RowError(1, "header", "empty-file", List.of()));
            if (header.startsWith("\uFEFF")) header = header.substring(1);
            List<String> names = List.of(header.strip().split("\\s*,\\s*", -1));
            List<String> missing =
                    COLUMNS.stream().filter(c -> !names.contains(c)).toList();
            if (!missing.isEmpty()) {
                return rejected(new RowError(
                        1, "header", "missing-column", List.of(String.join(",", missing), String.join(",", COLUMNS))));
            }
            int idColumn = names.indexOf("concentrator_id");
            int addressColumn = names.indexOf("meter_address");
            int secretColumn = names.indexOf(SECRET_COLUMN);
            Map<String, String> routes = new LinkedHashMap<>();
            Map<String, String> secrets = new LinkedHashMap<>();
            Map<String, Integer> secretRow = new HashMap<>();
            Map<String, Integer> firstRow = new HashMap<>();
            List<RowError> errors = new ArrayList<>();
            Set<Integer> bad = new TreeSet<>();
            int rows = 0;
            String line;
            int number = 1;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) continue;
                rows++;
                String[] cells = line.split(",", -1);
                String id = cell(cells, idColumn);
                String address = cell(cells, addressColumn);
                int before = errors.size();
                if (id.isEmpty()) {
                    errors.add(new RowError(number, "concentrator_id", "required", List.of()));
                } else if (!HeadEnd.DTU_ID.matcher(id).matches()) {
                    errors.add(new RowError(number, "concentrator_id", "bad-concentrator", List.of(id)));
                }
                String secret = secretColumn < 0 ? "" : cell(cells, secretColumn);
                if (!secret.isEmpty() && errors.size() == before) {
                    if (!Concentrators.SECRET.matcher(secret).matches()) {
                        // the secret itself is never echoed
                        errors.add(new RowError(number, SECRET_COLUMN, "bad-registration-secret", List.of()));
                    } else {
                        String was = secrets.putIfAbsent(id, secret);
                        if (was == null) {
                            secretRow.put(id, number);
                        } else if (!was.equals(secret)) {
                            errors.add(new RowError(
                                    number,
                                    SECRET_COLUMN,
                                    "conflicting-registration-secret",
                                    List.of(id, secretRow.get(id))));
                        }
                    }
                }
                if (address.isEmpty()) {
                    errors.add(new RowError(number, "meter_address", "required", List.of()));
                } else if (!ADDRESS.matcher(address).matches()) {
                    errors.add(new RowError(number, "meter_address", "bad-address", List.of(address)));
                } else if (errors.size() == before) {
                    String was = routes.putIfAbsent(address, id);
                    if (was == null) {
                        firstRow.put(address, number);
                    } else if (!was.equals(id)) {
                        errors.add(new RowError(
                                number,
                                "meter_address",
                                "conflicting-concentrator",
                                List.of(address, firstRow.get(address), was)));
                    }
                }
                if (errors.size() > before) bad.add(number);
            }
            if (rows == 0) return rejected(new RowError(1, "header", "empty-file", List.of()));
            return errors.isEmpty()
                    ? new Parsed(routes, errors, rows, bad, secrets)
                    : new Parsed(Map.of(), errors, rows, bad, Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String cell(String[] cells, int column) {
        return column < cells.length ? cells[column].strip() : "";
    }

    private static Parsed rejected(RowError error) {
        return new Parsed(Map.of(), List.of(error), 0, Set.of(error.row()));
    }

    /**
     * Places the meters of the caller's branches behind their concentrators and audits the load, in one transaction;
     * the head-end learns the new places once it commits. Meters not enrolled or in other branches are unknown alike.
     *
     * @param fileId the file's SHA-256 (what the audit entry is about)
     */
    @Transactional
    public Outcome load(Actor actor, Map<String, String> routes, String fileId, String fileName) {
        return load(actor, routes, Map.of(), fileId, fileName);
    }

    /**
     * As {@link #load(Actor, Map, String, String)}, and sets the registration secrets the file gives for
     * concentrators it placed meters of the caller's branches behind (only their keyed hash is kept; the audit entry
     * counts them).
     */
    @Transactional
    public Outcome load(
            Actor actor, Map<String, String> routes, Map<String, String> secrets, String fileId, String fileName) {
        Meters.Routing routing = meters.route(routes, actor.branchScope());
        Set<String> placedBehind = Set.copyOf(routing.routes().values());
        Map<String, String> secretsSet = new LinkedHashMap<>();
        secrets.forEach((id, secret) -> {
            if (placedBehind.contains(id)) secretsSet.put(id, secret);
        });
        concentrators.setSecrets(secretsSet);
        Map<String, Object> details = new LinkedHashMap<>();
        if (fileName != null) details.put("fileName", fileName);
        details.put("rows", routes.size());
        details.put("routed", routing.changed());
        details.put("unchanged", routing.unchanged());
        details.put("unknown", routing.unknown().size());
        if (!secretsSet.isEmpty()) details.put("registrationSecretsSet", secretsSet.size());
        audit.record(actor, "metering.archive.import", "concentrator-archive", fileId, details);
        Map<String, String> placed = routing.routes();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    headEnd.route(placed);
                }
            });
        } else {
            headEnd.route(placed);
        }
        List<String> unknown = routing.unknown();
        return new Outcome(
                routing.changed(),
                routing.unchanged(),
                unknown.size(),
                List.copyOf(unknown.subList(0, Math.min(UNKNOWN_LISTED, unknown.size()))));
    }

    /**
     * The concentrators and DTUs the caller's branches have meters behind, per the archive or per the replies; with
     * every branch in scope also the connected links that no meter is placed behind yet.
     */
    @Transactional(readOnly = true)
    public List<Concentrator> list(Actor actor) {
        List<Long> scope = actor.branchScope();
        Set<String> connected = Set.copyOf(headEnd.links());
        List<Concentrator> list = new ArrayList<>();
        Set<String> listed = new TreeSet<>();
        List<Meters.ConcentratorCount> counts = meters.concentrators(headEnd.answeredOn(), scope);
        Set<String> ids = new TreeSet<>(connected);
        counts.forEach(c -> ids.add(c.concentratorId()));
        Map<String, Boolean> withSecret = concentrators.withSecret(ids);
        for (Meters.ConcentratorCount c : counts) {
            list.add(new Concentrator(
                    c.concentratorId(),
                    c.archived(),
                    connected.contains(c.concentratorId()),
                    c.answered(),
                    withSecret.getOrDefault(c.concentratorId(), false)));
            listed.add(c.concentratorId());
        }
        if (scope == null) {
            new TreeSet<>(connected)
                    .stream()
                            .filter(id -> !listed.contains(id))
                            .forEach(id ->
                                    list.add(new Concentrator(id, 0, true, 0, withSecret.getOrDefault(id, false))));
        }
        return list;
    }

    /**
     * The meters of the caller's branches behind one concentrator: those the archive places there and those that
     * answered on it, each saying which.
     */
    @Transactional(readOnly = true)
    public List<Meters.ConcentratorMeter> meters(Actor actor, String concentratorId) {
        Set<String> answered = new java.util.HashSet<>();
        headEnd.answeredOn().forEach((address, link) -> {
            if (link.equals(concentratorId)) answered.add(address);
        });
        return meters.behind(concentratorId, answered, actor.branchScope());
    }

    /**
     * Sets or clears (null) a concentrator's registration secret; audited without the secret. The concentrator must be
     * in the archive and, for staff of some branches, have a meter of theirs behind it; otherwise it is unknown alike.
     */
    @Transactional
    public void setSecret(Actor actor, String concentratorId, String secret) {
        List<Long> scope = actor.branchScope();
        boolean visible = concentrators.exists(concentratorId)
                && (scope == null
                        || meters.concentrators(Map.of(), scope).stream()
                                .anyMatch(c -> c.concentratorId().equals(concentratorId)));
        if (!visible) throw io.gridhall.shared.Problem.notFound("concentrator");
        Map<String, String> one = new HashMap<>();
        one.put(concentratorId, secret);
        concentrators.setSecrets(one);
        audit.record(
                actor,
                secret == null ? "metering.concentrator.secret-cleared" : "metering.concentrator.secret-set",
                "concentrator",
                concentratorId,
                Map.of());
    }
}
