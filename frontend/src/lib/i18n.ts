import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './locales/en';
import { id } from './locales/id';

export const LANGUAGES = [
  { value: 'id', label: 'Bahasa Indonesia' },
  { value: 'en', label: 'English' },
] as const;

const STORAGE_KEY = 'pagu.lang';

function savedLanguage(): string {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  return saved === 'en' ? 'en' : 'id';
}

// Indonesian unless the person chose English: never the browser's language, as for number formats.
void i18next.use(initReactI18next).init({
  resources: { id: { translation: id }, en: { translation: en } },
  lng: savedLanguage(),
  fallbackLng: 'id',
  interpolation: { escapeValue: false },
  initAsync: false,
});

i18next.on('languageChanged', (lng) => {
  globalThis.localStorage?.setItem(STORAGE_KEY, lng);
  document.documentElement.lang = lng;
});

export { i18next };
