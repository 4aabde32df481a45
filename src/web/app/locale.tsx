import { useQueryClient } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Select } from 'antd';
import type { Locale as AntLocale } from 'antd/es/locale';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import zhTW from 'antd/locale/zh_TW';
import i18next from 'i18next';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../shared/auth';
import { patch, setApiLocale } from '../lib/api';
import { dayjs, dayjsLocale } from '../lib/format';
import { UI_LOCALES, type UiLocale } from '../lib/i18n';

// The UI language: one value drives i18next, antd's own texts, dayjs and the server's error messages.
// Before login it comes from localStorage; once logged in, the user's saved choice (/me) wins.

const ANT_LOCALES: Record<UiLocale, AntLocale> = { 'zh-CN': zhCN, 'zh-TW': zhTW, en: enUS };
/** Language names are written in their own language, so anyone can find theirs. */
export const LOCALE_NAMES: Record<UiLocale, string> = { 'zh-CN': '简体中文', 'zh-TW': '繁體中文', en: 'English' };
const STORAGE_KEY = 'manyi.locale';
/** Set when someone picks a language on the login page, so it is saved to their profile once they log in. */
const CHOSEN_KEY = 'manyi.localeChosen';

interface LocaleState {
  locale: UiLocale;
  /** Switch live; when `save`, also store it on the user's profile (PATCH /me). */
  setLocale: (locale: UiLocale, opts?: { save?: boolean }) => Promise<void>;
}
const LocaleContext = createContext<LocaleState | null>(null);

function apply(locale: UiLocale) {
  setApiLocale(locale);
  dayjs.locale(dayjsLocale(locale));
  void i18next.changeLanguage(locale);
  document.documentElement.lang = locale;
  localStorage.setItem(STORAGE_KEY, locale);
}

export function LocaleProvider({ initial, children }: { initial: UiLocale; children: ReactNode }) {
  const [locale, setState] = useState<UiLocale>(initial);
  const qc = useQueryClient();

  useEffect(() => apply(locale), [locale]);

  const setLocale = useCallback(async (next: UiLocale, opts?: { save?: boolean }) => {
    setState(next);
    apply(next);
    if (opts?.save) {
      await patch('/me', { locale: next });
      qc.setQueryData<Me>(['me'], (me) => (me ? { ...me, locale: next } : me));
      // Lists carry translated category names; fetch them again in the new language.
      void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
    } else {
      sessionStorage.setItem(CHOSEN_KEY, next);
    }
  }, [qc]);

  const value = useMemo(() => ({ locale, setLocale }), [locale, setLocale]);
  return (
    <LocaleContext.Provider value={value}>
      <ConfigProvider
        locale={ANT_LOCALES[locale]}
        theme={{ token: { colorPrimary: '#1668dc', borderRadius: 4, fontSize: 14 } }}
      >
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </LocaleContext.Provider>
  );
}

export function useLocale(): LocaleState {
  const ctx = useContext(LocaleContext);
  if (!ctx) throw new Error('useLocale outside LocaleProvider');
  return ctx;
}

/** Once /me is known: adopt the user's saved language, or save the one just picked on the login page. */
export function useAdoptUserLocale(me: Me | undefined) {
  const { locale, setLocale } = useLocale();
  useEffect(() => {
    if (!me) return;
    const picked = sessionStorage.getItem(CHOSEN_KEY) as UiLocale | null;
    if (picked && (UI_LOCALES as readonly string[]).includes(picked)) {
      sessionStorage.removeItem(CHOSEN_KEY);
      if (picked !== me.locale) {
        void setLocale(picked, { save: true }).catch(() => undefined);
        return;
      }
    }
    if (me.locale !== locale) void setLocale(me.locale);
    // Only when the user changes, not on every local switch.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [me?.id, me?.locale]);
}

/** The language switch used in the header (saves to the profile) and on the login page (local only). */
export function LanguageSwitch({ save, size = 'small' }: { save: boolean; size?: 'small' | 'middle' }) {
  const { locale, setLocale } = useLocale();
  const { t } = useTranslation('app');
  const { message } = AntApp.useApp();
  return (
    <Select
      size={size}
      value={locale}
      aria-label={t('common.language')}
      data-testid="language-switch"
      style={{ width: 110 }}
      options={UI_LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
      onChange={(l: UiLocale) => {
        setLocale(l, { save }).catch((e: Error) => message.error(e.message));
      }}
    />
  );
}
