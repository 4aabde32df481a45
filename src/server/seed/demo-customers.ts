import crypto from 'node:crypto';
import type { Rng } from './rng';
import { TableRows } from './bulk-insert';
import { idNumber, landlineNumber, mobileNumber, randomBirth } from './identity';
import { address, companyName, DEMO_CITIES, personName } from './names';
import { SLOT_VALUES } from './chinese-text';

// Demo customers (客户档案) with the services they hold, built as bulk rows.

const DAY = 86_400_000;

export interface CustomerRef {
  id: string;
  /** Index into the demo halls (the site holding the file). */
  hall: number;
  city: 'LJ' | 'QS';
  name: string;
}

export function customerTables() {
  return {
    customers: new TableRows('customers', {
      id: 'uuid', org_unit_id: 'uuid', name: 'text', type: 'text', value_tier: 'text', lifecycle: 'text', phones: 'text[]',
      phone_digits: 'text', id_number: 'text', address: 'text', email: 'text', notes: 'text', search_tokens: 'text',
      created_at: 'timestamptz', updated_at: 'timestamptz',
    }),
    services: new TableRows('customer_services', {
      id: 'uuid', customer_id: 'uuid', kind: 'text', identifier: 'text', name: 'text', status: 'text', started_at: 'timestamptz', created_at: 'timestamptz',
    }),
  };
}

const LIFECYCLES = [['potential', 5], ['new', 15], ['loyal', 55], ['at_risk', 15], ['lost', 10]] as const;
const TYPES = [['individual', 91], ['business', 7.5], ['internal', 1.5]] as const;

/** Build one customer into `t`; returns what cases need to know about them. */
export function addCustomer(
  rng: Rng,
  t: ReturnType<typeof customerTables>,
  halls: { id: string; city: 'LJ' | 'QS' }[],
  nowMs: number,
  nameTokens: (name: string) => string,
): CustomerRef {
  const hall = rng.weighted([[0, 40], [1, 30], [2, 30]] as const) % halls.length;
  const cityKey = halls[hall].city;
  const city = DEMO_CITIES[cityKey];
  const rural = rng.chance(cityKey === 'QS' ? 0.15 : 0.08);
  const type = rng.weighted(TYPES);
  const lifecycle = rng.weighted(LIFECYCLES);
  const person = personName(rng);
  const name = type === 'business' ? companyName(rng, city.name.replace('市', '')) : person.name;
  const valueTier = rng.chance(type === 'business' ? 0.45 : type === 'internal' ? 0.2 : 0.06) ? 'key' : 'ordinary';

  const phones: string[] = [];
  const mobiles: string[] = [];
  let landline: string | undefined;
  if (type === 'business') {
    landline = landlineNumber(rng, city.areaCode);
    phones.push(landline);
    mobiles.push(mobileNumber(rng));
  } else {
    mobiles.push(mobileNumber(rng));
    if (rng.chance(0.15)) mobiles.push(mobileNumber(rng));
    if (rng.chance(0.1)) landline = landlineNumber(rng, city.areaCode);
  }
  phones.push(...mobiles);
  if (landline && type !== 'business') phones.push(landline);

  const created = lifecycle === 'new' || lifecycle === 'potential'
    ? nowMs - rng.int(95, 300) * DAY - rng.int(0, DAY)
    : nowMs - rng.int(365, 12 * 365) * DAY - rng.int(0, DAY);
  const birth = randomBirth(rng, 1948, 2005);
  const id = crypto.randomUUID();
  const createdIso = new Date(created).toISOString();
  t.customers.add(
    id, halls[hall].id, name, type, valueTier, lifecycle, phones, phones.join(' '),
    type === 'business' ? null : idNumber(rng, rng.pick(city.regionCodes), birth, person.male),
    address(rng, city, rural),
    type !== 'business' && rng.chance(0.25) ? `${mobiles[0]}@189.cn` : null,
    type === 'internal' ? '内部员工，按内部客户服务规范处理' : valueTier === 'key' && rng.chance(0.3) ? '重要客户，投诉需当日回复' : null,
    nameTokens(name), createdIso, createdIso,
  );

  if (lifecycle !== 'potential') {
    const status = lifecycle === 'lost' ? 'closed' : lifecycle === 'at_risk' && rng.chance(0.3) ? 'suspended' : 'active';
    for (const m of mobiles) t.services.add(crypto.randomUUID(), id, 'mobile', m, '天翼手机', status, createdIso, createdIso);
    if (rng.chance(0.7)) {
      t.services.add(crypto.randomUUID(), id, 'package', `TC${String(rng.int(10_000_000, 99_999_999))}`, rng.pick(SLOT_VALUES.pkg), status, createdIso, createdIso);
    }
    if (rng.chance(type === 'business' ? 0.9 : 0.55)) {
      const account = `${city.areaCode}${String(rng.int(10_000_000, 99_999_999))}`;
      t.services.add(crypto.randomUUID(), id, 'broadband', account, `${rng.pick(SLOT_VALUES.plan)}光宽带`, status, createdIso, createdIso);
      if (rng.chance(0.45)) t.services.add(crypto.randomUUID(), id, 'iptv', `ITV${account}`, '天翼高清', status, createdIso, createdIso);
    }
    if (landline) t.services.add(crypto.randomUUID(), id, 'fixed', landline, '固定电话', status, createdIso, createdIso);
  }
  return { id, hall, city: cityKey, name };
}
