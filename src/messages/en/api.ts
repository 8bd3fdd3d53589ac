import type { API_ES } from '../es/api.ts';
import type { Messages } from '../page-catalogue.ts';

/** The OpenAPI document's words in English: each API operation's summary and description, by operationId. */
export const API_EN: Messages<typeof API_ES> = {
  operations: {
    // bono
    citizenStatus: {
      summary: 'Am I a beneficiary? The citizen’s look-up',
      description:
        'With CI number, complemento and date of birth: whether the person is entitled and why, when and where to collect, and whether they were paid. A wrong detail gets the same answer as an unknown person; repeated failed look-ups are limited.',
    },
    recordPayout: {
      summary: 'Record a counter payout',
      description:
        'Records the payout exactly once. Repeat the request with the same Idempotency-Key when no answer came back: it is never paid twice. A person already paid, at this bank or another, gets 409 already_paid naming when and where.',
    },
    reversePayout: {
      summary: 'Reverse a counter payout',
      description:
        'Only the bank that paid, on the same day, with a reason. The person may then be paid again. Repeating it returns the reversed payment.',
    },
    verifyEntitlement: {
      summary: 'Verify a person at the counter',
      description:
        'Whether the person is entitled, the amount, their window, whether they may be paid now and, if already paid, when and where.',
    },
    // cases
    addCaseAct: { summary: 'Record an act as one source tells it' },
    addCaseEvent: { summary: 'Record an event' },
    addCaseEvidence: {
      summary: 'Add evidence',
      description:
        'The file in base64 (up to 10 MB), stored once by its SHA-256; its custody log starts with the collection (or, for a derived item, its derivation).',
    },
    addCaseFinding: {
      summary: 'Record a finding of the report',
      description:
        'A finding rests on evidence and statements of the same investigation; it is never edited: a correction is a new finding naming the one it corrects.',
    },
    addCaseInvolvement: { summary: 'Record who did what to whom' },
    addCasePerson: { summary: 'Record a person in their roles' },
    importCaseFile: {
      summary: 'Import a file of events or persons',
      description:
        'The body is the file: CSV (text/csv) or JSON (application/json), up to 16 MiB, with the headers of `ayni cases import`. All or nothing: rows read = accepted + rejected; one rejected row and none is written, each rejection kept in the quarantine with its line and reason (422). The same file twice adds nothing (200). The team’s investigators only, checked before the body is read. Audited.',
    },
    addCaseRelationship: { summary: 'Relate two entities of the file' },
    addCaseStatement: { summary: 'Record a statement' },
    caseAnalysis: {
      summary: 'Analysis of the case file',
      description:
        'Victims by event and cause of death with each cell’s sources, contradictions between sources, places and, with `event`, an event’s timeline.',
    },
    caseEvidenceCustody: {
      summary: 'An evidence item’s chain of custody',
      description:
        'The log’s entries and their verification (chained hashes and stored bytes). The read is audited.',
    },
    caseReportPdf: {
      summary: 'Technical report for the prosecutors (PDF)',
      description:
        'The findings, each with the evidence and statements it rests on (id and SHA-256), the verified chain of custody of every cited item, and the SHA-256 of the court bundle. Every page names the reader. Audited.',
    },
    listInvestigations: {
      summary: 'My investigations',
      description: 'The investigations whose team the caller is on, with their role.',
    },
    openInvestigation: {
      summary: 'Open an investigation',
      description:
        'Whoever opens it joins its team as investigator; nobody else sees it until added to the team.',
    },
    protectCasePerson: { summary: 'Protect a person’s identity' },
    setCasePersonAlias: {
      summary: 'Add or remove an alias of a person',
      description:
        'Another name the person is known by (a nickname, another spelling): when the person is protected it is replaced by their code in every view and export, as their name is. For the team’s investigators; the audit trail keeps the code and a hash of the alias, never the alias.',
    },
    readCaseEvidence: {
      summary: 'An evidence item’s file',
      description:
        'The bytes, checked against their SHA-256; the access goes into the item’s custody and, when restricted, the audit trail. The X-Ayni-Reader header names the reader.',
    },
    readCaseFile: {
      summary: 'The case file',
      description:
        'Everything the reader may see: protected identities replaced by their code, and for a victims’ representative only their family’s files. The read is audited.',
    },
    recordCaseCustody: { summary: 'Record a transfer, copy or analysis' },
    setCaseTeamMember: { summary: 'Add or change a team member' },
    // certificates
    certificateFhirBundle: {
      summary: 'A person’s vaccinations as FHIR R4 (WHO DDCC:VS)',
      description:
        'A document Bundle: the DDCC:VS Composition, Patient, the issuing organisation and one Immunization per dose, with the certificate’s codes. Issues the certificate if it was not.',
    },
    certificateTrustList: {
      summary: 'The signed trust list',
      description:
        'Bolivia’s CSCA certificate, the signing keys’ certificates with their status and the revocation list (hashes), signed with the CSCA key. A verifier downloads it once and verifies offline.',
    },
    issueCertificate: {
      summary: 'Issue a person’s certificate',
      description:
        'The certificate of the latest dose of the nominal registry; when issued before, the same one (200).',
    },
    revokeCertificate: {
      summary: 'Revoke a certificate',
      description:
        'Issued in error, or for a dose entered in error: it goes on the published revocation list. Revoking it again changes nothing.',
    },
    rotateCertificateSigner: {
      summary: 'Rotate the signing key',
      description:
        'Makes a new signing key under the CSCA and retires the previous one, which keeps verifying what it signed.',
    },
    vaccinationCard: {
      summary: 'The vaccination card (PDF)',
      description:
        'By CI number, complemento and date of birth (in the body): the DS 4641 card as a PDF, A4 or wallet size. Counts against the same limits as the bono look-up; nothing is returned without all three.',
    },
    verifyCertificate: {
      summary: 'Verify a certificate (HC1)',
      description:
        'Verifies the QR code’s text against ayni’s keys and the revocation list. When not valid, the problem’s code says at which step it failed.',
    },
    // identity-merge
    decideIdentityMerge: {
      summary: 'Approve or reject a merge',
      description:
        'The second officer (never the proposer) approves or rejects, with a reason. Approval checks the pair again and moves the registry’s references. Of two approvals at once one merges and the other is answered 409 identity_merge_decided with who; the same decision repeated answers repeated: true.',
    },
    identityDuplicates: {
      summary: 'Probable duplicate persons',
      description:
        'Pairs of registry persons the matcher takes for one person (SQL blocking and a Fellegi–Sunter weight), strongest first; pairs already proposed or merged are left out.',
    },
    identityMerge: { summary: 'One merge' },
    identityMerges: { summary: 'Person merges' },
    proposeIdentityMerge: {
      summary: 'Propose a merge',
      description:
        'Keeps survivingPersonId and retires retiredPersonId once another officer approves. Refused when the person to retire holds a bono payment, a collectable entitlement or a vaccination dose (propose it the other way round), when the pair already has a merge, or without a reason. Audited.',
    },
    unmergeIdentityMerge: {
      summary: 'Undo a merge',
      description:
        'Puts the retired person back in the registry and moves back every reference the merge moved. Never the proposer. Audited.',
    },
    // identity-review
    decideIdentityReview: {
      summary: 'Decide a row of the identity review',
      description:
        'accept (with personId, one of the candidates), reject (with reason) or unsure (left for another officer). Audited. With seen, the status read: when another decided first, 409 identity_review_decided with who; the same decision repeated by the same officer answers repeated: true and records nothing.',
    },
    identityReview: { summary: 'One row of the identity review' },
    identityReviews: { summary: 'Rows waiting for identity review' },
    // pages
    portalCertificateVerifierScript: { summary: 'The verifier’s script' },
    portalCertificateVerifierWorker: { summary: 'The verifier’s service worker (offline)' },
    transparencyVaccinationReplayCsv: { summary: 'Vaccination 2021: the replay’s daily curve (CSV)' },
    transparencyWealthTaxCsv: {
      summary: 'Wealth tax: figures as CSV',
      description: 'The page’s figures, with "<5" and "x" where suppressed.',
    },
    // registry
    registryCounts: {
      summary: 'Registry counts',
      description:
        'Persons by department, source lists and latest imports, with their files; exact figures, for those who read the registry (the public sees the published figures at / and /transparencia).',
    },
    // session
    currentPrincipal: { summary: 'Who am I: roles, permissions and CSRF token' },
    signIn: {
      summary: 'Sign in with username and password',
      description:
        'Opens a session: sets the session cookie and returns the CSRF token. A malformed request gets the same answer as a wrong password.',
    },
    signOut: { summary: 'Sign out: end the session' },
    // system
    health: { summary: 'The server and its database answer' },
    openApiDocument: { summary: 'This OpenAPI document' },
    // vaccination
    bookAppointment: {
      summary: 'Book an appointment',
      description:
        'Takes a place and reserves a dose of the right vaccine; with the first dose of a two-dose vaccine, also books the second inside its interval. The day’s capacity is never exceeded. Repeat with the same Idempotency-Key when no answer came back.',
    },
    cancelAppointment: {
      summary: 'Cancel an appointment',
      description:
        'Cancels the appointment and the second dose booked with it: their places and doses go back to the site.',
    },
    personDoses: {
      summary: 'A person’s doses and appointments',
      description: 'By CI number, complemento and date of birth (in the body, not in the address).',
    },
    recordDose: {
      summary: 'Record a dose given',
      description:
        'Records the dose in the nominal registry exactly once, takes it from the site’s stock and audits it. Repeat the request with the same Idempotency-Key when no answer came back. Another key for a dose recorded gets 409 dose_already_recorded with the record.',
    },
    vaccinationEligibility: {
      summary: 'Whether a person may be vaccinated on a day',
      description:
        'The next dose, the vaccines allowed for it and its window, and whether it may be given on the day (with the weekday of their CI where the rotation applies).',
    },
    vaccinationQueue: {
      summary: 'A site’s queue on a day',
      description: 'The tickets in order, without the persons.',
    },
    vaccinationSiteAppointments: {
      summary: 'A site’s appointments on a day',
      description: 'The appointments by number, without the persons.',
    },
    vaccinationSiteDay: {
      summary: 'A site’s day',
      description: 'By vaccine: capacity, places booked, walk-ins admitted and doses given.',
    },
    // wealth-tax
    wealthTaxMandates: {
      summary: 'The representation mandates',
      description:
        'The taxpayers’ mandates to their representatives, newest first, with whether each is in force today.',
    },
    wealthTaxGrantMandate: {
      summary: 'Record a mandate',
      description:
        'A taxpayer’s mandate to their representative’s account, from a day to another (or open-ended). Audited.',
    },
    wealthTaxRevokeMandate: {
      summary: 'Revoke a mandate',
      description: 'From then on the representative’s account no longer reaches the taxpayer. Audited.',
    },
    wealthTaxRepresented: {
      summary: 'The taxpayers I represent',
      description: 'Only the taxpayers whose mandate to this account is in force today.',
    },
    wealthTaxRepresentedYear: {
      summary: 'A represented taxpayer’s year',
      description:
        'The versions with their tax, the explanation of the latest and the balance, under a mandate in force (else 403 not_mandated). Audited.',
    },
    wealthTaxRepresentedDeclaration: {
      summary: 'File or amend as the representative',
      description:
        'The declaration (or amendment) of a taxpayer with a mandate in force, assessed as filed; without one, 403 and nothing is recorded.',
    },
    wealthTaxRepresentedNotice: {
      summary: 'A represented taxpayer’s notice',
      description:
        'The assessment, the reminder or the fine (PDF or HTML), under a mandate in force (else 403).',
    },
    wealthTaxFileDeclaration: {
      summary: 'File or amend a declaration',
      description:
        'A year’s sworn declaration (the original, or an amendment with its reason), assessed as filed. The same key returns the same filing (200).',
    },
    wealthTaxImport: {
      summary: 'Import declarations (CSV or JSON)',
      description:
        'The content of a CSV or JSON file of declarations (docs/formats.md): read = accepted + rejected, each reject with its line and reason; the same file is imported once.',
    },
    wealthTaxNotice: {
      summary: 'A notice (PDF or HTML)',
      description:
        'The assessment, the reminder (up to the deadline) or the fine (after it), in Spanish with its legal basis. Audited.',
    },
    wealthTaxPayment: {
      summary: 'Record a payment',
      description:
        'A payment in bolivianos or US dollars (at the official rate of its day), once per id; the first after the deadline settles the updating, interest and fine.',
    },
    wealthTaxPublicFigures: {
      summary: 'A year’s public figures',
      description:
        'Payers, tax assessed and paid by department; a department with fewer than 5 payers shows "<5" without amounts, and another is withheld so that it cannot be derived from the total.',
    },
    wealthTaxSimulation: {
      summary: 'Simulate reforms',
      description:
        'Payers and revenue of the law and of reform scenarios over a synthetic tail fitted to the first year (no taxpayer data).',
    },
    wealthTaxTaxpayers: {
      summary: 'The taxpayer register',
      description: 'Taxpayers in NIT order: name, department and marital regime (no declarations).',
    },
    wealthTaxYear: {
      summary: 'A taxpayer’s year',
      description:
        'Every version of the declaration with its assessment, the explanation of the latest (with its articles) and the balance. The read is audited.',
    },
  },
};
