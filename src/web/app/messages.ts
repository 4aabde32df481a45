import type { Catalogue } from '../lib/i18n';

// Shell: navigation, login, common words. Keys must exist in all three locales.
export const appMessages: Catalogue = {
  'zh-CN': { appName: '满意' },
  'zh-TW': { appName: '滿意' },
  en: { appName: 'Manyi' },
};
