package org.epigrid.demo.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.epigrid.shared.Sex;

/**
 * The words the synthetic town is made of: surnames with their national frequencies,
 * given names by generation and sex, region codes of the places migrants come from, and
 * the pieces of place, road and company names.
 */
final class Vocabulary {

	private Vocabulary() {
	}

	/** The province, city and the districts new townships are placed in, in order. */
	static final String PROVINCE_CODE = "32";

	static final String PROVINCE_NAME = "江苏省";

	static final String CITY_CODE = "3205";

	static final String CITY_NAME = "苏州市";

	static final List<Region> DISTRICTS = List.of(new Region("320507", "相城区"), new Region("320506", "吴中区"),
			new Region("320505", "虎丘区"), new Region("320508", "姑苏区"), new Region("320509", "吴江区"),
			new Region("320571", "苏州工业园区"), new Region("320581", "常熟市"), new Region("320582", "张家港市"),
			new Region("320583", "昆山市"), new Region("320585", "太仓市"));

	/** The name of the first township of the first district: the standard demo town. */
	static final String FIRST_TOWNSHIP = "阳澄湖镇";

	/**
	 * The 100 most common surnames with their approximate shares in per mille (2020
	 * household registration statistics).
	 */
	private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常";

	private static final double[] SURNAME_PER_MILLE = { 71, 69, 64, 54, 46, 31, 22, 21, 20, 19, 16, 15, 14, 13, 12, 12,
			11, 10, 10, 9, 9, 8, 7, 6, 6, 6, 6, 5, 5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 3,
			3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
			2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1 };

	/** Surnames common in and around Suzhou, weighted up for its registered residents. */
	private static final String WU_SURNAMES = "沈顾陆钱徐朱周吴张陈金蒋";

	static final Weighted<String> SURNAMES_NATIONAL = surnames(1);

	static final Weighted<String> SURNAMES_LOCAL = surnames(3);

	private static Weighted<String> surnames(double wuBoost) {
		List<String> names = new ArrayList<>();
		double[] weights = new double[SURNAMES.length()];
		for (int i = 0; i < SURNAMES.length(); i++) {
			String name = SURNAMES.substring(i, i + 1);
			names.add(name);
			weights[i] = SURNAME_PER_MILLE[i] * (WU_SURNAMES.contains(name) ? wuBoost : 1);
		}
		return Weighted.of(names, weights);
	}

	/**
	 * Given names of one generation and sex: popular whole names, and characters that are
	 * combined into two-character names or used alone.
	 */
	record GivenNames(List<String> whole, String first, String second, String single) {

		String pick(SplittableRandom random) {
			double r = random.nextDouble();
			if (r < 0.45) {
				return this.whole.get(random.nextInt(this.whole.size()));
			}
			if (r < 0.88) {
				char a = this.first.charAt(random.nextInt(this.first.length()));
				char b = this.second.charAt(random.nextInt(this.second.length()));
				return (a != b) ? "" + a + b : "" + a;
			}
			return String.valueOf(this.single.charAt(random.nextInt(this.single.length())));
		}

	}

	private static List<String> words(String spaced) {
		return List.of(spaced.split(" "));
	}

	// born before 1965
	private static final GivenNames OLD_MALE = new GivenNames(
			words("建国 国强 建华 志明 卫东 国庆 德明 金根 根宝 永清 兴华 福生 海林 明华 振华 德胜 文斌 建平 国平 建军 志刚 学军 金龙 荣根 桂生 阿福 炳荣 水根 雪根 耀庭"),
			"建国德志金永福荣根兴水文明振学海", "华明军根生荣林平强忠祥清福宝良", "强军明华刚平忠勇福林");

	private static final GivenNames OLD_FEMALE = new GivenNames(
			words("秀英 桂英 秀兰 玉兰 桂兰 凤英 金凤 美华 素珍 红梅 月英 小妹 彩英 玉珍 惠英 雪英 阿妹 金娣 根娣 巧英 引娣 秀珍 菊英 杏娣 美英"), "秀桂玉凤金美素月彩惠雪巧菊兰",
			"英兰珍芳华娣凤妹琴梅芬娥", "英兰珍芳琴梅芬");

	// born 1965 to 1994
	private static final GivenNames MIDDLE_MALE = new GivenNames(
			words("伟 磊 军 勇 杰 涛 斌 强 俊杰 建伟 海涛 志强 晓东 文杰 立新 永刚 卫国 小军 晓峰 建明 海峰 振宇 宏伟 晨 波 鹏飞 浩 亮 超 健"), "建志晓海文立永宏振俊小明国鹏云",
			"伟强东杰新刚峰明宇飞军华涛斌亮", "伟磊军勇杰涛斌强峰超健亮波鹏");

	private static final GivenNames MIDDLE_FEMALE = new GivenNames(
			words("丽 芳 娟 敏 静 艳 霞 燕 红霞 丽娟 晓燕 雪梅 海燕 丽萍 春燕 晓红 美玲 佳 慧 琳 婷婷 丹丹 晶晶 莉 倩 颖 洁 琴 萍 红"), "丽晓雪海春美秀红玉小佳慧静婷",
			"娟燕梅萍红玲霞丽芳敏琴艳婷洁", "丽芳娟敏静艳霞燕莉倩颖洁琴萍");

	// born 1995 or later
	private static final GivenNames YOUNG_MALE = new GivenNames(
			words("浩然 子轩 宇轩 梓豪 俊熙 浩宇 一诺 宇航 子墨 博文 天佑 皓轩 奕辰 铭泽 宇泽 思远 明轩 睿 哲 轩 昊 宸 晨阳 子豪 嘉懿 俊宇 梓睿 沐阳 逸凡 煜城"),
			"浩子宇梓俊一博天皓奕铭嘉思明睿泽文晨锦逸", "然轩航墨文佑辰泽宇杰阳远熙豪诚铭川霖凡城", "睿哲轩昊宸杰诚航");

	private static final GivenNames YOUNG_FEMALE = new GivenNames(
			words("梓涵 欣怡 诗涵 子萱 雨涵 一诺 可馨 思雨 语嫣 梦瑶 依诺 佳怡 紫涵 雨萱 若汐 芷若 欣妍 语桐 诗琪 悦 萱 琪 妍 沐晴 梓萱 雨桐 安琪 嘉怡 思彤 婉清"),
			"梓欣诗子雨可思语梦依佳紫若芷沐嘉安婉雅舒", "涵怡萱馨雨嫣瑶诺桐琪妍晴彤清然茜", "悦萱琪妍彤涵怡瑶");

	static GivenNames givenNames(int birthYear, Sex sex) {
		boolean male = sex == Sex.MALE;
		if (birthYear < 1965) {
			return male ? OLD_MALE : OLD_FEMALE;
		}
		if (birthYear < 1995) {
			return male ? MIDDLE_MALE : MIDDLE_FEMALE;
		}
		return male ? YOUNG_MALE : YOUNG_FEMALE;
	}

	/** A region of first registration: code and place name. */
	record Region(String code, String name) {
	}

	/**
	 * Where the migrant population of Suzhou comes from: real county-level codes of other
	 * provinces, weighted towards Anhui and Henan.
	 */
	static final Weighted<Region> MIGRANT_ORIGINS = Weighted.of(List.of(new Region("341221", "安徽省阜阳市临泉县"),
			new Region("341222", "安徽省阜阳市太和县"), new Region("341225", "安徽省阜阳市阜南县"), new Region("341321", "安徽省宿州市砀山县"),
			new Region("341322", "安徽省宿州市萧县"), new Region("341502", "安徽省六安市金安区"), new Region("340104", "安徽省合肥市蜀山区"),
			new Region("411525", "河南省信阳市固始县"), new Region("411521", "河南省信阳市罗山县"), new Region("411522", "河南省信阳市光山县"),
			new Region("411623", "河南省周口市商水县"), new Region("411624", "河南省周口市沈丘县"), new Region("411625", "河南省周口市郸城县"),
			new Region("410105", "河南省郑州市金水区"), new Region("511321", "四川省南充市南部县"), new Region("510722", "四川省绵阳市三台县"),
			new Region("512021", "四川省资阳市安岳县"), new Region("510104", "四川省成都市锦江区"), new Region("520502", "贵州省毕节市七星关区"),
			new Region("520321", "贵州省遵义市播州区"), new Region("360124", "江西省南昌市进贤县"), new Region("421181", "湖北省黄冈市麻城市"),
			new Region("420117", "湖北省武汉市新洲区"), new Region("421081", "湖北省荆州市石首市"), new Region("370811", "山东省济宁市任城区"),
			new Region("371321", "山东省临沂市沂南县"), new Region("430582", "湖南省邵阳市邵东市"), new Region("431021", "湖南省郴州市桂阳县"),
			new Region("500101", "重庆市万州区"), new Region("500230", "重庆市丰都县"), new Region("530381", "云南省曲靖市宣威市"),
			new Region("130481", "河北省邯郸市武安市"), new Region("620102", "甘肃省兰州市城关区"), new Region("330106", "浙江省杭州市西湖区"),
			new Region("310115", "上海市浦东新区"), new Region("110105", "北京市朝阳区")), 8, 6, 5, 4, 4, 3, 2, 6, 3, 3, 4, 4, 3, 1,
			3, 3, 2, 1, 3, 2, 2, 2, 1, 1, 2, 2, 2, 1, 2, 1, 1, 1, 1, 1, 1, 1);

	/**
	 * Other Jiangsu regions whose codes registered residents carry when they were born
	 * elsewhere and moved their household registration here.
	 */
	static final Weighted<Region> JIANGSU_ORIGINS = Weighted.uniform(List.of(new Region("320505", "江苏省苏州市虎丘区"),
			new Region("320506", "江苏省苏州市吴中区"), new Region("320508", "江苏省苏州市姑苏区"), new Region("320581", "江苏省苏州市常熟市"),
			new Region("320583", "江苏省苏州市昆山市"), new Region("320321", "江苏省徐州市丰县"), new Region("321322", "江苏省宿迁市沭阳县"),
			new Region("320923", "江苏省盐城市阜宁县"), new Region("321283", "江苏省泰州市泰兴市")));

	/** A foreign nationality: Chinese name, passport number prefix, names. */
	record Nationality(String name, String passportPrefix, List<String> surnames, List<String> male,
			List<String> female) {
	}

	static final Weighted<Nationality> NATIONALITIES = Weighted.of(List.of(
			new Nationality("韩国", "M", words("KIM LEE PARK CHOI JUNG KANG CHO YOON"),
					words("MINJUN SEOJUN DOYUN JIHO JUNWOO HYUNWOO"),
					words("SEOYEON JIWOO HAYOON SOYEON MINSEO JIYOUNG")),
			new Nationality("日本", "TK", words("SATO SUZUKI TAKAHASHI TANAKA WATANABE ITO YAMAMOTO NAKAMURA"),
					words("HIROSHI KENJI TAKASHI DAIKI SHOTA YUTA"), words("YUKI AYAKA MISAKI HARUKA NANAMI SAKURA")),
			new Nationality("德国", "C", words("MUELLER SCHMIDT SCHNEIDER FISCHER WEBER MEYER"),
					words("THOMAS MICHAEL ANDREAS STEFAN LUKAS JONAS"), words("ANNA JULIA LAURA SARAH KATHARINA LENA")),
			new Nationality("美国", "5", words("SMITH JOHNSON WILLIAMS BROWN JONES MILLER"),
					words("JOHN DAVID JAMES ROBERT DANIEL MATTHEW"), words("MARY JENNIFER EMILY SARAH JESSICA LAURA")),
			new Nationality("新加坡", "K", words("TAN LIM LEE NG ONG WONG"), words("WEI MING JUN HAO KAI RONG"),
					words("HUI LING MEI XIN YAN QI"))),
			4, 4, 1.5, 1, 1);

	/** Pieces of generated place names; combined and de-duplicated per township. */
	static final String TOWNSHIP_FIRST = "东西南北新金湖望清太永长安凤莲荷渔桥澄湘";

	static final String TOWNSHIP_SECOND = "桥塘泾浜港湾溪渡庄埭亭墩浦河泽";

	static final String VILLAGE_FIRST = "清莲车北消岸湘沺凤陆东西前后荷鹿枫金银石徐潘朱周戴蒋费漕";

	static final String VILLAGE_SECOND = "水花渡前泾山城湖桥港浜塘墩湾里巷庄园泽圩荡";

	static final String ROAD_FIRST = "澄湘莲清阳湖渔荷枫新兴富康和平安永民文长锦春迎";

	static final String ROAD_SECOND = "湖阳安兴华康泰丰和盛源园港溪浦林中宁";

	static final List<String> ROAD_SUFFIXES = words("路 路 路 街 大道 巷");

	static final String COMPOUND_FIRST = "湖澄锦御美莲阳翠嘉金景蟹荷紫华";

	static final String COMPOUND_SECOND = "畔光湾苑景庭悦湖岸园城府庐邸";

	static final List<String> COMPOUND_SUFFIXES = words("花园 苑 新村 家园 小区 雅苑 名邸");

	static final List<String> BRANDS = words(
			"华星 东方 天成 博远 新创 恒通 瑞丰 泰和 鼎盛 金源 宏达 嘉禾 盛虹 永鑫 中科 汇通 长城 凯航 捷诚 万邦 联创 精工 科瑞 晶华 昌隆 振兴 海纳 博诚 润泽 亿达");

	static final List<String> INDUSTRIES = words(
			"精密机械有限公司 电子科技有限公司 纺织品有限公司 物流有限公司 建设工程有限公司 食品有限公司 汽车零部件有限公司 光电科技有限公司 生物医药有限公司 信息技术有限公司 新材料有限公司 服饰有限公司");

	static final List<String> UNIVERSITIES = words("苏州大学 苏州科技大学 苏州职业大学 西交利物浦大学 苏州市职业大学 常熟理工学院");

	/**
	 * Every combination of one character from {@code first} and one from {@code second}
	 * plus a suffix, in a random order fixed by {@code random}, skipping names in
	 * {@code taken}.
	 */
	static String uniqueName(SplittableRandom random, String first, String second, String suffix, Set<String> taken) {
		for (int attempt = 0; attempt < 200; attempt++) {
			char a = first.charAt(random.nextInt(first.length()));
			char b = second.charAt(random.nextInt(second.length()));
			if (a == b) {
				continue;
			}
			String name = "" + a + b + suffix;
			if (taken.add(name)) {
				return name;
			}
		}
		// the two-character space is exhausted: take three characters
		for (int n = 0;; n++) {
			char a = first.charAt(random.nextInt(first.length()));
			char b = second.charAt(random.nextInt(second.length()));
			char c = first.charAt(random.nextInt(first.length()));
			String name = "" + a + c + b + suffix;
			if (taken.add(name)) {
				return name;
			}
			if (n > 100_000) {
				throw new IllegalStateException("no unique name left for " + suffix);
			}
		}
	}

}
