import type {
  Act,
  CaseEvent,
  Involvement,
  PersonView,
  Relationship,
  Source,
  Statement,
} from './cases.types.ts';

/**
 * Analysis of a case file (issue #21 §5), pure functions over what one reader may see (the view
 * from case-file.ts fileFor/readCaseFile): the timeline of an event from all sources, victims by
 * event and cause of death with each cell's sources, places for a map, and contradictions between
 * sources. Nothing here reads the database or the clock.
 */

/** What the analysis reads: a case file view (or any subset of it). */
export interface AnalysedFile {
  events: readonly CaseEvent[];
  acts: readonly Act[];
  persons: readonly PersonView[];
  /**
   * For the timeline (the statements about the event) and who-was-where (a statement places its
   * witness at the event it is about and at the events its acts tell).
   */
  statements?: readonly Statement[];
  /** For who-was-where: an involvement places the alleged perpetrator at the act's event. */
  involvements?: readonly Involvement[];
  /** For who-was-where: the items (a statement's transcript or recording filed under an event). */
  items?: readonly { id: bigint; eventId: bigint | null }[];
  /** For who-was-where: a sourced relationship between a person and an event. */
  relationships?: readonly Relationship[];
}

export type TimelineEntry =
  | { kind: 'event_start' | 'event_end'; at: Date; eventId: bigint; placeName: string }
  | {
      kind: 'act';
      /** null when the source gives no time: listed after the timed entries. */
      at: Date | null;
      endsAt: Date | null;
      actId: bigint;
      actType: Act['actType'];
      victim: string | null;
      placeName: string | null;
      source: Source;
    }
  /** A statement about the event, at the time it was taken (a witness by code where withheld). */
  | {
      kind: 'statement';
      at: Date;
      statementId: bigint;
      witness: string | null;
      placeName: string;
      language: string;
    };

const byName = (persons: readonly PersonView[]) => {
  const names = new Map<bigint, string>();
  for (const p of persons) names.set(p.id, p.withheld ? p.code : p.fullName);
  return (id: bigint | null) => (id === null ? null : (names.get(id) ?? null));
};

/**
 * The timeline of one event: its start and end, every act any source places in it, and every
 * statement about it (at the time it was taken), in time order (acts without a time last, by id).
 * Victims and witnesses are named as the reader may see them (a protected person by code).
 *
 * @example timeline(file, 1n).map((e) => e.kind) // ['event_start', 'act', 'act', 'event_end']
 */
export function timeline(file: AnalysedFile, eventId: bigint): TimelineEntry[] {
  const event = file.events.find((e) => e.id === eventId);
  if (!event) return [];
  const name = byName(file.persons);
  const entries: TimelineEntry[] = [
    { kind: 'event_start', at: event.startsAt, eventId, placeName: event.placeName },
    { kind: 'event_end', at: event.endsAt, eventId, placeName: event.placeName },
  ];
  for (const a of file.acts) {
    if (a.eventId !== eventId) continue;
    entries.push({
      kind: 'act',
      at: a.startsAt,
      endsAt: a.endsAt,
      actId: a.id,
      actType: a.actType,
      victim: name(a.victimPersonId),
      placeName: a.placeName ?? event.placeName,
      source: a.source,
    });
  }
  for (const s of file.statements ?? []) {
    if (s.eventId !== eventId) continue;
    entries.push({
      kind: 'statement',
      at: s.takenAt,
      statementId: s.id,
      witness: name(s.witnessPersonId),
      placeName: s.placeName,
      language: s.language,
    });
  }
  const rank = (e: TimelineEntry) =>
    e.kind === 'event_start' ? 0 : e.kind === 'act' ? 1 : e.kind === 'statement' ? 2 : 3;
  const idOf = (e: TimelineEntry) =>
    e.kind === 'act' ? e.actId : e.kind === 'statement' ? e.statementId : 0n;
  return entries.sort((x, y) => {
    if (x.at === null || y.at === null) {
      if (x.at !== y.at) return x.at === null ? 1 : -1;
      return idOf(x) < idOf(y) ? -1 : idOf(x) > idOf(y) ? 1 : 0;
    }
    const dt = x.at.getTime() - y.at.getTime();
    if (dt !== 0) return dt;
    if (rank(x) !== rank(y)) return rank(x) - rank(y);
    return idOf(x) < idOf(y) ? -1 : idOf(x) > idOf(y) ? 1 : 0;
  });
}

/** One cell of the victims table: distinct victims of one event and cause, with every source. */
export interface VictimCell {
  eventId: bigint;
  /** A cause from the thesaurus, 'not_stated' when the source gives none, 'all' for the event's total. */
  cause: string;
  victims: number;
  victimIds: bigint[];
  sources: Source[];
}

const sourceKey = (s: Source) => `${s.kind}:${s.id}`;

/**
 * Distinct victims killed, by event and cause of death, each cell traceable to the sources that
 * assert it; plus one 'all' row per event (distinct victims whatever the cause, so a victim two
 * sources give different causes for is counted once there and flagged by `contradictions`).
 *
 * @example victimsByEventAndCause(file) // [{ eventId: 1n, cause: 'all', victims: 10, … }, { eventId: 1n, cause: 'gunshot_wound', victims: 9, … }, …]
 */
export function victimsByEventAndCause(file: AnalysedFile): VictimCell[] {
  const cells = new Map<
    string,
    { eventId: bigint; cause: string; victims: Set<bigint>; sources: Map<string, Source> }
  >();
  const add = (eventId: bigint, cause: string, victim: bigint, source: Source) => {
    const key = `${eventId}|${cause}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = { eventId, cause, victims: new Set(), sources: new Map() };
      cells.set(key, cell);
    }
    cell.victims.add(victim);
    cell.sources.set(sourceKey(source), source);
  };
  for (const a of file.acts) {
    if (a.actType !== 'killing' || a.victimPersonId === null) continue;
    add(a.eventId, 'all', a.victimPersonId, a.source);
    add(a.eventId, a.causeOfDeath ?? 'not_stated', a.victimPersonId, a.source);
  }
  const order = new Map(file.events.map((e, i) => [e.id, i]));
  return [...cells.values()]
    .map((c) => ({
      eventId: c.eventId,
      cause: c.cause,
      victims: c.victims.size,
      victimIds: [...c.victims].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)),
      sources: [...c.sources.values()].sort((x, y) => sourceKey(x).localeCompare(sourceKey(y))),
    }))
    .sort(
      (x, y) =>
        (order.get(x.eventId) ?? 0) - (order.get(y.eventId) ?? 0) ||
        (x.cause === 'all' ? -1 : y.cause === 'all' ? 1 : x.cause.localeCompare(y.cause)),
    );
}

/** A place for the map: an event or an act with coordinates. */
export interface Place {
  kind: 'event' | 'act';
  id: bigint;
  eventId: bigint;
  placeName: string;
  latitude: number;
  longitude: number;
}

/** Every event and act with coordinates. @example places(file).length */
export function places(file: AnalysedFile): Place[] {
  const out: Place[] = [];
  for (const e of file.events)
    if (e.latitude !== null && e.longitude !== null)
      out.push({
        kind: 'event',
        id: e.id,
        eventId: e.id,
        placeName: e.placeName,
        latitude: Number(e.latitude),
        longitude: Number(e.longitude),
      });
  for (const a of file.acts)
    if (a.latitude !== null && a.longitude !== null)
      out.push({
        kind: 'act',
        id: a.id,
        eventId: a.eventId,
        placeName: a.placeName ?? '',
        latitude: Number(a.latitude),
        longitude: Number(a.longitude),
      });
  return out;
}

/** Two sources disagreeing about one act (the same event, victim and type of act). */
export interface Contradiction {
  kind: 'time' | 'place' | 'cause_of_death';
  eventId: bigint;
  victimPersonId: bigint;
  actType: Act['actType'];
  acts: [bigint, bigint];
  sources: [Source, Source];
  /** What each source says, for the reader: ISO times, place names or causes. */
  says: [string, string];
}

export interface ContradictionOptions {
  /** Two accounts of one act whose times are further apart than this disagree (default 30 minutes). */
  timeToleranceMs?: number;
  /** Two accounts whose coordinates are further apart than this disagree (default 500 m). */
  distanceToleranceMetres?: number;
}

/** Great-circle distance in metres (haversine, mean Earth radius). @example metresBetween(-17.4, -66.0, -17.4, -66.01) */
export function metresBetween(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = 6_371_008.8;
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * r * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Flags pairs of acts from different sources about the same victim, event and type of act that
 * disagree: times further apart than the tolerance (intervals that do not meet), places further
 * apart (by coordinates, else by differing names), or different causes of death.
 *
 * @example contradictions(file, { timeToleranceMs: 15 * 60_000 })
 */
export function contradictions(file: AnalysedFile, options: ContradictionOptions = {}): Contradiction[] {
  const tolerance = options.timeToleranceMs ?? 30 * 60_000;
  const metres = options.distanceToleranceMetres ?? 500;
  const groups = new Map<string, Act[]>();
  for (const a of file.acts) {
    if (a.victimPersonId === null) continue;
    const key = `${a.eventId}|${a.victimPersonId}|${a.actType}`;
    const g = groups.get(key) ?? [];
    g.push(a);
    groups.set(key, g);
  }
  const out: Contradiction[] = [];
  for (const g of groups.values()) {
    for (let i = 0; i < g.length; i++) {
      for (let j = i + 1; j < g.length; j++) {
        const a = g[i]!;
        const b = g[j]!;
        if (sourceKey(a.source) === sourceKey(b.source)) continue;
        const base = {
          eventId: a.eventId,
          victimPersonId: a.victimPersonId!,
          actType: a.actType,
          acts: [a.id, b.id] as [bigint, bigint],
          sources: [a.source, b.source] as [Source, Source],
        };
        if (a.startsAt && b.startsAt) {
          const aEnd = (a.endsAt ?? a.startsAt).getTime();
          const bEnd = (b.endsAt ?? b.startsAt).getTime();
          const gap = Math.max(a.startsAt.getTime() - bEnd, b.startsAt.getTime() - aEnd);
          if (gap > tolerance)
            out.push({ ...base, kind: 'time', says: [a.startsAt.toISOString(), b.startsAt.toISOString()] });
        }
        if (a.latitude !== null && a.longitude !== null && b.latitude !== null && b.longitude !== null) {
          const d = metresBetween(
            Number(a.latitude),
            Number(a.longitude),
            Number(b.latitude),
            Number(b.longitude),
          );
          if (d > metres)
            out.push({
              ...base,
              kind: 'place',
              says: [
                a.placeName ?? `${a.latitude},${a.longitude}`,
                b.placeName ?? `${b.latitude},${b.longitude}`,
              ],
            });
        } else if (
          a.placeName &&
          b.placeName &&
          a.placeName.trim().toLowerCase() !== b.placeName.trim().toLowerCase()
        ) {
          out.push({ ...base, kind: 'place', says: [a.placeName, b.placeName] });
        }
        if (a.causeOfDeath && b.causeOfDeath && a.causeOfDeath !== b.causeOfDeath)
          out.push({ ...base, kind: 'cause_of_death', says: [a.causeOfDeath, b.causeOfDeath] });
      }
    }
  }
  return out;
}

/** How a source places a person at an event. */
export type PresenceRole = 'victim' | 'alleged_perpetrator' | 'witness' | 'related';

/** One person at one event in one capacity, with the places named and every source that says so. */
export interface Presence {
  personId: bigint;
  eventId: bigint;
  as: PresenceRole;
  placeNames: string[];
  sources: Source[];
}

/**
 * Who was where: each person placed at an event, and by which sources. A victim by the acts
 * against them (the act's source); an alleged perpetrator by their involvements (the
 * involvement's source); a witness by the event their statement is about, by the acts their
 * statements tell (the statement) and by a statement whose transcript or recording is an item of
 * the event; anyone by a sourced relationship between them and the event. Only persons in the
 * file (as the reader sees it).
 *
 * @example whoWasWhere(file).filter((p) => p.as === 'witness') // [{ personId: 12n, eventId: 1n, sources: [{ kind: 'statement', id: 1n }], … }]
 */
export function whoWasWhere(file: AnalysedFile): Presence[] {
  const persons = new Set(file.persons.map((p) => p.id));
  const events = new Map(file.events.map((e) => [e.id, e]));
  const acts = new Map(file.acts.map((a) => [a.id, a]));
  const cells = new Map<
    string,
    { personId: bigint; eventId: bigint; as: PresenceRole; places: Set<string>; sources: Map<string, Source> }
  >();
  const add = (personId: bigint, eventId: bigint, as: PresenceRole, place: string | null, source: Source) => {
    if (!persons.has(personId)) return;
    const event = events.get(eventId);
    if (!event) return;
    const key = `${personId}|${eventId}|${as}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = { personId, eventId, as, places: new Set(), sources: new Map() };
      cells.set(key, cell);
    }
    cell.places.add(place && place.trim() !== '' ? place : event.placeName);
    cell.sources.set(sourceKey(source), source);
  };
  const witnessOf = new Map((file.statements ?? []).map((s) => [s.id, s.witnessPersonId]));
  for (const a of file.acts) {
    if (a.victimPersonId !== null) add(a.victimPersonId, a.eventId, 'victim', a.placeName, a.source);
    if (a.source.kind === 'statement') {
      const witness = witnessOf.get(a.source.id);
      if (witness !== undefined) add(witness, a.eventId, 'witness', a.placeName, a.source);
    }
  }
  for (const v of file.involvements ?? []) {
    const act = acts.get(v.actId);
    if (act) add(v.perpetratorPersonId, act.eventId, 'alleged_perpetrator', act.placeName, v.source);
  }
  const itemEvent = new Map((file.items ?? []).map((i) => [i.id, i.eventId]));
  for (const s of file.statements ?? []) {
    if (s.eventId !== null)
      add(s.witnessPersonId, s.eventId, 'witness', null, { kind: 'statement', id: s.id });
    for (const itemId of [s.transcriptItemId, s.audioItemId]) {
      const eventId = itemId === null ? null : (itemEvent.get(itemId) ?? null);
      if (eventId !== null) add(s.witnessPersonId, eventId, 'witness', null, { kind: 'statement', id: s.id });
    }
  }
  for (const r of file.relationships ?? []) {
    if (r.source === null) continue;
    if (r.from.kind === 'person' && r.to.kind === 'event') add(r.from.id, r.to.id, 'related', null, r.source);
    else if (r.from.kind === 'event' && r.to.kind === 'person')
      add(r.to.id, r.from.id, 'related', null, r.source);
  }
  const order = new Map(file.events.map((e, i) => [e.id, i]));
  const personOrder = new Map(file.persons.map((p, i) => [p.id, i]));
  const roleOrder: PresenceRole[] = ['victim', 'witness', 'alleged_perpetrator', 'related'];
  return [...cells.values()]
    .map((c) => ({
      personId: c.personId,
      eventId: c.eventId,
      as: c.as,
      placeNames: [...c.places].sort(),
      sources: [...c.sources.values()].sort((x, y) => sourceKey(x).localeCompare(sourceKey(y))),
    }))
    .sort(
      (x, y) =>
        (personOrder.get(x.personId) ?? 0) - (personOrder.get(y.personId) ?? 0) ||
        (order.get(x.eventId) ?? 0) - (order.get(y.eventId) ?? 0) ||
        roleOrder.indexOf(x.as) - roleOrder.indexOf(y.as),
    );
}

/** A point of the map, projected into the drawing's box. */
export interface MapPoint extends Place {
  x: number;
  y: number;
}

/**
 * Projects places into a width × height box (equirectangular, the longitude scaled by the cosine
 * of the mean latitude so that distances look right at Bolivia's latitudes), with a margin; one
 * place alone sits in the middle. North is up.
 *
 * @example projectPlaces(places(file), 600, 400, 40)[0] // { x: 40, y: 360, … }
 */
export function projectPlaces(
  list: readonly Place[],
  width: number,
  height: number,
  margin: number,
): MapPoint[] {
  if (list.length === 0) return [];
  const lats = list.map((p) => p.latitude);
  const lons = list.map((p) => p.longitude);
  const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
  const k = Math.cos((midLat * Math.PI) / 180);
  const xs = lons.map((l) => l * k);
  const minX = Math.min(...xs);
  const spanX = Math.max(...xs) - minX;
  const minLat = Math.min(...lats);
  const spanY = Math.max(...lats) - minLat;
  const span = Math.max(spanX, spanY);
  const innerW = width - 2 * margin;
  const innerH = height - 2 * margin;
  const scale = span === 0 ? 0 : Math.min(innerW / (spanX || span), innerH / (spanY || span));
  const offX = margin + (innerW - spanX * scale) / 2;
  const offY = margin + (innerH - spanY * scale) / 2;
  return list.map((p, i) => ({
    ...p,
    x: Math.round((offX + (xs[i]! - minX) * scale) * 10) / 10,
    y: Math.round((height - offY - (p.latitude - minLat) * scale) * 10) / 10,
  }));
}
