import type { PORTAL_ES } from '../../es/pages/portal.ts';
import type { Messages } from '../../page-catalogue.ts';

/** The citizen pages (`/bono`), in English. */
export const PORTAL_EN: Messages<typeof PORTAL_ES> = {
  nav: {
    status: 'Am I a beneficiary?',
    grievance: 'File a complaint',
    follow: 'Follow my complaint',
  },
  simulatedClock: (date, time) =>
    `Demonstration with a simulated clock: ayni answers as if it were ${date}, ${time} (Bolivia time).`,
  tooLong: {
    title: 'What you sent is too long',
    text: 'Shorten the description and try again.',
  },
  unreadable: 'We could not read what was sent. Please enter it again.',
  identity: {
    ci: 'Identity card (CI) number',
    ciHint: 'Digits only, without the place of issue. For example, 4567890.',
    ciHintShort: 'Digits only, without the place of issue.',
    complemento: 'Complemento (if your card has one)',
    complementoHint: 'For example 1A, if your card has one. If it has none, leave this empty.',
    dob: 'Date of birth',
    dobHint: 'As on your card. For example, 27 3 1985.',
    ciMissing: 'Enter your identity card number.',
    ciDigits: 'Enter your identity card number: digits only.',
    ciFormat: (min, max) =>
      `The identity card number has digits only, ${min} to ${max} of them, and does not start with 0. Leave out the place of issue (LP, CB, SC…).`,
    complementoFormat: (max) =>
      `The complemento has up to ${max} letters or digits, for example 1A. Leave it empty if your card has none.`,
    dobMissing: 'Enter your date of birth.',
    dobInvalid:
      'The date of birth must be a real date: day, month and a 4-digit year, for example 27 3 1985.',
  },
  status: {
    title: 'Am I a beneficiary of the Bono Contra el Hambre?',
    intro:
      'Enter the details of your identity card exactly as they appear on it. We will tell you whether the bono is yours, why, and when and where to collect it.',
    privacy:
      'Your details are not kept in the page address. After many look-ups with wrong details, you will have to wait a while before trying again.',
    check: 'Check',
    notListed: 'Not listed, or your details are wrong?',
    fileComplaint: 'File a complaint',
    fileComplaintLower: 'file a complaint',
    again: 'Check again',
    notYours: 'The Bono Contra el Hambre is not yours to collect',
    yours: 'You are a beneficiary of the Bono Contra el Hambre',
    why: 'Why',
    wrongAnswer: 'If you think your details or this answer are wrong,',
    paidNotCollected: 'If it shows as paid but you did not collect it,',
    mistake: 'If you think there was a mistake,',
    amount: 'Amount',
    band: 'Age group',
    bandRange: (from, to) => `${from} to ${to} years old`,
    bandRezagados: 'Late collectors (missed their age group’s dates)',
    bandOther: 'Another group',
    dates: 'Your collection dates',
    rezagados: 'If you missed your dates (late collectors)',
    period: (from, to) => `From ${from} to ${to}`,
    deadline: 'Last day to collect',
    payment: 'Payment',
    paymentCollected: 'Collected (see below).',
    paymentInFlight: 'Deposit under way.',
    paymentOver: 'Not collected; the period is over.',
    paymentNotYet: 'Not collected yet.',
    paymentDeposit: 'Paid into your account.',
    collected: 'You have collected the bono',
    channel: { counter: 'at a bank counter', deposit: 'by deposit to an account' },
    paidAt: (date, time, channel, where) => `Collected on ${date} at ${time}, ${channel}, at ${where}.`,
    over: 'The collection period is over',
    overOn: (date) => `The last day to collect was ${date}. This bono can no longer be collected.`,
    overNoDate: 'This bono can no longer be collected.',
    inFlight: 'Your deposit is under way',
    inFlightText:
      'The bank is processing the deposit to your account. If it is refused, you may collect at a counter.',
    inFlightBank: (bank) =>
      `The bank (${bank}) is processing the deposit to your account. If it is refused, you may collect at a counter.`,
    today: 'You can collect today',
    notToday: 'You cannot collect today',
    notTodayText:
      'Collect on your dates or, if you missed them, in the late collectors’ period (see the dates above).',
    depositComing: 'The bono is paid into your account',
    depositDates: 'The deposit is made within your dates (see above).',
    howReceived: 'How you receive it',
    depositText: (bank, account) =>
      `It is paid into your ${bank} account ending in ${account}. You do not need to go to the bank.`,
    depositFallback:
      'If the bank cannot make the deposit, you may collect it at a counter in the same period.',
    whereToCollect: 'Where to collect',
    counterText:
      'At the counter of any bank enabled to pay the bono, in person, showing your valid identity card.',
    exclusionsTitle: 'Which list excludes you and where to go',
    exclusionsIntro:
      'You are on another institution’s list that excludes people from the bono. If that is wrong, ask that institution to correct it; then file a complaint.',
    exclusions: {
      afp: {
        list: 'Contributors to a pension fund (AFP) as employees or consultants',
        where:
          'Go to your pension fund (AFP Futuro de Bolivia or BBVA Previsión) or to the Gestora Pública de la Seguridad Social de Largo Plazo.',
      },
      deathPension: {
        list: 'Survivors receiving a death pension',
        where: 'Go to the body that pays the pension: the Gestora Pública or your pension fund (AFP).',
      },
      bonoFamilia: {
        list: 'Bono Familia beneficiaries and collectors',
        where: 'Go to the Ministry of Education or to the school where the Bono Familia was registered.',
      },
      pension: {
        list: 'Recipients of a long-term social security pension',
        where: 'Go to SENASIR or to the body that pays your pension (the Gestora Pública or your AFP).',
      },
    },
    notFoundTitle: 'We could not find those details',
    notFoundNotice:
      'Nobody in the registry has that identity card number, complemento and date of birth together',
    checkThat: 'Check that:',
    checks: {
      number: 'the number is the one on your card, digits only, without the place of issue;',
      complemento:
        'the complemento is the one on your card (for example 1A), or empty if your card has none;',
      dob: 'the date of birth is the one on your card: day, month and year.',
    },
    stillNotFound: 'If your details are right and you are still not found,',
    tooMany: 'Too many attempts',
    tryAgain: (minutes, time) => `Try again in ${minutes}, after ${time} (Bolivia time).`,
    minutes: { one: 'minute', other: 'minutes' },
    tooManyText:
      'To protect people’s details, look-ups with wrong details are limited. Meanwhile, have your identity card at hand to copy the details exactly as they appear on it.',
    backToLookUp: 'Back to the look-up',
  },
  grievance: {
    title: 'File a complaint',
    intro:
      'If you are not on the list, if your details are wrong, or if it shows as paid but you did not collect it, tell us. We will give you a reference number to follow your complaint.',
    what: 'What happened?',
    kinds: {
      not_listed: {
        label: 'I am not on the list',
        hint: 'You think the bono is yours, but the look-up says it is not.',
      },
      wrong_data: {
        label: 'My details are wrong',
        hint: 'Your name, date of birth, place or another detail in the registry is not right.',
      },
      paid_not_received: {
        label: 'It shows as paid but I did not collect it',
        hint: 'The look-up says you collected it, but you did not receive the money.',
      },
    },
    kindOther: 'Another complaint',
    description: 'Describe the problem',
    descriptionHint: (max) =>
      `What happened, with dates, banks and places if you know them. Up to ${max} characters.`,
    contact: 'Phone or email to reach you (optional)',
    contactHint: 'We will use it for this complaint only.',
    send: 'Send complaint',
    already: 'Already filed a complaint?',
    followIt: 'Follow it',
    chooseKind: 'Choose what happened.',
    describe: 'Describe the problem.',
    descriptionTooLong: (max) => `The description is longer than ${max} characters: shorten it.`,
    contactTooLong: (max) => `The contact is longer than ${max} characters: shorten it.`,
    tooManyFilings: (minutes) =>
      `Too many complaints were sent from this connection. Try again in ${minutes}, or visit an office.`,
    filedTitle: 'We received your complaint',
    referenceIs: 'Your reference number is',
    writeItDown:
      'Write it down or take a photo of this screen: with this number and your identity card number you can see how your complaint is going.',
    followMine: 'Follow my complaint',
  },
  follow: {
    title: 'Follow my complaint',
    notFound: 'We could not find that complaint',
    notFoundText:
      'No complaint has that reference with that identity card number. Check the reference (12 letters and digits, for example AB12-CD34-EF56) and that the card number is the one you gave when filing.',
    intro: 'Enter the reference you received when you filed the complaint and your identity card number.',
    ref: 'Complaint reference',
    refHint: 'For example, AB12-CD34-EF56.',
    refInvalid:
      'Enter the whole reference: 12 letters and digits in three groups, for example AB12-CD34-EF56.',
    see: 'See my complaint',
    heading: (reference) => `Complaint ${reference}`,
    status: 'Status',
    statuses: {
      open: 'Received, waiting for review',
      in_review: 'Under review',
      approved: 'Approved',
      rejected: 'Rejected',
      resolved: 'Resolved',
      other: 'In progress',
    },
    kind: 'Kind of complaint',
    filedOn: 'Filed on',
    decidedOn: 'Decided on',
    history: 'History',
    date: 'Date',
    what: 'What happened',
    events: {
      filed: 'Claim received.',
      review_started: 'An officer is reviewing your claim.',
      person_corrected: 'Your data in the registry were corrected.',
      approved: 'Your claim was accepted.',
      rejected: 'Your claim was rejected.',
      supplementary_round_created: 'Your payment was prepared in a supplementary round.',
      handed_to_bank: 'Your case was passed to the bank to review the recorded payment.',
      resolved: 'Claim closed.',
      round_approved: 'A second officer approved your payment.',
      round_rejected: 'The second officer did not approve your payment; the office will review your case.',
      round_expired: 'The period to collect ended without the payment being collected.',
      paidCounter: (amount) => `You collected ${amount} at a bank counter.`,
      paidDeposit: (amount) => `${amount} were deposited in your bank account.`,
      other: 'Your claim moved on.',
    },
    reevaluated: {
      supplementary_round_due: "We checked your data against the bono's rules: you are entitled to it.",
      already_entitled: "We checked your data against the bono's rules: you are already in a payment round.",
      not_eligible: "We checked your data against the bono's rules: you are not entitled to it.",
      awaits_regular_round:
        "We checked your data against the bono's rules: you are entitled to it, and it will be paid in the next payment round.",
      other: "We checked your data against the bono's rules.",
    },
    nextTitle: 'What comes next',
    next: {
      round_awaits_approval: 'Your payment is prepared; a second officer must still approve it.',
      collect: (from, to) =>
        `Your payment was approved. You can collect it at a bank counter, with your identity card, from ${from} to ${to}.`,
      deposit: 'Your payment was approved and will be deposited in your bank account.',
    },
    checkStatus: 'See my dates and my payment',
    another: 'Follow another complaint',
    at: (date, time) => `${date}, ${time}`,
  },
};
