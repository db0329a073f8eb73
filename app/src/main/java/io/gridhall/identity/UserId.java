package io.gridhall.identity;

import com.fasterxml.jackson.annotation.JsonValue;
import io.gridhall.shared.OneValueJson;
import java.io.Serializable;
import tools.jackson.databind.annotation.JsonDeserialize;

/** A person who signs in: a customer of the portal or a member of staff. */
@JsonDeserialize(using = UserId.FromJson.class)
public record UserId(@JsonValue long value) implements Serializable {

    /** A bare number in JSON, as the API writes it. */
    static final class FromJson extends OneValueJson<UserId> {
        FromJson() {
            super(UserId.class, v -> new UserId(Long.parseLong(v)));
        }
    }
}
