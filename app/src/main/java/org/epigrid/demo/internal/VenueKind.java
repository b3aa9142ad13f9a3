package org.epigrid.demo.internal;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The kinds of venue a township has, how common each is, how many people it holds and how
 * crowded or sensitive it counts in prevention work: {@code CROWDED} places gather many
 * strangers, {@code SENSITIVE} ones serve vulnerable people (schools, clinics, care
 * homes), the rest are {@code ORDINARY}.
 */
enum VenueKind {

	SUPERMARKET("CROWDED", 12, 200, 800, 3),

	CONVENIENCE_STORE("ORDINARY", 35, 15, 50, 1),

	RESTAURANT("CROWDED", 60, 30, 200, 2),

	MARKET("CROWDED", 7, 200, 1000, 2),

	PHARMACY("ORDINARY", 15, 10, 40, 1),

	CLINIC("SENSITIVE", 10, 30, 300, 2),

	SCHOOL("SENSITIVE", 6, 400, 2500, 4),

	KINDERGARTEN("SENSITIVE", 8, 100, 400, 2),

	NURSING_HOME("SENSITIVE", 3, 50, 200, 2),

	FACTORY("CROWDED", 60, 100, 3000, 12),

	OFFICE("ORDINARY", 20, 50, 500, 4),

	HOTEL("ORDINARY", 10, 40, 300, 2),

	BUS_STATION("CROWDED", 25, 30, 300, 0),

	BANK("ORDINARY", 6, 20, 80, 1),

	INTERNET_CAFE("CROWDED", 5, 40, 150, 1),

	KTV("CROWDED", 3, 50, 200, 1),

	GYM("CROWDED", 5, 30, 150, 1);

	static final Weighted<VenueKind> BY_FREQUENCY = Weighted.of(List.of(values()),
			Arrays.stream(values()).mapToDouble((kind) -> kind.frequency).toArray());

	private final String crowdClass;

	private final double frequency;

	private final int minCapacity;

	private final int maxCapacity;

	private final int jobs;

	VenueKind(String crowdClass, double frequency, int minCapacity, int maxCapacity, int jobs) {
		this.crowdClass = crowdClass;
		this.frequency = frequency;
		this.minCapacity = minCapacity;
		this.maxCapacity = maxCapacity;
		this.jobs = jobs;
	}

	String crowdClass() {
		return this.crowdClass;
	}

	/**
	 * How many of the township's working residents a venue of this kind employs, relative
	 * to the others; {@code 0} for places nobody works at.
	 */
	int jobs() {
		return this.jobs;
	}

	int capacity(SplittableRandom r) {
		int capacity = this.minCapacity + r.nextInt(this.maxCapacity - this.minCapacity + 1);
		return (capacity >= 100) ? capacity / 10 * 10 : capacity;
	}

	/**
	 * A name for a venue of this kind.
	 * @param r random numbers
	 * @param township the township name
	 * @param village the village or community name
	 * @param community whether it is a community (社区) rather than a village (村)
	 */
	String venueName(SplittableRandom r, String township, String village, boolean community) {
		String surname = Vocabulary.SURNAMES_LOCAL.pick(r);
		String brand = one(r, Vocabulary.BRANDS);
		String branch = "(" + village + "店)";
		return switch (this) {
			case SUPERMARKET -> one(r, "华润万家", "苏果超市", "永辉超市", "大润发", "好又多", "欧尚超市") + branch;
			case CONVENIENCE_STORE ->
				(r.nextDouble() < 0.6) ? one(r, "好德便利", "全家便利店", "罗森便利店", "快客便利", "可的便利") + branch : surname + "家小超市";
			case RESTAURANT -> switch (r.nextInt(3)) {
				case 0 -> surname + "记" + one(r, "面馆", "饭店", "小吃", "馄饨店", "快餐", "土菜馆");
				case 1 -> village + one(r, "蟹庄", "农家乐", "渔家菜馆", "大酒店");
				default -> one(r, "沙县小吃", "兰州拉面", "黄焖鸡米饭", "老娘舅", "肯德基", "麦当劳") + branch;
			};
			case MARKET -> village + "农贸市场";
			case PHARMACY -> one(r, "老百姓大药房", "雷允上药店", "益丰大药房", "同仁堂药店", "国大药房") + branch;
			case CLINIC -> switch (r.nextInt(3)) {
				case 0 -> township + "卫生院";
				case 1 -> village + (community ? "社区卫生服务站" : "村卫生室");
				default -> surname + "氏诊所";
			};
			case SCHOOL -> (r.nextDouble() < 0.5) ? village + "小学" : township + one(r, "中心小学", "中学", "实验学校", "第二中学");
			case KINDERGARTEN -> village + one(r, "幼儿园", "中心幼儿园", "小天使幼儿园");
			case NURSING_HOME -> (r.nextDouble() < 0.5) ? village + "敬老院" : township + "养老院";
			case FACTORY -> "苏州" + brand + one(r, Vocabulary.INDUSTRIES);
			case OFFICE -> switch (r.nextInt(3)) {
				case 0 -> brand + one(r, "科技大厦", "商务中心", "产业园");
				case 1 -> township + one(r, "便民服务中心", "人民政府", "派出所");
				default -> village + (community ? "社区居委会" : "村委会");
			};
			case HOTEL -> (r.nextDouble() < 0.6) ? one(r, "如家酒店", "汉庭酒店", "锦江之星", "全季酒店") + branch
					: village + one(r, "宾馆", "大酒店", "民宿");
			case BUS_STATION -> (r.nextDouble() < 0.9) ? village + one(r, "公交站", "公交首末站", "路口公交站") : township + "汽车客运站";
			case BANK -> one(r, "中国农业银行", "中国工商银行", "苏州农商银行", "中国邮政储蓄银行") + township + village + "网点";
			case INTERNET_CAFE -> brand + "网咖";
			case KTV -> brand + "KTV";
			case GYM -> brand + "健身";
		};
	}

	private static String one(SplittableRandom r, String... choices) {
		return choices[r.nextInt(choices.length)];
	}

	private static String one(SplittableRandom r, List<String> choices) {
		return choices.get(r.nextInt(choices.size()));
	}

}
