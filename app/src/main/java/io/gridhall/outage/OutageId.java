package io.gridhall.outage;

import com.fasterxml.jackson.annotation.JsonValue;
import io.gridhall.shared.OneValueJson;
import tools.jackson.databind.annotation.JsonDeserialize;

/** An outage notice's id. */
@JsonDeserialize(using = OutageId.FromJson.class)
public record OutageId(@JsonValue long value) {

    /** A bare number in JSON, as the API writes it. */
    static final class FromJson extends OneValueJson<OutageId> {
        FromJson() {
            super(OutageId.class, v -> new OutageId(Long.parseLong(v)));
        }
    }
}
