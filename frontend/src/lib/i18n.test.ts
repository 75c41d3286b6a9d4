import { i18next } from './i18n';
import { en } from './locales/en';
import { id } from './locales/id';

function keys(messages: object, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'object' ? keys(value as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

test('English translates every Indonesian key', () => {
  expect(keys(en).sort()).toEqual(keys(id).sort());
});

test('Indonesian is the default and English is available', async () => {
  expect(i18next.language).toBe('id');
  expect(i18next.t('nav.cascade')).toBe('Pohon Kinerja');
  await i18next.changeLanguage('en');
  expect(i18next.t('nav.cascade')).toBe('Performance tree');
  await i18next.changeLanguage('id');
});
