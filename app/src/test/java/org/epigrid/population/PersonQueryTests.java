package org.epigrid.population;

import org.epigrid.population.internal.PersonQuery;
import org.epigrid.population.internal.PersonQuery.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PersonQueryTests {

	@Test
	void classifiesSearchText() {
		assertThat(PersonQuery.parse("11010519491231002x"))
			.isEqualTo(new PersonQuery(Kind.DOCUMENT, "11010519491231002X"));
		assertThat(PersonQuery.parse("13812345678")).isEqualTo(new PersonQuery(Kind.PHONE, "13812345678"));
		assertThat(PersonQuery.parse(" 张 ")).isEqualTo(new PersonQuery(Kind.NAME_PREFIX, "张"));
		assertThat(PersonQuery.parse("E12345678").kind()).isEqualTo(Kind.DOCUMENT);
		assertThat(PersonQuery.parse(null).kind()).isEqualTo(Kind.ALL);
	}

}
