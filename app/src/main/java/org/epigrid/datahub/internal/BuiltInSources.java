package org.epigrid.datahub.internal;

import java.util.List;

import org.epigrid.datahub.DataCategory;
import org.epigrid.datahub.DataSourceManagement;
import org.epigrid.datahub.DataSourceManagement.NewDataSource;
import org.epigrid.shared.ConflictException;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Registers the usual departments' sources on start-up (once; afterwards they are data
 * that officers edit).
 */
@Component
@Order(-10)
class BuiltInSources implements ApplicationRunner {

	private static final List<NewDataSource> SOURCES = List.of(
			source("police-residents", "常住人口（公安户籍）", "公安局", DataCategory.RESIDENT_POPULATION, "每月"),
			source("police-floating", "流动人口登记", "公安局", DataCategory.FLOATING_POPULATION, "每日"),
			source("police-traces", "公安轨迹（旅馆住宿、网吧上网等）", "公安局", DataCategory.POLICE_TRACE, "每日"),
			source("rail-arrivals", "铁路到达旅客", "铁路部门", DataCategory.INBOUND_TRAVELLER, "每日"),
			source("air-arrivals", "民航到达旅客", "机场/民航", DataCategory.INBOUND_TRAVELLER, "每日"),
			source("road-arrivals", "公路客运与卡口", "交通运输局", DataCategory.INBOUND_TRAVELLER, "每日"),
			source("telecom-roaming", "通信漫游来访人员", "通信管理局", DataCategory.INBOUND_TRAVELLER, "每日"),
			source("assistance-letters", "外地协查函名单", "疫情防控指挥部", DataCategory.ASSISTANCE_LETTER, "随时"),
			source("vaccination", "疫苗接种记录", "卫健委", DataCategory.VACCINATION, "每日"),
			source("pharmacy-purchases", "药店四类药品购买", "市场监管局", DataCategory.PHARMACY_PURCHASE, "每日"),
			source("fever-clinics", "发热门诊就诊", "卫健委", DataCategory.FEVER_CLINIC_VISIT, "每日"),
			source("employer-staff", "企业返岗员工", "人社局", DataCategory.EMPLOYER_STAFF, "每周"));

	private final DataSourceManagement sources;

	BuiltInSources(DataSourceManagement sources) {
		this.sources = sources;
	}

	@Override
	public void run(ApplicationArguments args) {
		for (NewDataSource source : SOURCES) {
			try {
				this.sources.create(source);
			}
			catch (ConflictException ex) {
				// registered on an earlier start; officers may have edited it since
			}
		}
	}

	private static NewDataSource source(String code, String name, String department, DataCategory category,
			String schedule) {
		return new NewDataSource(code, name, department, category, null, null, schedule, true);
	}

}
