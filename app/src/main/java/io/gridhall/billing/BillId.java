package io.gridhall.billing;

import com.fasterxml.jackson.annotation.JsonValue;
import io.gridhall.shared.OneValueJson;
import tools.jackson.databind.annotation.JsonDeserialize;

/** A bill's id: regular bills, reversals and rebills alike. */
@JsonDeserialize(using = BillId.FromJson.class)
public record BillId(@JsonValue long value) {

    /** A bare number in JSON, as the API writes it. */
    static final class FromJson extends OneValueJson<BillId> {
        FromJson() {
            super(BillId.class, v -> new BillId(Long.parseLong(v)));
        }
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
