package io.gridhall.grid;

import io.gridhall.shared.Problem;
import java.util.Locale;
import java.util.Optional;

/** The levels of the supply topology, from the top down. */
public enum NodeType {
    BRANCH("branch"),
    SUBSTATION("substation"),
    LINE("line"),
    AREA("area"),
    BOX("box"),
    METER("meter");

    private final String slug;

    NodeType(String slug) {
        this.slug = slug;
    }

    /** The name used in URLs: {@code substation}, {@code line}, {@code area}, {@code box}, {@code meter}. */
    public String slug() {
        return slug;
    }

    /** The level directly below, empty for meters. */
    public Optional<NodeType> child() {
        return ordinal() + 1 < values().length ? Optional.of(values()[ordinal() + 1]) : Optional.empty();
    }

    /** An unknown type in a URL is a 404 like any unknown node. */
    public static NodeType fromSlug(String slug) {
        for (NodeType t : values()) {
            if (t.slug.equals(slug == null ? "" : slug.toLowerCase(Locale.ROOT))) return t;
        }
        throw Problem.notFound("grid-node");
    }
}
