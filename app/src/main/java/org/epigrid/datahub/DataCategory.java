package org.epigrid.datahub;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.epigrid.datahub.FieldSpec.optional;
import static org.epigrid.datahub.FieldSpec.required;

/**
 * The kinds of list departments send (MISSION A1, A7, G5, I2), each with its fields.
 * Every category identifies a person by name plus an ID number or a phone.
 */
public enum DataCategory {

	/** 常住人口 from the police household register. */
	RESIDENT_POPULATION("常住人口", null, optional("address", FieldType.TEXT, "现住址", "居住地址", "住址", "地址", "address"),
			optional("hukouPlace", FieldType.TEXT, "户籍地", "户籍地址", "户籍", "hukou", "hukouPlace"),
			optional("workplace", FieldType.TEXT, "工作单位", "单位", "workplace", "employer")),
	/** 流动人口 registrations. */
	FLOATING_POPULATION("流动人口", null, optional("address", FieldType.TEXT, "现住址", "居住地址", "住址", "地址", "address"),
			optional("hukouPlace", FieldType.TEXT, "户籍地", "户籍地址", "户籍", "hukouPlace"),
			optional("arrivalDate", FieldType.DATE, "来本地日期", "登记日期", "arrivalDate")),
	/** Inbound travellers from rail, air, road or telecom roaming (来X必知). */
	INBOUND_TRAVELLER("入境/来返人员", "arrivalTime",
			optional("originCity", FieldType.TEXT, "出发地", "来源地", "始发城市", "始发地", "出发城市", "来自", "originCity", "origin"),
			optional("arrivalTime", FieldType.DATETIME, "到达时间", "抵达时间", "到站时间", "入境时间", "arrivalTime", "arrival"),
			optional("destination", FieldType.TEXT, "目的地", "目的地址", "目的地详址", "落脚点", "destination"),
			optional("transport", FieldType.TEXT, "交通方式", "出行方式", "transport", "mode"),
			optional("trainOrFlight", FieldType.TEXT, "车次", "航班号", "航班", "车次/航班", "车次航班", "trainOrFlight", "flight",
					"train"),
			optional("seat", FieldType.TEXT, "座位号", "座位", "车厢座位", "车厢", "seat")),
	/** 协查函: lists of risk persons sent by other places. */
	ASSISTANCE_LETTER("协查函名单", "exposureTime", optional("riskArea", FieldType.TEXT, "风险地区", "涉疫地区", "来源地", "riskArea"),
			optional("exposureTime", FieldType.PAST_DATETIME, "暴露时间", "接触时间", "时空交集时间", "exposureTime"),
			optional("reason", FieldType.TEXT, "协查原因", "原因", "类别", "人员类别", "reason"),
			optional("address", FieldType.TEXT, "现住址", "住址", "地址", "address")),
	/** 疫苗接种 records. */
	VACCINATION("疫苗接种", "vaccinationDate",
			required("doseNumber", FieldType.ORDINAL, "剂次", "接种剂次", "第几剂", "doseNumber", "dose"),
			optional("product", FieldType.TEXT, "疫苗名称", "疫苗", "生产企业", "product", "vaccine"),
			required("vaccinationDate", FieldType.PAST_DATE, "接种日期", "接种时间", "vaccinationDate", "date"),
			optional("site", FieldType.TEXT, "接种单位", "接种点", "接种地点", "site")),
	/** 药店购药: antipyretics, antivirals, antibiotics, cough medicine. */
	PHARMACY_PURCHASE("药店购药", "purchaseTime", optional("pharmacy", FieldType.TEXT, "药店名称", "药店", "pharmacy"),
			optional("drug", FieldType.TEXT, "药品名称", "药品", "drug"),
			optional("drugCategory", FieldType.TEXT, "药品类别", "类别", "drugCategory", "category"),
			required("purchaseTime", FieldType.PAST_DATETIME, "购买时间", "购药时间", "销售时间", "purchaseTime", "time")),
	/** 发热门诊 visits. */
	FEVER_CLINIC_VISIT("发热门诊", "visitTime", optional("hospital", FieldType.TEXT, "医院", "医疗机构", "就诊机构", "hospital"),
			required("visitTime", FieldType.PAST_DATETIME, "就诊时间", "挂号时间", "visitTime", "time"),
			optional("symptoms", FieldType.TEXT, "症状", "主诉", "symptoms"),
			optional("temperature", FieldType.TEMPERATURE, "体温", "temperature")),
	/**
	 * Police trajectory records (公安轨迹: hotel stays, internet cafés, other registrations
	 * with a place and a time), for the investigation of cases (E2).
	 */
	POLICE_TRACE("公安轨迹", "traceTime", required("place", FieldType.TEXT, "场所名称", "场所", "地点", "place"),
			optional("address", FieldType.TEXT, "详细地址", "地址", "address"),
			optional("traceKind", FieldType.TEXT, "轨迹类型", "类型", "traceKind", "kind"),
			required("traceTime", FieldType.PAST_DATETIME, "发生时间", "登记时间", "入住时间", "上网时间", "时间", "traceTime", "time")),
	/** 企业返岗员工 lists (MISSION G5). */
	EMPLOYER_STAFF("企业返岗员工", "returnDate", required("employer", FieldType.TEXT, "单位名称", "企业名称", "单位", "employer"),
			optional("returnDate", FieldType.DATE, "返岗日期", "返回日期", "到岗日期", "returnDate"),
			optional("originCity", FieldType.TEXT, "出发地", "来源地", "返回前所在地", "originCity"),
			optional("address", FieldType.TEXT, "现住址", "住址", "address"));

	private static final List<FieldSpec> PERSON = List.of(
			required("name", FieldType.TEXT, "姓名", "名字", "人员姓名", "name", "fullName"),
			optional("idNumber", FieldType.ID_NUMBER, "身份证号", "身份证号码", "公民身份号码", "证件号码", "证件号", "身份证", "idNumber",
					"idCard", "id_number"),
			optional("phone", FieldType.PHONE, "联系电话", "手机号", "手机号码", "电话", "手机", "联系方式", "phone", "mobile"),
			optional("birthDate", FieldType.PAST_DATE, "出生日期", "出生年月日", "生日", "birthDate", "dateOfBirth"));

	private final String label;

	private final String timeField;

	private final List<FieldSpec> fields;

	DataCategory(String label, String timeField, FieldSpec... own) {
		this.label = label;
		this.timeField = timeField;
		List<FieldSpec> all = new ArrayList<>(List.of(own));
		this.fields = all;
	}

	/**
	 * The Chinese name of the category.
	 * @return the label
	 */
	public String label() {
		return this.label;
	}

	/**
	 * The fields of a record: name, idNumber and phone first, then the category's own.
	 * @return the fields
	 */
	public List<FieldSpec> fields() {
		List<FieldSpec> all = new ArrayList<>(PERSON);
		all.addAll(this.fields);
		return all;
	}

	/**
	 * The field that says when the recorded event happened (arrival, purchase …), if any.
	 * @return the field name
	 */
	public Optional<String> timeField() {
		return Optional.ofNullable(this.timeField);
	}

}
