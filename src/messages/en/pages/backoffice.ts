import type { BACKOFFICE_ES } from '../../es/pages/backoffice.ts';
import type { Messages } from '../../page-catalogue.ts';

/** The back office's frame and session pages, in English. */
export const BACKOFFICE_EN: Messages<typeof BACKOFFICE_ES> = {
  frame: {
    office: 'Back office',
    home: 'Home',
    signedInAs: 'Signed in as',
    signOut: 'Sign out',
    windowTitle: (title) => `${title} · Back office`,
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
  home: {
    title: 'Back office',
    intro: 'The sections your role lets you use:',
    nothing:
      'Your role has no sections in the back office. If this is a mistake, ask an administrator to check your roles.',
  },
};
