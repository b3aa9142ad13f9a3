package org.epigrid.shared.web;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.MutableCoercionConfig;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API reads JSON strictly: a value of the wrong type is a 400 naming the field, never
 * coerced. Found by trying: {@code {"duplicateId": 1.5}} merged person 1, {@code "１２３"}
 * became 123, {@code 123} became {@code true} and {@code ""} became the default. So:
 * <ul>
 * <li>no scalar coercion (strings to numbers or booleans, numbers to booleans or
 * strings), no floats as integers, no empty strings as {@code null} or defaults, no
 * {@code null} for primitives;</li>
 * <li>unknown properties are refused (a misspelt field is not silently ignored);</li>
 * <li>every JSON string is at most {@value #MAX_STRING} characters and holds no NUL
 * character (PostgreSQL cannot store one); fields have tighter limits of their own.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfiguration {

	/** The longest string any JSON field may hold. */
	static final int MAX_STRING = 10_000;

	/** How refusals of our own begin, so that {@link JsonErrors} passes them on. */
	static final String OWN = "epigrid: ";

	@Bean
	JsonMapperBuilderCustomizer strictJson() {
		return builder -> builder.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.withCoercionConfig(LogicalType.Integer, StrictJsonConfiguration::numbersOnly)
			.withCoercionConfig(LogicalType.Float, StrictJsonConfiguration::numbersOnly)
			.withCoercionConfig(LogicalType.Boolean,
					config -> numbersOnly(config).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
			// "" is not an empty list, object or array either
			.withCoercionConfig(LogicalType.POJO, StrictJsonConfiguration::noEmptyString)
			.withCoercionConfig(LogicalType.Collection, StrictJsonConfiguration::noEmptyString)
			.withCoercionConfig(LogicalType.Map, StrictJsonConfiguration::noEmptyString)
			.withCoercionConfig(LogicalType.Array, StrictJsonConfiguration::noEmptyString)
			.withCoercionConfig(LogicalType.Enum, StrictJsonConfiguration::noEmptyString)
			.withCoercionConfig(LogicalType.DateTime, StrictJsonConfiguration::noEmptyString)
			.addModule(new SimpleModule("epigrid-strict-strings").addDeserializer(String.class, new StrictString()));
	}

	private static MutableCoercionConfig numbersOnly(MutableCoercionConfig config) {
		return noEmptyString(config).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
	}

	private static MutableCoercionConfig noEmptyString(MutableCoercionConfig config) {
		return config.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail).setAcceptBlankAsEmpty(false);
	}

	/**
	 * Reads only JSON strings as Java strings, refusing NUL characters and anything
	 * longer than {@value #MAX_STRING} characters.
	 */
	static final class StrictString extends StdScalarDeserializer<String> {

		StrictString() {
			super(String.class);
		}

		@Override
		public String deserialize(JsonParser parser, DeserializationContext context) {
			if (!parser.hasToken(JsonToken.VALUE_STRING)) {
				return (String) context.handleUnexpectedToken(String.class, parser);
			}
			String value = parser.getString();
			if (value.length() > MAX_STRING) {
				throw MismatchedInputException.from(parser, String.class,
						OWN + "is longer than " + MAX_STRING + " characters");
			}
			if (value.indexOf('\0') >= 0) {
				throw MismatchedInputException.from(parser, String.class, OWN + "must not contain a NUL character");
			}
			return value;
		}

		@Override
		public LogicalType logicalType() {
			return LogicalType.Textual;
		}

	}

}
