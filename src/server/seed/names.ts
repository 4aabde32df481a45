import type { Rng } from './rng';

// Chinese names and addresses for demo customers. Surnames are weighted roughly by
// how common they are; given names are one or two characters drawn from lists that
// read naturally for men and for women.

const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 72], ['李', 70], ['张', 68], ['刘', 53], ['陈', 46], ['杨', 32], ['黄', 25], ['赵', 21], ['吴', 20], ['周', 19],
  ['徐', 15], ['孙', 15], ['马', 13], ['朱', 13], ['胡', 12], ['郭', 11], ['何', 11], ['高', 10], ['林', 10], ['罗', 9],
  ['郑', 9], ['梁', 8], ['谢', 7], ['宋', 7], ['唐', 7], ['许', 6], ['韩', 6], ['冯', 6], ['邓', 6], ['曹', 6],
  ['彭', 5], ['曾', 5], ['肖', 5], ['田', 5], ['董', 5], ['袁', 4], ['潘', 4], ['于', 4], ['蒋', 4], ['蔡', 4],
  ['余', 4], ['杜', 4], ['叶', 4], ['程', 4], ['苏', 4], ['魏', 4], ['吕', 4], ['丁', 3], ['任', 3], ['沈', 3],
  ['姚', 3], ['卢', 3], ['姜', 3], ['崔', 3], ['钟', 3], ['谭', 3], ['陆', 3], ['汪', 3], ['范', 3], ['金', 3],
  ['石', 3], ['廖', 3], ['贾', 3], ['夏', 3], ['韦', 2], ['方', 2], ['白', 2], ['邹', 2], ['孟', 2], ['熊', 2],
  ['秦', 2], ['邱', 2], ['江', 2], ['尹', 2], ['薛', 2], ['段', 2], ['雷', 2], ['侯', 2], ['龙', 2], ['史', 2],
  ['陶', 2], ['黎', 2], ['贺', 2], ['顾', 2], ['毛', 2], ['郝', 2], ['龚', 2], ['邵', 2], ['万', 2], ['钱', 2],
  ['严', 2], ['武', 2], ['戴', 2], ['莫', 1], ['孔', 1], ['汤', 1], ['欧阳', 1], ['司马', 0.3], ['诸葛', 0.2], ['上官', 0.3],
];

const MALE_CHARS = '伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林峰建国志文博晨阳海东亮成康星光天瑞家豪子轩浩然一鸣思远'.split('');
const FEMALE_CHARS = '芳娜敏静丽艳娟霞秀英玲燕红梅莉兰琳雪颖倩婷慧佳洁琴云莹晶欣怡雅瑶梦涵诗雨思萱悦彤可馨月嘉'.split('');

export interface PersonName { name: string; male: boolean }

export function personName(rng: Rng): PersonName {
  const male = rng.chance(0.5);
  const chars = male ? MALE_CHARS : FEMALE_CHARS;
  const surname = rng.weighted(SURNAMES);
  const given = rng.chance(0.35) ? rng.pick(chars) : rng.pick(chars) + rng.pick(chars);
  return { name: surname + given, male };
}

const COMPANY_PREFIX = ['鑫源', '恒通', '华信', '博远', '新锐', '瑞丰', '金桥', '宏达', '天成', '盛世', '江南', '同创', '汇丰', '明德', '永安', '嘉和', '万达', '众诚', '青禾', '云帆'];
const COMPANY_TRADE = ['贸易', '科技', '物流', '餐饮管理', '建材', '电子商务', '医疗器械', '教育咨询', '物业管理', '酒店管理', '汽车服务', '文化传媒', '食品', '网络科技', '装饰工程'];
const COMPANY_FORM = ['有限公司', '有限公司', '有限公司', '股份有限公司', '有限责任公司'];

export function companyName(rng: Rng, city: string): string {
  return `${city}${rng.pick(COMPANY_PREFIX)}${rng.pick(COMPANY_TRADE)}${rng.pick(COMPANY_FORM)}`;
}

export interface DemoCity {
  key: 'LJ' | 'QS';
  name: string;
  areaCode: string;
  /** Fictional 6-digit region codes for ID numbers issued in this city. */
  regionCodes: string[];
  districts: string[];
  streets: string[];
  estates: string[];
  /** Towns in the countryside (rural customers). */
  towns: string[];
}

export const DEMO_CITIES: Record<'LJ' | 'QS', DemoCity> = {
  LJ: {
    key: 'LJ',
    name: '临江市',
    areaCode: '0576',
    regionCodes: ['361002', '361003', '361004', '361011', '361021'],
    districts: ['江北区', '滨江区', '老城区', '高新区', '临港新区'],
    streets: ['人民路', '滨江大道', '解放路', '中山路', '建设路', '文化路', '江景路', '新华街', '学院路', '科技大道', '迎宾路', '望江路'],
    estates: ['阳光花园', '滨江一号', '锦绣华庭', '江景名苑', '翠苑小区', '金色家园', '幸福里', '世纪新城', '东方明珠苑', '书香门第'],
    towns: ['临江县白沙镇', '临江县石桥镇', '临江县梅溪乡'],
  },
  QS: {
    key: 'QS',
    name: '青山市',
    areaCode: '0578',
    regionCodes: ['362101', '362102', '362121', '362130'],
    districts: ['青山区', '东湖区', '城南区', '经开区'],
    streets: ['青山路', '东湖路', '府前街', '胜利路', '南门大街', '长青路', '和平路', '湖滨路', '工业大道'],
    estates: ['东湖花园', '青山名邸', '碧水湾', '南苑小区', '和平里', '绿城桂园', '湖畔人家', '金地名城'],
    towns: ['青山县南溪镇', '青山县龙潭镇', '青山县云岭乡'],
  },
};

export function address(rng: Rng, city: DemoCity, rural: boolean): string {
  if (rural) {
    const town = rng.pick(city.towns);
    return `江南省${city.name}${town}${rng.pick(['前进村', '新塘村', '柳家村', '杨湾村', '下畈村'])}${rng.int(1, 12)}组${rng.int(1, 80)}号`;
  }
  const district = rng.pick(city.districts);
  if (rng.chance(0.7)) {
    return `江南省${city.name}${district}${rng.pick(city.streets)}${rng.int(1, 399)}号${rng.pick(city.estates)}${rng.int(1, 28)}栋${rng.int(1, 3)}单元${rng.int(1, 32)}0${rng.int(1, 4)}室`;
  }
  return `江南省${city.name}${district}${rng.pick(city.streets)}${rng.int(1, 599)}号`;
}
