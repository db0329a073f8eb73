package io.gridhall.grid;

/** A node of the topology: its level and id. */
public record NodeRef(NodeType type, long id) {

    public static NodeRef substation(long id) {
        return new NodeRef(NodeType.SUBSTATION, id);
    }

    public static NodeRef line(long id) {
        return new NodeRef(NodeType.LINE, id);
    }

    public static NodeRef area(long id) {
        return new NodeRef(NodeType.AREA, id);
    }

    public static NodeRef box(long id) {
        return new NodeRef(NodeType.BOX, id);
    }

    public static NodeRef meter(long id) {
        return new NodeRef(NodeType.METER, id);
    }
}
