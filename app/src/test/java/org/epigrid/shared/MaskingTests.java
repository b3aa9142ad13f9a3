package org.epigrid.shared;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MaskingTests {

	@Test
	void masksIdNumberKeepingRegionAndLastFour() {
		assertThat(Masking.idNumber("320507199001011234")).isEqualTo("320507********1234");
		assertThat(Masking.idNumber("E12345678")).isEqualTo("*****5678");
		assertThat(Masking.idNumber(null)).isNull();
	}

	@Test
	void masksMobileAndFixedPhones() {
		assertThat(Masking.phone("13812345678")).isEqualTo("138****5678");
		assertThat(Masking.phone("0512-65223456")).isEqualTo("0512-****3456");
	}

	@Test
	void masksNamesForDevices() {
		assertThat(Masking.name("张三丰")).isEqualTo("张*丰");
		assertThat(Masking.name("张三")).isEqualTo("张*");
		assertThat(Masking.name("欧阳娜娜")).isEqualTo("欧**娜");
	}

}
