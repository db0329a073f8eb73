package io.gridhall.identity;

import com.fasterxml.jackson.annotation.JsonValue;
import io.gridhall.shared.OneValueJson;
import java.io.Serializable;
import tools.jackson.databind.annotation.JsonDeserialize;

/** An organisation unit that owns customers and equipment: a supply branch (供电所) or the company. */
@JsonDeserialize(using = BranchId.FromJson.class)
public record BranchId(@JsonValue long value) implements Serializable {

    /** A bare number in JSON, as the API writes it. */
    static final class FromJson extends OneValueJson<BranchId> {
        FromJson() {
            super(BranchId.class, v -> new BranchId(Long.parseLong(v)));
        }
    }
}
