import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { appMessages } from '../app/messages';
import { caseMessages } from '../features/cases/messages';
import { caseDetailMessages } from '../features/case-detail/messages';
import { customerMessages } from '../features/customers/messages';
import { adminMessages } from '../features/admin/messages';
import { workforceMessages } from '../features/workforce/messages';
import { planningMessages } from '../features/planning/messages';
import { contactCenterMessages } from '../features/contact-center/messages';
import { calendarMessages } from '../features/calendars/messages';
import { slaMessages } from '../features/sla/messages';
import { notificationMessages } from '../features/notifications/messages';
import { callbackMessages } from '../features/callbacks/messages';
import { reportMessages } from '../features/reports/messages';

// UI strings: one catalogue per feature (namespace), in zh-CN (default), zh-TW and en.
export const UI_LOCALES = ['zh-CN', 'zh-TW', 'en'] as const;
export type UiLocale = (typeof UI_LOCALES)[number];

export type Catalogue = Record<UiLocale, Record<string, unknown>>;

const namespaces: Record<string, Catalogue> = {
  app: appMessages,
  cases: caseMessages,
  caseDetail: caseDetailMessages,
  customers: customerMessages,
  admin: adminMessages,
  workforce: workforceMessages,
  planning: planningMessages,
  contactCenter: contactCenterMessages,
  calendars: calendarMessages,
  sla: slaMessages,
  notifications: notificationMessages,
  callbacks: callbackMessages,
  reports: reportMessages,
};

const resources: Record<string, Record<string, Record<string, unknown>>> = {};
for (const locale of UI_LOCALES) {
  resources[locale] = {};
  for (const [ns, cat] of Object.entries(namespaces)) resources[locale][ns] = cat[locale];
}

export function initI18n(locale: UiLocale) {
  void i18next.use(initReactI18next).init({
    resources,
    lng: locale,
    fallbackLng: 'zh-CN',
    defaultNS: 'app',
    ns: Object.keys(namespaces),
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return i18next;
}

export function storedLocale(): UiLocale {
  const s = localStorage.getItem('manyi.locale');
  return (UI_LOCALES as readonly string[]).includes(s ?? '') ? (s as UiLocale) : 'zh-CN';
}
