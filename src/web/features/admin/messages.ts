import type { Catalogue } from '../../lib/i18n';

export const adminMessages: Catalogue = {
  'zh-CN': {},
  'zh-TW': {},
  en: {},
};
