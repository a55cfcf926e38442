import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { enUS } from './en-US';
import { zhCN, type Dictionary } from './zh-CN';

export const LANGUAGES = ['zh-CN', 'en-US'] as const;
export type Language = (typeof LANGUAGES)[number];
/** Each language named in itself, the same whichever is chosen. */
export const LANGUAGE_NAMES: Record<Language, string> = { 'zh-CN': '中文', 'en-US': 'English' };

const dictionaries: Record<Language, Dictionary> = { 'zh-CN': zhCN, 'en-US': enUS };

/** Chinese first; the choice of English is remembered on this browser (a preference, not a secret). */
const storedLanguage = (): Language => {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem('mallcare.language');
  return stored === 'en-US' ? 'en-US' : 'zh-CN';
};

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  lng: storedLanguage(),
  fallbackLng: 'zh-CN',
  resources: Object.fromEntries(LANGUAGES.map((language) => [language, { translation: dictionaries[language] }])),
  interpolation: { escapeValue: false },
  returnNull: false,
});

export const changeLanguage = (language: Language): void => {
  localStorage.setItem('mallcare.language', language);
  void i18n.changeLanguage(language);
};
