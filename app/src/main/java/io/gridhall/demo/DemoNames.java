package io.gridhall.demo;

import java.util.List;
import java.util.random.RandomGenerator;

/** Realistic Chinese names, companies and addresses for a county around Hangzhou. */
final class DemoNames {

    private DemoNames() {}

    static final List<String> SURNAMES = List.of(
            "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高", "罗", "郑",
            "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "潘", "袁", "蔡", "蒋", "余", "于", "杜",
            "叶", "程", "魏", "苏", "吕", "丁", "沈", "任", "姚", "卢", "傅", "钟", "姜", "崔", "谭", "陆", "范", "汪", "金", "石", "欧阳",
            "司马");
    static final String GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰海燕文斌晓东雪梅春林建华丹凤鹏飞佳怡子涵浩然宇轩欣怡梓萱雨桐思远嘉豪";
    static final List<String> TOWNS =
            List.of("城关镇", "新登镇", "场口镇", "常安镇", "万市镇", "洞桥镇", "胥口镇", "永昌镇", "渌渚镇", "银湖街道", "富春街道", "东洲街道");
    static final List<String> ROADS =
            List.of("人民路", "解放路", "新华路", "春江路", "富春路", "桂花路", "江滨路", "文化路", "建设路", "工业路", "幸福路", "金桥路");
    static final List<String> VILLAGES =
            List.of("东村", "西村", "南坞村", "北山村", "上塘村", "下湾村", "溪口村", "坪山村", "青龙村", "白鹤村", "竹林村", "桃源村");
    static final List<String> TRADES =
            List.of("纺织", "机械", "建材", "食品", "电子", "塑料", "造纸", "五金", "竹木制品", "茶业", "物流", "商贸");
    static final List<String> SHOPS = List.of("超市", "饭店", "五金店", "便利店", "药房", "茶楼", "宾馆", "汽修厂", "理发店", "农资店");
    static final List<String> FARMS = List.of("家庭农场", "茶叶合作社", "灌溉站", "养殖场", "果园");
    static final List<String> MANUFACTURERS = List.of("正泰", "威胜", "林洋", "华立", "炬华", "三星医疗", "海兴");

    static <T> T pick(RandomGenerator r, List<T> list) {
        return list.get(r.nextInt(list.size()));
    }

    static String person(RandomGenerator r) {
        String given = String.valueOf(GIVEN.charAt(r.nextInt(GIVEN.length())));
        if (r.nextInt(10) < 7) given += GIVEN.charAt(r.nextInt(GIVEN.length()));
        return pick(r, SURNAMES) + given;
    }

    static String address(RandomGenerator r, String county) {
        String town = pick(r, TOWNS);
        if (town.endsWith("街道")) return "浙江省杭州市" + county + town + pick(r, ROADS) + (1 + r.nextInt(300)) + "号";
        return "浙江省杭州市" + county + town + pick(r, VILLAGES) + (1 + r.nextInt(200)) + "号";
    }

    static String phone(RandomGenerator r) {
        String[] prefixes = {
            "139", "138", "137", "136", "135", "150", "151", "158", "159", "186", "187", "188", "189", "133", "177",
            "199", "180", "130", "131", "132"
        };
        return prefixes[r.nextInt(prefixes.length)] + "%08d".formatted(r.nextInt(100_000_000));
    }
}
