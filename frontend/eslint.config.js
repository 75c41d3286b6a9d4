// @ts-check
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const FEATURES = readdirSync(new URL('./src/features/', import.meta.url));

// Imports flow one way: shared (api, components, lib) → features → app. A feature reaches only
// its own files (relative) and shared code (`@/...`), never another feature.
/** @param {string[]} extra @returns {import('eslint').Linter.RulesRecord} */
const upwardsOnly = (extra) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        { group: ['@/app', '@/app/*'], message: 'Only src/app composes features.' },
        { group: ['@/test', '@/test/*'], message: 'Test helpers are for *.test.tsx files.' },
        ...extra.map((feature) => ({
          group: [`@/features/${feature}`, `@/features/${feature}/*`],
          message: 'No cross-feature imports: move shared code to src/components or src/lib.',
        })),
        { group: ['../../*'], message: 'Import shared code as `@/...`.' },
      ],
    },
  ],
});

export default defineConfig(
  { ignores: ['dist', 'node_modules', 'test-results', 'src/api/schema.d.ts'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['src/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
    rules: { '@typescript-eslint/consistent-type-imports': 'error' },
  },
  { files: ['src/api/**', 'src/components/**', 'src/lib/**'], ignores: ['**/*.test.*'], rules: upwardsOnly(FEATURES) },
  ...FEATURES.map((feature) => ({
    files: [`src/features/${feature}/**`],
    ignores: ['**/*.test.*'],
    rules: upwardsOnly(FEATURES.filter((other) => other !== feature)),
  })),
  {
    files: ['e2e/**', 'scripts/**', '*.config.{js,ts}'],
    languageOptions: {
      // document: inside page.evaluate callbacks, which run in the browser
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', document: 'readonly' },
    },
  },
);
