import type { Catalogue } from '../../lib/i18n';

export const customerMessages: Catalogue = {
  'zh-CN': {},
  'zh-TW': {},
  en: {},
};
