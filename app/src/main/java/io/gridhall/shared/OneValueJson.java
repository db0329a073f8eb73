package io.gridhall.shared;

import java.util.function.Function;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;

/**
 * Reads a type that wraps one value (an id, an energy) from its JSON form: the bare value, as the API writes it through
 * the type's {@code @JsonValue}, a number or a string of one; or the {@code {"value": ...}} object that event
 * publications stored before these types had one form. What the type refuses is an input mismatch (a 400 with the
 * field named), never a silent rounding.
 */
public abstract class OneValueJson<T> extends ValueDeserializer<T> {

    private final Class<T> type;
    private final Function<String, T> of;

    /** @param of makes the value from its plain text ({@code "12"}, {@code "300.5"}), throwing on what it refuses */
    protected OneValueJson(Class<T> type, Function<String, T> of) {
        this.type = type;
        this.of = of;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) {
        String text = switch (p.currentToken()) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDecimalValue().toPlainString();
            case VALUE_STRING -> p.getString().strip();
            case START_OBJECT -> {
                JsonNode value = ctxt.readTree(p).get("value");
                if (value != null && value.isNumber())
                    yield value.decimalValue().toPlainString();
                yield value != null && value.isString() ? value.stringValue().strip() : null;
            }
            default -> null;
        };
        if (text != null) {
            try {
                return of.apply(text);
            } catch (ArithmeticException | IllegalArgumentException refused) {
                // falls through to the mismatch
            }
        }
        return ctxt.reportInputMismatch(type, "not a valid %s", type.getSimpleName());
    }
}
