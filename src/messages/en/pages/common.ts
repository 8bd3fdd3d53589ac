import type { COMMON_ES } from '../../es/pages/common.ts';
import type { Messages } from '../../page-catalogue.ts';

/** The words every page shares, in English (the shape: ../../es/pages/common.ts). */
export const COMMON_EN: Messages<typeof COMMON_ES> = {
  languageName: 'English',
  frame: {
    skip: 'Skip to content',
    nav: 'Main',
    tagline: 'Emergency programmes',
    windowTitle: (title) => `${title} · ayni`,
    switchLabel: 'See this page in another language',
    footer: 'ayni — one registry for emergency programmes. Synthetic demonstration data.',
    simulatedClock: (when) =>
      `Demonstration with a simulated clock: ayni answers as if it were ${when} (Bolivia time).`,
  },
  form: {
    checkThese: 'Please check these details',
    day: 'Day',
    month: 'Month',
    year: 'Year',
  },
  table: {
    scrolls: 'The table scrolls sideways',
  },
  none: '—',
  errorPage: {
    titles: {
      400: 'Request not valid',
      401: 'Please sign in',
      403: 'Not allowed',
      404: 'Page not found',
      409: 'Could not be done',
      413: 'Too large',
      422: 'Could not be done',
      429: 'Too many attempts',
      500: 'Internal error',
      503: 'Service busy',
    },
    code: 'Code',
    back: 'Back to the start page',
  },
};
