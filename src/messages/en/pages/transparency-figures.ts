import type { TRANSPARENCY_FIGURES_ES } from '../../es/pages/transparency-figures.ts';
import type { Messages } from '../../page-catalogue.ts';

/**
 * The published transparency figures in words, in English: titles, descriptions, column headers on
 * the page and in the CSV (machine names: changing one breaks whoever reads the files) and row labels.
 */

const DEPARTMENT_COLUMNS = {
  code: { label: 'INE code', csv: 'code' },
  department: { label: 'Department', csv: 'department' },
};

const VACCINATION_MEASURES = {
  population: { label: 'Resident population', csv: 'population' },
  first: { label: 'First doses', csv: 'first_doses' },
  second: { label: 'Second doses', csv: 'second_doses' },
  single: { label: 'Single doses', csv: 'single_doses' },
  booster: { label: 'Boosters', csv: 'boosters' },
  doses: { label: 'Doses given', csv: 'doses_given' },
  atLeastOne: { label: '% with at least one dose', csv: 'percent_at_least_one_dose' },
  complete: { label: '% with a complete series', csv: 'percent_complete_series' },
};

export const TRANSPARENCY_FIGURES_EN: Messages<typeof TRANSPARENCY_FIGURES_ES> = {
  byId: {
    resumen: {
      title: 'Bono Contra el Hambre: headline figures',
      description:
        'Persons eligible in the approved rounds, how many have been paid and through which channel, how many may still collect and how many did not collect before the end of collection.',
      columns: {
        indicator: { label: 'Indicator', csv: 'indicator' },
        persons: { label: 'Persons', csv: 'persons' },
        amount: { label: 'Amount', csv: 'amount_bs' },
        share: { label: '% of eligible', csv: 'percent_of_eligible' },
      },
    },
    'bono-departamentos': {
      title: 'Paid against eligible, by department',
      description:
        'Horizontal bars by department: the light bar is the number of eligible persons and the dark bar those already paid; at the end, the share paid.',
      columns: {
        ...DEPARTMENT_COLUMNS,
        eligible: { label: 'Eligible', csv: 'eligible' },
        eligibleAmount: { label: 'Eligible amount', csv: 'eligible_amount_bs' },
        paid: { label: 'Paid', csv: 'paid' },
        paidAmount: { label: 'Amount paid', csv: 'paid_amount_bs' },
        paidShare: { label: '% paid', csv: 'percent_paid' },
      },
    },
    'bono-dias': {
      title: 'Cumulative payments by day against the eligible total',
      description:
        'An area growing day by day with the cumulative number of persons paid; the dashed line is the total of eligible persons. Days with fewer than 5 payments are grouped with the following days.',
      columns: {
        from: { label: 'From', csv: 'from' },
        to: { label: 'To', csv: 'to' },
        paid: { label: 'Paid', csv: 'paid' },
        paidAmount: { label: 'Amount paid', csv: 'paid_amount_bs' },
        cumulative: { label: 'Paid (cumulative)', csv: 'paid_cumulative' },
        cumulativeAmount: { label: 'Amount paid (cumulative)', csv: 'cumulative_amount_bs' },
        eligibleShare: { label: '% of eligible', csv: 'percent_of_eligible' },
      },
    },
    'bono-canales': {
      title: 'Payments by channel',
      description:
        'Horizontal bars by payment channel: the light bar is the number of persons the round assigned to that channel and the dark bar those paid through it (a person whose deposit failed may collect at a counter).',
      columns: {
        channelCode: { label: 'Code', csv: 'code' },
        channel: { label: 'Channel', csv: 'channel' },
        planned: { label: 'Assigned to the channel', csv: 'assigned' },
        paid: { label: 'Paid through the channel', csv: 'paid' },
        paidAmount: { label: 'Amount paid', csv: 'paid_amount_bs' },
      },
    },
    'bono-no-cobrado-departamentos': {
      title: 'Not collected by the end, by department',
      description:
        'Horizontal bars with the number of eligible persons who had not collected when their round closed, by department.',
      columns: {
        ...DEPARTMENT_COLUMNS,
        unclaimed: { label: 'Not collected', csv: 'not_collected' },
        unclaimedAmount: { label: 'Amount not collected', csv: 'amount_not_collected_bs' },
      },
    },
    'bono-no-cobrado-edades': {
      title: 'Not collected by the end, by age band',
      description:
        'Horizontal bars with the number of eligible persons who had not collected by the end, by the age band of their collection window.',
      columns: {
        bandCode: { label: 'Code', csv: 'code' },
        band: { label: 'Age band', csv: 'age_band' },
        unclaimed: { label: 'Not collected', csv: 'not_collected' },
        unclaimedAmount: { label: 'Amount not collected', csv: 'amount_not_collected_bs' },
      },
    },
    'registro-ine': {
      title: "The registry's population against INE's projection, by department",
      description:
        "Horizontal bars grouped by department: the department's share of the registry's population (blue) and of INE's projection (brown).",
      columns: {
        ...DEPARTMENT_COLUMNS,
        registry: { label: 'Registry', csv: 'registry' },
        ine: { label: (year) => `INE projection ${year}`, csv: 'ine_projection' },
        coverage: { label: 'Registry / INE', csv: 'registry_over_ine_percent' },
        registryShare: { label: '% of the registry', csv: 'registry_share_percent' },
        ineShare: { label: '% of INE', csv: 'ine_share_percent' },
      },
    },
    'vacunacion-departamentos': {
      title: 'Vaccination by department',
      description:
        'Doses given by kind against the registry’s resident population, by department of residence; at the end, the share with at least one dose and with a complete series.',
      columns: {
        code: DEPARTMENT_COLUMNS.code,
        group: DEPARTMENT_COLUMNS.department,
        ...VACCINATION_MEASURES,
      },
    },
    'vacunacion-edades': {
      title: 'Vaccination by age band',
      description:
        'Doses given by kind and age band (age on the day of the dose) against the resident population by age band on the date.',
      columns: {
        group: { label: 'Age band', csv: 'age_band' },
        ...VACCINATION_MEASURES,
      },
    },
    'vacunacion-dias': {
      title: 'Doses given by day, cumulative',
      description:
        'An area growing day by day with the cumulative number of doses given. Days with fewer than 5 doses are grouped with the following days.',
      columns: {
        from: { label: 'From', csv: 'from' },
        to: { label: 'To', csv: 'to' },
        doses: { label: 'Doses given', csv: 'doses_given' },
        cumulative: { label: 'Doses given (cumulative)', csv: 'doses_cumulative' },
      },
    },
  },
  total: 'Total',
  indicators: {
    eligible: 'Eligible persons',
    paid: 'Paid',
    paidAtCounter: 'Paid at a counter',
    paidByDeposit: 'Paid by account deposit',
    mayStillCollect: 'May still collect',
    notCollected: 'Not collected by the end',
  },
  channels: {
    counter: 'Counter payment',
    deposit: 'Account deposit',
  },
  ageRange: (from, to) => `${from}–${to} years`,
  ageFrom: (from) => `${from} years and over`,
  lateCollectors: 'Late collectors (no age band)',
};
