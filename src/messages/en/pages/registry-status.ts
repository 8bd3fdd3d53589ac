import type { REGISTRY_STATUS_ES } from '../../es/pages/registry-status.ts';
import type { Messages } from '../../page-catalogue.ts';

/** The public registry status page (`/`), in English. */
export const REGISTRY_STATUS_EN: Messages<typeof REGISTRY_STATUS_ES> = {
  title: 'Registry status',
  persons: 'Living persons residing in Bolivia',
  countedOn: 'Counted on',
  byDepartment: 'Living persons residing in Bolivia, by department',
  department: 'Department',
  count: 'Persons',
  total: 'Total',
  compare: "Comparison with INE's projection, and open data",
  marks:
    'Counts of 1 to 4 show as "<5", and "x" marks a figure withheld so that another cannot be worked out.',
  lists: 'Lists from other institutions',
  list: 'List',
  members: 'Persons on the list',
  imports: 'Latest imports',
  kind: 'Kind',
  status: 'Status',
  finished: 'Finished on',
  none: 'No imports yet.',
  importKind: { persons: 'Persons of the registry', list: "Another institution's list" },
  importStatus: {
    running: 'Running',
    completed: 'Finished',
    failed: 'Failed',
    other: 'Other status',
  },
  goTo: 'Go to',
  doors: {
    portal: {
      label: 'Am I a beneficiary of the bono?',
      text: 'Check with your ID card, or file a grievance.',
    },
    transparency: {
      label: 'Transparency',
      text: 'How much was paid, to how many persons and where, with open data.',
    },
    office: { label: 'Back office', text: 'For officers: sign in with your username.' },
  },
};
