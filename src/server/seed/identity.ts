import type { Rng } from './rng';

// Synthetic but valid-format personal numbers for demo customers: mainland mobile
// numbers, landlines with area codes, and 18-digit resident ID numbers whose last
// character is the GB 11643-1999 check digit. None of them belongs to a real person
// on purpose: the region codes below are those of the fictional 江南省.

/** China Telecom's mobile number segments (the demo operator), plus a few others for ported numbers. */
const TELECOM_PREFIXES = ['133', '149', '153', '173', '177', '180', '181', '189', '190', '191', '193', '199'];
const OTHER_PREFIXES = ['138', '139', '135', '136', '150', '158', '186', '187', '130', '156'];

export function mobileNumber(rng: Rng): string {
  const prefix = rng.chance(0.8) ? rng.pick(TELECOM_PREFIXES) : rng.pick(OTHER_PREFIXES);
  let rest = '';
  for (let i = 0; i < 8; i++) rest += rng.int(0, 9);
  return prefix + rest;
}

/** Landline: area code + 8-digit local number starting 2–8 (stored digits only, as the API stores phones). */
export function landlineNumber(rng: Rng, areaCode: string): string {
  let local = String(rng.int(2, 8));
  for (let i = 0; i < 7; i++) local += rng.int(0, 9);
  return areaCode + local;
}

export const MOBILE_RE = /^1[3-9]\d{9}$/;
export const LANDLINE_RE = /^0\d{2,3}[2-8]\d{6,7}$/;

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The check character of the first 17 digits of a resident ID number. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

export function isValidIdNumber(id: string): boolean {
  return /^\d{17}[\dX]$/.test(id) && idCheckChar(id.slice(0, 17)) === id[17];
}

/**
 * An 18-character ID number: region (6) + birth date (8) + sequence (3, odd for
 * men, even for women) + check character.
 */
export function idNumber(rng: Rng, regionCode: string, birth: { year: number; month: number; day: number }, male: boolean): string {
  const seq = rng.int(0, 499) * 2 + (male ? 1 : 0);
  const first17 =
    regionCode +
    String(birth.year) +
    String(birth.month).padStart(2, '0') +
    String(birth.day).padStart(2, '0') +
    String(seq).padStart(3, '0');
  return first17 + idCheckChar(first17);
}

export function randomBirth(rng: Rng, fromYear: number, toYear: number) {
  return { year: rng.int(fromYear, toYear), month: rng.int(1, 12), day: rng.int(1, 28) };
}
