package org.epigrid.security;

import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which roles may see identity numbers and phone numbers unmasked. Lists always show them
 * masked; a person's detail page (an audited view) shows them in full to these roles.
 *
 * @param fullIdNumberRoles roles that may see full identity-document numbers
 * @param fullPhoneRoles roles that may see full phone numbers (they have to call people)
 */
@ConfigurationProperties("epigrid.privacy")
public record PrivacyPolicy(@DefaultValue( {
		"EPIDEMIOLOGIST", "DATA_OFFICER" }) Set<Role> fullIdNumberRoles,
		@DefaultValue({ "EPIDEMIOLOGIST", "DATA_OFFICER", "GRID_WORKER",
				"QUARANTINE_OFFICER" }) Set<Role> fullPhoneRoles){

	/**
	 * Whether the caller may see full identity-document numbers in a detail view.
	 * @param caller the caller
	 * @return {@code true} if one of the caller's roles allows it
	 */
	public boolean mayUnmaskIdNumber(Caller caller) {
		return caller.roles().stream().anyMatch(this.fullIdNumberRoles::contains);
	}

	/**
	 * Whether the caller may see full phone numbers in a detail view.
	 * @param caller the caller
	 * @return {@code true} if one of the caller's roles allows it
	 */
	public boolean mayUnmaskPhone(Caller caller) {
		return caller.roles().stream().anyMatch(this.fullPhoneRoles::contains);
	}

}
