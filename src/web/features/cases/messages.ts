import type { Catalogue } from '../../lib/i18n';

export const caseMessages: Catalogue = {
  'zh-CN': {},
  'zh-TW': {},
  en: {},
};
