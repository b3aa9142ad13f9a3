package org.epigrid.shared.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.web.bind.annotation.RestController;

/**
 * Marks a controller of the REST API ({@code /api/v1}); its errors are answered as RFC
 * 9457 problem details.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@RestController
public @interface ApiController {

	/**
	 * The bean name.
	 * @return the bean name, empty for the default
	 */
	@AliasFor(annotation = RestController.class)
	String value() default "";

}
