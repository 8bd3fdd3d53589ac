import type { JOBS_PAGE_ES } from '../../es/pages/jobs.ts';
import type { Messages } from '../../page-catalogue.ts';

/** The progress page of a background job, in English (the shape: ../../es/pages/jobs.ts). */
export const JOBS_PAGE_EN: Messages<typeof JOBS_PAGE_ES> = {
  refresh: 'This page refreshes itself every 2 seconds.',
  imports: {
    title: 'Import progress',
    head: (file, kind, who, when) => `${file} — ${kind} (${who}, ${when})`,
    phases: {
      survey: 'Checking the file',
      load: 'Reading and validating rows',
      merge: 'Merging into the registry',
    },
    bytes: 'Read',
    rowsRead: 'Rows read',
    failed: 'The import failed and the registry was left as it was.',
    internal: 'Something went wrong on our side. If it happens again, tell the help desk.',
    interrupted:
      'The import was interrupted: the server stopped before it ended. An import is one transaction: nothing of it was kept. Import the file again.',
    gone: 'There is no progress at this address: finished imports are forgotten after a while. See the list of imports.',
    back: 'Back to imports',
    header: {
      expected:
        'The first line of the file must be its header: the names of the columns, separated by commas, exactly like this:',
      missing: 'These columns are missing:',
      order: 'All the columns are there, but in another order.',
      found: (file, names, firstShown) =>
        `The first line of ${file} has ${names}${firstShown ? `; the first ${firstShown}` : ''}:`,
      names: { one: 'name', other: 'names' },
      more: (count) => `and ${count} more.`,
    },
  },
  rounds: {
    title: 'Creating the round',
    failedTitle: 'Create a round',
    head: (asOf, who, when) => `Round as of ${asOf} — started by ${who}, ${when}`,
    steps: {
      'reading the registry state': 'Reading the registry state',
      'applying the rules to the registry': 'Applying the bono’s rules to every person in the registry',
      'computing control totals and the content hash': 'Computing the control totals and the content hash',
    },
    refresh:
      'This page refreshes itself every 2 seconds and leads to the round when done. For the whole country it takes a minute or two.',
    failed: 'The round could not be created',
    internal:
      'Something went wrong on our side and the round was not created. If it happens again, tell the help desk.',
    interrupted:
      'The creation was interrupted: the server stopped before it ended. A round is created in one transaction, so it was not created. Create it again.',
    gone: 'There is no progress at this address: finished creations are forgotten after a while. See the list of rounds: a round that was created is on it.',
    backToForm: 'Back to the form',
    back: 'Back to the rounds',
  },
  exports: {
    title: 'Generating the deposit files',
    titleOfRound: (round) => `Generating the deposit files — Round ${round}`,
    head: (who, when) => `Started by ${who}, ${when}`,
    starting: 'Preparing the export…',
    phases: {
      recovering: 'Completing the files of an interrupted export',
      counting: 'Counting the round’s deposit entitlements',
      reserving: 'Reserving the deposits in the ledger and writing the files',
      validating: 'Recording each file',
      done: 'Finishing',
    },
    phaseAtBank: (phase, bic) => `${phase} (${bic})`,
    done: 'Examined',
    of: 'of',
    xsd: 'Validation against the XSD',
    yes: 'yes',
    no: 'no',
    refresh: 'This page refreshes itself every 2 seconds and leads to the round’s files when done.',
    failed: 'The files could not be generated',
    failedBody:
      'Deposits already reserved, if any, are in an incomplete file, which the next export completes.',
    internal: 'Something went wrong on our side. If it happens again, tell the help desk.',
    interrupted: 'The export was interrupted: the server stopped before it ended. Generate the files again.',
    gone: 'There is no progress at this address: finished exports are forgotten after a while. Files generated are listed with the round’s deposits.',
    back: 'Back to the round’s deposits',
  },
};
