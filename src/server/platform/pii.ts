// Personal data masking (PIPL): what the UI and API show unless the caller revealed it.

/** 13812345678 → 138****5678; short numbers keep their last 4 only. */
export function maskPhone(phone: string): string {
  const d = phone.replace(/\s/g, '');
  if (d.length >= 11) return `${d.slice(0, d.length - 8)}****${d.slice(-4)}`;
  if (d.length > 4) return `${'*'.repeat(d.length - 4)}${d.slice(-4)}`;
  return '*'.repeat(d.length);
}

/** 110101199003071234 → 110***********1234. */
export function maskIdNumber(id: string): string {
  if (id.length <= 7) return '*'.repeat(id.length);
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`;
}

/** Keep the city and district, hide the rest: 北京市朝阳区建国路88号 → 北京市朝阳区****. */
export function maskAddress(address: string): string {
  const head = address.slice(0, 12);
  const district = Math.max(head.lastIndexOf('区'), head.lastIndexOf('县'), head.lastIndexOf('旗'));
  const city = head.indexOf('市');
  const cut = district > 0 ? district + 1 : city > 0 ? city + 1 : Math.max(1, Math.floor(address.length / 2));
  return `${address.slice(0, Math.min(cut, address.length - 1) || 1)}****`;
}

/** a***@example.com */
export function maskEmail(email: string): string {
  const [user, domain] = email.split('@');
  if (!domain) return '****';
  return `${user.slice(0, 1)}***@${domain}`;
}
