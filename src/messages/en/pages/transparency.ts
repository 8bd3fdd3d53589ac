import type { TRANSPARENCY_ES } from '../../es/pages/transparency.ts';
import type { Messages } from '../../page-catalogue.ts';
import { TRANSPARENCY_FIGURES_EN } from './transparency-figures.ts';

/** The public transparency pages, in English. */
export const TRANSPARENCY_EN: Messages<typeof TRANSPARENCY_ES> = {
  overviewTitle: 'Transparency',
  bonoTitle: 'Bono Contra el Hambre',
  registryTitle: 'Population registry and INE projection',
  nav: {
    label: 'Transparency pages',
    overview: 'Overview',
    bono: 'Bono Contra el Hambre',
    registry: 'Registry and INE',
    cases: 'Public case files',
  },
  intro:
    'Aggregate figures of the emergency programmes, for the public and the press. No page shows data about a person.',
  asOf: (when) => `Figures as of ${when} (Bolivia time).`,
  showData: 'Show the chart’s data as a table',
  tableRegion: (title) => `Data table: ${title}`,
  download: 'Download CSV',
  downloadOf: (title) => ` — ${title}`,
  howToRead: 'How to read these figures',
  smallMark:
    'a number of persons from 1 to 4: it is not published, because a group that small can point at someone; nor is its amount.',
  withheldMark: 'a figure withheld so that a small number cannot be worked out by subtracting from a total.',
  zeroNote:
    'Zero is published. Days with fewer than 5 payments are grouped with the following days. The CSV files use the same marks, a decimal point and amounts in bolivianos.',
  bonoIntro:
    'A one-off payment of Bs 1,000 (Ley 1330, DS 4392) to the persons eligible in the approved payment rounds. A person eligible in more than one round is counted once, in the latest.',
  noRounds: 'No payment round has been approved yet.',
  roundsOpen: 'Rounds are in their collection period: the figures change as banks pay.',
  roundsClosed: 'The collection period of every round has ended.',
  noPayments: 'No payments yet.',
  dayHidden: 'The total paid is still too small to publish, so the daily series is not drawn either.',
  unclaimedTitle: 'What was not collected',
  unclaimedNone:
    'No round has reached the end of its collection period yet; what was not collected is counted at the end, when the money returns to the funding lines.',
  eligibleLine: (count) => `Eligible: ${count}`,
  bars: {
    eligible: 'Eligible',
    paid: 'Paid',
    planned: 'Assigned',
    unclaimed: 'Not collected',
    registry: '% of the registry',
    ine: '% of INE',
  },
  lateBand: 'Late collectors',
  seeBono: 'See the bono’s charts',
  seeRegistry: 'Compare by department',
  registryHeading: 'Population registry',
  registryPersons: 'Living persons residing in Bolivia in the registry',
  ineTotal: (year) => `INE population projection ${year}`,
  registryIntro:
    'Living persons residing in Bolivia according to the registry, by department of residence, against INE’s population projection. The “Registry / INE” column measures the registry’s coverage; the shares compare how the population is spread across departments, which also works when the registry holds only a sample of the country, as in this demonstration.',
  registryCountedOn: (day) => `Registry counted on ${day}.`,
  source: 'Source of the INE figures: ',
  sourceYear: (year, note) => ` (${year}). ${note}`,
  /** The published figures: titles, columns and row labels (./transparency-figures.ts). */
  figures: TRANSPARENCY_FIGURES_EN,
};
