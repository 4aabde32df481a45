import type { Catalogue } from '../../lib/i18n';

export const caseDetailMessages: Catalogue = {
  'zh-CN': {},
  'zh-TW': {},
  en: {},
};
