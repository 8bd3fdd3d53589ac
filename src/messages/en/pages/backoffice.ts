import type { BACKOFFICE_ES } from '../../es/pages/backoffice.ts';
import type { Messages } from '../../page-catalogue.ts';

/** The back office's frame and session pages, in English. */
export const BACKOFFICE_EN: Messages<typeof BACKOFFICE_ES> = {
  frame: {
    office: 'Back office',
    home: 'Home',
    signedInAs: 'Signed in as',
    signOut: 'Sign out',
    windowTitle: (title) => `${title} · Back office · ayni`,
  },
  signIn: {
    title: 'Sign in to the back office',
    username: 'Username',
    password: 'Password',
    submit: 'Sign in',
    missingUser: 'Enter your username.',
    missingPassword: 'Enter your password.',
    signedOut: 'You have signed out',
    signedOutBody: 'Sign in again to come back.',
    expired: 'Your session has ended',
    expiredBody: 'Sign in again to continue.',
    refused: 'You could not sign in',
    already: 'You are signed in as',
    alreadyMore: 'Go to the home page or sign in with another account.',
    goHome: 'Go to the home page',
  },
  screens: {
    registry: {
      title: 'Registry',
      description: 'Find a person by CI and see which lists from other institutions they are on.',
    },
    imports: {
      title: 'Imports',
      description: 'Import persons or source-list files and follow their progress; past imports.',
    },
    lists: {
      title: 'Source lists',
      description:
        'The snapshot in force of each list from other institutions: import, date and number of persons.',
    },
    identities: {
      title: 'Identities',
      description:
        'List rows that almost name a person and persons registered twice: compare, decide and merge under maker-checker.',
    },
    rounds: {
      title: 'Rounds',
      description: 'Create, review and approve payment rounds; follow payment progress.',
    },
    deposits: {
      title: 'Deposits',
      description: 'Deposit files for the banks and reconciliation of their replies (pain.002, camt.054).',
    },
    grievances: {
      title: 'Grievances',
      description: 'The grievance queue with ages, the rule trace and decisions.',
    },
    vaccination: {
      title: 'Vaccination',
      description:
        'Vaccination points and their day (arrivals, queue, doses, closing), stock, transfers, alerts and coverage.',
    },
    wealthTax: {
      title: 'Wealth tax',
      description:
        'Taxpayers, their declarations and assessments with the explanation, balances, payments and notices.',
    },
    wealthTaxRepresentation: {
      title: 'Taxpayers I represent',
      description:
        'File and amend the sworn declaration and see the assessment, balance and notices of the taxpayers who gave you a mandate.',
    },
    cases: {
      title: 'Case files',
      description:
        'The Sacaba and Senkata investigations whose team you are on: events, persons, evidence with its chain of custody.',
    },
  },
  home: {
    title: 'Back office',
    intro: 'The sections your role lets you use:',
    nothing:
      'Your role has no sections in the back office. If this is a mistake, ask an administrator to check your roles.',
  },
};
