package io.gridhall.shared.internal;

import org.springframework.stereotype.Component;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;

/**
 * Refuses a NUL character (U+0000) in any string of a JSON body, as an invalid value of its field: PostgreSQL cannot
 * store it, and no field has a use for it. Boot registers the module with the application's JSON mapper.
 */
@Component
class NulRefusal extends SimpleModule {

    NulRefusal() {
        super("gridhall-nul-refusal");
        setDeserializerModifier(new ValueDeserializerModifier() {
            @Override
            @SuppressWarnings("unchecked")
            public ValueDeserializer<?> modifyDeserializer(
                    DeserializationConfig config, BeanDescription.Supplier bean, ValueDeserializer<?> deserializer) {
                return bean.getBeanClass() == String.class
                        ? new NoNul((ValueDeserializer<Object>) deserializer)
                        : deserializer;
            }
        });
    }

    /** Whether the exception is this module's refusal. */
    static boolean isRefusal(InvalidFormatException e) {
        return e.getValue() instanceof String s && s.indexOf('\0') >= 0;
    }

    private static final class NoNul extends DelegatingDeserializer {

        NoNul(ValueDeserializer<Object> delegate) {
            super(delegate);
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
            @SuppressWarnings("unchecked")
            ValueDeserializer<Object> typed = (ValueDeserializer<Object>) delegate;
            return new NoNul(typed);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) {
            Object value = _delegatee.deserialize(p, ctxt);
            if (value instanceof String s && s.indexOf('\0') >= 0) {
                throw InvalidFormatException.from(p, "a NUL character (U+0000) is not allowed", s, String.class);
            }
            return value;
        }
    }
}
