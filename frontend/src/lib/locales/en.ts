import type { Messages } from './id';

export const en: Messages = {
  nav: {
    menu: 'Main menu',
    open: 'Open menu',
    close: 'Close menu',
    home: 'Home',
    rpjmd: 'RPJMD',
    renja: 'Work plans (Renja)',
    cascade: 'Performance tree',
    checks: 'Planning checks',
    reports: 'Reports',
    perangkatDaerah: 'Agencies',
    reference: 'Reference',
    audit: 'Audit',
    apiDocs: 'API documentation',
  },
  shell: {
    skip: 'Skip to content',
    year: 'Year',
    pemda: 'Government',
    pickPemda: 'Pick a government',
    language: 'Language',
    logout: 'Log out',
  },
  status: {
    loading: 'Loading…',
    retry: 'Try again',
    saving: 'Saving…',
  },
  actions: {
    save: 'Save',
    cancel: 'Cancel',
    edit: 'Edit',
    add: 'Add',
    delete: 'Delete',
    print: 'Print',
  },
  notFound: { title: 'Page not found', back: 'Back to home' },
};
