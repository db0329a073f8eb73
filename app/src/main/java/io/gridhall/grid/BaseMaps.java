package io.gridhall.grid;

import java.util.List;
import java.util.Map;

/**
 * What the maps draw under the grid: a deployment's tile server ({@code gridhall.map.tiles.url}, e.g. 天地图 with
 * its key {@code tk}, or the utility's own), or else a GeoJSON layer of roads and place names
 * ({@code gridhall.map.base-layer}; the demo writes its county's). Neither: the grid alone.
 */
public interface BaseMaps {

    /**
     * @param tiles the tile server, or null
     * @param layer a GeoJSON FeatureCollection of roads (LineStrings with {@code kind} road or street) and places
     *     (Points with {@code kind} town or village), each with a {@code name}; null without tiles or a layer file
     */
    record BaseMap(Tiles tiles, Map<String, Object> layer) {}

    /**
     * @param url Leaflet URL template ({z}, {x}, {y}, {s})
     * @param attribution shown on the map, as the tile provider's terms require
     * @param subdomains values of {s}; empty when the URL has none
     */
    record Tiles(String url, String attribution, List<String> subdomains) {}

    BaseMap baseMap();
}
