package io.gridhall.demo;

import io.gridhall.grid.BranchView;
import io.gridhall.grid.Grid;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo county's base map, so the console's map is not a bare sketch without a tile server: GeoJSON of roads
 * and place names laid out beside the generated topology (the same seed gives the same map). A county road joins
 * the three towns; a road leaves each town for each of its substations and runs along each 10 kV line's route (lines
 * follow roads); each transformer area gets a village street; towns and villages are labelled. The grid module's map
 * API serves the file ({@code gridhall.map.base-layer}).
 */
final class DemoBaseMap {

    private static final List<String> COUNTY_ROADS = List.of("富春大道", "S208 省道", "新场公路", "春江北路");

    private DemoBaseMap() {}

    /** The FeatureCollection for these branches of the grid. */
    static Map<String, Object> of(Grid grid, List<BranchView> branches, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0xB45E_3A9L);
        List<Map<String, Object>> features = new ArrayList<>();
        List<List<BigDecimal>> county = new ArrayList<>();
        for (BranchView b : branches) county.add(List.of(b.lon(), b.lat()));
        if (county.size() >= 2) features.add(line("road", COUNTY_ROADS.getFirst(), county));
        int roadNo = 0;
        for (BranchView b : branches) {
            String town = b.name().replace("供电所", "镇");
            features.add(point("town", town, b.lon(), b.lat()));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> nodes =
                    (List<Map<String, Object>>) grid.map(b.id(), null).get("features");
            Set<String> villages = new HashSet<>();
            for (Map<String, Object> f : nodes) {
                Map<?, ?> p = (Map<?, ?>) f.get("properties");
                Map<?, ?> g = (Map<?, ?>) f.get("geometry");
                String type = String.valueOf(p.get("type"));
                if (type.equals("substation")) {
                    List<?> c = (List<?>) g.get("coordinates");
                    features.add(line(
                            "road",
                            COUNTY_ROADS.get(1 + roadNo++ % (COUNTY_ROADS.size() - 1)),
                            List.of(
                                    List.of(b.lon(), b.lat()),
                                    bend(b.lon(), b.lat(), (BigDecimal) c.get(0), (BigDecimal) c.get(1), random),
                                    List.of((BigDecimal) c.get(0), (BigDecimal) c.get(1)))));
                } else if (type.equals("line")) {
                    List<List<BigDecimal>> route = new ArrayList<>();
                    for (Object o : (List<?>) g.get("coordinates")) {
                        List<?> c = (List<?>) o;
                        // the road runs a few dozen metres beside the line
                        route.add(List.of(
                                shift((BigDecimal) c.get(0), 0.0004, random),
                                shift((BigDecimal) c.get(1), 0.0004, random)));
                    }
                    features.add(line("road", DemoNames.ROADS.get(random.nextInt(DemoNames.ROADS.size())), route));
                } else if (type.equals("area")) {
                    List<?> c = (List<?>) g.get("coordinates");
                    BigDecimal lon = (BigDecimal) c.get(0);
                    BigDecimal lat = (BigDecimal) c.get(1);
                    String village = village(String.valueOf(p.get("name")));
                    double angle = random.nextDouble(Math.PI);
                    double dx = Math.cos(angle) * 0.004;
                    double dy = Math.sin(angle) * 0.004;
                    features.add(line(
                            "street",
                            village + "街",
                            List.of(
                                    List.of(add(lon, -dx), add(lat, -dy)),
                                    List.of(lon, lat),
                                    List.of(add(lon, dx), add(lat, dy)))));
                    if (villages.add(village)) features.add(point("village", village, lon, lat));
                }
            }
        }
        Map<String, Object> collection = new LinkedHashMap<>();
        collection.put("type", "FeatureCollection");
        collection.put("features", features);
        return collection;
    }

    /** Writes the base map for the grid's branches, replacing the file. */
    static int write(Grid grid, long seed, Path file) throws IOException {
        Map<String, Object> map = of(grid, grid.branches(), seed);
        if (file.toAbsolutePath().getParent() != null)
            Files.createDirectories(file.toAbsolutePath().getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        JsonMapper.builder().build().writeValue(temp.toFile(), map);
        Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return ((List<?>) map.get("features")).size();
    }

    /** "东3号公变" is in 东村; "南坞2号专变" in 南坞村. */
    static String village(String areaName) {
        String head = areaName.replaceFirst("\\d+号.*$", "");
        return head.isEmpty() || head.equals(areaName) ? areaName : head + "村";
    }

    private static List<BigDecimal> bend(
            BigDecimal lon0, BigDecimal lat0, BigDecimal lon1, BigDecimal lat1, SplittableRandom random) {
        BigDecimal lon = lon0.add(lon1).divide(BigDecimal.TWO, 6, RoundingMode.HALF_UP);
        BigDecimal lat = lat0.add(lat1).divide(BigDecimal.TWO, 6, RoundingMode.HALF_UP);
        return List.of(shift(lon, 0.01, random), shift(lat, 0.01, random));
    }

    private static BigDecimal shift(BigDecimal v, double degrees, SplittableRandom random) {
        return add(v, random.nextDouble(-degrees, degrees));
    }

    private static BigDecimal add(BigDecimal v, double degrees) {
        return v.add(BigDecimal.valueOf(degrees)).setScale(6, RoundingMode.HALF_UP);
    }

    private static Map<String, Object> line(String kind, String name, List<List<BigDecimal>> coordinates) {
        return feature("LineString", coordinates, kind, name);
    }

    private static Map<String, Object> point(String kind, String name, BigDecimal lon, BigDecimal lat) {
        return feature("Point", List.of(lon, lat), kind, name);
    }

    private static Map<String, Object> feature(String type, Object coordinates, String kind, String name) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("type", "Feature");
        f.put("geometry", Map.of("type", type, "coordinates", coordinates));
        f.put("properties", Map.of("kind", kind, "name", name));
        return f;
    }
}
