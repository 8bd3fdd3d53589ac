/**
 * The case file's vocabulary (issue #21), after HURIDOCS' events standard formats: the thesauri
 * are closed lists here, so a misspelt act type is refused at the boundary rather than counted as a
 * category of its own in the analysis.
 */

/** Kinds of event (HURIDOCS "type of event", reduced to what the 2019 investigations need). */
export const EVENT_TYPES = ['protest_repression', 'armed_operation', 'mass_detention', 'other'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Acts within an event (HURIDOCS micro-thesaurus "types of acts", reduced). */
export const ACT_TYPES = [
  'killing',
  'injury',
  'detention',
  'torture',
  'ill_treatment',
  'enforced_disappearance',
  'sexual_violence',
  'destruction_of_property',
  'threat',
] as const;
export type ActType = (typeof ACT_TYPES)[number];

/** Causes of death as the autopsy or the witness gives them (Minnesota Protocol, §5 of the annex). */
export const CAUSES_OF_DEATH = [
  'gunshot_wound',
  'blunt_force',
  'asphyxia',
  'tear_gas_projectile',
  'undetermined',
] as const;
export type CauseOfDeath = (typeof CAUSES_OF_DEATH)[number];

export const PERSON_ROLES = ['victim', 'witness', 'alleged_perpetrator', 'investigator'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

/** A team member's role in one investigation. */
export const TEAM_ROLES = [
  'investigator',
  'analyst',
  'prosecutor_liaison',
  'victims_representative',
] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export const EVIDENCE_KINDS = [
  'document',
  'photo',
  'video',
  'audio',
  'autopsy_report',
  'transcript',
  'other',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const DERIVATIONS = [
  'transcript',
  'redacted_copy',
  'still',
  'translation',
  'excerpt',
  'copy',
] as const;
export type Derivation = (typeof DERIVATIONS)[number];

export const CUSTODY_ACTIONS = [
  'collected',
  'transferred',
  'accessed',
  'copied',
  'analysed',
  'derived',
] as const;
export type CustodyAction = (typeof CUSTODY_ACTIONS)[number];

export const INVOLVEMENT_DEGREES = [
  'direct',
  'ordered',
  'participated',
  'present',
  'failed_to_prevent',
] as const;
export type InvolvementDegree = (typeof INVOLVEMENT_DEGREES)[number];

export const CONSENT_SCOPES = ['none', 'investigation', 'prosecution', 'publication'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];

export const ENTITY_KINDS = ['person', 'event', 'act', 'item', 'statement'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/** Where an assertion comes from: an evidence item or a statement, never both. */
export type Source = { kind: 'item'; id: bigint } | { kind: 'statement'; id: bigint };

export interface Investigation {
  id: bigint;
  code: string;
  title: string;
  summary: string;
  openedOn: string;
}

export interface TeamMember {
  investigationId: bigint;
  username: string;
  teamRole: TeamRole;
  /** For a victims' representative: the family whose files they read. */
  familyCode: string | null;
}

export interface CaseEvent {
  id: bigint;
  investigationId: bigint;
  title: string;
  eventType: EventType;
  placeName: string;
  /** Decimal degrees as text (numeric(9,6)), null when the place has no coordinates. */
  latitude: string | null;
  longitude: string | null;
  startsAt: Date;
  endsAt: Date;
  description: string;
}

/** A person as stored: only the service's views decide what a reader sees of it. */
export interface CasePerson {
  id: bigint;
  investigationId: bigint;
  code: string;
  fullName: string;
  roles: PersonRole[];
  sex: 'female' | 'male' | 'unknown';
  dateOfBirth: string | null;
  registryPersonId: bigint | null;
  familyCode: string | null;
  protected: boolean;
}

/**
 * A person as one reader sees it: a protected person shown to a reader without the role carries
 * only the code (`withheld: true`), in every view and export.
 */
export type PersonView =
  | {
      id: bigint;
      code: string;
      withheld: false;
      fullName: string;
      roles: PersonRole[];
      sex: CasePerson['sex'];
      dateOfBirth: string | null;
      registryPersonId: bigint | null;
      familyCode: string | null;
      protected: boolean;
    }
  | { id: bigint; code: string; withheld: true; roles: PersonRole[]; protected: true };

export interface EvidenceItem {
  id: bigint;
  investigationId: bigint;
  title: string;
  kind: EvidenceKind;
  mediaType: string;
  sha256: string;
  byteLength: bigint;
  originalItemId: bigint | null;
  derivation: Derivation | null;
  /** As read from the file (EXIF and the like): never trusted without corroboration. */
  originalMetadata: Record<string, unknown>;
  restricted: boolean;
  familyCode: string | null;
  eventId: bigint | null;
  custodySeq: number;
  custodyHash: string;
  createdAt: Date;
}

export interface Statement {
  id: bigint;
  investigationId: bigint;
  witnessPersonId: bigint;
  /** The event the statement is about (migration 0060); null for statements recorded before it was asked. */
  eventId: bigint | null;
  takenAt: Date;
  placeName: string;
  language: string;
  interpreter: string | null;
  interviewer: string;
  consentGiven: boolean;
  consentScope: ConsentScope;
  summary: string;
  audioItemId: bigint | null;
  transcriptItemId: bigint | null;
}

export interface Act {
  id: bigint;
  investigationId: bigint;
  eventId: bigint;
  actType: ActType;
  victimPersonId: bigint | null;
  startsAt: Date | null;
  endsAt: Date | null;
  placeName: string | null;
  latitude: string | null;
  longitude: string | null;
  causeOfDeath: CauseOfDeath | null;
  description: string;
  source: Source;
}

export interface Involvement {
  id: bigint;
  actId: bigint;
  perpetratorPersonId: bigint;
  degree: InvolvementDegree;
  source: Source;
}

export interface Relationship {
  id: bigint;
  from: { kind: EntityKind; id: bigint };
  to: { kind: EntityKind; id: bigint };
  relation: string;
  source: Source | null;
}

export interface CustodyEntry {
  itemId: bigint;
  seq: number;
  at: Date;
  actor: string;
  action: CustodyAction;
  /** Who/where/how: e.g. { by, place, method } for a collection, { from, to } for a transfer. */
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/**
 * The evidence store as the case file uses it: src/cases/evidence/store.ts `EvidenceStore`
 * (content-addressed, written once) satisfies it.
 */
export interface EvidenceBlobs {
  /** Stores bytes given whole or as a stream (hashed while written, never held whole). */
  put(
    source: Uint8Array | AsyncIterable<Uint8Array | string>,
  ): Promise<{ sha256: string; byteLength: number; alreadyStored: boolean }>;
  /**
   * Stores many sources at once when the store can (each file's bytes fsynced before its name,
   * each folder fsynced once for the batch), in the sources' order.
   */
  putBatch?(
    sources: Iterable<Uint8Array | AsyncIterable<Uint8Array | string>>,
    options?: { concurrency?: number },
  ): Promise<{ sha256: string; byteLength: number; alreadyStored: boolean }[]>;
  read(sha256: string): Promise<Uint8Array>;
  check(sha256: string): Promise<{ ok: boolean; actualSha256?: string }>;
}
