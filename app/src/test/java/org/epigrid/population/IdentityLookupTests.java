package org.epigrid.population;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdentityLookupTests {

	@Test
	void oneTypedCharacterOfAGivenNameIsATypo() {
		assertThat(IdentityLookup.oneGivenNameTypo("王建国", "王建华")).isTrue();
		assertThat(IdentityLookup.oneGivenNameTypo("欧阳娜娜", "欧阳娜敏")).isTrue();
	}

	@Test
	void otherDifferencesAreOtherPeople() {
		// two-character names sharing a family phone are two people
		assertThat(IdentityLookup.oneGivenNameTypo("王伟", "王芳")).isFalse();
		// another family name, two characters different, another length, the same name
		assertThat(IdentityLookup.oneGivenNameTypo("王建国", "李建国")).isFalse();
		assertThat(IdentityLookup.oneGivenNameTypo("王建国", "王秀英")).isFalse();
		assertThat(IdentityLookup.oneGivenNameTypo("王建国", "王建国华")).isFalse();
		assertThat(IdentityLookup.oneGivenNameTypo("王建国", "王建国")).isFalse();
	}

}
