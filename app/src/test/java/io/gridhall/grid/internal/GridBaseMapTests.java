package io.gridhall.grid.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhall.grid.BaseMaps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 8: a map is drawn over a deployment's tiles, or over its GeoJSON base layer, or over nothing. */
class GridBaseMapTests {

    @TempDir
    Path dir;

    @Test
    void aTileServerWinsAndCarriesItsAttributionAndSubdomains() throws Exception {
        Path layer = dir.resolve("basemap.geojson");
        Files.writeString(layer, "{\"type\":\"FeatureCollection\",\"features\":[]}");
        GridBaseMap map = new GridBaseMap(
                "https://t{s}.tianditu.gov.cn/vec_w/wmts?TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=key",
                " 天地图 GS(2024)0650号 ",
                "0, 1,2,,3",
                layer.toString());

        BaseMaps.BaseMap base = map.baseMap();

        assertThat(base.layer()).isNull();
        assertThat(base.tiles().attribution()).isEqualTo("天地图 GS(2024)0650号");
        assertThat(base.tiles().subdomains()).containsExactly("0", "1", "2", "3");
    }

    @Test
    void withoutTilesTheLayerFileIsServedAndReadAgainWhenItChanges() throws Exception {
        Path layer = dir.resolve("basemap.geojson");
        GridBaseMap map = new GridBaseMap("", "", "", layer.toString());
        assertThat(map.baseMap()).isEqualTo(new BaseMaps.BaseMap(null, null));

        Files.writeString(layer, """
                {"type":"FeatureCollection","features":[{"type":"Feature",
                 "geometry":{"type":"Point","coordinates":[120.1,30.2]},"properties":{"kind":"town","name":"城关镇"}}]}""");
        assertThat((List<?>) map.baseMap().layer().get("features")).hasSize(1);

        Files.writeString(layer, "{\"type\":\"FeatureCollection\",\"features\":[]}");
        Files.setLastModifiedTime(layer, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        assertThat((List<?>) map.baseMap().layer().get("features")).isEmpty();
    }

    @Test
    void aBrokenOrForeignFileLeavesTheGridAlone() throws Exception {
        Path layer = dir.resolve("basemap.geojson");
        GridBaseMap map = new GridBaseMap("", "", "", layer.toString());

        Files.writeString(layer, "{\"type\":\"FeatureCollection\",\"features\":[");
        assertThat(map.baseMap().layer()).isNull();

        Files.writeString(layer, "{\"type\":\"Feature\",\"features\":{}}");
        Files.setLastModifiedTime(layer, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        assertThat(map.baseMap().layer()).isNull();
    }
}
