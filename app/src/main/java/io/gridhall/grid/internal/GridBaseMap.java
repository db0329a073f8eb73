package io.gridhall.grid.internal;

import io.gridhall.grid.BaseMaps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The configured tile server, or the base layer file, read again when it changes (the demo writes it at start). */
@Component
class GridBaseMap implements BaseMaps {

    private static final Logger log = LoggerFactory.getLogger(GridBaseMap.class);

    private final Tiles tiles;
    private final Path layerFile;
    private final JsonMapper json = JsonMapper.builder().build();
    private volatile Cached cached;

    private record Cached(FileTime modified, long size, Map<String, Object> layer) {}

    GridBaseMap(
            @Value("${gridhall.map.tiles.url:}") String tilesUrl,
            @Value("${gridhall.map.tiles.attribution:}") String attribution,
            @Value("${gridhall.map.tiles.subdomains:}") String subdomains,
            @Value("${gridhall.map.base-layer:${GRIDHALL_DATA:./data}/basemap.geojson}") String layerFile) {
        this.tiles = tilesUrl.isBlank()
                ? null
                : new Tiles(
                        tilesUrl.strip(),
                        attribution.strip(),
                        Arrays.stream(subdomains.split(","))
                                .map(String::strip)
                                .filter(s -> !s.isEmpty())
                                .toList());
        this.layerFile = Path.of(layerFile);
    }

    @Override
    public BaseMap baseMap() {
        return tiles != null ? new BaseMap(tiles, null) : new BaseMap(null, layer());
    }

    private Map<String, Object> layer() {
        try {
            if (!Files.isRegularFile(layerFile)) return null;
            FileTime modified = Files.getLastModifiedTime(layerFile);
            long size = Files.size(layerFile);
            Cached c = cached;
            if (c != null && c.modified().equals(modified) && c.size() == size) return c.layer();
            Map<String, Object> layer = json.readValue(layerFile.toFile(), new TypeReference<Map<String, Object>>() {});
            if (!"FeatureCollection".equals(layer.get("type")) || !(layer.get("features") instanceof List<?>)) {
                log.warn("Base layer {} is not a GeoJSON FeatureCollection; maps show the grid alone", layerFile);
                layer = null;
            }
            cached = new Cached(modified, size, layer);
            return layer;
        } catch (JacksonException e) {
            log.warn(
                    "Base layer {} is not valid JSON ({}); maps show the grid alone",
                    layerFile,
                    e.getOriginalMessage());
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
