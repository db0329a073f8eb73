package io.gridhall.grid.web;

import io.gridhall.grid.AccountPage;
import io.gridhall.grid.BaseMaps;
import io.gridhall.grid.BranchView;
import io.gridhall.grid.Grid;
import io.gridhall.grid.MeterView;
import io.gridhall.grid.NodeRef;
import io.gridhall.grid.NodeType;
import io.gridhall.grid.NodeView;
import io.gridhall.identity.Actor;
import io.gridhall.identity.BranchId;
import io.gridhall.identity.Permission;
import io.gridhall.shared.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The topology for staff (TOPOLOGY_READ), limited to the branches they see: others' nodes are 404. */
@RestController
@RequestMapping("/api/v1/grid")
@Tag(name = "Grid", description = "Supply topology: substations, lines, transformer areas, meter boxes, meters")
@ApiResponse(responseCode = "401", description = "Not signed in")
@ApiResponse(responseCode = "403", description = "Lacks TOPOLOGY_READ")
class GridController {

    private final Grid grid;
    private final BaseMaps baseMaps;

    GridController(Grid grid, BaseMaps baseMaps) {
        this.grid = grid;
        this.baseMaps = baseMaps;
    }

    @GetMapping("/branches")
    @Operation(summary = "Branches (供电所) the caller sees")
    List<BranchView> branches(@AuthenticationPrincipal Actor actor) {
        actor.require(Permission.TOPOLOGY_READ);
        return grid.branches().stream().filter(b -> actor.sees(b.id())).toList();
    }

    @GetMapping("/nodes")
    @Operation(summary = "Children of a node with counts of meters and accounts below; without a parent, the branches")
    @ApiResponse(responseCode = "200", description = "The children")
    @ApiResponse(responseCode = "404", description = "Unknown parent or one of another branch")
    List<NodeView> children(
            @AuthenticationPrincipal Actor actor,
            @RequestParam(required = false) String parentType,
            @RequestParam(required = false) Long parentId) {
        actor.require(Permission.TOPOLOGY_READ);
        if (parentType == null || parentType.isBlank()) {
            List<NodeView> branches = new ArrayList<>();
            for (BranchView b : grid.branches()) {
                if (actor.sees(b.id()))
                    grid.node(new NodeRef(NodeType.BRANCH, b.id().value())).ifPresent(branches::add);
            }
            return branches;
        }
        if (parentId == null) throw Problem.notFound("grid-node");
        NodeRef parent = visible(actor, new NodeRef(NodeType.fromSlug(parentType), parentId))
                .ref();
        return grid.children(parent);
    }

    @GetMapping("/nodes/{type}/{id}")
    @Operation(summary = "One node with its status and counts below it")
    @ApiResponse(responseCode = "404", description = "Unknown node or one of another branch")
    NodeView node(@AuthenticationPrincipal Actor actor, @PathVariable String type, @PathVariable long id) {
        actor.require(Permission.TOPOLOGY_READ);
        return visible(actor, new NodeRef(NodeType.fromSlug(type), id));
    }

    @GetMapping("/nodes/{type}/{id}/accounts")
    @Operation(summary = "Supply account ids downstream of a node, paged, with the total")
    @ApiResponse(responseCode = "404", description = "Unknown node or one of another branch")
    AccountPage accounts(
            @AuthenticationPrincipal Actor actor,
            @PathVariable String type,
            @PathVariable long id,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "100") int size) {
        actor.require(Permission.TOPOLOGY_READ);
        NodeView node = visible(actor, new NodeRef(NodeType.fromSlug(type), id));
        return grid.downstreamAccounts(node.ref(), page, size);
    }

    @GetMapping("/map")
    @Operation(
            summary = "GeoJSON FeatureCollection of a branch's substations, lines and transformer areas",
            description = "bbox = west,south,east,north in WGS-84 degrees")
    @ApiResponse(responseCode = "404", description = "Unknown branch or one of another branch")
    @ApiResponse(responseCode = "400", description = "Malformed bbox")
    Map<String, Object> map(
            @AuthenticationPrincipal Actor actor,
            @RequestParam long branch,
            @RequestParam(required = false) String bbox) {
        actor.require(Permission.TOPOLOGY_READ);
        BranchId id = new BranchId(branch);
        if (!actor.sees(id) || grid.branch(id).isEmpty()) throw Problem.notFound("branch");
        return grid.map(id, parseBox(bbox));
    }

    @GetMapping("/map/base")
    @Operation(
            summary = "What the map draws under the grid: the tile server, or a GeoJSON layer of roads and place names",
            description = "tiles when gridhall.map.tiles.url is set; otherwise the layer of gridhall.map.base-layer"
                    + " (the demo writes its county's), or neither")
    BaseMaps.BaseMap baseMap(@AuthenticationPrincipal Actor actor) {
        actor.require(Permission.TOPOLOGY_READ);
        return baseMaps.baseMap();
    }

    @GetMapping("/meters/{id}")
    @Operation(summary = "A meter asset and where it hangs")
    @ApiResponse(responseCode = "404", description = "Unknown meter or one of another branch")
    MeterView meter(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
        actor.require(Permission.TOPOLOGY_READ);
        return visibleMeter(actor, grid.meter(id));
    }

    @GetMapping("/meters")
    @Operation(summary = "Finds a meter by asset number (资产编号) or 12-digit communication address")
    @ApiResponse(responseCode = "404", description = "No such meter in the caller's branches")
    MeterView meterLookup(
            @AuthenticationPrincipal Actor actor,
            @RequestParam(required = false) String assetNumber,
            @RequestParam(required = false) String commAddress) {
        actor.require(Permission.TOPOLOGY_READ);
        if (assetNumber != null && !assetNumber.isBlank())
            return visibleMeter(actor, grid.meterByAssetNumber(assetNumber));
        if (commAddress != null && !commAddress.isBlank())
            return visibleMeter(actor, grid.meterByCommAddress(commAddress));
        throw Problem.notFound("meter");
    }

    private NodeView visible(Actor actor, NodeRef ref) {
        return grid.node(ref).filter(n -> actor.sees(n.branchId())).orElseThrow(() -> Problem.notFound("grid-node"));
    }

    private static MeterView visibleMeter(Actor actor, Optional<MeterView> meter) {
        return meter.filter(m -> actor.sees(m.branchId())).orElseThrow(() -> Problem.notFound("meter"));
    }

    private static final Pattern DEGREES = Pattern.compile("-?[0-9]{1,3}(\\.[0-9]{1,20})?");

    static Grid.BoundingBox parseBox(String bbox) {
        if (bbox == null || bbox.isBlank()) return null;
        String[] parts = bbox.split(",");
        try {
            if (parts.length != 4) throw new NumberFormatException();
            // plain degrees only: an exponent such as 1e999999999 would pass the range checks below as zero
            for (String part : parts) {
                if (!DEGREES.matcher(part.strip()).matches()) throw new NumberFormatException(part);
            }
            BigDecimal w = new BigDecimal(parts[0].strip());
            BigDecimal s = new BigDecimal(parts[1].strip());
            BigDecimal e = new BigDecimal(parts[2].strip());
            BigDecimal n = new BigDecimal(parts[3].strip());
            if (w.compareTo(e) > 0
                    || s.compareTo(n) > 0
                    || s.abs().intValue() > 90
                    || n.abs().intValue() > 90
                    || w.abs().intValue() > 180
                    || e.abs().intValue() > 180) {
                throw new NumberFormatException();
            }
            return new Grid.BoundingBox(w, s, e, n);
        } catch (NumberFormatException ex) {
            throw Problem.badRequest("bad-bbox");
        }
    }
}
